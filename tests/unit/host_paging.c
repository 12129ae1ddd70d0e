// SPDX-License-Identifier: MIT
/* hal/driver.c maps device registers; the host has nothing to map. */
#include <hal/paging.h>

int paging_map_device(paddr_t base, uint64_t size)
{
	return 0;
}
