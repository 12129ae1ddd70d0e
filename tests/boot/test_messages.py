# SPDX-License-Identifier: MIT
"""A boot that cannot go on says why in one line naming the cause: no
generic second line contradicts it, the property named is the one the
node has, and error numbers are named (ENOENT), not printed bare."""
import re

import pytest

from conftest import BOARDS, SRC, board_arch, board_emu

DTS = SRC / "tests" / "boot" / "dts"
# The hand-made tree describes QEMU's virt machine.
VIRT_AARCH64 = [b for b in BOARDS if board_arch(b) == "aarch64"
                and board_emu(b) == "qemu-system-aarch64"]


def errors(out):
    return re.findall(r"^vireo: error: (.*?)\r?$", out, re.M)


@pytest.mark.parametrize("board", VIRT_AARCH64)
def test_timer_without_el2_interrupt_is_one_precise_line(board, built):
    dts = DTS / "aarch64-timer-no-el2-irq.dts"
    b = built(board, "gcc", ["CONFIG_BUILTIN_DTB=y",
                             'CONFIG_BUILTIN_DTB_SOURCE="%s"' % dts])
    rc, out = b.run()
    assert rc != 0 and "ready:" not in out, out
    # the 4th entry of interrupts-extended is missing: ENOENT (no such entry)
    assert errors(out) == ['arm-arch-timer: no EL2 timer interrupt (4th of '
                           '"interrupts-extended"): ENOENT'], out
    assert "is its driver enabled" not in out, out
    assert re.search(r"^vireo: warning: dt: /timer: timer driver arm-arch-timer "
                     r"failed \(ENOENT\)", out, re.M), out
    assert re.search(r"^vireo: power off: status 1", out, re.M), out
