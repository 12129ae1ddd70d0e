#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Generate the libfdt differential-test corpus (Python 3 standard library).

  gen_corpus.py OUTDIR [--srctree DIR] [--seed N] [--no-qemu]

Writes OUTDIR/blobs/*.dtb, OUTDIR/list (one path per line) and
OUTDIR/expected: the verdict dt_validate must give each seed, one
"name accept" or "name refuse reason" a line, reasoned from the format
(devicetree spec 0.4, chapter 5) and dt_validate's contract, not taken
from a run:
  qemu-*       device trees QEMU generates for each board (if installed),
               raw (1 MiB) and repacked by dtc
  dts-*        every dts/*.dts compiled with dtc
  hand-*       trees built here for the corners of the format: old versions,
               aliases, string lists, phandles, cells, NOPs, odd layouts
  mut-*        those mutated: header fields, truncation at every structure
               boundary, bit flips, bad tags and lengths, overlapping and
               misaligned blocks, unterminated strings...
Deterministic for a given --seed (QEMU's random rng-seed/kaslr-seed values
are overwritten). A QEMU that is missing is an error unless --no-qemu
says so: a silent skip would hide its trees from `make check`.
"""
import argparse
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

MAGIC = 0xD00DFEED
SW_MAGIC = 0x2FF20112
BEGIN_NODE, END_NODE, PROP, NOP, END = 1, 2, 3, 4, 9
HEADER_FIELDS = ["magic", "totalsize", "off_dt_struct", "off_dt_strings",
                 "off_mem_rsvmap", "version", "last_comp_version",
                 "boot_cpuid_phys", "size_dt_strings", "size_dt_struct"]


def be32(b, off):
    return struct.unpack_from(">I", b, off)[0]


def put32(b, off, v):
    struct.pack_into(">I", b, off, v & 0xFFFFFFFF)


def align(n, a=4):
    return (n + a - 1) & ~(a - 1)


# ---------------------------------------------------------------- building

class Node:
    def __init__(self, name, props=(), children=()):
        self.name = name
        self.props = list(props)        # (name, bytes)
        self.children = list(children)


def s(*strs):
    """A string-list property value."""
    return b"".join(x.encode() + b"\0" for x in strs)


def u32(*vals):
    return b"".join(struct.pack(">I", v & 0xFFFFFFFF) for v in vals)


def build(root, version=17, rsv=(), last_comp=None, nops=False, layout="rst",
          magic=MAGIC, boot_cpu=0, pad=0, dedup=True, strings_first_extra=b""):
    """Serialise a tree. layout: order of rsvmap (r), struct (s), strings (t)
    as 'rst' (dtc's), 'rts', 'tsr'... Before v16 node names are full paths
    and values of 8 bytes or more are 8-aligned, as libfdt expects."""
    strtab = bytearray(strings_first_extra)
    index = {}

    def nameoff(name):
        if dedup and name in index:
            return index[name]
        off = len(strtab)
        strtab.extend(name.encode() + b"\0")
        index[name] = off
        return off

    st = bytearray()

    def tag(t):
        if nops:
            st.extend(u32(NOP))
        st.extend(u32(t))

    def emit(node, path):
        tag(BEGIN_NODE)
        if version < 16:
            here = path + "/" + node.name if path or node.name else ""
            st.extend((here or "/").encode() + b"\0")
        else:
            here = path + "/" + node.name
            st.extend(node.name.encode() + b"\0")
        while len(st) % 4:
            st.append(0)
        for pname, val in node.props:
            tag(PROP)
            st.extend(u32(len(val), nameoff(pname)))
            if version < 16 and len(val) >= 8 and len(st) % 8:
                st.extend(b"\0" * 4)
            st.extend(val)
            while len(st) % 4:
                st.append(0)
        for c in node.children:
            emit(c, here)
        tag(END_NODE)

    emit(root, "")
    st.extend(u32(END))

    hdrsize = {2: 32, 3: 36}.get(version, 36 if version < 17 else 40)
    if version < 2:
        hdrsize = 28
    rsvmap = b"".join(struct.pack(">QQ", a, n) for a, n in rsv) + b"\0" * 16
    blocks = {"r": bytes(rsvmap), "s": bytes(st), "t": bytes(strtab)}
    out = bytearray(hdrsize)
    offs = {}
    for k in layout:
        while len(out) % (8 if k == "r" else 4):
            out.append(0)
        offs[k] = len(out)
        out.extend(blocks[k])
    out.extend(b"\0" * pad)
    hdr = [magic, len(out), offs["s"], offs["t"], offs["r"], version,
           last_comp if last_comp is not None else min(version, 16),
           boot_cpu, len(strtab), len(st)]
    for i in range(hdrsize // 4):
        put32(out, 4 * i, hdr[i])
    return bytes(out)


def feature_tree():
    """Most corners in one tree."""
    return Node("", [
        ("compatible", s("vireo,test", "vireo,base")),
        ("model", s("Vireo test")),
        ("#address-cells", u32(2)),
        ("#size-cells", u32(1)),
        ("empty", b""),
        ("interrupt-parent", u32(1)),
    ], [
        Node("aliases", [
            ("serial0", s("/soc/uart@1000")),
            ("serial1", s("/soc/uart@2000/")),
            ("rel", s("serial0")),          # alias to alias
            ("relsub", s("soc/uart")),
            ("chain1", s("chain2")),
            ("chain2", s("chain3/")),
            ("chain3", s("/cpus")),
            ("loop", s("loop")),            # recursion without end
            ("loopa", s("loopb/x")),
            ("loopb", s("loopa")),
            ("empty", b"\0"),
            ("nul", b""),
            ("unterm", b"/soc"),            # no NUL
            ("bad", s("/absent/node")),
            ("mid", s("/soc", "x")),
        ]),
        Node("chosen", [("stdout-path", s("serial0:115200n8")),
                        ("bootargs", s(""))]),
        Node("cpus", [("#address-cells", u32(1)), ("#size-cells", u32(0))], [
            Node("cpu@0", [("device_type", s("cpu")), ("reg", u32(0)),
                           ("compatible", s("arm,cortex-a57")),
                           ("phandle", u32(2))]),
            Node("cpu@1", [("device_type", s("cpu")), ("reg", u32(1)),
                           ("compatible", s("arm,cortex-a57")),
                           ("linux,phandle", u32(3))]),
            Node("cpu@2", [("reg", u32(2)), ("phandle", u32(4)),
                           ("linux,phandle", u32(5))]),
            Node("cpu", [("reg", u32(9))]),
        ]),
        Node("memory@40000000", [("device_type", s("memory")),
                                 ("reg", u32(0, 0x40000000, 0x10000000))]),
        Node("soc", [("compatible", s("simple-bus")), ("ranges", b""),
                     ("#address-cells", u32(1)), ("#size-cells", u32(1)),
                     ("phandle", u32(0xFFFFFFFF))], [
            Node("uart@1000", [("compatible", s("ns16550a", "ns16550")),
                               ("reg", u32(0x1000, 0x100)),
                               ("status", s("okay")), ("phandle", u32(1))]),
            Node("uart@2000", [("compatible", s("ns16550a")),
                               ("reg", u32(0x2000, 0x100)),
                               ("status", s("disabled"))]),
            Node("uart", [("compatible", s("", "x", ""))]),
            Node("intc@3000", [("compatible", s("arm,cortex-a15-gic")),
                               ("#address-cells", u32(0)),
                               ("#size-cells", u32(5)),
                               ("phandle", u32(0))]),
            Node("bad-cells", [("#address-cells", u32(1, 2)),
                               ("#size-cells", b"\0\0\0"),
                               ("compatible", b"unterminated")]),
            Node("cells4", [("#address-cells", u32(4)),
                            ("#size-cells", u32(4)),
                            ("compatible", b"a\0b\0c")]),
            Node("bigprop", [("data", bytes(range(256)) * 3),
                             ("u64", u32(1, 2)),
                             ("compatible", s("x") * 40)]),
        ]),
        Node("dup", [("a", u32(1)), ("a", u32(2))], [
            Node("same", [("x", b"1")]),
            Node("same", [("x", b"2")]),
            Node("same@1", []),
            Node("at@", []),
            Node("multi@1@2", []),
            Node("multi@1", [("x", b"")]),
            Node("multi@1@3", []),
            Node("@", []),
            Node("", []),
        ]),
        Node("deep", [], [Node("l1", [], [Node("l2", [], [Node("l3", [], [
            Node("l4", [("compatible", s("deep"))])])])])]),
    ])


def small_trees():
    yield "min", Node("", [])
    yield "props", Node("", [("a", b""), ("b", u32(7)), ("c", s("x", "yy"))])
    yield "nest", Node("", [], [Node("a", [], [Node("b", [], [Node("c")])]),
                                Node("d")])
    yield "named-root", Node("root", [("compatible", s("r"))],
                             [Node("child")])
    yield "slash-name", Node("", [], [Node("a/b", [("x", u32(1))]),
                                      Node("a", [], [Node("b")])])


ACCEPT = "accept"
NO_MEMORY = "refuse no /memory node"
BAD_MAGIC = "refuse bad magic"
CORRUPT = "refuse"      # some structure error; the wording varies with it


def hand_blobs():
    """(name, blob, expected verdict) for the handcrafted seeds. Every
    feature tree has a /memory node: a sound one is accepted in every
    version libfdt reads (2..17, or later with last_comp_version <= 17),
    in any block order, with NOPs, padding or undeduplicated strings.
    The small trees have none and are refused for it."""
    ft = feature_tree()
    rsv = [(0x1000, 0x2000), (0, 0x100), (0xFFFFFFFFFFFF0000, 0x10000)]
    yield "hand-feature-v17", build(ft, 17, rsv), ACCEPT
    yield "hand-feature-v16", build(ft, 16, rsv), ACCEPT
    yield "hand-feature-v3", build(ft, 3, rsv), ACCEPT
    yield "hand-feature-v2", build(ft, 2, rsv), ACCEPT
    # a NOP before the root: libfdt and the HAL take the root at offset 0
    yield "hand-feature-nops", build(ft, 17, nops=True), \
        "refuse bad node name at offset 0"
    yield "hand-feature-rts", build(ft, 17, rsv, layout="rts"), ACCEPT
    yield "hand-feature-tsr", build(ft, 17, rsv, layout="tsr"), ACCEPT
    yield "hand-feature-pad", build(ft, 17, pad=100), ACCEPT
    yield "hand-feature-nodedup", build(ft, 17, dedup=False,
                                        strings_first_extra=b"junk\0"), ACCEPT
    yield "hand-feature-sw", build(ft, 17, rsv, magic=SW_MAGIC), BAD_MAGIC
    yield "hand-feature-swneg", sw_layout(build(ft, 17, rsv)), BAD_MAGIC
    yield "hand-feature-v18", build(ft, 18, last_comp=16), ACCEPT
    yield "hand-feature-comp17", build(ft, 17, last_comp=17), ACCEPT
    for name, t in small_trees():
        yield "hand-%s-v17" % name, build(t, 17), NO_MEMORY
        yield "hand-%s-v3" % name, build(t, 3), NO_MEMORY
    yield "hand-manyrsv", build(Node("", []), 17,
                                [(i << 12, 0x1000) for i in range(40)]), NO_MEMORY
    # a property whose length makes libfdt 1.6.1's walk loop
    b = bytearray(build(Node("", [("x", u32(1))], [Node("n")]), 17))
    put32(b, be32(b, 8) + 8 + 4, 0xFFFFFFF4)
    yield "hand-loopprop", bytes(b), CORRUPT
    # lengths that wrap to short steps
    for v in (0xFFFFFFF8, 0xFFFFFFFC, 0xFFFFFFF0, 0xFFFFFFFF, 0xFFFFFFF5):
        for ver in (17, 3):
            b = bytearray(build(Node("", [("compatible", u32(1)),
                                          ("y", u32(2))], [Node("n")]), ver))
            put32(b, be32(b, 8) + 8 + 4, v)
            yield "hand-wraplen-%08x-v%d" % (v, ver), bytes(b), CORRUPT
    # nodes after the root's end
    b = bytearray(build(Node("", [("a", u32(1))]), 17))
    st = be32(b, 8)
    size = be32(b, 36)
    extra = u32(BEGIN_NODE) + b"two\0" + u32(PROP, 4, 0) + u32(5) + \
        u32(END_NODE) + u32(END_NODE) + u32(END)
    body = bytes(b[st:st + size - 4]) + extra
    yield "hand-tworoots", raw_blob(body, bytes(b[be32(b, 12):]), 17), CORRUPT
    # no END tag, no END_NODE
    yield "hand-noend", raw_blob(u32(BEGIN_NODE) + b"\0\0\0\0" +
                                 u32(BEGIN_NODE) + b"a\0\0\0", b"", 17), CORRUPT
    # strings block without a final NUL
    b = bytearray(build(Node("", [("abc", u32(1))]), 17))
    b[be32(b, 12) + be32(b, 32) - 1] = ord("x")
    yield "hand-strunterm", bytes(b), CORRUPT
    # /memory must be a child of the root with device_type "memory\0"
    mem = Node("memory@0", [("device_type", s("memory")),
                            ("reg", u32(0, 0x1000))])
    yield "hand-memory-nested", build(Node("", [], [Node("soc", [], [mem])]),
                                      17), NO_MEMORY
    yield "hand-memory-type-unterminated", build(Node("", [], [
        Node("memory@0", [("device_type", b"memory")])]), 17), NO_MEMORY
    # the reserve map's terminator (16 bytes) ending at the next block,
    # and overlapping it by 8 bytes (read as zeros by both)
    touch, over = rsv_terminator_blobs(ft)
    yield "hand-rsvterm-touches", touch, ACCEPT
    yield "hand-rsvterm-overlaps", over, "refuse overlapping blocks"


def rsv_terminator_blobs(tree):
    """Layout reserve map, strings, structure. The strings block starts
    with 8 zero bytes, so the second blob can start it 8 bytes early, on
    the last half of the terminator, and still read the same names."""
    ok = bytearray(build(tree, 17, [(0x1000, 0x2000)], layout="rts",
                         strings_first_extra=b"\0" * 8))
    t = be32(ok, 12)
    assert be32(ok, 16) + 32 == t and ok[t:t + 8] == b"\0" * 8
    over = ok[:t] + ok[t + 8:]
    put32(over, 4, len(over))
    put32(over, 8, be32(ok, 8) - 8)
    put32(over, 12, t - 8)
    return bytes(ok), bytes(over)


def sw_layout(b):
    """As libfdt's sequential writer leaves a blob: FDT_SW_MAGIC, the
    strings offset at the end of the strings, names at negative offsets."""
    b = bytearray(b)
    st, sst = be32(b, 12), be32(b, 32)
    put32(b, 0, SW_MAGIC)
    put32(b, 12, st + sst)
    so = be32(b, 8)
    for off, t, x in tags(bytes(b)):
        if t == PROP and x:
            put32(b, so + off + 8, x[1] - sst)
    return bytes(b)


def raw_blob(structb, strings, version, rsv=b"\0" * 16, magic=MAGIC):
    hdr = 40
    out = bytearray(hdr) + rsv + structb + strings
    vals = [magic, len(out), hdr + len(rsv), hdr + len(rsv) + len(structb),
            hdr, version, 16, 0, len(strings), len(structb)]
    for i, v in enumerate(vals):
        put32(out, 4 * i, v)
    return bytes(out)


# ---------------------------------------------------------------- parsing

def tags(b):
    """(offset, tag, extra) along the structure block, as far as it parses.
    extra: (name_start, name_end) for nodes, (len, nameoff) for properties."""
    out = []
    try:
        so, total = be32(b, 8), be32(b, 4)
        ver = be32(b, 20)
        end = min(len(b), total)
        if ver >= 17:
            end = min(end, so + be32(b, 36))
        off = 0
        while so + off + 4 <= end and len(out) < 20000:
            t = be32(b, so + off)
            if t == BEGIN_NODE:
                nul = b.find(b"\0", so + off + 4, end)
                if nul < 0:
                    out.append((off, t, None))
                    break
                out.append((off, t, (so + off + 4, nul)))
                off = align(nul + 1 - so)
            elif t == PROP:
                if so + off + 12 > end:
                    out.append((off, t, None))
                    break
                ln, no = be32(b, so + off + 4), be32(b, so + off + 8)
                out.append((off, t, (ln, no)))
                step = 12 + ln
                if ver < 16 and ln >= 8 and (off + 12) % 8:
                    step += 4
                off = align(off + step)
            elif t in (END_NODE, NOP):
                out.append((off, t, None))
                off += 4
            else:
                out.append((off, t, None))
                break
    except struct.error:
        pass
    return out


def find_props(b, names):
    """Blob offsets of the values of properties with these names."""
    res = []
    if len(b) < 40:
        return res
    strs = be32(b, 12)
    so = be32(b, 8)
    for off, t, x in tags(b):
        if t == PROP and x:
            ln, no = x
            nul = b.find(b"\0", strs + no)
            if nul >= 0 and b[strs + no:nul].decode("latin1") in names:
                res.append((so + off + 12, ln))
    return res


def normalise_seeds(b):
    """QEMU's rng-seed and kaslr-seed are random: make them fixed."""
    b = bytearray(b)
    for pos, ln in find_props(bytes(b), ("rng-seed", "kaslr-seed")):
        b[pos:pos + ln] = bytes((i * 37 + 11) & 0xFF for i in range(ln))
    return bytes(b)


# ---------------------------------------------------------------- mutating

SPECIAL32 = [0, 1, 2, 3, 4, 8, 0x10, 0x11, 0x12, 0x28, 0x7FFFFFFF, 0x80000000,
             0xFFFFFFFF, 0xFFFFFFFC, 0xFFFFFFF8, 0xFFFFFFF0, 0xFFFFFFF4]


def mutations(name, b, rng, big):
    """Yield (category, suffix, blob). big: sample instead of covering
    everything (main() samples each category again)."""
    if len(b) < 40:
        return
    hdr = [be32(b, 4 * i) for i in range(10)]
    total, so, st, sr = hdr[1], hdr[2], hdr[3], hdr[4]
    ver, sst, ssz = hdr[5], hdr[8], hdr[9]

    def with_fields(**kw):
        m = bytearray(b)
        for k, v in kw.items():
            put32(m, 4 * HEADER_FIELDS.index(k), v)
        return bytes(m)

    # header fields
    muts = []
    for i, f in enumerate(HEADER_FIELDS):
        v = hdr[i]
        cands = set(SPECIAL32) | {v + 1, v - 1, v + 4, v - 4, v + 8, len(b),
                                  len(b) - 1, len(b) + 1, so, st, sr}
        if f in ("version", "last_comp_version"):
            cands |= {1, 2, 3, 15, 16, 17, 18, 0x20}
        if f == "magic":
            cands = {SW_MAGIC, MAGIC ^ 1, 0, 0xFFFFFFFF, MAGIC ^ 0x80000000}
        cands = sorted(x & 0xFFFFFFFF for x in cands)
        if big:
            cands = rng.sample(cands, min(len(cands), 5))
        for c in cands:
            muts.append(("hdr-%s-%x" % (f, c), with_fields(**{f: c})))
    # combinations of layouts
    muts += [
        ("overlap-strings-struct", with_fields(off_dt_strings=so)),
        ("overlap-struct-strings", with_fields(off_dt_struct=st)),
        ("overlap-rsv-struct", with_fields(off_mem_rsvmap=so)),
        ("overlap-rsv-strings", with_fields(off_mem_rsvmap=st)),
        ("struct-in-header", with_fields(off_dt_struct=0)),
        ("struct-at-8", with_fields(off_dt_struct=8, size_dt_struct=ssz + so - 8)),
        ("struct-misaligned-1", with_fields(off_dt_struct=so + 1)),
        ("struct-misaligned-2", with_fields(off_dt_struct=so + 2)),
        ("struct-back-4", with_fields(off_dt_struct=so - 4, size_dt_struct=ssz + 4)),
        ("strings-misaligned", with_fields(off_dt_strings=st + 1,
                                           size_dt_strings=max(sst - 1, 0))),
        ("strings-past-end", with_fields(off_dt_strings=total + 4)),
        ("strings-huge", with_fields(size_dt_strings=0xFFFFFFF0)),
        ("struct-huge", with_fields(size_dt_struct=0xFFFFFFF0)),
        ("strings-short", with_fields(size_dt_strings=max(sst - 1, 0))),
        ("struct-short", with_fields(size_dt_struct=max(ssz - 4, 0))),
        ("total-small", with_fields(totalsize=40)),
        ("total-tiny", with_fields(totalsize=12)),
        ("total-zero", with_fields(totalsize=0)),
        ("total-struct-end", with_fields(totalsize=so + ssz)),
        ("total-plus", with_fields(totalsize=total + 100)),
        ("total-int-max", with_fields(totalsize=0x7FFFFFFF)),
        ("total-big", with_fields(totalsize=0x20000000)),
        ("v16-sizes", with_fields(version=16, size_dt_struct=0)),
        ("v3-layout", with_fields(version=3, last_comp_version=2)),
        ("v2-layout", with_fields(version=2, last_comp_version=2)),
        ("sw", with_fields(magic=SW_MAGIC)),
        ("sw-nostruct", with_fields(magic=SW_MAGIC, size_dt_struct=0)),
        ("sw-v3", with_fields(magic=SW_MAGIC, version=3)),
        ("rsv-no-term", bytes(b[:sr]) + b"\x11" * 16 * 4 + bytes(b[sr + 64:])
         if sr + 64 <= len(b) else b),
        ("rsv-at-end", with_fields(off_mem_rsvmap=total - 8)),
        ("rsv-at-total", with_fields(off_mem_rsvmap=total)),
    ]

    # truncation at structure boundaries: file and totalsize cut, or the
    # structure block cut with the strings kept
    tl = tags(b)
    # and inside a few properties (length or nameoff cut off) and names
    inprop = [o for o, t, _ in tl if t == PROP][:6]
    innode = [o for o, t, _ in tl if t == BEGIN_NODE][:4]
    bounds = sorted({o for o, _, _ in tl} | {o + 2 for o, _, _ in tl[:8]} |
                    {o + d for o in inprop for d in (4, 6, 8, 12)} |
                    {o + d for o in innode for d in (4, 5)})
    if big:
        bounds = sorted(rng.sample(bounds, min(len(bounds), 24)))
    elif len(bounds) > 80:
        bounds = sorted(rng.sample(bounds, 80))
    strings = bytes(b[st:st + sst])
    for k in bounds:
        cut = bytearray(b[:so + k])
        if len(cut) >= 40:
            put32(cut, 4, len(cut))
            put32(cut, 36, k)
            muts.append(("cut-file-%d" % k, bytes(cut)))
        if so + k <= len(b) and st >= so + ssz:
            muts.append(("cut-struct-%d" % k,
                         raw_blob(bytes(b[so:so + k]), strings, ver)))
    for k in ([len(b) // 2, 41, 39, 20, 4, 0] if not big else [len(b) // 2, 39]):
        muts.append(("short-file-%d" % k, bytes(b[:k])))

    # tags and lengths
    props = [(o, x) for o, t, x in tl if t == PROP and x]
    nodes = [(o, x) for o, t, x in tl if t == BEGIN_NODE and x]
    alltags = [o for o, _, _ in tl]
    pick = (lambda seq, n: rng.sample(seq, min(len(seq), n))) if big else \
        (lambda seq, n: seq if len(seq) <= n else rng.sample(seq, n))
    for o, (ln, no) in pick(props, 12):
        for v in [0xFFFFFFFF, 0xFFFFFFFC, 0xFFFFFFF8, 0xFFFFFFF4, 0xFFFFFFF0,
                  0x7FFFFFFF, ln + 1, ln + 4, ln - 1 if ln else 0, 0,
                  0xFFFFFFF4 - 4]:
            m = bytearray(b)
            put32(m, so + o + 4, v)
            muts.append(("proplen-%d-%x" % (o, v & 0xFFFFFFFF), bytes(m)))
        for v in [sst, sst - 1, 0xFFFFFFFF, 0x7FFFFFFF, total, no + 1,
                  0x80000000, (0 - st) & 0xFFFFFFFF]:
            m = bytearray(b)
            put32(m, so + o + 8, v)
            muts.append(("nameoff-%d-%x" % (o, v & 0xFFFFFFFF), bytes(m)))
    for o, (ns, ne) in pick(nodes, 6):
        m = bytearray(b)
        nxt = align(ne + 1 - so) + so
        for i in range(ne, min(nxt, len(m))):
            m[i] = ord("A")
        muts.append(("nameunterm-%d" % o, bytes(m)))
        m = bytearray(b)
        if ne > ns:
            m[ns] = ord("/")
            muts.append(("nameslash-%d" % o, bytes(m)))
    for o in pick(alltags, 16):
        for v in [0, 5, 0xFFFFFFFF, END, END_NODE, NOP, BEGIN_NODE, PROP,
                  0x01000000]:
            m = bytearray(b)
            put32(m, so + o, v)
            muts.append(("tag-%d-%x" % (o, v), bytes(m)))

    # strings block
    if sst and st + sst <= len(b):
        m = bytearray(b)
        m[st + sst - 1] = ord("x")
        muts.append(("strings-unterm", bytes(m)))
        m = bytearray(b)
        for i in range(st, st + sst):
            if m[i] == 0:
                m[i] = ord("_")
        muts.append(("strings-nonul", bytes(m)))

    # bit flips and random words
    nflip = 24 if big else 40
    for i in range(nflip):
        m = bytearray(b)
        for _ in range(rng.choice((1, 1, 2, 3))):
            region = rng.random()
            if region < 0.15:
                pos = rng.randrange(0, 40)
            elif region < 0.85 and ssz and so < len(b):
                pos = rng.randrange(so, min(so + ssz, len(b)))
            else:
                pos = rng.randrange(0, len(b))
            m[pos] ^= 1 << rng.randrange(8)
        muts.append(("flip-%d" % i, bytes(m)))
    for i in range(12 if big else 20):
        m = bytearray(b)
        if ssz >= 4 and so + ssz <= len(b):
            pos = so + 4 * rng.randrange(ssz // 4)
            put32(m, pos, rng.choice(SPECIAL32 + [rng.getrandbits(32)]))
            muts.append(("word-%d" % i, bytes(m)))

    for suffix, m in muts:
        yield suffix.split("-")[0], suffix, m


# Mutants kept per seed and category: the main seeds (QEMU's, dts/, the
# feature tree) get many, the variants a few. Category = suffix prefix.
MAIN_SEEDS = {"hand-feature-v17", "hand-feature-v3", "hand-feature-swneg",
              "hand-props-v17", "hand-loopprop", "qemu-aarch64-virt",
              "qemu-riscv64-virt"}
QUOTA_MAIN = {"hdr": 24, "cut": 14, "flip": 14, "proplen": 10, "nameoff": 6,
              "tag": 10, "word": 6, "short": 3, "*": 40}
QUOTA_LIGHT = {"hdr": 4, "cut": 3, "flip": 3, "proplen": 3, "nameoff": 1,
               "tag": 2, "word": 1, "short": 1, "*": 5}
# every dts/*.dts is a main seed too (see main())


# ---------------------------------------------------------------- sources

QEMU_RUNS = [
    ("qemu-aarch64-virt", "qemu-system-aarch64",
     ["-M", "virt,virtualization=on,gic-version=2,dumpdtb=%s",
      "-cpu", "cortex-a57", "-m", "256M"]),
    ("qemu-riscv64-virt", "qemu-system-riscv64",
     ["-M", "virt,dumpdtb=%s", "-m", "256M"]),
]
QEMU_VARIANTS = [
    ("", []),
    ("-smp4", ["-smp", "4"]),
    ("-numa", ["-m", "1G",
               "-object", "memory-backend-ram,id=m0,size=512M",
               "-object", "memory-backend-ram,id=m1,size=512M",
               "-numa", "node,memdev=m0,cpus=0",
               "-numa", "node,memdev=m1,cpus=1", "-smp", "2"]),
]


def qemu_blobs(tmp):
    for board, exe, args in QEMU_RUNS:
        if not shutil.which(exe):
            sys.exit("gen_corpus: %s not found: install QEMU for the %s "
                     "trees, or pass --no-qemu to do without them"
                     % (exe, board))
        for var, extra in QEMU_VARIANTS:
            path = os.path.join(tmp, board + var + ".dtb")
            cmd = [exe] + [a % path if "%s" in a else a for a in args]
            if "-m" in extra:   # the NUMA run sets its own memory size
                i = cmd.index("-m")
                del cmd[i:i + 2]
            cmd += extra + ["-nographic", "-display", "none"]
            r = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=60)
            if r.returncode or not os.path.exists(path):
                sys.exit("gen_corpus: %s failed:\n%s" %
                         (" ".join(cmd), r.stderr.decode()))
            with open(path, "rb") as f:
                yield board + var, normalise_seeds(f.read())


def dtc(args, data=None):
    r = subprocess.run(["dtc", "-q"] + args, input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode:
        sys.exit("gen_corpus: dtc %s failed:\n%s" %
                 (" ".join(args), r.stderr.decode()))
    return r.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--srctree", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--no-qemu", action="store_true")
    a = ap.parse_args()

    blobdir = os.path.join(a.out, "blobs")
    shutil.rmtree(blobdir, ignore_errors=True)
    os.makedirs(blobdir)
    have_dtc = shutil.which("dtc") is not None
    seeds = []          # (name, blob, big)
    expected = {}       # seed name: verdict (see the module's doc)

    with tempfile.TemporaryDirectory() as tmp:
        if not a.no_qemu:
            for name, b in qemu_blobs(tmp):
                seeds.append((name + "-raw", b, None))     # not mutated
                expected[name + "-raw"] = ACCEPT
                if have_dtc:
                    seeds.append((name, dtc(["-I", "dtb", "-O", "dtb"], b),
                                  True))
                    expected[name] = ACCEPT
    dts = os.path.join(a.srctree, "dts")
    for f in sorted(os.listdir(dts)) if os.path.isdir(dts) else []:
        if f.endswith(".dts"):
            if not have_dtc:
                sys.exit("gen_corpus: dtc not found (device-tree-compiler)")
            seeds.append(("dts-" + f[:-4],
                          dtc(["-I", "dts", "-O", "dtb", os.path.join(dts, f)]),
                          True))
            MAIN_SEEDS.add("dts-" + f[:-4])
            expected["dts-" + f[:-4]] = ACCEPT     # a board's own tree
    for name, b, verdict in hand_blobs():
        seeds.append((name, b, False))
        expected[name] = verdict

    names = []

    def write(name, data):
        path = os.path.join(blobdir, name + ".dtb")
        with open(path, "wb") as f:
            f.write(data)
        names.append(path)

    for name, b, big in seeds:
        write(name, b)
        if big is None:
            continue
        rng = random.Random("%d:%s" % (a.seed, name))
        bycat = {}
        for cat, suffix, m in mutations(name, b, rng, big):
            bycat.setdefault(cat, []).append((suffix, m))
        quota = QUOTA_MAIN if name in MAIN_SEEDS else QUOTA_LIGHT
        seen = {b}
        for cat in sorted(bycat):
            muts = bycat[cat]
            n = quota.get(cat, quota["*"])
            for suffix, m in rng.sample(muts, min(n, len(muts))):
                if m not in seen:
                    seen.add(m)
                    write("mut-%s-%s" % (name, suffix), m)

    with open(os.path.join(a.out, "list"), "w") as f:
        f.write("".join(p + "\n" for p in names))
    with open(os.path.join(a.out, "expected"), "w") as f:
        f.write("".join("%s %s\n" % kv for kv in sorted(expected.items())))
    print("gen_corpus: %d blobs from %d seeds" % (len(names), len(seeds)))


if __name__ == "__main__":
    main()
