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

from conftest import BOARDS, SRC, board_emu


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("board", [b for b in BOARDS if board_emu(b) != "bochs"])
def test_gdb_stops_in_hal_boot(board, built):
    b = built(board, "gcc")
    port = free_port()
    emu = subprocess.Popen(["make", "-C", str(SRC)] + b.flags +
                           ["debug", "GDB_PORT=%d" % port],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, start_new_session=True)
    try:
        # The printed gdb command line, used as printed.
        cmd = None
        for line in emu.stdout:
            m = re.match(r"^\s+(gdb-multiarch .*)$", line)
            if m:
                cmd = m.group(1)
                break
        assert cmd and (":%d" % port) in cmd
        gdb = subprocess.run(
            cmd + " -batch -ex 'break hal_boot' -ex continue -ex 'bt 1'"
            " -ex kill", shell=True, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, timeout=60)
        assert re.search(r"Breakpoint 1, hal_boot \(bi=", gdb.stdout), gdb.stdout
    finally:
        os.killpg(emu.pid, signal.SIGKILL)	# make and the emulator
        emu.wait(timeout=30)


@pytest.mark.parametrize("board", [b for b in BOARDS if board_emu(b) == "bochs"])
def test_debug_without_gdb_stub_says_so(board, built):
    # Debian's Bochs is built with its own debugger, which excludes gdb's.
    b = built(board, "gcc")
    proc = b.make("debug", check=False, timeout=30)
    assert proc.returncode != 0
    assert re.search(r"^vireo: make debug: not supported on board %s \("
                     % re.escape(board), proc.stdout, re.M), proc.stdout
