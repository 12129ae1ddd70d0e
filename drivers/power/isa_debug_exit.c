// SPDX-License-Identifier: MIT
/*
 * QEMU's isa-debug-exit port: writing v exits with (v << 1) | 1, which
 * scripts/run.sh turns back into v. On other machines the write is ignored.
 */
#include <hal/power.h>
#include <vireo/io.h>

static void isa_debug_exit_power_off(int status)
{
	outb((uint8_t)status, CONFIG_ISA_DEBUG_EXIT_PORT);
}

POWEROFF_DRIVER(isa_debug_exit, "isa-debug-exit", isa_debug_exit_power_off);
