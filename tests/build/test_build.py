# SPDX-License-Identifier: MIT
"""The build: every board with GCC and LLVM=1 under -Werror, incremental
rebuilds that redo exactly what changed, O= keeping the tree clean, quiet
and V=1 output, compile_commands.json, and clear errors for missing tools."""
import json
import os
import re
import subprocess
import time

import pytest

from board_facts import arch_mk, board_arch, board_with
from conftest import BOARDS, OUT, SRC, configure, make, read_config


def compiled(output):
    """Paths of the objects a build output says it compiled."""
    return sorted(re.findall(r"^  (?:CC|AS) +(\S+)$", output, re.M))


@pytest.mark.parametrize("toolchain", ["gcc", "llvm"])
@pytest.mark.parametrize("board", BOARDS)
def test_board_builds_with_werror(board, toolchain, built):
    b = built(board, toolchain)
    assert (b.objdir / "vireo.elf").exists()
    cmds = json.loads((b.objdir / "compile_commands.json").read_text())
    assert cmds, "compile_commands.json is empty"
    for entry in cmds:
        assert "-Werror" in entry["command"] and "-Wextra" in entry["command"]
        assert os.path.isabs(entry["file"]) and os.path.exists(entry["file"])
        if toolchain == "llvm":
            assert "clang" in entry["command"].split()[0]
    # one entry per object, and only what .config selected
    objs = sorted(str(p.relative_to(b.objdir)) for p in b.objdir.rglob("*.o"))
    assert len(cmds) == len(objs)
    conf = read_config(b.objdir)
    assert ("drivers/serial/pl011.o" in objs) == ("CONFIG_PL011" in conf)


def test_only_selected_drivers_are_linked(tmp_path):
    board = board_with("CONFIG_SIFIVE_TEST", "CONFIG_SERIAL_16550")
    configure(tmp_path, board, ["# CONFIG_SIFIVE_TEST is not set"])
    out = make("O=%s" % tmp_path).stdout
    assert "sifive_test.o" not in out
    assert "ns16550.o" in out
    nm = arch_mk(board_arch(board), "ARCH_CROSS_COMPILE") + "nm"
    syms = subprocess.run([nm, str(tmp_path / "vireo.elf")],
                          stdout=subprocess.PIPE, text=True).stdout
    assert "sifive_test_power_off" not in syms
    assert "ns16550_putc" in syms


# A board whose power-off code is arch code that one symbol switches.
INCR_SYMBOL = "CONFIG_ARM_SEMIHOSTING_EXIT"


@pytest.fixture(scope="module")
def incr(tmp_path_factory):
    objdir = tmp_path_factory.mktemp("incr")
    configure(objdir, board_with(INCR_SYMBOL))
    make("O=%s" % objdir)
    return objdir


def incr_arch():
    return board_arch(board_with(INCR_SYMBOL))


def touch(path):
    # Now: newer than what was built (the file system keeps nanoseconds),
    # and not in the future, which would make every later build redo it.
    time.sleep(0.01)
    os.utime(path)


def test_nothing_to_do_after_a_build(incr):
    out = make("O=%s" % incr).stdout
    assert compiled(out) == [] and "  LD " not in out


def test_touching_one_c_file_rebuilds_it_and_relinks(incr):
    touch(SRC / "lib" / "printf.c")
    out = make("O=%s" % incr).stdout
    assert compiled(out) == ["lib/printf.o"]
    assert "LD      vireo.elf" in out


def test_header_change_rebuilds_its_users(incr):
    touch(SRC / "hal" / "include" / "hal" / "power.h")
    out = make("O=%s" % incr).stdout
    objs = compiled(out)
    assert "hal/power.o" in objs and "arch/%s/power.o" % incr_arch() in objs
    assert "lib/printf.o" not in objs and "drivers/serial/pl011.o" not in objs


def test_changing_one_symbol_rebuilds_only_its_users(incr):
    cfg = incr / ".config"
    text = cfg.read_text()
    cfg.write_text(text.replace("%s=y" % INCR_SYMBOL,
                                "# %s is not set" % INCR_SYMBOL))
    touch(cfg)
    power = ["arch/%s/power.o" % incr_arch()]
    out = make("O=%s" % incr).stdout
    assert compiled(out) == power
    cfg.write_text(text)
    touch(cfg)
    assert compiled(make("O=%s" % incr).stdout) == power


def test_changed_flags_rebuild_everything(incr):
    out = make("O=%s" % incr, "KCFLAGS=-DVIREO_TEST_FLAG").stdout
    assert "lib/string.o" in compiled(out) and "hal/boot.o" in compiled(out)
    out = make("O=%s" % incr).stdout
    assert "lib/string.o" in compiled(out)


def test_v1_prints_full_commands(incr):
    touch(SRC / "lib" / "string.c")
    out = make("O=%s" % incr, "V=1").stdout
    gcc = arch_mk(incr_arch(), "ARCH_CROSS_COMPILE") + "gcc"
    assert re.search(r"%s .*-Werror.* -c -o \S+/lib/string.o" % re.escape(gcc), out)
    assert "  CC      lib/string.o" not in out


def git_state():
    return subprocess.run(["git", "-C", str(SRC), "status", "--porcelain",
                           "--ignored", "--untracked-files=all"],
                          stdout=subprocess.PIPE, text=True).stdout


def test_out_of_tree_build_leaves_source_clean(tmp_path):
    before = git_state()
    make("O=%s" % tmp_path, "%s_defconfig" % BOARDS[0], "all")
    assert (tmp_path / "vireo.elf").exists()
    after = git_state()
    assert before == after


@pytest.mark.parametrize("board", BOARDS)
def test_missing_compiler_names_the_package(board, tmp_path):
    configure(tmp_path, board)
    proc = make("O=%s" % tmp_path, "CROSS_COMPILE=no-such-", check=False)
    assert proc.returncode != 0
    assert "'no-such-gcc' not found" in proc.stdout
    pkg = arch_mk(board_arch(board), "ARCH_CROSS_PKG")
    assert pkg and "apt-get install %s" % pkg in proc.stdout


def test_clean_and_distclean(tmp_path):
    configure(tmp_path, BOARDS[0])
    make("O=%s" % tmp_path)
    make("O=%s" % tmp_path, "clean")
    assert not (tmp_path / "vireo.elf").exists()
    assert not list(tmp_path.rglob("*.o"))
    assert (tmp_path / ".config").exists()
    make("O=%s" % tmp_path, "distclean")
    assert not (tmp_path / ".config").exists()
    assert not (tmp_path / "include" / "generated").exists()
