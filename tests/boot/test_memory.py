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
from conftest import BOARDS, OUT, board_arch, expect_lines

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
    assert total - 8 <= usable < total and ready == usable, out
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
    for start, size in ((base, 128 * MIB), (base + 256 * MIB, 64 * MIB)):
        node = "/memory@%x" % start
        fdtput(path, "-c", node)
        fdtput(path, "-t", "s", node, "device_type", "memory")
        fdtput(path, "-t", "u", node, "reg",
               *(split_cells(start, acells) + split_cells(size, scells)))
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
    elif kind == "unterminated":
        off, size = get32(b, 12), get32(b, 32)
        b[off:off + size] = b"x" * size
    elif kind == "no /memory node":
        # rename every "memory" string (device_type values) in the blob
        b = bytearray(bytes(b).replace(b"memory\0", b"memorz\0"))
    return bytes(b)


KINDS = ["bad magic", "truncated", "unsupported version", "overlapping blocks",
         "unterminated", "no /memory node"]


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
        r"^vireo: error: dtb: built-in dtb at 0x[0-9a-f]+: .*%s" % re.escape(kind),
        r"^vireo: power off: status 1",
    ])
    assert "ready:" not in out and "panic" not in out
    assert rc != 0


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
