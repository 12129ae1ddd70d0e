# SPDX-License-Identifier: MIT
"""The test guests (tests/guests/) on the aarch64 QEMU boards with CONFIG_VM and
CONFIG_VM_TEST_GUESTS: the serial log line by line. The "tests" VM passes
every test and stops with status 0 (by PSCI SYSTEM_OFF); the "isolation" VM reads one page
past the end of its memory and must be stopped with the fault line
naming that GPA and the PC of the load (read from the guest's symbols);
before that it checks that it does not see the FP/SIMD registers the
"tests" VM left filled; the hypervisor goes on and powers off with status 1, since a VM faulted
(docs/boot-log.md). The "readonly" VM's first page is mapped read and
execute only: its write to its own entry must be stopped the same way, as
must the "sysreg" VM's write to ACTLR_EL1 (trapped by HCR_EL2.TACR)."""
import re
import subprocess
from pathlib import Path

import pytest

from board_facts import board_arch, is_qemu
from conftest import BOARDS, OUT, configure, expect_lines, make

# The boards of the architectures with a vCPU backend (arch/*/virt/).
VM_BOARDS = [b for b in BOARDS if board_arch(b) == "aarch64" and is_qemu(b)]
OPTIONS = ["CONFIG_VM=y", "CONFIG_VM_TEST_GUESTS=y"]
# The guests' tests, by name (tests/guests/tests.c and arch/aarch64/tests.c)
TESTS = ["hypercall", "mmio_widths", "mmio_sign_extension", "virtual_irq",
         "bench", "dtb_matches_config", "psci_hvc", "psci_smc", "psci_cpu_on",
         "wfi_yields_to_another_vcpu", "registers_preserved",
         "fp_registers_preserved", "vtimer_interrupts", "sgi_between_vcpus",
         "more_pending_than_list_registers"]
RAM, RAM_SIZE = 0x40000000, 0x100000    # configs/vms/test-guests.dts' VMs
OUTSIDE = RAM + RAM_SIZE + 0x1000       # what the isolation guest reads
# ESR_EL2 ISS of a trapped MSR (Arm ARM D17.2.37, EC 0x18): Op0 [21:20],
# Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction 0;
# ACTLR_EL1 is Op0 3, Op1 0, CRn 1, CRm 0, Op2 1, written from x1.
ACTLR_EL1_WRITE_X1 = 3 << 20 | 1 << 17 | 0 << 14 | 1 << 10 | 1 << 5 | 0 << 1


def guest_symbol(objdir, name):
    nm = subprocess.run(["llvm-nm", str(objdir / "tests/guests/guest.elf")],
                        check=True, capture_output=True, text=True).stdout
    for line in nm.splitlines():
        addr, _, sym = line.split()
        if sym == name:
            return int(addr, 16)
    pytest.fail("no symbol %s in the test guest:\n%s" % (name, nm))


# cortex-a57 (the board's: 44-bit PARange, 8-bit VMIDs), -smp 2 (the
# secondary idles in the core), and "max" (48-bit PARange, 16-bit VMIDs;
# the last -cpu QEMU is given wins)
@pytest.mark.parametrize("toolchain,smp,cpu", [
    ("gcc", 1, None), ("llvm", 1, None), ("gcc", 2, None), ("gcc", 1, "max")])
@pytest.mark.parametrize("board", VM_BOARDS)
def test_guests_pass_and_isolation_faults(board, toolchain, smp, cpu, built):
    b = built(board, toolchain, OPTIONS)
    probe = guest_symbol(b.objdir, "isolation_probe_insn")
    store = guest_symbol(b.objdir, "readonly_probe_insn")
    msr = guest_symbol(b.objdir, "sysreg_probe_insn")
    rc, out = b.run("SMP=%d" % smp, *(["RUN_ARGS=-cpu %s" % cpu] if cpu else []))
    if cpu:
        assert re.search(r"^  RUN .* -cpu %s\b" % cpu, out, re.M), out
    started = (r"^vireo: vm %%s: started: vcpus %%d, memory %#x-%#x, "
               r"entry %#x\r?$" % (RAM, RAM + RAM_SIZE - 1, RAM))
    # "tests" has two vCPUs (psci_cpu_on starts the second), the others one
    expect_lines(out, [r"^vireo: ready: ", started % ("tests", 2)] +
                 [r"^\[tests\] PASS %s\r?$" % t for t in TESTS] + [
        r"^\[tests\] DONE %d passed, 0 failed\r?$" % len(TESTS),
        r"^vireo: vm tests: stopped: status 0\r?$",
        started % ("isolation", 1),
        # a new VM does not see the FP/SIMD registers "tests" left filled
        r"^\[isolation\] PASS fp_registers_clean\r?$",
        # its virtual counter counts from its creation (CNTVOFF_EL2)
        r"^\[isolation\] PASS virtual_time_is_its_own\r?$",
        r"^\[isolation\] reading %#x outside its memory\r?$" % OUTSIDE,
        r"^vireo: vm isolation: fault: read outside its memory at gpa %#x "
        r"pc %#x\r?$" % (OUTSIDE, probe),
        started % ("readonly", 1),
        r"^\[readonly\] writing %#x in its read-only memory\r?$" % RAM,
        r"^vireo: vm readonly: fault: write refused by its memory's "
        r"permissions at gpa %#x pc %#x\r?$" % (RAM, store),
        started % ("sysreg", 1),
        r"^\[sysreg\] writing ACTLR_EL1\r?$",
        r"^vireo: vm sysreg: fault: write of a system register it may not "
        r"use \(id %#x\) pc %#x\r?$" % (ACTLR_EL1_WRITE_X1, msr),
        r"^vireo: power off: status 1\r?$",
    ])
    assert "FAIL" not in out and "panic" not in out, out
    assert "[isolation] FAIL" not in out
    assert "vm isolation: stopped" not in out, out
    assert "vm readonly: stopped" not in out, out
    assert "vm sysreg: stopped" not in out, out
    assert rc != 0, out


@pytest.mark.parametrize("board", VM_BOARDS)
def test_guests_off_by_default(board, built):
    """Without the options nothing of the VM core is linked in."""
    b = built(board, "gcc")
    nm = subprocess.run(["llvm-nm", str(b.objdir / "vireo.elf")], check=True,
                        capture_output=True, text=True).stdout
    assert " vm_run" not in nm and "__guest_run" not in nm
    rc, out = b.run()
    assert "vireo: vm " not in out and rc == 0, out


# Under -icount shift=0 QEMU retires one instruction per ns and the 62.5 MHz
# counter ticks every 16 instructions (DESIGN.md section 5): the BENCH
# lines then give the hypervisor's instructions per exit, load-independent.
ICOUNT = "-icount shift=0,align=off,sleep=off"
INSNS_PER_TICK = 16
# issue 10's goals: 0.75 x Bao's 188 instructions for PSCI_VERSION by HVC
# and 0.75 x its 225 for a trapped 32-bit MMIO read
PSCI_VERSION_GOAL = 141
MMIO_READ_GOAL = 169
# measured 536,272 (was 1,072,736: docs/performance.md); the goal, 237 k,
# is not reached yet. icount is exact: the margin is for small changes.
FIRST_GUEST_INSN_BOUND = 550000


@pytest.mark.parametrize("board", VM_BOARDS)
def test_exit_costs_in_instructions(board, built):
    b = built(board, "gcc", OPTIONS)
    rc, out = b.run("RUN_ARGS=%s" % ICOUNT)
    costs = {}
    for name, ticks, calls in re.findall(
            r"^\[tests\] BENCH (\w+): (\d+) ticks for (\d+) calls\r?$", out,
            re.M):
        costs[name] = int(ticks) * INSNS_PER_TICK / int(calls)
    assert set(costs) == {"floor", "psci_version", "null_hypercall",
                          "mmio_read32"}, out
    print("instructions per exit:", costs)
    # an exit costs at least the world switch's loads and stores of x0-x30
    assert all(c > 62 for c in costs.values()), costs
    # the empty exit (HVC #1) is the floor of every exit; answered in the
    # backend, PSCI_VERSION is the cheapest call; the core's cost more
    assert all(c > costs["floor"] for n, c in costs.items() if n != "floor")
    assert costs["psci_version"] < costs["null_hypercall"], costs
    assert costs["psci_version"] <= PSCI_VERSION_GOAL, costs
    assert costs["mmio_read32"] <= MMIO_READ_GOAL, costs
    # a virtual timer interrupt, deadline to the guest's handler: at least
    # one exit (the host PPI) and one entry with the list register loaded
    m = re.search(r"^\[tests\] BENCH vtimer_delivery: (\d+) ticks ", out, re.M)
    assert m, out
    delivery = int(m.group(1)) * INSNS_PER_TICK
    print("instructions to deliver a virtual timer interrupt:", delivery)
    assert delivery > 62, delivery
    assert "[tests] DONE %d passed, 0 failed" % len(TESTS) in out, out
    # the clock just before the first world switch (core/vm.c);
    # goal 237k, Bao 473,462; reached so far: 0.54 M (was 11.08 M)
    m = re.search(r"^vireo: time: entry to first guest instruction (\d+) ns\r?$",
                  out, re.M)
    assert m, out
    assert int(m.group(1)) <= FIRST_GUEST_INSN_BOUND, out


@pytest.mark.parametrize("toolchain", ["gcc", "llvm"])
@pytest.mark.parametrize("board", VM_BOARDS)
def test_vm_core_alone_changes_no_boot(board, toolchain, built):
    """CONFIG_VM without the test guests: the VM core and the backend are
    linked (and build with -Werror), nothing runs, the boot is as before."""
    b = built(board, toolchain, ["CONFIG_VM=y"])
    nm = subprocess.run(["llvm-nm", str(b.objdir / "vireo.elf")], check=True,
                        capture_output=True, text=True).stdout
    assert " T vm_run\n" in nm and " T __guest_run\n" in nm, nm
    rc, out = b.run()
    expect_lines(out, [r"^vireo: ready: ", r"^vireo: power off: status 0\r?$"])
    assert "vireo: vm " not in out and rc == 0, out


def run_config_with_one_refusal(b, refused, line, *run_args):
    """Boot b; the VM refused is refused with line before any VM starts,
    "tests" runs and passes, and the power-off status is 1."""
    rc, out = b.run(*run_args)
    expect_lines(out, [
        r"^vireo: ready: ",
        r"^vireo: error: vm %s: %s\r?$" % (refused, line),
        r"^vireo: vm tests: started: ",
        r"^\[tests\] DONE %d passed, 0 failed\r?$" % len(TESTS),
        r"^vireo: vm tests: stopped: status 0\r?$",
        r"^vireo: power off: status 1\r?$",
    ])
    assert "vm %s: started" % refused not in out, out
    assert len(re.findall(r"vm %s\b" % refused, out)) == 1, out
    assert rc != 0, out


def config_build(built, board, name):
    dts = Path(__file__).parent / "dts" / name
    return built(board, "gcc", OPTIONS + ['CONFIG_VM_CONFIG="%s"' % dts])


@pytest.mark.parametrize("board", VM_BOARDS)
def test_bad_vm_config_refused_with_one_line(board, built):
    """A VM whose memory regions overlap is refused at boot with one line
    naming it and the property (docs/vm-config.md) and never starts; the
    good VM beside it runs and passes, the power-off status is 1."""
    b = config_build(built, board, "vms-one-bad.dts")
    run_config_with_one_refusal(
        b, "broken", "memory@400ff000/reg: overlaps memory@40000000")


@pytest.mark.parametrize("board", VM_BOARDS)
def test_image_placed_by_a_loader(board, built):
    """An image at a physical address (QEMU's -device loader) is claimed
    from the page allocator and run; one over the hypervisor's own memory
    is refused with its line (docs/vm-config.md)."""
    b = config_build(built, board, "vms-loader.dts")
    loader = "-device loader,file=%s,addr=0x4c000000,force-raw=on" % (
        b.objdir / "tests/guests/guest.bin")
    run_config_with_one_refusal(
        b, "over-hypervisor", r"image/phys-address: 0x40200000-0x40200fff "
        r"is not free RAM: E\w+", "RUN_ARGS=%s" % loader)


@pytest.mark.parametrize("board", VM_BOARDS)
def test_missing_vm_config_file_stops_the_build(board):
    """A VM_CONFIG naming no file stops make with one line naming it."""
    objdir = OUT / "builds" / (board + "-vm-config-missing")
    configure(objdir, board, OPTIONS + ['CONFIG_VM_CONFIG="no-such-vms"'])
    proc = make("O=%s" % objdir, "all", check=False)
    assert proc.returncode != 0, proc.stdout
    assert re.search(r"vireo: CONFIG_VM_CONFIG: no such file: \S*"
                     r"configs/vms/no-such-vms\.dts\.  Stop\.$", proc.stdout,
                     re.M), proc.stdout
