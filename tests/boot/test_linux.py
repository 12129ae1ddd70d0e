# SPDX-License-Identifier: MIT
"""Debian's arm64 Linux as a Vireo guest (configs/vms/linux.dts, README "Run
Linux in a VM"): the kernel and the initramfs of scripts/linux-guest.sh are
placed in host RAM by QEMU's -device loader at the phys-address of the VM's
configuration, the VM boots to its busybox shell, console input is switched
to it (Ctrl-A three times, doubled for QEMU's mux) and the shell's answers
are checked against the configuration and the packages: `uname -a` (the
kernel release of the package), `nproc` (the VM's vCPUs),
/proc/interrupts (the virtual timer, PPI 27, ticking on every vCPU, and
the PL011's SPI counting), MemTotal (below the VM's RAM, above 3/4 of it), the shell
answering with both vCPUs busy, and `poweroff`: the VM stops with status 0
(PSCI SYSTEM_OFF) and Vireo powers off with 0.

Marked slow; skipped, saying how to get them, when the Linux guest's
packages were not fetched (scripts/deps.sh ensure linux, as .ci/run does).
"""
import os
import re
import struct
import subprocess
import time
from pathlib import Path

import pytest

from conftest import OUT, SRC, expect_lines
from test_guests import VM_BOARDS

CONFIG = SRC / "configs" / "vms" / "linux.dts"
GUEST = Path(os.environ.get("VIREO_LINUX_DIR") or
             SRC / "build" / "linux-guest")
SWITCH = b"\x01" * 6      # three Ctrl-A, each doubled for QEMU's mux
PROMPT = r"vireo-guest# (\x1b\[6n)?$"   # busybox may ask the cursor place
TIMER_PPI = 27            # the EL1 virtual timer (GIC INTID)
GIC_SPI_BASE = 32         # INTID of SPI 0

pytestmark = pytest.mark.slow


def vm_nodes(text):
    """{vm name: its node's text} of a VM configuration .dts."""
    return {m.group(1): m.group(2) for m in re.finditer(
        r"^\t\t([\w-]+) \{\n(.*?)^\t\t\};$", text, re.M | re.S)}


def num(text, prop, index=-1):
    """The cell at index of <...> property prop in a node's text."""
    m = re.search(r"\b%s = <([^>]*)>;" % re.escape(prop), text)
    assert m, "no %s in:\n%s" % (prop, text)
    return int(m.group(1).split()[index], 0)


def child(text, name):
    m = re.search(r"^\t\t\t%s \{\n(.*?)^\t\t\t\};$" % re.escape(name), text,
                  re.M | re.S)
    assert m, "no node %s in:\n%s" % (name, text)
    return m.group(1)


def vm_facts(node):
    """What the shell must answer, from the VM's configuration node."""
    mem = re.search(r"^\t\t\tmemory@\w+ \{\n(.*?)^\t\t\t\};$", node,
                    re.M | re.S).group(1)
    return {"vcpus": num(node, "vcpus"), "ram": num(mem, "reg"),
            "uart_spi": num(child(node, r"pl011@9000000"), "interrupts", 1),
            "image_pa": num(child(node, "image"), "phys-address"),
            "initrd_pa": num(child(node, "initrd"), "phys-address")}


@pytest.fixture(scope="module")
def guest():
    """The fetched kernel and busybox; the initramfs built again from our
    scripts (so it is the one of this tree)."""
    image, busybox = GUEST / "Image", GUEST / "busybox"
    if not image.exists() or not busybox.exists():
        pytest.skip("the Linux guest is not fetched (%s): run "
                    "scripts/deps.sh ensure linux (or scripts/linux-guest.sh "
                    "fetch) as root" % GUEST)
    subprocess.run([str(SRC / "scripts" / "linux-guest.sh"), "initramfs",
                    str(GUEST)], check=True, capture_output=True)
    package = (GUEST / "version").read_text().split()[0]
    return {"image": image, "initrd": GUEST / "initramfs.cpio",
            "release": package[len("linux-image-"):]}


def loader_args(guest, facts):
    return ("RUN_ARGS=-device loader,file=%s,addr=%#x,force-raw=on "
            "-device loader,file=%s,addr=%#x,force-raw=on" %
            (guest["image"], facts["image_pa"], guest["initrd"],
             facts["initrd_pa"]))


def shell_steps(name, commands, ready=None):
    """Once ready matches (the VM's /init), switch input to the VM, then
    type each command at its prompt (a fresh one: the first was shown
    before it had the input)."""
    steps = [(ready or r"^\[%s\] vireo-guest: /init reached" % name, SWITCH),
             (r"^vireo: console input: vm %s " % name, "\r")]
    return steps + [(PROMPT, c + "\r") for c in commands]


def counts(out, name, label):
    """The per-CPU counts of the /proc/interrupts line ending in label."""
    m = re.search(r"^\[%s\]\s+\d+:((?:\s+\d+)+)\s+GIC-0\s+(\d+) Level\s+%s"
                  r"\r?$" % (name, label), out, re.M)
    assert m, "no %s line in /proc/interrupts:\n%s" % (label, out)
    return [int(n) for n in m.group(1).split()], int(m.group(2))


def expect_mem_total(out, name, facts):
    """MemTotal below the VM's RAM (the kernel keeps its own), above 3/4."""
    kb = int(re.search(r"^\[%s\] MemTotal:\s+(\d+) kB" % name, out,
                       re.M).group(1))
    assert facts["ram"] * 3 // 4 < kb * 1024 <= facts["ram"], out


def expect_answers(out, name, guest, facts):
    """uname, nproc, interrupts and MemTotal as the configuration says."""
    expect_lines(out, [
        r"^\[%s\] vireo-guest# (\x1b\[6n)?uname -a\r?$" % name,
        r"^\[%s\] Linux \S+ %s #\d+ SMP .* aarch64 GNU/Linux\r?$" %
        (name, re.escape(guest["release"])),
        r"^\[%s\] vireo-guest# (\x1b\[6n)?nproc\r?$" % name,
        r"^\[%s\] %d\r?$" % (name, facts["vcpus"])])
    timer, ppi = counts(out, name, "arch_timer")
    assert ppi == TIMER_PPI and len(timer) == facts["vcpus"], out
    assert all(n > 0 for n in timer), "a vCPU got no timer tick:\n" + out
    uart, spi = counts(out, name, "uart-pl011")
    assert spi == GIC_SPI_BASE + facts["uart_spi"] and sum(uart) > 0, out
    expect_mem_total(out, name, facts)


# Both vCPUs busy, the shell must still answer (and what it runs writes
# to /dev/null); then the answer to the sum proves the loop ran.
UNDER_LOAD = ["yes > /dev/null & yes > /dev/null &",
              "for i in $(seq 200); do echo line $i > /dev/null; done; "
              "echo loaded-$((6 * 7))",
              "kill %1 %2"]


@pytest.mark.parametrize("board", VM_BOARDS)
def test_linux_to_its_shell(board, built, guest):
    name, node = next(iter(vm_nodes(CONFIG.read_text()).items()))
    facts = vm_facts(node)
    b = built(board, "gcc", ["CONFIG_VM=y", 'CONFIG_VM_CONFIG="linux"'])
    start = time.monotonic()
    status, out = b.interact(
        "SMP=%d" % facts["vcpus"], "MEM=1G", loader_args(guest, facts),
        steps=shell_steps(name, ["uname -a", "nproc", "cat /proc/interrupts",
                                 "cat /proc/meminfo"] + UNDER_LOAD +
                          ["poweroff"]), timeout=600)
    wall = time.monotonic() - start
    expect_lines(out, [
        r"^vireo: vm %s: started: vcpus %d, memory 0x40000000-%#x, entry "
        r"0x40000000\r?$" % (name, facts["vcpus"],
                             0x40000000 + facts["ram"] - 1),
        r"^\[%s\] \[\s*[\d.]+\] Run /init as init process\r?$" % name,
        r"^\[%s\] vireo-guest: /init reached" % name])
    expect_answers(out, name, guest, facts)
    expect_lines(out, [r"^\[%s\] loaded-42\r?$" % name,
                       r"^\[%s\] .*reboot: Power down\r?$" % name,
                       r"^vireo: vm %s: stopped: status 0\r?$" % name,
                       r"^vireo: power off: status 0\r?$"])
    assert status == 0, out
    record_boot_time(out, name, wall)


def record_boot_time(out, name, wall):
    """Entry to the guest's /init: Vireo's entry to its first instruction
    (its log line) plus the guest's own clock at "Run /init" (which
    starts near 0 at VM start); written for docs/performance.md."""
    first = int(re.search(r"^vireo: time: entry to first guest instruction "
                          r"(\d+) ns", out, re.M).group(1))
    init = float(re.search(r"^\[%s\] \[\s*([\d.]+)\] Run /init" % name, out,
                           re.M).group(1))
    line = ("entry to first guest instruction %.3f s, kernel to /init %.3f s,"
            " entry to /init %.3f s; whole session (to power off) %.1f s "
            "wall\n" % (first / 1e9, init, first / 1e9 + init, wall))
    (OUT / "linux-boot-time.txt").write_text(line)
    print(line)


TWO = SRC / "configs" / "vms" / "linux-two.dts"


@pytest.mark.parametrize("board", VM_BOARDS)
def test_two_linux_vms_at_once(board, built, guest):
    """configs/vms/linux-two.dts on 4 CPUs: both VMs reach their shell;
    the first answers and is powered off from inside while the second
    runs on; then the second answers (its own memory size) and is
    powered off; Vireo powers off with 0."""
    nodes = vm_nodes(TWO.read_text())
    (first, node1), (second, node2) = nodes.items()
    facts = {first: vm_facts(node1), second: vm_facts(node2)}
    assert facts[first]["ram"] != facts[second]["ram"]
    smp = facts[first]["vcpus"] + facts[second]["vcpus"]
    b = built(board, "gcc", ["CONFIG_VM=y",
                             'CONFIG_VM_CONFIG="%s"' % TWO])
    any_init = r"^\[(%s|%s)\] vireo-guest: /init reached" % (first, second)
    status, out = b.interact(
        "SMP=%d" % smp, "MEM=1G", loader_args(guest, facts[first]),
        steps=[(any_init, "")] +
        shell_steps(first, ["nproc", "cat /proc/meminfo", "poweroff"],
                    ready=any_init) +
        shell_steps(second, ["nproc", "cat /proc/meminfo", "poweroff"],
                    ready=r"^vireo: vm %s: stopped: status 0\r?$" % first),
        timeout=900)
    for name in (first, second):
        expect_lines(out, [r"^\[%s\] vireo-guest: /init reached" % name,
                           r"^\[%s\] vireo-guest# (\x1b\[6n)?nproc\r?$" % name,
                           r"^\[%s\] %d\r?$" % (name, facts[name]["vcpus"]),
                           r"^vireo: vm %s: stopped: status 0\r?$" % name])
        expect_mem_total(out, name, facts[name])
    # the second answered after the first had stopped (input goes to it
    # straight from the first, or by the hypervisor once the first is
    # destroyed)
    expect_lines(out, [r"^vireo: vm %s: stopped: status 0\r?$" % first,
                       r"^vireo: console input: vm %s " % second,
                       r"^\[%s\] MemTotal:" % second,
                       r"^vireo: vm %s: stopped: status 0\r?$" % second,
                       r"^vireo: power off: status 0\r?$"])
    assert status == 0, out


@pytest.mark.parametrize("board", VM_BOARDS)
def test_misplaced_linux_image_refused(board, built, guest):
    """The kernel 1 MiB into RAM: not at a 2 MiB aligned base +
    text_offset, as its header wants (booting.rst: text_offset at byte
    8, image_size at 16), so the VM is refused with its line, before it
    starts, and the power-off status is 1."""
    text_offset, image_size = struct.unpack_from(
        "<QQ", guest["image"].read_bytes()[:64], 8)
    text = CONFIG.read_text()
    name, node = next(iter(vm_nodes(text).items()))
    facts = vm_facts(node)
    wrong = 0x40100000 + text_offset
    text = re.sub(r"(load-address|entry) = <0x0 0x40000000>;",
                  r"\1 = <0x0 %#x>;" % wrong, text)
    path = OUT / "vm-configs" / "linux-misplaced.dts"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    b = built(board, "gcc", ["CONFIG_VM=y", 'CONFIG_VM_CONFIG="%s"' % path])
    status, out = b.run("SMP=%d" % facts["vcpus"], "MEM=1G",
                        loader_args(guest, facts))
    expect_lines(out, [
        r"^vireo: error: vm %s: image: arm64 Image \(text_offset %#x, "
        r"image_size %#x\): load-address: not a 2 MiB aligned base \+ "
        r"text_offset\r?$" % (name, text_offset, image_size),
        r"^vireo: power off: status 1\r?$"])
    assert "vm %s: started" % name not in out, out
    assert status != 0, out
