#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh EXIT_KIND PACKAGE EMULATOR [ARGS...]
# Run the emulator and return the hypervisor's status. EXIT_KIND says how
# the emulator reports it: "plain" (its exit code is the status),
# "isa-debug-exit" (QEMU exits with (status << 1) | 1) or "serial-log"
# (the command is a runner such as scripts/run-bochs.sh that returns the
# status the serial log gives).
exit_kind=$1 pkg=$2
shift 2
if ! command -v "$1" >/dev/null 2>&1; then
	echo "vireo: '$1' not found; install it: apt-get install $pkg" >&2
	exit 127
fi
"$@"
rc=$?
case $exit_kind in
isa-debug-exit)
	if [ $((rc & 1)) -eq 1 ]; then
		rc=$((rc >> 1))
	else
		echo "vireo: $1 exited ($rc) without a status from the hypervisor" >&2
		rc=125
	fi ;;
esac
exit $rc
