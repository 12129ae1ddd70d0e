#!/bin/sh
# SPDX-License-Identifier: MIT
# deps.sh ensure|list GROUP...
#
# The Debian packages Vireo needs, by group: build (every board, GCC and
# LLVM), run (the emulators; Bochs boots from a GRUB rescue ISO), debug,
# test. "ensure" installs the missing ones when run as root and otherwise
# prints the one apt-get line to run. The group linux is the Linux guest
# (arm64 packages downloaded, not installed: scripts/linux-guest.sh):
# "ensure" fetches it when it is not there yet.
set -e

pkgs_build="make gcc binutils gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu clang lld llvm python3 python3-kconfiglib device-tree-compiler"
pkgs_run="qemu-system-arm qemu-system-misc qemu-system-x86 qemu-system-data bochs bochsbios vgabios grub-pc-bin grub-common xorriso mtools"
pkgs_debug="gdb-multiarch"
pkgs_test="libcmocka-dev python3-pytest cppcheck libfdt-dev libclang-rt-14-dev"
pkgs_linux="linux-image-cloud-arm64:arm64 busybox-static:arm64"

cmd=$1
shift
want= linux= others=
for group in "$@"; do
	if [ "$group" = linux ]; then
		linux=$pkgs_linux
		continue
	fi
	others="$others $group"
	eval "want=\"\$want \$pkgs_$group\""
done

if [ "$cmd" = list ]; then
	echo $want $linux
	exit 0
fi
if [ -n "$linux" ]; then
	# the host packages first: the fetch needs python3
	# shellcheck disable=SC2086
	[ -z "$others" ] || "$0" "$cmd" $others
	guest=$(dirname "$0")/linux-guest.sh
	[ -f "$("$guest" path)/initramfs.cpio" ] || "$guest" fetch ||
		echo "vireo: the Linux guest is not fetched (above): its boot tests will be skipped" >&2
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
