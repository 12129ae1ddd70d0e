#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkcpio.py OUT ENTRY...: a cpio archive in the "newc" format (the one
Linux unpacks as an initramfs: Documentation/driver-api/early-userspace/
buffer-format.rst), written without root, so device nodes can be in it.
Each ENTRY is one of
    dir:PATH                       a directory, mode 755
    file:PATH:SOURCE:MODE          SOURCE's bytes, MODE in octal
    symlink:PATH:TARGET
    nod:PATH:MODE:c|b:MAJOR:MINOR  a device node
owned by root, dated 0, in the order given (a directory before what is
in it)."""
import stat
import sys

MAGIC = b"070701"


def pad4(data):
    return data + b"\0" * (-len(data) % 4)


def member(ino, name, mode, data=b"", rdev=(0, 0)):
    name = name.lstrip("/").encode() + b"\0"
    fields = [ino, mode, 0, 0, 2 if stat.S_ISDIR(mode) else 1, 0, len(data),
              0, 0, rdev[0], rdev[1], len(name), 0]
    header = MAGIC + b"".join(b"%08X" % f for f in fields)
    return pad4(header + name) + pad4(data)


def entry(ino, spec):
    kind, _, rest = spec.partition(":")
    parts = rest.split(":")
    if kind == "dir" and len(parts) == 1:
        return member(ino, parts[0], stat.S_IFDIR | 0o755)
    if kind == "file" and len(parts) == 3:
        with open(parts[1], "rb") as f:
            data = f.read()
        return member(ino, parts[0], stat.S_IFREG | int(parts[2], 8), data)
    if kind == "symlink" and len(parts) == 2:
        return member(ino, parts[0], stat.S_IFLNK | 0o777, parts[1].encode())
    if kind == "nod" and len(parts) == 5 and parts[2] in ("c", "b"):
        kind_bits = stat.S_IFCHR if parts[2] == "c" else stat.S_IFBLK
        return member(ino, parts[0], kind_bits | int(parts[1], 8),
                      rdev=(int(parts[3]), int(parts[4])))
    sys.exit("mkcpio: not an entry: %r" % spec)


def main(argv):
    if len(argv) < 3:
        sys.exit("usage: mkcpio.py OUT ENTRY...")
    out = b"".join(entry(i + 1, spec) for i, spec in enumerate(argv[2:]))
    out += member(0, "TRAILER!!!", 0)
    with open(argv[1], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main(sys.argv)
