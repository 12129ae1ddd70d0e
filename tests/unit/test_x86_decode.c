// SPDX-License-Identifier: MIT
/*
 * arch/x86_64/virt/decode.c: the MOV forms behind an MMIO exit. Each
 * instruction is hand-encoded from the Intel SDM vol. 2 (prefixes 2.1.1,
 * REX 2.2.1, ModRM/SIB tables 2-1 to 2-3, MOV/MOVZX/MOVSX/MOVSXD opcodes
 * 88, 89, 8A, 8B, C6 /0, C7 /0, A0-A3, 0F B6/B7/BE/BF, 63) - not taken
 * from the code under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../arch/x86_64/virt/x86.h"

#define DECODE(mode, ...)                                                   \
	({                                                                  \
		static const uint8_t b_[] = { __VA_ARGS__ };                \
		x86_decode_mmio(b_, sizeof(b_), mode, &in);                 \
	})

static struct x86_mmio_insn in;

static void expect(unsigned int len, unsigned int width, bool write,
		   unsigned int reg, unsigned int dest_bits, bool sign)
{
	assert_int_equal(in.len, len);
	assert_int_equal(in.width, width);
	assert_int_equal(in.write, write);
	if (!in.has_imm)
		assert_int_equal(in.reg, reg);
	if (!write) {
		assert_int_equal(in.dest_bits, dest_bits);
		assert_int_equal(in.sign_extend, sign);
	}
}

static void test_stores_of_registers(void **state)
{
	(void)state;
	assert_null(DECODE(X86_MODE_64, 0x88, 0x07));	/* mov %al,(%rdi) */
	expect(2, 1, true, X86_RAX, 0, false);
	assert_false(in.high8);
	assert_null(DECODE(X86_MODE_64, 0x89, 0x07));	/* mov %eax,(%rdi) */
	expect(2, 4, true, X86_RAX, 0, false);
	assert_null(DECODE(X86_MODE_64, 0x48, 0x89, 0x07));	/* %rax */
	expect(3, 8, true, X86_RAX, 0, false);
	assert_null(DECODE(X86_MODE_64, 0x66, 0x89, 0x07));	/* %ax */
	expect(3, 2, true, X86_RAX, 0, false);
	/* mov %r9d,0x8(%rdi): REX.R, ModRM mod 01 reg 001 rm 111, disp8 */
	assert_null(DECODE(X86_MODE_64, 0x44, 0x89, 0x4f, 0x08));
	expect(4, 4, true, X86_R9, 0, false);
	/* mov %ah,0x1(%rdi): reg 100 without REX is ah */
	assert_null(DECODE(X86_MODE_64, 0x88, 0x67, 0x01));
	expect(3, 1, true, X86_RAX, 0, false);
	assert_true(in.high8);
	/* with any REX, reg 100 is spl */
	assert_null(DECODE(X86_MODE_64, 0x40, 0x88, 0x67, 0x01));
	expect(4, 1, true, X86_RSP, 0, false);
	assert_false(in.high8);
	/* a segment override and lock are prefixes too */
	assert_null(DECODE(X86_MODE_64, 0x65, 0x89, 0x07));
	expect(3, 4, true, X86_RAX, 0, false);
}

static void test_addressing_lengths(void **state)
{
	(void)state;
	/* mov 0xb000000,%eax: SIB with no base, disp32 */
	assert_null(DECODE(X86_MODE_64, 0x8b, 0x04, 0x25, 0x00, 0x00, 0x00,
			   0x0b));
	expect(7, 4, false, X86_RAX, 32, false);
	/* mov 0x100(%rsp),%ecx: mod 10, SIB, disp32 */
	assert_null(DECODE(X86_MODE_64, 0x8b, 0x8c, 0x24, 0x00, 0x01, 0x00,
			   0x00));
	expect(7, 4, false, X86_RCX, 32, false);
	/* mov 0x10(%rip),%edx: mod 00 rm 101, disp32 */
	assert_null(DECODE(X86_MODE_64, 0x8b, 0x15, 0x10, 0x00, 0x00, 0x00));
	expect(6, 4, false, X86_RDX, 32, false);
	/* mov 8(%r13,%r14,1),%r9: REX.WRXB, SIB base 101 with mod 01 */
	assert_null(DECODE(X86_MODE_64, 0x4f, 0x8b, 0x4c, 0x35, 0x08));
	expect(5, 8, false, X86_R9, 64, false);
	/* mov (%edi),%eax: 67 address size */
	assert_null(DECODE(X86_MODE_64, 0x67, 0x8b, 0x07));
	expect(3, 4, false, X86_RAX, 32, false);
	/* movabs 0x0b000008,%eax: A1 moffs64 */
	assert_null(DECODE(X86_MODE_64, 0xa1, 0x08, 0x00, 0x00, 0x0b, 0, 0, 0,
			   0));
	expect(9, 4, false, X86_RAX, 32, false);
	/* mov %al,moffs64: A2 */
	assert_null(DECODE(X86_MODE_64, 0xa2, 0, 0, 0, 0x0b, 0, 0, 0, 0));
	expect(9, 1, true, X86_RAX, 0, false);
}

static void test_loads_and_extensions(void **state)
{
	(void)state;
	assert_null(DECODE(X86_MODE_64, 0x8a, 0x27));	/* mov (%rdi),%ah */
	expect(2, 1, false, X86_RAX, 8, false);
	assert_true(in.high8);
	assert_null(DECODE(X86_MODE_64, 0x66, 0x8b, 0x07));	/* %ax */
	expect(3, 2, false, X86_RAX, 16, false);
	assert_null(DECODE(X86_MODE_64, 0x0f, 0xb6, 0x07));	/* movzbl */
	expect(3, 1, false, X86_RAX, 32, false);
	assert_null(DECODE(X86_MODE_64, 0x0f, 0xb7, 0x07));	/* movzwl */
	expect(3, 2, false, X86_RAX, 32, false);
	assert_null(DECODE(X86_MODE_64, 0x48, 0x0f, 0xbe, 0x07)); /* movsbq */
	expect(4, 1, false, X86_RAX, 64, true);
	assert_null(DECODE(X86_MODE_64, 0x66, 0x0f, 0xbe, 0x07)); /* movsbw */
	expect(4, 1, false, X86_RAX, 16, true);
	assert_null(DECODE(X86_MODE_64, 0x0f, 0xbf, 0x07));	/* movswl */
	expect(3, 2, false, X86_RAX, 32, true);
	assert_null(DECODE(X86_MODE_64, 0x48, 0x63, 0x07));	/* movslq */
	expect(3, 4, false, X86_RAX, 64, true);
	/* movsxd without REX.W: a 32-bit move */
	assert_null(DECODE(X86_MODE_64, 0x63, 0x07));
	expect(2, 4, false, X86_RAX, 32, false);
}

static void test_stores_of_immediates(void **state)
{
	(void)state;
	assert_null(DECODE(X86_MODE_64, 0xc6, 0x07, 0xab));	/* movb */
	expect(3, 1, true, 0, 0, false);
	assert_true(in.has_imm);
	assert_int_equal(in.imm, 0xab);
	assert_null(DECODE(X86_MODE_64, 0x66, 0xc7, 0x07, 0x34, 0x12));
	expect(5, 2, true, 0, 0, false);
	assert_int_equal(in.imm, 0x1234);
	assert_null(DECODE(X86_MODE_64, 0xc7, 0x07, 0x01, 0x00, 0x00, 0x80));
	expect(6, 4, true, 0, 0, false);
	assert_int_equal(in.imm, 0x80000001);
	/* REX.W: imm32 sign-extended to 64 bits */
	assert_null(DECODE(X86_MODE_64, 0x48, 0xc7, 0x07, 0xfe, 0xff, 0xff,
			   0xff));
	expect(7, 8, true, 0, 0, false);
	assert_int_equal(in.imm, 0xfffffffffffffffeULL);
	/* with a displacement before the immediate: 8(%rdi) */
	assert_null(DECODE(X86_MODE_64, 0xc7, 0x47, 0x08, 1, 2, 3, 4));
	expect(7, 4, true, 0, 0, false);
	assert_int_equal(in.imm, 0x04030201);
}

static void test_other_modes(void **state)
{
	(void)state;
	assert_null(DECODE(X86_MODE_32, 0x89, 0x07));	/* mov %eax,(%edi) */
	expect(2, 4, true, X86_RAX, 0, false);
	/* mod 00 rm 101 is disp32 (absolute) outside 64-bit mode */
	assert_null(DECODE(X86_MODE_32, 0x8b, 0x05, 0, 0, 0, 0x0b));
	expect(6, 4, false, X86_RAX, 32, false);
	/* 16-bit code: 16-bit operands, mod 00 rm 110 is disp16 */
	assert_null(DECODE(X86_MODE_16, 0x8b, 0x06, 0x34, 0x12));
	expect(4, 2, false, X86_RAX, 16, false);
	assert_null(DECODE(X86_MODE_16, 0x66, 0x89, 0x07));	/* %eax */
	expect(3, 4, true, X86_RAX, 0, false);
	/* 0x48 is dec %eax outside 64-bit mode, not REX.W */
	assert_non_null(DECODE(X86_MODE_32, 0x48, 0x89, 0x07));
}

static void test_refused(void **state)
{
	(void)state;
	assert_string_equal(DECODE(X86_MODE_64, 0x01, 0x07),	/* add */
			    "not a MOV to or from memory");
	assert_string_equal(DECODE(X86_MODE_64, 0x8b, 0xc0),
			    "not a memory operand");
	assert_string_equal(DECODE(X86_MODE_64, 0xc7, 0x4f, 0x08, 0, 0, 0, 0),
			    "not a MOV to or from memory");	/* C7 /1 */
	assert_string_equal(DECODE(X86_MODE_64, 0x8b, 0x84, 0x24, 0x00),
			    "instruction not readable");
	assert_string_equal(x86_decode_mmio(NULL, 0, X86_MODE_64, &in),
			    "instruction not readable");
}

static void test_io_lengths(void **state)
{
	static const uint8_t in_imm[] = { 0xe4, 0x60 }, in_dx[] = { 0xec },
			     out16[] = { 0x66, 0xef }, nop[] = { 0x90 };

	(void)state;
	assert_int_equal(x86_decode_io_len(in_imm, 2), 2);
	assert_int_equal(x86_decode_io_len(in_imm, 1), 0);
	assert_int_equal(x86_decode_io_len(in_dx, 1), 1);
	assert_int_equal(x86_decode_io_len(out16, 2), 2);
	assert_int_equal(x86_decode_io_len(nop, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stores_of_registers),
		cmocka_unit_test(test_addressing_lengths),
		cmocka_unit_test(test_loads_and_extensions),
		cmocka_unit_test(test_stores_of_immediates),
		cmocka_unit_test(test_other_modes),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_io_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
