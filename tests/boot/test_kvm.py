# SPDX-License-Identifier: MIT
"""x86 under KVM, where the machine offers it: the local APIC runs in
x2APIC mode (QEMU's TCG has only xAPIC), and every CPU comes up."""
import os

import pytest

from conftest import BOARDS, board_arch, board_emu, expect_lines

KVM_BOARDS = [b for b in BOARDS
              if board_arch(b) == "x86_64" and board_emu(b).startswith("qemu")]


@pytest.mark.skipif(not os.access("/dev/kvm", os.R_OK | os.W_OK),
                    reason="no usable /dev/kvm")
@pytest.mark.parametrize("board", KVM_BOARDS)
def test_x2apic_and_smp_under_kvm(built, board):
    status, out = built(board).run("SMP=2", "RUN_ARGS=-accel kvm")
    assert status == 0, out
    expect_lines(out, [r"^vireo: irq: x2apic on cpu0",
                       r"^vireo: cpu: cpu1 \(hwid 0x1\) online",
                       r"^vireo: ready: .* cpus=2 irqchip=x2apic timer=tsc-apic@"])
    assert "vireo: error" not in out and "vireo: warning" not in out, out
