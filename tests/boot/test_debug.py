# SPDX-License-Identifier: MIT
"""make debug: the emulator waits for gdb, prints the gdb command, and
gdb-multiarch with that command stops in hal_boot with symbols. Boards
run in Bochs say in one line that they cannot."""
import os
import re
import signal
import socket
import subprocess

import pytest

from conftest import BOARDS, SRC, board_arch, board_emu


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gdb_session(b, commands):
    """make debug, then the gdb command it prints (used as printed) with
    commands; returns gdb's output."""
    port = free_port()
    emu = subprocess.Popen(["make", "-C", str(SRC)] + b.flags +
                           ["debug", "GDB_PORT=%d" % port],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, start_new_session=True)
    try:
        cmd = None
        for line in emu.stdout:
            m = re.match(r"^\s+(gdb-multiarch .*)$", line)
            if m:
                cmd = m.group(1)
                break
        assert cmd and (":%d" % port) in cmd
        return subprocess.run(
            cmd + " -batch " + " ".join("-ex '%s'" % c for c in commands) +
            " -ex kill", shell=True, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, timeout=60).stdout
    finally:
        os.killpg(emu.pid, signal.SIGKILL)	# make and the emulator
        emu.wait(timeout=30)


@pytest.mark.parametrize("board", [b for b in BOARDS if board_emu(b) != "bochs"])
def test_gdb_stops_in_hal_boot(board, built):
    out = gdb_session(built(board, "gcc"), ["break hal_boot", "continue", "bt 1"])
    assert re.search(r"Breakpoint 1, hal_boot \(bi=", out), out


# Run in gdb once paging is on: walk the live stage 1 tables (4 KiB
# granule, TTBR0_EL2/TCR_EL2) for each address and print the leaf's
# AttrIndx and the MAIR_EL2 byte it selects.
ARM_WALK = r"""
import gdb
def reg(name):
    return int(gdb.parse_and_eval("$" + name)) & (2**64 - 1)
def u64(addr):
    return int.from_bytes(gdb.selected_inferior().read_memory(addr, 8).tobytes(), "little")
mair, tcr, table = reg("MAIR_EL2"), reg("TCR_EL2"), reg("TTBR0_EL2") & ~0xfff
assert (tcr >> 14) & 3 == 0, "TG0 is not 4 KiB"
bits = 64 - (tcr & 0x3f)
level = 4 - (bits - 12 + 8) // 9
def walk(va):
    t, lvl = table, level
    while True:
        e = u64(t + ((va >> (12 + 9 * (3 - lvl))) & 0x1ff) * 8)
        assert e & 1, "%#x not mapped at level %d" % (va, lvl)
        if lvl == 3 or not e & 2:
            return (e >> 2) & 7
        t, lvl = e & 0xfffffffff000, lvl + 1
for what, va in VAS:
    idx = walk(va)
    print("ATTR %s %#x %d %#04x" % (what, va, idx, (mair >> (8 * idx)) & 0xff))
"""


@pytest.mark.parametrize("board", [b for b in BOARDS if board_arch(b) == "aarch64"
                                   and board_emu(b) != "bochs"])
def test_arm_memory_attributes_in_the_live_tables(board, built, tmp_path):
    """QEMU ignores memory types, so a swapped MAIR (RAM as Device) boots:
    read MAIR_EL2 and the live tables' AttrIndx instead. Expected bytes
    from the Arm ARM (D8.5, MAIR_ELx): Normal memory, Inner and Outer
    Write-Back non-transient Read/Write-Allocate is 0xff; Device memory
    is 0b0000dd00 (0x04 Device-nGnRE, 0x00 nGnRnE)."""
    b = built(board, "gcc")
    script = tmp_path / "walk.py"
    # RAM: text, data and the table root; devices: every range the HAL
    # mapped as one (hal/paging.c's own list)
    script.write_text(
        "VAS = [('text', int(gdb.parse_and_eval('(long)_start_image'))),"
        " ('data', int(gdb.parse_and_eval('(long)__data_start'))),"
        " ('tables', int(gdb.parse_and_eval('$TTBR0_EL2')) & ~0xfff)] + ["
        " ('device', int(gdb.parse_and_eval(\"'paging.c'::devices[%d].base\" % i)))"
        " for i in range(int(gdb.parse_and_eval(\"'paging.c'::ndevices\")))]\n"
        + ARM_WALK)
    out = gdb_session(b, ["break core_main", "continue", "source %s" % script])
    attrs = re.findall(r"^ATTR (\w+) (0x[0-9a-f]+) (\d) (0x[0-9a-f]+)$", out, re.M)
    kinds = [a[0] for a in attrs]
    assert kinds[:3] == ["text", "data", "tables"] and "device" in kinds, out
    for what, va, idx, byte in attrs:
        byte = int(byte, 16)
        if what == "device":
            assert byte & 0xf3 == 0, (va, hex(byte), out)
        else:
            assert byte == 0xff, (what, va, hex(byte), out)


@pytest.mark.parametrize("board", [b for b in BOARDS if board_emu(b) == "bochs"])
def test_debug_without_gdb_stub_says_so(board, built):
    # Debian's Bochs is built with its own debugger, which excludes gdb's.
    b = built(board, "gcc")
    proc = b.make("debug", check=False, timeout=30)
    assert proc.returncode != 0
    assert re.search(r"^vireo: make debug: not supported on board %s \("
                     % re.escape(board), proc.stdout, re.M), proc.stdout
