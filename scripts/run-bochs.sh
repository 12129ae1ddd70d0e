#!/bin/sh
# SPDX-License-Identifier: MIT
# run-bochs.sh -o DIR -cpu MODEL -m MEM -smp N -kernel IMAGE
#              [-timeout SECONDS] [BOCHSRC-LINE...]
#
# Boot a multiboot image in Bochs the way "make run" boots QEMU: make a
# GRUB rescue ISO and a bochsrc in DIR, run Bochs with COM1 as the console
# (what it sends goes to stdout as it comes and to DIR/serial.log, what is
# typed on stdin goes to it), and exit with the hypervisor's status.
# Bochs cannot carry a status (its ACPI soft off is a "panic"), so the
# status is the last "vireo: power off: status N" line of the serial log.
# Extra arguments form one more bochsrc line; ';' separates lines.
set -e

die() {
	echo "vireo: run-bochs: $*" >&2
	exit 1
}

need() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found; install it: apt-get install $2"
}

dir='' cpu=corei7_skylake_x mem=256M smp=1 kernel='' timeout=60
while [ $# -gt 0 ]; do
	case $1 in
	-o|-cpu|-m|-smp|-kernel|-timeout)
		[ $# -ge 2 ] || die "$1 needs a value"
		case $1 in
		-o) dir=$2 ;;
		-cpu) cpu=$2 ;;
		-m) mem=$2 ;;
		-smp) smp=$2 ;;
		-kernel) kernel=$2 ;;
		-timeout) timeout=$2 ;;
		esac
		shift 2 ;;
	*)
		break ;;
	esac
done
extra=$*

[ -n "$dir" ] || die "no output directory (-o)"
[ -d "$dir" ] || die "no directory $dir"
[ -n "$kernel" ] || die "no image (-kernel)"
[ -f "$kernel" ] || die "no image $kernel; build it with make first"

# QEMU's -m syntax: a number of MiB, or with an M or G suffix.
case $mem in
*[!0-9MG]*|''|[MG]*|*[MG]?*) die "MEM=$mem: want a size like 256M or 1G" ;;
*G) megs=$((${mem%G} * 1024)) ;;
*M) megs=${mem%M} ;;
*) megs=$mem ;;
esac
[ "$megs" -ge 16 ] || die "MEM=$mem: Bochs needs at least 16M"
# Bochs allocates at most 2 GiB of host memory; above that it pages the
# guest's RAM in and out of that much.
host=$megs
[ "$host" -le 2048 ] || host=2048
case $smp in
*[!0-9]*|''|0) die "SMP=$smp: want a CPU count like 1 or 4" ;;
esac
case $timeout in
*[!0-9]*|''|0) die "timeout $timeout: want a number of seconds" ;;
esac

need bochs bochs
need grub-mkrescue grub-common
need xorriso xorriso
# The console bridge needs only Python's standard library.
python=
for py in ${VIREO_PYTHON:-} /usr/bin/python3 python3; do
	if command -v "$py" >/dev/null 2>&1; then
		python=$(command -v "$py")
		break
	fi
done
[ -n "$python" ] || die "'python3' not found; install it: apt-get install python3"
bios=/usr/share/bochs/BIOS-bochs-latest
vgabios=/usr/share/vgabios/vgabios.bin
[ -f "$bios" ] || die "no $bios; install it: apt-get install bochsbios"
[ -f "$vgabios" ] || die "no $vgabios; install it: apt-get install vgabios"
[ -d /usr/lib/grub/i386-pc ] ||
	die "no GRUB for PC BIOS; install it: apt-get install grub-pc-bin"

dir=$(cd "$dir" && pwd)
iso=$dir/vireo.iso
rc=$dir/bochsrc
serial=$dir/serial.log
log=$dir/bochs.log
out=$dir/bochs.out
portfile=$dir/serial.port
bridge=$(dirname "$0")/serial-bridge.py
[ -f "$bridge" ] || die "no $bridge"

# The ISO: GRUB loads the image with multiboot at once, and stays off the
# serial port so that it carries only the hypervisor's output.
root=$dir/iso-root
rm -rf "$root"
mkdir -p "$root/boot/grub"
cp "$kernel" "$root/boot/vireo"
cat > "$root/boot/grub/grub.cfg" <<EOF
set timeout=0
menuentry vireo {
	multiboot /boot/vireo
	boot
}
EOF
if ! grub-mkrescue -o "$iso" --install-modules="multiboot normal" \
		--locales= --fonts= --themes= "$root" > "$dir/iso.log" 2>&1; then
	cat "$dir/iso.log" >&2
	die "grub-mkrescue failed (above)"
fi

# The console: scripts/serial-bridge.py listens on a free port of
# 127.0.0.1 and Bochs connects COM1 to it when it starts (socket-client:
# without a listener Bochs would run with COM1 unconnected). The bridge
# copies COM1 to stdout and serial.log and stdin to COM1. A background
# job's stdin is /dev/null unless given explicitly: hand it ours on fd 3.
rm -f "$serial" "$log" "$portfile"
if [ -e /proc/self/fd/0 ] || [ ! -d /proc/self/fd ]; then
	exec 3<&0
else
	exec 3</dev/null # stdin closed
fi
"$python" "$bridge" "$serial" "$portfile" <&3 3<&- &
bridge_pid=$!
exec 3<&-
trap 'kill "$bridge_pid" 2>/dev/null || :' EXIT
tries=0
until [ -s "$portfile" ]; do
	kill -0 "$bridge_pid" 2>/dev/null ||
		die "the console bridge $bridge did not start"
	tries=$((tries + 1))
	[ $tries -le 200 ] ||
		die "the console bridge $bridge gave no port in 10s"
	sleep 0.05
done
port=$(cat "$portfile")

# Headless: Debian's Bochs has no nogui library, so rfb that waits for
# no viewer. Sound off (its ALSA driver aborts Bochs without a card).
# A triple fault stops Bochs instead of rebooting, and an MSR Bochs does
# not know faults as on hardware instead of reading 0.
cat > "$rc" <<EOF
# Written by scripts/run-bochs.sh for $kernel
cpu: model=$cpu, count=$smp, reset_on_triple_fault=0, ignore_bad_msrs=0
memory: guest=$megs, host=$host
romimage: file=$bios, options=fastboot
vgaromimage: file=$vgabios
pci: enabled=1, chipset=i440fx
ata0-master: type=cdrom, path="$iso", status=inserted
boot: cdrom
com1: enabled=1, mode=socket-client, dev=127.0.0.1:$port
display_library: rfb, options="timeout=0"
sound: driver=dummy
speaker: enabled=0
log: $log
panic: action=fatal
error: action=report
info: action=report
debug: action=ignore
EOF
[ -z "$extra" ] || printf '%s\n' "$extra" | tr ';' '\n' >> "$rc"

# Debian builds Bochs with its debugger, which waits at a prompt: "c"
# continues; at the end of stdin the debugger quits.
printf 'c\n' | timeout -k 5 "$timeout" bochs -q -f "$rc" > "$out" 2>&1 &
pid=$!
# The bridge restores a terminal it put in raw mode when it ends.
trap 'kill "$pid" "$bridge_pid" 2>/dev/null; wait "$bridge_pid"; exit 130' \
	INT TERM HUP
set +e
wait "$pid"
bochs_rc=$?
# Bochs is gone: the bridge reads what it sent and ends (at once if Bochs
# never connected).
kill "$bridge_pid" 2>/dev/null
wait "$bridge_pid"
set -e
trap - INT TERM HUP
rm -f "$portfile"
# Bochs stops at once on soft off, dropping what the UART still held
# (the last line's CR LF): end the line here.
[ -z "$(tail -c 1 "$serial" 2>/dev/null)" ] || echo

if [ $bochs_rc -eq 124 ] || [ $bochs_rc -eq 137 ]; then
	echo "vireo: run-bochs: timed out after ${timeout}s (serial log $serial, Bochs log $log)" >&2
	exit 124
fi
status=$(tr -d '\r' 2>/dev/null < "$serial" |
	sed -n 's/^vireo: power off: status \([0-9][0-9]*\)$/\1/p' | tail -n 1)
if [ -z "$status" ]; then
	why=$(sed -n '/^Bochs is exiting with the following message:/{n;p;}' \
		"$out" | tail -n 1)
	echo "vireo: run-bochs: Bochs stopped (exit $bochs_rc) without a status from the hypervisor${why:+: $why}" >&2
	exit 125
fi
exit "$status"
