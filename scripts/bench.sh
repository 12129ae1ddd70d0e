#!/bin/sh
# SPDX-License-Identifier: MIT
# make bench: figures per board that do not depend on the machine's load.
#   size     text/data/bss of vireo.elf (bss includes the boot stack)
#   build    a clean "make -j2" in seconds (the one timed figure)
#   boot     instructions from the hypervisor's entry to its ready line,
#            under QEMU -icount shift=0 (one instruction per virtual ns,
#            read from the boot line "time: entry to ready <ns> ns");
#            Bochs boards are skipped (no instruction clock)
# and, for boards with a vCPU backend (arch/<arch>/virt/), built again with
# CONFIG_VM=y CONFIG_VM_TEST_GUESTS=y and the VM configuration
# configs/vms/bench.dts (one VM, alone on its CPU), and run the same way:
#   guest    instructions from entry to the first guest instruction
#            (boot line "time: entry to first guest instruction <ns> ns")
#   floor / psci / hcall / mmio   instructions per exit as the test
#            guest counts them (BENCH lines: counter ticks per call x ns
#            per tick): the empty exit (HVC #1, riscv64 ECALL with a7 =
#            VIREO_ECALL_EMPTY, x86's VMMCALL/VMCALL with rax =
#            VIREO_HC_EMPTY: trap and world switch, nothing done),
#            PSCI_VERSION by HVC (riscv64: SBI get_spec_version, x86:
#            CPUID, which their backends answer as well), the null
#            hypercall through the VM core, a trapped 32-bit MMIO read
# Bochs boards (VT-x) have no instruction clock: their VM figures are in
# Bochs ticks (the guest's TSC, deterministic), marked "t".
# docs/performance.md explains each figure.
# BENCH_BOARDS="a b" limits it to those boards. SMP=n boots with n CPUs (default 1; riscv64 harts other than the first
# do not start under -icount shift=0 in QEMU 7.2). Builds go to
# $objtree/tests-out/bench.
set -e
cd "$srctree"
unset KCONFIG_CONFIG MAKEFLAGS MAKELEVEL
out=${objtree:-$srctree}/tests-out/bench
smp=${SMP:-1}
icount="-icount shift=0,align=off,sleep=off"
vms=

printf '%-20s %10s %8s %8s %8s %14s\n' board text data bss build "boot (insns)"
for defconfig in defconfigs/*_defconfig; do
	board=$(basename "$defconfig" _defconfig)
	case " ${BENCH_BOARDS:-$board} " in *" $board "*) ;; *) continue ;; esac
	dir=$out/$board
	rm -rf "$dir"
	make -s O="$dir" "${board}_defconfig" >/dev/null
	start=$(date +%s.%N)
	make -s O="$dir" -j2 all >/dev/null
	end=$(date +%s.%N)
	build=$(awk "BEGIN { print $end - $start }")
	cross=$(sed -n 's/^CONFIG_ARCH="\(.*\)"/\1/p' "$dir/.config")
	set -- $(size "$dir/vireo.elf" | awk 'NR == 2 { print $1, $2, $3 }')
	insns=-
	if ! grep -q '^EMU := bochs' "boards/$board/board.mk"; then
		log=$dir/boot.log
		make -s O="$dir" run SMP="$smp" RUN_ARGS="$icount" >"$log" 2>&1 || true
		insns=$(sed -n 's/.*time: entry to ready \([0-9]*\) ns.*/\1/p' "$log")
		[ -n "$insns" ] || { echo "vireo: bench: $board printed no entry-to-ready time; see $log" >&2; exit 1; }
	fi
	printf '%-20s %10s %8s %8s %7.2fs %14s\n' "$board" "$1" "$2" "$3" "$build" "$insns"
	if [ -d "arch/$cross/virt" ]; then
		vms="$vms $board"
	fi
done

[ -n "$vms" ] || exit 0
echo
printf '%-20s %14s %8s %8s %8s %8s\n' board "guest (insns)" floor psci \
	hcall mmio
for board in $vms; do
	dir=$out/$board-vm
	rm -rf "$dir"
	make -s O="$dir" "${board}_defconfig" >/dev/null
	# the arch's own bench configuration where it has one (its guests'
	# memory map): configs/vms/bench-<arch>.dts
	cross=$(sed -n 's/^CONFIG_ARCH="\(.*\)"/\1/p' "$dir/.config")
	config=bench
	[ -f "configs/vms/bench-$cross.dts" ] && config=bench-$cross
	printf 'CONFIG_VM=y\nCONFIG_VM_TEST_GUESTS=y\nCONFIG_VM_CONFIG="%s"\n' "$config" >>"$dir/.config"
	make -s O="$dir" olddefconfig >/dev/null
	make -s O="$dir" -j2 all >/dev/null
	log=$dir/boot.log
	run_args=$icount unit=
	if grep -q '^EMU := bochs' "boards/$board/board.mk"; then
		run_args= unit=t
	fi
	make -s O="$dir" run SMP="$smp" RUN_ARGS="$run_args" >"$log" 2>&1 || true
	first=$(sed -n 's/.*time: entry to first guest instruction \([0-9]*\) ns.*/\1/p' "$log")
	[ -n "$first" ] || { echo "vireo: bench: $board printed no first-guest time; see $log" >&2; exit 1; }
	# ns (= instructions) per counter tick, from the timer's boot line;
	# Bochs: the ticks themselves (its TSC), and the first guest
	# instruction's time in them
	hz=$(sed -n 's/.*time: .* at \([0-9]*\) Hz on cpu0.*/\1/p' "$log")
	[ -z "$unit" ] || first=$(awk -v ns="$first" -v hz="$hz" \
		'BEGIN { printf "%.0ft", ns * hz / 1e9 }')
	# the second column: the exit the backend answers itself
	exits=$(awk -v hz="$hz" -v unit="$unit" '/BENCH/ {
		sub(/:/, "", $3)
		cost[$3] = unit ? $4 / $7 : $4 * 1e9 / hz / $7 }
		END { own = "psci_version" in cost ? cost["psci_version"] : cost["cpuid"]
		      printf "%.0f%s %.0f%s %.0f%s %.0f%s", cost["floor"], unit,
		      own, unit, cost["null_hypercall"], unit,
		      cost["mmio_read32"], unit }' "$log")
	set -- $exits
	printf '%-20s %14s %8s %8s %8s %8s\n' "$board" "$first" "$1" "$2" "$3" "$4"
done
