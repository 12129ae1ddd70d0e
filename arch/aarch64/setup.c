// SPDX-License-Identifier: MIT
/* aarch64 C entry: check the exception level, describe the CPU. */
#include <asm/sysreg.h>
#include <hal/boot.h>
#include <hal/virt.h>

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

/* ID_AA64MMFR0_EL1.PARange -> address bits (Arm ARM D19.2.64) */
static const uint8_t parange_bits[] = { 32, 36, 40, 42, 44, 48, 52 };

bool arch_virt_caps(struct virt_caps *caps)
{
	uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	unsigned int parange = MMFR0_PARANGE(mmfr0);

	*caps = (struct virt_caps){ 0 };
	caps->el2 = current_el() == 2;
	caps->usable = caps->stage2 = caps->el2;
	if (parange < ARRAY_SIZE(parange_bits))
		caps->ipa_bits = parange_bits[parange];
	caps->vmid_bits =
		MMFR1_VMIDBITS(read_sysreg(id_aa64mmfr1_el1)) == 2 ? 16 : 8;
	return caps->usable;
}
