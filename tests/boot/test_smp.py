# SPDX-License-Identifier: MIT
"""Interrupts, time and CPUs on every board: the controller, the timer and
the secondary CPUs come up as the DT and the emulator say, and the console
shell (input by interrupt) drives timer ticks and IPIs on every CPU."""
import re

import pytest

from board_facts import irqchip, missing, timer
from conftest import BOARDS, expect_lines

SHELL = ("CONFIG_SHELL=y",)


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
    _, compat, symbol = irqchip(board)
    if symbol is None:
        missing(board, "no Kconfig symbol builds the driver of %s" % compat)
    status, out = built(board, extra=("%s=n" % symbol,)).run()
    assert status != 0, out
    expect_lines(out, [r"vireo: error: irq: no interrupt controller \(-\d+\): "
                       r"is its driver enabled in the .config and its node in the DT\?",
                       r"power off: status 1"])
    assert "ready:" not in out
