#!/bin/sh
# SPDX-License-Identifier: MIT
# Run both differential binaries over the corpus and compare the
# transcripts blob by blob (as digests; on a difference, show the first
# differing blob's transcripts as a diff).   check.sh OUT
set -u
out=$1
list=$out/corpus/list
n=$(wc -l < "$list")

"$out/fdt_diff_libfdt" -d -l "$list" > "$out/libfdt.digest" &
lib=$!
"$out/fdt_diff_vireo" -d -l "$list" > "$out/vireo.digest"
vrc=$?
wait $lib
lrc=$?

# a crash (sanitizer report above) leaves the digest short: name the blob
for side in libfdt vireo; do
	rc=$lrc; [ $side = vireo ] && rc=$vrc
	if [ $rc -ne 0 ]; then
		done_n=$(wc -l < "$out/$side.digest")
		echo "libfdt differential: fdt_diff_$side failed (exit $rc) on" \
		     "$(sed -n "$((done_n + 1))p" "$list")" >&2
		exit 1
	fi
done

if ! cmp -s "$out/libfdt.digest" "$out/vireo.digest"; then
	blob=$(diff "$out/libfdt.digest" "$out/vireo.digest" |
	       sed -n 's/^< \([^ ]*\) .*/\1/p' | head -n 1)
	"$out/fdt_diff_libfdt" "$blob" > "$out/first-diff.libfdt"
	"$out/fdt_diff_vireo" "$blob" > "$out/first-diff.vireo"
	echo "libfdt differential: $n blobs, first difference: $blob" >&2
	diff -u --label libfdt-1.6.1 --label vireo "$out/first-diff.libfdt" \
		"$out/first-diff.vireo" | head -n 40 >&2
	echo "(full transcripts: $out/first-diff.{libfdt,vireo})" >&2
	exit 1
fi
echo "  libfdt differential: $n blobs, identical"
