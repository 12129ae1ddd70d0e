/* SPDX-License-Identifier: MIT */
/*
 * Calls to the SBI firmware (OpenSBI) below us in M mode: extension and
 * function ids and errors from the SBI specification (v0.2 and later
 * calling convention: a7 = extension, a6 = function, a0/a1 = error/value).
 */
#ifndef ASM_SBI_H
#define ASM_SBI_H

#define SBI_EXT_LEGACY_SHUTDOWN	0x08
#define SBI_EXT_BASE		0x10
#define SBI_BASE_PROBE_EXT	3
#define SBI_EXT_TIME		0x54494d45	/* "TIME" */
#define SBI_TIME_SET_TIMER	0
#define SBI_EXT_IPI		0x735049	/* "sPI" */
#define SBI_IPI_SEND		0
#define SBI_EXT_HSM		0x48534d	/* "HSM" */
#define SBI_HSM_HART_START	0
#define SBI_EXT_SRST		0x53525354	/* "SRST" */
#define SBI_SRST_RESET		0
#define SBI_SRST_TYPE_SHUTDOWN	0
#define SBI_SRST_REASON_NONE	0
#define SBI_SRST_REASON_FAILURE	1

/* Errors (struct sbiret.error) */
#define SBI_ERR_NOT_SUPPORTED		(-2)
#define SBI_ERR_INVALID_PARAM		(-3)
#define SBI_ERR_ALREADY_AVAILABLE	(-6)
#define SBI_ERR_ALREADY_STARTED		(-7)

#ifndef __ASSEMBLY__

#include <vireo/types.h>

struct sbiret {
	long error;
	long value;
};

#ifdef VIREO_FAKE_IO
/* Host unit tests provide the firmware. */
struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
			unsigned long arg0, unsigned long arg1,
			unsigned long arg2);
#else
static inline struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
				      unsigned long arg0, unsigned long arg1,
				      unsigned long arg2)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a2 __asm__("a2") = arg2;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1)
			 : "r"(a2), "r"(a6), "r"(a7)
			 : "memory");
	return (struct sbiret){ .error = (long)a0, .value = (long)a1 };
}
#endif

/* The specification's name for an SBI error code, for messages. */
static inline const char *sbi_strerror(long error)
{
	static const char *const names[] = {
		"SBI_SUCCESS", "SBI_ERR_FAILED", "SBI_ERR_NOT_SUPPORTED",
		"SBI_ERR_INVALID_PARAM", "SBI_ERR_DENIED",
		"SBI_ERR_INVALID_ADDRESS", "SBI_ERR_ALREADY_AVAILABLE",
		"SBI_ERR_ALREADY_STARTED", "SBI_ERR_ALREADY_STOPPED",
	};

	return error <= 0 && -error < (long)(sizeof(names) / sizeof(names[0])) ?
		       names[-error] : "unknown SBI error";
}

/* Does the firmware implement extension ext? */
static inline bool sbi_probe_extension(unsigned long ext)
{
	struct sbiret r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, ext, 0, 0);

	return !r.error && r.value;
}

/* Interrupt the harts hart_mask names, bit i being hart base + i. */
static inline long sbi_send_ipi(unsigned long hart_mask, unsigned long base)
{
	return sbi_ecall(SBI_EXT_IPI, SBI_IPI_SEND, hart_mask, base, 0).error;
}

/* This hart's timer interrupt at time value deadline (clears a pending one). */
static inline long sbi_set_timer(uint64_t deadline)
{
	return sbi_ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, deadline, 0, 0).error;
}

#endif /* __ASSEMBLY__ */

#endif
