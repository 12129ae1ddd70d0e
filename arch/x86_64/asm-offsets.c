// SPDX-License-Identifier: MIT
/* The C layouts x86_64's assembly uses (see vireo/asm_offsets.h): none
 * yet (the start-up slot is plain variables), but every arch has the step. */
#include <hal/cpu.h>
#include <vireo/asm_offsets.h>

void asm_offsets(void);

void asm_offsets(void)
{
	ASM_OFFSET(CPU_STACK_TOP, struct cpu, stack_top);
}
