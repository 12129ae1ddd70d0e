// SPDX-License-Identifier: MIT
/*
 * arch/aarch64/virt/exit.c: traps of an aarch64 guest as struct vm_exit.
 * Syndromes are built here from the Arm ARM's field positions (ESR_EL2:
 * EC [31:26], IL [25]; data abort ISS: ISV [24], SAS [23:22], SSE [21],
 * SRT [20:16], SF [15], S1PTW [7], WnR [6], DFSC [5:0]; MSR/MRS ISS: Rt
 * [9:5], Direction [0]; HPFAR_EL2.FIPA [43:4] = IPA [55:12]), PSCI ids
 * and return codes from Arm DEN 0022 - not from the code under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hal/vcpu.h>
#include <asm/vcpu_trap.h>

#define IL (1ULL << 25)
#define EC(ec) ((uint64_t)(ec) << 26 | IL)
#define ISV (1ULL << 24)
#define SAS(n) ((uint64_t)(n) << 22)
#define SSE (1ULL << 21)
#define SRT(r) ((uint64_t)(r) << 16)
#define SF (1ULL << 15)
#define S1PTW (1ULL << 7)
#define WNR (1ULL << 6)
#define DFSC_TRANS_L3 0x07
#define DFSC_PERM_L3 0x0f
#define DFSC_SYNC_EXT 0x10

#define SLOT_SYNC 8

/* A trapped MSR/MRS/SYS (EC 0x18): ISS Op0 [21:20], Op2 [19:17], Op1
 * [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1: read);
 * register encodings from the Arm ARM's register descriptions */
#define MSR_ISS(op0, op1, crn, crm, op2, rt, read)                          \
	(EC(0x18) | (uint64_t)(op0) << 20 | (uint64_t)(op2) << 17 |         \
	 (uint64_t)(op1) << 14 | (uint64_t)(crn) << 10 | (uint64_t)(rt) << 5 | \
	 (uint64_t)(crm) << 1 | (read))
#define PMCR_EL0 3, 3, 9, 12, 0
#define PMUSERENR_EL0 3, 3, 9, 14, 0
#define PMINTENCLR_EL1 3, 0, 9, 14, 2
#define PMEVTYPER5_EL0 3, 3, 14, 12, 5
#define PMCCFILTR_EL0 3, 3, 14, 15, 7
#define MDSCR_EL1 2, 0, 0, 2, 2
#define DBGBCR3_EL1 2, 0, 0, 3, 5
#define DBGWVR1_EL1 2, 0, 0, 1, 6
#define OSLAR_EL1 2, 0, 1, 0, 4
#define OSLSR_EL1 2, 0, 1, 1, 4
#define OSDLR_EL1 2, 0, 1, 3, 4
#define DC_ISW 1, 0, 7, 6, 2
#define DC_CSW 1, 0, 7, 10, 2
#define DC_CISW 1, 0, 7, 14, 2
#define ACTLR_EL1 3, 0, 1, 0, 1

/* set/way operations the backend did, as DC CISW */
static uint64_t cisw_ops[4];
static unsigned int nr_cisw;

void arm64_dc_cisw(uint64_t set_way)
{
	if (nr_cisw < 4)
		cisw_ops[nr_cisw] = set_way;
	nr_cisw++;
}

static struct vcpu v;
static struct vm_exit e;

/* its VM's backend state: the guest's GIC where QEMU virt has it */
static struct arch_vm avm;

static void setup(uint64_t pc)
{
	unsigned int i;

	memset(&v, 0, sizeof(v));
	memset(&avm, 0, sizeof(avm));
	avm.gicd_base = v.arch.gicd_base = 0x08000000;
	v.arch.vm = &avm;
	for (i = 0; i < 31; i++)
		v.arch.x[i] = 0xdead0000 + i;
	v.arch.pc = pc;
	memset(&e, 0x5a, sizeof(e));
}

static bool trap(unsigned long slot, uint64_t esr, uint64_t far,
		 uint64_t hpfar)
{
	struct arm64_trap t = { slot, esr, far, hpfar };

	return arm64_exit_decode(&v.arch, &t, &e);
}

static uint64_t hpfar_of(uint64_t ipa)
{
	return (ipa >> 12) << 4;
}

/* ldrsb w3, [x1]: one byte, sign-extended into a W register */
static void test_mmio_load_sign_extended_w(void **unused)
{
	setup(0x40001000);
	assert_true(trap(SLOT_SYNC, EC(0x24) | ISV | SAS(0) | SSE | SRT(3) |
			 DFSC_TRANS_L3, 0x0b00000f, hpfar_of(0x0b00000f)));
	assert_int_equal(e.reason, VM_EXIT_MMIO);
	assert_int_equal(e.mmio.addr, 0x0b00000f);
	assert_int_equal(e.mmio.width, 1);
	assert_false(e.mmio.write);
	assert_true(e.mmio.sign_extend);
	assert_int_equal(e.mmio.dest_bits, 32);
	assert_int_equal(e.mmio.reg, 3);
	assert_int_equal(e.pc, 0x40001000);
	vcpu_set_result(&v, 0x180);	/* only the low byte is the load's */
	assert_int_equal(v.arch.x[3], 0xffffff80);
	assert_int_equal(v.arch.x[2], 0xdead0002);
	assert_int_equal(v.arch.x[4], 0xdead0004);
	vcpu_skip(&v);
	assert_int_equal(v.arch.pc, 0x40001004);
}

/* ldrsh x5 / ldrsw x6 / ldrb w7: 64-bit sign extension, zero extension */
static void test_mmio_load_widths(void **unused)
{
	setup(0x40001000);
	assert_true(trap(SLOT_SYNC, EC(0x24) | ISV | SAS(1) | SSE | SRT(5) | SF |
			 DFSC_TRANS_L3, 0x0b00000e, hpfar_of(0x0b00000e)));
	assert_int_equal(e.mmio.width, 2);
	assert_int_equal(e.mmio.dest_bits, 64);
	vcpu_set_result(&v, 0x8070);
	assert_int_equal(v.arch.x[5], 0xffffffffffff8070ULL);

	assert_true(trap(SLOT_SYNC, EC(0x24) | ISV | SAS(2) | SSE | SRT(6) | SF |
			 DFSC_TRANS_L3, 0x0b00000c, hpfar_of(0x0b00000c)));
	vcpu_set_result(&v, 0x7fffffff);	/* positive: no extension */
	assert_int_equal(v.arch.x[6], 0x7fffffff);

	assert_true(trap(SLOT_SYNC, EC(0x24) | ISV | SAS(0) | SRT(7) |
			 DFSC_TRANS_L3, 0x0b000000, hpfar_of(0x0b000000)));
	assert_false(e.mmio.sign_extend);
	vcpu_set_result(&v, 0xff);
	assert_int_equal(v.arch.x[7], 0xff);

	/* ldr x8: all 64 bits */
	assert_true(trap(SLOT_SYNC, EC(0x24) | ISV | SAS(3) | SRT(8) | SF |
			 DFSC_TRANS_L3, 0x0b000000, hpfar_of(0x0b000000)));
	vcpu_set_result(&v, 0x8877665544332211ULL);
	assert_int_equal(v.arch.x[8], 0x8877665544332211ULL);

	/* into xzr: the value is dropped, no register changes */
	assert_true(trap(SLOT_SYNC, EC(0x24) | ISV | SAS(3) | SRT(31) | SF |
			 DFSC_TRANS_L3, 0x0b000000, hpfar_of(0x0b000000)));
	vcpu_set_result(&v, 1);
	assert_int_equal(v.arch.x[30], 0xdead001e);
}

static void test_mmio_stores(void **unused)
{
	setup(0x40002000);
	v.arch.x[7] = 0x1122334455667788ULL;
	assert_true(trap(SLOT_SYNC, EC(0x24) | ISV | SAS(3) | SRT(7) | SF | WNR |
			 DFSC_TRANS_L3, 0x0b000000, hpfar_of(0x0b000000)));
	assert_int_equal(e.reason, VM_EXIT_MMIO);
	assert_true(e.mmio.write);
	assert_int_equal(e.mmio.width, 8);
	assert_int_equal(e.mmio.value, 0x1122334455667788ULL);
	assert_int_equal(e.mmio.reg, 7);

	v.arch.x[9] = 0xabcd1234;	/* strb w9: the low byte only */
	assert_true(trap(SLOT_SYNC, EC(0x24) | ISV | SAS(0) | SRT(9) | WNR |
			 DFSC_TRANS_L3, 0x0b000003, hpfar_of(0x0b000003)));
	assert_int_equal(e.mmio.value, 0x34);
	assert_int_equal(e.mmio.addr, 0x0b000003);

	/* strh wzr: register 31 is zero, not x[31] */
	assert_true(trap(SLOT_SYNC, EC(0x24) | ISV | SAS(1) | SRT(31) | WNR |
			 DFSC_TRANS_L3, 0x0b000002, hpfar_of(0x0b000002)));
	assert_int_equal(e.mmio.value, 0);
}

/* The GPA is HPFAR's page and FAR's offset, up to the 40-bit IPA's top */
static void test_gpa_from_hpfar_and_far(void **unused)
{
	setup(0x40000000);
	/* FAR is the guest's VA: only its page offset is the IPA's */
	assert_true(trap(SLOT_SYNC, EC(0x24) | ISV | SAS(2) | SRT(1) |
			 DFSC_TRANS_L3, 0xffff000012345abcULL,
			 hpfar_of(0xfffffff000ULL)));
	assert_int_equal(e.mmio.addr, 0xfffffffabcULL);
}

static void test_aborts_that_are_faults(void **unused)
{
	uint64_t esr;

	setup(0x40003000);
	/* no ISV (an ldp, say): a stage-2 fault with its syndrome */
	esr = EC(0x24) | DFSC_TRANS_L3;
	assert_true(trap(SLOT_SYNC, esr, 0x80000010, hpfar_of(0x80000010)));
	assert_int_equal(e.reason, VM_EXIT_STAGE2_FAULT);
	assert_int_equal(e.fault.gpa, 0x80000010);
	assert_int_equal(e.fault.access, VM_ACCESS_READ);
	assert_int_equal(e.fault.syndrome, esr);
	assert_int_equal(e.pc, 0x40003000);

	/* a permission fault (read-only memory), even with ISV */
	assert_true(trap(SLOT_SYNC, EC(0x24) | ISV | SAS(3) | SRT(2) | WNR |
			 DFSC_PERM_L3, 0x40000008, hpfar_of(0x40000008)));
	assert_int_equal(e.reason, VM_EXIT_STAGE2_FAULT);
	assert_int_equal(e.fault.access, VM_ACCESS_WRITE);

	/* during the guest's own table walk */
	assert_true(trap(SLOT_SYNC, EC(0x24) | S1PTW | DFSC_TRANS_L3,
			 0x1000, hpfar_of(0x90000000)));
	assert_int_equal(e.reason, VM_EXIT_STAGE2_FAULT);
	assert_int_equal(e.fault.gpa, 0x90000000);

	/* an instruction fetch outside its memory */
	assert_true(trap(SLOT_SYNC, EC(0x20) | DFSC_TRANS_L3, 0x50000004,
			 hpfar_of(0x50000004)));
	assert_int_equal(e.reason, VM_EXIT_STAGE2_FAULT);
	assert_int_equal(e.fault.access, VM_ACCESS_EXEC);
	assert_int_equal(e.fault.gpa, 0x50000004);

	/* an external abort is no stage-2 fault: unhandled, with syndrome */
	esr = EC(0x24) | ISV | DFSC_SYNC_EXT;
	assert_true(trap(SLOT_SYNC, esr, 0x1234, 0));
	assert_int_equal(e.reason, VM_EXIT_UNHANDLED);
	assert_int_equal(e.unhandled.syndrome, esr);
	assert_int_equal(e.unhandled.info, 0x1234);
}

static void test_hvc_and_smc_hypercalls(void **unused)
{
	setup(0x40001004);	/* HVC: ELR is the next instruction */
	v.arch.x[0] = 0x86000001;
	v.arch.x[1] = 'A';
	v.arch.x[6] = 66;
	assert_true(trap(SLOT_SYNC, EC(0x16), 0, 0));
	assert_int_equal(e.reason, VM_EXIT_HYPERCALL);
	assert_int_equal(e.hypercall.nr, 0x86000001);
	assert_int_equal(e.hypercall.args[0], 'A');
	assert_int_equal(e.hypercall.args[5], 66);
	assert_int_equal(e.pc, 0x40001000);
	assert_int_equal(v.arch.pc, 0x40001004);
	vcpu_set_result(&v, 7);
	assert_int_equal(v.arch.x[0], 7);
	assert_int_equal(v.arch.x[1], 'A');

	setup(0x40002000);	/* a trapped SMC: ELR is the SMC itself */
	v.arch.x[0] = 0x86000000;
	assert_true(trap(SLOT_SYNC, EC(0x17), 0, 0));
	assert_int_equal(e.reason, VM_EXIT_HYPERCALL);
	assert_int_equal(e.pc, 0x40002000);
	assert_int_equal(v.arch.pc, 0x40002004);
}

/* HVC #1 (VIREO_HVC_EMPTY) is the empty exit: the backend returns to the
 * guest, nothing changed; HVC #2 is a hypercall as HVC #0 is */
static void test_empty_exit(void **unused)
{
	uint64_t x[31];

	setup(0x40001004);
	v.arch.x[0] = 0x86000001;	/* would be PUTC by HVC #0 */
	memcpy(x, v.arch.x, sizeof(x));
	assert_false(trap(SLOT_SYNC, EC(0x16) | 1, 0, 0));
	assert_memory_equal(v.arch.x, x, sizeof(x));
	assert_int_equal(v.arch.pc, 0x40001004);
	vcpu_set_result(&v, 7);		/* nothing pending */
	assert_int_equal(v.arch.x[0], 0x86000001);
	assert_true(trap(SLOT_SYNC, EC(0x16) | 2, 0, 0));
	assert_int_equal(e.reason, VM_EXIT_HYPERCALL);
	assert_int_equal(e.hypercall.nr, 0x86000001);
}

static uint64_t psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
		     bool *to_core)
{
	setup(0x40001004);
	v.arch.x[0] = fn;
	v.arch.x[1] = a1;
	v.arch.x[2] = a2;
	v.arch.x[3] = a3;
	*to_core = trap(SLOT_SYNC, EC(0x16), 0, 0);
	return v.arch.x[0];
}

static void test_psci_answered_by_the_backend(void **unused)
{
	bool core;

	assert_int_equal(psci(0x84000000, 0, 0, 0, &core), 0x10000);
	assert_false(core);
	/* FEATURES: 0 for CPU_ON, NOT_SUPPORTED (-1) for CPU_SUSPEND */
	assert_int_equal(psci(0x8400000a, 0xc4000003, 0, 0, &core), 0);
	assert_false(core);
	assert_int_equal(psci(0x8400000a, 0xc4000001, 0, 0, &core),
			 (uint64_t)-1);
	assert_int_equal(psci(0x84000006, 0, 0, 0, &core), 2);
	assert_false(core);
	/* AFFINITY_INFO above level 0: INVALID_PARAMETERS (-2) */
	assert_int_equal(psci(0xc4000004, 0, 1, 0, &core), (uint64_t)-2);
	assert_false(core);
	/* an id of the PSCI range it does not implement: -1 */
	assert_int_equal(psci(0xc4000001, 0, 0, 0, &core), (uint64_t)-1);
	assert_false(core);
}

static void test_psci_power_requests(void **unused)
{
	bool core;

	psci(0x84000008, 0, 0, 0, &core);
	assert_true(core);
	assert_int_equal(e.reason, VM_EXIT_POWER);
	assert_int_equal(e.power.op, VM_POWER_OFF);
	psci(0x84000009, 0, 0, 0, &core);
	assert_int_equal(e.power.op, VM_POWER_RESET);
	psci(0x84000002, 0, 0, 0, &core);
	assert_int_equal(e.power.op, VM_POWER_CPU_OFF);

	psci(0xc4000003, 0x101, 0x40080000, 0x42, &core);
	assert_true(core);
	assert_int_equal(e.power.op, VM_POWER_CPU_ON);
	assert_int_equal(e.power.target, 0x101);
	assert_int_equal(e.power.entry, 0x40080000);
	assert_int_equal(e.power.context, 0x42);
	vcpu_set_power(&v, VM_POWER_ALREADY_ON);
	assert_int_equal(v.arch.x[0], (uint64_t)-4);

	/* SMC32 CPU_ON: arguments are the low words */
	psci(0x84000003, 0xffffffff00000001ULL, 0x1111111140080000ULL, 7, &core);
	assert_int_equal(e.power.target, 1);
	assert_int_equal(e.power.entry, 0x40080000);
	vcpu_set_power(&v, VM_POWER_INVALID);
	assert_int_equal(v.arch.x[0], (uint64_t)-2);

	psci(0xc4000004, 3, 0, 0, &core);
	assert_int_equal(e.power.op, VM_POWER_CPU_STATUS);
	assert_int_equal(e.power.target, 3);
	vcpu_set_power(&v, VM_POWER_STOPPED);	/* AFFINITY_INFO: 1 OFF */
	assert_int_equal(v.arch.x[0], 1);
	psci(0xc4000004, 3, 0, 0, &core);
	vcpu_set_power(&v, VM_POWER_PENDING);	/* 2 ON_PENDING */
	assert_int_equal(v.arch.x[0], 2);
	psci(0xc4000003, 1, 0, 0, &core);
	vcpu_set_power(&v, VM_POWER_DENIED);	/* DENIED -3 */
	assert_int_equal(v.arch.x[0], (uint64_t)-3);
}

static void test_other_traps(void **unused)
{
	uint64_t esr;

	setup(0x40004000);
	assert_true(trap(SLOT_SYNC, EC(0x01), 0, 0));	/* WFI: TI 0 */
	assert_int_equal(e.reason, VM_EXIT_IDLE);
	assert_false(e.idle.event);
	assert_true(trap(SLOT_SYNC, EC(0x01) | 1, 0, 0));	/* WFE: TI 1 */
	assert_true(e.idle.event);
	vcpu_skip(&v);
	assert_int_equal(v.arch.pc, 0x40004004);

	/* MRS x4, <reg>: Direction 1 (read), Rt 4 */
	esr = EC(0x18) | 4 << 5 | 1;
	assert_true(trap(SLOT_SYNC, esr, 0, 0));
	assert_int_equal(e.reason, VM_EXIT_SYSREG);
	assert_false(e.sysreg.write);
	assert_int_equal(e.sysreg.id, (uint32_t)(esr & 0x1ffffff));
	vcpu_set_result(&v, 0x1234);
	assert_int_equal(v.arch.x[4], 0x1234);
	/* MSR <reg>, x5 */
	v.arch.x[5] = 99;
	assert_true(trap(SLOT_SYNC, EC(0x18) | 5 << 5, 0, 0));
	assert_true(e.sysreg.write);
	assert_int_equal(e.sysreg.value, 99);

	assert_true(trap(9, 0, 0, 0));			/* IRQ */
	assert_int_equal(e.reason, VM_EXIT_HOST_IRQ);
	assert_true(trap(SLOT_SYNC, EC(0x00), 0, 0));	/* undefined */
	assert_int_equal(e.reason, VM_EXIT_UNHANDLED);
	assert_int_equal(e.unhandled.syndrome, EC(0x00));
	assert_true(trap(11, 0xbe000000, 0, 0));	/* SError */
	assert_int_equal(e.reason, VM_EXIT_UNHANDLED);
	assert_int_equal(e.unhandled.syndrome, 0xbe000000);
	assert_true(trap(12, 0, 0, 0));			/* from AArch32 */
	assert_int_equal(e.reason, VM_EXIT_UNHANDLED);
	/* an exit that set nothing to finish: a result changes nothing */
	vcpu_set_result(&v, 5);
	assert_int_equal(v.arch.x[0], 0xdead0000);
}

/* The core's side of the hot MMIO exit, faked: what it was asked, and
 * what it answers (NULL: done, the load's value in fast.value). */
static struct {
	unsigned int calls;
	uint64_t gpa, stored, value;
	unsigned int width;
	bool write;
	const char *answer;
} fast;

const char *vm_mmio_fast(struct vcpu *vc, uint64_t gpa, unsigned int width,
			 bool write, uint64_t *value)
{
	assert_ptr_equal(vc, &v);
	fast.calls++;
	fast.gpa = gpa;
	fast.width = width;
	fast.write = write;
	if (write)
		fast.stored = *value;
	else if (!fast.answer)
		*value = fast.value;
	return fast.answer;
}

static bool hot_exit(uint64_t esr, uint64_t gpa)
{
	return trap_is_mmio(esr) && trap_mmio_fast(&v, esr, gpa, hpfar_of(gpa));
}

/* Which syndromes are MMIO (ISV, translation or address size fault, no
 * stage-1 walk, a data abort from the lower EL) */
static void test_mmio_syndromes(void **unused)
{
	uint64_t mmio = EC(0x24) | ISV | SAS(2) | SRT(1);

	assert_true(trap_is_mmio(mmio | DFSC_TRANS_L3));
	assert_true(trap_is_mmio(mmio | 0x00));	/* address size, L0 */
	assert_true(trap_is_mmio(mmio | 0x04));	/* translation, L0 */
	assert_true(trap_is_mmio(mmio | WNR | SSE | SF | DFSC_TRANS_L3));
	assert_false(trap_is_mmio(mmio | DFSC_PERM_L3));
	assert_false(trap_is_mmio(mmio | 0x0b));	/* access flag, L3 */
	assert_false(trap_is_mmio(mmio | DFSC_SYNC_EXT));
	assert_false(trap_is_mmio(mmio | S1PTW | DFSC_TRANS_L3));
	assert_false(trap_is_mmio((mmio & ~ISV) | DFSC_TRANS_L3));
	assert_false(trap_is_mmio(EC(0x25) | ISV | DFSC_TRANS_L3));
	assert_false(trap_is_mmio(EC(0x20) | ISV | DFSC_TRANS_L3));
}

/* The hot exit: the core's answer into the load's register, as
 * vcpu_set_result() would, the access skipped; a store's value given */
static void test_mmio_hot_exit(void **unused)
{
	setup(0x40001000);
	memset(&fast, 0, sizeof(fast));
	/* ldr w1: 32 bits, the upper half of x1 zero */
	fast.value = 0xffffffff80706050ULL;
	assert_true(hot_exit(EC(0x24) | ISV | SAS(2) | SRT(1) | DFSC_TRANS_L3,
			     0x0b00000c));
	assert_int_equal(fast.gpa, 0x0b00000c);
	assert_int_equal(fast.width, 4);
	assert_false(fast.write);
	assert_int_equal(v.arch.x[1], 0x80706050);
	assert_int_equal(v.arch.x[2], 0xdead0002);
	assert_int_equal(v.arch.pc, 0x40001004);
	/* ldrsh x3: sign-extended to 64 bits */
	fast.value = 0x18001;
	assert_true(hot_exit(EC(0x24) | ISV | SAS(1) | SSE | SF | SRT(3) |
			     DFSC_TRANS_L3, 0x0b000002));
	assert_int_equal(v.arch.x[3], 0xffffffffffff8001ULL);
	assert_int_equal(v.arch.pc, 0x40001008);
	/* ldrsb w4: sign-extended to 32 bits; a 16-bit T32 load skips 2 */
	fast.value = 0x80;
	assert_true(hot_exit((EC(0x24) & ~IL) | ISV | SAS(0) | SSE | SRT(4) |
			     DFSC_TRANS_L3, 0x0b000001));
	assert_int_equal(v.arch.x[4], 0xffffff80);
	assert_int_equal(v.arch.pc, 0x4000100a);
	/* str x5: its value to the core, no register changes */
	assert_true(hot_exit(EC(0x24) | ISV | SAS(3) | SF | SRT(5) | WNR |
			     DFSC_TRANS_L3, 0x0b000000));
	assert_true(fast.write);
	assert_int_equal(fast.width, 8);
	assert_int_equal(fast.stored, 0xdead0005);
	assert_int_equal(v.arch.x[5], 0xdead0005);
	/* strb wzr: zero, the low byte */
	assert_true(hot_exit(EC(0x24) | ISV | SAS(0) | SRT(31) | WNR |
			     DFSC_TRANS_L3, 0x0b000003));
	assert_int_equal(fast.stored, 0);
	assert_int_equal(v.arch.pc, 0x40001012);
	assert_int_equal(fast.calls, 5);
}

/* Declined by the core, or the virtual distributor's: nothing changes,
 * the trap is decoded as usual */
static void test_mmio_hot_exit_declined(void **unused)
{
	uint64_t ldr_w1 = EC(0x24) | ISV | SAS(2) | SRT(1) | DFSC_TRANS_L3;

	setup(0x40001000);
	memset(&fast, 0, sizeof(fast));
	fast.answer = "no device";
	assert_false(hot_exit(ldr_w1, 0x0c000000));
	assert_int_equal(fast.calls, 1);
	assert_int_equal(v.arch.x[1], 0xdead0001);
	assert_int_equal(v.arch.pc, 0x40001000);
	/* its GICD (one page, where its configuration put it) is the
	 * backend's: the core is not asked */
	fast.answer = NULL;
	assert_false(hot_exit(ldr_w1, 0x08000004));
	assert_false(hot_exit(ldr_w1, 0x08000ffc));
	assert_int_equal(fast.calls, 1);
	assert_true(hot_exit(ldr_w1, 0x08001000));	/* past it */
	assert_int_equal(fast.calls, 2);
	v.arch.gicd_base = 0x2c000000;			/* elsewhere */
	assert_true(hot_exit(ldr_w1, 0x08000004));
	assert_int_equal(fast.calls, 3);
	assert_false(hot_exit(ldr_w1, 0x2c000004));
	assert_int_equal(fast.calls, 3);
}

#define MRS(reg, rt) MSR_ISS(reg, rt, 1)
#define MSR(reg, rt) MSR_ISS(reg, rt, 0)

/* An access the backend answers: no exit, the PC past it. */
static void answered(uint64_t esr)
{
	uint64_t pc = v.arch.pc;

	assert_false(trap(SLOT_SYNC, esr, 0, 0));
	assert_int_equal(v.arch.pc, pc + 4);
}

/* PMU registers read as zero (PMCR_EL0.N 0: no counters), writes are
 * ignored; debug registers the same; none of them stops the VM. */
static void test_pmu_and_debug_read_as_zero(void **unused)
{
	setup(0x40001000);
	answered(MRS(PMCR_EL0, 3));
	assert_int_equal(v.arch.x[3], 0);
	answered(MSR(PMUSERENR_EL0, 2));
	answered(MSR(PMINTENCLR_EL1, 2));
	answered(MRS(PMEVTYPER5_EL0, 6));
	assert_int_equal(v.arch.x[6], 0);
	answered(MSR(PMCCFILTR_EL0, 31));	/* xzr */
	answered(MRS(MDSCR_EL1, 1));
	assert_int_equal(v.arch.x[1], 0);
	answered(MSR(DBGBCR3_EL1, 7));
	answered(MRS(DBGWVR1_EL1, 8));
	assert_int_equal(v.arch.x[8], 0);
	answered(MSR(OSDLR_EL1, 9));
	answered(MRS(PMCR_EL0, 31));		/* into xzr: nothing */
	assert_int_equal(v.arch.x[2], 0xdead0002);	/* untouched */
	assert_int_equal(v.arch.x[7], 0xdead0007);
	assert_int_equal(v.arch.pc, 0x40001000 + 10 * 4);
}

/* The OS Lock (D19.3.3): OSLSR_EL1.OSLM 0b10 (bit 3: implemented),
 * OSLK (bit 1) as OSLAR_EL1.OSLK (bit 0) last set it. */
static void test_os_lock(void **unused)
{
	setup(0x40001000);
	answered(MRS(OSLSR_EL1, 4));
	assert_int_equal(v.arch.x[4], 0x8);
	v.arch.x[0] = 1;
	answered(MSR(OSLAR_EL1, 0));
	answered(MRS(OSLSR_EL1, 4));
	assert_int_equal(v.arch.x[4], 0xa);
	answered(MSR(OSLAR_EL1, 31));		/* xzr: unlocked */
	answered(MRS(OSLSR_EL1, 4));
	assert_int_equal(v.arch.x[4], 0x8);
}

/* DC ISW, CSW and CISW are done as clean and invalidate, with the
 * guest's set/way operand; other registers still reach the core. */
static void test_set_way_and_others(void **unused)
{
	setup(0x40001000);
	nr_cisw = 0;
	v.arch.x[4] = 0x80000040;
	answered(MSR(DC_ISW, 4));
	answered(MSR(DC_CSW, 4));
	v.arch.x[5] = 0x40000002;
	answered(MSR(DC_CISW, 5));
	assert_int_equal(nr_cisw, 3);
	assert_int_equal(cisw_ops[0], 0x80000040);
	assert_int_equal(cisw_ops[1], 0x80000040);
	assert_int_equal(cisw_ops[2], 0x40000002);
	/* ACTLR_EL1 (HCR_EL2.TACR): the core decides (the VM stops) */
	assert_true(trap(SLOT_SYNC, MSR(ACTLR_EL1, 1), 0, 0));
	assert_int_equal(e.reason, VM_EXIT_SYSREG);
	assert_true(e.sysreg.write);
	assert_int_equal(v.arch.pc, 0x40001000 + 3 * 4);
	assert_int_equal(nr_cisw, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mmio_load_sign_extended_w),
		cmocka_unit_test(test_mmio_load_widths),
		cmocka_unit_test(test_mmio_stores),
		cmocka_unit_test(test_gpa_from_hpfar_and_far),
		cmocka_unit_test(test_aborts_that_are_faults),
		cmocka_unit_test(test_hvc_and_smc_hypercalls),
		cmocka_unit_test(test_empty_exit),
		cmocka_unit_test(test_psci_answered_by_the_backend),
		cmocka_unit_test(test_psci_power_requests),
		cmocka_unit_test(test_other_traps),
		cmocka_unit_test(test_mmio_syndromes),
		cmocka_unit_test(test_mmio_hot_exit),
		cmocka_unit_test(test_mmio_hot_exit_declined),
		cmocka_unit_test(test_pmu_and_debug_read_as_zero),
		cmocka_unit_test(test_os_lock),
		cmocka_unit_test(test_set_way_and_others),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
