# SPDX-License-Identifier: MIT
"""The memory map comes from the device tree: RAM follows QEMU's -m, two
NUMA nodes give two banks, a built-in DTB with a hole is honoured, and
corrupt DTBs end with one line naming the problem and a failure status."""
import re
import struct
import subprocess

import pytest

from board_facts import (Tree, board_config, board_dtb, builtin_tree,
                         mebibytes, run_defaults)
from conftest import BOARDS, OUT, board_arch, board_emu, expect_lines

MIB = 1 << 20
# Boards whose firmware passes the tree (x86 ones build theirs in and take
# RAM from multiboot).
DT_BOARDS = [b for b in BOARDS if not builtin_tree(b)]
NUMA = ("-object memory-backend-ram,id=m0,size=512M "
        "-object memory-backend-ram,id=m1,size=512M "
        "-numa node,memdev=m0,cpus=0 -numa node,memdev=m1,cpus=1")


def memory_report(out):
    """(RAM banks [(base, end)], total MiB, usable MiB, ready ram=)."""
    banks = [(int(a, 16), int(b, 16)) for a, b in
             re.findall(r"^vireo: memory: ram +(0x[0-9a-f]+)-(0x[0-9a-f]+)", out, re.M)]
    m = re.search(r"^vireo: memory: total ram ([\d.]+) MiB, usable (\d+) MiB", out, re.M)
    assert m, out
    ready = re.search(r"^vireo: ready: .*\bram=(\d+)\b", out, re.M)
    assert ready, out
    return banks, float(m.group(1)), int(m.group(2)), int(ready.group(1))


def ranges(out, kind):
    """[(base, end exclusive, what)] of the "memory: <kind>" lines."""
    return [(int(a, 16), int(e, 16) + 1, why) for a, e, why in re.findall(
        r"^vireo: memory: %s +(0x[0-9a-f]+)-(0x[0-9a-f]+) [\d.]+ [KMG]iB,? ?(.*?)\r?$"
        % kind, out, re.M)]


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def image_range(b):
    """[_start_image, _end) from the ELF's own symbols, not from the log."""
    syms = dict((name, int(val, 16)) for val, _, name in
                (line.split() for line in subprocess.run(
                    ["nm", str(b.objdir / "vireo.elf")], check=True,
                    capture_output=True, text=True).stdout.splitlines()
                 if len(line.split()) == 3))
    return syms["_start_image"], syms["_end"]


def check_reservations(b, out):
    """Every reservation the log names is out of every usable range, the
    image (from its ELF) and the firmware's DTB are among them, usable
    lies in RAM, and RAM is usable or reserved to the page."""
    rsv, usable = ranges(out, "reserved"), ranges(out, "usable")
    ram = []	# banks that touch merged: usable ranges may span them
    for lo, hi, _ in sorted(ranges(out, "ram")):
        if ram and ram[-1][1] == lo:
            ram[-1] = (ram[-1][0], hi, "")
        else:
            ram.append((lo, hi, ""))
    assert ram and usable, out
    for u in usable:
        assert any(r[0] <= u[0] and u[1] <= r[1] for r in ram), (u, out)
        for r in rsv:
            assert not overlaps(u, r), ("usable %#x-%#x overlaps reserved %s"
                                        % (u[0], u[1] - 1, r[2]), out)
    start, end = image_range(b)
    assert any(r[0] <= start and end <= r[1] for r in rsv if r[2] == "hypervisor"), out
    fw = re.search(r"^vireo: dtb: firmware at (0x[0-9a-f]+), (\d+) bytes", out, re.M)
    if fw:
        base, size = int(fw.group(1), 16), int(fw.group(2))
        assert any(r[0] <= base and base + size <= r[1] for r in rsv if r[2] == "dtb"), out
    # nothing lost between them: whatever RAM is not reserved is usable,
    # but for the part of a page at a region's edge
    for lo, hi, _ in ram:
        cuts = sorted([(max(lo, a), min(hi, e)) for a, e, _ in rsv + usable
                       if a < hi and lo < e])
        pos = lo
        for a, e in cuts:
            assert a - pos < 4096, ("RAM %#x-%#x neither usable nor reserved"
                                    % (pos, a - 1), out)
            pos = max(pos, e)
        assert hi - pos < 4096, ("RAM %#x-%#x neither usable nor reserved"
                                 % (pos, hi - 1), out)
    total_usable = sum(e - a for a, e, _ in usable) >> 20
    m = re.search(r"^vireo: memory: total ram [\d.]+ MiB, usable (\d+) MiB in (\d+) regions",
                  out, re.M)
    assert m and int(m.group(1)) == total_usable and int(m.group(2)) == len(usable), out


def expect_ram(board, mem, total, out):
    """Total RAM for -m mem (MiB)."""
    if board_arch(board) == "x86_64":
        # the BIOS keeps the 640K-1M hole and a little at the top
        assert mem - 2 <= total <= mem, out
    else:
        assert total == mem, out


@pytest.mark.parametrize("mem", [256, 512])
@pytest.mark.parametrize("board", BOARDS)
def test_ram_follows_qemu_m(board, mem, built):
    rc, out = built(board).run("MEM=%dM" % mem)
    assert rc == 0, out
    banks, total, usable, ready = memory_report(out)
    expect_ram(board, mem, total, out)
    assert usable < total and ready == usable, out
    check_reservations(built(board), out)
    expect_lines(out, [r"^vireo: memory: ram ", r"^vireo: memory: reserved .*hypervisor",
                       r"^vireo: memory: usable ", r"^vireo: memory: total ",
                       r"^vireo: pages: \d+ free of \d+"])


@pytest.mark.parametrize("board", DT_BOARDS)
def test_two_numa_nodes_give_two_banks(board, built):
    rc, out = built(board).run("MEM=1G", "SMP=2", "RUN_ARGS=%s" % NUMA)
    assert rc == 0, out
    banks, total, usable, _ = memory_report(out)
    assert len(banks) == 2 and total == 1024, out
    banks.sort()
    assert banks[0][1] + 1 == banks[1][0], out	# adjacent: 512M each
    assert all(e - b + 1 == 512 * MIB for b, e in banks), out
    check_reservations(built(board), out)


def fdtput(path, *args):
    subprocess.run(["fdtput", str(path)] + [str(a) for a in args], check=True)


def split_cells(value, cells):
    return [(value >> (32 * i)) & 0xffffffff for i in reversed(range(cells))]


def hole_dtb(board, path):
    """The board's own tree for -m 512M with its RAM cut in two: 128 MiB
    at the start of RAM, a 128 MiB hole, 64 MiB; RAM below the image (the
    firmware's, which QEMU's tree does not list) is reserved."""
    board_dtb(board, path, mem="512M")
    tree = Tree.of(path)
    acells = (tree.cells("/", "#address-cells") or [2])[0]
    scells = (tree.cells("/", "#size-cells") or [1])[0]
    base = tree.ram_start()
    for node in tree.memory_nodes():
        fdtput(path, "-r", node)
    # the hole is RAM the emulator has, but the tree disables it
    for start, size, on in ((base, 128 * MIB, True), (base + 128 * MIB, 128 * MIB, False),
                            (base + 256 * MIB, 64 * MIB, True)):
        node = "/memory@%x" % start
        fdtput(path, "-c", node)
        fdtput(path, "-t", "s", node, "device_type", "memory")
        fdtput(path, "-t", "u", node, "reg",
               *(split_cells(start, acells) + split_cells(size, scells)))
        if not on:
            fdtput(path, "-t", "s", node, "status", "disabled")
    load = int(board_config(board)["CONFIG_LOAD_ADDR"], 16)
    if load > base:
        node = "/reserved-memory/below-image@%x" % base
        if "/reserved-memory" not in tree.nodes:
            fdtput(path, "-c", "/reserved-memory")
            fdtput(path, "-t", "u", "/reserved-memory", "#address-cells", acells)
            fdtput(path, "-t", "u", "/reserved-memory", "#size-cells", scells)
            fdtput(path, "/reserved-memory", "ranges")
        fdtput(path, "-c", node)
        fdtput(path, "-t", "u", node, "reg",
               *(split_cells(base, acells) + split_cells(load - base, scells)))
        fdtput(path, node, "no-map")
    return path


@pytest.mark.parametrize("board", DT_BOARDS)
def test_builtin_dtb_with_a_hole(board, built):
    dtb = hole_dtb(board, OUT / "dtbs" / ("%s-hole.dtb" % board))
    b = built(board, "gcc", ["CONFIG_BUILTIN_DTB=y",
                             'CONFIG_BUILTIN_DTB_SOURCE="%s"' % dtb])
    rc, out = b.run("MEM=512M")
    assert rc == 0, out
    banks, total, usable, _ = memory_report(out)
    assert total == 192, out
    banks.sort()
    assert len(banks) == 2 and banks[1][0] - banks[0][1] - 1 == 128 * MIB, out
    assert re.search(r"^vireo: dtb: built-in at ", out, re.M), out
    # the hole's memory node is status = "disabled": not RAM
    assert not [r for r in ranges(out, "ram") if r[0] <= banks[0][1] + 1 < r[1]], out
    check_reservations(b, out)
    # nothing usable in the hole
    for a, e in re.findall(r"^vireo: memory: usable +(0x[0-9a-f]+)-(0x[0-9a-f]+)", out, re.M):
        assert int(e, 16) < banks[0][1] + 1 or int(a, 16) >= banks[1][0], out


@pytest.mark.parametrize("board", BOARDS)
def test_run_defaults_to_the_boards_memory_and_cpus(board, built):
    mem, smp = run_defaults(board)
    rc, out = built(board).run()
    assert rc == 0, out
    assert re.search(r"^  RUN .* -m %s -smp %d " % (mem, smp), out, re.M), out
    _, total, _, _ = memory_report(out)
    expect_ram(board, mebibytes(mem), total, out)
    expect_lines(out, [r"^vireo: cpu: %d cpus from " % smp])


def good_dtb(board, tmp_path):
    """The DTB the board normally runs with."""
    return bytearray(board_dtb(board, tmp_path / "good.dtb").read_bytes())


def dumped_dtb(board, tmp_path):
    """The board's usual tree, saved where a build can take it in."""
    path = OUT / "dtbs" / ("%s-dumped.dtb" % board)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(good_dtb(board, tmp_path))
    return path


@pytest.mark.parametrize("board", DT_BOARDS)
def test_builtin_dumped_dtb_keeps_firmware_reservations(board, built, tmp_path):
    """A tree dumped from the emulator, built in, lacks what the firmware
    reserves at run time (OpenSBI's own memory, in the tree it passes in
    a1): the firmware tree's reservations are kept, never handed out."""
    path = dumped_dtb(board, tmp_path)
    b = built(board, "gcc", ["CONFIG_BUILTIN_DTB=y",
                             'CONFIG_BUILTIN_DTB_SOURCE="%s"' % path])
    rc, out = b.run("MEM=256M")
    assert rc == 0 and re.search(r"^vireo: ready: ", out, re.M), out
    assert re.search(r"^vireo: dtb: built-in at ", out, re.M), out
    expect_lines(out, [r"^vireo: memory: keeping the reservations of the "
                       r"firmware dtb at 0x[0-9a-f]+"])
    kept = [(int(a, 16), int(e, 16)) for a, e in re.findall(
        r"^vireo: memory: reserved +(0x[0-9a-f]+)-(0x[0-9a-f]+) .*\(firmware dtb\)",
        out, re.M)]
    if board_arch(board) == "riscv64":
        assert kept, out	# OpenSBI's own memory
    for a, e in re.findall(r"^vireo: memory: usable +(0x[0-9a-f]+)-(0x[0-9a-f]+)",
                           out, re.M):
        assert all(int(e, 16) < ka or int(a, 16) > ke for ka, ke in kept), out


@pytest.mark.parametrize("board", [b for b in DT_BOARDS
                                   if board_emu(b) == "qemu-system-aarch64"])
def test_builtin_dtb_with_a_broken_firmware_tree_is_one_line(board, built, tmp_path):
    """What a broken firmware tree reserves cannot be known: refused.
    QEMU passes the tree given with -dtb in x0 as it is."""
    path = dumped_dtb(board, tmp_path)
    broken = tmp_path / "broken.dtb"
    broken.write_bytes(corrupt("no /memory node", path.read_bytes()))
    b = built(board, "gcc", ["CONFIG_BUILTIN_DTB=y",
                             'CONFIG_BUILTIN_DTB_SOURCE="%s"' % path])
    rc, out = b.run("MEM=256M", "RUN_ARGS=-dtb %s" % broken)
    expect_lines(out, [r"^vireo: dtb: built-in at ",
                       r"^vireo: error: memory: firmware dtb at 0x[0-9a-f]+: .+; "
                       r"cannot keep its reservations$",
                       r"^vireo: power off: status 1"])
    assert len(re.findall(r"^vireo: error: ", out, re.M)) == 1, out
    assert "ready:" not in out and rc != 0, out


def set32(blob, off, val):
    struct.pack_into(">I", blob, off, val)


def get32(blob, off):
    return struct.unpack_from(">I", blob, off)[0]


def corrupt(kind, blob):
    b = bytearray(blob)
    if kind == "bad magic":
        set32(b, 0, 0xd00dfeee)
    elif kind == "truncated":
        b = b[:get32(b, 4) // 2]	# half of what the header says
    elif kind == "unsupported version":
        set32(b, 20, 1)
        set32(b, 24, 1)
    elif kind == "overlapping blocks":
        set32(b, 12, get32(b, 8))	# strings block on top of the structure
    elif kind == "misaligned":
        set32(b, 8, get32(b, 8) + 2)	# DT spec 5.1: 4-byte aligned
    elif kind == "unterminated":
        off, size = get32(b, 12), get32(b, 32)
        b[off:off + size] = b"x" * size
    elif kind == "no /memory node":
        # rename every "memory" string (device_type values) in the blob
        b = bytearray(bytes(b).replace(b"memory\0", b"memorz\0"))
    return bytes(b)


KINDS = ["bad magic", "truncated", "unsupported version", "overlapping blocks",
         "misaligned", "unterminated", "no /memory node"]
# What the line says where it is not the kind's name: a shifted block
# overlaps its neighbour too, but the cause is its alignment.
MESSAGES = {"misaligned": r"structure block at offset 0x[0-9a-f]+ is not 4-byte aligned"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("board", BOARDS)
def test_corrupt_builtin_dtb_is_one_line_and_fails(board, kind, built, tmp_path):
    blob = corrupt(kind, good_dtb(board, tmp_path))
    path = OUT / "dtbs" / ("%s-%s.dtb" % (board, kind.replace(" ", "-").replace("/", "")))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(blob)
    b = built(board, "gcc", ["CONFIG_BUILTIN_DTB=y",
                             'CONFIG_BUILTIN_DTB_SOURCE="%s"' % path])
    rc, out = b.run()
    expect_lines(out, [
        r"^Vireo ",
        r"^vireo: error: dtb: built-in dtb at 0x[0-9a-f]+: .*%s"
        % MESSAGES.get(kind, re.escape(kind)),
        r"^vireo: power off: status 1",
    ])
    assert "ready:" not in out and "panic" not in out
    assert rc != 0


# /memory reg values (2 address and 2 size cells, as the root of every
# board's tree has) and the line that must name each mistake.
BAD_MEMORY = {
    "wraps": ("0xffffffff 0xfff00000 0x00 0x200000",
              r"/memory@\w+: reg entry 0 \(0xfffffffffff00000 size 0x200000\) "
              r"wraps past 2\^64"),
    "short": ("0x00 0x80000000 0x10000000",
              r"/memory@\w+: reg is 12 bytes, not whole entries of 4 cells"),
}


@pytest.mark.parametrize("kind", sorted(BAD_MEMORY))
@pytest.mark.parametrize("board", BOARDS)
def test_bad_memory_reg_is_one_line_and_fails(board, kind, built, tmp_path):
    good = tmp_path / "good.dtb"
    good.write_bytes(good_dtb(board, tmp_path))
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", str(good)],
                         check=True, capture_output=True, text=True).stdout
    for cells in ("#address-cells", "#size-cells"):	# of the root
        assert re.search(r"^\t%s = <0x0?2>;" % cells, dts, re.M), dts
    value, line = BAD_MEMORY[kind]
    dts, n = re.subn(r"(\tmemory@\w+ \{[^}]*?\treg = )<[^;]*>;",
                     lambda m: m.group(1) + "<%s>;" % value, dts, count=1)
    assert n == 1, dts
    path = OUT / "dtbs" / ("%s-memory-%s.dtb" % (board, kind))
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(path), "-"],
                   input=dts, check=True, text=True)
    b = built(board, "gcc", ["CONFIG_BUILTIN_DTB=y",
                             'CONFIG_BUILTIN_DTB_SOURCE="%s"' % path])
    rc, out = b.run()
    expect_lines(out, [r"^vireo: error: dtb: built-in dtb at 0x[0-9a-f]+: " + line,
                       r"^vireo: power off: status 1"])
    assert len(re.findall(r"^vireo: error: ", out, re.M)) == 1, out
    assert "ready:" not in out and rc != 0, out


@pytest.mark.parametrize("board", DT_BOARDS)
def test_nodes_without_driver_listed_once_at_debug_level(board, built):
    rc, out = built(board, "gcc", ["CONFIG_LOG_LEVEL=3"]).run()
    assert rc == 0, out
    listed = re.findall(r"^vireo: debug: dt: no driver for (\S+) \((.*)\)\r?$", out, re.M)
    paths = [p for p, _ in listed]
    assert listed and len(paths) == len(set(paths)), out
    # bound nodes are not listed; the quiet default build lists nothing
    bound = re.findall(r"^vireo: dt: \w+ \S+ at \S+ \((\S+)\)", out, re.M)
    assert bound and not set(bound) & set(paths), out
    _, quiet = built(board).run()
    assert "no driver for" not in quiet
