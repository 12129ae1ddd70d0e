# SPDX-License-Identifier: MIT
"""Shared helpers for Vireo's pytest suites (tests/kconfig, tests/build,
tests/boot): run make on the real tree, build each board once per
toolchain, boot images in their emulators."""
import os
import pathlib
import re
import select
import subprocess
import time

import pytest

# Board facts come from the board's own files (tests/board_facts.py).
from board_facts import (BOARDS, OUT, SRC, board_arch, board_emu,  # noqa: F401
                         make_env, missing, read_config)

# The privilege level each architecture must reach.
ARCH_MODE = {"aarch64": "el2", "riscv64": "hs", "x86_64": "long"}


def make(*args, cwd=SRC, env=None, check=True, timeout=600):
    """Run make with args; return the CompletedProcess (text output)."""
    proc = subprocess.run(["make", "-C", str(cwd)] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, env=make_env(env), timeout=timeout)
    if check and proc.returncode != 0:
        pytest.fail("make %s failed (%d):\n%s"
                    % (" ".join(args), proc.returncode, proc.stdout))
    return proc


def configure(objdir, board, extra=()):
    """board_defconfig into objdir, plus extra CONFIG_ lines."""
    objdir = pathlib.Path(objdir)
    objdir.mkdir(parents=True, exist_ok=True)
    make("O=%s" % objdir, "%s_defconfig" % board)
    if extra:
        with open(objdir / ".config", "a") as f:
            f.write("\n".join(extra) + "\n")
        make("O=%s" % objdir, "olddefconfig")


class Build:
    def __init__(self, board, toolchain, objdir):
        self.board, self.toolchain, self.objdir = board, toolchain, objdir
        self.flags = ["O=%s" % objdir] + (["LLVM=1"] if toolchain == "llvm" else [])

    def make(self, *args, **kw):
        return make(*(self.flags + list(args)), **kw)

    def need_emulator(self):
        if not board_emu(self.board):
            missing(self.board, "no emulator to boot it in (EMU in board.mk)")

    def run(self, *args, timeout=120):
        """make run; returns (exit status, serial output)."""
        self.need_emulator()
        proc = self.make("run", *args, check=False, timeout=timeout)
        return proc.returncode, proc.stdout

    def converse(self, *args, lines=(), prompt="vireo> ", timeout=120):
        """make run, typing each of lines at a prompt as a user would (the
        way U-Boot's test/py drives a console); returns (status, output)."""
        todo, answered = list(lines), [-1]

        def reply(out):
            # one line per prompt: not again until more output comes
            if todo and out.endswith(prompt.encode()) and \
                    len(out) != answered[0]:
                answered[0] = len(out)
                return (todo.pop(0) + "\n").encode()
            return None
        return self._session(args, reply, timeout)

    def interact(self, *args, steps=(), timeout=120):
        """make run; for each (regex, text) of steps in turn, wait until a
        line of the output matches regex (after the previous one's), then
        type text (bytes or str); returns (status, output)."""
        todo, pos = list(steps), [0]

        def reply(out):
            if not todo:
                return None
            m = re.compile(todo[0][0], re.M).search(
                out.decode(errors="replace"), pos[0])
            if not m:
                return None
            pos[0] = m.end()
            text = todo.pop(0)[1]
            return text.encode() if isinstance(text, str) else text
        return self._session(args, reply, timeout)

    def _session(self, args, reply, timeout):
        """make run with stdin a pipe: after each chunk of output, type
        what reply(output so far) gives (None: nothing)."""
        self.need_emulator()
        proc = subprocess.Popen(["make", "-C", str(SRC)] + self.flags +
                                ["run"] + list(args), stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, env=make_env(),
                                start_new_session=True)
        out = b""
        deadline = time.monotonic() + timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail("no end within %d s:\n%s"
                                % (timeout, out.decode(errors="replace")))
                ready, _, _ = select.select([proc.stdout], [], [], left)
                if not ready:
                    continue
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:
                    break
                out += chunk
                text = reply(out)
                while text is not None:
                    proc.stdin.write(text)
                    proc.stdin.flush()
                    text = reply(out)
            return proc.wait(), out.decode(errors="replace")
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, 9)  # make and the emulator under it
                proc.wait()


_builds = {}


@pytest.fixture(scope="session")
def built():
    """built(board, toolchain, extra=()) -> Build, compiled once per key."""
    def get(board, toolchain="gcc", extra=()):
        key = (board, toolchain, tuple(extra))
        if key not in _builds:
            tag = "-".join([board, toolchain] +
                           [re.sub(r"\W", "", e) for e in extra])
            objdir = OUT / "builds" / tag
            configure(objdir, board, extra)
            b = Build(board, toolchain, objdir)
            b.log = b.make("all").stdout
            _builds[key] = b
        return _builds[key]
    return get


def expect_lines(output, patterns):
    """Every regex in patterns matches a line of output, in this order."""
    lines = output.splitlines()
    pos = 0
    for pat in patterns:
        rx = re.compile(pat)
        while pos < len(lines) and not rx.search(lines[pos]):
            pos += 1
        if pos == len(lines):
            pytest.fail("no line matching %r (in order) in:\n%s"
                        % (pat, output))
        pos += 1
