# SPDX-License-Identifier: MIT
"""make bench's boot figure: under QEMU -icount the entry-to-ready time is
an instruction count, the same on every run."""
import re

import pytest

from board_facts import board_arch, cpu_has, is_qemu
from conftest import BOARDS, OUT, board_emu, make

ICOUNT = "RUN_ARGS=-icount shift=0,align=off,sleep=off"
QEMU_BOARDS = [b for b in BOARDS if board_emu(b).startswith("qemu-system")]


def entry_to_ready(out):
    m = re.search(r"^vireo: time: entry to ready (\d+) ns\r?$", out, re.M)
    assert m, out
    return int(m.group(1))


@pytest.mark.parametrize("board", QEMU_BOARDS)
def test_boot_instruction_count_is_deterministic(built, board):
    b = built(board)
    counts = []
    for _ in range(2):
        status, out = b.run(ICOUNT)
        assert status == 0, out
        counts.append(entry_to_ready(out))
    assert counts[0] == counts[1], counts
    # a boot is millions of instructions, not billions (a stuck wait would be)
    assert 100000 < counts[0] < 100000000, counts


# Issue 10's speed goal is entry to the first guest instruction in at
# most 237k instructions (half of Bao's 473,462). The boot was 7.75 M to
# ready, 85% of it libfdt re-walking the tree; lib/dt.c's index, aligned
# loads, a word-wise memset and a one-pass validation brought it to
# 0.59 M; raw checked reads in that pass, one walk per node's properties
# and leaner page-table walks to 345,008 (docs/performance.md). The bound
# holds that figure (icount is exact, so a fixed bound is fine) and is
# lowered as the boot is cut.
ENTRY_TO_READY_BOUND = 355000


@pytest.mark.parametrize("board", [b for b in QEMU_BOARDS
                                   if board_arch(b) == "aarch64" and is_qemu(b)])
def test_boot_to_ready_within_bound(built, board):
    status, out = built(board).run(ICOUNT)
    assert status == 0, out
    assert entry_to_ready(out) <= ENTRY_TO_READY_BOUND, out


def bench_vm_row(board, objtree):
    """make bench for board alone: its row of the second table (the five
    figures, as printed) and the boot log of its CONFIG_VM build."""
    out = make("O=%s" % objtree, "bench", env={"BENCH_BOARDS": board}).stdout
    # the second table, after its header
    lines = out.splitlines()
    head = [i for i, line in enumerate(lines) if "guest (insns)" in line]
    assert len(head) == 1, out
    rows = [line.split() for line in lines[head[0] + 1:]]
    vm = [r for r in rows if r and r[0] == board and len(r) == 6]
    assert len(vm) == 1, out
    log = (objtree / "tests-out/bench" / (board + "-vm") / "boot.log").read_text()
    return vm[0][1:], log


# the arches with a vCPU backend (arch/<arch>/virt/); of x86_64, one
# board whose CPU has AMD-V with nested paging (the SVM backend)
X86_SVM = [b for b in QEMU_BOARDS if board_arch(b) == "x86_64"
           and {"svm", "npt"} <= (cpu_has(b) or set())][:1]


@pytest.mark.parametrize("board", [b for b in QEMU_BOARDS
                                   if board_arch(b) in ("aarch64", "riscv64")
                                   and is_qemu(b)] + X86_SVM)
def test_make_bench_prints_vm_figures(board):
    """make bench's second table: entry to the first guest instruction and
    the exits, as the boot log of its CONFIG_VM build has them."""
    row, log = bench_vm_row(board, OUT / "bench-test")
    guest, floor, psci, hcall, mmio = (int(f) for f in row)
    vm = [row]
    m = re.search(r"^vireo: time: entry to first guest instruction (\d+) ns\r?$",
                  log, re.M)
    assert m and int(m.group(1)) == guest, log
    # each exit is at least the world switch's 62 loads and stores of
    # x0-x30 (x86: 30 of 15 registers and VMSAVE/VMLOAD); the empty exit
    # is the cheapest, then PSCI_VERSION (x86: CPUID; answered in the
    # backend)
    assert 62 < floor < psci < hcall and floor < mmio, vm
