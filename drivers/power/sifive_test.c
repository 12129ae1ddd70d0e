// SPDX-License-Identifier: MIT
/* SiFive test device ("sifive,test1"): QEMU exits with the status written. */
#include <hal/driver.h>
#include <hal/power.h>
#include <vireo/errno.h>
#include <vireo/io.h>

#define FINISHER_FAIL 0x3333
#define FINISHER_PASS 0x5555

static void sifive_test_power_off(struct poweroff *p, int status)
{
	uint32_t code = (uint32_t)status & 0xffff;

	writel(code ? (code << 16) | FINISHER_FAIL : FINISHER_PASS, p->base);
}

static struct poweroff sifive_test = {
	.name = "sifive-test",
	.power_off = sifive_test_power_off,
};

static int sifive_test_probe(const struct device *dev)
{
	if (dev->space != DEVICE_MMIO)
		return -EINVAL;	/* memory mapped only */
	sifive_test.base = dev->base;
	poweroff_register(&sifive_test);
	return 0;
}

static const char *const sifive_test_compatible[] = {
	"sifive,test1", "sifive,test0", NULL
};

DRIVER(sifive_test, .name = "sifive-test", .kind = DRIVER_POWEROFF,
       .compatible = sifive_test_compatible, .probe = sifive_test_probe);
