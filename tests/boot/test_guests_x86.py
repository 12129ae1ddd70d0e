# SPDX-License-Identifier: MIT
"""The test guests (tests/guests/) on the x86_64 QEMU boards whose CPU has
AMD-V with nested paging (the SVM backend, arch/x86_64/virt/svm.c), with
CONFIG_VM and CONFIG_VM_TEST_GUESTS: the serial log line by line, VM by VM.
The default configuration (configs/vms/test-guests-x86_64.dts) runs the
tests in two VMs at once, which pass every test and stop with status 0:
both on the boot CPU, or their vCPUs over -smp 2 and 4. In the isolation
scenario (isolation-x86_64.dts) each attacking VM is stopped with its fault
line (the PC read from the guest's symbols) while "tests" passes and the
hypervisor powers off with status 1. The guests boot by PVH (no device
tree) and start their second vCPU by INIT and start-up IPIs."""
import re
from pathlib import Path

import pytest

from board_facts import board_arch, cpu_has, is_qemu
from conftest import BOARDS, expect_lines
from test_guests import guest_symbol, pinned_config, vm_lines

VM_BOARDS = [b for b in BOARDS if board_arch(b) == "x86_64" and is_qemu(b)
             and {"svm", "npt"} <= (cpu_has(b) or set())]
OPTIONS = ["CONFIG_VM=y", "CONFIG_VM_TEST_GUESTS=y"]
# tests/guests/tests.c's common tests, ns16550.c's, arch/x86_64/tests.c's
TESTS = ["hypercall", "mmio_widths", "mmio_sign_extension", "virtual_irq",
         "bench", "start_info_matches_config", "ns16550_output",
         "ns16550_interrupts", "cpuid", "msrs", "mmio_forms",
         "registers_preserved", "switched_msrs_are_its_own",
         "fp_registers_preserved", "debug_registers_preserved",
         "tsc_starts_near_zero", "apic_timer_oneshot",
         "apic_timer_periodic", "apic_timer_tsc_deadline", "self_ipi_and_tpr",
         "every_vcpu_starts"]
RAM_END = 0x200000                      # configs/vms/*-x86_64.dts' VMs
ENTRY = 0x100000                        # the image, PVH entry
OUTSIDE = RAM_END + 0x1000              # what isolation and fetch-outside touch
TESTDEV = 0x0b000000                    # the test device (vireo/hypercall.h)
SVM_EXIT_SHUTDOWN = 0x7f                # AMD APM vol. 2 appendix C
SVM_EXIT_NPF = 0x400

STARTED = (r"^vireo: vm %%s: started: vcpus %%d, memory 0-%#x, entry %#x$"
           % (RAM_END - 1, ENTRY))


def expect_tests_pass(out, name, vcpus):
    """VM name started with vcpus, passed every test, stopped with 0; what
    it wrote through its 16550 at port 0x3f8 came out as a line."""
    expect_lines(vm_lines(out, name), [
        STARTED % (name, vcpus),
        r"^\[%s\] hello through the 16550$" % name,
        r"^\[%s\] PASS ns16550_output$" % name])
    expect_lines(vm_lines(out, name), [STARTED % (name, vcpus)] +
                 [r"^\[%s\] PASS %s$" % (name, t) for t in TESTS] + [
        r"^\[%s\] DONE %d passed, 0 failed$" % (name, len(TESTS)),
        r"^vireo: vm %s: stopped: status 0$" % name])


def faulted(out, vm, said, fault):
    expect_lines(vm_lines(out, vm), [STARTED % (vm, 1),
                                     r"^\[%s\] %s$" % (vm, said),
                                     r"^vireo: vm %s: fault: %s$" % (vm, fault)])


# Both VMs on the boot CPU; over 2 CPUs (crossed); over 4 (a CPU each);
# one with 4 vCPUs (three started by INIT and start-up IPIs) over 4.
SPREADS = {
    "one-cpu": (1, None),
    "smp2": (2, {"tests": [0, 1], "tests2": [1, 0]}),
    "smp4": (4, {"tests": [0, 1], "tests2": [2, 3]}),
    "4-vcpus-over-4": (4, {"tests": [0, 1, 2, 3], "tests2": [3, 2]}),
}
# every spread on the first board, the default on the others
CASES = [(b, s) for i, b in enumerate(VM_BOARDS)
         for s in sorted(SPREADS) if i == 0 or s == "one-cpu"]


def check_two_vms(board, spread, built, virt):
    """Two VMs at once as SPREADS[spread] has them, on a board whose
    ready line says virt= virt: both pass and stop with 0."""
    smp, pins = SPREADS[spread]
    options = OPTIONS
    if pins:
        options = OPTIONS + ['CONFIG_VM_CONFIG="%s"' %
                             pinned_config("%s-%s" % (virt.split(",")[0],
                                                      spread), pins,
                                           "test-guests-x86_64")]
    b = built(board, "gcc", options)
    rc, out = b.run("SMP=%d" % smp)
    out = out.replace("\r", "")
    pins = pins or {"tests": [0, 0], "tests2": [0, 0]}
    for vm, cpus in pins.items():
        expect_tests_pass(out, vm, len(cpus))
    expect_lines(out, [r"^vireo: ready: .*virt=%s .*cpus=%d " % (virt, smp),
                       r"^vireo: power off: status 0$"])
    assert "FAIL" not in out and "fault" not in out, out
    assert rc == 0, out
    return out


@pytest.mark.parametrize("board,spread", CASES)
def test_two_vms_at_once(board, spread, built):
    check_two_vms(board, spread, built, "svm,npt")


def check_isolation(board, built, npf_code, shutdown_code):
    """The isolation scenario: each attacker stopped with its line, the
    backend's exit codes (its nested page fault, its shutdown) in them."""
    b = built(board, "gcc", OPTIONS + ['CONFIG_VM_CONFIG="isolation-x86_64"'])
    load = guest_symbol(b.objdir, "isolation_probe_insn")
    store = guest_symbol(b.objdir, "readonly_probe_insn")
    add = guest_symbol(b.objdir, "undecodable_insn")
    rc, out = b.run()
    out = out.replace("\r", "")
    expect_tests_pass(out, "tests", 2)
    # a new VM does not see the XMM and DR0-3 registers "tests" left set
    expect_lines(vm_lines(out, "isolation"), [
        r"^\[isolation\] PASS start_state$",
        r"^\[isolation\] PASS fp_registers_clean$",
        r"^\[isolation\] PASS debug_registers_clean$"])
    faulted(out, "isolation", r"reading %#x outside its memory" % OUTSIDE,
            r"read outside its memory at gpa %#x pc %#x" % (OUTSIDE, load))
    faulted(out, "readonly", r"writing %#x in its read-only memory" % ENTRY,
            r"write refused by its memory's permissions at gpa %#x pc %#x"
            % (ENTRY, store))
    # an MSR it may not use: #GP, which it takes, then it ends well
    expect_lines(vm_lines(out, "sysreg"), [
        r"^\[sysreg\] PASS sysreg: rdmsr VM_HSAVE_PA: #GP$",
        r"^vireo: vm sysreg: stopped: status 0$"])
    # not a MOV: the decoder refuses it, naming the device's address
    faulted(out, "undecodable", r"add to the test device",
            r"not a MOV to or from memory \(syndrome %#x, info %#x\) pc %#x"
            % (npf_code, TESTDEV, add))
    faulted(out, "fetch-outside", r"jumping to %#x outside its memory" % OUTSIDE,
            r"execute outside its memory at gpa %#x pc %#x" % (OUTSIDE, OUTSIDE))
    faulted(out, "triple-fault", r"triple fault",
            r"triple fault \(shutdown\) \(syndrome %#x, info 0\) pc 0x[0-9a-f]+"
            % shutdown_code)
    # every port is intercepted: the host's exit port too
    faulted(out, "port-outside", r"writing port 0xf4",
            r"port I/O to no device \(port 0xf4\) pc %#x"
            % guest_symbol(b.objdir, "port_probe_insn"))
    expect_lines(out, [r"^vireo: ready: ", r"^vireo: power off: status 1$"])
    assert "FAIL" not in out and "panic" not in out, out
    for vm in ("isolation", "readonly", "undecodable", "fetch-outside",
               "triple-fault", "port-outside"):
        assert "vm %s: stopped" % vm not in out, out
    assert rc != 0, out


@pytest.mark.parametrize("board", VM_BOARDS[:1])
def test_isolation_stops_only_the_offender(board, built):
    check_isolation(board, built, SVM_EXIT_NPF, SVM_EXIT_SHUTDOWN)


@pytest.mark.parametrize("board", VM_BOARDS[:1])
def test_reset_and_time_slices(board, built):
    """A guest's write of RST_CPU to port 0xcf9 builds its VM again and
    starts it (its boots counted), while "tests" passes its tests on the
    same CPU as a VM that spins without an exit (time slices: a host
    interrupt ends its run); the shell stops the two, "off" powers off
    with its status."""
    dts = Path(__file__).parent / "dts" / "vms-lifecycle-x86_64.dts"
    b = built(board, "gcc", OPTIONS + ["CONFIG_SHELL=y",
                                       'CONFIG_VM_CONFIG="%s"' % dts])
    boot = r"^\[resetter\] booted, resetting in 100 ms\r?$"
    rc, out = b.interact(steps=[
        (r"^vireo: vm tests: stopped: status 0\r?$(?:.|\n)*"
         r"^vireo: vm resetter: reset\r?$(?:.|\n)*" + boot,
         "vm stop resetter\r"),
        (r"^vireo: vm resetter: stopped: status 0\r?$", "vm stop spinner\r"),
        (r"^vireo: vm spinner: stopped: status 0\r?$", "off 5\r")])
    out = out.replace("\r", "")
    expect_tests_pass(out, "tests", 2)
    expect_lines(vm_lines(out, "spinner"), [r"^\[spinner\] spinning$"])
    lines = vm_lines(out, "resetter")
    assert len(re.findall(boot, lines, re.M)) >= 2, lines
    assert "FAIL" not in out and "fault" not in out, out
    expect_lines(out, [r"^vireo: power off: status 5$"])
    assert rc != 0, out


@pytest.mark.parametrize("board", VM_BOARDS[:1])
def test_no_backend_for_the_cpu_is_one_line(board, built):
    """Built without the backend its CPU has (CONFIG_X86_SVM off): one line
    says so, each VM is refused at its start, and the run powers off with
    status 1 instead of idling forever."""
    b = built(board, "gcc", OPTIONS + ["# CONFIG_X86_SVM is not set"])
    rc, out = b.run(timeout=60)
    out = out.replace("\r", "")
    expect_lines(out, [
        r"^vireo: error: vcpu: no backend for this CPU's virtualization "
        r"\(AMD-V with NPT: CONFIG_X86_SVM; VT-x: CONFIG_X86_VMX\)$",
        r"^vireo: error: vm tests: vcpu: EINVAL$",
        r"^vireo: power off: status 1$"])
    assert out.count("no backend for this CPU") == 1, out
    assert rc != 0, out


@pytest.mark.parametrize("board", VM_BOARDS[:1])
def test_guests_pass_built_with_llvm(board, built):
    """The backend and the test guests built by LLVM=1 (clang's inline
    assembly takes less than GCC's) pass as GCC's do."""
    b = built(board, "llvm", OPTIONS)
    rc, out = b.run()
    out = out.replace("\r", "")
    for vm in ("tests", "tests2"):
        expect_tests_pass(out, vm, 2)
    assert "FAIL" not in out and "fault" not in out, out
    assert rc == 0, out
