// SPDX-License-Identifier: MIT
/*
 * riscv64's own tests: the SBI as the guest sees it (RISC-V SBI
 * specification v1.0: extension and function ids, error codes and hart
 * states from the spec), HSM starting and stopping harts, the timer
 * (SBI set_timer and Sstc's stimecmp), IPIs between vCPUs, the PLIC's
 * priorities and threshold, compressed loads and stores to a device,
 * and the registers across an exit.
 */
#include "guest.h"

#define EXT_BASE 0x10
#define EXT_TIME 0x54494d45
#define EXT_IPI 0x735049
#define EXT_RFENCE 0x52464e43
#define EXT_HSM 0x48534d
#define EXT_SRST 0x53525354
#define EXT_DBCN 0x4442434e
#define LEGACY_PUTCHAR 0x01

#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_ERR_ALREADY_AVAILABLE (-6)
#define HSM_STARTED 0
#define HSM_STOPPED 1

#define NEG(n) ((uint64_t)(int64_t)(n))
#define CSR_STIMECMP 0x14d
#define SIE_SSIE (1UL << 1)
#define SIE_STIE (1UL << 5)
#define SIP_SSIP (1UL << 1)

static uint64_t hart_status(uint64_t hart)
{
	struct sbiret r = sbi_call(EXT_HSM, 2, hart, 0, 0);

	return r.error ? NEG(r.error) : r.value;
}

static int64_t hart_start(uint64_t hart, uint64_t entry, uint64_t opaque)
{
	return sbi_call(EXT_HSM, 0, hart, entry, opaque).error;
}

/* BASE: the spec version, what is there and what is not. */
static void test_sbi_base(void)
{
	static const uint64_t present[] = { EXT_BASE, EXT_TIME, EXT_IPI,
					    EXT_RFENCE, EXT_HSM, EXT_SRST,
					    LEGACY_PUTCHAR };
	struct sbiret r = sbi_call(EXT_BASE, 0, 0, 0, 0);
	unsigned int i;

	expect_eq("get_spec_version error", (uint64_t)r.error, 0);
	expect_eq("spec version 1.0 (major 30:24)", r.value, 1u << 24);
	for (i = 0; i < sizeof(present) / sizeof(present[0]); i++)
		expect_eq("probe_extension of one it has",
			  sbi_call(EXT_BASE, 3, present[i], 0, 0).value, 1);
	expect_eq("probe_extension(DBCN)",
		  sbi_call(EXT_BASE, 3, EXT_DBCN, 0, 0).value, 0);
	expect_eq("an unknown extension",
		  (uint64_t)sbi_call(0x0a5a5a5a, 0, 0, 0, 0).error,
		  NEG(SBI_ERR_NOT_SUPPORTED));
	expect_eq("an unknown BASE function",
		  (uint64_t)sbi_call(EXT_BASE, 99, 0, 0, 0).error,
		  NEG(SBI_ERR_NOT_SUPPORTED));
	/* the legacy console: a0 0 */
	expect_eq("legacy putchar", (uint64_t)sbi_call(LEGACY_PUTCHAR, 0, '\r',
						       0, 0).error, 0);
}

/*
 * HSM hart_start of the VM's second hart: it starts at secondary_entry
 * with a0 its hart id and a1 the opaque, records what it saw, waits to
 * be released and stops itself (hart_stop). Both may share this hart
 * and take turns at each exit to the core, so each waits with a
 * hypercall in its loop.
 */
#define FIRST_FP_SEED 0xf1f1000000000000ULL
#define SECOND_FP_SEED 0x5c5c000000000000ULL

static uint64_t secondary_stack[512] __attribute__((aligned(16)));
static struct secondary second;

static void wait_a_turn(void)
{
	hypercall1(VIREO_HC_NULL, 0);
}

/* Turns until cond, for at most a second of its time. */
#define WAIT_FOR(cond)                                                  \
	do {                                                            \
		uint64_t start_ = counter_virtual();                    \
		while (!(cond) &&                                       \
		       counter_virtual() - start_ < counter_frequency()) \
			wait_a_turn();                                  \
	} while (0)

static volatile unsigned int ipi_taken[2];

void secondary_main(struct secondary *s)
{
	fp_fill(SECOND_FP_SEED);	/* its own, not hart 0's */
	if (s->raise_irq)
		mmio_write64(VIREO_TESTDEV_BASE + VIREO_TESTDEV_IRQ, 1);
	if (s->take_irq)
		virq_enable((unsigned int)s->take_irq);
	if (s->take_ipis)
		__asm__ volatile("csrs sie, %0" : : "r"(SIE_SSIE) : "memory");
	if (s->take_ipis || s->take_irq)
		irq_unmask();
	s->seen = 0x5ec0000 | this_hart();
	while (!s->release)
		wait_a_turn();
	irq_mask();
}

static void second_reset(void)
{
	second.stack_top = (uint64_t)(uintptr_t)&secondary_stack[512];
	second.seen = second.release = second.raise_irq = 0;
	second.take_ipis = second.take_irq = 0;
}

static int64_t start_second(uint64_t hart)
{
	return hart_start(hart, (uint64_t)(uintptr_t)secondary_entry,
			  (uint64_t)(uintptr_t)&second);
}

bool cpu1_take(unsigned int intid)
{
	second_reset();
	second.take_irq = intid;
	if (start_second(1))
		return false;
	WAIT_FOR(second.seen);
	return second.seen;
}

void cpu1_release(void)
{
	second.release = 1;
	WAIT_FOR(hart_status(1) == HSM_STOPPED);
}

/* A retentive hart_suspend is a WFI: ended by its timer (enabled in
 * sie, masked in sstatus: pending, not taken), it returns success. */
static void suspend_until_timer(void)
{
	uint64_t deadline = counter_virtual() + counter_frequency() / 1000;

	__asm__ volatile("csrs sie, %0" : : "r"(SIE_STIE) : "memory");
	sbi_call(EXT_TIME, 0, deadline, 0, 0);
	expect_eq("hart_suspend(retentive)",
		  (uint64_t)sbi_call(EXT_HSM, 3, 0, 0, 0).error, 0);
	expect_eq("hart_suspend(non-retentive)",
		  (uint64_t)sbi_call(EXT_HSM, 3, 0x80000000u, 0, 0).error,
		  NEG(SBI_ERR_NOT_SUPPORTED));
	sbi_call(EXT_TIME, 0, ~0ULL, 0, 0);
	__asm__ volatile("csrc sie, %0" : : "r"(SIE_STIE) : "memory");
}

/* HSM: the states of its harts, the errors of hart_start, and one
 * started, seen running, stopped; FP registers its own across the
 * turns. */
static void test_sbi_hsm(void)
{
	uint64_t regs[FP_DUMP_WORDS];
	unsigned int i;

	expect_eq("hart_get_status(0)", hart_status(0), HSM_STARTED);
	expect_eq("hart_get_status(1)", hart_status(1), HSM_STOPPED);
	expect_eq("hart_get_status(past the last)", hart_status(guest_vcpus),
		  NEG(SBI_ERR_INVALID_PARAM));
	expect_eq("hart_start(0)", (uint64_t)start_second(0),
		  NEG(SBI_ERR_ALREADY_AVAILABLE));
	expect_eq("hart_start(past the last)",
		  (uint64_t)start_second(guest_vcpus), NEG(SBI_ERR_INVALID_PARAM));
	expect_eq("hart_start(1) at 0, outside its memory",
		  (uint64_t)hart_start(1, 0, 0), NEG(SBI_ERR_INVALID_PARAM));
	suspend_until_timer();

	fp_fill(FIRST_FP_SEED);
	second_reset();
	expect_eq("hart_start(1)", (uint64_t)start_second(1), 0);
	WAIT_FOR(second.seen);
	expect_eq("what hart 1 saw", second.seen, 0x5ec0001);
	expect_eq("hart_start(1) while it runs", (uint64_t)start_second(1),
		  NEG(SBI_ERR_ALREADY_AVAILABLE));
	expect_eq("hart_get_status(1) while it runs", hart_status(1),
		  HSM_STARTED);
	second.release = 1;
	WAIT_FOR(hart_status(1) == HSM_STOPPED);
	expect_eq("hart_get_status(1) after its hart_stop", hart_status(1),
		  HSM_STOPPED);
	fp_dump(regs);
	for (i = 0; i < 32; i++)
		expect_eq("hart 0's f register after the turns", regs[i],
			  FIRST_FP_SEED + i);
}

/* Every hart but the boot one, started in turn: each sees its own hart
 * id in a0, and is stopped again after its hart_stop. */
static void test_every_vcpu_starts(void)
{
	unsigned int n;

	for (n = 1; n < guest_vcpus; n++) {
		second_reset();
		expect_eq("hart_start(n)", (uint64_t)start_second(n), 0);
		WAIT_FOR(second.seen);
		expect_eq("what hart n saw", second.seen, 0x5ec0000 | n);
		second.release = 1;
		WAIT_FOR(hart_status(n) == HSM_STOPPED);
		expect_eq("hart_get_status(n) after its hart_stop",
			  hart_status(n), HSM_STOPPED);
	}
}

/* WFI gives the hart to the other vCPU, which raises this one's
 * interrupt (the test device): the WFI ends, the interrupt is taken
 * once unmasked. Without the other vCPU the WFI would never end. */
static void test_wfi_yields_to_another_vcpu(void)
{
	uint64_t irq = VIREO_TESTDEV_BASE + VIREO_TESTDEV_IRQ;
	unsigned int i, taken = guest_irqs_taken();

	virq_enable(TESTDEV_VIRQ);
	second_reset();
	second.release = second.raise_irq = 1;
	expect_eq("hart_start(1)", (uint64_t)start_second(1), 0);
	for (i = 0; i < 100 && !mmio_read64(irq); i++)
		wfi();
	expect_eq("IRQ level raised by hart 1", mmio_read64(irq), 1);
	expect_eq("WFIs before it", i < 100, 1);
	irq_unmask();
	irq_mask();
	expect_eq("interrupts taken", guest_irqs_taken() - taken, 1);
	WAIT_FOR(hart_status(1) == HSM_STOPPED);
	expect_eq("hart_get_status(1) after its hart_stop", hart_status(1),
		  HSM_STOPPED);
}

/* x1-x31 survive an exit to the core; only a0 is the result.
 * start.S sets xN = 0x1000 + N (a7 the number), makes a null hypercall
 * and stores x1-x31 in regs_after[]. */
uint64_t registers_across_exit(void);
extern uint64_t regs_after[32];

static void test_registers_preserved(void)
{
	char what[] = "x00 after a hypercall";
	unsigned int i;

	expect_eq("hypercall result", registers_across_exit(), 0);
	expect_eq("a7 after a hypercall", regs_after[17], VIREO_HC_NULL);
	for (i = 1; i <= 31; i++) {
		if (i == 10 || i == 17)
			continue;
		what[1] = (char)('0' + i / 10);
		what[2] = (char)('0' + i % 10);
		expect_eq(what, regs_after[i], 0x1000 + i);
	}
}

/* The guest's FP registers across exits to the core: filled, then a
 * hypercall and an MMIO exit, then read back. They stay filled, so the
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
	for (i = 0; i < 32; i++)
		expect_eq("an f register after exits", regs[i], FP_SEED + i);
}

static void test_fp_registers_clean(void)
{
	uint64_t regs[FP_DUMP_WORDS];
	unsigned int i;

	fp_dump(regs);
	for (i = 0; i < FP_DUMP_WORDS; i++)
		expect_eq(i < 32 ? "an f register" : "fcsr", regs[i], 0);
}

/* C.SD/C.LD, C.SW/C.LW and their sp-relative forms on the test device
 * (start.S): what each load reads back, sign-extended for the words. */
void mmio_compressed(uint64_t data, uint64_t value, uint64_t *out);

static void test_mmio_compressed(void)
{
	uint64_t out[4] = { 0, 0, 0, 0 };
	uint64_t last = VIREO_TESTDEV_BASE + VIREO_TESTDEV_LAST;

	mmio_compressed(VIREO_TESTDEV_BASE + VIREO_TESTDEV_DATA,
			0x89abcdef01234567ULL ^ 0x7700000080000000ULL, out);
	expect_eq("C.LD after C.SD", out[0], 0xfeabcdef81234567ULL);
	expect_eq("C.LW after C.SW (sign-extended)", out[1],
		  0xffffffff81234567ULL);
	expect_eq("C.LDSP after C.SDSP", out[2], 0xfeabcdef81234567ULL);
	expect_eq("C.LWSP after C.SWSP", out[3], 0xffffffff81234567ULL);
	expect_eq("LAST after C.LWSP", mmio_read64(last), 4);
}

/*
 * Timer interrupts at the programmed period: the first half armed by
 * SBI set_timer and waited for spinning, the second by writing stimecmp
 * (Sstc; SBI again without it) and waited for in WFI, which must end by
 * the timer alone. Each
 * comes no earlier than its deadline and at least a period after the
 * one before; the least lateness of each half is printed as BENCH lines.
 */
#define TIMER_TICKS 6
static volatile unsigned int timer_taken;
static volatile uint64_t timer_at[TIMER_TICKS], timer_deadline[TIMER_TICKS];
static uint64_t timer_period;

/* The second half by stimecmp where its harts have Sstc (riscv,isa
 * says), else by SBI too. */
static void timer_program(unsigned int n, uint64_t deadline)
{
	if (n < TIMER_TICKS / 2 || !guest_dt.isa_sstc)
		sbi_call(EXT_TIME, 0, deadline, 0, 0);
	else
		__asm__ volatile("csrw 0x14d, %0" : : "r"(deadline) : "memory");
}

static void timer_tick(void)
{
	uint64_t now = counter_virtual();
	unsigned int n = timer_taken;

	if (n >= TIMER_TICKS) {
		timer_program(TIMER_TICKS - 1, ~0ULL);
		return;
	}
	timer_at[n] = now;
	timer_taken = n + 1;
	if (n + 1 == TIMER_TICKS) {
		timer_program(n, ~0ULL);
		return;
	}
	timer_deadline[n + 1] = now + timer_period;
	/* the one that fired, out of the way; then the next */
	timer_program(n, ~0ULL);
	timer_program(n + 1, now + timer_period);
}

void arch_guest_irq(unsigned int virq, unsigned int source, unsigned int cpu)
{
	(void)source;
	if (virq == ARCH_IRQ_TIMER) {
		timer_tick();
	} else if (virq == ARCH_IRQ_SOFT && cpu < 2) {
		__asm__ volatile("csrc sip, %0" : : "r"(SIP_SSIP) : "memory");
		ipi_taken[cpu]++;
		if (cpu == 1)	/* answer hart 0 */
			sbi_call(EXT_IPI, 0, 1, 0, 0);
	}
}

static void test_timer_interrupts(void)
{
	uint64_t start;

	timer_period = counter_frequency() / 1000;	/* 1 ms */
	expect_eq("timebase-frequency in the DTB", timer_period > 0, 1);
	timer_taken = 0;
	__asm__ volatile("csrs sie, %0" : : "r"(SIE_STIE) : "memory");
	start = counter_virtual();
	timer_deadline[0] = start + timer_period;
	timer_program(0, timer_deadline[0]);
	irq_unmask();
	while (timer_taken < TIMER_TICKS / 2 &&
	       counter_virtual() - start < 1000 * TIMER_TICKS * timer_period)
		;
	/* WFI with interrupts masked, each taken after it: the last tick
	 * cannot come between the check and the WFI, which would then wait
	 * for nothing (the hypervisor stops such a VM) */
	irq_mask();
	while (timer_taken < TIMER_TICKS &&
	       counter_virtual() - start < 1000 * TIMER_TICKS * timer_period) {
		wfi();
		irq_unmask();
		irq_mask();
	}
	timer_program(0, ~0ULL);
	timer_program(TIMER_TICKS - 1, ~0ULL);
	__asm__ volatile("csrc sie, %0" : : "r"(SIE_STIE) : "memory");
	expect_eq("timer interrupts taken", timer_taken, TIMER_TICKS);
	check_timer_ticks(timer_at, timer_deadline, timer_taken, timer_period);
}

/* An IPI from hart 0 to hart 1, which answers with one to hart 0;
 * a mask naming a hart it does not have is refused. */
static void test_ipi_between_vcpus(void)
{
	ipi_taken[0] = ipi_taken[1] = 0;
	expect_eq("send_ipi to a hart past the last",
		  (uint64_t)sbi_call(EXT_IPI, 0, 1, guest_vcpus, 0).error,
		  NEG(SBI_ERR_INVALID_PARAM));
	__asm__ volatile("csrs sie, %0" : : "r"(SIE_SSIE) : "memory");
	second_reset();
	second.take_ipis = 1;
	expect_eq("hart_start(1)", (uint64_t)start_second(1), 0);
	WAIT_FOR(second.seen);
	irq_unmask();
	expect_eq("send_ipi(hart 1)",
		  (uint64_t)sbi_call(EXT_IPI, 0, 1, 1, 0).error, 0);
	WAIT_FOR(ipi_taken[0]);
	irq_mask();
	__asm__ volatile("csrc sie, %0" : : "r"(SIE_SSIE) : "memory");
	expect_eq("IPIs hart 1 took", ipi_taken[1], 1);
	expect_eq("IPIs hart 0 took", ipi_taken[0], 1);
	/* remote fences on every hart: done, nothing to see */
	expect_eq("remote_fence_i(all)",
		  (uint64_t)sbi_call(EXT_RFENCE, 0, 0, ~0ULL, 0).error, 0);
	expect_eq("remote_sfence_vma(hart 1)",
		  (uint64_t)sbi_call(EXT_RFENCE, 1, 1, 1, 0).error, 0);
	second.release = 1;
	WAIT_FOR(hart_status(1) == HSM_STOPPED);
}

/*
 * The PLIC's priority, threshold and claim (spec v1.0.0): the test
 * device's line at priority 2 reaches the hart above threshold 1, not at
 * threshold 2; a claim returns it (then nothing); while claimed it is
 * not pending; completed with the line still up it is pending again.
 */
static void test_plic_priority_threshold(void)
{
	uint64_t irq = VIREO_TESTDEV_BASE + VIREO_TESTDEV_IRQ;
	uint64_t pending = guest_dt.intc[0] + 0x1000;
	unsigned int taken = guest_irqs_taken();

	virq_enable(TESTDEV_VIRQ);
	plic_set_priority(TESTDEV_VIRQ, 2);
	plic_set_threshold(2);
	mmio_write64(irq, 1);
	expect_eq("pending bit of the raised line",
		  mmio_read32(pending) >> TESTDEV_VIRQ & 1, 1);
	irq_unmask();
	irq_mask();
	expect_eq("taken at threshold 2", guest_irqs_taken() - taken, 0);
	expect_eq("claim", plic_claim(), TESTDEV_VIRQ);
	expect_eq("a second claim", plic_claim(), 0);
	expect_eq("pending bit while claimed",
		  mmio_read32(pending) >> TESTDEV_VIRQ & 1, 0);
	plic_complete(TESTDEV_VIRQ);
	expect_eq("pending again after completion, the line up",
		  mmio_read32(pending) >> TESTDEV_VIRQ & 1, 1);
	plic_set_threshold(1);
	irq_unmask();
	irq_mask();
	expect_eq("taken at threshold 1", guest_irqs_taken() - taken, 1);
	expect_eq("its handler lowered the line", mmio_read64(irq), 0);
	plic_set_priority(TESTDEV_VIRQ, 1);
	plic_set_threshold(0);
}

const struct guest_test arch_tests[] = {
	{ "sbi_base", test_sbi_base },
	{ "sbi_hsm", test_sbi_hsm },
	{ "every_vcpu_starts", test_every_vcpu_starts },
	{ "wfi_yields_to_another_vcpu", test_wfi_yields_to_another_vcpu },
	{ "registers_preserved", test_registers_preserved },
	{ "fp_registers_preserved", test_fp_registers_preserved },
	{ "mmio_compressed", test_mmio_compressed },
	{ "timer_interrupts", test_timer_interrupts },
	{ "ipi_between_vcpus", test_ipi_between_vcpus },
	{ "plic_priority_threshold", test_plic_priority_threshold },
	{ NULL, NULL },
};

const struct guest_test arch_interrupt_tests[] = {
	{ "timer_interrupts", test_timer_interrupts },
	{ "plic_priority_threshold", test_plic_priority_threshold },
	{ NULL, NULL },
};

const struct guest_test arch_start_tests[] = {
	{ "fp_registers_clean", test_fp_registers_clean },
	{ NULL, NULL },
};

/* Mode 3: hgatp is the hypervisor's CSR: from VS mode its write is a
 * virtual instruction (sysreg_probe_insn in start.S writes a0). */
void sysreg_probe(uint64_t value);

int sysreg_main(void)
{
	puts_("writing hgatp\n");
	sysreg_probe(0);
	puts_("FAIL sysreg: the write to hgatp returned\n");
	return 1;
}

/* Mode 7: a tenth of a second of its time, then SBI SRST cold reboot:
 * the VM starts again from its image. */
int reset_main(void)
{
	uint64_t start = counter_virtual();

	puts_("booted, resetting in 100 ms\n");
	while (counter_virtual() - start < counter_frequency() / 10)
		wait_a_turn();
	sbi_call(EXT_SRST, 0, 1, 0, 0);
	puts_("FAIL reset: system_reset returned\n");
	return 1;
}

/*
 * Sv39 (privileged spec, "Sv39"): the first GiB (its devices) as one
 * read-write leaf, its memory in 4 KiB read-write-execute pages. PTE
 * bits: V 0, R 1, W 2, X 3, A 6, D 7; the PPN from bit 10.
 */
#define PTE_V 0x01
#define PTE_RW 0x06
#define PTE_X 0x08
#define PTE_AD 0xc0
#define SATP_SV39 (8ULL << 60)

static uint64_t pt_root[512] __attribute__((aligned(4096)));
static uint64_t pt_l1[512] __attribute__((aligned(4096)));
static uint64_t pt_l0[512] __attribute__((aligned(4096)));

static uint64_t pte(uint64_t pa, uint64_t bits)
{
	return pa >> 12 << 10 | bits | PTE_V;
}

static void paging_on(void)
{
	unsigned int i;

	pt_root[0] = pte(0, PTE_RW | PTE_AD);
	pt_root[2] = pte((uint64_t)(uintptr_t)pt_l1, 0);	/* 0x80000000 */
	pt_l1[0] = pte((uint64_t)(uintptr_t)pt_l0, 0);
	for (i = 0; i < 256; i++)
		pt_l0[i] = pte(0x80000000 + 4096ULL * i,
			       PTE_RW | PTE_X | PTE_AD);
	__asm__ volatile("csrw satp, %0\n"
			 "sfence.vma" : : "r"(SATP_SV39 |
					       (uint64_t)(uintptr_t)pt_root >> 12)
			 : "memory");
}

void unmapped_probe(uint64_t addr);
extern volatile uint64_t fault_expected, fault_seen[2];

/*
 * Its MMIO load in a page its own table then unmaps, with no
 * sfence.vma: the hart may still fetch it by the old translation (QEMU
 * does), the hypervisor's read of the instruction (HLVX) then faults.
 * Either way the guest must take its own instruction page fault at the
 * load - never the hypervisor panic.
 */
static void test_insn_unmapped_by_its_page_table(void)
{
	uint64_t probe = (uint64_t)(uintptr_t)unmapped_probe;
	uint64_t id = VIREO_TESTDEV_BASE + VIREO_TESTDEV_ID;

	paging_on();
	unmapped_probe(id);		/* mapped: runs, its TLB entry made */
	pt_l0[(probe - 0x80000000) >> 12] = 0;
	__asm__ volatile("fence rw, rw" : : : "memory");
	fault_expected = 1;
	unmapped_probe(id);
	expect_eq("its exception: an instruction page fault", fault_seen[0], 12);
	expect_eq("at the load", fault_seen[1], probe);
	expect_eq("expected no more", fault_expected, 0);
}

static const struct guest_test unmapped_tests[] = {
	{ "insn_unmapped_by_its_page_table",
	  test_insn_unmapped_by_its_page_table },
	{ NULL, NULL },
};

/* Mode 6: an access the hypervisor cannot emulate (how 0: an AMO on the
 * test device, which no load/store decoding covers), an instruction
 * fetch outside its memory (how 1: one page past its end), or (how 2)
 * its MMIO load's page unmapped by its own page table under it. */
void nosyndrome_probe(uint64_t addr);

int abort_main(uint64_t how)
{
	if (how == 2)
		return run_list(unmapped_tests);
	if (how == 0) {
		puts_("AMO on the test device\n");
		nosyndrome_probe(VIREO_TESTDEV_BASE + VIREO_TESTDEV_DATA);
		puts_("FAIL abort: the AMO returned\n");
		return 1;
	}
	return fetch_outside_main();
}

/* Its harts are started by SBI HSM, not PSCI; its PLIC where its
 * configuration puts it; the timer's frequency in /cpus. */
void arch_dtb_checks(const struct guest_fdt *dt)
{
	expect_eq("cpus with enable-method psci", dt->cpus_psci, 0);
	expect_eq("PLIC reg", dt->intc[0], GUEST_PLIC_BASE);
	expect_eq("timebase-frequency", dt->timebase_hz != 0, 1);
}
