# SPDX-License-Identifier: MIT
"""CONFIG_NR_CPUS at the bottom of its range: one CPU. Every architecture
builds with GCC under -Werror, and an image boots with the other CPUs the
emulator has reported as left off."""
import pytest

from conftest import BOARDS, board_arch, board_emu, expect_lines

ONE_CPU = ("CONFIG_NR_CPUS=1",)


def one_board_per_arch():
    """A board of each architecture, a QEMU one where there is."""
    picked = {}
    for board in sorted(BOARDS, key=lambda b: (board_emu(b) == "bochs", b)):
        picked.setdefault(board_arch(board), board)
    return sorted(picked.values())


@pytest.mark.parametrize("board", one_board_per_arch())
def test_one_cpu_builds(built, board):
    b = built(board, "gcc", ONE_CPU)
    assert (b.objdir / "vireo.elf").exists()


def test_one_cpu_boots(built):
    board = next(b for b in one_board_per_arch() if board_emu(b) != "bochs")
    status, out = built(board, "gcc", ONE_CPU).run("SMP=2")
    assert status == 0, out
    expect_lines(out, [r"^vireo: warning: cpu: 1 cpus beyond CONFIG_NR_CPUS=1 left off",
                       r"^vireo: cpu: 1 cpus from ",
                       r"^vireo: ready: .* cpus=1 "])
