# SPDX-License-Identifier: MIT
"""Interrupts, time and CPUs on every board: the controller, the timer and
the secondary CPUs come up as the DT and the emulator say, and the console
shell (input by interrupt) drives timer ticks and IPIs on every CPU."""
import re

import pytest

from conftest import BOARDS, expect_lines

# The interrupt controller and timer driver each board binds.
BOARD_IRQ = {
    "qemu-virt-aarch64": ("gicv2", "arm-arch-timer"),
    "qemu-virt-riscv64": ("plic", "riscv-timer"),
    "qemu-q35-x86_64": ("xapic", "tsc-apic"),
    "bochs-x86_64": ("x2apic", "tsc-apic"),
}
# Turning this off leaves the board without an interrupt controller.
NO_IRQCHIP = {
    "qemu-virt-aarch64": "CONFIG_GICV2=n",
    "qemu-virt-riscv64": "CONFIG_PLIC=n",
    "qemu-q35-x86_64": "CONFIG_X2APIC=n",
    "bochs-x86_64": "CONFIG_X2APIC=n",
}
SHELL = ("CONFIG_SHELL=y",)


def ready(output):
    m = re.search(r"vireo: ready: .*", output)
    assert m, output
    return m.group(0)


@pytest.mark.parametrize("smp", [1, 4])
@pytest.mark.parametrize("board", BOARDS)
def test_cpus_irqchip_timer_come_up(built, board, smp):
    chip, timer = BOARD_IRQ[board]
    status, out = built(board).run("SMP=%d" % smp)
    assert status == 0, out
    expect_lines(out, [r"^vireo: cpu: %d cpus from " % smp,
                       r"^vireo: irq: %s on cpu0$" % chip,
                       r"^vireo: time: %s at [1-9]\d* Hz on cpu0$" % timer]
                 + [r"^vireo: cpu: cpu%d \(hwid 0x[0-9a-f]+\) online$" % i
                    for i in range(1, smp)]
                 + [r"^vireo: ready: "])
    line = ready(out)
    assert " cpus=%d irqchip=%s timer=%s@" % (smp, chip, timer) in line, line
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
                    r"vireo> off 7$", r"power off: status 7"])
    # nine periods at 100 Hz: about 90 ms between the first and last tick
    for us in re.findall(r"first to last (\d+) us", out):
        assert 80000 <= int(us) <= 200000, out


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


@pytest.mark.parametrize("board", BOARDS)
def test_cpus_beyond_nr_cpus_are_left_off(built, board):
    status, out = built(board, extra=("CONFIG_NR_CPUS=2",)).run("SMP=4")
    assert status == 0, out
    expect_lines(out, [r"vireo: warning: cpu: 2 cpus beyond CONFIG_NR_CPUS=2 left off",
                       r"vireo: cpu: 2 cpus from "])
    assert " cpus=2 " in ready(out)


@pytest.mark.parametrize("board", BOARDS)
def test_no_interrupt_controller_is_an_error(built, board):
    status, out = built(board, extra=(NO_IRQCHIP[board],)).run()
    assert status != 0, out
    expect_lines(out, [r"vireo: error: irq: no interrupt controller \(-\d+\): "
                       r"is its driver enabled in the .config and its node in the DT\?",
                       r"power off: status 1"])
    assert "ready:" not in out
    assert out.count("vireo: error:") == 1, out  # one cause, one line
