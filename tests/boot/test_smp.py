# SPDX-License-Identifier: MIT
"""Interrupts, time and CPUs on every board: the controller, the timer and
the secondary CPUs come up as the DT and the emulator say, and the console
shell (input by interrupt) drives timer ticks and IPIs on every CPU."""
import re
import subprocess

import pytest

from board_facts import irqchip, missing, timer
from conftest import BOARDS, board_arch, configure, expect_lines, make

SHELL = ("CONFIG_SHELL=y", "CONFIG_VM=n")  # the HAL alone, no guest lines


def ready(output):
    m = re.search(r"vireo: ready: .*", output)
    assert m, output
    return m.group(0)


@pytest.mark.parametrize("smp", [1, 4])
@pytest.mark.parametrize("board", BOARDS)
def test_cpus_irqchip_timer_come_up(built, board, smp):
    chip, timer_name = irqchip(board)[0], timer(board)
    status, out = built(board).run("SMP=%d" % smp)
    assert status == 0, out
    expect_lines(out, [r"^vireo: cpu: %d cpus from " % smp,
                       r"^vireo: irq: %s on cpu0$" % chip,
                       r"^vireo: time: %s at [1-9]\d* Hz on cpu0$" % timer_name]
                 + [r"^vireo: cpu: cpu%d \(hwid 0x[0-9a-f]+\) online$" % i
                    for i in range(1, smp)]
                 + [r"^vireo: ready: "])
    line = ready(out)
    assert " cpus=%d irqchip=%s timer=%s@" % (smp, chip, timer_name) in line, line
    assert "error" not in out and "warning" not in out, out


@pytest.mark.parametrize("board", BOARDS)
def test_shell_ticks_and_ipis_on_every_cpu(built, board):
    b = built(board, extra=SHELL)
    status, out = b.converse("SMP=4", lines=["cpus", "ticks 10 100", "ipi",
                                              "irqs", "off 7"])
    assert status != 0, out  # make fails; the line below has the status
    expect_lines(out, [r"vireo: console: input by interrupt",
                       r"vireo: shell: type \"help\"",
                       r"vireo> cpus$"]
                 + [r"^cpu%d: hwid 0x[0-9a-f]+ online" % i for i in range(4)]
                 + [r"vireo> ticks 10 100$"]
                 + [r"^ticks: cpu%d 10/10 at 100 Hz, first to last \d+ us$" % i
                    for i in range(4)]
                 + [r"vireo> ipi$"]
                 + [r"^ipi: cpu%d answered$" % i for i in range(1, 4)]
                 + [r"^ipi: 3/3 answered$", r"vireo> irqs$", r"^irq \d+: \d+$",
                    r"vireo> off 7$", r"power off: status 7",
                    r"^vireo: run: status 7$"])
    assert (b.objdir / "run.status").read_text() == "7\n"
    # Counted, not timed: "10/10" above says every tick came before the
    # shell's own deadline ((count + 10) periods + 1 s). The one
    # time bound is one host load cannot break: a periodic timer re-arms
    # at its first deadline after now, so ten ticks span more than eight
    # whole periods however late each one runs; ticks bunched together
    # (a period unit wrong, a timer fired twice) fail it.
    for us in re.findall(r"first to last (\d+) us", out):
        assert int(us) > 80000, out


@pytest.mark.parametrize("board", BOARDS)
def test_shell_reads_what_is_typed(built, board):
    b = built(board, extra=SHELL)
    status, out = b.converse("SMP=1", lines=["bogus", "help", "timx\x7fe",
                                              "ticks 0", "off"])
    assert status == 0, out
    expect_lines(out, [r"vireo> bogus$", r"^bogus: unknown command",
                       r"vireo> help$", r"^  ipi ",
                       r"^time: \d+ ns$",
                       r"^ticks: usage", r"power off: status 0"])


@pytest.mark.parametrize("smp", [2, 3])	# both sides of the limit
@pytest.mark.parametrize("board", BOARDS)
def test_cpus_beyond_nr_cpus_are_left_off(built, board, smp):
    status, out = built(board, extra=("CONFIG_NR_CPUS=2",)).run("SMP=%d" % smp)
    assert status == 0, out
    if smp == 2:
        assert "left off" not in out, out
    else:
        expect_lines(out, [r"vireo: warning: cpu: 1 cpus beyond CONFIG_NR_CPUS=2 left off"])
    expect_lines(out, [r"vireo: cpu: 2 cpus from ", r"vireo: cpu: cpu1 \(hwid "])
    assert " cpus=2 " in ready(out)


# OpenSBI 1.1's hart_start marks a hart START_PENDING before it stores
# the start address: a hart that wakes in between enters at the image's
# entry with the boot hart's arguments. The debug option sends every hart
# there; each must join as the CPU being started, not boot again.
@pytest.mark.parametrize("board", [b for b in BOARDS if board_arch(b) == "riscv64"])
def test_hart_entering_at_the_image_entry_joins_as_a_secondary(built, board):
    status, out = built(board, extra=("CONFIG_DEBUG_RISCV_START_AT_ENTRY=y",)).run("SMP=4")
    assert status == 0, out
    assert out.count("Vireo ") == 1 and "error" not in out, out
    expect_lines(out, [r"vireo: cpu: cpu%d \(hwid 0x[0-9a-f]+\) online" % i
                       for i in range(1, 4)] + [r"vireo: ready: .* cpus=4 "])


@pytest.mark.parametrize("board", BOARDS)
def test_no_interrupt_controller_is_an_error(built, board):
    _, compat, symbol = irqchip(board)
    if symbol is None:
        missing(board, "no Kconfig symbol builds the driver of %s" % compat)
    status, out = built(board, extra=("%s=n" % symbol,)).run()
    assert status != 0, out
    expect_lines(out, [r"vireo: error: irq: no interrupt controller: "
                       r"is its driver enabled in the .config and its node in the DT\?",
                       r"power off: status 1"])
    assert "ready:" not in out
    assert out.count("vireo: error:") == 1, out  # one cause, one line


def tree_with_cpus(board, objdir, count):
    """The device tree the board's QEMU passes (dumped by make run), as a
    .dts whose /cpus lists count CPUs."""
    objdir.mkdir(parents=True, exist_ok=True)
    dtb = objdir / "qemu.dtb"
    configure(objdir, board)
    proc = make("O=%s" % objdir, "run", "SMP=1",
                "RUN_ARGS=-machine dumpdtb=%s" % dtb, check=False)
    assert dtb.exists(), proc.stdout
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", str(dtb)],
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    cpus = "".join('\t\tcpu@%x {\n\t\t\tdevice_type = "cpu";\n'
                   '\t\t\treg = <0x%x>;\n\t\t};\n' % (n, n)
                   for n in range(1, count))
    at = dts.index("\t\tcpu@0 {")
    path = objdir / ("cpus%d.dts" % count)
    path.write_text(dts[:at] + cpus + dts[at:])
    return path


# aarch64 only: a riscv64 image with QEMU's tree built in runs over
# OpenSBI's memory, which only the firmware's own tree reserves.
@pytest.mark.parametrize("board", [b for b in BOARDS if board_arch(b) == "aarch64"])
def test_a_thousand_cpus_in_the_tree_give_one_error(built, board, tmp_path):
    # The machine has one CPU; the tree lists 1000: the ones kept
    # (CONFIG_NR_CPUS) fail alike, which is one cause and one line.
    dts = tree_with_cpus(board, tmp_path / "dump", 1000)
    b = built(board, extra=("CONFIG_BUILTIN_DTB=y",
                            'CONFIG_BUILTIN_DTB_SOURCE="%s"' % dts,
                            "CONFIG_NR_CPUS=8"))
    status, out = b.run("SMP=1")
    assert status == 0, out
    errors = [l for l in out.splitlines() if "error" in l]
    assert len(errors) == 1, out
    assert re.match(r"vireo: error: cpu: cpu1-cpu7 \(hwid 0x1-0x7\) not started: ",
                    errors[0]), out
    expect_lines(out, [r"^vireo: warning: cpu: 992 cpus beyond CONFIG_NR_CPUS=8 left off",
                       r"^vireo: ready: .* cpus=1 "])
