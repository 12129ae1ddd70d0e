// SPDX-License-Identifier: MIT
/*
 * H extension detection. S mode cannot read misa, so touch an H CSR:
 * without H, hstatus is an illegal instruction, which OpenSBI hands
 * back to us and the probe in traps.c absorbs.
 */
#include <asm/csr.h>
#include <asm/trap.h>
#include <asm/virt.h>
#include <hal/virt.h>
#include <vireo/printf.h>

bool riscv_has_h(void)
{
	static int has_h = -1;

	if (has_h < 0) {
		probe_begin();
		(void)csr_read(hstatus);
		has_h = !probe_end();
	}
	return has_h;
}

bool arch_virt_features(char *buf, size_t size)
{
	bool h = riscv_has_h();

	snprintf(buf, size, "%s", h ? "h" : "none");
	return h;
}
