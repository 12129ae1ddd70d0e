#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh -o DIR EXIT_KIND PACKAGE EMULATOR [ARGS...]
# Run the emulator and find the hypervisor's status N. EXIT_KIND says how
# the emulator reports it: "plain" (its exit code is the status),
# "isa-debug-exit" (QEMU exits with (status << 1) | 1) or "serial-log"
# (the command is a runner such as scripts/run-bochs.sh that returns the
# status the serial log gives).
# What the emulator prints also goes to DIR/run.log. The last line is
# "vireo: run: status N"; N is written to DIR/run.status and is this
# script's exit code (make itself exits 2 for any N other than 0).
# QEMU exits 1 when it cannot start (a bad option, too much memory), which
# isa-debug-exit would read as status 0: an exit 1 with no output at all
# means the hypervisor never ran, a failure (status 125), not a status.
dir=
if [ "$1" = -o ] && [ $# -ge 2 ]; then
	dir=$2
	shift 2
fi
[ -n "$dir" ] && [ -d "$dir" ] || {
	echo "vireo: run: no output directory (-o DIR)" >&2
	exit 125
}
[ $# -ge 3 ] || {
	echo "vireo: run: usage: run.sh -o DIR EXIT_KIND PACKAGE EMULATOR [ARGS...]" >&2
	exit 125
}
exit_kind=$1 pkg=$2
shift 2
log=$dir/run.log status_file=$dir/run.status rc_file=$dir/.run.rc
rm -f "$status_file" "$rc_file"

finish() {
	echo "vireo: run: status $1"
	echo "$1" >"$status_file"
	exit "$1"
}

if ! command -v "$1" >/dev/null 2>&1; then
	echo "vireo: '$1' not found; install it: apt-get install $pkg" >&2
	finish 127
fi
# The emulator's exit code survives the pipe through a file.
{ "$@"; echo $? >"$rc_file"; } | tee "$log"
rc=$(cat "$rc_file" 2>/dev/null)
rm -f "$rc_file"
case $rc in
''|*[!0-9]*)
	echo "vireo: run: $1 left no exit code (killed?)" >&2
	finish 125 ;;
esac

case $exit_kind in
plain|isa-debug-exit)
	if [ "$rc" -eq 1 ] && [ ! -s "$log" ]; then
		echo "vireo: run: $1 did not run the hypervisor: it exited 1 with no output (its error is above)" >&2
		finish 125
	fi ;;
esac
case $exit_kind in
isa-debug-exit)
	if [ $((rc & 1)) -eq 1 ]; then
		rc=$((rc >> 1))
	else
		echo "vireo: run: $1 exited ($rc) without a status from the hypervisor" >&2
		rc=125
	fi ;;
esac
finish "$rc"
