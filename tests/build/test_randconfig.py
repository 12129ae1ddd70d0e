# SPDX-License-Identifier: MIT
"""A randconfig campaign: a bounded number of random configurations per
architecture, with fixed seeds so that a failure repeats (make randconfig
KCONFIG_SEED=<seed> KCONFIG_ALLCONFIG=<file pinning the arch>). Each one
builds or is refused by Kconfig or the build in one line; each image that
builds ends its boot within a time limit with the ready line, or with one
error line and a non-zero status - never a hang or a false success."""
import os
import re
import select
import signal
import subprocess
import time

import pytest

from conftest import BOARDS, SRC, board_arch, make, make_env, read_config

PER_ARCH = 8
BOOT_LIMIT = 60  # seconds; a QEMU or Bochs boot takes a few
ARCHES = sorted({board_arch(b) for b in BOARDS})
CASES = [(arch, 0x5eed0000 + 0x100 * a + i)
         for a, arch in enumerate(ARCHES) for i in range(PER_ARCH)]


def pinned(arch, seed, tmp_path):
    """The KCONFIG_ALLCONFIG file: the arch; every other case also every
    bool of one of its boards' defconfig, so that only the numbers are
    random and more boots go past the points where drivers left out or
    debugging options stop them."""
    if not seed & 1:
        return "CONFIG_ARCH_%s=y\n" % arch.upper()
    boards = [b for b in BOARDS if board_arch(b) == arch]
    base = tmp_path / "base"
    make("O=%s" % base, "%s_defconfig" % boards[(seed >> 1) % len(boards)])
    return "".join(line + "\n" for line in (base / ".config").read_text().splitlines()
                   if not re.match(r"CONFIG_\w+=(0x[0-9a-fA-F]+|-?\d+)$", line))


COMPILER_DIAG = re.compile(r":\d+:(\d+:)? (error|warning):|Traceback")
REFUSAL = re.compile(r"^error: |\*\*\* vireo: ")


def boot(objdir, limit):
    """make run on two CPUs, answering the shell's prompt with "off"; returns
    (status or None on a hang, output). The emulator is stopped on a
    hang, with its whole process group."""
    proc = subprocess.Popen(["make", "-C", str(SRC), "O=%s" % objdir, "run",
                             "SMP=2"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=make_env(),
                            start_new_session=True)
    out, answered = b"", False
    deadline = time.monotonic() + limit
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None, out.decode(errors="replace")
            if not select.select([proc.stdout], [], [], left)[0]:
                continue
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                return proc.wait(), out.decode(errors="replace")
            out += chunk
            if not answered and out.endswith(b"vireo> "):
                proc.stdin.write(b"off\n")
                proc.stdin.flush()
                answered = True
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.parametrize("arch,seed", CASES,
                         ids=["%s-%#x" % c for c in CASES])
def test_random_configuration_builds_and_boots_or_is_refused(arch, seed,
                                                              tmp_path):
    pin = tmp_path / "arch.config"
    pin.write_text(pinned(arch, seed, tmp_path))
    obj = tmp_path / "out"
    proc = make("O=%s" % obj, "randconfig",
                env={"KCONFIG_SEED": hex(seed), "KCONFIG_ALLCONFIG": str(pin)})
    assert "KCONFIG_SEED=%#x" % seed in proc.stdout
    what = "KCONFIG_SEED=%#x, .config:\n%s" % (seed, (obj / ".config").read_text())

    build = make("O=%s" % obj, "-j2", check=False)
    if build.returncode:
        refusals = [l for l in build.stdout.splitlines() if REFUSAL.search(l)]
        assert len(refusals) == 1 and not COMPILER_DIAG.search(build.stdout), \
            "neither built nor refused in one line:\n%s\n%s" % (build.stdout, what)
        print("%#x refused: %s" % (seed, refusals[0]))
        return

    status, out = boot(obj, BOOT_LIMIT)
    assert status is not None, "no end within %d s:\n%s\n%s" % (BOOT_LIMIT, out, what)
    errors = re.findall(r"^vireo: (?:error|panic): .*$", out, re.M)
    ready = re.search(r"^vireo: ready: ", out, re.M)
    print("%#x %s status %d: %s" % (seed, read_config(obj)["CONFIG_BOARD"], status, errors[0] if errors else
                                "ready" if ready else "no output"))
    if status == 0:
        assert ready and not errors, "status 0 after:\n%s\n%s" % (out, what)
    else:
        # one error line, or (no console at all) nothing but the status
        printed = re.search(r"^Vireo \d", out, re.M)
        assert len(errors) == 1 or not printed, \
            "status %d with errors %s:\n%s\n%s" % (status, errors, out, what)
