#!/bin/sh
# SPDX-License-Identifier: MIT
# linux-guest.sh fetch|initramfs|path [DIR]
#
# A Linux guest for Vireo from Debian's own packages, never committed
# (README "Run Linux in a VM"):
#   fetch      Debian 12's linux-image-cloud-arm64 (an uncompressed arm64
#              Image with PL011, GICv2, PSCI and the arch timer built in)
#              and busybox-static:arm64, by apt-get download (as root it
#              adds the arm64 architecture and updates the lists first),
#              unpacked into DIR; then the initramfs.
#   initramfs  DIR/initramfs.cpio from DIR/busybox: /init mounts proc, sys
#              and dev, prints "vireo-guest: /init reached" and hands over
#              to busybox init, which runs a shell on the console (and
#              powers off on "poweroff"); written by scripts/mkcpio.py.
#   path       prints DIR.
# DIR is $VIREO_LINUX_DIR, else build/linux-guest in the source tree. It
# then holds Image, busybox, initramfs.cpio and version (the packages').
set -e
srctree=$(cd "$(dirname "$0")/.." && pwd)
cmd=$1
dir=${2:-${VIREO_LINUX_DIR:-$srctree/build/linux-guest}}
kernel_pkg=linux-image-cloud-arm64
busybox_pkg=busybox-static

die() {
	echo "vireo: linux-guest: $*" >&2
	exit 1
}

# The package the metapackage depends on (linux-image-6.1.0-N-cloud-arm64).
kernel_package() {
	apt-cache depends "$kernel_pkg:arm64" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*\).*/\1/p' | head -n 1
}

apt_lists() {
	if [ -n "$(kernel_package)" ]; then
		return 0
	fi
	[ "$(id -u)" = 0 ] ||
		die "no arm64 package lists; as root run: dpkg --add-architecture arm64 && apt-get update"
	dpkg --print-foreign-architectures | grep -qx arm64 ||
		dpkg --add-architecture arm64
	apt-get update -qq
	[ -n "$(kernel_package)" ] ||
		die "apt knows no $kernel_pkg:arm64 (not Debian 12?)"
}

fetch() {
	apt_lists
	pkg=$(kernel_package)
	mkdir -p "$dir/debs"
	rm -f "$dir"/debs/*.deb
	(cd "$dir/debs" && apt-get download -q "$pkg:arm64" "$busybox_pkg:arm64" >/dev/null 2>&1) ||
		die "apt-get download $pkg:arm64 $busybox_pkg:arm64 failed"
	rm -rf "$dir/root"
	for deb in "$dir"/debs/*.deb; do
		dpkg-deb -x "$deb" "$dir/root"
	done
	set -- "$dir"/root/boot/vmlinuz-*
	[ -f "$1" ] || die "no kernel in $pkg"
	cp "$1" "$dir/Image"
	cp "$dir/root/bin/busybox" "$dir/busybox"
	rm -rf "$dir/root" "$dir/debs"
	echo "$pkg $(dpkg-query -f '${Version}' -W "$pkg:arm64" 2>/dev/null ||
		apt-cache policy "$pkg:arm64" | sed -n 's/ *Candidate: //p')" >"$dir/version"
	initramfs
}

initramfs() {
	[ -f "$dir/busybox" ] || die "no $dir/busybox: run $0 fetch first"
	py=$("$srctree/scripts/find-python.sh")
	"$py" "$srctree/scripts/mkcpio.py" "$dir/initramfs.cpio" \
		dir:/bin dir:/sbin dir:/etc dir:/proc dir:/sys dir:/dev dir:/tmp \
		dir:/root \
		"file:/bin/busybox:$dir/busybox:755" \
		"file:/init:$srctree/scripts/linux-guest/init:755" \
		"file:/etc/inittab:$srctree/scripts/linux-guest/inittab:644" \
		"file:/etc/profile:$srctree/scripts/linux-guest/profile:644" \
		"nod:/dev/console:600:c:5:1" \
		"symlink:/bin/sh:busybox" "symlink:/sbin/init:../bin/busybox"
	echo "vireo: linux-guest: $dir: Image $(wc -c <"$dir/Image") bytes, initramfs.cpio $(wc -c <"$dir/initramfs.cpio") bytes"
}

case $cmd in
fetch) fetch ;;
initramfs) initramfs ;;
path) echo "$dir" ;;
*) die "usage: $0 fetch|initramfs|path [DIR]" ;;
esac
