# SPDX-License-Identifier: MIT
"""Console input switching (docs/vm-config.md "Console input"): with
CONFIG_SHELL and the test guests, the "echo" VM of
tests/boot/dts/vms-console.dts waits in WFI for its PL011's receive
interrupt and echoes each line it gets as "got: <line>". Ctrl-A three
times switches input hypervisor -> echo -> hypervisor; under QEMU's
-nographic Ctrl-A is QEMU's escape and Ctrl-A Ctrl-A sends one, so six
are typed. What is typed while the hypervisor has the input goes to its
shell, which runs beside the VM, and never reaches the VM; the VM that
had the input gives it back as it stops (at "bye")."""
from pathlib import Path

import pytest

from conftest import expect_lines
from test_guests import OPTIONS, VM_BOARDS

CONSOLE_DTS = Path(__file__).parent / "dts" / "vms-console.dts"
SWITCH = b"\x01" * 6      # three Ctrl-A, each doubled for QEMU's mux
TO_ECHO = r"^vireo: console input: vm echo \(Ctrl-A x3 to switch\)\r?$"
TO_HYP = r"^vireo: console input: hypervisor \(Ctrl-A x3 to switch\)\r?$"


@pytest.mark.parametrize("board", VM_BOARDS)
def test_console_input_switches_between_vm_and_hypervisor(board, built):
    b = built(board, "gcc", OPTIONS + ["CONFIG_SHELL=y",
                                       'CONFIG_VM_CONFIG="%s"' % CONSOLE_DTS])
    status, out = b.interact(steps=[
        (r"^\[echo\] ready for input", SWITCH),
        (TO_ECHO, "hello vm\r"),
        (r"^\[echo\] got: hello vm\r?$", SWITCH),
        (TO_HYP, "cpus\r"),         # the shell's, run at once
        (r"^cpu0: hwid ", SWITCH),
        (TO_ECHO, "bye\r"),
        (r"^vireo: vm echo: stopped: status 0\r?\n" + TO_HYP[1:],
         "off 0\r"),
    ], timeout=120)
    expect_lines(out, [
        r"^vireo: shell: ",
        TO_HYP,                       # where input starts, said once
        r"^vireo: vm echo: started: ",
        r"^\[echo\] ready for input\r?$",
        TO_ECHO,
        r"^\[echo\] got: hello vm\r?$",
        TO_HYP,
        r"^(vireo> )?cpus\r?$",      # what was typed for the hypervisor
        r"^cpu0: hwid ",
        TO_ECHO,
        r"^\[echo\] got: bye\r?$",
        r"^vireo: vm echo: stopped: status 0\r?$",
        TO_HYP,                       # it had the input as it went
        r"^vireo: power off: status 0\r?$",
    ])
    assert "[echo] got: cpus" not in out, out
    assert "\x01" not in out.replace("\r", ""), out
    assert status == 0, out
