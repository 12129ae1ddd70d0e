/* SPDX-License-Identifier: MIT */
/* Calls to the SBI firmware (OpenSBI) below us in M mode. */
#ifndef ASM_SBI_H
#define ASM_SBI_H

#define SBI_EXT_LEGACY_SHUTDOWN	0x08
#define SBI_EXT_SRST		0x53525354	/* "SRST" */
#define SBI_SRST_RESET		0
#define SBI_SRST_TYPE_SHUTDOWN	0
#define SBI_SRST_REASON_NONE	0
#define SBI_SRST_REASON_FAILURE	1

struct sbiret {
	long error;
	long value;
};

static inline struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
				      unsigned long arg0, unsigned long arg1)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1)
			 : "r"(a6), "r"(a7)
			 : "memory");
	return (struct sbiret){ .error = (long)a0, .value = (long)a1 };
}

#endif
