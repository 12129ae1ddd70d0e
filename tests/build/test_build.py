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
    board = board_with("CONFIG_PLIC", "CONFIG_NS16550")
    configure(tmp_path, board, ["# CONFIG_PLIC is not set"])
    out = make("O=%s" % tmp_path).stdout
    assert "plic.o" not in out
    assert "ns16550.o" in out
    nm = arch_mk(board_arch(board), "ARCH_CROSS_COMPILE") + "nm"
    syms = subprocess.run([nm, str(tmp_path / "vireo.elf")],
                          stdout=subprocess.PIPE, text=True).stdout
    assert "plic_probe" not in syms
    assert "ns16550_putc" in syms


# The page-table format file of each architecture (lib/Makefile).
PGTABLE_FAMILY = {"aarch64": "arm64", "riscv64": "riscv", "x86_64": "x86"}


@pytest.mark.parametrize("board", BOARDS)
def test_only_the_arch_page_table_formats_are_linked(board, built):
    b = built(board)
    arch = read_config(b.objdir)["CONFIG_ARCH"]
    src = (SRC / "lib" / ("pgtable_fmt_%s.c" % PGTABLE_FAMILY[arch])).read_text()
    expected = set(re.findall(r"^const struct pgtable_format (pgtable_fmt_\w+)",
                              src, re.M))
    assert expected, "no format found in the %s format file" % arch
    syms = subprocess.run(["nm", str(b.objdir / "vireo.elf")], check=True,
                          stdout=subprocess.PIPE, text=True).stdout
    linked = set(re.findall(r" (pgtable_fmt_\w+)$", syms, re.M))
    assert linked == expected


TLB_PROBE = """#include <hal/barrier.h>
void probe_vmid(uint16_t vmid);
void probe_ipa(uint16_t vmid, uint64_t ipa);
void probe_vmid(uint16_t vmid) { tlb_flush_guest_vmid(vmid); }
void probe_ipa(uint16_t vmid, uint64_t ipa) { tlb_flush_guest_ipa(vmid, ipa); }
"""


def compile_probe(b, tmp_path, source):
    """source compiled exactly as hal/paging.c is; its disassembly."""
    cmds = json.loads((b.objdir / "compile_commands.json").read_text())
    cmd = next(e["command"] for e in cmds if e["file"].endswith("hal/paging.c"))
    src, obj = tmp_path / "probe.c", tmp_path / "probe.o"
    src.write_text(source)
    args = re.sub(r" -MMD -MF \S+", "", cmd).split()
    args[args.index("-o") + 1] = str(obj)
    args[-1] = str(src)
    subprocess.run(args, check=True)
    objdump = args[0][:-len("gcc")] + "objdump"
    return subprocess.run([objdump, "-d", str(obj)], check=True,
                          stdout=subprocess.PIPE, text=True).stdout


def functions(disasm):
    """name -> [(32-bit word, "mnemonic operands")] of a disassembly."""
    out, name = {}, None
    for line in disasm.splitlines():
        m = re.match(r"^[0-9a-f]+ <(\w+)>:", line)
        if m:
            name = m.group(1)
            out[name] = []
            continue
        m = re.match(r"^\s+[0-9a-f]+:\s+([0-9a-f]+)\s+(.*)$", line)
        if m and name:
            out[name].append((int(m.group(1), 16), " ".join(m.group(2).split())))
    return out


def test_aarch64_vmid_flushes_use_the_vttbr_vmid(built, tmp_path):
    """Arm ARM: TLBI VMALLS12E1IS / IPAS2E1IS act on VTTBR_EL2.VMID."""
    f = functions(compile_probe(built(board_with("CONFIG_ARCH_AARCH64")), tmp_path, TLB_PROBE))
    for name, tlbi in (("probe_vmid", ["vmalls12e1is"]),
                       ("probe_ipa", ["ipas2e1is", "vmalle1is"])):
        ops = [t for _, t in f[name]]
        writes = [i for i, op in enumerate(ops) if op.startswith("msr vttbr_el2")]
        flushes = [i for i, op in enumerate(ops) if op.startswith("tlbi ")]
        assert [ops[i].split()[1].rstrip(",") for i in flushes] == tlbi
        # the VMID written before the flushes, the old value back after,
        # with IRQs masked first
        assert len(writes) == 2
        assert writes[0] < flushes[0] <= flushes[-1] < writes[1]
        assert any(op.startswith("msr daifset") for op in ops[:writes[0]])


def test_riscv64_vmid_flushes_are_hfence_gvma(built, tmp_path):
    """Privileged spec: HFENCE.GVMA is R-type, opcode 0x73, funct3 0,
    funct7 0x31, rd 0; rs1 the GPA >> 2 (x0: all), rs2 the VMID."""
    f = functions(compile_probe(built(board_with("CONFIG_ARCH_RISCV64")), tmp_path, TLB_PROBE))

    def hfences(name):
        return [(w >> 15 & 31, w >> 20 & 31) for w, _ in f[name]
                if w & 0xfe007fff == 0x31 << 25 | 0x73]
    # the arguments arrive in a0 (x10, the VMID) and a1 (x11, the IPA)
    assert hfences("probe_vmid") == [(0, 10)]
    (rs1, rs2), = hfences("probe_ipa")
    assert rs2 == 10 and rs1 not in (0, 10)
    assert any(re.match(r"srli? %s,a1,0x2$" % "x?[a-z0-9]+", t)
               for _, t in f["probe_ipa"])


# The board the incremental tests build: aarch64 (secondary.S reads
# struct cpu through the generated offsets).
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


def test_struct_change_regenerates_asm_offsets(incr):
    # secondary.S reads struct cpu through the generated offsets
    touch(SRC / "hal" / "include" / "hal" / "cpu.h")
    objs = compiled(make("O=%s" % incr).stdout)
    assert "arch/%s/asm-offsets.s" % incr_arch() in objs
    assert "arch/aarch64/boot/secondary.o" in objs
    assert "lib/printf.o" not in objs
    header = (incr / "include" / "generated" / "asm-offsets.h").read_text()
    assert re.search(r"^#define CPU_STACK_TOP \d+$", header, re.M)


def test_changing_one_symbol_rebuilds_only_its_users(incr):
    cfg = incr / ".config"
    text = cfg.read_text()
    cfg.write_text(text.replace("# CONFIG_DEBUG_WRITE_TEXT is not set",
                                "CONFIG_DEBUG_WRITE_TEXT=y"))
    touch(cfg)
    out = make("O=%s" % incr).stdout
    assert compiled(out) == ["hal/boot.o"]
    cfg.write_text(text)
    touch(cfg)
    assert compiled(make("O=%s" % incr).stdout) == ["hal/boot.o"]


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
