/* SPDX-License-Identifier: MIT */
/*
 * Vireo's hypercall ABI and its test device, as a guest sees them
 * (core/vm.c serves them; tests/guests/ use them). Freestanding: only
 * constants, so guests include it too.
 *
 * A hypercall is the arch's call instruction with the number and up to
 * six arguments in its registers (aarch64: HVC #0 or SMC #0, x0 = number,
 * x1.. = arguments, result in x0, as SMCCC), the numbers in SMCCC's
 * vendor-specific hypervisor range (fast calls, owner 6). An unknown
 * number returns VIREO_HC_UNKNOWN and the guest goes on. PSCI calls
 * (aarch64) are the PSCI function ids, not these.
 *
 * riscv64: ECALL with a7 = number, a0.. = arguments, result in a0 (the
 * numbers lie outside every SBI extension id); other a7 values are SBI
 * calls (the backend's SBI for guests: arch/riscv64/virt/sbi.c).
 *
 * x86_64: VMMCALL (AMD) or VMCALL (Intel) - the guest picks by CPUID's
 * vendor - with rax = number, rdi, rsi, rdx, r10, r8, r9 = arguments,
 * the result in rax.
 *
 * aarch64's HVC #VIREO_HVC_EMPTY, riscv64's ECALL with a7 =
 * VIREO_ECALL_EMPTY, x86's call with rax = VIREO_HC_EMPTY, is the
 * empty exit: it does nothing and
 * changes no register, the backend returns at once (make bench's
 * floor: the cost of a trap and the world switch alone). Other non-zero
 * immediates are HVC #0's.
 */
#ifndef VIREO_HYPERCALL_H
#define VIREO_HYPERCALL_H

#define VIREO_HC_NULL 0x86000000	/* nothing; returns 0 */
#define VIREO_HC_PUTC 0x86000001	/* arg0: a character for the VM's
					 * console; returns 0 */
#define VIREO_HC_EXIT 0x86000002	/* arg0: status; the VM stops */
#define VIREO_HC_UNKNOWN (~0ULL)	/* SMCCC NOT_SUPPORTED (-1) */
#define VIREO_HVC_EMPTY 1		/* the immediate of the empty exit */
#define VIREO_ECALL_EMPTY 0x86ffffff	/* riscv64's: a7 of the empty exit */
#define VIREO_HC_EMPTY 0x860000ff	/* x86: the empty exit's number */

/*
 * The test device (core/vdev_test.c), one 4 KiB page at
 * VIREO_TESTDEV_BASE in the test guests' address space:
 *   0x00-0x07  DATA  read/write, any width, naturally aligned: the bytes
 *                    written are read back
 *   0x08-0x0f  ID    read-only, any width: VIREO_TESTDEV_ID (little
 *                    endian); writes are ignored
 *   0x10       LAST  64-bit reads only: the previous DATA access as
 *                    width in bytes | 0x100 if it was a write
 *   0x18       IRQ   64-bit: writing 1 raises the device's interrupt
 *                    (level), 0 lowers it; reads give the level. It is
 *                    a virtual interrupt of the VM's interrupt controller
 *                    (aarch64: GIC SPI 2, INTID 34, level-sensitive),
 *                    delivered to vCPU 0 as the guest programs it
 * Any other offset, or a misaligned access, stops the VM with a fault.
 */
#define VIREO_TESTDEV_BASE 0x0b000000
#define VIREO_TESTDEV_SIZE 0x1000
#define VIREO_TESTDEV_DATA 0x00
#define VIREO_TESTDEV_ID 0x08
#define VIREO_TESTDEV_LAST 0x10
#define VIREO_TESTDEV_IRQ 0x18
#define VIREO_TESTDEV_ID_VALUE 0x8070605040302010ULL
#define VIREO_TESTDEV_LAST_WRITE 0x100

#endif
