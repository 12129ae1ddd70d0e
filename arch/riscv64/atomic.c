// SPDX-License-Identifier: MIT
/*
 * GCC 12 does not inline byte-wide atomics on RISC-V (the A extension
 * has word and doubleword AMOs only) and calls libatomic, which a
 * freestanding image lacks: __atomic_exchange_n() on a bool (the VM
 * core's kicked flags) lands here. A compare-and-swap loop on the
 * aligned word holding the byte (little endian), which GCC inlines as
 * LR.W/SC.W, or for a clear (the common case) one AMOAND.W; always
 * sequentially consistent, as strong as any order asked for.
 */
#include <vireo/types.h>

uint8_t __atomic_exchange_1(volatile void *ptr, uint8_t val, int order);

uint8_t __atomic_exchange_1(volatile void *ptr, uint8_t val, int order)
{
	uintptr_t addr = (uintptr_t)ptr;
	volatile uint32_t *word = (volatile uint32_t *)(addr & ~3UL);
	unsigned int shift = (addr & 3) * 8;
	uint32_t mask = 0xffU << shift, old, new;

	(void)order;
	if (!val)	/* clearing a flag, what the core does: one AMOAND */
		return (uint8_t)((__atomic_fetch_and(word, ~mask,
						     __ATOMIC_SEQ_CST) &
				  mask) >> shift);
	old = __atomic_load_n(word, __ATOMIC_RELAXED);
	do
		new = (old & ~mask) | (uint32_t)val << shift;
	while (!__atomic_compare_exchange_n(word, &old, new, true,
					    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	return (uint8_t)((old & mask) >> shift);
}
