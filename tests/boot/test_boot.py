# SPDX-License-Identifier: MIT
"""Boot every board in its emulator and read the serial log line by line:
banner, boot line, ready line, power off, and the exit status of make run.
Failure paths too: a panic, and a CPU without what Vireo needs."""
import re

import pytest

from conftest import ARCH_MODE, BOARD_VIRT, BOARDS, expect_lines, read_config


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
