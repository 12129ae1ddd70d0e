#!/bin/sh
# SPDX-License-Identifier: MIT
# The first command for a new user: get the Debian packages (as root, or
# print the apt-get line), build the default board and boot it in QEMU.
# Any argument is passed to make (e.g. O=/tmp/vireo).
set -e
cd "$(dirname "$0")/.."
scripts/deps.sh ensure build run
make "$@" defconfig
make "$@"
exec make "$@" run
