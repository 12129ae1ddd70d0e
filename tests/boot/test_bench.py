# SPDX-License-Identifier: MIT
"""make bench's boot figure: under QEMU -icount the entry-to-ready time is
an instruction count, the same on every run."""
import re

import pytest

from conftest import BOARDS, board_emu

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
