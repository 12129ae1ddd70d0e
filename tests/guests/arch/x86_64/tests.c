// SPDX-License-Identifier: MIT
/*
 * The x86_64 test guests' own tests: what the hypervisor shows of the
 * CPU (CPUID, MSRs), MOV forms its decoder must emulate, the local
 * APIC's timer and IPIs, vCPUs started by INIT and start-up IPIs, and
 * the attacks of the isolation VMs. Expected values come from the Intel
 * SDM and AMD APM, and from vireo/hypercall.h.
 */
#include "guest.h"

#define APIC_ID 0x20
#define APIC_TPR 0x80
#define APIC_ICR_LO 0x300
#define APIC_ICR_HI 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_TMICT 0x380
#define APIC_TMCCT 0x390
#define APIC_TDCR 0x3e0
#define LVT_PERIODIC (1u << 17)
#define LVT_TSC_DEADLINE (2u << 17)
#define LVT_MASKED (1u << 16)
#define ICR_INIT 0x4500		/* INIT, level assert */
#define ICR_STARTUP 0x4600
#define ICR_SELF (1u << 18)
#define TDCR_DIVIDE_1 0xb
#define MSR_APIC_BASE 0x1b
#define MSR_TSC_DEADLINE 0x6e0
#define AP_TRAMPOLINE 0x8000

extern volatile unsigned int gp_expected, gp_taken;
extern volatile uint64_t gp_skip;
extern uint64_t guest_first_tsc;
extern const char ap_trampoline[], ap_trampoline_end[];

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct cpuid_out {
	uint32_t a, b, c, d;
};

static struct cpuid_out cpuid_(uint32_t leaf, uint32_t sub)
{
	struct cpuid_out r;

	__asm__ volatile("cpuid" : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
			 : "a"(leaf), "c"(sub));
	return r;
}

uint64_t counter_frequency(void)
{
	return (uint64_t)cpuid_(0x40000010, 0).a * 1000;
}

/* rdmsr/wrmsr, with a #GP taken as the answer: 1 if it came. */
static unsigned int rdmsr_gp(uint32_t msr, uint64_t *value)
{
	uint32_t lo = 0, hi = 0;
	unsigned int before = gp_taken;

	gp_skip = 2;
	gp_expected = 1;
	__asm__ volatile("rdmsr" : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
	gp_expected = 0;
	*value = (uint64_t)hi << 32 | lo;
	return gp_taken - before;
}

static unsigned int wrmsr_gp(uint32_t msr, uint64_t value)
{
	unsigned int before = gp_taken;

	gp_skip = 2;
	gp_expected = 1;
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)value),
			 "d"((uint32_t)(value >> 32)) : "memory");
	gp_expected = 0;
	return gp_taken - before;
}

/* The hypervisor leaf names it; its own extensions are hidden. */
static void test_cpuid(void)
{
	struct cpuid_out hv = cpuid_(0x40000000, 0), one = cpuid_(1, 0);

	expect_eq("0x40000000 ebx \"Vire\"", hv.b, 0x65726956);
	expect_eq("0x40000000 ecx \"o\"", hv.c, 0x6f);
	expect_eq("0x40000000 edx", hv.d, 0);
	expect_eq("0x40000000 eax: its last leaf", hv.a >= 0x40000010, 1);
	expect_eq("0x40000010: TSC kHz", cpuid_(0x40000010, 0).a != 0, 1);
	expect_eq("1 ecx.hypervisor (31)", one.c >> 31 & 1, 1);
	expect_eq("1 ecx.VMX (5)", one.c >> 5 & 1, 0);
	expect_eq("1 ecx.x2APIC (21)", one.c >> 21 & 1, 0);
	expect_eq("1 ecx.TSC-deadline (24)", one.c >> 24 & 1, 1);
	expect_eq("1 ecx.XSAVE (26), AVX (28)", one.c >> 26 & 5, 0);
	expect_eq("7 ebx.AVX2 (5), AVX512F (16)", cpuid_(7, 0).b & 0x10020, 0);
	expect_eq("1 edx.APIC (9)", one.d >> 9 & 1, 1);
	expect_eq("1 ebx: initial APIC id", one.b >> 24, 0);
	expect_eq("0x80000001 ecx.SVM (2)", cpuid_(0x80000001, 0).c >> 2 & 1,
		  0);
}

/* An MSR it does not have is #GP, as on a CPU without it. */
static void test_msrs(void)
{
	uint64_t v = 0;

	expect_eq("rdmsr 0x12345678: #GP", rdmsr_gp(0x12345678, &v), 1);
	expect_eq("wrmsr 0xc0011234: #GP", wrmsr_gp(0xc0011234, 1), 1);
	expect_eq("rdmsr IA32_APIC_BASE", rdmsr_gp(MSR_APIC_BASE, &v), 0);
	/* base 0xfee00000, enabled (11), the bootstrap processor (8) */
	expect_eq("IA32_APIC_BASE", v, 0xfee00900);
	expect_eq("x2APIC on (EXTD): #GP",
		  wrmsr_gp(MSR_APIC_BASE, 0xfee00900 | 1u << 10), 1);
	expect_eq("rdmsr EFER", rdmsr_gp(0xc0000080, &v), 0);
	expect_eq("EFER.LME|LMA", v & 0x500, 0x500);
	expect_eq("EFER.SVME hidden", v >> 12 & 1, 0);
}

#define DATA (VIREO_TESTDEV_BASE + VIREO_TESTDEV_DATA)
#define ID (VIREO_TESTDEV_BASE + VIREO_TESTDEV_ID)
#define LAST (VIREO_TESTDEV_BASE + VIREO_TESTDEV_LAST)

/* MOV forms an OS uses for device registers (SDM vol. 2 MOV, MOVZX,
 * MOVSX): immediates, the high byte registers, REX registers, SIB and
 * displacements, 16-bit operands, and the moffs form. */
static void test_mmio_forms(void)
{
	uint64_t v, base = VIREO_TESTDEV_BASE;

	mmio_write64(DATA, 0);
	__asm__ volatile("movb $0xab, (%0)" : : "r"(DATA + 1) : "memory");
	expect_eq("movb imm8", mmio_read64(DATA), 0xab00);
	__asm__ volatile("movw $0x1234, (%0)" : : "r"(DATA + 2) : "memory");
	expect_eq("movw imm16 (66 prefix)", mmio_read64(DATA), 0x1234ab00);
	__asm__ volatile("movq $-2, (%0)" : : "r"(DATA) : "memory");
	expect_eq("movq imm32 sign-extended", mmio_read64(DATA),
		  0xfffffffffffffffeULL);
	__asm__ volatile("movl $0x80000001, (%0)" : : "r"(DATA) : "memory");
	expect_eq("LAST after movl imm32", mmio_read64(LAST), 0x104);
	expect_eq("movl imm32", mmio_read64(DATA), 0xffffffff80000001ULL);
	/* ah: ModRM reg 4 without REX */
	__asm__ volatile("mov $0x5a00, %%eax; movb %%ah, (%0)"
			 : : "S"(DATA) : "rax", "memory");
	expect_eq("movb %ah store", mmio_read8(DATA), 0x5a);
	v = 0x1111111111111111ULL;
	__asm__ volatile("movb (%1), %%ah" : "+a"(v) : "S"(ID + 7) : "memory");
	expect_eq("movb load to %ah", v, 0x1111111111118011ULL);
	/* r9..r15, SIB with a displacement */
	__asm__ volatile("xor %%r14d, %%r14d; mov %1, %%r13; "
			 "movq 8(%%r13,%%r14,1), %%r9; mov %%r9, %0"
			 : "=r"(v) : "r"(base) : "r9", "r13", "r14", "memory");
	expect_eq("movq 8(%r13,%r14,1), %r9", v, VIREO_TESTDEV_ID_VALUE);
	v = 0xffffffffffffffffULL;
	__asm__ volatile("movw (%1), %w0" : "+r"(v) : "r"(ID) : "memory");
	expect_eq("movw load keeps bits 63:16", v, 0xffffffffffff2010ULL);
	v = 0xffffffffffffffffULL;
	__asm__ volatile("movsbw (%1), %w0" : "+r"(v) : "r"(ID + 7) : "memory");
	expect_eq("movsbw keeps bits 63:16", v, 0xffffffffffffff80ULL);
	v = 0xffffffffffffffffULL;
	__asm__ volatile("movl (%1), %k0" : "+r"(v) : "r"(ID + 4) : "memory");
	expect_eq("movl load clears bits 63:32", v, 0x80706050);
	__asm__ volatile("movabs 0x0b000008, %%eax; mov %%rax, %0"
			 : "=r"(v) : : "rax", "memory");
	expect_eq("movabs moffs64 to %eax", v, 0x40302010);
}

/* Every register but rax (the result) and rsp survives an exit. */
static void test_registers_preserved(void)
{
	uint64_t out[12];
	unsigned int i;

	__asm__ volatile(
		"push %%rbx; push %%rbp; push %%r12; push %%r13; push %%r14; push %%r15;"
		"push %0;"
		"mov $0x1001, %%rbx; mov $0x1002, %%rcx; mov $0x1003, %%rdx;"
		"mov $0x1004, %%rsi; mov $0x1005, %%rbp; mov $0x1008, %%r8;"
		"mov $0x1009, %%r9; mov $0x100a, %%r10; mov $0x100b, %%r11;"
		"mov $0x100c, %%r12; mov $0x100d, %%r13; mov $0x100e, %%r14;"
		"mov $0x100f, %%r15; xor %%edi, %%edi;"
		"mov %1, %%eax; call hypercall_insn;"
		"pop %%rax;"
		"mov %%rbx, 0(%%rax); mov %%rcx, 8(%%rax); mov %%rdx, 16(%%rax);"
		"mov %%rsi, 24(%%rax); mov %%rbp, 32(%%rax); mov %%r8, 40(%%rax);"
		"mov %%r9, 48(%%rax); mov %%r10, 56(%%rax); mov %%r11, 64(%%rax);"
		"mov %%r12, 72(%%rax); mov %%r13, 80(%%rax); mov %%r14, 88(%%rax);"
		"pop %%r15; pop %%r14; pop %%r13; pop %%r12; pop %%rbp; pop %%rbx"
		: : "r"(out), "i"(VIREO_HC_NULL)
		: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
		  "memory");
	static const uint64_t want[12] = { 0x1001, 0x1002, 0x1003, 0x1004,
		0x1005, 0x1008, 0x1009, 0x100a, 0x100b, 0x100c, 0x100d,
		0x100e };
	for (i = 0; i < 12; i++)
		expect_eq("register after the exit", out[i], want[i]);
}

/*
 * The state VMSAVE/VMLOAD (or the VMCS) switch is its own: FS, GS and
 * kernel GS bases, the SYSCALL and SYSENTER MSRs, PAT - written, then
 * read back across exits (and the other VM's turns on the CPU), each a
 * value of its own (its TSC's low bits make the two VMs' differ).
 */
static void test_switched_msrs_are_its_own(void)
{
	static const uint32_t msrs[] = { 0xc0000100, 0xc0000101, 0xc0000102,
		0xc0000082, 0x175, 0x176 };	/* FS, GS, kernel GS base,
						 * LSTAR, SYSENTER ESP/EIP */
	uint64_t seed = (rdtsc_() & 0xfffff) << 12, v;
	unsigned int i, round;

	for (i = 0; i < ARRAY_LEN(msrs); i++)
		expect_eq("wrmsr", wrmsr_gp(msrs[i], seed + i * 0x10), 0);
	for (round = 0; round < 50; round++) {
		hypercall1(VIREO_HC_NULL, 0);
		for (i = 0; i < ARRAY_LEN(msrs); i++) {
			expect_eq("rdmsr", rdmsr_gp(msrs[i], &v), 0);
			expect_eq("its value across exits", v, seed + i * 0x10);
		}
	}
	for (i = 0; i < ARRAY_LEN(msrs); i++)
		wrmsr_gp(msrs[i], 0);
}

/* ---- x87/SSE state ---- */

struct fxsave {
	uint8_t b[512];
} __attribute__((aligned(16)));

#define FX_MXCSR 24
#define FX_XMM 160		/* xmm0-15, 16 bytes each (SDM vol. 1 10.5.1) */

static void fx_save(struct fxsave *f)
{
	__asm__ volatile("fxsave64 %0" : "=m"(*f));
}

static void fx_restore(const struct fxsave *f)
{
	__asm__ volatile("fxrstor64 %0" : : "m"(*f));
}

/* Its XMM registers and MXCSR survive exits and the other VM's turns on
 * the CPU (the hypervisor switches them between vCPUs). */
static void test_fp_registers_preserved(void)
{
	static struct fxsave mine, seen;
	unsigned int i, round;
	uint64_t seed = rdtsc_() >> 2;	/* the two VMs' differ */

	fx_save(&mine);
	for (i = 0; i < 256; i++)
		mine.b[FX_XMM + i] = (uint8_t)(0x5a ^ i ^ (seed >> (i % 9)));
	mine.b[FX_MXCSR] = 0x80;	/* 0x1f80 -> 0x1f80 | RC up: 0x5f80 */
	mine.b[FX_MXCSR + 1] = 0x5f;
	fx_restore(&mine);
	for (round = 0; round < 20; round++) {
		uint64_t start = rdtsc_();

		hypercall1(VIREO_HC_NULL, 0);
		/* a time slice's worth: the other VM runs meanwhile */
		while (rdtsc_() - start < counter_frequency() / 500)
			__asm__ volatile("pause");
		fx_save(&seen);
		for (i = 0; i < 256; i++)
			expect_eq("xmm byte after exits", seen.b[FX_XMM + i],
				  mine.b[FX_XMM + i]);
		expect_eq("MXCSR after exits", seen.b[FX_MXCSR + 1], 0x5f);
	}
}

/* A new VM finds the reset state, not what another VM left (SDM vol. 3
 * table 9-1: XMM registers 0, MXCSR 0x1f80). */
static void test_fp_registers_clean(void)
{
	static struct fxsave seen;
	unsigned int i;

	fx_save(&seen);
	for (i = 0; i < 256; i++)
		expect_eq("xmm byte at start", seen.b[FX_XMM + i], 0);
	expect_eq("MXCSR at start", seen.b[FX_MXCSR] | seen.b[FX_MXCSR + 1] << 8,
		  0x1f80);
}

/* Its breakpoint addresses (DR0-DR3) are its own too; a new VM finds
 * them 0 (their reset value, SDM vol. 3 table 9-1). */
static void dr_read(uint64_t *dr)
{
	__asm__ volatile("mov %%dr0, %0" : "=r"(dr[0]));
	__asm__ volatile("mov %%dr1, %0" : "=r"(dr[1]));
	__asm__ volatile("mov %%dr2, %0" : "=r"(dr[2]));
	__asm__ volatile("mov %%dr3, %0" : "=r"(dr[3]));
}

static void test_debug_registers_preserved(void)
{
	uint64_t seed = rdtsc_() & ~0xfffULL, dr[4];
	unsigned int i, round;

	__asm__ volatile("mov %0, %%dr0" : : "r"(seed));
	__asm__ volatile("mov %0, %%dr1" : : "r"(seed + 1));
	__asm__ volatile("mov %0, %%dr2" : : "r"(seed + 2));
	__asm__ volatile("mov %0, %%dr3" : : "r"(seed + 3));
	for (round = 0; round < 10; round++) {
		uint64_t start = rdtsc_();

		hypercall1(VIREO_HC_NULL, 0);
		while (rdtsc_() - start < counter_frequency() / 500)
			__asm__ volatile("pause");
		dr_read(dr);
		for (i = 0; i < 4; i++)
			expect_eq("DRn after exits", dr[i], seed + i);
	}
}

static void test_debug_registers_clean(void)
{
	uint64_t dr[4];
	unsigned int i;

	dr_read(dr);
	for (i = 0; i < 4; i++)
		expect_eq("DRn at start", dr[i], 0);
}

/* ---- the local APIC's timer ---- */

static volatile unsigned int timer_taken, ipi_taken, reply_taken;
static volatile uint64_t timer_at[4];

void arch_guest_irq(unsigned int virq, unsigned int source, unsigned int cpu)
{
	(void)source;
	if (virq == TIMER_VECTOR) {
		if (timer_taken < 4)
			timer_at[timer_taken] = rdtsc_();
		timer_taken++;
	} else if (virq == IPI_VECTOR) {	/* on another vCPU: answer */
		ipi_taken++;
		lapic_write(APIC_ICR_HI, 0);
		lapic_write(APIC_ICR_LO, IPI_REPLY_VECTOR);
		(void)cpu;
	} else if (virq == IPI_REPLY_VECTOR) {
		reply_taken++;
	}
}

/* Wait with interrupts on until cond, at most a second of TSC. */
#define WAIT_FOR(cond)                                                  \
	do {                                                            \
		uint64_t start_ = rdtsc_();                             \
		while (!(cond) &&                                       \
		       rdtsc_() - start_ < counter_frequency())         \
			wait_irq();                                     \
	} while (0)

static void test_apic_timer_oneshot(void)
{
	uint64_t ticks = counter_frequency() / 200, start, count;

	lapic_enable();
	timer_taken = 0;
	lapic_write(APIC_TDCR, TDCR_DIVIDE_1);
	lapic_write(APIC_LVT_TIMER, TIMER_VECTOR);
	start = rdtsc_();
	lapic_write(APIC_TMICT, (uint32_t)ticks);
	count = lapic_read(APIC_TMCCT);
	expect_eq("current count below the initial", count <= ticks, 1);
	/* it counts down to 0 (SDM 11.5.4): 0 only once its time is up */
	expect_eq("current count running", count > 0 ||
		  rdtsc_() - start >= ticks, 1);
	WAIT_FOR(timer_taken);
	expect_eq("timer interrupts", timer_taken, 1);
	expect_eq("not before its count", timer_at[0] - start >= ticks, 1);
	expect_eq("current count at the end", lapic_read(APIC_TMCCT), 0);
	/* one-shot: no second one (nothing else could end a HLT now) */
	start = rdtsc_();
	irq_unmask();
	while (rdtsc_() - start < 2 * ticks)
		__asm__ volatile("pause");
	irq_mask();
	expect_eq("one-shot fires once", timer_taken, 1);
	lapic_write(APIC_LVT_TIMER, LVT_MASKED);
}

static void test_apic_timer_periodic(void)
{
	uint64_t ticks = counter_frequency() / 500, start;
	unsigned int i;

	lapic_enable();
	timer_taken = 0;
	lapic_write(APIC_TDCR, TDCR_DIVIDE_1);
	lapic_write(APIC_LVT_TIMER, TIMER_VECTOR | LVT_PERIODIC);
	start = rdtsc_();
	lapic_write(APIC_TMICT, (uint32_t)ticks);
	WAIT_FOR(timer_taken >= 4);
	lapic_write(APIC_TMICT, 0);		/* stops it */
	lapic_write(APIC_LVT_TIMER, LVT_MASKED);
	/* a period that ended since the last one taken is still pending:
	 * take it here, not in the next test */
	irq_unmask();
	irq_mask();
	expect_eq("periodic interrupts", timer_taken >= 4, 1);
	for (i = 0; i < 4; i++)
		expect_eq("period n not early", timer_at[i] - start >=
			  (i + 1) * ticks, 1);
}

static void test_apic_timer_tsc_deadline(void)
{
	uint64_t ticks = counter_frequency() / 200, deadline, v;

	lapic_enable();
	timer_taken = 0;
	lapic_write(APIC_LVT_TIMER, TIMER_VECTOR | LVT_TSC_DEADLINE);
	deadline = rdtsc_() + ticks;
	expect_eq("wrmsr TSC_DEADLINE", wrmsr_gp(MSR_TSC_DEADLINE, deadline), 0);
	expect_eq("rdmsr TSC_DEADLINE", rdmsr_gp(MSR_TSC_DEADLINE, &v), 0);
	/* it reads back until it fires (then 0: SDM 11.5.4.1) */
	expect_eq("TSC_DEADLINE read back", v == deadline ||
		  (v == 0 && rdtsc_() >= deadline), 1);
	WAIT_FOR(timer_taken);
	expect_eq("deadline interrupts", timer_taken, 1);
	expect_eq("not before the deadline", timer_at[0] >= deadline, 1);
	expect_eq("TSC_DEADLINE after it fired",
		  (rdmsr_gp(MSR_TSC_DEADLINE, &v), v), 0);
	lapic_write(APIC_LVT_TIMER, LVT_MASKED);
}

/* A self IPI, held off by the task priority of its class. */
static void test_self_ipi_and_tpr(void)
{
	lapic_enable();
	timer_taken = 0;
	lapic_write(APIC_TPR, 0xf0);
	lapic_write(APIC_ICR_LO, ICR_SELF | TIMER_VECTOR);
	irq_unmask();
	irq_mask();
	expect_eq("self IPI under TPR 0xf0", timer_taken, 0);
	lapic_write(APIC_TPR, 0);
	irq_unmask();
	irq_mask();
	expect_eq("self IPI once TPR is 0", timer_taken, 1);
}

/* The guest's TSC started near 0 with its VM (a TSC offset). */
static void test_tsc_starts_near_zero(void)
{
	expect_eq("TSC at its first instruction below a second",
		  guest_first_tsc < counter_frequency(), 1);
}

/* ---- other vCPUs ---- */

static volatile uint64_t seen[4];

void secondary_main(unsigned int apic_id)
{
	lapic_enable();
	if (apic_id < 4)
		seen[apic_id] = 0x5ec0000 | lapic_read(APIC_ID) >> 24;
	/* vCPU 0 may wait in HLT for this: an interrupt ends it */
	lapic_write(APIC_ICR_HI, 0);
	lapic_write(APIC_ICR_LO, IPI_REPLY_VECTOR);
	for (;;)
		wait_irq();	/* takes IPIs */
}

static void send_ipi(unsigned int dest, uint32_t icr)
{
	lapic_write(APIC_ICR_HI, dest << 24);
	lapic_write(APIC_ICR_LO, icr);
}

/* Each vCPU but the boot one started by INIT, start-up, start-up (SDM
 * 8.4.4.1), at the trampoline's page; each sees its own APIC id and
 * answers an IPI with one. */
static void test_every_vcpu_starts(void)
{
	const char *from = ap_trampoline;
	char *to = (char *)(uintptr_t)AP_TRAMPOLINE;
	unsigned int n;

	while (from < ap_trampoline_end)
		*to++ = *from++;
	lapic_enable();
	for (n = 1; n < guest_vcpus && n < 4; n++) {
		seen[n] = 0;
		reply_taken = 0;
		send_ipi(n, ICR_INIT);
		send_ipi(n, ICR_STARTUP | AP_TRAMPOLINE >> 12);
		send_ipi(n, ICR_STARTUP | AP_TRAMPOLINE >> 12);
		WAIT_FOR(seen[n] && reply_taken);
		expect_eq("what vCPU n saw", seen[n], 0x5ec0000 | n);
		expect_eq("its IPI once started", reply_taken, 1);
		reply_taken = 0;
		send_ipi(n, IPI_VECTOR);
		WAIT_FOR(reply_taken);
		expect_eq("its answer to an IPI", reply_taken, 1);
	}
}

/* A device's line is vCPU 0's (ARCH_VM_SPI_VIRQ: the boot vCPU's local
 * APIC, no I/O APIC to route it): no other vCPU can be given one, and
 * x86 VMs have no passthrough devices yet. */
bool cpu1_take(unsigned int intid)
{
	(void)intid;
	return false;
}

void cpu1_release(void)
{
}

const struct guest_test arch_tests[] = {
	{ "cpuid", test_cpuid },
	{ "msrs", test_msrs },
	{ "mmio_forms", test_mmio_forms },
	{ "registers_preserved", test_registers_preserved },
	{ "switched_msrs_are_its_own", test_switched_msrs_are_its_own },
	{ "fp_registers_preserved", test_fp_registers_preserved },
	{ "debug_registers_preserved", test_debug_registers_preserved },
	{ "tsc_starts_near_zero", test_tsc_starts_near_zero },
	{ "apic_timer_oneshot", test_apic_timer_oneshot },
	{ "apic_timer_periodic", test_apic_timer_periodic },
	{ "apic_timer_tsc_deadline", test_apic_timer_tsc_deadline },
	{ "self_ipi_and_tpr", test_self_ipi_and_tpr },
	{ "every_vcpu_starts", test_every_vcpu_starts },
	{ NULL, NULL },
};

const struct guest_test arch_interrupt_tests[] = { { NULL, NULL } };

/* A new VM's state: interrupts off, its APIC id 0. */
static void test_start_state(void)
{
	uint64_t flags;

	__asm__ volatile("pushfq; pop %0" : "=r"(flags));
	expect_eq("RFLAGS.IF at start", flags >> 9 & 1, 0);
	expect_eq("APIC id", lapic_read(APIC_ID) >> 24, 0);
}

const struct guest_test arch_start_tests[] = {
	{ "start_state", test_start_state },
	{ "fp_registers_clean", test_fp_registers_clean },
	{ "debug_registers_clean", test_debug_registers_clean },
	{ NULL, NULL },
};

void arch_guest_init(const struct guest_fdt *dt)
{
	(void)dt;
}

/* Mode 3: an MSR it may not use is a #GP it takes, not the end of it:
 * then it stops the VM itself with status 0 if it came. */
int sysreg_main(void)
{
	uint64_t v;

	if (rdmsr_gp(0xc0010117, &v) != 1) {	/* VM_HSAVE_PA */
		puts_("FAIL sysreg: rdmsr VM_HSAVE_PA did not #GP\n");
		return 1;
	}
	puts_("PASS sysreg: rdmsr VM_HSAVE_PA: #GP\n");
	return 0;
}

/* Mode 7: waits 100 ms, then resets its VM as a PC is reset: RST_CPU
 * and SYS_RST to the reset control register, port 0xcf9. */
int reset_main(void)
{
	uint64_t start = rdtsc_();

	puts_("booted, resetting in 100 ms\n");
	irq_unmask();
	while (rdtsc_() - start < counter_frequency() / 10)
		__asm__ volatile("pause");
	irq_mask();
	__asm__ volatile("outb %0, %w1" : : "a"((uint8_t)0x06),
			 "Nd"((uint16_t)0xcf9));
	puts_("FAIL reset: the reset control register returned\n");
	return 1;
}

/*
 * Mode 6: what the hypervisor cannot do for it, each stopping the VM
 * with a fault line: how 0, an instruction on the test device that is
 * not a MOV (an add to memory); 1, a jump one page past the end of its
 * memory; 2, a triple fault (an exception with no IDT); 3, a write to
 * a port it has no device at (every port is intercepted).
 */
int abort_main(uint64_t how)
{
	static const struct { uint16_t limit; uint64_t base; }
		__attribute__((packed)) no_idt = { 0, 0 };

	if (how == 0) {
		puts_("add to the test device\n");
		__asm__ volatile(".globl undecodable_insn\n"
				 "undecodable_insn: addq $1, (%0)"
				 : : "r"(DATA) : "memory");
	} else if (how == 1) {
		return fetch_outside_main();
	} else if (how == 2) {
		puts_("triple fault\n");
		__asm__ volatile("lidt %0; int3" : : "m"(no_idt) : "memory");
	} else {	/* QEMU's isa-debug-exit port: it would end the host */
		puts_("writing port 0xf4\n");
		__asm__ volatile(".globl port_probe_insn\n"
				 "port_probe_insn: outb %0, $0xf4"
				 : : "a"((uint8_t)1));
	}
	puts_("FAIL abort: it went on\n");
	return 1;
}
