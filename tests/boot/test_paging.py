# SPDX-License-Identifier: MIT
"""Every board runs on page tables the engine built: text read-only and
executable, rodata read-only, data never executable: a write to text or
rodata and a jump into data each fault, and the panic names the region."""
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


# Each debug option makes one access the tables must refuse: (option,
# what the debug line says it does, the access and region the panic names).
FAULTS = {
    "text": ("CONFIG_DEBUG_WRITE_TEXT", "writing to the hypervisor's text",
             "write to", "hypervisor text"),
    "rodata": ("CONFIG_DEBUG_WRITE_RODATA", "writing to the hypervisor's rodata",
               "write to", "hypervisor rodata"),
    "data": ("CONFIG_DEBUG_EXEC_DATA", "jumping into the hypervisor's data",
             "execute at", "hypervisor data"),
}


@pytest.mark.parametrize("kind", sorted(FAULTS))
@pytest.mark.parametrize("board", BOARDS)
def test_forbidden_access_faults(board, kind, built):
    """The mapping itself is tested, not the line that describes it: the
    access faults, at the address the debug line named."""
    option, doing, access, region = FAULTS[kind]
    rc, out = built(board, "gcc", [option + "=y"]).run()
    expect_lines(out, [
        r"^vireo: paging: ",
        r"^vireo: debug: %s at " % re.escape(doing),
        r"^vireo: panic: %s 0x[0-9a-f]+ \(%s\)" % (access, region),
        r"^vireo: power off: status 1",
    ])
    at = re.search(r"^vireo: debug: .* at (0x[0-9a-f]+)", out, re.M).group(1)
    fault = re.search(r"^vireo: panic: %s (0x[0-9a-f]+) " % access, out, re.M).group(1)
    assert int(at, 16) == int(fault, 16), out
    assert "did not fault" not in out
    assert rc != 0
