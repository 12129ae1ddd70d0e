// SPDX-License-Identifier: MIT
/*
 * arch/riscv64/virt/{insn,exit,sbi}.c: traps of a riscv64 guest as
 * struct vm_exit. Instruction words are the RISC-V unprivileged spec's
 * encodings (each named beside it, as the GNU assembler encodes it);
 * scause codes and htval's GPA >> 2 the privileged spec's "Hypervisor
 * Extension"; SBI ids, error codes and hart states the SBI spec v1.0's -
 * not the code under test's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hal/vcpu.h>
#include <vireo/hypercall.h>

#define ECALL_VS 10
#define LOAD_GPF 21
#define VIRTUAL_INSN 22
#define STORE_GPF 23
#define A0 10
#define A1 11
#define A6 16
#define A7 17

/* what sbi.c reaches through the backend: recorded */
static uint32_t raised[4], fenced;
static uint64_t timer_set;

void riscv_vcpu_raise(struct vcpu *v, uint32_t bits)
{
	raised[v->id] |= bits;
}

void riscv_vcpu_fence(struct vcpu *v)
{
	fenced |= 1U << v->id;
}

void riscv_vcpu_set_timer(struct vcpu *v, uint64_t when)
{
	timer_set = when;
}

static struct vcpu vcpus[2];
static struct arch_vm avm;

static int setup(void **state)
{
	memset(vcpus, 0, sizeof(vcpus));
	memset(&avm, 0, sizeof(avm));
	memset(raised, 0, sizeof(raised));
	fenced = 0;
	avm.nr_vcpus = 2;
	for (unsigned int i = 0; i < 2; i++) {
		vcpus[i].id = i;
		vcpus[i].arch.vm = &avm;
		vcpus[i].arch.pc = 0x80001000;
		avm.vcpus[i] = &vcpus[i];
	}
	return 0;
}

static bool decode(uint64_t scause, uint32_t insn, uint64_t gpa,
		   struct vm_exit *e)
{
	struct riscv_trap t = { scause, gpa & 3, gpa >> 2, 0, insn, 0, 0, 0 };

	memset(e, 0xa5, sizeof(*e));
	return riscv_exit_decode(&vcpus[0], &t, e);
}

static void expect_mmio(uint32_t insn, unsigned int width, unsigned int reg,
			bool write, bool sign, unsigned int len)
{
	struct riscv_mmio_insn m;

	assert_true(riscv_decode_mmio(insn, &m));
	assert_int_equal(m.width, width);
	assert_int_equal(m.reg, reg);
	assert_int_equal(m.write, write);
	assert_int_equal(m.sign_extend, sign);
	assert_int_equal(m.len, len);
}

static void test_decode_base_loads_and_stores(void **state)
{
	expect_mmio(0x0005a503, 4, 10, false, true, 4);	/* lw a0,0(a1) */
	expect_mmio(0xfff40283, 1, 5, false, true, 4);	/* lb t0,-1(s0) */
	expect_mmio(0x0040cf83, 1, 31, false, false, 4);	/* lbu t6,4(ra) */
	expect_mmio(0x00269603, 2, 12, false, true, 4);	/* lh a2,2(a3) */
	expect_mmio(0x0026d603, 2, 12, false, false, 4);	/* lhu a2,2(a3) */
	expect_mmio(0x00096483, 4, 9, false, false, 4);	/* lwu s1,0(s2) */
	expect_mmio(0x00813083, 8, 1, false, false, 4);	/* ld ra,8(sp) */
	expect_mmio(0x00b50023, 1, 11, true, false, 4);	/* sb a1,0(a0) */
	expect_mmio(0x01ff1323, 2, 31, true, false, 4);	/* sh t6,6(t5) */
	expect_mmio(0xffb52e23, 4, 27, true, false, 4);	/* sw s11,-4(a0) */
	expect_mmio(0x00b53423, 8, 11, true, false, 4);	/* sd a1,8(a0) */
}

static void test_decode_compressed(void **state)
{
	expect_mmio(0x4188, 4, 10, false, true, 2);	/* c.lw a0,0(a1) */
	expect_mmio(0x6394, 8, 13, false, false, 2);	/* c.ld a3,0(a5) */
	expect_mmio(0xc38c, 4, 11, true, false, 2);	/* c.sw a1,0(a5) */
	expect_mmio(0xe38c, 8, 11, true, false, 2);	/* c.sd a1,0(a5) */
	expect_mmio(0x4702, 4, 14, false, true, 2);	/* c.lwsp a4,0(sp) */
	expect_mmio(0x6682, 8, 13, false, false, 2);	/* c.ldsp a3,0(sp) */
	expect_mmio(0xc02e, 4, 11, true, false, 2);	/* c.swsp a1,0(sp) */
	expect_mmio(0xe02e, 8, 11, true, false, 2);	/* c.sdsp a1,0(sp) */
	/* the upper half of a 32-bit fetch does not matter for these */
	expect_mmio(0xffff4188, 4, 10, false, true, 2);
}

static void test_decode_refuses_others(void **state)
{
	struct riscv_mmio_insn m;

	assert_false(riscv_decode_mmio(0x2188, &m));	/* c.fld fa0,0(a1) */
	assert_false(riscv_decode_mmio(0x0005a507, &m));	/* flw fa0,0(a1) */
	assert_false(riscv_decode_mmio(0x00b535af, &m));	/* amoadd.d */
	assert_false(riscv_decode_mmio(0x0505, &m));	/* c.addi a0,1 */
	assert_false(riscv_decode_mmio(0x0000f003, &m));	/* LOAD funct3 7 */
	assert_false(riscv_decode_mmio(0x00004023, &m));	/* STORE funct3 4 */
	assert_false(riscv_decode_mmio(0x4002, &m));	/* c.lwsp x0: reserved */
}

static void test_hypercall(void **state)
{
	struct vm_exit e;

	vcpus[0].arch.x[A7] = VIREO_HC_PUTC;
	vcpus[0].arch.x[A0] = 'x';
	vcpus[0].arch.x[A0 + 5] = 6;
	assert_true(decode(ECALL_VS, 0, 0, &e));
	assert_int_equal(e.reason, VM_EXIT_HYPERCALL);
	assert_int_equal(e.hypercall.nr, VIREO_HC_PUTC);
	assert_int_equal(e.hypercall.args[0], 'x');
	assert_int_equal(e.hypercall.args[5], 6);
	assert_int_equal(e.pc, 0x80001000);
	/* the ecall completed: the PC is past it, the result in a0 */
	assert_int_equal(vcpus[0].arch.pc, 0x80001004);
	vcpu_set_result(&vcpus[0], 0);
	assert_int_equal(vcpus[0].arch.x[A0], 0);
	/* the empty exit: nothing for the core, no register changed */
	vcpus[0].arch.x[A7] = VIREO_ECALL_EMPTY;
	vcpus[0].arch.x[A0] = 77;
	assert_false(decode(ECALL_VS, 0, 0, &e));
	assert_int_equal(vcpus[0].arch.x[A0], 77);
	assert_int_equal(vcpus[0].arch.pc, 0x80001008);
}

static void sbi(uint64_t ext, uint64_t fid, uint64_t a0, uint64_t a1,
		struct vm_exit *e, bool core)
{
	vcpus[0].arch.x[A7] = ext;
	vcpus[0].arch.x[A6] = fid;
	vcpus[0].arch.x[A0] = a0;
	vcpus[0].arch.x[A1] = a1;
	assert_int_equal(decode(ECALL_VS, 0, 0, e), core);
}

#define NEG(n) ((uint64_t)(int64_t)(n))

static void test_sbi_answered_by_the_backend(void **state)
{
	struct vm_exit e;

	sbi(0x10, 0, 0, 0, &e, false);		/* get_spec_version */
	assert_int_equal(vcpus[0].arch.x[A0], 0);
	assert_int_equal(vcpus[0].arch.x[A1], 1u << 24);	/* v1.0 */
	sbi(0x10, 3, 0x48534d, 0, &e, false);	/* probe_extension(HSM) */
	assert_int_equal(vcpus[0].arch.x[A1], 1);
	sbi(0x10, 3, 0x4442434e, 0, &e, false);	/* probe(DBCN): absent */
	assert_int_equal(vcpus[0].arch.x[A1], 0);
	sbi(0x12345678, 0, 0, 0, &e, false);	/* no such extension */
	assert_int_equal(vcpus[0].arch.x[A0], NEG(-2));
	sbi(0x54494d45, 0, 12345, 0, &e, false);	/* set_timer */
	assert_int_equal(timer_set, 12345);
	/* send_ipi(mask 0b10, base 0): hart 1; base -1: all */
	sbi(0x735049, 0, 2, 0, &e, false);
	assert_int_equal(vcpus[0].arch.x[A0], 0);
	assert_int_equal(raised[1], 1u << 2);		/* hvip.VSSIP */
	assert_int_equal(raised[0], 0);
	sbi(0x735049, 0, 0, ~0ULL, &e, false);
	assert_int_equal(raised[0], 1u << 2);
	/* a hart it does not have: SBI_ERR_INVALID_PARAM */
	sbi(0x735049, 0, 1, 2, &e, false);
	assert_int_equal(vcpus[0].arch.x[A0], NEG(-3));
	sbi(0x52464e43, 1, 3, 0, &e, false);	/* remote_sfence_vma */
	assert_int_equal(fenced, 3);
}

static void test_sbi_for_the_core(void **state)
{
	struct vm_exit e;

	vcpus[0].arch.x[A0 + 2] = 0x99;
	sbi(0x48534d, 0, 1, 0x80002000, &e, true);	/* hart_start */
	assert_int_equal(e.reason, VM_EXIT_POWER);
	assert_int_equal(e.power.op, VM_POWER_CPU_ON);
	assert_int_equal(e.power.target, 1);
	assert_int_equal(e.power.entry, 0x80002000);
	assert_int_equal(e.power.context, 0x99);
	vcpu_set_power(&vcpus[0], VM_POWER_ALREADY_ON);
	assert_int_equal(vcpus[0].arch.x[A0], NEG(-6));
	sbi(0x48534d, 2, 1, 0, &e, true);	/* hart_get_status */
	assert_int_equal(e.power.op, VM_POWER_CPU_STATUS);
	vcpu_set_power(&vcpus[0], VM_POWER_STOPPED);
	assert_int_equal(vcpus[0].arch.x[A0], 0);
	assert_int_equal(vcpus[0].arch.x[A1], 1);	/* STOPPED */
	sbi(0x53525354, 0, 0, 0, &e, true);	/* shutdown */
	assert_int_equal(e.reason, VM_EXIT_POWER);
	assert_int_equal(e.power.op, VM_POWER_OFF);
	sbi(0x53525354, 0, 1, 0, &e, true);	/* cold reboot */
	assert_int_equal(e.power.op, VM_POWER_RESET);
	sbi(0x53525354, 0, 0, 1, &e, true);	/* shutdown: system failure */
	assert_int_equal(e.reason, VM_EXIT_HYPERCALL);
	assert_int_equal(e.hypercall.nr, VIREO_HC_EXIT);
	assert_int_equal(e.hypercall.args[0], 1);
	sbi(0x01, 0, 'k', 0, &e, true);		/* legacy putchar */
	assert_int_equal(e.hypercall.nr, VIREO_HC_PUTC);
	assert_int_equal(e.hypercall.args[0], 'k');
}

static void test_mmio_load_sign_extends(void **state)
{
	struct vm_exit e;

	/* lb t0,-1(s0) at GPA 0xb000007: htval GPA >> 2, stval's low bits */
	assert_true(decode(LOAD_GPF, 0xfff40283, 0xb000007, &e));
	assert_int_equal(e.reason, VM_EXIT_MMIO);
	assert_int_equal(e.mmio.addr, 0xb000007);
	assert_int_equal(e.mmio.width, 1);
	assert_false(e.mmio.write);
	assert_true(e.mmio.sign_extend);
	vcpu_set_result(&vcpus[0], 0x1280);	/* truncated to a byte */
	assert_int_equal(vcpus[0].arch.x[5], 0xffffffffffffff80ULL);
	vcpu_skip(&vcpus[0]);
	assert_int_equal(vcpus[0].arch.pc, 0x80001004);
	/* lwu s1: zero-extended */
	assert_true(decode(LOAD_GPF, 0x00096483, 0xb000000, &e));
	vcpu_set_result(&vcpus[0], 0xffffffff80706050ULL);
	assert_int_equal(vcpus[0].arch.x[9], 0x80706050);
	/* c.lw a0: a compressed one is skipped by 2 */
	assert_true(decode(LOAD_GPF, 0x4188, 0xb000000, &e));
	vcpu_set_result(&vcpus[0], 0x80000000);
	assert_int_equal(vcpus[0].arch.x[A0], 0xffffffff80000000ULL);
	vcpu_skip(&vcpus[0]);
	assert_int_equal(vcpus[0].arch.pc, 0x80001006);
}

static void test_mmio_store_and_others(void **state)
{
	struct vm_exit e;

	vcpus[0].arch.x[27] = 0x1122334455667788ULL;
	assert_true(decode(STORE_GPF, 0xffb52e23, 0xb000000, &e));	/* sw s11 */
	assert_int_equal(e.reason, VM_EXIT_MMIO);
	assert_true(e.mmio.write);
	assert_int_equal(e.mmio.width, 4);
	assert_int_equal(e.mmio.reg, 27);
	assert_int_equal(e.mmio.value & 0xffffffff, 0x55667788);
	/* an AMO is no access to emulate: a stage-2 fault */
	assert_true(decode(STORE_GPF, 0x00b535af, 0xb000000, &e));
	assert_int_equal(e.reason, VM_EXIT_STAGE2_FAULT);
	assert_int_equal(e.fault.access, VM_ACCESS_WRITE);
	assert_int_equal(e.fault.gpa, 0xb000000);
	/* a load fault whose instruction is a store: not trusted */
	assert_true(decode(LOAD_GPF, 0x00b53423, 0xb000000, &e));
	assert_int_equal(e.reason, VM_EXIT_STAGE2_FAULT);
	/* an instruction fetch */
	assert_true(decode(20, 0, 0x80101000, &e));
	assert_int_equal(e.reason, VM_EXIT_STAGE2_FAULT);
	assert_int_equal(e.fault.access, VM_ACCESS_EXEC);
	assert_int_equal(e.fault.gpa, 0x80101000);
}

/* A load guest page fault whose instruction's read (HLVX) faulted with
 * cause read_cause at guest address addr. */
static bool decode_unreadable(uint64_t read_cause, uint64_t addr,
			      struct vm_exit *e)
{
	struct riscv_trap t = { LOAD_GPF, 0, 0xb000000 >> 2, 0, 0, 0,
				read_cause, addr };

	memset(e, 0xa5, sizeof(*e));
	return riscv_exit_decode(&vcpus[0], &t, e);
}

/*
 * The read of the instruction faulted. A page fault (13) in the guest's
 * own table: the guest re-entered at the same PC, this hart's VS-stage
 * translations to be flushed first (its fetch then takes its own fault),
 * nothing for the core; the same again at once: stopped. A guest-page
 * fault (21) or an access fault (5): stopped at once, the exit naming
 * the read's cause and address.
 */
static void test_unreadable_instruction(void **state)
{
	struct arch_vcpu *a = &vcpus[0].arch;
	struct vm_exit e;

	assert_false(decode_unreadable(13, 0x80001000, &e));
	assert_int_equal(a->pc, 0x80001000);
	assert_true(a->fences);
	assert_int_equal(a->skip_len, 0);
	assert_true(decode_unreadable(13, 0x80001000, &e));
	assert_int_equal(e.reason, VM_EXIT_UNHANDLED);
	assert_int_equal(e.unhandled.syndrome, 13);
	assert_int_equal(e.unhandled.info, 0x80001000);
	assert_int_equal(e.pc, 0x80001000);
	/* any other trap between: a retry again */
	assert_true(decode(20, 0, 0x80101000, &e));
	a->fences = false;
	assert_false(decode_unreadable(13, 0x80001000, &e));
	assert_true(a->fences);

	assert_true(decode_unreadable(21, 0x20080001000, &e));
	assert_int_equal(e.reason, VM_EXIT_UNHANDLED);
	assert_int_equal(e.unhandled.syndrome, 21);
	assert_int_equal(e.unhandled.info, 0x20080001000);
	assert_non_null(strstr(e.unhandled.what, "guest-page fault"));
	assert_true(decode_unreadable(5, 0x80001000, &e));
	assert_int_equal(e.reason, VM_EXIT_UNHANDLED);
	assert_int_equal(e.unhandled.syndrome, 5);
	assert_non_null(strstr(e.unhandled.what, "access fault"));
}

static void test_virtual_instructions(void **state)
{
	struct vm_exit e;

	assert_true(decode(VIRTUAL_INSN, 0x10500073, 0, &e));	/* wfi */
	assert_int_equal(e.reason, VM_EXIT_IDLE);
	assert_false(e.idle.event);
	vcpu_skip(&vcpus[0]);
	assert_int_equal(vcpus[0].arch.pc, 0x80001004);
	vcpus[0].arch.x[A0] = 42;
	assert_true(decode(VIRTUAL_INSN, 0x68051073, 0, &e));	/* csrw hgatp,a0 */
	assert_int_equal(e.reason, VM_EXIT_SYSREG);
	assert_int_equal(e.sysreg.id, 0x680);
	assert_true(e.sysreg.write);
	assert_int_equal(e.sysreg.value, 42);
	assert_true(decode(VIRTUAL_INSN, 0x68002573, 0, &e));	/* csrr a0,hgatp */
	assert_false(e.sysreg.write);
	assert_true(decode(VIRTUAL_INSN, 0x6802d073, 0, &e));	/* csrwi hgatp,5 */
	assert_true(e.sysreg.write);
	assert_int_equal(e.sysreg.value, 5);
	assert_true(decode(VIRTUAL_INSN, 0x00000013, 0, &e));	/* nop */
	assert_int_equal(e.reason, VM_EXIT_UNHANDLED);
	assert_true(decode(2, 0, 0, &e));	/* illegal instruction */
	assert_int_equal(e.reason, VM_EXIT_UNHANDLED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_base_loads_and_stores),
		cmocka_unit_test(test_decode_compressed),
		cmocka_unit_test(test_decode_refuses_others),
		cmocka_unit_test_setup(test_hypercall, setup),
		cmocka_unit_test_setup(test_sbi_answered_by_the_backend, setup),
		cmocka_unit_test_setup(test_sbi_for_the_core, setup),
		cmocka_unit_test_setup(test_mmio_load_sign_extends, setup),
		cmocka_unit_test_setup(test_mmio_store_and_others, setup),
		cmocka_unit_test_setup(test_virtual_instructions, setup),
		cmocka_unit_test_setup(test_unreadable_instruction, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
