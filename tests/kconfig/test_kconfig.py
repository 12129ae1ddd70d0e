# SPDX-License-Identifier: MIT
"""Kconfig: defconfigs are minimal and load without warnings; bad
configurations fail with Kconfiglib's message naming the symbol."""
import pathlib
import re

import pytest

from board_facts import board_arch, board_symbol, board_with
from conftest import BOARDS, OUT, SRC, make, read_config

# A board of another architecture than x86_64, for a wrong combination.
NOT_X86 = next((b for b in BOARDS if board_arch(b) != "x86_64"), None)


@pytest.fixture
def objdir(tmp_path):
    return tmp_path


def write_defconfig(path, lines):
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("board", BOARDS)
def test_savedefconfig_reproduces_defconfig(board, objdir):
    make("O=%s" % objdir, "%s_defconfig" % board)
    assert read_config(objdir)["CONFIG_BOARD"] == board
    make("O=%s" % objdir, "savedefconfig")
    want = (SRC / "defconfigs" / ("%s_defconfig" % board)).read_text()
    assert (objdir / "defconfig").read_text() == want


def test_default_board_is_the_one_readme_names(objdir):
    m = re.search(r"^\| `([^`]+)` \(default\) \|",
                  (SRC / "README.md").read_text(), re.M)
    assert m, "README's board table names no default"
    make("O=%s" % objdir, "defconfig")
    conf = read_config(objdir)
    assert conf["CONFIG_BOARD"] == m.group(1)
    assert conf["CONFIG_ARCH"] == board_arch(m.group(1))


@pytest.mark.parametrize("lines,symbol", [
    (["CONFIG_ARCH_AARCH64=y", "CONFIG_NO_SUCH_SYMBOL=y"], "NO_SUCH_SYMBOL"),
    (["CONFIG_ARCH_X86_64=y", "CONFIG_PL011=y"], "PL011"),
    (["CONFIG_ARCH_AARCH64=y", "CONFIG_X2APIC=y"], "X2APIC"),
    (["CONFIG_ARCH_RISCV64=y", "CONFIG_GICV2=y"], "GICV2"),
    (["CONFIG_ARCH_X86_64=y", "CONFIG_%s=y" % board_symbol(NOT_X86)],
     board_symbol(NOT_X86)),
    (["CONFIG_NR_CPUS=1000"], "NR_CPUS"),
])
def test_bad_defconfig_fails_naming_symbol(lines, symbol, objdir):
    cfg = write_defconfig(objdir / "bad_defconfig", lines)
    # DEFCONFIG= loads a file like "make <board>_defconfig" does.
    proc = make("O=%s" % objdir, "DEFCONFIG=%s" % cfg, "defconfig",
                check=False)
    assert proc.returncode != 0
    assert "error:" in proc.stdout and symbol in proc.stdout, proc.stdout


def test_bad_config_fails_the_build(objdir):
    make("O=%s" % objdir, "defconfig")
    with open(objdir / ".config", "a") as f:
        f.write("CONFIG_PL011_TYPO=y\n")
    proc = make("O=%s" % objdir, "all", check=False)
    assert proc.returncode != 0
    assert "PL011_TYPO" in proc.stdout


def test_config_whose_dependency_went_away_is_resolved(objdir):
    make("O=%s" % objdir, "%s_defconfig" % board_with("CONFIG_SIFIVE_TEST"))
    cfg = objdir / ".config"
    cfg.write_text(cfg.read_text().replace(
        "CONFIG_SIFIVE_TEST=y", "# CONFIG_SIFIVE_TEST is not set"))
    make("O=%s" % objdir, "olddefconfig")
    conf = read_config(objdir)
    assert "CONFIG_SIFIVE_TEST" not in conf
    assert "CONFIG_SIFIVE_TEST_BASE" not in conf


def test_unknown_board(objdir):
    proc = make("O=%s" % objdir, "nosuchboard_defconfig", check=False)
    assert proc.returncode != 0
    assert "no board 'nosuchboard'" in proc.stdout


def test_build_without_config_says_what_to_do(objdir):
    proc = make("O=%s" % objdir, check=False)
    assert proc.returncode != 0
    assert "make <board>_defconfig" in proc.stdout


def test_help_lists_every_board():
    out = make("help").stdout
    for board in BOARDS:
        assert "%s_defconfig" % board in out
    for word in ("menuconfig", "savedefconfig", "O=", "V=1", "LLVM=1",
                 "CROSS_COMPILE", "MEM=", "SMP="):
        assert word in out


def test_olddefconfig_and_listnewconfig(objdir):
    make("O=%s" % objdir, "%s_defconfig" % BOARDS[0])
    cfg = objdir / ".config"
    nr_cpus = read_config(objdir)["CONFIG_NR_CPUS"]
    # Drop a symbol: listnewconfig reports it, olddefconfig restores it.
    text = cfg.read_text().replace("CONFIG_NR_CPUS=%s\n" % nr_cpus, "")
    cfg.write_text(text)
    assert "CONFIG_NR_CPUS" in make("O=%s" % objdir, "listnewconfig").stdout
    make("O=%s" % objdir, "olddefconfig")
    assert read_config(objdir)["CONFIG_NR_CPUS"] == nr_cpus


def test_no_kconfiglib_python_is_one_clear_line(objdir):
    proc = make("O=%s" % objdir, "defconfig", check=False,
                env={"VIREO_PYTHON": "/bin/false"})
    assert proc.returncode != 0
    assert "python3-kconfiglib" in proc.stdout


def drive_terminal(argv, keys, env):
    """Run argv on a pseudo-terminal (80x40), typing each key string in
    turn after the screen settles. Returns the exit status."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import termios
    import time

    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(env)
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    def drain(seconds):
        end = time.time() + seconds
        while time.time() < end:
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    os.read(fd, 65536)
                except OSError:
                    return

    drain(2.0)
    for k in keys:
        os.write(fd, k)
        drain(0.7)
    drain(1.0)
    return os.waitpid(pid, 0)[1]


def test_menuconfig_changes_board_and_make_builds_it(objdir):
    make("O=%s" % objdir, "defconfig")
    # search for the symbol, jump to it, select it, save, quit
    keys = [b"/", b"ARCH_RISCV64", b"\r", b" ", b"S", b"\r", b"\r", b"Q"]
    status = drive_terminal(["make", "-C", str(SRC), "O=%s" % objdir,
                             "menuconfig"], keys, {"TERM": "xterm"})
    assert status == 0
    conf = read_config(objdir)
    assert conf["CONFIG_ARCH"] == "riscv64"
    assert board_arch(conf["CONFIG_BOARD"]) == "riscv64"
    out = make("O=%s" % objdir).stdout
    assert "CC      arch/riscv64/setup.o" in out
