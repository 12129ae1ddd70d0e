// SPDX-License-Identifier: MIT
/*
 * The VMs of the built-in VM configuration (Kconfig VM_CONFIG,
 * docs/vm-config.md): every VM is checked first; a refused one does not
 * start (its line says why) and makes the power-off status non-zero, the
 * others run one after the other on this CPU.
 */
#include <hal/boot.h>
#include <hal/cpu.h>
#include <hal/driver.h>
#include <hal/irq.h>
#include <hal/power.h>
#include <vireo/errno.h>
#include <vireo/log.h>
#include <vireo/page_alloc.h>
#include "vm_config.h"
#include "vms.h"

#ifdef HAVE_VM_CONFIG_BLOB
extern const char __vm_config_start[];
extern const char __test_guest_start[], __test_guest_end[];

static struct vm_config configs[VM_MAX_VMS];
static struct vm vm;

static const struct vm_builtin_image *builtin_images(unsigned int *n)
{
#ifdef CONFIG_VM_TEST_GUESTS
	static struct vm_builtin_image images[1];

	images[0] = (struct vm_builtin_image){ "test-guest",
		__test_guest_start,
		(size_t)(__test_guest_end - __test_guest_start) };
	*n = ARRAY_SIZE(images);
	return images;
#else
	*n = 0;
	return NULL;
#endif
}

/*
 * An image a loader put in host RAM must be kept from the page allocator
 * before any VM takes pages: its pages are claimed, and stay so (a reset
 * copies it again). Memory the hypervisor uses already is refused.
 */
static int claim_loader_image(const struct vm_config *cfg)
{
	paddr_t pa = (paddr_t)(uintptr_t)cfg->image;
	paddr_t first = pa & ~(paddr_t)(PAGE_SIZE - 1);
	paddr_t end = (pa + cfg->image_size + PAGE_SIZE - 1) &
		      ~(paddr_t)(PAGE_SIZE - 1);
	int err;

	if (!cfg->image_from_loader)
		return 0;
	err = page_claim_pages(first, (size_t)((end - first) / PAGE_SIZE));
	if (err)
		pr_err("vm %s: image/phys-address: %#llx-%#llx is not free RAM: %s\n",
		       cfg->name, (unsigned long long)pa,
		       (unsigned long long)(pa + cfg->image_size - 1),
		       errno_name(err));
	return err;
}

int vms_run(void)
{
	struct vm_config_env env = {
		.nr_cpus = cpu_count(), .nr_virqs = ARCH_VM_NR_VIRQS,
		.host_fdt = boot_fdt(), .host_irq = irq_of_node,
		.host_driven = driver_bound,
	};
	unsigned int good, bad, i;
	int status = POWER_OFF_OK;

	env.images = builtin_images(&env.nr_images);
	if (vm_config_parse(__vm_config_start, &env, configs,
			    ARRAY_SIZE(configs), &good, &bad))
		return POWER_OFF_ERROR;
	for (i = 0; i < good; i++) {
		if (claim_loader_image(&configs[i])) {
			configs[i].name = NULL;	/* refused: not run */
			bad++;
		}
	}
	if (bad)
		status = POWER_OFF_ERROR;
	for (i = 0; i < good; i++) {
		if (!configs[i].name)
			continue;
		if (vm_create(&vm, &configs[i]) || vm_run(&vm))
			status = POWER_OFF_ERROR;
		vm_destroy(&vm);
	}
	return status;
}
#else
/* No VM configuration (VM_CONFIG empty): no VM to run. */
int vms_run(void)
{
	return POWER_OFF_OK;
}
#endif
