// SPDX-License-Identifier: MIT
/*
 * arch/x86_64/virt/vmx_rules.c against the Intel SDM vol. 3: control
 * words from the capability MSRs (appendix A.3: allowed-0 settings in
 * bits 31:0, allowed-1 in 63:32; bits 1, 2 and 4 of the pin-based
 * controls are default1), the guest-state values a VM entry checks
 * (27.3.1.1: IA32_EFER's reserved bits, IA32_PAT's memory types, canonical
 * bases), what MOV to CR0/CR4 refuses (2.4.3, 4.1.1), and the exit
 * qualifications of I/O instructions (table 28-5) and EPT violations
 * (table 28-7), the exits of instructions a guest without VMX, SMX,
 * MONITOR/MWAIT or XSAVE does not have (appendix C).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <asm/vmx.h>
#include <asm/x86_virt.h>

static void test_adjust_ctl(void **state)
{
	/* pin-based: default1 bits 1, 2, 4; bits 0..6 allowed */
	uint64_t cap = 0x7fULL << 32 | 0x16;
	uint32_t ctl;

	(void)state;
	assert_true(vmx_adjust_ctl(cap, 1u << 0 | 1u << 6, 1u << 0, &ctl));
	assert_int_equal(ctl, 0x57);
	/* the preemption timer (bit 6) not allowed-1: dropped, and refused
	 * when needed */
	cap = 0x3fULL << 32 | 0x16;
	assert_true(vmx_adjust_ctl(cap, 1u << 0 | 1u << 6, 1u << 0, &ctl));
	assert_int_equal(ctl, 0x17);
	assert_false(vmx_adjust_ctl(cap, 1u << 6, 1u << 6, &ctl));
	/* a bit wanted 0 that the CPU requires 1 stays 1 */
	assert_true(vmx_adjust_ctl(cap, 0, 0, &ctl));
	assert_int_equal(ctl, 0x16);
}

static void test_canonical(void **state)
{
	(void)state;
	assert_true(vmx_canonical(0x00007fffffffffffULL));
	assert_false(vmx_canonical(0x0000800000000000ULL));
	assert_true(vmx_canonical(0xffff800000000000ULL));
	assert_false(vmx_canonical(0x8000000000000000ULL));
}

static void test_msr_values(void **state)
{
	(void)state;
	/* EFER: SCE, LME, LMA, NXE; SVME (bit 12) and reserved bit 1 not */
	assert_true(vmx_msr_value_ok(VMCS_GUEST_EFER, 0xd01));
	assert_false(vmx_msr_value_ok(VMCS_GUEST_EFER, 1u << 12));
	assert_false(vmx_msr_value_ok(VMCS_GUEST_EFER, 1u << 1));
	/* PAT: the power-on value; types 2, 3 and above 7 are reserved */
	assert_true(vmx_msr_value_ok(VMCS_GUEST_PAT, 0x0007040600070406ULL));
	assert_false(vmx_msr_value_ok(VMCS_GUEST_PAT, 0x0007040600070402ULL));
	assert_false(vmx_msr_value_ok(VMCS_GUEST_PAT, 0x0307040600070406ULL));
	assert_false(vmx_msr_value_ok(VMCS_GUEST_PAT, 0x0807040600070406ULL));
	/* the bases are addresses */
	assert_true(vmx_msr_value_ok(VMCS_SEG_BASE(SEG_FS), 0xffff800000001000ULL));
	assert_false(vmx_msr_value_ok(VMCS_SEG_BASE(SEG_GS), 1ULL << 47));
	assert_false(vmx_msr_value_ok(VMCS_GUEST_SYSENTER_EIP, 1ULL << 63));
	/* STAR any value; SFMASK 32 bits; LSTAR an address */
	assert_true(vmx_lazy_msr_value_ok(0xc0000081, ~0ULL));
	assert_true(vmx_lazy_msr_value_ok(0xc0000084, 0x47700));
	assert_false(vmx_lazy_msr_value_ok(0xc0000084, 1ULL << 32));
	assert_false(vmx_lazy_msr_value_ok(0xc0000082, 1ULL << 50));
}

#define CR0_PE_ 1ULL
#define CR0_PG_ (1ULL << 31)
#define EFER_LME_ (1ULL << 8)
#define CR4_PAE_ (1ULL << 5)

static void test_control_registers(void **state)
{
	(void)state;
	assert_true(vmx_cr0_ok(CR0_PE_, 0, 0));
	assert_false(vmx_cr0_ok(CR0_PG_, 0, 0));		/* PG without PE */
	assert_false(vmx_cr0_ok(1ULL << 32 | CR0_PE_, 0, 0));	/* reserved */
	/* long mode: PAE before PG */
	assert_true(vmx_cr0_ok(CR0_PG_ | CR0_PE_, EFER_LME_, CR4_PAE_));
	assert_false(vmx_cr0_ok(CR0_PG_ | CR0_PE_, EFER_LME_, 0));
	assert_true(vmx_cr0_ok(CR0_PG_ | CR0_PE_, 0, 0));	/* 32-bit paging */
	/* CR4: VMXE (bit 13) is not the guest's; nor a bit fixed1 lacks */
	assert_true(vmx_cr4_ok(CR4_PAE_, 0x3727ff));
	assert_false(vmx_cr4_ok(1ULL << 13, 0x3727ff));
	assert_false(vmx_cr4_ok(1ULL << 22, 0x3727ff));
}

static void test_io_qualification(void **state)
{
	struct x86_exit e = { 0 };

	(void)state;
	/* out %al, $0x80: 1 byte, out, immediate port (bit 6) */
	vmx_decode_io(0x80ULL << 16 | 1u << 6, &e);
	assert_int_equal(e.kind, X86_EXIT_IO);
	assert_int_equal(e.io.port, 0x80);
	assert_int_equal(e.io.size, 1);
	assert_false(e.io.in);
	assert_false(e.io.string);
	/* in %dx, %ax at 0x3f8: size field 1 (2 bytes), direction 1 (in) */
	vmx_decode_io(0x3f8ULL << 16 | 1 | 1u << 3, &e);
	assert_int_equal(e.io.port, 0x3f8);
	assert_int_equal(e.io.size, 2);
	assert_true(e.io.in);
	/* rep outsl: size field 3 (4 bytes), string, REP */
	vmx_decode_io(0x3f8ULL << 16 | 3 | 1u << 4 | 1u << 5, &e);
	assert_int_equal(e.io.size, 4);
	assert_true(e.io.string);
	assert_true(e.io.rep);
}

static void test_ept_qualification(void **state)
{
	struct x86_exit e = { 0 };

	(void)state;
	/* a read of nothing mapped (guest-linear address valid, bits 7, 8) */
	vmx_decode_ept(0x181, 0x201000, &e);
	assert_int_equal(e.kind, X86_EXIT_NPF);
	assert_int_equal(e.npf.gpa, 0x201000);
	assert_false(e.npf.write);
	assert_false(e.npf.fetch);
	assert_false(e.npf.present);
	assert_int_equal(e.insn_len, 0);
	/* a write to a page the EPT maps readable and executable */
	vmx_decode_ept(1u << 1 | 1u << 3 | 1u << 5, 0x100000, &e);
	assert_true(e.npf.write);
	assert_true(e.npf.present);
	/* an instruction fetch */
	vmx_decode_ept(1u << 2, 0x202000, &e);
	assert_true(e.npf.fetch);
	assert_false(e.npf.present);
}

/* Appendix C's numbers: what #UD answers, what the backend handles */
static void test_exits_answered_with_ud(void **state)
{
	static const uint32_t ud[] = { 11, 19, 20, 21, 22, 23, 24, 25, 26, 27,
				       36, 39, 50, 53, 55, 59 };
	static const uint32_t not_ud[] = { 0, 1, 2, 10, 12, 18, 28, 30, 31,
					   32, 48, 49, 52 };
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(ud) / sizeof(ud[0]); i++)
		assert_true(vmx_exit_is_ud(ud[i]));
	for (i = 0; i < sizeof(not_ud) / sizeof(not_ud[0]); i++)
		assert_false(vmx_exit_is_ud(not_ud[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adjust_ctl),
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_msr_values),
		cmocka_unit_test(test_control_registers),
		cmocka_unit_test(test_io_qualification),
		cmocka_unit_test(test_ept_qualification),
		cmocka_unit_test(test_exits_answered_with_ud),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
