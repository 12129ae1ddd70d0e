# SPDX-License-Identifier: MIT
"""The test guests (tests/guests/) on the riscv64 QEMU boards with CONFIG_VM
and CONFIG_VM_TEST_GUESTS: the H extension behind the same vCPU contract and
the same scenarios as test_guests.py's on aarch64. The default configuration
(configs/vms/test-guests-riscv64.dts) runs the tests in two VMs, which pass
every test and stop with status 0 (by SBI SRST), pinned to one hart or
spread over 2 and 4, with 3 vCPUs over 2 harts. In the isolation scenario
(configs/vms/isolation-riscv64.dts) "isolation" reads one page past the end
of its memory, after checking that it does not see the FP registers "tests"
left filled; "readonly" writes to its read-and-execute first page;
"sysreg" writes hgatp (the hypervisor's CSR: a virtual instruction from VS
mode); "no-syndrome" runs an AMO on its test device (a guest page fault no
load/store decoding emulates) and "fetch-outside" jumps past its memory:
each is stopped with its fault line naming the GPA and the PC (read from
the guest's symbols) while the others run; "plic-elsewhere" passes the
interrupt tests with its PLIC where its device tree says; "insn-unmapped"
(Sv39 on) unmaps its MMIO load's page in its own page table without
sfence.vma: QEMU still fetches the load by the old translation, the
hypervisor's HLVX read of it faults (the hypervisor panicked there
before), and the guest takes its own instruction page fault at the load
and passes. The run then powers off with status 1."""
import re
import subprocess
from pathlib import Path

import pytest

from board_facts import board_arch, is_qemu
from conftest import BOARDS, expect_lines
from test_guests import (exit_costs, guest_symbol, passthrough_config,
                         pinned_config, vm_lines)

VM_BOARDS = [b for b in BOARDS if board_arch(b) == "riscv64" and is_qemu(b)]
OPTIONS = ["CONFIG_VM=y", "CONFIG_VM_TEST_GUESTS=y"]
# The guests' tests, by name (tests/guests/tests.c, arch/riscv64/tests.c)
TESTS = ["hypercall", "mmio_widths", "mmio_sign_extension", "virtual_irq",
         "bench", "dtb_matches_config", "ns16550_output",
         "ns16550_interrupts", "sbi_base", "sbi_hsm",
         "every_vcpu_starts", "wfi_yields_to_another_vcpu",
         "registers_preserved", "fp_registers_preserved", "mmio_compressed",
         "timer_interrupts", "ipi_between_vcpus", "plic_priority_threshold"]
INTERRUPT_TESTS = ["intc_in_dtb", "virtual_irq", "timer_interrupts",
                   "plic_priority_threshold"]
RAM, RAM_SIZE = 0x80000000, 0x100000    # configs/vms/*-riscv64.dts' VMs
OUTSIDE = RAM + RAM_SIZE + 0x1000       # what the isolation guest reads
TESTDEV = 0x0b000000                    # the test device (vireo/hypercall.h)
HGATP = 0x680                           # the CSR number (privileged spec)

STARTED = (r"^vireo: vm %%s: started: vcpus %%d, memory %#x-%#x, "
           r"entry %#x$" % (RAM, RAM + RAM_SIZE - 1, RAM))


def faulted(out, vm, said, fault, before=()):
    """One-vCPU VM vm printed the lines before, said said, then was
    stopped with the fault line (docs/boot-log.md) ending with fault."""
    expect_lines(vm_lines(out, vm), [STARTED % (vm, 1)] + list(before) + [
        r"^\[%s\] %s$" % (vm, said),
        r"^vireo: vm %s: fault: %s$" % (vm, fault)])
    assert "vm %s: stopped" % vm not in out, out


def expect_tests_pass(out, name, vcpus):
    """VM name started with vcpus, passed every test, stopped with 0; what
    it wrote through its 16550 came out as a line."""
    expect_lines(vm_lines(out, name), [
        STARTED % (name, vcpus),
        r"^\[%s\] hello through the 16550$" % name,
        r"^\[%s\] PASS ns16550_output$" % name])
    expect_lines(vm_lines(out, name), [STARTED % (name, vcpus)] +
                 [r"^\[%s\] PASS %s$" % (name, t) for t in TESTS] + [
        r"^\[%s\] DONE %d passed, 0 failed$" % (name, len(TESTS)),
        r"^vireo: vm %s: stopped: status 0$" % name])


# Two VMs at once: both on the boot hart; spread over 2 harts (each VM's
# vCPUs on both, crossed); over 4 (a hart for each vCPU); and 3 vCPUs of
# one VM over 2 harts beside the other.
SPREADS = {
    "one-hart": (1, None),
    "smp2": (2, {"tests": [0, 1], "tests2": [1, 0]}),
    "smp4": (4, {"tests": [0, 1], "tests2": [2, 3]}),
    "3-vcpus-over-2": (2, {"tests": [0, 1, 0], "tests2": [1, 1]}),
}


@pytest.mark.parametrize("spread", sorted(SPREADS))
@pytest.mark.parametrize("board", VM_BOARDS)
def test_two_vms_at_once(board, spread, built):
    smp, pins = SPREADS[spread]
    options = OPTIONS
    if pins:
        options = OPTIONS + ['CONFIG_VM_CONFIG="%s"' % pinned_config(
            spread, pins, "test-guests-riscv64")]
    b = built(board, "gcc", options)
    rc, out = b.run("SMP=%d" % smp)
    out = out.replace("\r", "")
    pins = pins or {"tests": [0, 0], "tests2": [0, 0]}
    for vm, cpus in pins.items():
        expect_tests_pass(out, vm, len(cpus))
    expect_lines(out, [r"^vireo: ready: .* cpus=%d " % smp,
                       r"^vireo: power off: status 0$"])
    # (the RUN line says "-bios default": the fault lines are looked for)
    assert "FAIL" not in out and ": fault: " not in out, out
    assert rc == 0, out


@pytest.mark.parametrize("toolchain,smp", [("gcc", 1), ("llvm", 1),
                                           ("gcc", 2)])
@pytest.mark.parametrize("board", VM_BOARDS)
def test_guests_pass_and_isolation_faults(board, toolchain, smp, built):
    b = built(board, toolchain,
              OPTIONS + ['CONFIG_VM_CONFIG="isolation-riscv64"'])
    probe = guest_symbol(b.objdir, "isolation_probe_insn")
    store = guest_symbol(b.objdir, "readonly_probe_insn")
    csrw = guest_symbol(b.objdir, "sysreg_probe_insn")
    amo = guest_symbol(b.objdir, "nosyndrome_probe_insn")
    rc, out = b.run("SMP=%d" % smp)
    out = out.replace("\r", "")
    expect_tests_pass(out, "tests", 2)
    # a new VM does not see the FP registers "tests" left
    faulted(out, "isolation", r"reading %#x outside its memory" % OUTSIDE,
            r"read outside its memory at gpa %#x pc %#x" % (OUTSIDE, probe),
            before=[r"^\[isolation\] PASS fp_registers_clean$"])
    faulted(out, "readonly", r"writing %#x in its read-only memory" % RAM,
            r"write refused by its memory's permissions at gpa %#x pc %#x"
            % (RAM, store))
    faulted(out, "sysreg", r"writing hgatp",
            r"write of a system register it may not use \(id %#x\) pc %#x"
            % (HGATP, csrw))
    expect_lines(vm_lines(out, "plic-elsewhere"), [
        STARTED % ("plic-elsewhere", 1)] +
        [r"^\[plic-elsewhere\] PASS %s$" % t for t in INTERRUPT_TESTS] + [
        r"^\[plic-elsewhere\] DONE %d passed, 0 failed$"
        % len(INTERRUPT_TESTS),
        r"^vireo: vm plic-elsewhere: stopped: status 0$"])
    expect_lines(vm_lines(out, "insn-unmapped"), [
        STARTED % ("insn-unmapped", 1),
        r"^\[insn-unmapped\] PASS insn_unmapped_by_its_page_table$",
        r"^\[insn-unmapped\] DONE 1 passed, 0 failed$",
        r"^vireo: vm insn-unmapped: stopped: status 0$"])
    # QEMU gives an AMO's guest page fault as a load's (cause 21)
    faulted(out, "no-syndrome", r"AMO on the test device",
            r"(read|write) of a device the CPU could not decode at gpa %#x "
            r"pc %#x" % (TESTDEV, amo))
    faulted(out, "fetch-outside",
            r"jumping to %#x outside its memory" % OUTSIDE,
            r"execute outside its memory at gpa %#x pc %#x"
            % (OUTSIDE, OUTSIDE))
    expect_lines(out, [r"^vireo: ready: ", r"^vireo: power off: status 1$"])
    assert "FAIL" not in out and "panic" not in out, out
    assert rc != 0, out


@pytest.mark.parametrize("board", VM_BOARDS)
def test_bad_interrupt_configs_refused_with_one_line(board, built):
    """tests/boot/dts/vms-bad-riscv64.dts: an Arm GIC in a riscv64 VM, a
    PLIC of another size than the guest's, a 16550 interrupt in the GIC
    binding's cells and one with no PLIC, a passthrough interrupt in the
    GIC's cells and one past the PLIC's sources: each VM refused with its line
    (docs/vm-config.md) and never started; "tests" runs and passes, the
    power-off status is 1."""
    dts = Path(__file__).parent / "dts" / "vms-bad-riscv64.dts"
    b = built(board, "gcc", OPTIONS + ['CONFIG_VM_CONFIG="%s"' % dts])
    rc, out = b.run()
    out = out.replace("\r", "")
    refused = {
        "gic": "interrupt-controller@8000000/compatible: not this "
               "architecture's interrupt controller: a PLIC "
               r"\(a sifive,plic-1.0.0 node\)",
        "plic-size": "interrupt-controller@c000000/reg: the PLIC is "
                     "0x400000 bytes",
        "uart-gic-cells": r"serial@10000000/interrupts: malformed cells "
                          r"\(<source>, the PLIC's\)",
        "uart-no-plic": r"serial@10000000/interrupts: the VM has no PLIC "
                        r"\(a sifive,plic-1.0.0 node\)",
        # <0 5 4> read as three sources: the first, 0, is none
        "pt-gic-cells": r"rtc@a000000/interrupts: source 0, the VM's PLIC "
                        r"has 1-31",
        "pt-source-past": r"rtc@a000000/interrupts: source 32, the VM's "
                          r"PLIC has 1-31",
    }
    expect_lines(out, [r"^vireo: ready: "] +
                 [r"^vireo: error: vm %s: %s$" % r for r in refused.items()] +
                 [r"^vireo: vm tests: started: "])
    expect_tests_pass(out, "tests", 2)
    for vm in refused:
        assert len(re.findall(r"vm %s\b" % vm, out)) == 1, out
    expect_lines(out, [r"^vireo: power off: status 1$"])
    assert rc != 0, out


# Under -icount shift=0 QEMU retires one instruction per ns: a tick of the
# 10 MHz time CSR is 100 instructions, so the BENCH lines (1000 calls)
# give the hypervisor's instructions per exit to a tenth, load-independent.
# QEMU 7.2's icount starts no hart but the first: one hart.
ICOUNT = "-icount shift=0,align=off,sleep=off"
INSNS_PER_TICK = 100
# measured: 168 floor, 202 SBI get_spec_version, 399 null hypercall, 329
# MMIO read (its instruction read by HLVX under the hart's probe: +9),
# 1,835,500 to the first guest instruction; the margins are
# for small changes (icount is exact)
FLOOR_BOUND = 180
SBI_BOUND = 215
MMIO_BOUND = 340
FIRST_GUEST_INSN_BOUND = 1900000


@pytest.mark.parametrize("board", VM_BOARDS)
def test_exit_costs_in_instructions(board, built):
    b = built(board, "gcc", OPTIONS + ['CONFIG_VM_CONFIG="bench-riscv64"'])
    rc, out = b.run("RUN_ARGS=%s" % ICOUNT)
    costs = exit_costs(out, INSNS_PER_TICK)
    assert costs["floor"] <= FLOOR_BOUND, costs
    assert costs["psci_version"] <= SBI_BOUND, costs
    assert costs["mmio_read32"] <= MMIO_BOUND, costs
    assert "[tests] DONE %d passed, 0 failed" % len(TESTS) in out, out
    m = re.search(r"^vireo: time: entry to first guest instruction (\d+) ns\r?$",
                  out, re.M)
    assert m, out
    assert int(m.group(1)) <= FIRST_GUEST_INSN_BOUND, out
    assert rc == 0, out


@pytest.mark.parametrize("toolchain", ["gcc", "llvm"])
@pytest.mark.parametrize("board", VM_BOARDS)
def test_vm_core_alone_changes_no_boot(board, toolchain, built):
    """CONFIG_VM without the test guests: the VM core and the riscv64
    backend are linked (and build with -Werror), nothing runs, the boot
    is as before; without CONFIG_VM none of it is linked."""
    b = built(board, toolchain, ["CONFIG_VM=y", "CONFIG_VM_TEST_GUESTS=n",
                                 'CONFIG_VM_CONFIG=""'])
    nm = subprocess.run(["llvm-nm", str(b.objdir / "vireo.elf")], check=True,
                        capture_output=True, text=True).stdout
    assert " T vm_run_vcpu\n" in nm and " T __guest_run\n" in nm, nm
    rc, out = b.run()
    expect_lines(out, [r"^vireo: ready: ", r"^vireo: power off: status 0\r?$"])
    assert "vireo: vm " not in out and rc == 0, out
    off = built(board, toolchain, ["CONFIG_VM=n"])
    nm = subprocess.run(["llvm-nm", str(off.objdir / "vireo.elf")],
                        check=True, capture_output=True, text=True).stdout
    assert " vm_run_vcpu" not in nm and "__guest_run" not in nm, nm


@pytest.mark.parametrize("board", VM_BOARDS)
def test_guests_pass_without_sstc(board, built):
    """A hart without Sstc (QEMU -cpu rv64,sstc=false): the host's timer
    goes by SBI, the guests' device trees name no _sstc, and their SBI
    set_timer is served by the hypervisor's timer list (VSTIP by hvip):
    the timer tests, WFI and hart_suspend until the timer, all pass."""
    b = built(board, "gcc", OPTIONS)
    rc, out = b.run("RUN_ARGS=-cpu rv64,sstc=false")
    out = out.replace("\r", "")
    assert re.search(r"^vireo: riscv-timer: .*events by SBI$", out, re.M), out
    for vm in ("tests", "tests2"):
        expect_tests_pass(out, vm, 2)
    expect_lines(out, [r"^vireo: power off: status 0$"])
    assert "FAIL" not in out and ": fault: " not in out, out
    assert rc == 0, out


@pytest.mark.parametrize("board", VM_BOARDS)
def test_unreadable_instruction_stops_only_its_vm(board, built):
    """CONFIG_DEBUG_RISCV_INSN_READ_FAULT: the first HLVX read of a
    trapping instruction faults (at the PC with bit 41 set: a guest-page
    fault, cause 21, past what Sv39x4 translates). The trap in HS mode is
    the probe's: whichever VM made that MMIO access is stopped with one
    fault line naming the cause and the address read, the other passes
    every test, the hypervisor powers off with status 1 (no panic)."""
    b = built(board, "gcc", OPTIONS + ["CONFIG_DEBUG_RISCV_INSN_READ_FAULT=y"])
    rc, out = b.run()
    out = out.replace("\r", "")
    lines = re.findall(r"^vireo: vm (\S+): fault: instruction unreadable: "
                       r"guest-page fault \(syndrome 0x15, info (0x[0-9a-f]+)"
                       r"\) pc (0x[0-9a-f]+)$", out, re.M)
    assert len(lines) == 1, out
    vm, info, pc = lines[0]
    assert int(info, 16) == int(pc, 16) | 1 << 41, out
    other = {"tests": "tests2", "tests2": "tests"}[vm]
    expect_tests_pass(out, other, 2)
    assert "vm %s: stopped" % vm not in out, out
    assert "panic" not in out and out.count(": fault: ") == 1, out
    expect_lines(out, [r"^vireo: power off: status 1$"])
    assert rc != 0, out


# tests/guests/passthrough.c's Goldfish RTC tests
GOLDFISH_TESTS = ["goldfish_rtc_reads_time", "goldfish_rtc_alarm_interrupt",
                  "goldfish_rtc_alarm_to_vcpu1"]


@pytest.mark.parametrize("board", VM_BOARDS)
def test_passthrough_goldfish_rtc(board, built):
    """The board's Goldfish RTC mapped into the "rtc" VM at another address
    and forwarded as another source of its PLIC (configs/vms/passthrough-
    <board>.dts): the guest reads its time through the mapping, takes its
    alarm interrupt through the virtual PLIC once (the host source masked
    until the guest's completion) and clears it, on vCPU 0, then on vCPU 1
    when only its context enables the source; the run powers off with 0."""
    config = passthrough_config(board, "google,goldfish-rtc")
    b = built(board, "gcc", OPTIONS + ['CONFIG_VM_CONFIG="%s"' % config])
    rc, out = b.run()
    out = out.replace("\r", "")
    expect_lines(out, [r"^vireo: ready: ", r"^vireo: vm rtc: started: "] +
                 [r"^\[rtc\] PASS %s$" % t for t in GOLDFISH_TESTS] + [
        r"^\[rtc\] DONE %d passed, 0 failed$" % len(GOLDFISH_TESTS),
        r"^vireo: vm rtc: stopped: status 0$",
        r"^vireo: power off: status 0$",
    ])
    assert "FAIL" not in out and "error" not in out, out
    assert rc == 0, out

