# SPDX-License-Identifier: MIT
"""docs/porting.md, followed to the letter in a copy of the tree: a new
board made only of the files the guide shows builds and boots."""
import re
import shutil
import subprocess

from conftest import SRC, expect_lines, make, read_config


def guide_files():
    """{path: text} for each code block the guide introduces with a path."""
    text = (SRC / "docs" / "porting.md").read_text()
    files = {}
    for m in re.finditer(r"^`(boards/[^`<]+)` - (?:(?!```).)*?```\w*\n(.*?)```",
                         text, re.S | re.M):
        files[m.group(1)] = m.group(2)
    return files


def copy_tree(dest):
    listed = subprocess.run(["git", "-C", str(SRC), "ls-files", "-co",
                             "--exclude-standard"], stdout=subprocess.PIPE,
                            text=True, check=True).stdout.split()
    for rel in listed:
        src = SRC / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def test_new_board_from_the_guide_needs_no_c(tmp_path):
    files = guide_files()
    assert sorted(files) == ["boards/qemu-virt-a72/Kconfig.board",
                             "boards/qemu-virt-a72/Kconfig.defconfig",
                             "boards/qemu-virt-a72/board.mk"]
    tree = tmp_path / "tree"
    copy_tree(tree)
    for rel, text in files.items():
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        (tree / rel).write_text(text)

    # Step 3: choose the board once, save the minimal defconfig.
    obj = tmp_path / "out"
    make("O=%s" % obj, "defconfig", cwd=tree)
    with open(obj / ".config", "a") as f:
        f.write("CONFIG_BOARD_QEMU_VIRT_A72=y\n")
    make("O=%s" % obj, "olddefconfig", cwd=tree)
    make("O=%s" % obj, "savedefconfig", cwd=tree)
    shutil.copy(obj / "defconfig", tree / "defconfigs" / "qemu-virt-a72_defconfig")

    # The existing boards mean what they meant before.
    make("O=%s" % obj, "defconfig", cwd=tree)
    assert read_config(obj)["CONFIG_BOARD"] == "qemu-virt-aarch64"

    # Step 4: it is listed, builds and boots.
    assert "qemu-virt-a72_defconfig" in make("help", cwd=tree).stdout
    make("O=%s" % obj, "qemu-virt-a72_defconfig", "all", cwd=tree)
    proc = make("O=%s" % obj, "run", cwd=tree, check=False, timeout=120)
    assert "-cpu cortex-a72" in proc.stdout
    expect_lines(proc.stdout, [
        r"^Vireo .* - board qemu-virt-a72, arch aarch64, mode el2",
        r"^vireo: ready: arch=aarch64 board=qemu-virt-a72 mode=el2 virt=el2",
        r"^vireo: power off: status 0",
    ])
    assert proc.returncode == 0


def test_x86_board_without_power_off_is_refused(tmp_path):
    """A data-only x86 board with neither power-off driver would hang at
    every power off: Kconfig refuses it in one line."""
    tree = tmp_path / "tree"
    copy_tree(tree)
    board = tree / "boards" / "bare-x86_64"
    board.mkdir()
    (board / "Kconfig.board").write_text(
        "config BOARD_BARE_X86_64\n\tbool \"bare\"\n\tdepends on ARCH_X86_64\n")
    (board / "Kconfig.defconfig").write_text(
        "if BOARD_BARE_X86_64\n\nconfig BOARD\n\tdefault \"bare-x86_64\"\n\n"
        "config LOAD_ADDR\n\tdefault 0x200000\n\nconfig EARLYCON\n"
        "\tdefault \"ns16550,io,0x3f8\"\n\nconfig NS16550\n\tdefault y\n\n"
        "config EARLY_POWEROFF\n\tdefault \"acpi-pm1,io,0x604\"\n\n"
        "config BUILTIN_DTB_SOURCE\n\tdefault \"qemu-q35-x86_64\"\n\nendif\n")
    cfg = tmp_path / "bare_defconfig"
    cfg.write_text("CONFIG_ARCH_X86_64=y\nCONFIG_BOARD_BARE_X86_64=y\n")
    proc = make("O=%s" % (tmp_path / "out"), "DEFCONFIG=%s" % cfg,
                "defconfig", cwd=tree, check=False)
    assert proc.returncode != 0
    errors = [l for l in proc.stdout.splitlines() if l.startswith("error:")]
    assert len(errors) == 1 and 'CONFIG_EARLY_POWEROFF="acpi-pm1,io,0x604" ' \
        'needs CONFIG_ACPI_PM1_POWEROFF, which is off' in errors[0], proc.stdout
