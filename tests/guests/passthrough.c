// SPDX-License-Identifier: MIT
/*
 * The passthrough VM (mode 5): a real-time clock of the host mapped into
 * it, its interrupt forwarded. The guest is told where in its mode's
 * argument: the RTC's guest-physical address, page aligned, which RTC
 * in bits 11:8 (0 an Arm PL031, 1 a Goldfish RTC) and its interrupt
 * (its INTID, or its PLIC source) in bits 7:0. PL031 register map and
 * identification values: the PrimeCell RTC (PL031) Technical Reference
 * Manual (ARM DDI 0224), 3.2 and 3.3. Goldfish RTC: the Android
 * emulator's "Goldfish virtual hardware" document (time and alarm in
 * nanoseconds since 1970), as QEMU's riscv virt has it. Vireo emulates
 * neither, so every access reaches the device itself.
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
static bool goldfish;

/* The Goldfish RTC's registers (32-bit) */
#define GF_TIME_LOW 0x00	/* reading it latches TIME_HIGH */
#define GF_TIME_HIGH 0x04
#define GF_ALARM_LOW 0x08	/* writing it arms the alarm */
#define GF_ALARM_HIGH 0x0c
#define GF_IRQ_ENABLED 0x10
#define GF_CLEAR_ALARM 0x14
#define GF_ALARM_STATUS 0x18	/* 1 while armed */
#define GF_CLEAR_INTERRUPT 0x1c	/* lowers the line */

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
	if (goldfish) {		/* fired: no longer armed */
		rtc_mis = !rd(GF_ALARM_STATUS);
		mmio_write32(rtc + GF_CLEAR_INTERRUPT, 1);
		return true;
	}
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
static uint64_t gf_time(void)
{
	uint64_t low = rd(GF_TIME_LOW);

	return (uint64_t)rd(GF_TIME_HIGH) << 32 | low;
}

/* The match interrupt armed for the next second (Goldfish: its alarm in
 * a tenth of one). */
static void rtc_arm(void)
{
	if (goldfish) {
		uint64_t when = gf_time() + 100000000;

		rtc_taken = 0;
		rtc_cpu = ~0u;
		mmio_write32(rtc + GF_IRQ_ENABLED, 1);
		mmio_write32(rtc + GF_ALARM_HIGH, (uint32_t)(when >> 32));
		mmio_write32(rtc + GF_ALARM_LOW, (uint32_t)when);
		return;
	}
	rtc_taken = 0;
	rtc_cpu = ~0u;
	mmio_write32(rtc + RTCIMSC, 0);
	mmio_write32(rtc + RTCICR, 1);
	mmio_write32(rtc + RTCIMSC, 1);
	mmio_write32(rtc + RTCMR, rd(RTCDR) + 1);
}

/* Its interrupt off; true if the line is low (nothing left raised). */
static bool rtc_disarm(void)
{
	if (goldfish) {
		mmio_write32(rtc + GF_IRQ_ENABLED, 0);
		return true;
	}
	mmio_write32(rtc + RTCIMSC, 0);
	return rd(RTCRIS) == 0;
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
	expect_eq("RTC line low after the clear", rtc_disarm(), 1);
	expect_eq("RTC interrupts taken", rtc_taken, 1);
	expect_eq("RTC raised it (MIS / alarm fired) in the handler",
		  rtc_mis, 1);
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
	rtc_disarm();
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

/* The host's clock in ns (past 2020's 1.5e18), never going back; the
 * alarm disarmed reads as not armed. */
static void test_goldfish_reads_time(void)
{
	uint64_t first = gf_time(), second = gf_time();

	expect_eq("TIME set", first > 1500000000000000000ull, 1);
	expect_eq("TIME monotonic", second >= first, 1);
	mmio_write32(rtc + GF_CLEAR_ALARM, 1);
	expect_eq("ALARM_STATUS cleared", rd(GF_ALARM_STATUS), 0);
}

static const struct guest_test goldfish_tests[] = {
	{ "goldfish_rtc_reads_time", test_goldfish_reads_time },
	{ "goldfish_rtc_alarm_interrupt", test_rtc_match_interrupt },
	{ "goldfish_rtc_alarm_to_vcpu1", test_rtc_interrupt_to_vcpu1 },
	{ NULL, NULL },
};

int passthrough_main(uint64_t where)
{
	rtc = where & ~0xfffULL;
	goldfish = (where >> 8 & 0xf) == 1;
	rtc_intid = (unsigned int)(where & 0xff);
	return run_list(goldfish ? goldfish_tests : passthrough_tests);
}
