// SPDX-License-Identifier: MIT
/*
 * x86 time ("tsc-apic"): the TSC is the clock, each CPU's local APIC
 * timer its event. Bound to the local APIC's DT node: the timer is part
 * of the local APIC (its registers belong to lapic.c, used through
 * lapic.h), the TSC part of the CPU, and neither needs more from the DT.
 *
 * The TSC's frequency: measured against the PIT's channel 2 over 10 ms,
 * and CPUID leaf 0x15's (crystal clock times the TSC ratio) taken instead
 * where it gives one that agrees within 2%, or where there is no PIT.
 * Emulators may say what the CPU model would run at rather than what
 * their TSC does: Bochs' Skylake-X gives leaf 0x15's ratio and a 3.5 GHz
 * base frequency in leaf 0x16, while its TSC counts emulated instructions
 * (4 MHz by default). Leaf 0x16 is not used: Intel describes it as for
 * display only.
 *
 * The event: TSC-deadline mode where CPUID.1:ECX[24] offers it (the
 * deadline is a TSC value, nothing to convert), else the APIC timer in
 * one-shot mode at a rate measured against the TSC.
 */
#include "../irqchip/lapic.h"

#include <hal/driver.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <vireo/errno.h>
#include <vireo/io.h>
#include <vireo/log.h>

#define CPUID_1_EDX_TSC BIT(4)
#define CPUID_1_ECX_TSC_DEADLINE BIT(24)

/* The PIT's channel 2, gated by port 0x61 (PC platform). */
#define PIT_HZ 1193182
#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PIT_CH2_ONESHOT 0xb0	/* channel 2, low then high byte, mode 0 */
#define PORT_B 0x61
#define PORT_B_GATE2 BIT(0)
#define PORT_B_SPEAKER BIT(1)
#define PORT_B_OUT2 BIT(5)
#define CALIBRATE_MS 10
#define PIT_WAIT_SPINS 100000000UL

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

static uint64_t cpuid_tsc_hz(void)
{
	struct cpuid_regs r;

	if (cpuid(0).eax < 0x15)
		return 0;
	r = cpuid(0x15);
	if (!r.eax || !r.ebx || !r.ecx)
		return 0;
	return (uint64_t)r.ecx * r.ebx / r.eax;
}

/*
 * TSC ticks in CALIBRATE_MS of the PIT, as a frequency; 0 if it does not
 * count down within limit TSC ticks (0: PIT_WAIT_SPINS polls).
 */
static uint64_t pit_tsc_hz(uint64_t limit)
{
	uint16_t latch = PIT_HZ / (1000 / CALIBRATE_MS);
	uint8_t port_b = inb(PORT_B);
	unsigned long spins = 0;
	uint64_t start, end;
	bool stuck = false;

	/* Gate on, speaker off; mode 0 drops OUT2 until the count runs out. */
	outb((port_b & ~PORT_B_SPEAKER) | PORT_B_GATE2, PORT_B);
	outb(PIT_CH2_ONESHOT, PIT_MODE);
	outb(latch & 0xff, PIT_CH2);
	outb(latch >> 8, PIT_CH2);
	start = tsc_read();
	for (;;) {
		end = tsc_read();
		if (inb(PORT_B) & PORT_B_OUT2)
			break;
		if (limit ? end - start >= limit : ++spins >= PIT_WAIT_SPINS) {
			stuck = true;
			break;
		}
	}
	outb(port_b, PORT_B);
	return stuck ? 0 : (end - start) * PIT_HZ / latch;
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
	const char *source = "cpuid";
	uint64_t cpuid_hz, pit_hz;
	int err;

	if (!lapic_ready()) {
		pr_err("tsc-apic: no local APIC driver\n");
		return -ENODEV;
	}
	if (!(id.edx & CPUID_1_EDX_TSC)) {
		pr_err("tsc-apic: the CPU has no TSC\n");
		return -ENODEV;
	}
	cpuid_hz = cpuid_tsc_hz();
	/* a PIT that does not count is given up after 0.1 s */
	pit_hz = pit_tsc_hz(cpuid_hz / 10);
	if (cpuid_hz && (!pit_hz || (cpuid_hz > pit_hz ? cpuid_hz - pit_hz :
				     pit_hz - cpuid_hz) < cpuid_hz / 50)) {
		tsc_apic.hz = cpuid_hz;
	} else if (pit_hz) {
		if (cpuid_hz)
			pr_warn("tsc-apic: CPUID says the TSC runs at %llu Hz, the PIT measures %llu Hz: taking the PIT's\n",
				(unsigned long long)cpuid_hz, (unsigned long long)pit_hz);
		tsc_apic.hz = pit_hz;
		source = "pit";
	} else {
		pr_err("tsc-apic: the PIT does not count: no TSC frequency\n");
		return -EIO;
	}
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
