// SPDX-License-Identifier: MIT
/*
 * Decoding the instruction behind an MMIO exit (virt/x86.h): SVM under
 * QEMU's TCG gives neither the next RIP nor the instruction, so the
 * MOV forms an OS uses to reach device registers are decoded from guest
 * memory. Encodings: Intel SDM vol. 2, chapter 2 (prefixes, REX, ModRM,
 * SIB, displacement) and the opcode map (appendix A); AMD APM vol. 3.
 * Pure C: tests/unit/test_x86_decode.c runs it on the host.
 */
#include "x86.h"

enum op {
	OP_NONE,
	OP_STORE_R,	/* 88, 89: mov r/m, r */
	OP_LOAD_R,	/* 8a, 8b: mov r, r/m */
	OP_STORE_I,	/* c6 /0, c7 /0: mov r/m, imm */
	OP_MOVZX,	/* 0f b6, 0f b7 */
	OP_MOVSX,	/* 0f be, 0f bf */
	OP_MOVSXD,	/* 63 */
	OP_MOFFS_LOAD,	/* a0, a1: mov al/eax, moffs */
	OP_MOFFS_STORE,	/* a2, a3: mov moffs, al/eax */
};

struct cursor {
	const uint8_t *p;
	unsigned int n, at;
	bool short_;		/* ran past the bytes there are */
};

static uint8_t next(struct cursor *c)
{
	if (c->at >= c->n) {
		c->short_ = true;
		return 0;
	}
	return c->p[c->at++];
}

/* A little-endian immediate or displacement of bytes bytes, signed. */
static int64_t next_signed(struct cursor *c, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)next(c) << (8 * i);
	if (bytes < 8 && (v >> (8 * bytes - 1) & 1))
		v |= ~0ULL << (8 * bytes);
	return (int64_t)v;
}

/* ModRM, SIB and displacement (SDM tables 2-1 .. 2-3): only their
 * length matters, the address is the exit's. */
static void skip_modrm(struct cursor *c, uint8_t modrm, unsigned int asize)
{
	unsigned int mod = modrm >> 6, rm = modrm & 7;

	if (mod == 3)
		return;
	if (asize == 2) {	/* 16-bit addressing: no SIB */
		if (mod == 1)
			c->at += 1;
		else if (mod == 2 || (mod == 0 && rm == 6))
			c->at += 2;
		return;
	}
	if (rm == 4) {
		uint8_t sib = next(c);

		if (mod == 0 && (sib & 7) == 5)
			c->at += 4;
	}
	if (mod == 1)
		c->at += 1;
	else if (mod == 2 || (mod == 0 && rm == 5))
		c->at += 4;	/* 64-bit mode: rip-relative */
}

static enum op classify(uint8_t op, bool two_byte)
{
	if (two_byte) {
		switch (op) {
		case 0xb6: case 0xb7:
			return OP_MOVZX;
		case 0xbe: case 0xbf:
			return OP_MOVSX;
		}
		return OP_NONE;
	}
	switch (op) {
	case 0x88: case 0x89:
		return OP_STORE_R;
	case 0x8a: case 0x8b:
		return OP_LOAD_R;
	case 0xc6: case 0xc7:
		return OP_STORE_I;
	case 0x63:
		return OP_MOVSXD;
	case 0xa0: case 0xa1:
		return OP_MOFFS_LOAD;
	case 0xa2: case 0xa3:
		return OP_MOFFS_STORE;
	}
	return OP_NONE;
}

struct prefixes {
	bool opsize, adsize, rex_w, rex_r, rex;
};

/* Legacy prefixes (group 1-4), then REX in 64-bit mode. */
static void read_prefixes(struct cursor *c, enum x86_cpu_mode mode,
			  struct prefixes *px)
{
	for (;;) {
		uint8_t b = c->at < c->n ? c->p[c->at] : 0;

		if (b == 0x66)
			px->opsize = true;
		else if (b == 0x67)
			px->adsize = true;
		else if (!(b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e ||
			   b == 0x64 || b == 0x65 || b == 0xf0))
			break;
		c->at++;
	}
	if (mode == X86_MODE_64 && c->at < c->n && (c->p[c->at] & 0xf0) == 0x40) {
		uint8_t rex = c->p[c->at++];

		px->rex = true;
		px->rex_w = rex & 8;
		px->rex_r = rex & 4;
	}
}

/* Operand size of a full-size (not byte) form: 2, 4 or 8. */
static unsigned int opsize(enum x86_cpu_mode mode, const struct prefixes *px)
{
	if (px->rex_w)
		return 8;
	if (mode == X86_MODE_16)
		return px->opsize ? 4 : 2;
	return px->opsize ? 2 : 4;
}

static unsigned int adsize(enum x86_cpu_mode mode, const struct prefixes *px)
{
	if (mode == X86_MODE_64)
		return px->adsize ? 4 : 8;
	if (mode == X86_MODE_32)
		return px->adsize ? 2 : 4;
	return px->adsize ? 4 : 2;
}

/* The register of an 8-bit operand: without REX, 4-7 are ah..bh. */
static void set_reg8(struct x86_mmio_insn *out, unsigned int reg,
		     const struct prefixes *px)
{
	out->high8 = !px->rex && reg >= 4 && reg < 8;
	out->reg = (uint8_t)(out->high8 ? reg - 4 : reg);
}

static void set_reg(struct x86_mmio_insn *out, unsigned int reg, bool byte,
		    const struct prefixes *px)
{
	if (byte) {
		set_reg8(out, reg, px);
	} else {
		out->reg = (uint8_t)reg;
		out->high8 = false;
	}
}

const char *x86_decode_mmio(const uint8_t *bytes, unsigned int n,
			    enum x86_cpu_mode mode, struct x86_mmio_insn *out)
{
	struct cursor c = { bytes, n, 0, false };
	struct prefixes px = { 0 };
	unsigned int osize, asize, reg;
	uint8_t opc, modrm = 0;
	bool two_byte = false, byte;
	enum op op;

	*out = (struct x86_mmio_insn){ 0 };
	if (!n)
		return "instruction not readable";
	read_prefixes(&c, mode, &px);
	opc = next(&c);
	if (opc == 0x0f) {
		two_byte = true;
		opc = next(&c);
	}
	op = classify(opc, two_byte);
	if (op == OP_NONE)
		return c.short_ ? "instruction not readable" :
				  "not a MOV to or from memory";
	osize = opsize(mode, &px);
	asize = adsize(mode, &px);
	byte = !(opc & 1);
	if (op == OP_MOFFS_LOAD || op == OP_MOFFS_STORE) {
		c.at += asize;
		out->width = (uint8_t)(byte ? 1 : osize);
		out->write = op == OP_MOFFS_STORE;
		set_reg(out, X86_RAX, byte, &px);
		out->dest_bits = (uint8_t)(out->width * 8);
		goto done;
	}
	modrm = next(&c);
	if ((modrm >> 6) == 3)
		return "not a memory operand";
	reg = ((modrm >> 3) & 7) | (px.rex_r ? 8 : 0);
	skip_modrm(&c, modrm, asize);
	switch (op) {
	case OP_STORE_R:
	case OP_LOAD_R:
		out->width = (uint8_t)(byte ? 1 : osize);
		out->write = op == OP_STORE_R;
		set_reg(out, reg, byte, &px);
		out->dest_bits = (uint8_t)(out->width * 8);
		break;
	case OP_STORE_I:
		if ((modrm >> 3) & 7)
			return "not a MOV to or from memory";
		out->width = (uint8_t)(byte ? 1 : osize);
		out->write = true;
		out->has_imm = true;
		/* imm8, imm16, or imm32 (sign-extended with REX.W) */
		out->imm = (uint64_t)next_signed(&c, out->width == 8 ? 4 :
							 out->width);
		if (out->width < 8)
			out->imm &= ~0ULL >> (64 - 8 * out->width);
		break;
	case OP_MOVZX:
	case OP_MOVSX:
		out->width = (uint8_t)(byte ? 1 : 2);
		out->sign_extend = op == OP_MOVSX;
		set_reg(out, reg, false, &px);
		out->dest_bits = (uint8_t)(osize * 8);
		break;
	case OP_MOVSXD:
		out->width = 4;
		out->sign_extend = px.rex_w;
		set_reg(out, reg, false, &px);
		out->dest_bits = (uint8_t)(osize * 8);
		break;
	default:
		break;
	}
done:
	if (c.short_ || c.at > n)
		return "instruction not readable";
	if (c.at > X86_MAX_INSN)
		return "instruction longer than 15 bytes";
	out->len = (uint8_t)c.at;
	return NULL;
}

unsigned int x86_decode_io_len(const uint8_t *bytes, unsigned int n)
{
	unsigned int at = 0;

	while (at < n && (bytes[at] == 0x66 || bytes[at] == 0x67))
		at++;
	if (at >= n)
		return 0;
	switch (bytes[at]) {
	case 0xe4: case 0xe5: case 0xe6: case 0xe7:	/* imm8 port */
		return at + 2 <= n ? at + 2 : 0;
	case 0xec: case 0xed: case 0xee: case 0xef:	/* port in dx */
		return at + 1;
	}
	return 0;
}
