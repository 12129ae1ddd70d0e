// SPDX-License-Identifier: MIT
/*
 * The RISC-V timer: the time CSR counts at /cpus "timebase-frequency"
 * on every hart alike; each hart's one-shot event is its supervisor timer
 * interrupt (RISCV_IRQ_TIMER, asm/irq.h), armed through the Sstc
 * extension's stimecmp where the hart has it, else through SBI set_timer.
 *
 * The device tree often describes it with no node of its own (QEMU 7.2),
 * so the driver binds to /cpus; newer trees have a "riscv,timer" node.
 */
#include <asm/csr.h>
#include <asm/irq.h>
#include <asm/sbi.h>
#include <asm/trap.h>
#include <hal/driver.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <libfdt.h>
#include <vireo/dt.h>
#include <vireo/errno.h>
#include <vireo/log.h>
#include <vireo/string.h>

static bool sstc;	/* stimecmp usable (ISA string says so, and it did not trap) */

static uint64_t riscv_timer_read(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static void riscv_timer_set_event(uint64_t deadline)
{
	long err;

	if (sstc) {
		csr_write(CSR_STIMECMP, deadline);
		return;
	}
	err = sbi_set_timer(deadline);
	if (err)
		panic("SBI set_timer failed: %s (%ld)", sbi_strerror(err), err);
}

/* The compare value that never comes; it also clears a pending one. */
static void riscv_timer_stop_event(void)
{
	riscv_timer_set_event(UINT64_MAX);
}

static void timer_interrupt(unsigned int irq, void *arg)
{
	time_event();
}

static int riscv_timer_cpu_init(unsigned int cpu)
{
	riscv_timer_stop_event();
	return irq_enable(RISCV_IRQ_TIMER);
}

static struct clock_timer riscv_timer = {
	.name = "riscv-timer",
	.read = riscv_timer_read,
	.cpu_init = riscv_timer_cpu_init,
	.set_event = riscv_timer_set_event,
	.stop_event = riscv_timer_stop_event,
};

/* Does the first cpu node's "riscv,isa" name Sstc ("..._sstc...")? */
static bool isa_has_sstc(const void *fdt, int cpus)
{
	int node;

	dt_for_each_subnode(node, fdt, cpus) {
		const char *isa = dt_getprop(fdt, node, "riscv,isa", NULL);
		const char *p;

		if (!isa)
			continue;
		for (p = strchr(isa, '_'); p; p = strchr(p + 1, '_'))
			if (!strncmp(p, "_sstc", 5) && (p[5] == '_' || !p[5]))
				return true;
		return false;
	}
	return false;
}

static int riscv_timer_probe(const struct device *dev)
{
	int cpus = dt_path_offset(dev->fdt, "/cpus");
	const fdt32_t *freq;
	int len, err;

	freq = cpus < 0 ? NULL :
		dt_getprop(dev->fdt, cpus, "timebase-frequency", &len);
	if (!freq || (len != 4 && len != 8)) {
		pr_err("riscv-timer: /cpus has no timebase-frequency\n");
		return -EINVAL;
	}
	riscv_timer.hz = fdt32_to_cpu(freq[0]);
	if (len == 8)
		riscv_timer.hz = riscv_timer.hz << 32 | fdt32_to_cpu(freq[1]);
	/*
	 * The ISA string says what the hart has; whether the firmware lets
	 * S mode use it (menvcfg.STCE) only a try tells.
	 */
	if (isa_has_sstc(dev->fdt, cpus)) {
		probe_begin();
		(void)csr_read(CSR_STIMECMP);
		sstc = !probe_end();
		if (!sstc)
			pr_info("riscv-timer: Sstc listed but not enabled by the firmware; using SBI\n");
	}
	if (!sstc && !sbi_probe_extension(SBI_EXT_TIME)) {
		pr_err("riscv-timer: no Sstc and no SBI TIME extension to set events with\n");
		return -ENODEV;
	}
	pr_info("riscv-timer: %llu Hz, events by %s\n",
		(unsigned long long)riscv_timer.hz, sstc ? "stimecmp" : "SBI");
	err = irq_register(RISCV_IRQ_TIMER, timer_interrupt, NULL);
	if (err)
		return err;
	clock_timer_register(&riscv_timer);
	return 0;
}

static const char *const riscv_timer_compatible[] = { "riscv,timer", NULL };

DRIVER(riscv_timer, .name = "riscv-timer", .kind = DRIVER_TIMER,
       .no_reg = true, .compatible = riscv_timer_compatible,
       .path = "/cpus", .probe = riscv_timer_probe);
