// SPDX-License-Identifier: MIT
/*
 * The loads and stores MMIO emulation decodes when the hart gives no
 * transformed instruction (htinst 0): RV64I LB/LH/LW/LD/LBU/LHU/LWU and
 * SB/SH/SW/SD, and the C extension's C.LW/C.LD/C.SW/C.SD and their
 * sp-relative forms (unprivileged spec, chapters "RV32I/RV64I Base
 * Integer Instruction Set" and "C Standard Extension"). FP loads and
 * stores, AMOs and LR/SC to a device are not emulated. Pure C, unit
 * tested on the host (tests/unit/test_vcpu_riscv.c).
 */
#include <asm/arch_vcpu.h>

#define OP_LOAD 0x03
#define OP_STORE 0x23

static bool set(struct riscv_mmio_insn *out, unsigned int width,
		unsigned int reg, bool write, bool sign_extend,
		unsigned int len)
{
	out->width = (uint8_t)width;
	out->reg = (uint8_t)reg;
	out->write = write;
	out->sign_extend = sign_extend && width < 8;
	out->len = (uint8_t)len;
	return true;
}

static bool decode32(uint32_t insn, struct riscv_mmio_insn *out)
{
	unsigned int funct3 = insn >> 12 & 7;

	switch (insn & 0x7f) {
	case OP_LOAD:	/* funct3 0-3: signed 1, 2, 4, 8; 4-6 unsigned */
		if (funct3 == 7)
			return false;
		return set(out, 1U << (funct3 & 3), insn >> 7 & 31, false,
			   funct3 < 4, 4);
	case OP_STORE:
		if (funct3 > 3)
			return false;
		return set(out, 1U << funct3, insn >> 20 & 31, true, false, 4);
	}
	return false;
}

/* Quadrant 0 (C.LW, C.LD, C.SW, C.SD: rd'/rs2' in bits 4:2, x8-x15)
 * and quadrant 2 (C.LWSP, C.LDSP: rd in 11:7, not x0; C.SWSP, C.SDSP:
 * rs2 in 6:2). */
static bool decode16(uint32_t insn, struct riscv_mmio_insn *out)
{
	unsigned int funct3 = insn >> 13 & 7;
	unsigned int rdp = (insn >> 2 & 7) + 8;
	unsigned int rd = insn >> 7 & 31;

	if ((insn & 3) == 0) {
		switch (funct3) {
		case 2: return set(out, 4, rdp, false, true, 2);
		case 3: return set(out, 8, rdp, false, false, 2);
		case 6: return set(out, 4, rdp, true, false, 2);
		case 7: return set(out, 8, rdp, true, false, 2);
		}
		return false;
	}
	if ((insn & 3) == 2) {
		switch (funct3) {
		case 2: return rd && set(out, 4, rd, false, true, 2);
		case 3: return rd && set(out, 8, rd, false, false, 2);
		case 6: return set(out, 4, insn >> 2 & 31, true, false, 2);
		case 7: return set(out, 8, insn >> 2 & 31, true, false, 2);
		}
	}
	return false;
}

bool riscv_decode_mmio(uint32_t insn, struct riscv_mmio_insn *out)
{
	if (riscv_insn_len(insn) == 4)
		return decode32(insn, out);
	return decode16(insn & 0xffff, out);
}
