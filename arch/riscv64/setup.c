// SPDX-License-Identifier: MIT
/* riscv64 C entry: describe the boot hart, check for the H extension. */
#include <asm/virt.h>
#include <asm/csr.h>
#include <hal/boot.h>

void arch_entry(unsigned long hartid, unsigned long dtb);

void arch_entry(unsigned long hartid, unsigned long dtb)
{
	struct boot_info bi = {
		.entry_counter = csr_read(time),
		.dtb = dtb,
		.cpu_id = hartid,
		/* OpenSBI enters in S mode; with H that is HS mode. */
		.mode = "hs",
	};

	if (!riscv_has_h())
		bi.mode_error = "no H extension: Vireo needs RISC-V hypervisor support (QEMU: -cpu rv64,h=true)";
	hal_boot(&bi);
}
