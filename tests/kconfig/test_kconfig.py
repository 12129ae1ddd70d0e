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


def error_lines(output):
    return [l for l in output.splitlines() if l.startswith("error:")]


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
    # x86 interrupt numbers are the 256 IDT vectors (Intel SDM vol. 3,
    # 6.2): the local APIC's own are at the top
    (["CONFIG_ARCH_X86_64=y", "CONFIG_NR_IRQS=240"], "NR_IRQS"),
    (["CONFIG_ARCH_X86_64=y", "CONFIG_NR_IRQS=64"], "NR_IRQS"),
])
def test_bad_defconfig_fails_naming_symbol(lines, symbol, objdir):
    cfg = write_defconfig(objdir / "bad_defconfig", lines)
    # DEFCONFIG= loads a file like "make <board>_defconfig" does.
    proc = make("O=%s" % objdir, "DEFCONFIG=%s" % cfg, "defconfig",
                check=False)
    assert proc.returncode != 0
    assert "error:" in proc.stdout and symbol in proc.stdout, proc.stdout


@pytest.mark.parametrize("line,message", [
    ("CONFIG_PL011_TYPO=y", "PL011_TYPO"),
    # not the made-up path dts/.dts that the build would look for
    ("CONFIG_BUILTIN_DTB=y", "error: CONFIG_BUILTIN_DTB is set but "
     "CONFIG_BUILTIN_DTB_SOURCE is empty"),
])
def test_bad_config_fails_the_build(line, message, objdir):
    make("O=%s" % objdir, "defconfig")
    with open(objdir / ".config", "a") as f:
        f.write(line + "\n")
    proc = make("O=%s" % objdir, "all", check=False)
    assert proc.returncode != 0
    assert message in proc.stdout and len(error_lines(proc.stdout)) == 1, \
        proc.stdout


def test_config_whose_dependency_went_away_is_resolved(objdir):
    make("O=%s" % objdir, "%s_defconfig" % board_with("CONFIG_SIFIVE_TEST"))
    cfg = objdir / ".config"
    cfg.write_text(cfg.read_text().replace(
        "CONFIG_PLIC=y", "# CONFIG_PLIC is not set"))
    make("O=%s" % objdir, "olddefconfig")
    conf = read_config(objdir)
    assert "CONFIG_PLIC" not in conf


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
    for word in ("menuconfig", "savedefconfig", "randconfig", "KCONFIG_SEED",
                 "allnoconfig", "allyesconfig", "alldefconfig", "O=", "V=1", "LLVM=1",
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


# A .config value Kconfig cannot take: (bad line, what the one error line
# must say). Each would otherwise become the symbol's default silently.
BAD_CONFIG_LINES = [
    ("NR_IRQS", "CONFIG_NR_IRQS=5000", r"CONFIG_NR_IRQS=5000 is outside its range"),
    ("PLIC", "CONFIG_PLIC=maybe", r"'maybe' is not a valid value for the bool symbol PLIC"),
    ("EARLYCON", 'CONFIG_EARLYCON="ns16550,0x1000',
     r"malformed string literal in assignment to EARLYCON"),
    ("NR_CPUS", "CONFIG_NR_CP", r"malformed line 'CONFIG_NR_CP'"),
    ("NR_CPUS", "CONFIG_NR_CPUS=abc", r"'abc' is invalid for NR_CPUS"),
]


@pytest.mark.parametrize("goal", ["olddefconfig", "all"])
@pytest.mark.parametrize("name,bad,message", BAD_CONFIG_LINES)
def test_refused_config_value_fails_naming_file_and_line(name, bad, message,
                                                         goal, objdir):
    make("O=%s" % objdir, "%s_defconfig" % board_with("CONFIG_PLIC"))
    cfg = objdir / ".config"
    lines = cfg.read_text().splitlines()
    # replace the symbol's own line, so the error must name that line
    nr = next(i for i, line in enumerate(lines)
              if line.startswith("CONFIG_%s=" % name))
    lines[nr] = bad
    cfg.write_text("\n".join(lines) + "\n")
    before = cfg.read_text()
    proc = make("O=%s" % objdir, goal, check=False)
    assert proc.returncode != 0, proc.stdout
    errors = error_lines(proc.stdout)
    assert len(errors) == 1, proc.stdout
    assert re.search(r"^error: %s:%d: .*%s" % (re.escape(str(cfg)), nr + 1, message),
                     errors[0]), proc.stdout
    assert "Traceback" not in proc.stdout
    assert cfg.read_text() == before  # not rewritten to defaults


def test_binary_config_is_one_line_not_a_traceback(objdir):
    make("O=%s" % objdir, "%s_defconfig" % board_with("CONFIG_PLIC"))
    cfg = objdir / ".config"
    cfg.write_bytes(b"CONFIG_ARCH_RISCV64=y\n\x9a\xff\x00junk\n")
    for goal in ("olddefconfig", "all", "savedefconfig"):
        proc = make("O=%s" % objdir, goal, check=False)
        assert proc.returncode != 0
        assert "Traceback" not in proc.stdout, proc.stdout
        assert re.search(r"^error: %s:2: not text" % re.escape(str(cfg)),
                         proc.stdout, re.M), proc.stdout


# Configurations Kconfig accepted that hang or end a failure with status 0
# once built: (defconfig lines, the one error line).
INVALID_CONFIGS = [
    (["CONFIG_ARCH_X86_64=y", "CONFIG_BOARD_FACTS_OVERRIDE=y",
      'CONFIG_EARLY_POWEROFF=""'],
     "x86 needs CONFIG_EARLY_POWEROFF"),
    (["CONFIG_ARCH_RISCV64=y", "CONFIG_BOARD_FACTS_OVERRIDE=y",
      'CONFIG_EARLYCON="pl011,0x10000000"'],
     'CONFIG_EARLYCON="pl011,0x10000000" needs CONFIG_PL011, which is off'),
    (["CONFIG_ARCH_AARCH64=y", "CONFIG_BOARD_FACTS_OVERRIDE=y",
      'CONFIG_EARLYCON="uart,0x9000000"'], 'no console driver is called "uart"'),
    (["CONFIG_ARCH_RISCV64=y", "CONFIG_BOARD_FACTS_OVERRIDE=y",
      'CONFIG_EARLYCON=""'], "CONFIG_EARLYCON is empty"),
    (["CONFIG_ARCH_AARCH64=y", "CONFIG_BUILTIN_DTB=y"],
     "CONFIG_BUILTIN_DTB is set but CONFIG_BUILTIN_DTB_SOURCE is empty"),
    (["CONFIG_ARCH_X86_64=y", 'CONFIG_BUILTIN_DTB_SOURCE=""'],
     "CONFIG_BUILTIN_DTB is set but CONFIG_BUILTIN_DTB_SOURCE is empty"),
]


@pytest.mark.parametrize("lines,message", INVALID_CONFIGS)
def test_invalid_configuration_is_refused_in_one_line(lines, message, objdir):
    cfg = write_defconfig(objdir / "bad_defconfig", lines)
    proc = make("O=%s" % objdir, "DEFCONFIG=%s" % cfg, "defconfig",
                check=False)
    assert proc.returncode != 0
    errors = error_lines(proc.stdout)
    assert errors == [l for l in errors if message in l] and len(errors) == 1, \
        proc.stdout



@pytest.mark.parametrize("arch,nr_irqs", [("AARCH64", 64), ("RISCV64", 64),
                                          ("X86_64", 256)])
def test_smallest_nr_irqs_is_accepted(arch, nr_irqs, objdir):
    cfg = write_defconfig(objdir / "small_defconfig",
                          ["CONFIG_ARCH_%s=y" % arch, "CONFIG_NR_IRQS=%d" % nr_irqs])
    make("O=%s" % objdir, "DEFCONFIG=%s" % cfg, "defconfig")
    assert read_config(objdir)["CONFIG_NR_IRQS"] == str(nr_irqs)


def test_randconfig_is_seeded_and_repeatable(objdir):
    first = make("O=%s" % objdir, "randconfig", env={"KCONFIG_SEED": "0x1234"})
    assert "KCONFIG_SEED=0x1234" in first.stdout  # printed, as in Linux
    config = (objdir / ".config").read_text()
    make("O=%s" % objdir, "randconfig", env={"KCONFIG_SEED": "0x1234"})
    assert (objdir / ".config").read_text() == config
    seeds = set()
    for _ in range(2):  # without a seed: a new one each time, printed
        out = make("O=%s" % objdir, "randconfig", env={"KCONFIG_SEED": ""}).stdout
        seeds.add(re.search(r"KCONFIG_SEED=(0x[0-9a-f]+)", out).group(1))
    assert len(seeds) == 2


def test_randconfig_keeps_what_kconfig_allconfig_gives(objdir):
    pin = write_defconfig(objdir / "pin.config",
                          ["CONFIG_ARCH_RISCV64=y", "CONFIG_NR_CPUS=3",
                           "# CONFIG_SHELL is not set"])
    for seed in range(8):
        make("O=%s" % objdir, "randconfig",
             env={"KCONFIG_SEED": str(seed), "KCONFIG_ALLCONFIG": str(pin)})
        conf = read_config(objdir)
        assert conf["CONFIG_ARCH"] == "riscv64"
        assert conf["CONFIG_NR_CPUS"] == "3" and "CONFIG_SHELL" not in conf
        assert 64 <= int(conf["CONFIG_NR_IRQS"]) <= 2048
    with open(pin, "a") as f:
        f.write("CONFIG_NO_SUCH_SYMBOL=y\n")
    proc = make("O=%s" % objdir, "randconfig", check=False,
                env={"KCONFIG_ALLCONFIG": str(pin)})
    assert proc.returncode != 0
    assert re.search(r"^error: %s:4: .*undefined symbol NO_SUCH_SYMBOL$"
                     % re.escape(str(pin)), proc.stdout, re.M), proc.stdout


@pytest.mark.parametrize("target,want", [
    ("allnoconfig", {"CONFIG_SHELL": None, "CONFIG_GICV2": None}),
    ("allyesconfig", {"CONFIG_SHELL": "y", "CONFIG_GICV2": "y"}),
    ("alldefconfig", {"CONFIG_SHELL": None, "CONFIG_GICV2": "y",
                      "CONFIG_NR_CPUS": "8"}),
])
def test_all_configs(target, want, objdir):
    make("O=%s" % objdir, target)
    conf = read_config(objdir)
    for sym, value in want.items():
        assert conf.get(sym) == value, (sym, conf)
    # the board still gives its facts and the drivers it cannot do without
    assert conf["CONFIG_EARLYCON"] and conf["CONFIG_PL011"] == "y"
