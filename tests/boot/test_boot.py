# SPDX-License-Identifier: MIT
"""Boot every board in its emulator and read the serial log line by line:
banner, boot line, ready line, power off, and the exit status of make run.
Failure paths too: a panic, a CPU without what Vireo needs, and what the
Bochs runner cannot do."""
import os
import pathlib
import re
import subprocess

import pytest

from board_facts import (board_arch, board_mk, expected_virt, is_qemu,
                         missing, without_virt_args)
from conftest import (ARCH_MODE, BOARDS, SRC, board_emu, expect_lines,
                      read_config)

# What each architecture says when its CPU lacks virtualization
# (docs/boot-log.md): (banner, error).
NO_VIRT = {
    "aarch64": ("mode el1, virtualization none", "entered at EL1: Vireo needs EL2"),
    "riscv64": ("mode hs, virtualization none", "no H extension"),
}


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
        r"^vireo: run: status 0$",
    ])
    fields = ready_fields(out)
    assert fields["arch"] == arch and fields["board"] == board
    assert fields["mode"] == mode
    assert "panic" not in out and "error" not in out
    assert rc == 0, out


@pytest.mark.parametrize("board", BOARDS)
def test_ready_line_names_the_emulators_virtualization(board, built):
    virt = expected_virt(board)
    if virt is None:
        missing(board, "the virtualization its emulator's CPU offers "
                "(its EMU_FLAGS do not say; set EMU_CPU_HAS in board.mk)")
    rc, out = built(board).run()
    assert rc == 0, out
    assert ready_fields(out)["virt"] == virt, out


@pytest.mark.parametrize("board", BOARDS)
def test_panic_exits_nonzero_with_reason_and_location(board, built):
    b = built(board, "gcc", ["CONFIG_DEBUG_BOOT_PANIC=y"])
    rc, out = b.run()
    expect_lines(out, [
        r"^vireo: ready: ",
        r"^vireo: panic: CONFIG_DEBUG_BOOT_PANIC is set \(hal/boot\.c:\d+\)\r?$",
        r"^vireo: power off: status 1\r?$",
        r"^vireo: run: status 1$",
    ])
    assert rc != 0
    assert (b.objdir / "run.status").read_text() == "1\n"


def run_line(out):
    """The emulator command make run printed."""
    m = re.search(r"^  RUN     (.*)$", out, re.M)
    assert m, out
    return m.group(1).split()


@pytest.mark.parametrize("board", BOARDS)
def test_run_script_exits_with_the_hypervisors_status(board, built):
    # make stops with its own status 2 for any failure (GNU make manual,
    # "Exit Status"); scripts get N from scripts/run.sh itself.
    b = built(board, "gcc", ["CONFIG_DEBUG_BOOT_PANIC=y"])
    rc, out = b.run()
    assert rc == 2, out
    proc = subprocess.run([str(SRC / "scripts" / "run.sh"), "-o", str(b.objdir),
                           board_mk(board, "EMU_EXIT"), board_mk(board, "EMU_PKG")]
                          + run_line(out), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout
    assert proc.stdout.splitlines()[-1] == "vireo: run: status 1", proc.stdout


def more_than_this_machine_has():
    """A memory size no allocation can get here (QEMU -m syntax)."""
    overcommit = pathlib.Path("/proc/sys/vm/overcommit_memory")
    if overcommit.is_file() and overcommit.read_text().strip() == "1":
        pytest.skip("the kernel grants any allocation (vm.overcommit_memory=1)")
    kib = 0
    for line in pathlib.Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(("MemTotal:", "SwapTotal:")):
            kib += int(line.split()[1])
    return "%dG" % (2 * kib // (1 << 20) + 64)


@pytest.mark.parametrize("cause", ["bad option", "too much memory"])
@pytest.mark.parametrize("board", [b for b in BOARDS if is_qemu(b)])
def test_emulator_that_does_not_start_is_a_failure(board, cause, built):
    b = built(board, "gcc")
    arg = ("RUN_ARGS=-no-such-option" if cause == "bad option"
           else "MEM=%s" % more_than_this_machine_has())
    rc, out = b.run(arg)
    assert rc != 0, out
    said = [line for line in out.splitlines() if line.startswith("vireo: ")]
    assert said == ["vireo: run: %s did not run the hypervisor: it exited 1 "
                    "with no output (its error is above)" % board_emu(board),
                    "vireo: run: status 125"], out
    assert (b.objdir / "run.status").read_text() == "125\n"


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


@pytest.mark.parametrize("board", BOARDS)
def test_cpu_without_virtualization_says_why_and_fails(board, built):
    run_args = without_virt_args(board)
    if run_args is None or board_arch(board) not in NO_VIRT:
        missing(board, "no emulator flag known to take virtualization "
                "from its CPU")
    banner, error = NO_VIRT[board_arch(board)]
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
