/* SPDX-License-Identifier: MIT */
/*
 * VM configurations in device-tree form (docs/vm-config.md): a blob
 * with a /vms node, one child per VM, parsed into struct vm_config and
 * checked before any VM is built.
 */
#ifndef CORE_VM_CONFIG_H
#define CORE_VM_CONFIG_H

#include "vm.h"

#define VM_MAX_VMS 8

/* An image built into the hypervisor, named by an image node's
 * "builtin" property. */
struct vm_builtin_image {
	const char *name;
	const void *data;
	size_t size;
};

struct vm_config_env {
	unsigned int nr_cpus;		/* physical CPUs the vCPUs may use */
	const struct vm_builtin_image *images;
	unsigned int nr_images;
	unsigned int nr_virqs;		/* the backend's virtual interrupts */
	/* Passthrough devices: the board's device tree (NULL: none may
	 * be), the host's number of a node's index'th interrupt (0 or
	 * -errno: irq_of_node()), and whether the hypervisor drives the
	 * node itself (driver_bound()). */
	const void *host_fdt;
	int (*host_irq)(const void *fdt, int node, int index,
			unsigned int *irq);
	bool (*host_driven)(const void *fdt, int node);
};

/*
 * Parse the VM named by node of fdt into cfg: 0, or -EINVAL after one
 * line "vm <name>: <property>: <why>" (the VM must then not start).
 * Names in cfg point into fdt, which must outlive it.
 */
int vm_config_parse_vm(const void *fdt, int node,
		       const struct vm_config_env *env, struct vm_config *cfg);

/*
 * The image of a parsed VM, if it is an arm64 Linux Image, against its
 * header's boot protocol (docs/vm-config.md): 0, or -EINVAL after one
 * line "vm <name>: image: arm64 Image (...): <why>". Reads the image:
 * for a loader's, only once its pages are claimed.
 */
int vm_config_check_image(const struct vm_config *cfg);

/*
 * Every VM of the blob: the good ones in cfgs[0..*nr_good), how many
 * were refused (each with its line) in *nr_bad. -EINVAL with one line if
 * the blob itself is not a VM configuration (no /vms, bad header...).
 */
int vm_config_parse(const void *fdt, const struct vm_config_env *env,
		    struct vm_config *cfgs, unsigned int max,
		    unsigned int *nr_good, unsigned int *nr_bad);

#endif
