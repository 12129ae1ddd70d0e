// SPDX-License-Identifier: MIT
/*
 * Virtualization support (hal/virt.h). S mode cannot read misa, so touch
 * a CSR: without H, hstatus is an illegal instruction, which OpenSBI
 * hands back to us and the probe in traps.c absorbs; Sstc likewise.
 */
#include <asm/csr.h>
#include <asm/trap.h>
#include <asm/virt.h>
#include <hal/virt.h>

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

/* hgatp.VMID (bits 57:44 on RV64): the bits that keep a written 1 are
 * VMIDLEN, implemented from the least significant up (privileged spec,
 * "hgatp"). No guest runs yet, so hgatp may change; Bare mode
 * translates nothing. */
unsigned int riscv_vmid_bits(void)
{
	unsigned long old = csr_read(hgatp);
	unsigned long vmid;
	unsigned int bits = 0;

	csr_write(hgatp, HGATP_VMID_MASK);
	vmid = (csr_read(hgatp) & HGATP_VMID_MASK) >> HGATP_VMID_SHIFT;
	csr_write(hgatp, old);
	for (; vmid & 1; vmid >>= 1)
		bits++;
	return bits;
}

/* stimecmp traps unless the hart has Sstc and the firmware lets S mode
 * use it (menvcfg.STCE), which vstimecmp needs too. Probed once. */
bool riscv_has_sstc(void)
{
	static int sstc = -1;

	if (sstc < 0) {
		probe_begin();
		(void)csr_read(CSR_STIMECMP);
		sstc = !probe_end();
	}
	return sstc;
}

bool arch_virt_caps(struct virt_caps *caps)
{
	*caps = (struct virt_caps){ 0 };
	caps->h = riscv_has_h();
	caps->usable = caps->stage2 = caps->h;
	if (caps->h)
		caps->vmid_bits = riscv_vmid_bits();
	caps->sstc = riscv_has_sstc();
	return caps->usable;
}
