#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen_compile_commands.py OUT OBJ...: compile_commands.json from the
savedcmd_/source_ lines fixdep wrote into each object's .cmd file."""
import json
import os
import sys


def read_cmd(obj):
    path = os.path.join(os.path.dirname(obj), "." + os.path.basename(obj) + ".cmd")
    cmd = src = None
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("savedcmd_"):
                    cmd = line.split(" := ", 1)[1].rstrip("\n")
                elif line.startswith("source_"):
                    src = line.split(" := ", 1)[1].rstrip("\n")
    except OSError:
        return None
    if cmd is None or src is None:
        return None
    cmd = cmd.replace("$(pound)", "#").replace("$$", "$")
    return {"directory": os.environ.get("objtree", os.getcwd()),
            "file": src, "command": cmd}


def main():
    out, objs = sys.argv[1], sys.argv[2:]
    entries = [e for e in (read_cmd(o) for o in objs) if e]
    text = json.dumps(entries, indent=1) + "\n"
    try:
        with open(out) as f:
            if f.read() == text:
                os.utime(out)
                return
    except OSError:
        pass
    with open(out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
