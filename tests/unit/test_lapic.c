// SPDX-License-Identifier: MIT
/*
 * drivers/irqchip/lapic.c against the fake register file (xAPIC mode,
 * MMIO) and a fake MSR file (x2APIC mode, IA32_APIC_BASE). The MSR fake
 * refuses what the CPU would #GP on (entering x2APIC mode from a disabled
 * APIC, x2APIC registers while not in x2APIC mode), and the xAPIC ICR
 * models its delivery status: busy for a few reads after each command.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define ICR_WAIT_SPINS 50	/* the fake log holds 4096 accesses */
#include "fake_io.h"
#include "host_log.h"
#include "../../drivers/irqchip/lapic.c"
#include <asm/smp.h>
#include <hal/time.h>

/*
 * What the test expects, from Intel's SDM vol. 3A (10.4.1, table "Local
 * APIC Register Address Map"; 10.12.1.2, x2APIC MSR = 0x800 + offset / 16)
 * and the 8259A data sheet - not from the driver's <asm/apic.h>.
 */
#define SDM_ID 0x20
#define SDM_TPR 0x80
#define SDM_EOI 0xb0
#define SDM_SVR 0xf0
#define SDM_ESR 0x280
#define SDM_ICR_LO 0x300
#define SDM_ICR_HI 0x310
#define SDM_LVT_TIMER 0x320
#define SDM_LVT_LINT0 0x350
#define SDM_TIMER_INITIAL 0x380
#define SDM_TIMER_CURRENT 0x390
#define SDM_TIMER_DIVIDE 0x3e0
#define SDM_MSR_APIC_BASE 0x1b
#define SDM_APIC_BASE_BSP 0x100
#define SDM_APIC_BASE_EXTD 0x400
#define SDM_APIC_BASE_EN 0x800
#define SDM_SVR_ENABLE 0x100
#define SDM_LVT_MASKED 0x10000
#define SDM_LVT_TSC_DEADLINE 0x40000	/* timer mode 10b in bits 18:17 */
#define SDM_DIVIDE_BY_1 0xb
#define SDM_ICR_INIT 0x500
#define SDM_ICR_STARTUP 0x600
#define SDM_ICR_DELIVS 0x1000		/* send pending */
#define SDM_ICR_ASSERT 0x4000
#define SDM_CPUID1_EDX_APIC (1u << 9)
#define SDM_CPUID1_ECX_X2APIC (1u << 21)
#define PIC_MASTER_DATA 0x21		/* OCW1: the interrupt mask */
#define PIC_SLAVE_DATA 0xa1

#define BASE 0xfee00000UL
#define NODE 7
#define NCPUS 4

/* ---- the HAL services the driver calls ---- */

static struct cpu cpus[NCPUS];
static unsigned int self;
static struct irqchip *registered;
static irq_handler_t spurious_fn;
static int masked_depth;	/* irq_local_save() nesting */

struct cpu *this_cpu(void)
{
	return &cpus[self];
}

struct cpu *cpu_get(unsigned int id)
{
	return id < NCPUS ? &cpus[id] : NULL;
}

void irqchip_register(struct irqchip *chip)
{
	registered = chip;
}

int irq_register(unsigned int irq, irq_handler_t fn, void *arg)
{
	if (irq == LAPIC_VECTOR_SPURIOUS)
		spurious_fn = fn;
	return 0;
}

unsigned long irq_local_save(void)
{
	return (unsigned long)masked_depth++;
}

void irq_local_restore(unsigned long flags)
{
	masked_depth--;
	assert_int_equal(masked_depth, (int)flags);
}

/* Delays, with where in the register log they came. */
static struct {
	uint64_t ns;
	size_t at;
} delays[8];
static int ndelays;

void time_delay_ns(uint64_t ns)
{
	assert_true(ndelays < 8);
	delays[ndelays].ns = ns;
	delays[ndelays].at = fake_io_count();
	ndelays++;
}

/* ---- the CPU: CPUID, MSRs ---- */

static bool cpu_x2apic, cpu_has_apic;

struct cpuid_regs cpuid(uint32_t leaf)
{
	struct cpuid_regs r = { 0 };

	if (leaf == 1) {
		r.edx = cpu_has_apic ? SDM_CPUID1_EDX_APIC : 0;
		r.ecx = cpu_x2apic ? SDM_CPUID1_ECX_X2APIC : 0;
	}
	return r;
}

uint64_t rdtsc(void)
{
	return 0;
}

#define NMSRS 64
static struct {
	uint32_t msr;
	uint64_t val;
} msrs[NMSRS], msr_writes[256];
static int nmsrs, nmsr_writes;

static uint64_t *msr_slot(uint32_t msr)
{
	for (int i = 0; i < nmsrs; i++)
		if (msrs[i].msr == msr)
			return &msrs[i].val;
	assert_true(nmsrs < NMSRS);
	msrs[nmsrs].msr = msr;
	msrs[nmsrs].val = 0;
	return &msrs[nmsrs++].val;
}

static bool in_x2apic_mode(void)
{
	return (*msr_slot(SDM_MSR_APIC_BASE) & (SDM_APIC_BASE_EN | SDM_APIC_BASE_EXTD)) ==
	       (SDM_APIC_BASE_EN | SDM_APIC_BASE_EXTD);
}

uint64_t rdmsr(uint32_t msr)
{
	if (msr >= 0x800 && msr < 0x900)
		assert_true(in_x2apic_mode());	/* else #GP */
	return *msr_slot(msr);
}

void wrmsr(uint32_t msr, uint64_t val)
{
	if (msr == SDM_MSR_APIC_BASE && (val & SDM_APIC_BASE_EXTD)) {
		/* x2APIC mode only from xAPIC mode (SDM: else #GP) */
		uint64_t old = *msr_slot(msr);

		assert_true(old & SDM_APIC_BASE_EN);
		assert_true(val & SDM_APIC_BASE_EN);
	}
	if (msr >= 0x800 && msr < 0x900) {
		assert_true(in_x2apic_mode());
		if (msr == 0x80b || msr == 0x828)
			assert_true(val == 0);	/* else #GP */
	}
	assert_true(nmsr_writes < 256);
	msr_writes[nmsr_writes].msr = msr;
	msr_writes[nmsr_writes].val = val;
	nmsr_writes++;
	*msr_slot(msr) = val;
}

static int msr_writes_of(uint32_t msr)
{
	int n = 0;

	for (int i = 0; i < nmsr_writes; i++)
		n += msr_writes[i].msr == msr;
	return n;
}

/* ---- the device: what MMIO reads return ---- */

static int busy_reads;		/* ICR reads still showing "send pending" */
static int busy_after_write;	/* how many a new command shows */
static size_t icr_seen;		/* log length when the model last looked */

static int64_t model(uintptr_t addr)
{
	if (addr == BASE + SDM_ICR_LO) {
		/* a new command write makes the ICR busy again */
		for (; icr_seen < fake_io_count(); icr_seen++) {
			const struct fake_access *a = fake_io_log(icr_seen);

			if (a->op == FAKE_WRITE && a->addr == BASE + SDM_ICR_LO)
				busy_reads = busy_after_write;
		}
		if (busy_reads) {
			busy_reads--;
			return SDM_ICR_DELIVS;
		}
		return 0;
	}
	return -1;
}

static void reset_device(bool x2)
{
	fake_io_reset(model);
	log_capture_reset();
	memset(msrs, 0, sizeof(msrs));
	nmsrs = nmsr_writes = 0;
	ndelays = 0;
	busy_reads = 0;
	busy_after_write = 3;
	icr_seen = 0;
	masked_depth = 0;
	registered = NULL;
	spurious_fn = NULL;
	self = 0;
	cpu_has_apic = true;
	cpu_x2apic = x2;
	x2apic = false;
	mmio = 0;
	probed = false;
	for (unsigned int i = 0; i < NCPUS; i++)
		cpus[i] = (struct cpu){ .id = i, .hwid = i * 2, .online = true };
	/* as the BIOS leaves it: enabled in xAPIC mode at its default base,
	 * LINT0 as the 8259's virtual wire (ExtINT) */
	*msr_slot(SDM_MSR_APIC_BASE) = BASE | SDM_APIC_BASE_EN | SDM_APIC_BASE_BSP;
	fake_io_set(BASE + SDM_LVT_LINT0, 0x700);
}

static int probe(void)
{
	struct device dev = { .fdt = NULL, .node = NODE, .base = BASE, .size = 0x1000 };

	return __driver_lapic.probe(&dev);
}

static int setup_xapic(void **state)
{
	reset_device(false);
	return probe();
}

static int setup_x2apic(void **state)
{
	reset_device(true);
	return probe();
}

/* The MMIO value the driver last wrote to reg. */
static uint32_t last_write(uintptr_t addr)
{
	for (size_t i = fake_io_count(); i-- > 0;)
		if (fake_io_log(i)->op == FAKE_WRITE && fake_io_log(i)->addr == addr)
			return fake_io_log(i)->val;
	fail_msg("no write to %#lx", (unsigned long)addr);
	return 0;
}

static size_t mmio_accesses(void)
{
	size_t n = 0;

	for (size_t i = 0; i < fake_io_count(); i++)
		n += fake_io_log(i)->addr >= BASE;
	return n;
}

/* ---- xAPIC ---- */

static void test_probe_registers_root_chip(void **state)
{
	assert_non_null(registered);
	assert_string_equal(registered->name, "xapic");
	assert_int_equal(registered->node, NODE);
	assert_int_equal(registered->nr_irqs, 256);
	assert_int_equal(registered->ipi_irq, LAPIC_VECTOR_IPI);
	assert_int_equal(registered->ack(), IRQ_NONE);
	assert_non_null(spurious_fn);
	assert_true(lapic_ready());
	/* the 8259s masked, and nothing else touched before cpu_init */
	assert_int_equal(fake_io_writes(PIC_MASTER_DATA, 0xff), 1);
	assert_int_equal(fake_io_writes(PIC_SLAVE_DATA, 0xff), 1);
	assert_int_equal(mmio_accesses(), 0);
	assert_int_equal(nmsr_writes, 0);
}

static void test_probe_refuses(void **state)
{
	struct device dev = { .node = NODE, .base = 0 };

	reset_device(false);
	cpu_has_apic = false;
	assert_int_equal(probe(), -ENODEV);
	assert_null(registered);
	assert_false(lapic_ready());
	cpu_has_apic = true;
	/* xAPIC mode without registers to reach */
	assert_int_equal(__driver_lapic.probe(&dev), -EINVAL);
	dev.base = BASE + 0x10;
	assert_int_equal(__driver_lapic.probe(&dev), -EINVAL);
	assert_null(registered);
	assert_non_null(strstr(log_text(), "lapic: "));
}

static void test_xapic_cpu_init(void **state)
{
	*msr_slot(SDM_MSR_APIC_BASE) = SDM_APIC_BASE_BSP;	/* disabled, base 0 */
	registered->cpu_init(0);
	/* enabled where the DT says, in xAPIC mode, BSP bit kept */
	assert_int_equal(*msr_slot(SDM_MSR_APIC_BASE), BASE | SDM_APIC_BASE_EN | SDM_APIC_BASE_BSP);
	assert_int_equal(msr_writes_of(SDM_MSR_APIC_BASE), 1);
	assert_int_equal(last_write(BASE + SDM_TPR), 0);
	assert_int_equal(last_write(BASE + SDM_SVR), SDM_SVR_ENABLE | LAPIC_VECTOR_SPURIOUS);
	assert_int_equal(last_write(BASE + SDM_LVT_TIMER), SDM_LVT_MASKED | LAPIC_VECTOR_TIMER);
	/* the virtual wire masked, its mode kept */
	assert_int_equal(last_write(BASE + SDM_LVT_LINT0), 0x700 | SDM_LVT_MASKED);
	assert_int_equal(fake_io_writes(BASE + SDM_ESR, 0), 1);
	/* the APIC is software-enabled last, once its LVTs are set */
	assert_int_equal(fake_io_log(fake_io_count() - 1)->addr, BASE + SDM_SVR);
}

static void test_xapic_cpu_init_keeps_enabled_apic(void **state)
{
	registered->cpu_init(1);
	assert_int_equal(msr_writes_of(SDM_MSR_APIC_BASE), 0);
}

static void test_xapic_eoi(void **state)
{
	size_t n = fake_io_count();

	registered->eoi(0x34);
	assert_int_equal(fake_io_count(), n + 1);
	assert_int_equal(fake_io_log(n)->addr, BASE + SDM_EOI);
	assert_int_equal(fake_io_log(n)->val, 0);
	/* a spurious interrupt is not in service: no EOI */
	registered->eoi(LAPIC_VECTOR_SPURIOUS);
	assert_int_equal(fake_io_count(), n + 1);
	lapic_eoi();
	assert_int_equal(fake_io_writes(BASE + SDM_EOI, 0), 2);
}

/* The index in the log of the n'th write to addr at or after from. */
static size_t find_write(uintptr_t addr, size_t from)
{
	for (size_t i = from; i < fake_io_count(); i++)
		if (fake_io_log(i)->op == FAKE_WRITE && fake_io_log(i)->addr == addr)
			return i;
	fail_msg("no write to %#lx after %zu", (unsigned long)addr, from);
	return 0;
}

/* Reads of the ICR between log positions [from, to). */
static int icr_polls(size_t from, size_t to)
{
	int n = 0;

	for (size_t i = from; i < to; i++)
		n += fake_io_log(i)->op == FAKE_READ && fake_io_log(i)->addr == BASE + SDM_ICR_LO;
	return n;
}

static void test_xapic_ipi(void **state)
{
	size_t n = fake_io_count(), hi, lo;

	busy_reads = 2;		/* a previous command still pending */
	registered->send_ipi(3);
	hi = find_write(BASE + SDM_ICR_HI, n);
	lo = find_write(BASE + SDM_ICR_LO, n);
	/* waited for the previous one, destination first, then the command */
	assert_int_equal(icr_polls(n, hi), 3);
	assert_true(hi < lo);
	assert_int_equal(fake_io_log(hi)->val, 6u << 24);	/* cpu3: hwid 6 */
	assert_int_equal(fake_io_log(lo)->val, SDM_ICR_ASSERT | LAPIC_VECTOR_IPI);
	/* and for this one to be accepted */
	assert_int_equal(icr_polls(lo, fake_io_count()), busy_after_write + 1);
	assert_int_equal(masked_depth, 0);
	assert_string_equal(log_text(), "");
}

static void test_xapic_ipi_bad_destination(void **state)
{
	size_t n = fake_io_count();

	cpus[2].hwid = 0xff;	/* the broadcast id: not one CPU */
	registered->send_ipi(2);
	assert_int_equal(fake_io_count(), n);
	assert_non_null(strstr(log_text(), "lapic: IPI to cpu2 not sent"));
}

static void test_xapic_start_cpu(void **state)
{
	size_t n = fake_io_count(), init, sipi1, sipi2;

	assert_int_equal(x86_start_cpu(5, 0x8000), 0);
	init = find_write(BASE + SDM_ICR_LO, n);
	sipi1 = find_write(BASE + SDM_ICR_LO, init + 1);
	sipi2 = find_write(BASE + SDM_ICR_LO, sipi1 + 1);
	assert_int_equal(fake_io_log(init)->val, SDM_ICR_INIT | SDM_ICR_ASSERT);
	assert_int_equal(fake_io_log(sipi1)->val, SDM_ICR_STARTUP | SDM_ICR_ASSERT | 0x08);
	assert_int_equal(fake_io_log(sipi2)->val, fake_io_log(sipi1)->val);
	assert_int_equal(fake_io_log(init - 1)->val, 5u << 24);	/* destination */
	assert_int_equal(fake_io_writes(BASE + SDM_ICR_HI, 5u << 24), 3);
	/* each accepted before the wait: delivery status polled to idle */
	assert_int_equal(icr_polls(init, sipi1), busy_after_write + 2);
	/* 10 ms after INIT, 200 us after each start-up IPI */
	assert_int_equal(ndelays, 3);
	assert_true(delays[0].ns >= 10 * NSEC_PER_MSEC);
	assert_true(delays[0].at > init && delays[0].at <= sipi1);
	assert_true(delays[1].ns >= 200000 && delays[1].at > sipi1 && delays[1].at <= sipi2);
	assert_true(delays[2].ns >= 200000 && delays[2].at > sipi2);
}

static void test_xapic_start_cpu_bad_page(void **state)
{
	size_t n = fake_io_count();

	assert_int_equal(x86_start_cpu(1, 0x8800), -EINVAL);
	assert_int_equal(x86_start_cpu(1, 0x100000), -EINVAL);
	assert_int_equal(x86_start_cpu(0x100, 0x8000), -ERANGE);
	assert_int_equal(fake_io_count(), n);
}

/* Without the local APIC driver there is no one to send the IPIs. */
static void test_start_cpu_without_lapic(void **state)
{
	reset_device(false);
	assert_int_equal(x86_start_cpu(1, 0x8000), -ENODEV);
	assert_int_equal(fake_io_count(), 0);
	assert_int_equal(nmsr_writes, 0);
}

static void test_xapic_start_cpu_not_accepted(void **state)
{
	size_t n = fake_io_count();

	busy_after_write = 1000;	/* the INIT never leaves */
	assert_int_equal(x86_start_cpu(1, 0x8000), -EIO);
	/* gave up after the INIT, without a start-up IPI or a wait */
	assert_int_equal(fake_io_writes(BASE + SDM_ICR_LO, SDM_ICR_INIT | SDM_ICR_ASSERT), 1);
	assert_int_equal(fake_io_count() - n, 3 + ICR_WAIT_SPINS);
	assert_int_equal(ndelays, 0);
	assert_int_equal(masked_depth, 0);
}

static void test_xapic_timer_lvt(void **state)
{
	registered->cpu_init(0);
	lapic_timer_setup(LAPIC_TIMER_ONESHOT);
	assert_int_equal(last_write(BASE + SDM_TIMER_DIVIDE), SDM_DIVIDE_BY_1);
	assert_int_equal(last_write(BASE + SDM_TIMER_INITIAL), 0);
	assert_int_equal(last_write(BASE + SDM_LVT_TIMER), SDM_LVT_MASKED | LAPIC_VECTOR_TIMER);
	/* irq_enable/disable of the timer's vector: its LVT mask */
	registered->enable(LAPIC_VECTOR_TIMER);
	assert_int_equal(last_write(BASE + SDM_LVT_TIMER), LAPIC_VECTOR_TIMER);
	registered->disable(LAPIC_VECTOR_TIMER);
	assert_int_equal(last_write(BASE + SDM_LVT_TIMER), SDM_LVT_MASKED | LAPIC_VECTOR_TIMER);
	lapic_timer_setup(LAPIC_TIMER_TSC_DEADLINE);
	assert_int_equal(last_write(BASE + SDM_LVT_TIMER),
			 SDM_LVT_MASKED | SDM_LVT_TSC_DEADLINE | LAPIC_VECTOR_TIMER);
	lapic_timer_start(12345);
	assert_int_equal(last_write(BASE + SDM_TIMER_INITIAL), 12345);
	fake_io_set(BASE + SDM_TIMER_CURRENT, 777);
	assert_int_equal(lapic_timer_remaining(), 777);
}

static void test_other_vectors_not_masked_here(void **state)
{
	size_t n = fake_io_count();

	registered->enable(LAPIC_VECTOR_IPI);
	registered->disable(LAPIC_VECTOR_IPI);
	registered->enable(0x34);
	assert_int_equal(fake_io_count(), n);
}

static void test_xlate_and_route(void **state)
{
	uint32_t cells[2] = { 0x40, 0 };
	unsigned int irq = 0;

	assert_int_equal(registered->xlate(cells, 1, &irq), 0);
	assert_int_equal(irq, 0x40);
	cells[0] = 0x1f;	/* an exception vector */
	assert_int_equal(registered->xlate(cells, 1, &irq), -EINVAL);
	cells[0] = 0x100;
	assert_int_equal(registered->xlate(cells, 1, &irq), -EINVAL);
	assert_int_equal(registered->xlate(cells, 2, &irq), -EINVAL);
	/* its vectors are the CPU's own */
	self = 1;
	assert_int_equal(registered->route(LAPIC_VECTOR_TIMER, 1), 0);
	assert_int_equal(registered->route(LAPIC_VECTOR_TIMER, 0), -EINVAL);
}

static void test_xapic_id(void **state)
{
	fake_io_set(BASE + SDM_ID, 0x03000000);
	assert_int_equal(lapic_id(), 3);
}

/* ---- x2APIC ---- */

static void test_x2apic_probe_and_cpu_init(void **state)
{
	assert_string_equal(registered->name, "x2apic");
	*msr_slot(SDM_MSR_APIC_BASE) = BASE | SDM_APIC_BASE_BSP;	/* disabled */
	registered->cpu_init(0);
	/* enabled, then x2APIC mode: never straight from disabled */
	assert_int_equal(msr_writes_of(SDM_MSR_APIC_BASE), 2);
	assert_int_equal(msr_writes[0].val, BASE | SDM_APIC_BASE_EN | SDM_APIC_BASE_BSP);
	assert_int_equal(msr_writes[1].val,
			 BASE | SDM_APIC_BASE_EN | SDM_APIC_BASE_EXTD | SDM_APIC_BASE_BSP);
	assert_int_equal(*msr_slot(0x808), 0);			/* TPR */
	assert_int_equal(*msr_slot(0x80f), SDM_SVR_ENABLE | LAPIC_VECTOR_SPURIOUS);
	assert_int_equal(*msr_slot(0x832), SDM_LVT_MASKED | LAPIC_VECTOR_TIMER);
	assert_int_equal(*msr_slot(0x835), SDM_LVT_MASKED);	/* LINT0 */
	assert_int_equal(msr_writes_of(0x828), 1);		/* ESR cleared */
	/* nothing through MMIO: only the two PIC masks */
	assert_int_equal(fake_io_count(), 2);
	/* a second CPU, already enabled by the BIOS: one write */
	nmsr_writes = 0;
	*msr_slot(SDM_MSR_APIC_BASE) = BASE | SDM_APIC_BASE_EN;
	registered->cpu_init(1);
	assert_int_equal(msr_writes_of(SDM_MSR_APIC_BASE), 1);
	assert_true(in_x2apic_mode());
}

static void x2apic_on(void)
{
	*msr_slot(SDM_MSR_APIC_BASE) = BASE | SDM_APIC_BASE_EN | SDM_APIC_BASE_EXTD;
	nmsr_writes = 0;
}

static void test_x2apic_ipi_and_eoi(void **state)
{
	x2apic_on();
	cpus[2].hwid = 0x1234;	/* beyond xAPIC's 8 bits */
	registered->send_ipi(2);
	assert_int_equal(nmsr_writes, 1);
	assert_int_equal(msr_writes[0].msr, 0x830);
	assert_int_equal(msr_writes[0].val,
			 (uint64_t)0x1234 << 32 | SDM_ICR_ASSERT | LAPIC_VECTOR_IPI);
	registered->eoi(0x34);
	assert_int_equal(msr_writes[1].msr, 0x80b);
	assert_int_equal(msr_writes[1].val, 0);
	registered->eoi(LAPIC_VECTOR_SPURIOUS);
	assert_int_equal(nmsr_writes, 2);
	assert_int_equal(fake_io_count(), 2);
}

static void test_x2apic_start_cpu(void **state)
{
	x2apic_on();
	assert_int_equal(x86_start_cpu(0x101, 0x9000), 0);
	assert_int_equal(nmsr_writes, 3);
	assert_int_equal(msr_writes[0].val, (uint64_t)0x101 << 32 | SDM_ICR_INIT | SDM_ICR_ASSERT);
	assert_int_equal(msr_writes[1].val,
			 (uint64_t)0x101 << 32 | SDM_ICR_STARTUP | SDM_ICR_ASSERT | 0x09);
	assert_int_equal(msr_writes[2].val, msr_writes[1].val);
	for (int i = 0; i < 3; i++)
		assert_int_equal(msr_writes[i].msr, 0x830);
	assert_int_equal(ndelays, 3);
	assert_true(delays[0].ns >= 10 * NSEC_PER_MSEC);
}

static void test_x2apic_id_and_timer(void **state)
{
	x2apic_on();
	*msr_slot(0x802) = 0x1234;
	assert_int_equal(lapic_id(), 0x1234);
	lapic_timer_setup(LAPIC_TIMER_TSC_DEADLINE);
	assert_int_equal(*msr_slot(0x832), SDM_LVT_MASKED | SDM_LVT_TSC_DEADLINE | LAPIC_VECTOR_TIMER);
	assert_int_equal(*msr_slot(0x83e), SDM_DIVIDE_BY_1);
	registered->enable(LAPIC_VECTOR_TIMER);
	assert_int_equal(*msr_slot(0x832), SDM_LVT_TSC_DEADLINE | LAPIC_VECTOR_TIMER);
	lapic_timer_start(99);
	assert_int_equal(*msr_slot(0x838), 99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe_registers_root_chip, setup_xapic),
		cmocka_unit_test(test_probe_refuses),
		cmocka_unit_test_setup(test_xapic_cpu_init, setup_xapic),
		cmocka_unit_test_setup(test_xapic_cpu_init_keeps_enabled_apic, setup_xapic),
		cmocka_unit_test_setup(test_xapic_eoi, setup_xapic),
		cmocka_unit_test_setup(test_xapic_ipi, setup_xapic),
		cmocka_unit_test_setup(test_xapic_ipi_bad_destination, setup_xapic),
		cmocka_unit_test_setup(test_xapic_start_cpu, setup_xapic),
		cmocka_unit_test_setup(test_xapic_start_cpu_bad_page, setup_xapic),
		cmocka_unit_test_setup(test_xapic_start_cpu_not_accepted, setup_xapic),
		cmocka_unit_test(test_start_cpu_without_lapic),
		cmocka_unit_test_setup(test_xapic_timer_lvt, setup_xapic),
		cmocka_unit_test_setup(test_other_vectors_not_masked_here, setup_xapic),
		cmocka_unit_test_setup(test_xlate_and_route, setup_xapic),
		cmocka_unit_test_setup(test_xapic_id, setup_xapic),
		cmocka_unit_test_setup(test_x2apic_probe_and_cpu_init, setup_x2apic),
		cmocka_unit_test_setup(test_x2apic_ipi_and_eoi, setup_x2apic),
		cmocka_unit_test_setup(test_x2apic_start_cpu, setup_x2apic),
		cmocka_unit_test_setup(test_x2apic_id_and_timer, setup_x2apic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
