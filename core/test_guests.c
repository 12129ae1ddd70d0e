// SPDX-License-Identifier: MIT
/*
 * The built-in test guests (CONFIG_VM_TEST_GUESTS): one image, four VMs
 * told apart by their first boot register. "tests" runs every test and
 * stops with its failure count; "isolation" reads outside its memory,
 * "readonly" writes to its own code, in a read-only first page, and
 * "sysreg" writes a system register the hypervisor traps: each must be
 * stopped with a fault. One after the other on this CPU.
 */
#include <hal/power.h>
#include "test_guests.h"
#include "vm.h"

extern const char __test_guest_start[], __test_guest_end[];

#define GUEST_RAM 0x40000000ULL	/* guest.lds links the image there */
#define GUEST_RAM_SIZE 0x100000ULL

static struct vm_config configs[] = {
	{ .name = "tests", .args = { 0, GUEST_RAM + GUEST_RAM_SIZE },
	  .test_device = true, .nr_vcpus = 2 },
	{ .name = "isolation", .args = { 1, GUEST_RAM + GUEST_RAM_SIZE } },
	{ .name = "readonly", .args = { 2, GUEST_RAM + GUEST_RAM_SIZE },
	  .ro_size = 0x1000 },
	{ .name = "sysreg", .args = { 3, GUEST_RAM + GUEST_RAM_SIZE } },
};

static struct vm vm;

int vm_run_test_guests(void)
{
	int status = POWER_OFF_OK;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(configs); i++) {
		struct vm_config *cfg = &configs[i];

		cfg->image = __test_guest_start;
		cfg->image_size = (size_t)((uintptr_t)__test_guest_end -
				   (uintptr_t)__test_guest_start);
		cfg->ram_gpa = cfg->entry = GUEST_RAM;
		cfg->ram_size = GUEST_RAM_SIZE;
		if (vm_create(&vm, cfg) || vm_run(&vm))
			status = POWER_OFF_ERROR;
		vm_destroy(&vm);
	}
	return status;
}
