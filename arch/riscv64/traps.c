// SPDX-License-Identifier: MIT
/*
 * Traps taken in HS mode. Only probes expect one (a CSR that may not
 * exist, the HLVX read of a guest's instruction); anything else is a bug:
 * print the cause and stop with a failure. A page fault names what the
 * address is, since with the hypervisor's own tables on it usually means
 * a write to read-only text or data or a stray pointer.
 */
#include <asm/csr.h>
#include <asm/trap.h>
#include <hal/cpu.h>
#include <hal/paging.h>
#include <vireo/log.h>

/* before this_cpu() is set: the boot hart's, the only one running */
static struct riscv_probe boot_probe;

static const char *const exc_names[] = {
	[0] = "instruction misaligned",
	[1] = "instruction access fault",
	[2] = "illegal instruction",
	[3] = "breakpoint",
	[4] = "load misaligned",
	[5] = "load access fault",
	[6] = "store misaligned",
	[7] = "store access fault",
	[8] = "ecall from U",
	[9] = "ecall from HS",
	[10] = "ecall from VS",
	[12] = "instruction page fault",
	[13] = "load page fault",
	[15] = "store page fault",
	[20] = "instruction guest-page fault",
	[21] = "load guest-page fault",
	[22] = "virtual instruction",
	[23] = "store guest-page fault",
};

/* 2 for a compressed instruction, else 4 (no longer encodings in use). */
static unsigned long insn_len(unsigned long pc)
{
	return (*(const volatile uint16_t *)pc & 3) == 3 ? 4 : 2;
}

struct riscv_probe *probe_this(void)
{
	struct cpu *c = this_cpu();

	return c ? &c->arch.probe : &boot_probe;
}

void probe_begin(void)
{
	probe_open(probe_this(), PROBE_ILLEGAL_INSN);
}

bool probe_end(void)
{
	return probe_close(probe_this());
}

/* A trap an open probe expects: recorded, the instruction skipped. */
static bool probed(struct trap_frame *tf, unsigned long code)
{
	struct riscv_probe *p = probe_this();

	if (code >= 64 || !(p->causes >> code & 1))
		return false;
	p->trap.scause = tf->scause;
	p->trap.stval = tf->stval;
	/* htval only where the trap set it: a hart without H has none */
	p->trap.htval = code == 21 || code == 23 ? csr_read(htval) : 0;
	p->trapped = true;
	tf->sepc += insn_len(tf->sepc);
	return true;
}

static const char *page_fault_access(unsigned long code)
{
	switch (code) {
	case EXC_INSN_PAGE_FAULT:
		return "execute at";
	case EXC_LOAD_PAGE_FAULT:
		return "read from";
	case EXC_STORE_PAGE_FAULT:
		return "write to";
	default:
		return NULL;
	}
}

void riscv_trap(struct trap_frame *tf)
{
	unsigned long code = tf->scause & ~SCAUSE_INTERRUPT;
	bool irq = tf->scause & SCAUSE_INTERRUPT;
	const char *access = irq ? NULL : page_fault_access(code);
	const char *name = "unknown";

	if (!irq && probed(tf, code))
		return;
	if (access)
		panic("%s %#lx (%s): %s, sepc %#lx", access, tf->stval,
		      hal_describe_address(tf->stval), exc_names[code],
		      tf->sepc);
	if (irq)
		name = "interrupt";
	else if (code < ARRAY_SIZE(exc_names) && exc_names[code])
		name = exc_names[code];
	panic("unexpected trap: scause %#lx (%s) sepc %#lx stval %#lx",
	      tf->scause, name, tf->sepc, tf->stval);
}
