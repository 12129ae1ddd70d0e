# SPDX-License-Identifier: MIT
"""Every board runs on page tables the engine built: text read-only and
executable, data never executable, nothing else mapped; a write to the
hypervisor's own text panics naming it."""
import re

import pytest

from conftest import BOARDS, expect_lines




@pytest.mark.parametrize("board", BOARDS)
def test_runs_on_engine_built_tables(board, built):
    rc, out = built(board).run()
    assert rc == 0, out
    expect_lines(out, [
        r"^vireo: pages: ",
        r"^vireo: paging: .+ tables at 0x[0-9a-f]+, \d+ table pages; "
        r"text rx, rodata r, data rw nx, \d+ device ranges",
        r"^vireo: ready: ",
    ])


@pytest.mark.parametrize("board", BOARDS)
def test_write_to_text_panics(board, built):
    rc, out = built(board, "gcc", ["CONFIG_DEBUG_WRITE_TEXT=y"]).run()
    expect_lines(out, [
        r"^vireo: paging: ",
        r"^vireo: debug: writing to the hypervisor's text at ",
        r"^vireo: panic: write to 0x[0-9a-f]+ \(hypervisor text\)",
        r"^vireo: power off: status 1",
    ])
    assert "did not fault" not in out
    assert rc != 0
