// SPDX-License-Identifier: MIT
/* The C layouts aarch64's assembly uses (see vireo/asm_offsets.h). */
#include <asm/arch_vcpu.h>
#include <asm/smp.h>
#include <asm/trap.h>
#include <hal/cpu.h>
#include <vireo/asm_offsets.h>

void asm_offsets(void);

void asm_offsets(void)
{
	ASM_OFFSET(CPU_STACK_TOP, struct cpu, stack_top);

	ASM_OFFSET(EL2_MMU_MAIR, struct el2_mmu, mair);
	ASM_OFFSET(EL2_MMU_TCR, struct el2_mmu, tcr);
	ASM_OFFSET(EL2_MMU_TTBR, struct el2_mmu, ttbr);
	ASM_OFFSET(EL2_MMU_SCTLR, struct el2_mmu, sctlr);
	ASM_OFFSET(EL2_MMU_HCR, struct el2_mmu, hcr);

	ASM_SIZE(TRAP_FRAME_SIZE, struct trap_frame);
	ASM_OFFSET(TRAP_FRAME_X30, struct trap_frame, x[30]);

	ASM_SIZE(IRQ_FRAME_SIZE, struct irq_frame);
	ASM_OFFSET(IRQ_FRAME_X18, struct irq_frame, x[18]);
	ASM_OFFSET(IRQ_FRAME_FP, struct irq_frame, fp);
	ASM_OFFSET(IRQ_FRAME_LR, struct irq_frame, lr);
	ASM_OFFSET(IRQ_FRAME_ELR, struct irq_frame, elr);
	ASM_OFFSET(IRQ_FRAME_SPSR, struct irq_frame, spsr);

	ASM_OFFSET(ARCH_VCPU_X, struct arch_vcpu, x);
	ASM_OFFSET(ARCH_VCPU_PC, struct arch_vcpu, pc);
	ASM_OFFSET(ARCH_VCPU_FP_FPSR, struct arch_vcpu_fp, fpsr);
	ASM_OFFSET(ARCH_VCPU_FP_FPCR, struct arch_vcpu_fp, fpcr);
	ASM_SIZE(GUEST_HOST_FRAME_SIZE, struct guest_host_frame);
	ASM_OFFSET(GUEST_HOST_X19, struct guest_host_frame, x19);
	ASM_OFFSET(GUEST_HOST_FP, struct guest_host_frame, fp);
	ASM_OFFSET(GUEST_HOST_VCPU, struct guest_host_frame, vcpu);
}
