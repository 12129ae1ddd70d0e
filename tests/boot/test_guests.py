# SPDX-License-Identifier: MIT
"""The test guests (tests/guests/) on the aarch64 QEMU boards with CONFIG_VM and
CONFIG_VM_TEST_GUESTS: the serial log line by line, VM by VM (VMs run at once,
so their lines interleave; each VM's own lines keep their order). The default
configuration runs the tests in two VMs, which pass every test and stop with
status 0 (by PSCI SYSTEM_OFF), pinned to one CPU or spread over 2 and 4, with
3 vCPUs over 2 CPUs. In the isolation scenario the "isolation" VM reads one
page past the end of its memory and must be stopped with the fault line
naming that GPA and the PC of the load (read from the guest's symbols);
before that it checks that it does not see the FP/SIMD registers the
"tests" VM left filled; the hypervisor goes on and powers off with status 1,
since a VM faulted (docs/boot-log.md). The "readonly" VM's first page is
mapped read and execute only: its write to its own entry must be stopped the
same way, as must the "sysreg" VM's write to ACTLR_EL1 (trapped by
HCR_EL2.TACR). The "gic-elsewhere" VM's GIC is not at QEMU virt's
addresses: its interrupt tests pass with the GIC its device tree names.
"no-syndrome" loads a pair from its test device (a data abort without a
valid syndrome, ISV 0) and "fetch-outside" jumps past its memory: each is
stopped with its fault line while the others run."""
import re
import subprocess
from pathlib import Path

import pytest

from board_facts import SRC, board_arch, board_tree, is_qemu, missing
from conftest import BOARDS, OUT, configure, expect_lines, make

# The boards of the architectures with a vCPU backend (arch/*/virt/).
VM_BOARDS = [b for b in BOARDS if board_arch(b) == "aarch64" and is_qemu(b)]
OPTIONS = ["CONFIG_VM=y", "CONFIG_VM_TEST_GUESTS=y"]
CONFIGS = Path(__file__).resolve().parents[2] / "configs" / "vms"
# The guests' tests, by name (tests/guests/tests.c and arch/aarch64/tests.c)
TESTS = ["hypercall", "mmio_widths", "mmio_sign_extension", "virtual_irq",
         "bench", "dtb_matches_config", "pl011_output", "pl011_rx_interrupt",
         "psci_hvc", "psci_smc", "psci_cpu_on", "every_vcpu_starts",
         "wfi_yields_to_another_vcpu", "registers_preserved",
         "fp_registers_preserved", "pmu_debug_registers",
         "vtimer_interrupts", "sgi_between_vcpus",
         "more_pending_than_list_registers"]
# the "gic-elsewhere" VM's: its interrupt controller's tests
INTERRUPT_TESTS = ["intc_in_dtb", "virtual_irq", "vtimer_interrupts",
                   "more_pending_than_list_registers"]
RAM, RAM_SIZE = 0x40000000, 0x100000    # configs/vms/*.dts' VMs
OUTSIDE = RAM + RAM_SIZE + 0x1000       # what the isolation guest reads
TESTDEV = 0x0b000000                    # the test device (vireo/hypercall.h)
# ESR_EL2 ISS of a trapped MSR (Arm ARM D17.2.37, EC 0x18): Op0 [21:20],
# Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction 0;
# ACTLR_EL1 is Op0 3, Op1 0, CRn 1, CRm 0, Op2 1, written from x1.
ACTLR_EL1_WRITE_X1 = 3 << 20 | 1 << 17 | 0 << 14 | 1 << 10 | 1 << 5 | 0 << 1


STARTED = (r"^vireo: vm %%s: started: vcpus %%d, memory %#x-%#x, "
           r"entry %#x\r?$" % (RAM, RAM + RAM_SIZE - 1, RAM))


def faulted(out, vm, said, fault, before=()):
    """One-vCPU VM vm printed the lines before, said said, then was
    stopped with the fault line (docs/boot-log.md) ending with fault."""
    expect_lines(vm_lines(out, vm), [STARTED % (vm, 1)] + list(before) + [
        r"^\[%s\] %s$" % (vm, said),
        r"^vireo: vm %s: fault: %s$" % (vm, fault)])


def guest_symbol(objdir, name):
    nm = subprocess.run(["llvm-nm", str(objdir / "tests/guests/guest.elf")],
                        check=True, capture_output=True, text=True).stdout
    for line in nm.splitlines():
        addr, _, sym = line.split()
        if sym == name:
            return int(addr, 16)
    pytest.fail("no symbol %s in the test guest:\n%s" % (name, nm))


def vm_lines(out, name):
    """VM name's lines, in order: its output and the hypervisor's about it."""
    return "\n".join(line for line in out.splitlines()
                     if line.startswith(("[%s] " % name,
                                         "vireo: vm %s: " % name)))



def expect_tests_pass(out, name, vcpus):
    """VM name started with vcpus, passed every test, stopped with 0; what
    it wrote through its PL011 came out as a line."""
    expect_lines(vm_lines(out, name), [
        STARTED % (name, vcpus),
        r"^\[%s\] hello through the PL011$" % name,
        r"^\[%s\] PASS pl011_output$" % name])
    expect_lines(vm_lines(out, name), [STARTED % (name, vcpus)] +
                 [r"^\[%s\] PASS %s$" % (name, t) for t in TESTS] + [
        r"^\[%s\] DONE %d passed, 0 failed$" % (name, len(TESTS)),
        r"^vireo: vm %s: stopped: status 0$" % name])


def pinned_config(name, pins, config="test-guests"):
    """configs/vms/<config>.dts with each VM's vCPUs pinned as pins says
    ({vm: [cpu of vCPU 0, ...]}), written for a build to embed."""
    text = (CONFIGS / ("%s.dts" % config)).read_text()
    for vm, cpus in pins.items():
        start = text.index("\t\t%s {" % vm)
        end = text.index("\n\t\t};\n", start)
        node = text[start:end]
        node = re.sub(r"vcpus = <\d+>;", "vcpus = <%d>;" % len(cpus), node)
        node = re.sub(r"\tcpus = <[\d ]+>;",
                      "\tcpus = <%s>;" % " ".join(map(str, cpus)), node)
        node = re.sub(r"(boot-args = /bits/ 64 <\w+ \w+) \d+>",
                      r"\1 %d>" % len(cpus), node)
        text = text[:start] + node + text[end:]
    path = OUT / "vm-configs" / ("%s-%s.dts" % (config, name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# Two VMs at once (configs/vms/test-guests.dts, the default): both on the
# boot CPU; spread over 2 CPUs (each VM's vCPUs on both, crossed); over 4
# (a CPU for each vCPU); and 3 vCPUs of one VM over 2 CPUs beside the other.
SPREADS = {
    "one-cpu": (1, None),
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
        options = OPTIONS + ['CONFIG_VM_CONFIG="%s"' %
                             pinned_config(spread, pins)]
    b = built(board, "gcc", options)
    rc, out = b.run("SMP=%d" % smp)
    out = out.replace("\r", "")
    pins = pins or {"tests": [0, 0], "tests2": [0, 0]}
    for vm, cpus in pins.items():
        expect_tests_pass(out, vm, len(cpus))
    expect_lines(out, [r"^vireo: ready: .* cpus=%d " % smp,
                       r"^vireo: power off: status 0$"])
    assert "FAIL" not in out and "fault" not in out, out
    assert rc == 0, out


# cortex-a57 (the board's: 44-bit PARange, 8-bit VMIDs), -smp 2 (the
# secondary idles in the core), and "max" (48-bit PARange, 16-bit VMIDs;
# the last -cpu QEMU is given wins)
@pytest.mark.parametrize("toolchain,smp,cpu", [
    ("gcc", 1, None), ("llvm", 1, None), ("gcc", 2, None), ("gcc", 1, "max")])
@pytest.mark.parametrize("board", VM_BOARDS)
def test_guests_pass_and_isolation_faults(board, toolchain, smp, cpu, built):
    b = built(board, toolchain, OPTIONS + ['CONFIG_VM_CONFIG="isolation"'])
    probe = guest_symbol(b.objdir, "isolation_probe_insn")
    store = guest_symbol(b.objdir, "readonly_probe_insn")
    msr = guest_symbol(b.objdir, "sysreg_probe_insn")
    ldp = guest_symbol(b.objdir, "nosyndrome_probe_insn")
    rc, out = b.run("SMP=%d" % smp, *(["RUN_ARGS=-cpu %s" % cpu] if cpu else []))
    out = out.replace("\r", "")
    if cpu:
        assert re.search(r"^  RUN .* -cpu %s\b" % cpu, out, re.M), out
    # "tests" has two vCPUs (psci_cpu_on starts the second), the others one
    expect_tests_pass(out, "tests", 2)
    faulted(out, "isolation", r"reading %#x outside its memory" % OUTSIDE,
            r"read outside its memory at gpa %#x pc %#x" % (OUTSIDE, probe),
            before=[
                # a new VM does not see the FP/SIMD registers "tests" left
                r"^\[isolation\] PASS fp_registers_clean$",
                # its virtual counter counts from its start (CNTVOFF_EL2)
                r"^\[isolation\] PASS virtual_time_is_its_own$"])
    faulted(out, "readonly", r"writing %#x in its read-only memory" % RAM,
            r"write refused by its memory's permissions at gpa %#x pc %#x"
            % (RAM, store))
    faulted(out, "sysreg", r"writing ACTLR_EL1",
            r"write of a system register it may not use \(id %#x\) pc %#x"
            % (ACTLR_EL1_WRITE_X1, msr))
    # its GIC where its configuration puts it, found in its DTB
    expect_lines(vm_lines(out, "gic-elsewhere"), [
        STARTED % ("gic-elsewhere", 1)] +
        [r"^\[gic-elsewhere\] PASS %s$" % t for t in INTERRUPT_TESTS] + [
        r"^\[gic-elsewhere\] DONE %d passed, 0 failed$" % len(INTERRUPT_TESTS),
        r"^vireo: vm gic-elsewhere: stopped: status 0$"])
    # a load pair's data abort has no syndrome (ISV 0): not emulated
    faulted(out, "no-syndrome", r"load pair from the test device",
            r"read of a device the CPU could not decode at gpa %#x pc %#x"
            % (TESTDEV, ldp))
    # an instruction fetch outside its memory: the PC is where it went
    faulted(out, "fetch-outside", r"jumping to %#x outside its memory" % OUTSIDE,
            r"execute outside its memory at gpa %#x pc %#x" % (OUTSIDE, OUTSIDE))
    expect_lines(out, [r"^vireo: ready: ", r"^vireo: power off: status 1$"])
    assert "FAIL" not in out and "panic" not in out, out
    assert "vm isolation: stopped" not in out, out
    assert "vm readonly: stopped" not in out, out
    assert "vm sysreg: stopped" not in out, out
    assert "vm no-syndrome: stopped" not in out, out
    assert "vm fetch-outside: stopped" not in out, out
    assert rc != 0, out


PASSTHROUGH_TESTS = ["rtc_identifies", "rtc_reads_time", "rtc_match_interrupt",
                     "rtc_interrupt_to_vcpu1"]


def passthrough_config(board, compatible):
    """configs/vms/passthrough-<board>.dts, for a board whose tree has a
    compatible device (else the test is skipped as missing), its
    host-device paths checked against the board's tree."""
    tree = board_tree(board)
    if not any(compatible in tree.strings(n, "compatible") for n in tree.nodes):
        missing(board, "no %s in its device tree" % compatible)
    config = SRC / "configs" / "vms" / ("passthrough-%s.dts" % board)
    if not config.is_file():
        missing(board, "no %s" % config.relative_to(SRC))
    paths = re.findall(r'host-device = "([^"]+)"', config.read_text())
    assert paths and all(p in tree.nodes for p in paths), paths
    return config


# The boards whose tree has a PL031 RTC (Vireo has no driver for it), each
# with its passthrough VM: configs/vms/passthrough-<board>.dts, data like
# any VM configuration, whose host-device paths are the board tree's.
@pytest.mark.parametrize("board", VM_BOARDS)
def test_passthrough_rtc(board, built):
    """The board's PL031 mapped into the "rtc" VM at another address and
    forwarded as another SPI (docs/vm-config.md): the guest reads its ID
    and time registers through the mapping, takes its match interrupt
    through the vGIC once and clears it, on vCPU 0, then on vCPU 1 when
    it targets the SPI there; the run powers off with 0."""
    config = passthrough_config(board, "arm,pl031")
    b = built(board, "gcc", OPTIONS + ['CONFIG_VM_CONFIG="%s"' % config])
    rc, out = b.run()
    expect_lines(out, [r"^vireo: ready: ", r"^vireo: vm rtc: started: "] +
                 [r"^\[rtc\] PASS %s\r?$" % t for t in PASSTHROUGH_TESTS] + [
        r"^\[rtc\] DONE %d passed, 0 failed\r?$" % len(PASSTHROUGH_TESTS),
        r"^vireo: vm rtc: stopped: status 0\r?$",
        r"^vireo: power off: status 0\r?$",
    ])
    assert "FAIL" not in out and "error" not in out, out
    assert rc == 0, out


@pytest.mark.parametrize("board", VM_BOARDS)
def test_guests_off_without_vm(board, built):
    """Without CONFIG_VM nothing of the VM core is linked in."""
    b = built(board, "gcc", ["CONFIG_VM=n"])
    nm = subprocess.run(["llvm-nm", str(b.objdir / "vireo.elf")], check=True,
                        capture_output=True, text=True).stdout
    assert " vm_run_vcpu" not in nm and "__guest_run" not in nm
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


def exit_costs(out, insns_per_tick):
    """The BENCH lines' instructions per exit, checked for what holds on
    every arch: each costs at least the world switch's loads and stores of
    the general registers (62); the empty exit (HVC #1, riscv64's ECALL of
    VIREO_ECALL_EMPTY) is the floor of every exit; answered in the
    backend, PSCI_VERSION (riscv64: SBI get_spec_version) is cheaper than
    the core's null hypercall."""
    costs = {}
    for name, ticks, calls in re.findall(
            r"^\[tests\] BENCH (\w+): (\d+) ticks for (\d+) calls\r?$", out,
            re.M):
        costs[name] = int(ticks) * insns_per_tick / int(calls)
    assert set(costs) == {"floor", "psci_version", "null_hypercall",
                          "mmio_read32"}, out
    print("instructions per exit:", costs)
    assert all(c > 62 for c in costs.values()), costs
    assert all(c > costs["floor"] for n, c in costs.items() if n != "floor")
    assert costs["psci_version"] < costs["null_hypercall"], costs
    return costs


@pytest.mark.parametrize("board", VM_BOARDS)
def test_exit_costs_in_instructions(board, built):
    b = built(board, "gcc", OPTIONS + ['CONFIG_VM_CONFIG="bench"'])
    rc, out = b.run("RUN_ARGS=%s" % ICOUNT)
    costs = exit_costs(out, INSNS_PER_TICK)
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
    b = built(board, toolchain, ["CONFIG_VM=y", "CONFIG_VM_TEST_GUESTS=n",
                                 'CONFIG_VM_CONFIG=""'])
    nm = subprocess.run(["llvm-nm", str(b.objdir / "vireo.elf")], check=True,
                        capture_output=True, text=True).stdout
    assert " T vm_run_vcpu\n" in nm and " T __guest_run\n" in nm, nm
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


@pytest.mark.parametrize("board", VM_BOARDS)
def test_lifecycle_reset_stop_start(board, built):
    """A guest's PSCI SYSTEM_RESET builds its VM again and starts it (its
    boots counted); the shell (CONFIG_SHELL) lists the VMs, stops the
    running one, starts it again and resets it, while the "tests" VM passes
    its tests undisturbed although a third VM on the same CPU spins without
    an exit (time slices); "off" powers off with its status."""
    dts = Path(__file__).parent / "dts" / "vms-lifecycle.dts"
    b = built(board, "gcc", OPTIONS + ["CONFIG_SHELL=y",
                                       'CONFIG_VM_CONFIG="%s"' % dts])
    boot = r"^\[resetter\] booted, resetting in 100 ms\r?$"
    rc, out = b.interact(steps=[
        (r"^vireo: vm tests: stopped: status 0\r?$(?:.|\n)*"
         r"^vireo: vm resetter: reset\r?$(?:.|\n)*" + boot, "vms\r"),
        (r"^vm resetter: running, vcpus 1 on cpus 0\r?\n"
         r"vm spinner: running, vcpus 1 on cpus 0\r?\n"
         r"vm tests: stopped, status 0, vcpus 2 on cpus 0,0\r?$",
         "vm stop resetter\r"),
        (r"^vireo: vm resetter: stopped: status 0\r?$", "vms\r"),
        (r"^vm resetter: stopped, status 0, vcpus 1 on cpus 0\r?$",
         "vm start resetter\r"),
        (boot, "vm reset resetter\r"),
        (r"^vireo: vm resetter: reset\r?$(?:.|\n)*" + boot,
         "vm stop resetter\r"),
        (r"^vireo: vm resetter: stopped: status 0\r?$", "vm stop nosuch\r"),
        (r"^vm: no VM named \"nosuch\"", "vm stop spinner\r"),
        (r"^vireo: vm spinner: stopped: status 0\r?$", "off 5\r")])
    out = out.replace("\r", "")
    expect_tests_pass(out, "tests", 2)
    expect_lines(vm_lines(out, "spinner"), [r"^\[spinner\] spinning$"])
    lines = vm_lines(out, "resetter")
    assert len(re.findall(boot, lines, re.M)) >= 4, lines
    assert "FAIL" not in out and "fault" not in out, out
    expect_lines(out, [r"^vireo: power off: status 5$"])
    assert rc != 0, out
