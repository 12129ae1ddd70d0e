// SPDX-License-Identifier: MIT
/*
 * The passthrough VM (mode 5): an Arm PL031 real-time clock of the host
 * mapped into it, its interrupt forwarded. The guest is told where in its
 * third boot register: the RTC's guest-physical address, page aligned,
 * with its INTID in the low 12 bits. Register map and identification
 * values: the PrimeCell RTC (PL031) Technical Reference Manual (ARM DDI
 * 0224), 3.2 and 3.3; Vireo has no PL031 emulation, so every access
 * reaches the device itself.
 */
#include "guest.h"

#define RTCDR 0x000	/* data: seconds */
#define RTCMR 0x004	/* match */
#define RTCIMSC 0x010	/* interrupt mask set/clear: 1 = enabled */
#define RTCRIS 0x014	/* raw interrupt status */
#define RTCMIS 0x018	/* masked interrupt status */
#define RTCICR 0x01c	/* interrupt clear: write 1 */
#define RTCPERIPHID0 0xfe0
#define RTCPCELLID0 0xff0
/* PeriphID0, PeriphID1, PeriphID2 [3:0], PCellID0-3 */
static const uint8_t periph_id[] = { 0x31, 0x10, 0x04 };
static const uint8_t cell_id[] = { 0x0d, 0xf0, 0x05, 0xb1 };

static uint64_t rtc;
static unsigned int rtc_intid;
static volatile unsigned int rtc_taken, rtc_mis, rtc_cpu;

static uint32_t rd(unsigned int off)
{
	return (uint32_t)mmio_read32(rtc + off);
}

/* From guest_irq(): the match interrupt, cleared at the RTC (the line
 * falls) before the guest's EOI. */
bool passthrough_irq(unsigned int virq, unsigned int cpu)
{
	if (!rtc || virq != rtc_intid)
		return false;
	rtc_taken++;
	rtc_cpu = cpu;
	rtc_mis = rd(RTCMIS);
	mmio_write32(rtc + RTCICR, 1);
	return true;
}

static void test_rtc_identifies(void)
{
	unsigned int i;

	for (i = 0; i < 2; i++)
		expect_eq("RTCPeriphID", rd(RTCPERIPHID0 + 4 * i), periph_id[i]);
	expect_eq("RTCPeriphID2 [3:0]", rd(RTCPERIPHID0 + 8) & 0xf,
		  periph_id[2]);
	for (i = 0; i < 4; i++)
		expect_eq("RTCPCellID", rd(RTCPCELLID0 + 4 * i), cell_id[i]);
}

/* The host's clock: set (seconds since 1970 are past 2020's 1.5e9),
 * never going back. */
static void test_rtc_reads_time(void)
{
	uint32_t first = rd(RTCDR), second = rd(RTCDR);

	expect_eq("RTCDR set", first > 1500000000u, 1);
	expect_eq("RTCDR monotonic", second >= first, 1);
}

/* The match interrupt, through the vGIC, ending a WFI (Vireo waits for
 * the host's interrupt): taken once; cleared by the handler, it does not
 * come again once the host line is unmasked. */
/* The match interrupt armed for the next second. */
static void rtc_arm(void)
{
	rtc_taken = 0;
	rtc_cpu = ~0u;
	mmio_write32(rtc + RTCIMSC, 0);
	mmio_write32(rtc + RTCICR, 1);
	mmio_write32(rtc + RTCIMSC, 1);
	mmio_write32(rtc + RTCMR, rd(RTCDR) + 1);
}

static void test_rtc_match_interrupt(void)
{
	uint64_t freq = counter_frequency(), start;

	virq_enable(rtc_intid);
	rtc_arm();
	start = counter_virtual();
	/* masked around the check, so the interrupt cannot come between it
	 * and the WFI (which would then wait for the next one) */
	while (!rtc_taken && counter_virtual() - start < 3 * freq) {
		wfi();
		irq_unmask();
		irq_mask();
	}
	/* a while longer, spinning (nothing else would end a WFI): a
	 * level left high would come again */
	irq_unmask();
	start = counter_virtual();
	while (counter_virtual() - start < freq / 10)
		__asm__ volatile("" : : : "memory");
	irq_mask();
	mmio_write32(rtc + RTCIMSC, 0);
	expect_eq("RTC interrupts taken", rtc_taken, 1);
	expect_eq("RTCMIS in the handler", rtc_mis, 1);
	expect_eq("RTCRIS after the clear", rd(RTCRIS), 0);
	expect_eq("the vCPU that took it", rtc_cpu, 0);
}

/* Targeted (GICD_ITARGETSR) to the second vCPU, it is taken there while
 * the first one waits (each yields at each exit: they share a CPU). */
static void test_rtc_interrupt_to_vcpu1(void)
{
	uint64_t freq = counter_frequency(), start;

	if (!cpu1_take(rtc_intid)) {
		expect_eq("vCPU 1 started", 0, 1);
		return;
	}
	rtc_arm();
	start = counter_virtual();
	while (!rtc_taken && counter_virtual() - start < 3 * freq)
		hypercall1(VIREO_HC_NULL, 0);
	cpu1_release();
	mmio_write32(rtc + RTCIMSC, 0);
	expect_eq("RTC interrupts taken", rtc_taken, 1);
	expect_eq("the vCPU that took it", rtc_cpu, 1);
}

static const struct guest_test passthrough_tests[] = {
	{ "rtc_identifies", test_rtc_identifies },
	{ "rtc_reads_time", test_rtc_reads_time },
	{ "rtc_match_interrupt", test_rtc_match_interrupt },
	{ "rtc_interrupt_to_vcpu1", test_rtc_interrupt_to_vcpu1 },
	{ NULL, NULL },
};

int passthrough_main(uint64_t where)
{
	rtc = where & ~0xfffULL;
	rtc_intid = (unsigned int)(where & 0xfff);
	return run_list(passthrough_tests);
}
