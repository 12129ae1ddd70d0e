// SPDX-License-Identifier: MIT
/* aarch64 C entry: check the exception level, describe the CPU. */
#include <asm/sysreg.h>
#include <hal/boot.h>
#include <hal/virt.h>
#include <vireo/printf.h>

void arch_entry(uint64_t dtb, unsigned el);

static const char *const el_names[] = { "el0", "el1", "el2", "el3" };

void arch_entry(uint64_t dtb, unsigned el)
{
	struct boot_info bi = {
		.entry_counter = read_sysreg(cntpct_el0),
		.dtb = dtb,
		.cpu_id = read_sysreg(mpidr_el1) & MPIDR_AFFINITY_MASK,
		.mode = el_names[el & 3],
	};

	/* Interrupts at EL2 are Vireo's own (secondaries copy this). */
	if (el == 2)
		write_sysreg(hcr_el2, HCR_FMO | HCR_IMO | HCR_AMO);
	else
		bi.mode_error = el == 1 ?
			"entered at EL1: Vireo needs EL2 (QEMU: -M virt,virtualization=on)" :
			"entered at EL3: Vireo needs EL2 (boot through firmware that drops to EL2)";
	hal_boot(&bi);
}

bool arch_virt_features(char *buf, size_t size)
{
	bool el2 = current_el() == 2;

	snprintf(buf, size, "%s", el2 ? "el2" : "none");
	return el2;
}
