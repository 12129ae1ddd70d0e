// SPDX-License-Identifier: MIT
/*
 * ARM generic timer, as the hypervisor's clock: the system counter
 * (CNTPCT_EL0, the same on every CPU) and, per CPU, the EL2 physical
 * timer (CNTHP_*_EL2), whose interrupt is a PPI: the fourth in the DT
 * node's "interrupts" (secure, non-secure, virtual, hypervisor). The
 * virtual and EL1 physical timers are left to the guests.
 */
#include <asm/sysreg.h>
#include <hal/driver.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <libfdt.h>
#include <vireo/errno.h>
#include <vireo/log.h>

#define HYP_TIMER_INDEX 3

static unsigned int timer_irq;

static uint64_t arch_timer_read(void)
{
	/* Without the ISB the counter may be read early, out of order. */
	__asm__ volatile("isb" : : : "memory");
	return read_sysreg(cntpct_el0);
}

static void arch_timer_set_event(uint64_t deadline)
{
	write_sysreg(cnthp_cval_el2, deadline);
	write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
	__asm__ volatile("isb" : : : "memory");
}

static void arch_timer_stop_event(void)
{
	write_sysreg(cnthp_ctl_el2, CNT_CTL_IMASK);
	__asm__ volatile("isb" : : : "memory");
}

/* Its PPI is level-triggered: mask it before it is ended, then let
 * time_event() program the next deadline. */
static void arch_timer_interrupt(unsigned int irq, void *arg)
{
	arch_timer_stop_event();
	time_event();
}

static int arch_timer_cpu_init(unsigned int cpu)
{
	arch_timer_stop_event();
	/* A PPI: each CPU enables its own. */
	return irq_enable(timer_irq);
}

static struct clock_timer arch_timer = {
	.name = "arm-arch-timer",
	.read = arch_timer_read,
	.cpu_init = arch_timer_cpu_init,
	.set_event = arch_timer_set_event,
	.stop_event = arch_timer_stop_event,
};

static int arch_timer_probe(const struct device *dev)
{
	const fdt32_t *freq;
	int len, err;

	arch_timer.hz = read_sysreg(cntfrq_el0) & 0xffffffff;
	/* Firmware that leaves CNTFRQ unset says so in the tree. */
	freq = fdt_getprop(dev->fdt, dev->node, "clock-frequency", &len);
	if (freq && len == 4)
		arch_timer.hz = fdt32_to_cpu(*freq);
	if (!arch_timer.hz) {
		pr_err("arm-arch-timer: CNTFRQ_EL0 is 0 and the DT gives no clock-frequency\n");
		return -EINVAL;
	}
	err = irq_of_node(dev->fdt, dev->node, HYP_TIMER_INDEX, &timer_irq);
	if (err) {
		pr_err("arm-arch-timer: no EL2 timer interrupt (4th of \"%s\"): %s\n",
		       irq_property(dev->fdt, dev->node), errno_name(err));
		return err;
	}
	err = irq_register(timer_irq, arch_timer_interrupt, NULL);
	if (err) {
		pr_err("arm-arch-timer: interrupt %u is taken (%s)\n", timer_irq,
		       errno_name(err));
		return err;
	}
	clock_timer_register(&arch_timer);
	return 0;
}

static const char *const arch_timer_compatible[] = {
	"arm,armv8-timer", "arm,armv7-timer", NULL
};

DRIVER(arm_arch_timer, .name = "arm-arch-timer", .kind = DRIVER_TIMER,
       .no_reg = true, .compatible = arch_timer_compatible,
       .probe = arch_timer_probe);
