// SPDX-License-Identifier: MIT
/* The test device of vireo/hypercall.h: a scratch register, a read-only
 * identity, a record of the last access and an interrupt line, for MMIO
 * emulation and interrupt injection tests. */
#include <vireo/hypercall.h>
#include "vm.h"

static bool aligned(uint64_t off, unsigned int width)
{
	return (width == 1 || width == 2 || width == 4 || width == 8) &&
	       !(off & (width - 1));
}

/* width bytes of the 64-bit little-endian register value from byte off */
static uint64_t bytes_of(uint64_t reg, uint64_t off, unsigned int width)
{
	reg >>= 8 * off;
	return width == 8 ? reg : reg & ((1ULL << (8 * width)) - 1);
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
	uint64_t mask = width == 8 ? ~0ULL : (1ULL << (8 * width)) - 1;

	if (!aligned(off, width))
		return "misaligned test device access";
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
	.read = testdev_read,
	.write = testdev_write,
};
