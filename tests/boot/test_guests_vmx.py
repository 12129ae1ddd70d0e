# SPDX-License-Identifier: MIT
"""The x86_64 test guests (tests/guests/) on the boards whose CPU has VT-x
with EPT (the VMX backend, arch/x86_64/virt/vmx.c; Bochs' Skylake-X), with
CONFIG_VM and CONFIG_VM_TEST_GUESTS: the same guests, configurations and
checks as on SVM (test_guests_x86.py), with VT-x's exit reasons. Two VMs
at once pass every test and stop with status 0, on the boot CPU or
crossed over 2 CPUs, with no VMfail or failed entry; in the isolation
scenario each attacking VM is stopped with its fault line while "tests"
passes. Bochs is slow: each test is one boot of a few seconds."""
import re
from pathlib import Path

import pytest

from board_facts import board_arch, cpu_has
from conftest import BOARDS, OUT, expect_lines
from test_bench import bench_vm_row
from test_guests_x86 import (ENTRY, OPTIONS, check_isolation, check_two_vms,
                             expect_tests_pass)

VM_BOARDS = [b for b in BOARDS if board_arch(b) == "x86_64"
             and {"vmx", "ept"} <= (cpu_has(b) or set())]
# Basic exit reasons (Intel SDM vol. 3 appendix C)
VMX_EXIT_TRIPLE_FAULT = 2
VMX_EXIT_EPT_VIOLATION = 48


# on the boot CPU, and crossed over 2 CPUs (as many as Bochs runs here)
@pytest.mark.parametrize("spread", ["one-cpu", "smp2"])
@pytest.mark.parametrize("board", VM_BOARDS)
def test_two_vms_at_once_vmx(board, spread, built):
    out = check_two_vms(board, spread, built, "vmx,ept")
    assert "vmx:" not in out, out       # no VMfail, no failed entry


@pytest.mark.parametrize("board", VM_BOARDS)
def test_isolation_stops_only_the_offender_vmx(board, built):
    check_isolation(board, built, VMX_EXIT_EPT_VIOLATION,
                    VMX_EXIT_TRIPLE_FAULT)


@pytest.mark.parametrize("board", VM_BOARDS)
def test_make_bench_prints_vmx_figures_in_ticks(board):
    """make bench's VM table for a Bochs VT-x board: the exits in Bochs
    ticks ("t": the guest's TSC, deterministic), each the BENCH line's
    ticks over its calls; the empty VMCALL exit is the floor."""
    vm, log = bench_vm_row(board, OUT / "bench-vmx-test")
    assert all(f.endswith("t") for f in vm), vm
    guest, floor, own, hcall, mmio = (int(f[:-1]) for f in vm)
    bench = {name: int(ticks) / int(calls) for name, ticks, calls in re.findall(
        r"^\[\w+\] BENCH (\w+): (\d+) ticks for (\d+) calls\r?$", log, re.M)}
    assert (floor, own, hcall, mmio) == tuple(
        round(bench[n]) for n in ("floor", "cpuid", "null_hypercall",
                                  "mmio_read32")), (vm, bench)
    print("Bochs ticks per exit:", bench)
    # an exit and entry at least switch the 15 registers the VMCS does
    # not hold; CPUID is answered in the backend, the others reach further
    assert 30 < floor < own < hcall < mmio, vm
    assert guest > 0, vm


# A VMfail (VM-instruction error 7: SDM vol. 3 table 31-1) and a failed
# VM entry (exit reason 33 with bit 31: appendix C), each provoked by a
# debug option in the first vCPU set up: one error line from the backend
# naming it, that VM stopped with its fault line, the other VM passing;
# the run ends with status 1, no hang.
ENTRY_FAILURES = {
    "CONFIG_DEBUG_VMX_BAD_CONTROLS":
        (r"VM-instruction error 7 \(invalid control fields\)", 7),
    "CONFIG_DEBUG_VMX_BAD_GUEST_STATE":
        (r"exit reason 33 \(invalid guest state\), qualification 0",
         1 << 31 | 33),
}


@pytest.mark.parametrize("option", sorted(ENTRY_FAILURES))
@pytest.mark.parametrize("board", VM_BOARDS)
def test_failed_vm_entry_is_one_line_and_stops_the_vm(board, option, built):
    said, syndrome = ENTRY_FAILURES[option]
    b = built(board, "gcc", OPTIONS + ["%s=y" % option])
    rc, out = b.run()
    out = out.replace("\r", "")
    failed = re.findall(r"^vireo: vm (\w+): fault: ", out, re.M)
    assert len(failed) == 1, out
    expect_lines(out, [
        r"^vireo: vm %s: started: " % failed[0],
        r"^vireo: error: vmx: VM entry of vCPU 0 failed: %s$" % said,
        r"^vireo: vm %s: fault: invalid guest state \(entry failed\) "
        r"\(syndrome %#x, info 0\) pc %#x$" % (failed[0], syndrome, ENTRY)])
    assert len(re.findall(r"^vireo: (error|panic): ", out, re.M)) == 1, out
    other, = {"tests", "tests2"} - set(failed)
    expect_tests_pass(out, other, 2)
    expect_lines(out, [r"^vireo: power off: status 1$"])
    assert rc != 0, out


def slices_config():
    """tests/boot/dts/vms-lifecycle-x86_64.dts without its "tests" VM
    (too slow beside a spinner under Bochs): the resetter and the spinner
    on the boot CPU, written for a build to embed."""
    text = (Path(__file__).parent / "dts" / "vms-lifecycle-x86_64.dts").read_text()
    start = text.index("\t\ttests {")
    end = text.index("\n\t\t};\n", start) + len("\n\t\t};\n")
    path = OUT / "vm-configs" / "vmx-slices.dts"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text[:start] + text[end:])
    return path


@pytest.mark.parametrize("board", VM_BOARDS)
def test_time_slices_beside_a_spinner_vmx(board, built):
    """Beside a VM that spins without an exit (with interrupts off), on
    the same CPU, a VM that resets itself through port 0xcf9 every 100 ms
    is built again and starts, again and again: the preemption timer ends
    the spinner's runs at each time slice. Nothing ends the spinner, so
    the run ends by its time limit (run-bochs.sh's status 124)."""
    b = built(board, "gcc", OPTIONS + ['CONFIG_VM_CONFIG="%s"' % slices_config()])
    rc, out = b.run("RUN_TIMEOUT=8")
    out = out.replace("\r", "")
    boot = r"^\[resetter\] booted, resetting in 100 ms$"
    expect_lines(out, [r"^\[spinner\] spinning$", r"^vireo: vm resetter: reset$",
                       boot, r"^vireo: vm resetter: reset$", boot])
    assert len(re.findall(boot, out, re.M)) >= 3, out
    assert "fault" not in out and "vmx:" not in out, out
    assert "timed out after 8s" in out and rc != 0, out
