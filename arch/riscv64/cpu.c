// SPDX-License-Identifier: MIT
/*
 * riscv64 CPUs (hal/cpu.h): this_cpu() lives in tp, which nothing else
 * uses (no thread-local storage here, and the trap entry leaves it
 * alone); secondary harts are started through SBI HSM.
 */
#include <asm/cpu.h>
#include <asm/sbi.h>
#include <hal/barrier.h>
#include <hal/cpu.h>
#include <vireo/errno.h>
#include <vireo/printf.h>

struct cpu *this_cpu(void)
{
	struct cpu *c;

	__asm__ volatile("mv %0, tp" : "=r"(c));
	return c;
}

void arch_cpu_set_this(struct cpu *c)
{
	__asm__ volatile("mv tp, %0" : : "r"(c) : "memory");
}

/* hart_start's errors as errno. */
static int hsm_errno(long error)
{
	switch (error) {
	case SBI_ERR_NOT_SUPPORTED:
		return -ENOSYS;
	case SBI_ERR_INVALID_PARAM:	/* no such hart */
		return -ENODEV;
	case SBI_ERR_ALREADY_AVAILABLE:
	case SBI_ERR_ALREADY_STARTED:
		return -EBUSY;
	default:
		return -EIO;
	}
}

int arch_cpu_start(struct cpu *c, char *why, size_t len)
{
	static int hsm = -1;
	struct sbiret r;

	if (hsm < 0)
		hsm = sbi_probe_extension(SBI_EXT_HSM);
	if (!hsm) {
		snprintf(why, len, "the SBI firmware has no HSM extension to start harts (OpenSBI 0.7 or later has)");
		return -ENOSYS;
	}
	/* The hart reads *c with its MMU off: make our stores visible. */
	riscv_cpu_starting = c;
	mb();
	if (IS_ENABLED(CONFIG_DEBUG_RISCV_START_AT_ENTRY))
		r = sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, c->hwid,
			      (uintptr_t)_start, 0);
	else
		r = sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, c->hwid,
			      (uintptr_t)secondary_entry, (uintptr_t)c);
	if (r.error) {
		snprintf(why, len, "SBI HSM hart_start refused: %s (%ld)",
			 sbi_strerror(r.error), r.error);
		return hsm_errno(r.error);
	}
	return 0;
}
