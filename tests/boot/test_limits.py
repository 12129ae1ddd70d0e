# SPDX-License-Identifier: MIT
"""Numbers Kconfig accepts boot on every board: the smallest stack, at an
odd size (the range says bytes, not pages), on two CPUs, the smallest
CPU count, and the lowest log level (errors only: the ready and power-off
lines, which runners read, are still printed)."""
import re

import pytest

from conftest import BOARDS


@pytest.mark.parametrize("extra", [("CONFIG_STACK_SIZE=0x1235",),
                                   ("CONFIG_NR_CPUS=1",),
                                   ("CONFIG_LOG_LEVEL=0",)],
                         ids=["odd-stack", "one-cpu", "errors-only"])
@pytest.mark.parametrize("board", BOARDS)
def test_accepted_numbers_boot_to_ready(board, extra, built):
    rc, out = built(board, "gcc", extra).run("SMP=2")
    assert rc == 0, out
    ready = re.search(r"^vireo: ready: .* cpus=(\d+) ", out, re.M)
    assert ready, out
    assert ready.group(1) == ("1" if "CONFIG_NR_CPUS=1" in extra else "2"), out
    assert "panic" not in out and "error" not in out, out
    assert re.search(r"^vireo: power off: status 0\r?$", out, re.M), out
