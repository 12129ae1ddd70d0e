# SPDX-License-Identifier: MIT
"""The x86_64 test guests (tests/guests/) on the boards whose CPU has VT-x
with EPT (the VMX backend, arch/x86_64/virt/vmx.c; Bochs' Skylake-X), with
CONFIG_VM and CONFIG_VM_TEST_GUESTS: the same guests, configurations and
expectations as on SVM (test_guests_x86.py), the exit codes VT-x's. Two
VMs at once pass every test and stop with status 0, on the boot CPU or
crossed over 2 CPUs; in the isolation scenario each attacking VM is
stopped with its fault line while "tests" passes. Bochs is slow: each run
is one boot of a few seconds."""
import re

import pytest

from board_facts import board_arch, cpu_has
from conftest import BOARDS, expect_lines
from test_guests import guest_symbol, pinned_config, vm_lines
from test_guests_x86 import (ENTRY, OPTIONS, OUTSIDE, SPREADS, TESTDEV,
                             expect_tests_pass, faulted)

VM_BOARDS = [b for b in BOARDS if board_arch(b) == "x86_64"
             and {"vmx", "ept"} <= (cpu_has(b) or set())]
# Basic exit reasons (Intel SDM vol. 3 appendix C)
VMX_EXIT_TRIPLE_FAULT = 2
VMX_EXIT_EPT_VIOLATION = 48
# Bochs has 2 CPUs here at most (DESIGN.md: 2 CPUs on Bochs)
VMX_SPREADS = {s: SPREADS[s] for s in ("one-cpu", "smp2")}


@pytest.mark.parametrize("spread", sorted(VMX_SPREADS))
@pytest.mark.parametrize("board", VM_BOARDS)
def test_two_vms_at_once_vmx(board, spread, built):
    smp, pins = VMX_SPREADS[spread]
    options = OPTIONS
    if pins:
        options = OPTIONS + ['CONFIG_VM_CONFIG="%s"' %
                             pinned_config("vmx-" + spread, pins,
                                           "test-guests-x86_64")]
    b = built(board, "gcc", options)
    rc, out = b.run("SMP=%d" % smp)
    out = out.replace("\r", "")
    pins = pins or {"tests": [0, 0], "tests2": [0, 0]}
    for vm, cpus in pins.items():
        expect_tests_pass(out, vm, len(cpus))
    expect_lines(out, [r"^vireo: ready: .*virt=vmx,ept .*cpus=%d " % smp,
                       r"^vireo: power off: status 0$"])
    assert "FAIL" not in out and "fault" not in out, out
    assert "vmx:" not in out, out       # no VMfail, no failed entry
    assert rc == 0, out


@pytest.mark.parametrize("board", VM_BOARDS)
def test_isolation_stops_only_the_offender_vmx(board, built):
    b = built(board, "gcc", OPTIONS + ['CONFIG_VM_CONFIG="isolation-x86_64"'])
    load = guest_symbol(b.objdir, "isolation_probe_insn")
    store = guest_symbol(b.objdir, "readonly_probe_insn")
    add = guest_symbol(b.objdir, "undecodable_insn")
    rc, out = b.run()
    out = out.replace("\r", "")
    expect_tests_pass(out, "tests", 2)
    faulted(out, "isolation", r"reading %#x outside its memory" % OUTSIDE,
            r"read outside its memory at gpa %#x pc %#x" % (OUTSIDE, load))
    faulted(out, "readonly", r"writing %#x in its read-only memory" % ENTRY,
            r"write refused by its memory's permissions at gpa %#x pc %#x"
            % (ENTRY, store))
    expect_lines(vm_lines(out, "sysreg"), [
        r"^\[sysreg\] PASS sysreg: rdmsr VM_HSAVE_PA: #GP$",
        r"^vireo: vm sysreg: stopped: status 0$"])
    faulted(out, "undecodable", r"add to the test device",
            r"not a MOV to or from memory \(syndrome %#x, info %#x\) pc %#x"
            % (VMX_EXIT_EPT_VIOLATION, TESTDEV, add))
    faulted(out, "fetch-outside", r"jumping outside its memory",
            r"execute outside its memory at gpa %#x pc %#x" % (OUTSIDE, OUTSIDE))
    faulted(out, "triple-fault", r"triple fault",
            r"triple fault \(shutdown\) \(syndrome %#x, info 0\) pc 0x[0-9a-f]+"
            % VMX_EXIT_TRIPLE_FAULT)
    expect_lines(out, [r"^vireo: ready: .*virt=vmx,ept ",
                       r"^vireo: power off: status 1$"])
    assert "FAIL" not in out and "panic" not in out, out
    for vm in ("isolation", "readonly", "undecodable", "fetch-outside",
               "triple-fault"):
        assert "vm %s: stopped" % vm not in out, out
    assert rc != 0, out
