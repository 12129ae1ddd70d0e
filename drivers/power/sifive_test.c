// SPDX-License-Identifier: MIT
/* SiFive test device ("sifive,test1"): QEMU exits with the status written. */
#include <hal/power.h>
#include <vireo/io.h>

#define FINISHER_FAIL 0x3333
#define FINISHER_PASS 0x5555

static void sifive_test_power_off(int status)
{
	uint32_t code = (uint32_t)status & 0xffff;

	writel(code ? (code << 16) | FINISHER_FAIL : FINISHER_PASS,
	       CONFIG_SIFIVE_TEST_BASE);
}

POWEROFF_DRIVER(sifive_test, "sifive-test", sifive_test_power_off);
