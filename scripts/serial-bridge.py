#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""serial-bridge.py LOG PORTFILE

The console of a Bochs run (scripts/run-bochs.sh): listen on a free TCP
port of 127.0.0.1, write its number to PORTFILE, and take the one
connection of Bochs' "com1: mode=socket-client". Then copy what arrives
from the serial port to stdout (as it comes) and to LOG, and what is typed
on stdin to the serial port, until Bochs closes the connection.

stdin may be a terminal (it is then put in raw mode, as QEMU -nographic
does: no local echo, no line editing, Ctrl-C still stops the run), a pipe,
or /dev/null; at its end the bridge only stops reading it. SIGTERM before
Bochs has connected ends the bridge at once; after, it ends it once what
Bochs sent is read (at most 2 s later). Nothing is printed on stderr: the
run script judges the run by LOG.
"""
import os
import select
import signal
import socket
import sys
import time

try:
    import termios
except ImportError:  # not a POSIX system: no terminal handling
    termios = None

DRAIN = 2.0     # seconds to read what is left once told to stop
TICK = 0.2      # how often to look at the stop flag

stop_at = None


def on_term(signum, frame):
    global stop_at
    if stop_at is None:
        stop_at = time.monotonic()


def raw_stdin():
    """Raw mode for a terminal on stdin; returns the settings to restore."""
    if termios is None or not os.isatty(0):
        return None
    try:
        old = termios.tcgetattr(0)
    except termios.error:
        return None
    new = termios.tcgetattr(0)
    new[0] &= ~(termios.ICRNL | termios.INLCR | termios.IGNCR | termios.IXON)
    new[3] &= ~(termios.ECHO | termios.ECHONL | termios.ICANON | termios.IEXTEN)
    new[6][termios.VMIN] = 1
    new[6][termios.VTIME] = 0
    try:
        termios.tcsetattr(0, termios.TCSANOW, new)
    except termios.error:
        return None
    return old


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def listen(portfile):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.getsockname()[1])
    os.rename(tmp, portfile)
    return srv


def accept(srv):
    """Bochs' connection, or None when told to stop first."""
    while stop_at is None:
        if select.select([srv], [], [], TICK)[0]:
            conn, _ = srv.accept()
            srv.close()
            conn.setblocking(False)
            return conn
    return None


def copy(conn, log):
    try:
        os.fstat(0)
        stdin_open = True
    except OSError:  # no stdin at all
        stdin_open = False
    stdout_open = True
    pending = b""   # typed, not yet taken by the socket
    while True:
        if stop_at is not None and time.monotonic() - stop_at > DRAIN:
            return
        rd = [conn] + ([0] if stdin_open and not pending else [])
        wr = [conn] if pending else []
        r, w, _ = select.select(rd, wr, [], TICK)
        if conn in r:
            try:
                data = conn.recv(4096)
            except BlockingIOError:
                data = None
            except OSError:
                return
            if data == b"":
                return
            if data:
                log.write(data)
                log.flush()
                if stdout_open:
                    try:
                        write_all(1, data)
                    except OSError:
                        stdout_open = False  # reader gone: keep the log
        if 0 in r:
            try:
                typed = os.read(0, 4096)
            except OSError:
                typed = b""
            if typed == b"":
                stdin_open = False
            elif typed:
                pending += typed
        if pending and conn in w:
            try:
                pending = pending[conn.send(pending):]
            except BlockingIOError:
                pass
            except OSError:
                pending, stdin_open = b"", False


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: serial-bridge.py LOG PORTFILE")
    log_path, portfile = sys.argv[1], sys.argv[2]
    signal.signal(signal.SIGTERM, on_term)
    with open(log_path, "wb") as log:
        srv = listen(portfile)
        conn = accept(srv)
        if conn is None:
            return
        saved = raw_stdin()
        try:
            copy(conn, log)
        finally:
            if saved is not None:
                termios.tcsetattr(0, termios.TCSADRAIN, saved)
            conn.close()


if __name__ == "__main__":
    main()
    # No interpreter shutdown: it resets SIGTERM to its default, and the
    # run script's SIGTERM may come just then.
    os._exit(0)
