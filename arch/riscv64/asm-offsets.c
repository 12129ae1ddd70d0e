// SPDX-License-Identifier: MIT
/* The C layouts riscv64's assembly uses (see vireo/asm_offsets.h). */
#include <asm/trap.h>
#include <hal/cpu.h>
#include <vireo/asm_offsets.h>

void asm_offsets(void);

void asm_offsets(void)
{
	ASM_OFFSET(CPU_STACK_TOP, struct cpu, stack_top);
	ASM_OFFSET(CPU_HWID, struct cpu, hwid);

	ASM_OFFSET(TF_X0, struct trap_frame, x);
	ASM_OFFSET(TF_SEPC, struct trap_frame, sepc);
	ASM_OFFSET(TF_SSTATUS, struct trap_frame, sstatus);
	ASM_OFFSET(TF_SCAUSE, struct trap_frame, scause);
	ASM_OFFSET(TF_STVAL, struct trap_frame, stval);
	ASM_SIZE(TF_SIZE, struct trap_frame);
}
