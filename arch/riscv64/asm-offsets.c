// SPDX-License-Identifier: MIT
/* The C layouts riscv64's assembly uses (see vireo/asm_offsets.h). */
#include <asm/arch_vcpu.h>
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

	ASM_OFFSET(ARCH_VCPU_X, struct arch_vcpu, x);
	ASM_OFFSET(ARCH_VCPU_PC, struct arch_vcpu, pc);
	ASM_OFFSET(ARCH_VCPU_SSTATUS, struct arch_vcpu, sstatus);
	ASM_OFFSET(ARCH_VCPU_HSTATUS, struct arch_vcpu, hstatus);
	ASM_OFFSET(ARCH_VCPU_HOST_SP, struct arch_vcpu, host_sp);
	ASM_SIZE(GUEST_HOST_FRAME_SIZE, struct guest_host_frame);
	ASM_OFFSET(GUEST_HOST_RA, struct guest_host_frame, ra);
	ASM_OFFSET(GUEST_HOST_GP, struct guest_host_frame, gp);
	ASM_OFFSET(GUEST_HOST_TP, struct guest_host_frame, tp);
	ASM_OFFSET(GUEST_HOST_S, struct guest_host_frame, s);
}
