#!/bin/sh
# SPDX-License-Identifier: MIT
# make check: host unit tests (ASan+UBSan), libfdt differential and fuzz
# tests, cppcheck, then the pytest
# suites (Kconfig, build, boot). Test output goes to $objtree/tests-out.
set -e
cd "$srctree"
unset KCONFIG_CONFIG MAKEFLAGS MAKELEVEL
out=${objtree:-$srctree}/tests-out
export VIREO_TEST_OUT="$out"

"$srctree/scripts/deps.sh" ensure build run debug test

echo "== unit tests (cmocka, ASan+UBSan)"
make -s -C tests/unit OUT="$out/unit"

echo "== libfdt: differential test against Debian's libfdt, fuzz smoke run"
make -s -C tests/libfdt check fuzz-smoke OUT="$out/libfdt"

echo "== cppcheck"
# Drivers are checked as an arch with I/O ports builds them (x86): the
# others only refuse a port resource earlier.
cppcheck --quiet --error-exitcode=1 --inline-suppr --std=c11 \
	--enable=warning,portability,performance \
	-Iinclude -Ihal/include -Itests/unit \
	-DCONFIG_LOG_LEVEL=2 -DCONFIG_ARCH='"a"' -DCONFIG_BOARD='"b"' \
	-DCONFIG_EARLYCON='"x"' -DCONFIG_EARLY_POWEROFF='"x"' -DVIREO_VERSION='"v"' \
	-DCONFIG_NR_CPUS=4 -DCONFIG_NR_IRQS=64 -DCONFIG_STACK_SIZE=16384 \
	-DARCH_HAS_PORT_IO=1 \
	-Ilib/libfdt \
	lib hal drivers core tests/unit
echo "  cppcheck: clean"

python=$("$srctree/scripts/find-python.sh")
if ! "$python" -c 'import pytest' 2>/dev/null; then
	echo "vireo: $python cannot import pytest; install it: apt-get install python3-pytest" >&2
	exit 1
fi
echo "== Kconfig, build and boot tests (pytest)"
exec "$python" -m pytest -p no:cacheprovider -q -rs --durations=15 tests $PYTEST_ARGS
