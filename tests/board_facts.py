# SPDX-License-Identifier: MIT
"""What the tests know about a board, read from the board's own files:
its defconfig (through Kconfig), its boards/<board>/board.mk (through
make), its device tree (dts/ for a built-in tree, QEMU's dumpdtb for a
firmware tree) and its emulator flags. Nothing here names a board: a
board added as data alone is described like the others, and a fact a
board does not give skips the test that needs it, naming the fact."""
import functools
import os
import pathlib
import re
import shlex
import struct
import subprocess

import pytest

SRC = pathlib.Path(__file__).resolve().parent.parent
OUT = pathlib.Path(os.environ.get("VIREO_TEST_OUT", SRC / "tests-out"))
BOARDS = sorted(p.name[:-len("_defconfig")]
                for p in (SRC / "defconfigs").glob("*_defconfig"))

# make run's defaults when board.mk sets no EMU_MEM / EMU_SMP
# (docs/porting.md, "board.mk").
DEFAULT_MEM, DEFAULT_SMP = "256M", 1
# board.mk variables (docs/porting.md).
BOARD_MK_VARS = ("EMU", "EMU_PKG", "EMU_FLAGS", "EMU_KERNEL", "EMU_EXIT",
                 "EMU_MEM", "EMU_SMP", "EMU_CPU_HAS")
OBJTREE = "@objtree@"

# Bindings whose driver names the boot log shows (docs/device-tree.md,
# "Bindings Vireo's drivers serve"): compatible -> (role, log name). The
# local APIC's name is its mode, x2apic or xapic (see irqchip_name).
BINDINGS = {
    "arm,cortex-a15-gic": ("irqchip", "gicv2"),
    "arm,gic-400": ("irqchip", "gicv2"),
    "arm,cortex-a9-gic": ("irqchip", "gicv2"),
    "sifive,plic-1.0.0": ("irqchip", "plic"),
    "riscv,plic0": ("irqchip", "plic"),
    "intel,ce4100-lapic": ("irqchip", "lapic"),
    "arm,armv8-timer": ("timer", "arm-arch-timer"),
    "arm,armv7-timer": ("timer", "arm-arch-timer"),
    "riscv,timer": ("timer", "riscv-timer"),
}
# The local APIC node also carries the TSC + APIC timer; a RISC-V tree
# without a "riscv,timer" node gives the timer in /cpus.
LAPIC_TIMER, CPUS_TIMER = "tsc-apic", "riscv-timer"
# x86 virtualization features as the ready line's virt= names them
# (docs/boot-log.md), in the order it gives them.
X86_VIRT = (("vmx", "ept"), ("svm", "npt"))


def missing(board, fact):
    """Skip the calling test: the board does not give fact."""
    pytest.skip("board %s: %s" % (board, fact))


def make_env(env=None):
    full_env = dict(os.environ)
    # Nothing from an outer "make check" may leak into the builds under test.
    for var in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "O", "V", "LLVM",
                "CROSS_COMPILE", "KCONFIG_CONFIG", "srctree", "objtree",
                "MEM", "SMP", "RUN_ARGS"):
        full_env.pop(var, None)
    if env:
        full_env.update(env)
    return full_env


# ---------------------------------------------------------------------------
# board.mk and the defconfig

@functools.lru_cache(maxsize=None)
def _board_mk(board):
    path = SRC / "boards" / board / "board.mk"
    if not path.is_file():
        return {}
    script = ("objtree := %s\nsrctree := %s\ninclude %s\n"
              "$(foreach v,%s,$(info $(v)=$($(v))))\nall: ;@:\n"
              % (OBJTREE, SRC, path, " ".join(BOARD_MK_VARS)))
    proc = subprocess.run(["make", "--no-print-directory", "-s", "-f", "-"],
                          input=script, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, check=True,
                          env=make_env())
    return dict(line.split("=", 1) for line in proc.stdout.splitlines()
                if "=" in line)


def board_mk(board, var, objtree=None):
    """board.mk's var ('' if unset), $(objtree) as given."""
    value = _board_mk(board).get(var, "").strip()
    return value.replace(OBJTREE, str(objtree)) if objtree else value


def board_emu(board):
    """The emulator a board runs in (EMU): qemu-system-* or bochs."""
    return board_mk(board, "EMU")


def is_qemu(board):
    return board_emu(board).startswith("qemu-system-")


def emu_flags(board):
    return shlex.split(board_mk(board, "EMU_FLAGS"))


def run_defaults(board):
    """(MEM, SMP) of a plain make run."""
    return (board_mk(board, "EMU_MEM") or DEFAULT_MEM,
            int(board_mk(board, "EMU_SMP") or DEFAULT_SMP))


def mebibytes(size):
    """QEMU's -m syntax (a number of MiB, or with an M or G suffix)."""
    m = re.fullmatch(r"(\d+)([MG]?)", size)
    assert m, "not a size: %r" % size
    return int(m.group(1)) << (10 if m.group(2) == "G" else 0)


@functools.lru_cache(maxsize=None)
def board_config(board):
    """The .config board_defconfig gives: {CONFIG_X: value}."""
    objdir = OUT / "facts" / board
    objdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["make", "-C", str(SRC), "O=%s" % objdir,
                           "%s_defconfig" % board], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, env=make_env())
    if proc.returncode != 0:
        pytest.fail("%s_defconfig: %s" % (board, proc.stdout))
    return read_config(objdir)


def read_config(objdir):
    """The key=value pairs of objdir/.config."""
    conf = {}
    for line in (pathlib.Path(objdir) / ".config").read_text().splitlines():
        m = re.match(r"(CONFIG_\w+)=(.*)", line)
        if m:
            conf[m.group(1)] = m.group(2).strip('"')
    return conf


def board_arch(board):
    """CONFIG_ARCH of the board's defconfig."""
    return board_config(board)["CONFIG_ARCH"]


def board_with(*symbols):
    """The first board whose defconfig sets every one of symbols to y."""
    for board in BOARDS:
        if all(board_config(board).get(s) == "y" for s in symbols):
            return board
    pytest.skip("no board sets %s" % " and ".join(symbols))


def board_symbol(board):
    """The board's choice symbol (its Kconfig.board), e.g. BOARD_FOO."""
    text = (SRC / "boards" / board / "Kconfig.board").read_text()
    return re.search(r"^config (BOARD_\w+)", text, re.M).group(1)


@functools.lru_cache(maxsize=None)
def arch_mk(arch, var):
    """arch/<arch>/arch.mk's var (toolchain prefix, package...)."""
    script = "include %s\n$(info $(%s))\nall: ;@:\n" % (
        SRC / "arch" / arch / "arch.mk", var)
    return subprocess.run(["make", "--no-print-directory", "-s", "-f", "-"],
                          input=script, stdout=subprocess.PIPE, text=True,
                          check=True, env=make_env()).stdout.strip()


def builtin_tree(board):
    return board_config(board).get("CONFIG_BUILTIN_DTB") == "y"


# ---------------------------------------------------------------------------
# The emulator's CPU

def _cpu_option(board):
    """The -cpu model and its ,key=value / ,+feature options."""
    flags = emu_flags(board)
    for i, flag in enumerate(flags[:-1]):
        if flag == "-cpu":
            model, *opts = flags[i + 1].split(",")
            return model, opts
    return None, []


def cpu_has(board):
    """CPU features the emulator offers that the boot log shows (a set),
    or None if nothing says: board.mk's EMU_CPU_HAS, else what the flags
    say (QEMU: -cpu's +features, virtualization=on; the RISC-V CPU's
    default H unless h=false)."""
    listed = board_mk(board, "EMU_CPU_HAS")
    if listed:
        return set(listed.split())
    if not is_qemu(board):
        return None
    arch = board_arch(board)
    model, opts = _cpu_option(board)
    if arch == "aarch64":
        machine = ",".join(f for i, f in enumerate(emu_flags(board))
                           if i and emu_flags(board)[i - 1] in ("-M", "-machine"))
        return {"el2"} if "virtualization=on" in machine.split(",") else set()
    if arch == "riscv64":
        if model not in (None, "rv64"):
            return None
        return set() if {"h=false", "h=off"} & set(opts) else {"h"}
    if arch == "x86_64":
        if model not in ("qemu64", "qemu32", "kvm64"):
            return None
        return {o[1:] for o in opts if o.startswith("+")}
    return None


def expected_virt(board):
    """The ready line's virt= for the board's emulator, or None."""
    has = cpu_has(board)
    if has is None:
        return None
    arch = board_arch(board)
    if arch == "x86_64":
        for pair in X86_VIRT:
            if pair[0] in has:
                return ",".join(f for f in pair if f in has)
        return "none"
    want = {"aarch64": "el2", "riscv64": "h"}[arch]
    return want if want in has else "none"


def without_virt_args(board):
    """RUN_ARGS that take virtualization away from the board's CPU."""
    arch = board_arch(board)
    if not is_qemu(board):
        return None
    if arch == "aarch64":
        return "-M virtualization=off"
    if arch == "riscv64":
        model, opts = _cpu_option(board)
        return "-cpu %s" % ",".join([model or "rv64"] + opts + ["h=false"])
    return None


# ---------------------------------------------------------------------------
# The device tree

def board_dtb(board, path, mem=None, smp=1):
    """Write the tree the board boots with to path: its built-in .dts
    compiled, else the tree QEMU gives for its flags with -m mem."""
    conf = board_config(board)
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if builtin_tree(board):
        src = conf.get("CONFIG_BUILTIN_DTB_SOURCE", "")
        if not src:
            missing(board, "CONFIG_BUILTIN_DTB_SOURCE is empty")
        if "/" not in src and not src.endswith((".dts", ".dtb")):
            src = SRC / "dts" / ("%s.dts" % src)
        src = SRC / src
        fmt = "dtb" if src.suffix == ".dtb" else "dts"
        subprocess.run(["dtc", "-q", "-I", fmt, "-O", "dtb", "-o", str(path),
                        str(src)], check=True)
    elif is_qemu(board):
        mem = mem or run_defaults(board)[0]
        subprocess.run([board_emu(board)] + emu_flags(board) +
                       ["-machine", "dumpdtb=%s" % path, "-m", mem,
                        "-smp", str(smp), "-nographic"],
                       check=True, capture_output=True)
    else:
        missing(board, "no device tree: neither a built-in one nor "
                "an emulator that dumps its own")
    return path


class Tree:
    """A flattened device tree, read (only) from its blob."""

    def __init__(self, blob):
        magic, _, off_struct, off_strings = struct.unpack_from(">4I", blob)
        assert magic == 0xd00dfeed, "not a DTB"
        self.nodes = {}		# path -> {property: bytes}
        path, pos = [], off_struct
        while True:
            token, = struct.unpack_from(">I", blob, pos)
            pos += 4
            if token == 1:		# FDT_BEGIN_NODE
                end = blob.index(b"\0", pos)
                path.append(blob[pos:end].decode())
                pos = (end + 4) & ~3
                self.nodes["/" + "/".join(path[1:])] = {}
            elif token == 2:	# FDT_END_NODE
                path.pop()
            elif token == 3:	# FDT_PROP
                size, nameoff = struct.unpack_from(">II", blob, pos)
                name_at = off_strings + nameoff
                name = blob[name_at:blob.index(b"\0", name_at)].decode()
                self.nodes["/" + "/".join(path[1:])][name] = \
                    blob[pos + 8:pos + 8 + size]
                pos = (pos + 8 + size + 3) & ~3
            elif token == 9:	# FDT_END
                break

    @classmethod
    def of(cls, path):
        return cls(pathlib.Path(path).read_bytes())

    def strings(self, node, prop):
        value = self.nodes[node].get(prop, b"")
        return [s.decode() for s in value.split(b"\0") if s]

    def cells(self, node, prop):
        value = self.nodes[node].get(prop, b"")
        return list(struct.unpack(">%dI" % (len(value) // 4), value))

    def reg_addresses(self, node):
        """The addresses of node's reg entries (its parent's cell sizes)."""
        parent = node.rsplit("/", 1)[0] or "/"
        acells = (self.cells(parent, "#address-cells") or [2])[0]
        scells = (self.cells(parent, "#size-cells") or [1])[0]
        reg, step = self.cells(node, "reg"), acells + scells
        return [sum(c << (32 * i) for i, c in enumerate(reversed(reg[at:at + acells])))
                for at in range(0, len(reg) - step + 1, step)]

    def memory_nodes(self):
        return [n for n in self.nodes if self.strings(n, "device_type") == ["memory"]]

    def ram_start(self):
        """The lowest address a /memory node gives."""
        return min(a for n in self.memory_nodes() for a in self.reg_addresses(n))

    def bound(self, role):
        """[(node, log name, compatible)] of the nodes a driver of role binds."""
        found = []
        for node in self.nodes:
            for compat in self.strings(node, "compatible"):
                if BINDINGS.get(compat, (None,))[0] == role:
                    found.append((node, BINDINGS[compat][1], compat))
                    break
                if role == "timer" and compat == "intel,ce4100-lapic":
                    found.append((node, LAPIC_TIMER, compat))
                    break
        if role == "timer" and not found and \
                "timebase-frequency" in self.nodes.get("/cpus", {}):
            found.append(("/cpus", CPUS_TIMER, None))
        return found


@functools.lru_cache(maxsize=None)
def board_tree(board):
    return Tree.of(board_dtb(board, OUT / "facts" / board / "board.dtb"))


def driver_symbol(compat, kind):
    """The Kconfig symbol that builds the driver of kind (DRIVER_IRQCHIP...)
    for compat (drivers/*/Makefile)."""
    for makefile in (SRC / "drivers").glob("*/Makefile"):
        for sym, obj in re.findall(r"^obj-\$\((CONFIG_\w+)\)\s*\+=\s*(\S+)\.o",
                                   makefile.read_text(), re.M):
            source = makefile.parent / ("%s.c" % obj)
            text = source.read_text() if source.is_file() else ""
            if '"%s"' % compat in text and ".kind = %s" % kind in text:
                return sym
    return None


def driven_compatibles():
    """Every compatible string a driver under drivers/ lists."""
    found = set()
    for path in (SRC / "drivers").rglob("*.c"):
        for array in re.findall(r"_compatible\[\]\s*=\s*\{(.*?)\}",
                                path.read_text(), re.S):
            found.update(re.findall(r'"([^"]+)"', array))
    return found


def device_addresses(board):
    """The addresses of the devices Vireo drives on the board: the reg
    entries of its tree's nodes with a driver, EARLYCON, EARLY_POWEROFF."""
    tree, compats = board_tree(board), driven_compatibles()
    found = {a for node in tree.nodes
             if set(tree.strings(node, "compatible")) & compats
             for a in tree.reg_addresses(node)}
    for sym in ("CONFIG_EARLYCON", "CONFIG_EARLY_POWEROFF"):
        # "<driver>,[<space>,]<address>[,...]": its first number
        found.update(int(f, 0) for f in
                     board_config(board).get(sym, "").split(",")[1:][:2]
                     if re.fullmatch(r"0x[0-9a-fA-F]+|\d+", f))
    return found


def irqchip(board):
    """(log name, compatible, Kconfig symbol) of the board's interrupt
    controller; skips if its tree has none Vireo drives."""
    chips = board_tree(board).bound("irqchip")
    if not chips:
        missing(board, "no interrupt controller with a driver in its device tree")
    _, name, compat = chips[0]
    if name == "lapic":
        # TCG has no x2APIC (DESIGN.md section 5); other emulators say in
        # EMU_CPU_HAS whether their CPU has it.
        has = cpu_has(board) if not is_qemu(board) else set()
        if has is None:
            missing(board, "whether its CPU has x2APIC (EMU_CPU_HAS in board.mk)")
        name = "x2apic" if "x2apic" in has else "xapic"
    return name, compat, driver_symbol(compat, "DRIVER_IRQCHIP")


def timer(board):
    timers = board_tree(board).bound("timer")
    if not timers:
        missing(board, "no timer with a driver in its device tree")
    return timers[0][1]
