// SPDX-License-Identifier: MIT
/* Unexpected exceptions: print the syndrome and stop with a failure. */
#include <asm/sysreg.h>
#include <vireo/log.h>

struct trap_frame {
	uint64_t x[31];
	uint64_t pad;
};

void arch_exception(struct trap_frame *tf, unsigned long kind);

void arch_exception(struct trap_frame *tf, unsigned long kind)
{
	uint64_t esr, elr, far;

	if (current_el() == 2) {
		esr = read_sysreg(esr_el2);
		elr = read_sysreg(elr_el2);
		far = read_sysreg(far_el2);
	} else {
		esr = read_sysreg(esr_el1);
		elr = read_sysreg(elr_el1);
		far = read_sysreg(far_el1);
	}
	panic("unexpected exception %lu: ESR %#llx (EC %#llx) ELR %#llx FAR %#llx",
	      kind, (unsigned long long)esr, (unsigned long long)(esr >> 26),
	      (unsigned long long)elr, (unsigned long long)far);
}
