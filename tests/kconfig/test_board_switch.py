# SPDX-License-Identifier: MIT
"""docs/porting.md step 4, done as menuconfig does it: load the .config of
board A, choose architecture and board B, save, savedefconfig. The board
facts (load address, early console, early power off) must be B's, as
B's own defconfig gives them, not A's kept as user values."""
import itertools
import re

import pytest

from conftest import BOARDS, SRC, board_arch, make, read_config

FACTS = ("CONFIG_LOAD_ADDR", "CONFIG_EARLYCON", "CONFIG_EARLY_POWEROFF")


def board_symbol(board):
    text = (SRC / "boards" / board / "Kconfig.board").read_text()
    return re.search(r"^config (BOARD_\w+)", text, re.M).group(1)


def facts(conf):
    return {k: conf.get(k, "") for k in FACTS}


@pytest.fixture(scope="module")
def board_facts(tmp_path_factory):
    """{board: its facts}, from make <board>_defconfig."""
    out = {}
    for board in BOARDS:
        obj = tmp_path_factory.mktemp(board)
        make("O=%s" % obj, "%s_defconfig" % board)
        out[board] = facts(read_config(obj))
    return out


def switch_board(config, board, monkeypatch):
    """What menuconfig does: load config, set the two choices, save."""
    import kconfiglib
    monkeypatch.setenv("srctree", str(SRC))
    monkeypatch.setenv("KCONFIG_CONFIG", str(config))
    kconf = kconfiglib.Kconfig(str(SRC / "Kconfig"), warn_to_stderr=False)
    kconf.load_config(str(config))
    kconf.syms["ARCH_" + board_arch(board).upper()].set_value(2)
    kconf.syms[board_symbol(board)].set_value(2)
    assert kconf.syms["BOARD"].str_value == board
    kconf.write_config(str(config))


@pytest.mark.parametrize("old,new", list(itertools.permutations(BOARDS, 2)))
def test_board_facts_follow_the_board_choice(old, new, board_facts, tmp_path,
                                             monkeypatch):
    make("O=%s" % tmp_path, "%s_defconfig" % old)
    switch_board(tmp_path / ".config", new, monkeypatch)
    # the .config as saved, then the minimal file porting.md keeps
    assert facts(read_config(tmp_path)) == board_facts[new]
    make("O=%s" % tmp_path, "savedefconfig")
    obj = tmp_path / "again"
    make("O=%s" % obj, "DEFCONFIG=%s" % (tmp_path / "defconfig"), "defconfig")
    conf = read_config(obj)
    assert conf["CONFIG_BOARD"] == new
    assert facts(conf) == board_facts[new]


def test_overridden_facts_are_kept(tmp_path, monkeypatch):
    """With BOARD_FACTS_OVERRIDE the values are the user's, on any board."""
    cfg = tmp_path / "my_defconfig"
    cfg.write_text("CONFIG_ARCH_RISCV64=y\nCONFIG_BOARD_FACTS_OVERRIDE=y\n"
                   "CONFIG_LOAD_ADDR=0x80400000\n")
    make("O=%s" % tmp_path, "DEFCONFIG=%s" % cfg, "defconfig")
    assert read_config(tmp_path)["CONFIG_LOAD_ADDR"] == "0x80400000"
    make("O=%s" % tmp_path, "savedefconfig")
    assert "CONFIG_LOAD_ADDR=0x80400000" in (tmp_path / "defconfig").read_text()


def test_a_board_fact_without_the_override_is_refused(tmp_path):
    cfg = tmp_path / "my_defconfig"
    cfg.write_text("CONFIG_ARCH_RISCV64=y\nCONFIG_LOAD_ADDR=0x80400000\n")
    proc = make("O=%s" % tmp_path, "DEFCONFIG=%s" % cfg, "defconfig", check=False)
    assert proc.returncode != 0
    assert "CONFIG_LOAD_ADDR was assigned '0x80400000' but got '0x80200000' " \
        "(its prompt depends on BOARD_FACTS_OVERRIDE)" in proc.stdout, proc.stdout
