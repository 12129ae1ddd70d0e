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
	/* of its two vCPUs (MPIDR 0, 1) this one is on; there is no 2 */
	expect_eq("AFFINITY_INFO(0)",
		  call(conduit, PSCI_AFFINITY_INFO_64, 0, 0, 0), 0);
	expect_eq("AFFINITY_INFO(1)",
		  call(conduit, PSCI_AFFINITY_INFO_64, 1, 0, 0), 1);
	expect_eq("AFFINITY_INFO(2)",
		  call(conduit, PSCI_AFFINITY_INFO_64, 2, 0, 0), NEG(-2));
	expect_eq("CPU_ON(0)", call(conduit, PSCI_CPU_ON_64, 0, 0, 0), NEG(-4));
	expect_eq("CPU_ON(2)", call(conduit, PSCI_CPU_ON_64, 2, 0, 0), NEG(-2));
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

static void wait_a_turn(void)
{
	wfe();
	hypercall1(VIREO_HC_NULL, 0);
}

void secondary_main(struct secondary *s)
{
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	fp_fill(SECOND_FP_SEED);	/* its own, not vCPU 0's */
	if (s->raise_irq)
		mmio_write64(VIREO_TESTDEV_BASE + VIREO_TESTDEV_IRQ, 1);
	s->seen = 0x5ec0000 | (mpidr & 0xff);
	while (!s->release)
		wait_a_turn();
}

static void test_psci_cpu_on(void)
{
	uint64_t regs[FP_DUMP_WORDS];
	unsigned int i;

	fp_fill(FIRST_FP_SEED);

	second.stack_top = (uint64_t)(uintptr_t)&secondary_stack[512];
	second.seen = second.release = second.raise_irq = 0;
	expect_eq("CPU_ON(1)", call("hvc", PSCI_CPU_ON_64, 1,
				    (uint64_t)(uintptr_t)secondary_entry,
				    (uint64_t)(uintptr_t)&second), 0);
	for (i = 0; i < 100 && !second.seen; i++)
		wait_a_turn();
	expect_eq("what vCPU 1 saw", second.seen, 0x5ec0001);
	expect_eq("CPU_ON(1) while it is on",
		  call("hvc", PSCI_CPU_ON_64, 1, 0, 0), NEG(-4));
	expect_eq("AFFINITY_INFO(1) while it is on",
		  call("hvc", PSCI_AFFINITY_INFO_64, 1, 0, 0), 0);
	second.release = 1;
	for (i = 0; i < 100 && call("hvc", PSCI_AFFINITY_INFO_64, 1, 0, 0) != 1;
	     i++)
		wait_a_turn();
	expect_eq("AFFINITY_INFO(1) after its CPU_OFF",
		  call("hvc", PSCI_AFFINITY_INFO_64, 1, 0, 0), 1);
	/* the two took turns on one CPU: each kept its own FP/SIMD state */
	fp_dump(regs);
	for (i = 0; i < 64; i++)
		expect_eq("vCPU 0's v register half after the turns", regs[i],
			  FIRST_FP_SEED + i / 2);
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
	for (i = 0; i < 100 && call("hvc", PSCI_AFFINITY_INFO_64, 1, 0, 0) != 1;
	     i++)
		wait_a_turn();
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

const struct guest_test arch_tests[] = {
	{ "psci_hvc", test_psci_hvc },
	{ "psci_smc", test_psci_smc },
	{ "psci_cpu_on", test_psci_cpu_on },
	{ "wfi_yields_to_another_vcpu", test_wfi_yields_to_another_vcpu },
	{ "registers_preserved", test_registers_preserved },
	{ "fp_registers_preserved", test_fp_registers_preserved },
	{ NULL, NULL },
};

/*
 * Virtual time is the VM's: CNTVCT = CNTPCT - CNTVOFF_EL2, the offset
 * being the counter when the VM was created. At its start the VM has run
 * for far less time than the host before it (its boot, the VMs before),
 * so its counter is below the offset; without one they are equal. The
 * offset does not move: read around the other way it is no larger.
 */
static void test_virtual_time_is_its_own(void)
{
	uint64_t v1 = counter_virtual(), p1 = counter_physical();
	uint64_t p2 = counter_physical(), v2 = counter_virtual();

	expect_eq("virtual counter below its offset", v1 < p1 - v1, 1);
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
