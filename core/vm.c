// SPDX-License-Identifier: MIT
/*
 * VMs: guest memory from the page allocator, mapped at its guest-physical
 * address in a stage-2 table built by the page-table engine in the
 * format the vCPU backend names, a VMID of its own, the TLB flushed by
 * VMID after every change. The lifecycle lines are in docs/boot-log.md.
 */
#include <hal/barrier.h>
#include <hal/boot.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <vireo/errno.h>
#include <vireo/hypercall.h>
#include <vireo/log.h>
#include <vireo/page_alloc.h>
#include <vireo/string.h>
#include "vm.h"

#define VMID_MAX 255		/* the narrowest VMID: 8 bits */

static uint8_t vmid_used[(VMID_MAX + 1) / 8];

/* VMID 0 is left out: it is what VTTBR holds when no guest ran. */
static int vmid_alloc(void)
{
	int id;

	for (id = 1; id <= VMID_MAX; id++) {
		if (!(vmid_used[id / 8] & (1U << (id % 8)))) {
			vmid_used[id / 8] |= (uint8_t)(1U << (id % 8));
			return id;
		}
	}
	return -ENOSPC;
}

static void vmid_free(uint16_t id)
{
	vmid_used[id / 8] &= (uint8_t)~(1U << (id % 8));
}

static int vm_error(const struct vm_config *cfg, const char *what, int err)
{
	pr_err("vm %s: %s: %s\n", cfg->name, what, errno_name(err));
	return err;
}

/* Fill RAM with the image and the rest with zeros. */
static void vm_load_image(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	uint8_t *ram = (uint8_t *)(uintptr_t)vm->ram_pa;

	memcpy(ram, cfg->image, cfg->image_size);
	memset(ram + cfg->image_size, 0, cfg->ram_size - cfg->image_size);
	vcpu_guest_memory_written(vm->ram_pa, cfg->ram_size);
}

/* The boot vCPU at the entry; virtual time starts at 0 now. */
static int vm_reset_vcpu(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	uint64_t hz = time_counter_hz();

	if (hz)
		vm->timer_offset = time_ns_to_counter(time_now_ns(), hz);
	return vm_start_vcpu(vm, 0, cfg->entry, cfg->args, ARRAY_SIZE(cfg->args));
}

static int vm_map_ram(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	size_t pages = cfg->ram_size / PAGE_SIZE;
	int err;

	if (!cfg->ram_size || cfg->ram_size % PAGE_SIZE ||
	    cfg->ram_gpa % PAGE_SIZE || cfg->ro_size % PAGE_SIZE)
		return vm_error(cfg, "memory: not whole pages", -EINVAL);
	if (cfg->ro_size > cfg->ram_size)
		return vm_error(cfg, "memory: read-only part larger than it",
				-EINVAL);
	if (cfg->image_size > cfg->ram_size)
		return vm_error(cfg, "image: larger than its memory", -EINVAL);
	if (cfg->entry < cfg->ram_gpa ||
	    cfg->entry >= cfg->ram_gpa + cfg->ram_size)
		return vm_error(cfg, "entry: outside its memory", -EINVAL);
	err = page_alloc_pages(pages, 1, &vm->ram_pa);
	if (err)
		return vm_error(cfg, "memory", err);
	err = 0;
	if (cfg->ro_size)
		err = pgtable_map(&vm->s2, cfg->ram_gpa, vm->ram_pa,
				  cfg->ro_size, PGTABLE_R | PGTABLE_X);
	if (!err && cfg->ro_size < cfg->ram_size)
		err = pgtable_map(&vm->s2, cfg->ram_gpa + cfg->ro_size,
				  vm->ram_pa + cfg->ro_size,
				  cfg->ram_size - cfg->ro_size,
				  PGTABLE_R | PGTABLE_W | PGTABLE_X);
	if (err) {
		pgtable_unmap(&vm->s2, cfg->ram_gpa, cfg->ram_size);
		page_free_pages(vm->ram_pa, pages);
		vm->ram_pa = 0;
		return vm_error(cfg, "memory: stage 2", err);
	}
	tlb_flush_guest_vmid(vm->vmid);
	return 0;
}

int vm_create(struct vm *vm, const struct vm_config *cfg)
{
	int err, id;

	memset(vm, 0, sizeof(*vm));
	vm->cfg = cfg;
	if (cfg->nr_vcpus > VM_MAX_VCPUS) {
		pr_err("vm %s: vcpus: %u, at most %u\n", cfg->name,
		       cfg->nr_vcpus, VM_MAX_VCPUS);
		return -EINVAL;
	}
	vm->nr_vcpus = cfg->nr_vcpus ? cfg->nr_vcpus : 1;
	id = vmid_alloc();
	if (id < 0)
		return vm_error(cfg, "no VMID left", id);
	vm->vmid = (uint16_t)id;
	err = pgtable_init(&vm->s2, vcpu_stage2_format(),
			   &pgtable_page_alloc_ops, NULL, 0);
	if (err) {
		vmid_free(vm->vmid);
		return vm_error(cfg, "stage 2", err);
	}
	err = vm_map_ram(vm);
	if (!err && cfg->test_device) {
		vm->testdev.vcpu = &vm->vcpus[0];
		vm->devices[vm->nr_devices++] = (struct vm_device){
			&vdev_test_ops, VIREO_TESTDEV_BASE, VIREO_TESTDEV_SIZE,
			&vm->testdev };
	}
	if (!err) {
		vm_load_image(vm);
		err = vm_reset_vcpu(vm);
		if (err)
			vm_error(cfg, "vcpu", err);
	}
	if (err)
		vm_destroy(vm);
	return err;
}

void vm_destroy(struct vm *vm)
{
	unsigned int i;

	if (vm->state == VM_RUNNING || vm->state == VM_CREATED)
		vm->state = VM_STOPPED;
	for (i = 0; i < vm->nr_vcpus; i++)
		vcpu_destroy(&vm->vcpus[i]);
	if (vm->ram_pa) {
		pgtable_unmap(&vm->s2, vm->cfg->ram_gpa, vm->cfg->ram_size);
		page_free_pages(vm->ram_pa, vm->cfg->ram_size / PAGE_SIZE);
		vm->ram_pa = 0;
	}
	if (vm->s2.root) {
		pgtable_free(&vm->s2);
		vm->s2.root = 0;
	}
	if (vm->vmid) {
		tlb_flush_guest_vmid(vm->vmid);	/* before it is reused */
		vmid_free(vm->vmid);
		vm->vmid = 0;
	}
}

/* The next vCPU that is on after vCPU i, i itself if it is the only one. */
static unsigned int next_vcpu(const struct vm *vm, unsigned int i)
{
	unsigned int n;

	for (n = 1; n <= vm->nr_vcpus; n++)
		if (vm->vcpu_on[(i + n) % vm->nr_vcpus])
			return (i + n) % vm->nr_vcpus;
	return i;
}

int vm_run(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	struct vm_exit exit;
	unsigned int i = 0;

	pr_info("vm %s: started: vcpus %u, memory %#llx-%#llx, entry %#llx\n",
		cfg->name, vm->nr_vcpus, (unsigned long long)cfg->ram_gpa,
		(unsigned long long)(cfg->ram_gpa + cfg->ram_size - 1),
		(unsigned long long)cfg->entry);
	vm->state = VM_RUNNING;
	/*
	 * Masked while the VM is ours: an interrupt for the host is still
	 * taken while the guest runs (it goes to EL2 whatever the guest's
	 * mask) and ends the run, and is taken here. One that comes in
	 * between waits for the next entry, which it ends at once.
	 */
	irq_local_disable();
	while (vm->state == VM_RUNNING) {
		vm->cur = &vm->vcpus[i];
		vm->yield = false;
		vm_mark_first_entry();
		vcpu_run(vm->cur, &exit);
		vm_log_first_entry();
		if (exit.reason == VM_EXIT_HOST_IRQ) {
			irq_local_enable();
			irq_local_disable();
			vm->yield = true;
		}
		vm_handle_exit(vm, &exit);
		/* round robin, one exit each, while several are on */
		if (vm->yield || vm->nr_on > 1 || !vm->vcpu_on[i])
			i = next_vcpu(vm, i);
	}
	irq_local_enable();
	if (vm->state == VM_STOPPED)
		pr_info("vm %s: stopped: status %d\n", cfg->name, vm->status);
	return vm->status;
}

static uint64_t first_entry_ns;
static bool first_entry_logged;

void vm_mark_first_entry(void)
{
	if (!first_entry_ns)
		first_entry_ns = time_now_ns() - boot_entry_ns();
}

void vm_log_first_entry(void)
{
	if (first_entry_logged)
		return;
	first_entry_logged = true;
	pr_info("time: entry to first guest instruction %llu ns\n",
		(unsigned long long)first_entry_ns);
}
