// SPDX-License-Identifier: MIT
/*
 * aarch64's own tests: PSCI as the guest sees it (Arm DEN 0022 1.0:
 * function ids and return codes from the spec), the SMC conduit, and
 * the general registers across an exit.
 */
#include "guest.h"

#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_ON_64 0xc4000003u
#define PSCI_AFFINITY_INFO_64 0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_FEATURES 0x8400000au
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_CPU_SUSPEND_64 0xc4000001u

static uint64_t call(const char *insn, uint64_t fn, uint64_t a1, uint64_t a2,
		     uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (insn[0] == 'h')
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 : : "memory");
	else
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 : : "memory");
	return x0;
}

#define NEG(n) ((uint64_t)(int64_t)(n))

static void psci_on(const char *conduit)
{
	expect_eq("PSCI_VERSION", call(conduit, PSCI_VERSION, 0, 0, 0), 0x10000);
	expect_eq("PSCI_FEATURES(CPU_ON)",
		  call(conduit, PSCI_FEATURES, PSCI_CPU_ON_64, 0, 0), 0);
	expect_eq("PSCI_FEATURES(CPU_SUSPEND)",
		  call(conduit, PSCI_FEATURES, PSCI_CPU_SUSPEND_64, 0, 0),
		  NEG(-1));
	expect_eq("MIGRATE_INFO_TYPE",
		  call(conduit, PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
	/* of its vCPUs (MPIDR 0, 1, ...) this one is on; there is no
	 * guest_vcpus; an entry outside its memory is refused */
	expect_eq("AFFINITY_INFO(0)",
		  call(conduit, PSCI_AFFINITY_INFO_64, 0, 0, 0), 0);
	expect_eq("AFFINITY_INFO(1)",
		  call(conduit, PSCI_AFFINITY_INFO_64, 1, 0, 0), 1);
	expect_eq("AFFINITY_INFO(past the last)",
		  call(conduit, PSCI_AFFINITY_INFO_64, guest_vcpus, 0, 0),
		  NEG(-2));
	expect_eq("CPU_ON(0)", call(conduit, PSCI_CPU_ON_64, 0, 0, 0), NEG(-4));
	expect_eq("CPU_ON(past the last)",
		  call(conduit, PSCI_CPU_ON_64, guest_vcpus, 0, 0), NEG(-2));
	expect_eq("CPU_ON(1) at 0, outside its memory",
		  call(conduit, PSCI_CPU_ON_64, 1, 0, 0), NEG(-2));
	expect_eq("CPU_SUSPEND", call(conduit, PSCI_CPU_SUSPEND_64, 0, 0, 0),
		  NEG(-1));
}

static void test_psci_hvc(void)
{
	psci_on("hvc");
}

/*
 * PSCI CPU_ON of the VM's second vCPU: it starts at secondary_entry with
 * the context in x0, records its MPIDR, waits to be released and turns
 * itself off (CPU_OFF). Both share this CPU and take turns at each exit
 * to the core, so each waits with a hypercall in its loop (a WFE traps
 * on hardware but is a mere yield in QEMU).
 */
#define FIRST_FP_SEED 0xf1f1000000000000ULL
#define SECOND_FP_SEED 0x5c5c000000000000ULL

static uint64_t secondary_stack[512] __attribute__((aligned(16)));
static struct secondary second;

/*
 * Give the other vCPU a turn: the first WFE after an entry finds the
 * event register set by the exception return and falls through, the
 * second traps and yields the CPU (if the other vCPU shares it).
 */
static void wait_a_turn(void)
{
	wfe();
	wfe();
	hypercall1(VIREO_HC_NULL, 0);
}

/* Turns until cond, for at most a second of virtual time: the other
 * vCPU may run on this CPU (a turn, a slice) or on another one. */
#define WAIT_FOR(cond)                                                  \
	do {                                                            \
		uint64_t start_ = counter_virtual();                    \
		while (!(cond) &&                                       \
		       counter_virtual() - start_ < counter_frequency()) \
			wait_a_turn();                                  \
	} while (0)

void secondary_main(struct secondary *s)
{
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	fp_fill(SECOND_FP_SEED);	/* its own, not vCPU 0's */
	if (s->raise_irq)
		mmio_write64(VIREO_TESTDEV_BASE + VIREO_TESTDEV_IRQ, 1);
	if (s->take_sgis || s->take_irq) {
		gic_cpu_init();
		if (s->take_irq)
			gic_enable((unsigned int)s->take_irq);
		irq_unmask();
	}
	s->seen = 0x5ec0000 | (mpidr & 0xff);
	while (!s->release)
		wait_a_turn();
	irq_mask();
}

/* vCPU 1 started to take SPI intid, targeted to it, while it waits;
 * until cpu1_release(). False if it did not start. */
bool cpu1_take(unsigned int intid)
{
	unsigned int i;

	second.stack_top = (uint64_t)(uintptr_t)&secondary_stack[512];
	second.seen = second.release = second.raise_irq = second.take_sgis = 0;
	second.take_irq = intid;
	if (call("hvc", PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)secondary_entry,
		 (uint64_t)(uintptr_t)&second))
		return false;
	for (i = 0; i < 100 && !second.seen; i++)
		wait_a_turn();
	return second.seen;
}

void cpu1_release(void)
{
	unsigned int i;

	second.release = 1;
	for (i = 0; i < 100 && call("hvc", PSCI_AFFINITY_INFO_64, 1, 0, 0) != 1;
	     i++)
		wait_a_turn();
}

static void test_psci_cpu_on(void)
{
	uint64_t regs[FP_DUMP_WORDS];
	unsigned int i;

	fp_fill(FIRST_FP_SEED);

	second.stack_top = (uint64_t)(uintptr_t)&secondary_stack[512];
	second.seen = second.release = second.raise_irq = second.take_sgis = 0;
	expect_eq("CPU_ON(1)", call("hvc", PSCI_CPU_ON_64, 1,
				    (uint64_t)(uintptr_t)secondary_entry,
				    (uint64_t)(uintptr_t)&second), 0);
	WAIT_FOR(second.seen);
	expect_eq("what vCPU 1 saw", second.seen, 0x5ec0001);
	expect_eq("CPU_ON(1) while it is on",
		  call("hvc", PSCI_CPU_ON_64, 1, 0, 0), NEG(-4));
	expect_eq("AFFINITY_INFO(1) while it is on",
		  call("hvc", PSCI_AFFINITY_INFO_64, 1, 0, 0), 0);
	second.release = 1;
	WAIT_FOR(call("hvc", PSCI_AFFINITY_INFO_64, 1, 0, 0) == 1);
	expect_eq("AFFINITY_INFO(1) after its CPU_OFF",
		  call("hvc", PSCI_AFFINITY_INFO_64, 1, 0, 0), 1);
	/* the two took turns on one CPU: each kept its own FP/SIMD state */
	fp_dump(regs);
	for (i = 0; i < 64; i++)
		expect_eq("vCPU 0's v register half after the turns", regs[i],
			  FIRST_FP_SEED + i / 2);
}

/* Every vCPU but the boot one, started by PSCI in turn: each sees its
 * own MPIDR, and is off again after its CPU_OFF. */
static void test_every_vcpu_starts(void)
{
	unsigned int n;

	for (n = 1; n < guest_vcpus; n++) {
		second.stack_top = (uint64_t)(uintptr_t)&secondary_stack[512];
		second.seen = second.release = second.raise_irq = 0;
		second.take_sgis = 0;
		expect_eq("CPU_ON(n)", call("hvc", PSCI_CPU_ON_64, n,
					    (uint64_t)(uintptr_t)secondary_entry,
					    (uint64_t)(uintptr_t)&second), 0);
		WAIT_FOR(second.seen);
		expect_eq("what vCPU n saw", second.seen, 0x5ec0000 | n);
		second.release = 1;
		WAIT_FOR(call("hvc", PSCI_AFFINITY_INFO_64, n, 0, 0) == 1);
		expect_eq("AFFINITY_INFO(n) after its CPU_OFF",
			  call("hvc", PSCI_AFFINITY_INFO_64, n, 0, 0), 1);
	}
}

/*
 * WFI gives the CPU to the other vCPU, which raises this one's interrupt
 * (through the test device): the WFI ends, the interrupt is taken once
 * unmasked. Without the other vCPU the WFI would never end.
 */
static void test_wfi_yields_to_another_vcpu(void)
{
	uint64_t irq = VIREO_TESTDEV_BASE + VIREO_TESTDEV_IRQ;
	unsigned int i, taken = guest_irqs_taken();

	second.stack_top = (uint64_t)(uintptr_t)&secondary_stack[512];
	second.seen = 0;
	second.release = second.raise_irq = 1;
	second.take_sgis = 0;
	expect_eq("CPU_ON(1)", call("hvc", PSCI_CPU_ON_64, 1,
				    (uint64_t)(uintptr_t)secondary_entry,
				    (uint64_t)(uintptr_t)&second), 0);
	for (i = 0; i < 100 && !mmio_read64(irq); i++)
		wfi();
	expect_eq("IRQ level raised by vCPU 1", mmio_read64(irq), 1);
	expect_eq("WFIs before it", i < 100, 1);
	irq_unmask();
	irq_mask();
	expect_eq("interrupts taken", guest_irqs_taken() - taken, 1);
	WAIT_FOR(call("hvc", PSCI_AFFINITY_INFO_64, 1, 0, 0) == 1);
	expect_eq("AFFINITY_INFO(1) after its CPU_OFF",
		  call("hvc", PSCI_AFFINITY_INFO_64, 1, 0, 0), 1);
}

/* SMC traps (HCR_EL2.TSC) and must continue after the SMC, not on it. */
static void test_psci_smc(void)
{
	psci_on("smc");
	expect_eq("null hypercall by SMC", call("smc", VIREO_HC_NULL, 0, 0, 0),
		  0);
}

/* x1-x30 and sp survive an exit to the core; only x0 is the result.
 * start.S sets xN = 0x1000 + N and sp = 1 (x18 carries sp), makes a
 * null hypercall and stores x0-x30 and sp in regs_after[]. */
uint64_t registers_across_exit(void);
extern uint64_t regs_after[32];

static void test_registers_preserved(void)
{
	unsigned int i;
	char what[] = "x00 after a hypercall";

	expect_eq("hypercall result", registers_across_exit(), 0);
	expect_eq("x0 after a hypercall", regs_after[0], 0);
	for (i = 1; i <= 30; i++) {
		if (i == 18)
			continue;
		what[1] = (char)('0' + i / 10);
		what[2] = (char)('0' + i % 10);
		expect_eq(what, regs_after[i], 0x1000 + i);
	}
	expect_eq("sp after a hypercall", regs_after[31], 1);
}

/* The guest's FP/SIMD registers across exits to the core: filled, then
 * a hypercall and an MMIO exit, then read back. They stay filled, so the
 * isolation VM after it sees whether they leak (fp_registers_clean). */
#define FP_SEED 0x5eed000000000000ULL

static void test_fp_registers_preserved(void)
{
	uint64_t regs[FP_DUMP_WORDS];
	unsigned int i;

	fp_fill(FP_SEED);
	expect_eq("null hypercall", hypercall1(VIREO_HC_NULL, 0), 0);
	mmio_read64(VIREO_TESTDEV_BASE + VIREO_TESTDEV_ID);
	fp_dump(regs);
	for (i = 0; i < 64; i++)
		expect_eq("a v register half after exits", regs[i],
			  FP_SEED + i / 2);
}

/* A new VM's vCPU starts with FP/SIMD registers, FPSR and FPCR at 0
 * (their reset values here), not those a VM before it left. */
static void test_fp_registers_clean(void)
{
	uint64_t regs[FP_DUMP_WORDS];
	unsigned int i;

	fp_dump(regs);
	for (i = 0; i < FP_DUMP_WORDS; i++)
		expect_eq(i < 64 ? "a v register half" : i == 64 ? "FPSR" : "FPCR",
			  regs[i], 0);
}

#define MRS(reg)                                                           \
	({                                                                 \
		uint64_t v_;                                               \
		__asm__ volatile("mrs %0, " reg : "=r"(v_) : : "memory"); \
		v_;                                                        \
	})
#define MSR(reg, v) __asm__ volatile("msr " reg ", %0" : : "r"((uint64_t)(v)) : "memory")

/*
 * The PMU and debug registers an OS touches at boot, each a trap the
 * hypervisor answers as an implementation without them may (Arm ARM
 * DDI 0487): PMCR_EL0 reads 0 (N = 0, no event counter; the hardware's
 * has N > 0) and ignores writes, as do PMCCNTR_EL0, MDSCR_EL1 and
 * DBGBCR0_EL1; the OS Lock is implemented (OSLSR_EL1.OSLM 0b10, bit 3)
 * and follows OSLAR_EL1 (OSLK, bit 1); data cache maintenance by set/way
 * runs and loses no data (DC ISW is made a clean too).
 */
static void test_pmu_debug_registers(void)
{
	static volatile uint64_t kept;

	expect_eq("PMCR_EL0", MRS("pmcr_el0"), 0);
	MSR("pmcr_el0", 1);			/* E: enable counters */
	expect_eq("PMCR_EL0 after writing E", MRS("pmcr_el0"), 0);
	expect_eq("PMCCNTR_EL0", MRS("pmccntr_el0"), 0);
	MSR("mdscr_el1", 1ULL << 15);		/* MDE */
	expect_eq("MDSCR_EL1 after writing MDE", MRS("mdscr_el1"), 0);
	MSR("dbgbcr0_el1", 1);			/* enable breakpoint 0 */
	expect_eq("DBGBCR0_EL1 after writing E", MRS("dbgbcr0_el1"), 0);
	MSR("oslar_el1", 1);
	expect_eq("OSLSR_EL1 locked", MRS("oslsr_el1") & 0xb, 0x8 | 0x2);
	MSR("oslar_el1", 0);
	expect_eq("OSLSR_EL1 unlocked", MRS("oslsr_el1") & 0xb, 0x8);
	kept = 0x5e7a11;
	__asm__ volatile("dc isw, %0; dc csw, %0; dc cisw, %0; dsb sy"
			 : : "r"(0UL) : "memory");
	expect_eq("data kept across DC ISW", kept, 0x5e7a11);
}

/* What the interrupt handler saw, per vCPU (SGIs) or in all. */
static volatile unsigned int sgi_taken[2], sgi_id[2], sgi_source[2];
static volatile unsigned int many_taken, many_seen;
#define VTIMER_TICKS 6	/* the first half waited for spinning, the
				 * second in WFI */
static volatile unsigned int vtimer_taken;
static volatile uint64_t vtimer_at[VTIMER_TICKS], vtimer_deadline[VTIMER_TICKS];
static uint64_t vtimer_period;
#define MANY_FIRST 40		/* SPIs 40-47: twice the list registers */
#define MANY 8

static void vtimer_program(uint64_t deadline)
{
	__asm__ volatile("msr cntv_cval_el0, %0; msr cntv_ctl_el0, %1; isb"
			 : : "r"(deadline), "r"(1ULL) : "memory");
}

static void vtimer_stop(void)
{
	__asm__ volatile("msr cntv_ctl_el0, xzr; isb" : : : "memory");
}

/* The timer's: it records when it came and sets the next deadline one
 * period from now (so each gap is at least a period), the last stops. */
static void vtimer_tick(void)
{
	uint64_t now = counter_virtual();
	unsigned int n = vtimer_taken;

	if (n >= VTIMER_TICKS) {
		vtimer_stop();
		return;
	}
	vtimer_at[n] = now;
	vtimer_taken = n + 1;
	if (n + 1 == VTIMER_TICKS) {
		vtimer_stop();
		return;
	}
	vtimer_deadline[n + 1] = now + vtimer_period;
	vtimer_program(now + vtimer_period);
}

void arch_guest_irq(unsigned int virq, unsigned int source, unsigned int cpu)
{
	if (virq == VTIMER_INTID) {
		vtimer_tick();
	} else if (virq < 16 && cpu < 2) {
		sgi_taken[cpu]++;
		sgi_id[cpu] = virq;
		sgi_source[cpu] = source;
		if (cpu == 1 && virq == 1)	/* answer vCPU 0 */
			gic_send_sgi(2, 1u << 0);
	} else if (virq >= MANY_FIRST && virq < MANY_FIRST + MANY) {
		many_taken++;
		many_seen |= 1u << (virq - MANY_FIRST);
	}
}

/*
 * N virtual timer interrupts at the programmed period: each comes no
 * earlier than its deadline and at least a period after the one before.
 * The first half are waited for spinning, the second in WFI, which must
 * end by the timer alone (no other vCPU is on). The least lateness of
 * each half (counter ticks from the deadline to the handler) is the
 * cost of delivering one to a running vCPU and to one in WFI, printed
 * as BENCH lines (under -icount shift=0 a tick is 16 instructions).
 */
static void test_vtimer_interrupts(void)
{
	uint64_t freq, start;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	vtimer_period = freq / 1000;	/* 1 ms */
	vtimer_taken = 0;
	gic_cpu_init();
	gic_enable(VTIMER_INTID);
	start = counter_virtual();
	vtimer_deadline[0] = start + vtimer_period;
	vtimer_program(vtimer_deadline[0]);
	irq_unmask();
	while (vtimer_taken < VTIMER_TICKS / 2 &&
	       counter_virtual() - start < 1000 * VTIMER_TICKS * vtimer_period)
		;
	/* WFI with interrupts masked, each taken after it: the last tick
	 * cannot come between the check and the WFI, which would then wait
	 * for nothing (the hypervisor stops such a VM) */
	irq_mask();
	while (vtimer_taken < VTIMER_TICKS &&
	       counter_virtual() - start < 1000 * VTIMER_TICKS * vtimer_period) {
		wfi();
		irq_unmask();
		irq_mask();
	}
	vtimer_stop();
	expect_eq("timer interrupts taken", vtimer_taken, VTIMER_TICKS);
	check_timer_ticks(vtimer_at, vtimer_deadline, vtimer_taken,
			  vtimer_period);
}

/* SGI 1 from vCPU 0 to vCPU 1, which answers with SGI 2 to vCPU 0. */
static void test_sgi_between_vcpus(void)
{
	sgi_taken[0] = sgi_taken[1] = 0;
	gic_cpu_init();
	second.stack_top = (uint64_t)(uintptr_t)&secondary_stack[512];
	second.seen = second.release = second.raise_irq = 0;
	second.take_sgis = 1;
	expect_eq("CPU_ON(1)", call("hvc", PSCI_CPU_ON_64, 1,
				    (uint64_t)(uintptr_t)secondary_entry,
				    (uint64_t)(uintptr_t)&second), 0);
	WAIT_FOR(second.seen);
	irq_unmask();
	gic_send_sgi(1, 1u << 1);
	WAIT_FOR(sgi_taken[0]);
	irq_mask();
	expect_eq("SGIs vCPU 1 took", sgi_taken[1], 1);
	expect_eq("the SGI vCPU 1 took", sgi_id[1], 1);
	expect_eq("its source", sgi_source[1], 0);
	expect_eq("SGIs vCPU 0 took", sgi_taken[0], 1);
	expect_eq("the SGI vCPU 0 took", sgi_id[0], 2);
	expect_eq("its source", sgi_source[0], 1);
	second.release = 1;
	WAIT_FOR(call("hvc", PSCI_AFFINITY_INFO_64, 1, 0, 0) == 1);
}

/* Eight SPIs pending at once, twice the list registers: each taken once. */
static void test_more_pending_than_list_registers(void)
{
	unsigned int i;

	many_taken = many_seen = 0;
	gic_cpu_init();
	for (i = 0; i < MANY; i++)
		gic_enable(MANY_FIRST + i);
	for (i = 0; i < MANY; i++)
		gic_set_pending(MANY_FIRST + i);
	irq_unmask();
	for (i = 0; i < 1000000 && many_taken < MANY; i++)
		__asm__ volatile("" : : : "memory");
	irq_mask();
	for (i = 0; i < MANY; i++)
		gic_disable(MANY_FIRST + i);
	expect_eq("interrupts taken", many_taken, MANY);
	expect_eq("which", many_seen, (1u << MANY) - 1);
}

/* Its vCPUs are started by PSCI, by HVC; its PL011 (Linux's binding) is
 * its console. */
void arch_dtb_checks(const struct guest_fdt *dt)
{
	expect_eq("cpus with enable-method psci", dt->cpus_psci, guest_vcpus);
	expect_eq("psci method hvc", dt->psci_hvc, 1);
	expect_eq("pl011 node", dt->uart_node != NULL, 1);
	expect_eq("pl011 reg", dt->uart_base, GUEST_UART_BASE);
	expect_eq("pl011 compatible arm,pl011 arm,primecell",
		  dt->uart_primecell, 1);
	expect_eq("stdout-path names the pl011 node", dt->stdout_is_uart, 1);
}

const struct guest_test arch_tests[] = {
	{ "psci_hvc", test_psci_hvc },
	{ "psci_smc", test_psci_smc },
	{ "psci_cpu_on", test_psci_cpu_on },
	{ "every_vcpu_starts", test_every_vcpu_starts },
	{ "wfi_yields_to_another_vcpu", test_wfi_yields_to_another_vcpu },
	{ "registers_preserved", test_registers_preserved },
	{ "fp_registers_preserved", test_fp_registers_preserved },
	{ "pmu_debug_registers", test_pmu_debug_registers },
	{ "vtimer_interrupts", test_vtimer_interrupts },
	{ "sgi_between_vcpus", test_sgi_between_vcpus },
	{ "more_pending_than_list_registers",
	  test_more_pending_than_list_registers },
	{ NULL, NULL },
};

const struct guest_test arch_interrupt_tests[] = {
	{ "vtimer_interrupts", test_vtimer_interrupts },
	{ "more_pending_than_list_registers",
	  test_more_pending_than_list_registers },
	{ NULL, NULL },
};

/*
 * Virtual time is the VM's: CNTVCT = CNTPCT - CNTVOFF_EL2, the offset
 * being the counter when the VM was started: at least the hypervisor's
 * boot, while without one the two counters read back to back are a tick
 * or two apart. The offset does not move: read around the other way it
 * is no larger.
 */
static void test_virtual_time_is_its_own(void)
{
	uint64_t v1 = counter_virtual(), p1 = counter_physical();
	uint64_t p2 = counter_physical(), v2 = counter_virtual();

	/* the hypervisor booted for far more than 1000 ticks (16 us) */
	expect_eq("virtual counter behind by its offset", p1 - v1 > 1000, 1);
	expect_eq("the offset is constant", p2 - v2 <= p1 - v1, 1);
}

const struct guest_test arch_start_tests[] = {
	{ "fp_registers_clean", test_fp_registers_clean },
	{ "virtual_time_is_its_own", test_virtual_time_is_its_own },
	{ NULL, NULL },
};

/* Mode 3: ACTLR_EL1 is implementation defined; HCR_EL2.TACR keeps it
 * from guests (sysreg_probe_insn in start.S writes it from x1). */
void sysreg_probe(uint64_t value);

int sysreg_main(void)
{
	puts_("writing ACTLR_EL1\n");
	sysreg_probe(0);
	puts_("FAIL sysreg: the write to ACTLR_EL1 returned\n");
	return 1;
}

/*
 * Mode 7: a tenth of a second of virtual time, then PSCI SYSTEM_RESET:
 * the VM starts again from its image (the boot tests count its boots,
 * then stop it from the shell).
 */
int reset_main(void)
{
	uint64_t start = counter_virtual();

	puts_("booted, resetting in 100 ms\n");
	while (counter_virtual() - start < counter_frequency() / 10)
		wait_a_turn();
	call("hvc", PSCI_SYSTEM_RESET, 0, 0, 0);
	puts_("FAIL reset: SYSTEM_RESET returned\n");
	return 1;
}

/* Mode 6: an access the hypervisor cannot emulate (how 0: a load pair
 * from the test device, whose data abort has no valid syndrome, ISV 0 -
 * Arm ARM D17.2.37), or an instruction fetch outside its memory (how 1:
 * one page past its end). */
void nosyndrome_probe(uint64_t addr);

int abort_main(uint64_t how)
{
	if (how == 0) {
		puts_("load pair from the test device\n");
		nosyndrome_probe(VIREO_TESTDEV_BASE + VIREO_TESTDEV_DATA);
		puts_("FAIL abort: the load pair returned\n");
		return 1;
	}
	return fetch_outside_main();
}
