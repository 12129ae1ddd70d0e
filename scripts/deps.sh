#!/bin/sh
# SPDX-License-Identifier: MIT
# deps.sh ensure|list GROUP...
#
# The Debian packages Vireo needs, by group: build (every board, GCC and
# LLVM), run (the emulators; Bochs boots from a GRUB rescue ISO), debug,
# test. "ensure" installs the missing ones when run as root and otherwise
# prints the one apt-get line to run.
set -e

pkgs_build="make gcc binutils gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu clang lld llvm python3 python3-kconfiglib device-tree-compiler"
pkgs_run="qemu-system-arm qemu-system-misc qemu-system-x86 qemu-system-data bochs bochsbios vgabios grub-pc-bin grub-common xorriso mtools"
pkgs_debug="gdb-multiarch"
pkgs_test="libcmocka-dev python3-pytest cppcheck libfdt-dev libclang-rt-14-dev"

cmd=$1
shift
want=
for group in "$@"; do
	eval "want=\"\$want \$pkgs_$group\""
done

if [ "$cmd" = list ]; then
	echo $want
	exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "vireo: not a Debian system; install the equivalents of: $want" >&2
	exit 0
fi
missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "vireo: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "vireo: missing Debian packages; run: sudo apt-get install$missing" >&2
	exit 1
fi
