// SPDX-License-Identifier: MIT
/*
 * Unexpected exceptions: print the syndrome and stop with a failure. An
 * abort names the access and what the address is, since with the
 * hypervisor's own tables on it usually means a write to read-only text
 * or data, or a stray pointer into nothing mapped.
 */
#include <asm/sysreg.h>
#include <asm/trap.h>
#include <hal/paging.h>
#include <vireo/log.h>
#include <vireo/printf.h>

/* DFSC/IFSC: the low two bits of these groups give the table level. */
static const char *const fsc_groups[] = {
	"address size fault", "translation fault", "access flag fault",
	"permission fault",
};

static const char *abort_access(uint64_t esr)
{
	if (ESR_EC(esr) == ESR_EC_IABT_CUR)
		return "execute at";
	if (esr & ESR_CM)
		return "cache maintenance at";
	return esr & ESR_WNR ? "write to" : "read from";
}

static __noreturn void abort_panic(uint64_t esr, uint64_t elr, uint64_t far)
{
	unsigned int fsc = ESR_FSC(esr);
	char what[32];

	if (fsc < 0x10)
		snprintf(what, sizeof(what), "%s (level %u)",
			 fsc_groups[fsc >> 2], fsc & 3);
	else if (fsc == 0x10)
		snprintf(what, sizeof(what), "external abort");
	else if (fsc == 0x21)
		snprintf(what, sizeof(what), "alignment fault");
	else
		snprintf(what, sizeof(what), "fault status %#x", fsc);
	if (esr & ESR_FNV)
		panic("%s an unknown address: %s, ESR %#llx ELR %#llx",
		      abort_access(esr), what, (unsigned long long)esr,
		      (unsigned long long)elr);
	panic("%s %#llx (%s): %s, ESR %#llx ELR %#llx", abort_access(esr),
	      (unsigned long long)far, hal_describe_address(far), what,
	      (unsigned long long)esr, (unsigned long long)elr);
}

void arch_exception(struct trap_frame *tf, unsigned long kind)
{
	uint64_t esr, elr, far, ec;

	if (current_el() == 2) {
		esr = read_sysreg(esr_el2);
		elr = read_sysreg(elr_el2);
		far = read_sysreg(far_el2);
	} else {
		esr = read_sysreg(esr_el1);
		elr = read_sysreg(elr_el1);
		far = read_sysreg(far_el1);
	}
	/* ESR describes only synchronous exceptions (kinds 0 and 4). */
	ec = ESR_EC(esr);
	if ((kind == 0 || kind == 4) &&
	    (ec == ESR_EC_DABT_CUR || ec == ESR_EC_IABT_CUR))
		abort_panic(esr, elr, far);
	panic("unexpected exception %lu: ESR %#llx (EC %#llx) ELR %#llx FAR %#llx",
	      kind, (unsigned long long)esr, (unsigned long long)ec,
	      (unsigned long long)elr, (unsigned long long)far);
}
