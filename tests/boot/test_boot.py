# SPDX-License-Identifier: MIT
"""Boot every board in its emulator and read the serial log line by line:
banner, boot line, ready line, power off, and the exit status of make run.
Failure paths too: a panic, a CPU without what Vireo needs, and what the
Bochs runner cannot do."""
import os
import re
import subprocess

import pytest

from conftest import (ARCH_MODE, BOARD_VIRT, BOARDS, SRC, board_emu,
                      expect_lines, read_config)


def ready_fields(output):
    m = re.search(r"^vireo: ready: (.*)$", output, re.M)
    assert m, output
    return dict(kv.split("=", 1) for kv in m.group(1).split())


@pytest.mark.parametrize("toolchain", ["gcc", "llvm"])
@pytest.mark.parametrize("board", BOARDS)
def test_boots_to_ready_and_exits_0(board, toolchain, built):
    b = built(board, toolchain)
    conf = read_config(b.objdir)
    arch, mode = conf["CONFIG_ARCH"], ARCH_MODE[conf["CONFIG_ARCH"]]
    rc, out = b.run()
    expect_lines(out, [
        r"^  RUN     \S+",
        r"^Vireo \d+\.\d+\.\d+ - board %s, arch %s, mode %s, virtualization \S+\r?$"
        % (board, arch, mode),
        r"^vireo: boot: cpu=\d+ console=\S+ dtb=(0x[0-9a-f]+|none)\r?$",
        r"^vireo: ready: ",
        r"^vireo: power off: status 0\r?$",
    ])
    fields = ready_fields(out)
    assert fields["arch"] == arch and fields["board"] == board
    assert fields["mode"] == mode
    if board in BOARD_VIRT:
        assert fields["virt"] == BOARD_VIRT[board]
    assert "panic" not in out and "error" not in out
    assert rc == 0, out


@pytest.mark.parametrize("board", BOARDS)
def test_panic_exits_nonzero_with_reason_and_location(board, built):
    b = built(board, "gcc", ["CONFIG_DEBUG_BOOT_PANIC=y"])
    rc, out = b.run()
    expect_lines(out, [
        r"^vireo: ready: ",
        r"^vireo: panic: CONFIG_DEBUG_BOOT_PANIC is set \(hal/boot\.c:\d+\)\r?$",
        r"^vireo: power off: status 1\r?$",
    ])
    assert rc != 0


@pytest.mark.parametrize("board", BOARDS)
def test_run_passes_memory_and_cpus(board, built):
    b = built(board, "gcc")
    rc, out = b.run("MEM=512M", "SMP=2")
    assert re.search(r"^  RUN .* -m 512M -smp 2 ", out, re.M), out
    assert rc == 0, out
    if board_emu(board) == "bochs":
        bochsrc = (b.objdir / "bochsrc").read_text()
        assert re.search(r"^memory: guest=512\b", bochsrc, re.M), bochsrc
        assert re.search(r"^cpu: .*\bcount=2\b", bochsrc, re.M), bochsrc


@pytest.mark.parametrize("board,run_args,banner,error", [
    ("qemu-virt-aarch64", "-M virtualization=off",
     "mode el1, virtualization none", "entered at EL1: Vireo needs EL2"),
    ("qemu-virt-riscv64", "-cpu rv64,h=false",
     "mode hs, virtualization none", "no H extension"),
])
def test_cpu_without_virtualization_says_why_and_fails(board, run_args, banner,
                                                       error, built):
    b = built(board, "gcc")
    rc, out = b.run("RUN_ARGS=%s" % run_args)
    expect_lines(out, [
        re.escape(banner),
        r"^vireo: error: " + re.escape(error),
        r"^vireo: power off: status 1",
    ])
    assert "ready:" not in out
    assert rc != 0


@pytest.mark.parametrize("board", [b for b in BOARDS if board_emu(b) == "bochs"])
def test_bochs_runner_says_what_is_wrong_in_one_line(board, built):
    b = built(board, "gcc")
    script = str(SRC / "scripts" / "run-bochs.sh")

    def run(*args, path=os.environ["PATH"]):
        proc = subprocess.run(["/bin/sh", script, "-o", str(b.objdir)] + list(args),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env={"PATH": path}, timeout=60)
        errors = proc.stderr.splitlines()
        assert len(errors) == 1, proc.stderr
        return proc.returncode, errors[0]

    image = str(b.objdir / "vireo.elf32")
    rc, err = run("-kernel", image, path="/nonexistent")
    assert rc != 0 and "'bochs' not found; install it: apt-get install bochs" in err
    rc, err = run("-kernel", str(b.objdir / "no-such-image"))
    assert rc != 0 and "no image" in err
    rc, err = run("-kernel", image, "-m", "lots")
    assert rc != 0 and "MEM=lots" in err
    # GRUB refuses an image without a multiboot header and waits.
    rc, err = run("-kernel", str(b.objdir / "builtin.dtb"), "-timeout", "3")
    assert rc == 124 and "timed out after 3s" in err
