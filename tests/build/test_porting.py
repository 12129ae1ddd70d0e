# SPDX-License-Identifier: MIT
"""docs/porting.md, followed to the letter in a copy of the tree: a new
board made only of the files the guide shows builds and boots."""
import re
import shutil
import subprocess

from conftest import SRC, expect_lines, make, make_env, read_config


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


def add_files(tree, files):
    for rel, text in files.items():
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        (tree / rel).write_text(text)


def save_defconfig(tree, obj, board):
    """docs/porting.md step 4: choose the board, save the minimal defconfig."""
    make("O=%s" % obj, "defconfig", cwd=tree)
    with open(obj / ".config", "a") as f:
        f.write("CONFIG_%s=y\n" % symbol(board))
    make("O=%s" % obj, "olddefconfig", cwd=tree)
    make("O=%s" % obj, "savedefconfig", cwd=tree)
    shutil.copy(obj / "defconfig", tree / "defconfigs" / ("%s_defconfig" % board))


def symbol(board):
    return "BOARD_" + re.sub(r"\W", "_", board).upper()


def test_new_board_from_the_guide_needs_no_c(tmp_path):
    files = guide_files()
    assert sorted(files) == ["boards/qemu-virt-a72/Kconfig.board",
                             "boards/qemu-virt-a72/Kconfig.defconfig",
                             "boards/qemu-virt-a72/board.mk"]
    tree = tmp_path / "tree"
    copy_tree(tree)
    add_files(tree, files)

    # Step 3: choose the board once, save the minimal defconfig.
    obj = tmp_path / "out"
    save_defconfig(tree, obj, "qemu-virt-a72")

    # The existing boards mean what they meant before.
    make("O=%s" % obj, "defconfig", cwd=tree)
    make("O=%s" % (tmp_path / "before"), "defconfig")
    assert read_config(obj)["CONFIG_BOARD"] == \
        read_config(tmp_path / "before")["CONFIG_BOARD"]

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


# ---------------------------------------------------------------------------
# Boards added as data alone are picked up by every board-parametrised test.

def board_files(tree, board):
    """{relative path: text} of a board's data: boards/<board>/, its defconfig."""
    files = {p.relative_to(tree).as_posix(): p.read_text()
             for p in (tree / "boards" / board).iterdir()}
    rel = "defconfigs/%s_defconfig" % board
    files[rel] = (tree / rel).read_text()
    return files


def port(files, old, new, flags=lambda f: f, extra_mk=""):
    """A new user's port: old's data under the name new, its board.mk's
    EMU_FLAGS edited by flags and extra_mk appended; a built-in tree
    keeps old's dts/ file (BUILTIN_DTB_SOURCE names it)."""
    ported = {}
    for rel, text in files.items():
        text = text.replace(symbol(old), symbol(new))
        text = re.sub(r'(config BOARD\s+default )"%s"' % re.escape(old),
                      r'\1"%s"' % new, text)
        if rel.endswith("/board.mk"):
            text = re.sub(r"^(EMU_FLAGS\s*:?=\s*)((?:.*\\\n)*.*)$",
                          lambda m: m.group(1) + flags(m.group(2)), text,
                          flags=re.M) + extra_mk
        if rel.endswith("_defconfig") and symbol(new) not in text:
            text += "CONFIG_%s=y\n" % symbol(new)	# not the arch's default
        ported[rel.replace(old, new)] = text
    return ported


def with_cpu(cpu):
    """EMU_FLAGS with the -cpu option set to cpu."""
    def edit(flags):
        if "-cpu " in flags:
            return re.sub(r"-cpu \S+", "-cpu " + cpu, flags)
        return flags + " -cpu " + cpu
    return edit


def first_board(tree, pred):
    boards = sorted(p.name[:-len("_defconfig")]
                    for p in (tree / "defconfigs").glob("*_defconfig"))
    for board in boards:
        if pred(board):
            return board
    return None


def collected(tree, out, keyword):
    proc = subprocess.run(
        ["/usr/bin/python3", "-m", "pytest", "-p", "no:cacheprovider", "-q",
         "--collect-only", "boot", "-k", keyword],
        cwd=tree / "tests", stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, env=dict(make_env(), VIREO_TEST_OUT=str(out)))
    assert proc.returncode == 0, proc.stdout
    return [l for l in proc.stdout.splitlines() if "::" in l]


# The boot tests a data-only board runs here: a representative subset of
# every boot test file (the whole suite runs in make check).
SUBSET = ("(test_boots_to_ready and gcc) or virtualization or test_panic or "
          "run_script or cpus_irqchip_timer or no_interrupt_controller or "
          "(ram_follows and 256) or with_a_hole or run_defaults or "
          "(corrupt and magic) or engine_built")


def test_boards_added_as_data_alone_pass_the_boot_tests(tmp_path):
    tree = tmp_path / "tree"
    copy_tree(tree)
    import board_facts

    def arch_of(arch):
        return lambda b: board_facts.board_arch(b) == arch and \
            board_facts.is_qemu(b)

    files = {}
    # The guide's board with a Cortex-A53 and a default of 2 GiB.
    for rel, text in guide_files().items():
        rel, text = (s.replace("a72", "a53").replace("A72", "A53")
                     for s in (rel, text))
        files[rel] = text + ("EMU_MEM := 2G\n" if rel.endswith("board.mk") else "")
    # riscv virt without Sstc, and an x86 board with 2 CPUs by default,
    # each ported from a board of its architecture in the tree.
    riscv = first_board(SRC, arch_of("riscv64"))
    x86 = first_board(SRC, arch_of("x86_64"))
    assert riscv and x86
    files.update(port(board_files(SRC, riscv), riscv, "port-nosstc-riscv64",
                      with_cpu("rv64,sstc=off")))
    files.update(port(board_files(SRC, x86), x86, "port-fake-x86_64",
                      extra_mk="EMU_SMP := 2\n"))
    add_files(tree, files)
    save_defconfig(tree, tmp_path / "a53", "qemu-virt-a53")
    new = ["qemu-virt-a53", "port-nosstc-riscv64", "port-fake-x86_64"]

    # Every test parametrised by all the tree's boards has the new ones too.
    out = tmp_path / "out"
    names = " or ".join(new)
    ours = set(collected(tree, out, names))
    boards = board_facts.BOARDS
    forms = {}
    for line in collected(tree, out, " or ".join(boards)):
        for board in boards:
            if board in line:
                forms.setdefault(line.replace(board, "{}"), set()).add(board)
    every = [form for form, seen in forms.items() if seen == set(boards)]
    assert every
    for form in every:
        for n in new:
            assert form.format(n) in ours, (form, n)

    proc = subprocess.run(
        ["/usr/bin/python3", "-m", "pytest", "-p", "no:cacheprovider", "-q",
         "-rs", "boot", "-k", "(%s) and (%s)" % (names, SUBSET)],
        cwd=tree / "tests", stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, env=dict(make_env(), VIREO_TEST_OUT=str(out)),
        timeout=1800)
    assert proc.returncode == 0, proc.stdout
    summary = proc.stdout.strip().splitlines()[-1]
    assert re.search(r"\b\d+ passed", summary) and "failed" not in summary, proc.stdout


def test_x86_board_without_power_off_is_refused(tmp_path):
    """A data-only x86 board with neither power-off driver would hang at
    every power off: Kconfig refuses it in one line."""
    tree = tmp_path / "tree"
    copy_tree(tree)
    import board_facts
    x86 = first_board(SRC, lambda b: board_facts.board_arch(b) == "x86_64")
    board = tree / "boards" / "bare-x86_64"
    board.mkdir()
    (board / "Kconfig.board").write_text(
        "config BOARD_BARE_X86_64\n\tbool \"bare\"\n\tdepends on ARCH_X86_64\n")
    (board / "Kconfig.defconfig").write_text(
        "if BOARD_BARE_X86_64\n\nconfig BOARD\n\tdefault \"bare-x86_64\"\n\n"
        "config LOAD_ADDR\n\tdefault 0x200000\n\nconfig EARLYCON\n"
        "\tdefault \"ns16550,io,0x3f8\"\n\nconfig NS16550\n\tdefault y\n\n"
        "config EARLY_POWEROFF\n\tdefault \"acpi-pm1,io,0x604\"\n\n"
        "config BUILTIN_DTB_SOURCE\n\tdefault \"%s\"\n\nendif\n" % x86)
    cfg = tmp_path / "bare_defconfig"
    cfg.write_text("CONFIG_ARCH_X86_64=y\nCONFIG_BOARD_BARE_X86_64=y\n")
    proc = make("O=%s" % (tmp_path / "out"), "DEFCONFIG=%s" % cfg,
                "defconfig", cwd=tree, check=False)
    assert proc.returncode != 0
    errors = [l for l in proc.stdout.splitlines() if l.startswith("error:")]
    assert len(errors) == 1 and 'CONFIG_EARLY_POWEROFF="acpi-pm1,io,0x604" ' \
        'needs CONFIG_ACPI_PM1_POWEROFF, which is off' in errors[0], proc.stdout
