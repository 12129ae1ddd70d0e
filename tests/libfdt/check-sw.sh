#!/bin/sh
# SPDX-License-Identifier: MIT
# The sequential writer's differential test: both builds of fdt_sw_diff
# must write the same transcript (and each must agree with the verdicts
# its scripts expect). On a difference, the first lines of the diff.
#   check-sw.sh OUT
set -u
out=$1
"$out/fdt_sw_diff_libfdt" > "$out/sw.libfdt" || { echo "fdt_sw_diff_libfdt failed" >&2; exit 1; }
"$out/fdt_sw_diff_vireo" > "$out/sw.vireo" || { echo "fdt_sw_diff_vireo failed" >&2; exit 1; }
if ! cmp -s "$out/sw.libfdt" "$out/sw.vireo"; then
	echo "libfdt sequential-write differential: transcripts differ" >&2
	diff -u --label libfdt-1.6.1 --label vireo "$out/sw.libfdt" "$out/sw.vireo" |
		head -n 40 >&2
	echo "(full transcripts: $out/sw.{libfdt,vireo})" >&2
	exit 1
fi
echo "  libfdt sequential-write differential: $(grep -c '^== ' "$out/sw.vireo") runs," \
     "$(grep -c ' = ' "$out/sw.vireo") calls, $(grep -c '^verdict' "$out/sw.vireo") verdicts, identical"
