// SPDX-License-Identifier: MIT
/* The C layouts x86_64's assembly uses (see vireo/asm_offsets.h): the
 * per-CPU stack, and the guest registers the world switches load and
 * store (struct x86_regs: gpr[n] at X86_REGS_GPR + n * 8). */
#include <asm/arch_vcpu.h>
#include <hal/cpu.h>
#include <vireo/asm_offsets.h>

void asm_offsets(void);

void asm_offsets(void)
{
	ASM_OFFSET(CPU_STACK_TOP, struct cpu, stack_top);
	ASM_OFFSET(X86_REGS_GPR, struct x86_regs, gpr);
	ASM_OFFSET(X86_REGS_RIP, struct x86_regs, rip);
}
