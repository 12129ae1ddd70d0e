// SPDX-License-Identifier: MIT
/*
 * x86 time ("tsc-apic"): the TSC is the clock, each CPU's local APIC
 * timer its event. Bound to the local APIC's DT node: the timer is part
 * of the local APIC (its registers belong to lapic.c, used through
 * <asm/apic.h>), the TSC part of the CPU. The DT also says which counters
 * can measure the TSC.
 *
 * The TSC's frequency: the hypervisor's, where its timing leaf 0x40000010
 * gives one (TSC kHz; QEMU/KVM with vmware-cpuid-freq, VMware): that is
 * the virtual TSC's own rate, and a measurement in a guest can be thrown
 * by the vCPU being descheduled. Else measured for CALIBRATE_MS against a
 * counter the device tree says the machine has - the PIT's channel 0,
 * read back (DT "pnpPNP,100"), or the ACPI PM timer
 * ("vireo,acpi-pm-timer") - and checked against CPUID leaf 0x15 (crystal
 * clock times the TSC ratio): the leaf is taken where it agrees with the
 * measurement within 2% or nothing could be measured, the measurement
 * where they differ. Emulators may say what the CPU model would run at
 * rather than what their TSC does: Bochs' Skylake-X gives leaf 0x15's
 * ratio and a 3.5 GHz base frequency in leaf 0x16, while its TSC counts
 * emulated instructions (4 MHz by default). Leaf 0x16 is not used: Intel
 * describes it as for display only. A rate outside TSC_MIN_HZ..TSC_MAX_HZ
 * (a counter that is not there, as port 0x61 on QEMU microvm) is refused.
 *
 * The event: TSC-deadline mode where CPUID.1:ECX[24] offers it (the
 * deadline is a TSC value, nothing to convert), else the APIC timer in
 * one-shot mode at a rate measured against the TSC.
 */
#include <asm/apic.h>
#include <asm/cpuid.h>
#include <asm/msr.h>
#include <asm/processor.h>

#include <hal/driver.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <libfdt.h>
#include <vireo/dt.h>
#include <vireo/errno.h>
#include <vireo/io.h>
#include <vireo/log.h>
#include <vireo/printf.h>
#include <vireo/string.h>

#define CALIBRATE_MS 10
#define TSC_MIN_HZ 1000000ULL		/* emulators run it at a few MHz */
#define TSC_MAX_HZ 100000000000ULL
/* Reads of a reference counter that gives the same value: it is not there. */
#ifndef REF_STUCK_READS
#define REF_STUCK_READS 100000
#endif
#define REF_MAX_READS 100000000UL

/* The PIT (PC platform): channel 0 free-running, read back by latching. */
#define PIT_HZ 1193182
#define PIT_CH0 0	/* port offsets */
#define PIT_MODE 3
#define PIT_CH0_RATE 0x34	/* channel 0, low then high byte, mode 2 */
#define PIT_CH0_LATCH 0x00

/* The ACPI PM timer: a 24-bit up-counter (ACPI 4.8.3.3). */
#define ACPI_PM_HZ 3579545
#define ACPI_PM_MASK 0xffffff

/* A counter the TSC is measured against. */
struct tsc_ref {
	const char *name;		/* on the "TSC at" line */
	const char *compatible;		/* its DT node */
	uint64_t hz;
	uint32_t mask;			/* its width */
	bool counts_down;
	void (*start)(uint16_t port);
	uint32_t (*read)(uint16_t port);
};

static void pit_start(uint16_t port)
{
	outb(PIT_CH0_RATE, port + PIT_MODE);
	outb(0, port + PIT_CH0);	/* 0: the full 65536 */
	outb(0, port + PIT_CH0);
}

static uint32_t pit_read(uint16_t port)
{
	uint8_t lo;

	outb(PIT_CH0_LATCH, port + PIT_MODE);
	lo = inb(port + PIT_CH0);
	return (uint32_t)inb(port + PIT_CH0) << 8 | lo;
}

static uint32_t acpi_pm_read(uint16_t port)
{
	return inl(port);
}

static const struct tsc_ref tsc_refs[] = {
	{ "pit", "pnpPNP,100", PIT_HZ, 0xffff, true, pit_start, pit_read },
	{ "acpi-pm", "vireo,acpi-pm-timer", ACPI_PM_HZ, ACPI_PM_MASK, false,
	  NULL, acpi_pm_read },
};

static bool tsc_deadline;
static uint64_t apic_hz;	/* one-shot mode: APIC timer ticks per second */
static uint64_t max_delta;	/* the furthest event in TSC ticks */

/* The TSC, not read before earlier loads are done. */
static uint64_t tsc_read(void)
{
#ifndef VIREO_FAKE_IO
	__asm__ volatile("lfence" : : : "memory");
#endif
	return rdtsc();
}

/* What the CPU (or the hypervisor) says the TSC runs at; 0 if nothing. */
static uint64_t cpuid_tsc_hz(const char **source)
{
	struct cpuid_regs r;

	if (cpuid(1).ecx & CPUID_1_ECX_HYPERVISOR &&
	    cpuid(CPUID_LEAF_HYPERVISOR).eax >= CPUID_LEAF_HV_TIMING &&
	    cpuid(CPUID_LEAF_HV_TIMING).eax) {
		*source = "hypervisor";
		return (uint64_t)cpuid(CPUID_LEAF_HV_TIMING).eax * 1000;
	}
	if (cpuid(0).eax < CPUID_LEAF_TSC)
		return 0;
	r = cpuid(CPUID_LEAF_TSC);
	if (!r.eax || !r.ebx || !r.ecx)
		return 0;
	*source = "cpuid";
	return (uint64_t)r.ecx * r.ebx / r.eax;
}

/*
 * TSC ticks per second measured against ref at port over CALIBRATE_MS;
 * 0 if ref does not count (the same value REF_STUCK_READS times).
 */
static uint64_t ref_tsc_hz(const struct tsc_ref *ref, uint16_t port)
{
	uint64_t want = ref->hz / (1000 / CALIBRATE_MS), ticks = 0, start, end;
	unsigned long same = 0, reads = 0;
	uint32_t last, now;

	if (ref->start)
		ref->start(port);
	last = ref->read(port);
	start = tsc_read();
	do {
		now = ref->read(port);
		end = tsc_read();
		if (now == last) {
			if (++same == REF_STUCK_READS)
				return 0;
			continue;
		}
		same = 0;
		ticks += (ref->counts_down ? last - now : now - last) & ref->mask;
		last = now;
	} while (ticks < want && ++reads < REF_MAX_READS);
	return ticks ? (end - start) * ref->hz / ticks : 0;
}

/* The median of three measurements: one may be thrown by an interrupted
 * (or, in a guest, descheduled) CPU. */
static uint64_t median_tsc_hz(const struct tsc_ref *ref, uint16_t port)
{
	uint64_t a = ref_tsc_hz(ref, port), b, c;

	if (!a)
		return 0;
	b = ref_tsc_hz(ref, port);
	c = ref_tsc_hz(ref, port);
	if ((a <= b) == (b <= c))
		return b;
	if ((b <= a) == (a <= c))
		return a;
	return c;
}

static bool plausible(uint64_t hz)
{
	return hz >= TSC_MIN_HZ && hz <= TSC_MAX_HZ;
}

/*
 * Measure against the first reference counter the tree has that counts;
 * 0 if none. Why each one failed is added to why.
 */
static uint64_t measured_tsc_hz(const void *fdt, const char **source,
				char *why, size_t size)
{
	struct mem_region reg;
	uint64_t hz;
	size_t used;
	int node;

	for (size_t i = 0; fdt && i < ARRAY_SIZE(tsc_refs); i++) {
		const struct tsc_ref *ref = &tsc_refs[i];

		node = fdt_node_offset_by_compatible(fdt, -1, ref->compatible);
		if (node < 0 || !dt_is_enabled(fdt, node) ||
		    dt_reg(fdt, node, 0, &reg) || reg.base > UINT16_MAX)
			continue;
		hz = median_tsc_hz(ref, (uint16_t)reg.base);
		if (plausible(hz)) {
			*source = ref->name;
			return hz;
		}
		used = strlen(why);
		if (hz)
			snprintf(why + used, size - used, "%sthe %s measures %llu Hz, implausible",
				 used ? "; " : "", ref->name, (unsigned long long)hz);
		else
			snprintf(why + used, size - used, "%sthe %s does not count",
				 used ? "; " : "", ref->name);
	}
	return 0;
}

/* Choose the TSC's frequency (see the top); 0 and an error if none. */
static uint64_t tsc_hz(const void *fdt, const char **source)
{
	const char *claimed_by = NULL, *measured_by = NULL;
	uint64_t claimed = cpuid_tsc_hz(&claimed_by), measured;
	char why[112] = "";

	if (claimed && !plausible(claimed)) {
		pr_warn("tsc-apic: %s says the TSC runs at %llu Hz: implausible, ignored\n",
			claimed_by, (unsigned long long)claimed);
		claimed = 0;
	}
	if (claimed && !strcmp(claimed_by, "hypervisor")) {
		*source = claimed_by;
		return claimed;
	}
	measured = measured_tsc_hz(fdt, &measured_by, why, sizeof(why));
	if (claimed && (!measured || (claimed > measured ? claimed - measured :
				      measured - claimed) < claimed / 50)) {
		if (!measured && why[0])
			pr_warn("tsc-apic: %s: taking %s's %llu Hz\n", why,
				claimed_by, (unsigned long long)claimed);
		*source = claimed_by;
		return claimed;
	}
	if (measured) {
		if (claimed)
			pr_warn("tsc-apic: %s says the TSC runs at %llu Hz, the %s measures %llu Hz: taking the %s's\n",
				claimed_by, (unsigned long long)claimed, measured_by,
				(unsigned long long)measured, measured_by);
		*source = measured_by;
		return measured;
	}
	pr_err("tsc-apic: no TSC frequency: %s, and CPUID gives none\n",
	       why[0] ? why : "no reference counter in the device tree");
	return 0;
}

/* The APIC timer's rate: count down, masked, for CALIBRATE_MS of TSC. */
static int calibrate_apic_timer(uint64_t tsc_hz)
{
	uint64_t start, end, ticks;
	uint32_t left;

	lapic_timer_start(UINT32_MAX);
	start = tsc_read();
	do
		end = tsc_read();
	while (end - start < tsc_hz / (1000 / CALIBRATE_MS));
	left = lapic_timer_remaining();
	lapic_timer_start(0);
	ticks = UINT32_MAX - left;
	if (!ticks || !left) {
		pr_err("tsc-apic: the APIC timer %s\n",
		       ticks ? "runs out in 10 ms" : "does not count");
		return -EIO;
	}
	apic_hz = ticks * NSEC_PER_SEC / time_counter_to_ns(end - start, tsc_hz);
	pr_debug("tsc-apic: APIC timer at %llu Hz\n", (unsigned long long)apic_hz);
	return 0;
}

static void timer_interrupt(unsigned int irq, void *arg)
{
	time_event();
}

static void tsc_apic_set_event(uint64_t deadline);
static void tsc_apic_stop_event(void);
static int tsc_apic_cpu_init(unsigned int cpu);

static struct clock_timer tsc_apic = {
	.name = "tsc-apic",
	.read = tsc_read,
	.cpu_init = tsc_apic_cpu_init,
	.set_event = tsc_apic_set_event,
	.stop_event = tsc_apic_stop_event,
};

static int tsc_apic_cpu_init(unsigned int cpu)
{
	int err;

	lapic_timer_setup(tsc_deadline ? LAPIC_TIMER_TSC_DEADLINE : LAPIC_TIMER_ONESHOT);
	if (!tsc_deadline && !apic_hz) {
		err = calibrate_apic_timer(tsc_apic.hz);
		if (err)
			return err;
	}
	return irq_enable(LAPIC_VECTOR_TIMER);
}

/* deadline is a TSC value. */
static void tsc_apic_set_event(uint64_t deadline)
{
	uint64_t now, delta, count;

	if (tsc_deadline) {
		/* 0 would disarm it; any past value fires at once */
		wrmsr(MSR_IA32_TSC_DEADLINE, deadline ? deadline : 1);
		return;
	}
	now = tsc_read();
	delta = deadline > now ? deadline - now : 0;
	/* A far event comes early, and time_event() sets the next one. */
	if (delta > max_delta)
		delta = max_delta;
	count = delta * apic_hz / tsc_apic.hz;
	lapic_timer_start(count ? (uint32_t)count : 1);
}

static void tsc_apic_stop_event(void)
{
	if (tsc_deadline)
		wrmsr(MSR_IA32_TSC_DEADLINE, 0);
	else
		lapic_timer_start(0);
}

static int tsc_apic_probe(const struct device *dev)
{
	struct cpuid_regs id = cpuid(1);
	const char *source = NULL;
	int err;

	if (!lapic_ready()) {
		pr_err("tsc-apic: no local APIC driver\n");
		return -ENODEV;
	}
	if (!(id.edx & CPUID_1_EDX_TSC)) {
		pr_err("tsc-apic: the CPU has no TSC\n");
		return -ENODEV;
	}
	tsc_apic.hz = tsc_hz(dev->fdt, &source);
	if (!tsc_apic.hz)
		return -EIO;
	tsc_deadline = id.ecx & CPUID_1_ECX_TSC_DEADLINE;
	/* 1/8 s: the count fits 32 bits, and delta * apic_hz 64 bits, for
	 * clocks up to 10 GHz */
	max_delta = tsc_apic.hz / 8;
	err = irq_register(LAPIC_VECTOR_TIMER, timer_interrupt, NULL);
	if (err)
		return err;
	clock_timer_register(&tsc_apic);
	pr_info("tsc-apic: TSC at %llu Hz (%s), events by %s\n",
		(unsigned long long)tsc_apic.hz, source,
		tsc_deadline ? "TSC deadline" : "APIC timer one-shot");
	return 0;
}

static const char *const tsc_apic_compatible[] = { "intel,ce4100-lapic", NULL };

DRIVER(tsc_apic, .name = "tsc-apic", .kind = DRIVER_TIMER, .no_reg = true,
       .compatible = tsc_apic_compatible, .probe = tsc_apic_probe);
