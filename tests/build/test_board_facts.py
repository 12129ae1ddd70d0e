# SPDX-License-Identifier: MIT
"""A board is data: no address a board's device tree gives may appear in
C or assembly, and every driver finds its device through the DT table."""
import re
import subprocess

from conftest import SRC

# Device addresses of the supported boards. (RAM bases such as 0x80000000
# double as bit masks in x86 code; RAM is checked by the boot tests, which
# move it with -m, NUMA and built-in trees.)
BOARD_ADDRESSES = ["0x9000000", "0x09000000", "0x10000000", "0x100000",
                   "0x3f8", "0xf4", "0x604", "0x0c000000", "0xc000000",
                   "0x8000000", "0x08000000", "0x9010000", "0x8010000",
                   "0xb004"]
CODE_DIRS = ("arch/", "hal/", "drivers/", "lib/", "include/")


def code_files():
    listed = subprocess.run(["git", "-C", str(SRC), "ls-files", "-co",
                             "--exclude-standard"], stdout=subprocess.PIPE,
                            text=True, check=True).stdout.split()
    for rel in sorted(listed):
        if rel.startswith(CODE_DIRS) and rel.endswith((".c", ".h", ".S")):
            yield SRC / rel


def test_no_board_address_in_code():
    found = []
    for p in code_files():
        # comments may name addresses to explain; code may not
        text = re.sub(r"/\*.*?\*/|//[^\n]*", "", p.read_text(), flags=re.S)
        for addr in BOARD_ADDRESSES:
            if re.search(r"\b%s\b" % addr, text, re.I):
                found.append("%s: %s" % (p.relative_to(SRC), addr))
    assert not found, found


def test_every_driver_declares_compatible_strings():
    for p in sorted((SRC / "drivers").rglob("*.c")):
        text = p.read_text()
        assert "DRIVER(" in text and ".compatible" in text, p
