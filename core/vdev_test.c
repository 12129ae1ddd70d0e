// SPDX-License-Identifier: MIT
/* The test device of vireo/hypercall.h: a scratch register, a read-only
 * identity and a record of the last access, for MMIO emulation tests. */
#include <vireo/hypercall.h>
#include "vm.h"

static bool aligned(uint64_t off, unsigned int width)
{
	return (width == 1 || width == 2 || width == 4 || width == 8) &&
	       !(off & (width - 1));
}

static uint64_t get_bytes(const uint8_t *p, unsigned int width)
{
	uint64_t v = 0;

	while (width--)
		v = v << 8 | p[width];
	return v;
}

static const char *testdev_read(void *state, uint64_t off, unsigned int width,
				uint64_t *value)
{
	struct vdev_test *t = state;
	uint8_t id[8];
	unsigned int i;

	if (!aligned(off, width))
		return "misaligned test device access";
	if (off < VIREO_TESTDEV_ID) {
		*value = get_bytes(t->data + off, width);
		t->last = width;
	} else if (off < VIREO_TESTDEV_ID + 8) {
		for (i = 0; i < 8; i++)
			id[i] = (uint8_t)(VIREO_TESTDEV_ID_VALUE >> (8 * i));
		*value = get_bytes(id + (off - VIREO_TESTDEV_ID), width);
	} else if (off == VIREO_TESTDEV_LAST && width == 8) {
		*value = t->last;
	} else {
		return "no test device register there";
	}
	return NULL;
}

static const char *testdev_write(void *state, uint64_t off, unsigned int width,
				 uint64_t value)
{
	struct vdev_test *t = state;
	unsigned int i;

	if (!aligned(off, width))
		return "misaligned test device access";
	if (off < VIREO_TESTDEV_ID) {
		for (i = 0; i < width; i++)
			t->data[off + i] = (uint8_t)(value >> (8 * i));
		t->last = width | VIREO_TESTDEV_LAST_WRITE;
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
