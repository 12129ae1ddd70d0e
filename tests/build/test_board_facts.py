# SPDX-License-Identifier: MIT
"""A board is data: no address a board's device tree gives may appear in
C or assembly, and every driver finds its device through the DT table."""
import re
import subprocess

from board_facts import BOARDS, device_addresses
from conftest import SRC

CODE_DIRS = ("arch/", "hal/", "drivers/", "lib/", "include/")


def code_files():
    listed = subprocess.run(["git", "-C", str(SRC), "ls-files", "-co",
                             "--exclude-standard"], stdout=subprocess.PIPE,
                            text=True, check=True).stdout.split()
    for rel in sorted(listed):
        if rel.startswith(CODE_DIRS) and rel.endswith((".c", ".h", ".S")):
            yield SRC / rel


def board_addresses():
    """Each device address of every board, as C would write it: 0x9000000
    and 0x09000000. (RAM is left out: its bases such as 0x80000000 double
    as bit masks in x86 code; the boot tests move RAM with -m, NUMA and
    built-in trees.)"""
    forms = set()
    for board in BOARDS:
        for addr in device_addresses(board):
            forms.update({"0x%x" % addr, "0x%08x" % addr})
    return sorted(forms)


def test_no_board_address_in_code():
    addresses = board_addresses()
    assert addresses, "no board gives a device address"
    found = []
    for p in code_files():
        # comments may name addresses to explain; code may not
        text = re.sub(r"/\*.*?\*/|//[^\n]*", "", p.read_text(), flags=re.S)
        for addr in addresses:
            if re.search(r"\b%s\b" % addr, text, re.I):
                found.append("%s: %s" % (p.relative_to(SRC), addr))
    assert not found, found


def test_every_driver_declares_compatible_strings():
    for p in sorted((SRC / "drivers").rglob("*.c")):
        text = p.read_text()
        assert "DRIVER(" in text and ".compatible" in text, p
