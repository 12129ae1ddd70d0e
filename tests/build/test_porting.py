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
