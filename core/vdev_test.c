// SPDX-License-Identifier: MIT
/* The test device of vireo/hypercall.h: a scratch register, a read-only
 * identity, a record of the last access and an interrupt line, for MMIO
 * emulation and interrupt injection tests. */
#include <vireo/hypercall.h>
#include "vm.h"

/* width is 1, 2, 4 or 8 (a power of two to 8) and off a multiple */
static bool aligned(uint64_t off, unsigned int width)
{
	unsigned int low = width - 1;	/* its low bits: all set */

	return low < 8 && !(width & low) && !(off & low);
}

/* The low width bytes set (width 1 to 8). */
static uint64_t mask_of(unsigned int width)
{
	return ~0ULL >> (64 - 8 * width);
}

/* width bytes of the 64-bit little-endian register value from byte off */
static uint64_t bytes_of(uint64_t reg, uint64_t off, unsigned int width)
{
	return reg >> 8 * off & mask_of(width);
}

static const char *testdev_read(void *state, uint64_t off, unsigned int width,
				uint64_t *value)
{
	struct vdev_test *t = state;

	if (!aligned(off, width))
		return "misaligned test device access";
	if (off < VIREO_TESTDEV_ID) {
		*value = bytes_of(t->data, off, width);
		t->last = width;
	} else if (off < VIREO_TESTDEV_ID + 8) {
		*value = bytes_of(VIREO_TESTDEV_ID_VALUE, off - VIREO_TESTDEV_ID,
				  width);
	} else if (off == VIREO_TESTDEV_LAST && width == 8) {
		*value = t->last;
	} else if (off == VIREO_TESTDEV_IRQ && width == 8) {
		*value = t->irq;
	} else {
		return "no test device register there";
	}
	return NULL;
}

static const char *testdev_write(void *state, uint64_t off, unsigned int width,
				 uint64_t value)
{
	struct vdev_test *t = state;
	uint64_t mask;

	if (!aligned(off, width))
		return "misaligned test device access";
	mask = mask_of(width);
	if (off < VIREO_TESTDEV_ID) {
		t->data = (t->data & ~(mask << (8 * off))) |
			  (value & mask) << (8 * off);
		t->last = width | VIREO_TESTDEV_LAST_WRITE;
	} else if (off == VIREO_TESTDEV_IRQ && width == 8) {
		if (value > 1)
			return "test device IRQ takes 0 or 1";
		if ((value ? vcpu_pend_irq : vcpu_clear_irq)(t->vcpu, t->virq))
			return "test device interrupt cannot reach the vCPU";
		t->irq = value;
	} else if (off >= VIREO_TESTDEV_ID + 8) {
		return "no test device register there";
	}	/* ID: writes ignored */
	return NULL;
}

const struct vdev_ops vdev_test_ops = {
	.name = "test device",
	.vcpu_only = true,	/* its IRQ line too: only the guest moves it */
	.read = testdev_read,
	.write = testdev_write,
};
