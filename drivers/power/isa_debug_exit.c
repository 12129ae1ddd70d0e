// SPDX-License-Identifier: MIT
/*
 * QEMU's isa-debug-exit port: writing v exits with (v << 1) | 1, which
 * scripts/run.sh turns back into v. On other machines the write is ignored.
 */
#include <hal/driver.h>
#include <hal/power.h>
#include <vireo/errno.h>
#include <vireo/io.h>

static void isa_debug_exit_power_off(struct poweroff *p, int status)
{
	outb((uint8_t)status, (uint16_t)p->base);
}

static struct poweroff isa_debug_exit = {
	.name = "isa-debug-exit",
	.power_off = isa_debug_exit_power_off,
};

static int isa_debug_exit_probe(const struct device *dev)
{
	if (dev->space != DEVICE_IOPORT)
		return -EINVAL;	/* it is an I/O port */
	isa_debug_exit.base = dev->base;
	poweroff_register(&isa_debug_exit);
	return 0;
}

static const char *const isa_debug_exit_compatible[] = {
	"qemu,isa-debug-exit", NULL
};

DRIVER(isa_debug_exit, .name = "isa-debug-exit", .kind = DRIVER_POWEROFF,
       .compatible = isa_debug_exit_compatible, .probe = isa_debug_exit_probe);
