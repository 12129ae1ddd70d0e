# SPDX-License-Identifier: MIT
"""A board is data, and the tests know it: no file under tests/ names a
board (tests read what they need from the board's own files), and the
build refuses board facts its architecture cannot boot with, in one line."""
import re
import subprocess

import pytest

from board_facts import BOARDS, Tree, board_arch, board_dtb, is_qemu
from conftest import SRC, configure, expect_lines, make

MIB = 1 << 20


def test_no_file_under_tests_names_a_board():
    listed = subprocess.run(["git", "-C", str(SRC), "ls-files", "-co",
                             "--exclude-standard", "tests"],
                            stdout=subprocess.PIPE, text=True, check=True)
    found = []
    for rel in listed.stdout.split():
        path = SRC / rel
        if not path.is_file():
            continue
        text = path.read_text(errors="replace")
        found += ["%s: %s" % (rel, b) for b in BOARDS if b in text]
    assert not found, found


# aarch64 boards QEMU boots with -kernel and the arm64 Image header.
IMAGE_BOARDS = [b for b in BOARDS if board_arch(b) == "aarch64" and is_qemu(b)]


def ram_start(board, tmp_path):
    """Where RAM starts, from the tree QEMU gives the board."""
    return Tree.of(board_dtb(board, tmp_path / "qemu.dtb")).ram_start()


@pytest.mark.parametrize("board", IMAGE_BOARDS)
def test_load_addr_qemu_does_not_load_at_fails_the_build(board, tmp_path):
    # QEMU 7.2 (hw/arm/boot.c) puts an arm64 Image at the start of RAM +
    # text_offset, 2 MiB higher if text_offset is below 4 KiB: with
    # text_offset 0, RAM + 4 MiB is never where it runs.
    ram = ram_start(board, tmp_path)
    bad = "0x%x" % (ram + 4 * MIB)
    obj = tmp_path / "out"
    configure(obj, board, ["CONFIG_BOARD_FACTS_OVERRIDE=y", "CONFIG_LOAD_ADDR=%s" % bad])
    proc = make("O=%s" % obj, check=False)
    assert proc.returncode != 0, proc.stdout
    said = [line for line in proc.stdout.splitlines() if "vireo:" in line]
    assert len(said) == 1, proc.stdout
    assert "CONFIG_LOAD_ADDR=%s" % bad in said[0], said
    assert "link at 0x%x" % (ram + 2 * MIB) in said[0], said
    assert not list(obj.rglob("*.o")), "compiled before the check"


@pytest.mark.parametrize("board", IMAGE_BOARDS)
def test_load_addr_with_a_text_offset_boots(board, built, tmp_path):
    # text_offset 512 KiB: QEMU places the Image at RAM + 512 KiB.
    addr = ram_start(board, tmp_path) + 512 * 1024
    rc, out = built(board, "gcc", ["CONFIG_BOARD_FACTS_OVERRIDE=y",
                                   "CONFIG_LOAD_ADDR=0x%x" % addr]).run()
    expect_lines(out, [r"^vireo: memory: reserved 0x0*%x-\S+ .*hypervisor" % addr,
                       r"^vireo: ready: ", r"^vireo: power off: status 0"])
    assert rc == 0, out


def test_no_doc_promises_that_make_run_returns_the_status():
    # make exits 2 for any failed recipe (GNU make manual, "Exit Status"),
    # so the status N is the last line, $(O)/run.status and run.sh's code.
    texts = {p.relative_to(SRC).as_posix(): p.read_text()
             for p in [SRC / "README.md"] + sorted((SRC / "docs").glob("*.md"))}
    texts["make help"] = make("help").stdout
    promise = re.compile(r"`?make run`? (?:then )?returns? (?:it|N|its status|"
                         r"the hypervisor's status)|returns its status", re.I)
    found = ["%s: %s" % (name, m.group(0)) for name, text in texts.items()
             for m in promise.finditer(text)]
    assert not found, found
