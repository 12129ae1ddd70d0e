// SPDX-License-Identifier: MIT
/* x86_64 C entry: describe the CPU, the others and its virtualization support. */
#include <asm/cpu.h>
#include <asm/cpuid.h>
#include <asm/msr.h>
#include <asm/multiboot.h>
#include <asm/processor.h>
#include <hal/boot.h>
#include <hal/virt.h>

void arch_entry(unsigned long magic, unsigned long mb_info);

void arch_entry(unsigned long magic, unsigned long mb_info)
{
	struct boot_info bi = {
		.entry_counter = rdtsc(),	/* the clock is the TSC (tsc-apic) */
		.dtb = 0,	/* x86 boards use a built-in DTB */
		.cpu_id = x86_apic_id(),
		.mode = "long",
	};

	/* Without a multiboot loader this finds no RAM, which the memory
	 * map step reports. */
	bi.ram_count = multiboot_ram((uint32_t)magic, mb_info, bi.ram,
				     BOOT_RAM_MAX);
	/* The firmware's tables are still mapped: read them now. */
	bi.cpu_count = acpi_find_cpus(bi.cpus, BOOT_CPUS_MAX, &bi.cpus_note);
	x86_trampoline_install();
	hal_boot(&bi);
}

static void svm_caps(struct virt_caps *caps)
{
	uint32_t max_ext = cpuid_eax(0x80000000);

	if (max_ext < 0x80000001 ||
	    !(cpuid_ecx(0x80000001) & CPUID_80000001_ECX_SVM))
		return;
	caps->svm = true;
	if (max_ext < 0x8000000a)
		return;
	caps->npt = cpuid_edx(0x8000000a) & CPUID_8000000A_EDX_NPT;
	caps->nr_asids = cpuid_ebx(0x8000000a);
}

static void vmx_caps(struct virt_caps *caps)
{
	uint32_t ctls2 = 0;

	if (!(cpuid_ecx(1) & CPUID_1_ECX_VMX))
		return;
	caps->vmx = true;
	/* The VMX capability MSRs exist only now that CPUID says VMX; the
	 * allowed-1 settings are the high halves. */
	if ((rdmsr(MSR_IA32_VMX_PROCBASED_CTLS) >> 32) & VMX_PROCBASED_SECONDARY)
		ctls2 = (uint32_t)(rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2) >> 32);
	caps->ept = ctls2 & VMX_PROCBASED2_EPT;
	caps->vpid = ctls2 & VMX_PROCBASED2_VPID;
}

bool arch_virt_caps(struct virt_caps *caps)
{
	*caps = (struct virt_caps){ 0 };
	svm_caps(caps);
	vmx_caps(caps);
	caps->stage2 = caps->npt || caps->ept;
	caps->usable = caps->svm || caps->vmx;
	return caps->usable;
}
