// SPDX-License-Identifier: MIT
/*
 * The VMs of the built-in VM configuration (Kconfig VM_CONFIG,
 * docs/vm-config.md): every VM is checked first; a refused one does not
 * start (its line says why) and makes the power-off status non-zero, the
 * others all run at once, each vCPU on its CPU (sched.h). This CPU reaps
 * the VMs that finished: it destroys them, or builds one that asked for
 * a reset again and starts it.
 */
#include <hal/boot.h>
#include <hal/console.h>
#include <hal/cpu.h>
#include <hal/driver.h>
#include <hal/irq.h>
#include <hal/power.h>
#include <vireo/errno.h>
#include <vireo/log.h>
#include <vireo/page_alloc.h>
#include <vireo/printf.h>
#include <vireo/string.h>
#include "sched.h"
#include "shell.h"
#include "vm_config.h"
#include "vms.h"

#ifdef HAVE_VM_CONFIG_BLOB
extern const char __vm_config_start[];
extern const char __test_guest_start[], __test_guest_end[];

static struct vm_config configs[VM_MAX_VMS];
static struct vm vms[VM_MAX_VMS];
static bool live[VM_MAX_VMS];		/* created, not yet destroyed */
static unsigned int nr_configs;
static int vms_status = POWER_OFF_OK;

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
 * What a loader put in host RAM (an image, an initrd) must be kept from
 * the page allocator before any VM takes pages: its pages are claimed,
 * and stay so (a reset copies it again). Memory the hypervisor uses
 * already is refused; the same bytes named by an earlier VM are shared
 * (they are only read).
 */
static bool claimed_before(unsigned int vm, const void *data, size_t size)
{
	unsigned int i;

	for (i = 0; i < vm; i++) {
		const struct vm_config *c = &configs[i];

		if (!c->name)
			continue;
		if ((c->image_from_loader && c->image == data &&
		     c->image_size == size) ||
		    (c->initrd_from_loader && c->initrd == data &&
		     c->initrd_size == size))
			return true;
	}
	return false;
}

static int claim_loader_blob(unsigned int vm, const char *what,
			     const void *data, size_t size)
{
	paddr_t pa = (paddr_t)(uintptr_t)data;
	paddr_t first = pa & ~(paddr_t)(PAGE_SIZE - 1);
	paddr_t end = (pa + size + PAGE_SIZE - 1) & ~(paddr_t)(PAGE_SIZE - 1);
	int err;

	if (claimed_before(vm, data, size))
		return 0;
	err = page_claim_pages(first, (size_t)((end - first) / PAGE_SIZE));
	if (err)
		pr_err("vm %s: %s/phys-address: %#llx-%#llx is not free RAM: %s\n",
		       configs[vm].name, what, (unsigned long long)pa,
		       (unsigned long long)(pa + size - 1), errno_name(err));
	return err;
}

static int claim_loader_images(unsigned int vm)
{
	const struct vm_config *cfg = &configs[vm];

	if (cfg->image_from_loader &&
	    claim_loader_blob(vm, "image", cfg->image, cfg->image_size))
		return -EINVAL;
	if (cfg->initrd_from_loader &&
	    claim_loader_blob(vm, "initrd", cfg->initrd, cfg->initrd_size))
		return -EINVAL;
	return 0;
}

/* Build and start VM i; a VM that cannot be built makes the status bad. */
static void vm_launch(unsigned int i)
{
	if (vm_create(&vms[i], &configs[i])) {
		vms_status = POWER_OFF_ERROR;
		return;
	}
	live[i] = true;
	vm_start(&vms[i]);
}

/* The boot CPU's poll (sched_loop): the VMs that finished. */
static void reap(void)
{
	unsigned int i;
	bool reset;

	for (i = 0; i < nr_configs; i++) {
		if (!live[i] || !vm_is_finished(&vms[i]))
			continue;
		reset = vms[i].reset;
		if (vms[i].status)
			vms_status = POWER_OFF_ERROR;
		vm_destroy(&vms[i]);
		live[i] = false;
		if (reset)
			vm_launch(i);
	}
}

static bool none_live(void)
{
	unsigned int i;

	for (i = 0; i < nr_configs; i++)
		if (live[i])
			return false;
	return true;
}

/* With the shell (CONFIG_SHELL) the VMs run until "off", else until
 * each has stopped. */
static bool shell_off;
static int shell_status;

static void shell_input(void)
{
	int c;

	while (!shell_off && (c = console_getc()) >= 0) {
		shell_status = shell_feed(c);
		shell_off = shell_status != SHELL_GO_ON;
	}
}

static void poll(void *arg)
{
	reap();
	if (IS_ENABLED(CONFIG_SHELL))
		shell_input();
}

static bool done(void *arg)
{
	return IS_ENABLED(CONFIG_SHELL) ? shell_off : none_live();
}

static const char *const state_names[] = {
	[VM_CREATED] = "created", [VM_RUNNING] = "running",
	[VM_STOPPED] = "stopped", [VM_FAULTED] = "faulted",
};

/* One line per VM: "vm <name>: <state>[, status <n>], vcpus <n> on
 * cpus <c>,<c>..." */
static void list_vms(void)
{
	char line[128];
	unsigned int i, j, n, len;

	for (i = 0; i < nr_configs; i++) {
		const struct vm_config *cfg = &configs[i];
		const struct vm *vm = &vms[i];

		if (!cfg->name)
			continue;
		n = cfg->nr_vcpus ? cfg->nr_vcpus : 1;
		len = (unsigned int)snprintf(line, sizeof(line), "vm %s: %s",
					     cfg->name, vm->cfg ?
					     state_names[vm->state] :
					     "not started");
		if (vm->cfg && !vm_is_running(vm))
			len += (unsigned int)snprintf(line + len,
						      sizeof(line) - len,
						      ", status %d", vm->status);
		len += (unsigned int)snprintf(line + len, sizeof(line) - len,
					      ", vcpus %u on cpus", n);
		for (j = 0; j < n && len < sizeof(line); j++)
			len += (unsigned int)snprintf(line + len,
						      sizeof(line) - len, "%s%u",
						      j ? "," : " ",
						      cfg->cpus[j]);
		printk("%s\n", line);
	}
}

static int find_vm(const char *name)
{
	unsigned int i;

	for (i = 0; i < nr_configs; i++)
		if (configs[i].name && !strcmp(configs[i].name, name))
			return (int)i;
	return -1;
}

/* vm stop|start|reset <name>: stop and reset take effect once its CPUs
 * let it go (reap()); start (or reset) of a VM that stopped builds it
 * again, at once or once it is reaped. */
static void vm_command(const char *op, const char *name)
{
	int i = find_vm(name);
	unsigned long flags;
	struct vm *vm;

	if (i < 0) {
		printk("vm: no VM named \"%s\"; \"vms\" lists them\n", name);
		return;
	}
	vm = &vms[i];
	if (!live[i]) {			/* gone: built again */
		if (strcmp(op, "stop"))
			vm_launch((unsigned int)i);
		else
			printk("vm %s: not running\n", name);
		return;
	}
	if (!vm_is_running(vm)) {	/* stopped, its CPUs letting go */
		if (strcmp(op, "stop"))
			vm->reset = true;	/* built again once reaped */
		else
			printk("vm %s: not running\n", name);
		return;
	}
	if (!strcmp(op, "start")) {
		printk("vm %s: running already\n", name);
		return;
	}
	flags = irq_local_save();	/* the console's input takes it too */
	spin_lock(&vm->lock);
	if (vm_is_running(vm)) {
		vm->reset = !strcmp(op, "reset");
		vm_stop(vm, 0);
	}
	spin_unlock(&vm->lock);
	irq_local_restore(flags);
}

bool vms_command(int argc, char **argv)
{
	if (!strcmp(argv[0], "vms")) {
		list_vms();
		return true;
	}
	if (strcmp(argv[0], "vm"))
		return false;
	if (argc == 3 && (!strcmp(argv[1], "stop") || !strcmp(argv[1], "start") ||
			  !strcmp(argv[1], "reset")))
		vm_command(argv[1], argv[2]);
	else
		printk("vm: usage: vm stop|start|reset <name>\n");
	return true;
}

int vms_run(void)
{
	struct vm_config_env env = {
		.nr_cpus = cpu_count(), .nr_virqs = ARCH_VM_NR_VIRQS,
		.host_fdt = boot_fdt(), .host_irq = irq_of_node,
		.host_driven = driver_bound,
	};
	unsigned int good, bad, i;

	env.images = builtin_images(&env.nr_images);
	if (vm_config_parse(__vm_config_start, &env, configs,
			    ARRAY_SIZE(configs), &good, &bad))
		return POWER_OFF_ERROR;
	for (i = 0; i < good; i++) {
		if (claim_loader_images(i) ||
		    (configs[i].image_from_loader &&
		     vm_config_check_image(&configs[i]))) {
			configs[i].name = NULL;	/* refused: not run */
			bad++;
		}
	}
	if (bad)
		vms_status = POWER_OFF_ERROR;
	nr_configs = good;
	if (IS_ENABLED(CONFIG_SHELL))
		shell_start();
	for (i = 0; i < good; i++)
		if (configs[i].name)
			vm_launch(i);
	sched_loop(done, poll, NULL);
	return IS_ENABLED(CONFIG_SHELL) ? shell_status : vms_status;
}
#else
/* No VM configuration (VM_CONFIG empty): no VM to run. */
int vms_run(void)
{
	return IS_ENABLED(CONFIG_SHELL) ? shell_run() : POWER_OFF_OK;
}

bool vms_command(int argc, char **argv)
{
	return false;
}
#endif
