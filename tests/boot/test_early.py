# SPDX-License-Identifier: MIT
"""Errors before the device tree is read: with no early console nothing
can be printed, so the status must say it - the early power-off device
is probed before the console. No hang, no status 0."""
import re

import pytest

from conftest import BOARDS, make, read_config


def no_console(board, tmp_path):
    """The board's early console set by hand (BOARD_FACTS_OVERRIDE) to its
    driver's name without an address: Kconfig accepts it (the driver is
    on), no probe can take it."""
    make("O=%s" % tmp_path, "%s_defconfig" % board)
    name = read_config(tmp_path)["CONFIG_EARLYCON"].split(",")[0]
    return ("CONFIG_BOARD_FACTS_OVERRIDE=y", 'CONFIG_EARLYCON="%s"' % name)


@pytest.mark.parametrize("board", BOARDS)
def test_no_early_console_ends_with_failure_status(board, built, tmp_path):
    b = built(board, "gcc", no_console(board, tmp_path))
    rc, out = b.run(timeout=45)
    assert rc != 0, out
    assert not re.search(r"^Vireo \d", out, re.M), out  # no banner
