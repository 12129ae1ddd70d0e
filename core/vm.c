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
#include <libfdt.h>
#include <vireo/errno.h>
#include <vireo/hypercall.h>
#include <vireo/log.h>
#include <vireo/page_alloc.h>
#include <vireo/string.h>
#include "vm.h"
#include "vm_console.h"
#include "vm_fdt.h"

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

/* Region i less the pages the image covers whole, zeroed. */
static void vm_zero_region(struct vm *vm, unsigned int i)
{
	const struct vm_config *cfg = vm->cfg;
	const struct vm_region *r = &cfg->regions[i];
	uint64_t lo = ALIGN_UP(cfg->image_gpa, PAGE_SIZE);
	uint64_t hi = ALIGN_DOWN(cfg->image_gpa + cfg->image_size, PAGE_SIZE);
	uint64_t end = r->gpa + r->size;

	if (lo < r->gpa)
		lo = r->gpa;
	if (hi > end)
		hi = end;
	if (lo >= hi)	/* no whole page of the image here */
		lo = hi = end;
	vcpu_guest_memory_zero(vm->region_pa[i], lo - r->gpa);
	vcpu_guest_memory_zero(vm->region_pa[i] + (hi - r->gpa), end - hi);
}

/* size bytes of src into its memory from gpa, over the regions they
 * span (the configuration was checked: they cover it without a gap),
 * made visible to the guest. */
static void vm_copy_in(struct vm *vm, uint64_t gpa, const void *src,
		       uint64_t size)
{
	const struct vm_config *cfg = vm->cfg;
	const uint8_t *from = src;

	while (size) {
		const struct vm_region *r = vm_region_of(cfg, gpa);
		uint64_t off = gpa - r->gpa;
		uint64_t n = r->size - off < size ? r->size - off : size;
		paddr_t pa = vm->region_pa[r - cfg->regions] + off;

		memcpy((uint8_t *)(uintptr_t)pa, from, n);
		vcpu_guest_memory_written(pa, n);
		from += n;
		gpa += n;
		size -= n;
	}
}

/* Zero every region but where the image goes, then copy the image and
 * the initrd in: the image's bytes are written once. */
static void vm_load_image(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	unsigned int i;

	for (i = 0; i < cfg->nr_regions; i++)
		vm_zero_region(vm, i);
	vm_copy_in(vm, cfg->image_gpa, cfg->image, cfg->image_size);
	if (cfg->initrd)
		vm_copy_in(vm, cfg->initrd_gpa, cfg->initrd, cfg->initrd_size);
}

#ifdef ARCH_VM_BOOT_PVH
/* The boot protocol's data instead of a device tree (hal/vcpu.h). */
static int vm_boot_data(const struct vm_config *cfg, void *buf, int size)
{
	struct vcpu_boot_mem mem[VM_MAX_REGIONS];
	unsigned int i;

	for (i = 0; i < cfg->nr_regions; i++)
		mem[i] = (struct vcpu_boot_mem){ cfg->regions[i].gpa,
						 cfg->regions[i].size,
						 cfg->regions[i].read_only };
	return vcpu_boot_data(buf, (size_t)size, cfg->dtb_gpa, mem, i,
			      cfg->bootargs);
}
#define boot_data_build vm_boot_data
#define boot_data_error(err) errno_name(err)
#else
#define boot_data_build vm_fdt_build
#define boot_data_error(err) fdt_strerror(err)
#endif

/* Its device tree (or its arch's boot data) into its memory, where the
 * configuration placed it. */
static int vm_write_fdt(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	const struct vm_region *r = vm_region_of(cfg, cfg->dtb_gpa);
	paddr_t pa = vm->region_pa[r - cfg->regions] + (cfg->dtb_gpa - r->gpa);
	int err = boot_data_build(cfg, (void *)(uintptr_t)pa, VM_FDT_MAX);

	if (err) {
		pr_err("vm %s: device tree: %s\n", cfg->name,
		       boot_data_error(err));
		return -ENOSPC;
	}
	vcpu_guest_memory_written(pa, VM_FDT_MAX);
	return 0;
}

/* The boot vCPU at the entry, x0 its device tree (arm64 Image boot
 * protocol; riscv64: a1, after the hart id), then the configuration's. */
static int vm_reset_vcpu(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	uint64_t args[1 + VM_MAX_BOOT_ARGS] = { cfg->dtb_gpa };

	memcpy(&args[1], cfg->args, sizeof(cfg->args));
	return vm_start_vcpu(vm, 0, cfg->entry, args, ARRAY_SIZE(args));
}

static void vm_unmap_regions(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	unsigned int i;

	for (i = 0; i < cfg->nr_regions; i++) {
		if (!vm->region_pa[i])
			continue;
		pgtable_unmap(&vm->s2, cfg->regions[i].gpa,
			      cfg->regions[i].size);
		page_free_pages(vm->region_pa[i],
				cfg->regions[i].size / PAGE_SIZE);
		vm->region_pa[i] = 0;
	}
}

/* Each region on pages of its own, mapped with its permissions. */
static int vm_map_regions(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	unsigned int i;
	int err;

	for (i = 0; i < cfg->nr_regions; i++) {
		const struct vm_region *r = &cfg->regions[i];
		unsigned int perm = PGTABLE_R | PGTABLE_X;

		if (!r->read_only)
			perm |= PGTABLE_W;
		err = page_alloc_pages(r->size / PAGE_SIZE, 1,
				       &vm->region_pa[i]);
		if (err)
			return vm_error(cfg, "memory", err);
		err = pgtable_map(&vm->s2, r->gpa, vm->region_pa[i], r->size,
				  perm);
		if (err) {
			pgtable_unmap(&vm->s2, r->gpa, r->size);
			page_free_pages(vm->region_pa[i], r->size / PAGE_SIZE);
			vm->region_pa[i] = 0;
			return vm_error(cfg, "memory: stage 2", err);
		}
	}
	tlb_flush_guest_vmid(vm->vmid);
	return 0;
}

/* Each vCPU on the run queue of its CPU, off until started. */
static int vm_add_vcpus(struct vm *vm)
{
	unsigned int i;
	int err;

	for (i = 0; i < vm->nr_vcpus; i++) {
		vm->sched[i].vcpu = &vm->vcpus[i];
		vm->sched[i].cpu = vm->cfg->cpus[i];
		vm->vcpus[i].vm = vm;
		vm->vcpus[i].id = i;
		err = sched_add(&vm->sched[i]);
		if (err)
			return vm_error(vm->cfg, "cpus: run queue", err);
		vm->sched[i].queued = true;
	}
	return 0;
}

/* Passthrough devices: their registers as device memory (read, write,
 * never executed), their interrupts forwarded (after the vGIC is up). */
static int vm_map_passthrough(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	unsigned int i, j;
	int err;

	for (i = 0; i < cfg->nr_passthrough; i++) {
		const struct vm_passthrough *pt = &cfg->passthrough[i];

		err = pgtable_map(&vm->s2, pt->gpa, pt->host_pa, pt->size,
				  PGTABLE_R | PGTABLE_W | PGTABLE_DEVICE);
		if (err) {
			pr_err("vm %s: %s: stage 2: %s\n", cfg->name, pt->name,
			       errno_name(err));
			return err;
		}
		for (j = 0; j < pt->nr_irqs; j++) {
			err = arch_vm_forward_irq(&vm->arch, pt->irqs[j].host,
						  pt->irqs[j].virq,
						  pt->irqs[j].level);
			if (err) {
				pr_err("vm %s: %s/host-device: interrupt %u: "
				       "%s (%s)\n", cfg->name, pt->name,
				       pt->irqs[j].host, err == -EBUSY ?
				       "the hypervisor's" : "cannot be forwarded",
				       errno_name(err));
				return err;
			}
		}
	}
	tlb_flush_guest_vmid(vm->vmid);
	return 0;
}

static void vm_unmap_passthrough(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	unsigned int i;

	for (i = 0; i < cfg->nr_passthrough; i++)
		pgtable_unmap(&vm->s2, cfg->passthrough[i].gpa,
			      cfg->passthrough[i].size);
}

/* The UART of the configuration's model, in MMIO or port space. */
static void add_uart(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	unsigned int virq =
		cfg->uart_has_irq ? ARCH_VM_SPI_VIRQ(cfg->uart_spi) : 0;
	struct vm_device d = { &vdev_pl011_ops, cfg->uart_base, cfg->uart_size,
			       &vm->uart.pl011 };

	if (cfg->uart_model == VM_UART_NS16550) {
		vns16550_init(&vm->uart.ns16550, vm, &vm->vcpus[0], virq,
			      cfg->uart_reg_shift);
		d.ops = &vdev_ns16550_ops;
		d.state = &vm->uart.ns16550;
	} else {
		vpl011_init(&vm->uart.pl011, vm, &vm->vcpus[0], virq);
	}
	if (cfg->uart_pio)
		vm->ports[vm->nr_ports++] = d;
	else
		vm->devices[vm->nr_devices++] = d;
	vm_console_attach(vm);
}

int vm_create(struct vm *vm, const struct vm_config *cfg)
{
	/* a GIC's distributor and CPU interface, or a PLIC */
	const struct vm_intc intc = {
		cfg->has_gic || cfg->has_plic,
		cfg->has_plic ? cfg->plic_base : cfg->gicd_base,
		cfg->has_plic ? 0 : cfg->gicc_base };
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
	err = arch_vm_init(&vm->arch, &vm->s2, vm->nr_vcpus, &intc);
	if (err)
		vm_error(cfg, "interrupt controller", err);
	else
		err = vm_map_regions(vm) ?: vm_map_passthrough(vm);
	for (unsigned int i = 0; i < cfg->nr_passthrough; i++)
		if (cfg->passthrough[i].nr_irqs)	/* a WFI may wait */
			vm->woken_from_outside = true;
	if (!err && cfg->test_device) {
		vm->testdev.vcpu = &vm->vcpus[0];
		vm->testdev.virq = ARCH_VM_TESTDEV_VIRQ;
		vm->devices[vm->nr_devices++] = (struct vm_device){
			&vdev_test_ops, cfg->test_device_base,
			VIREO_TESTDEV_SIZE,
			&vm->testdev };
	}
	if (!err && cfg->uart)
		add_uart(vm);
	if (!err) {
		vm_load_image(vm);
		err = vm_write_fdt(vm);
	}
	if (!err)
		err = vm_add_vcpus(vm);
	if (err)
		vm_destroy(vm);
	return err;
}

void vm_destroy(struct vm *vm)
{
	unsigned int i;

	if (vm->state == VM_RUNNING || vm->state == VM_CREATED)
		vm->state = VM_STOPPED;
	if (vm->cfg && vm->cfg->uart)
		vm_console_detach(vm);
	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->sched[i].queued)
			sched_remove(&vm->sched[i]);
	vm_unmap_regions(vm);
	if (vm->s2.root) {
		vm_unmap_passthrough(vm);
		arch_vm_destroy(&vm->arch, &vm->s2);
		pgtable_free(&vm->s2);
		vm->s2.root = 0;
	}
	if (vm->vmid) {
		tlb_flush_guest_vmid(vm->vmid);	/* before it is reused */
		vmid_free(vm->vmid);
		vm->vmid = 0;
	}
}

/* The lowest and highest guest-physical address of its memory. */
static uint64_t memory_low(const struct vm_config *cfg)
{
	uint64_t low = ~0ULL;
	unsigned int i;

	for (i = 0; i < cfg->nr_regions; i++)
		if (cfg->regions[i].gpa < low)
			low = cfg->regions[i].gpa;
	return low;
}

static uint64_t memory_high(const struct vm_config *cfg)
{
	uint64_t high = 0;
	unsigned int i;

	for (i = 0; i < cfg->nr_regions; i++)
		if (cfg->regions[i].gpa + cfg->regions[i].size - 1 > high)
			high = cfg->regions[i].gpa + cfg->regions[i].size - 1;
	return high;
}

void vm_start(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	int err;

	pr_info("vm %s: started: vcpus %u, memory %#llx-%#llx, entry %#llx\n",
		cfg->name, vm->nr_vcpus, (unsigned long long)memory_low(cfg),
		(unsigned long long)memory_high(cfg),
		(unsigned long long)cfg->entry);
	spin_lock(&vm->lock);
	__atomic_store_n(&vm->state, VM_RUNNING, __ATOMIC_RELEASE);
	/* virtual time starts at 0 now */
	if (time_counter_hz())
		vm->timer_offset = time_ns_to_counter(time_now_ns(),
						      time_counter_hz());
	err = vm_reset_vcpu(vm);
	if (err) {
		vm_error(cfg, "vcpu", err);
		vm->status = 1;
		__atomic_store_n(&vm->state, VM_FAULTED, __ATOMIC_RELEASE);
		sched_poll_request();	/* no CPU will release it: reap it */
	}
	spin_unlock(&vm->lock);
}

/*
 * Interrupts stay masked while a vCPU runs: one for the host still ends
 * the guest's run (it goes to EL2 / HS / the host whatever the guest's
 * mask) and is taken by the caller, as is one that came in between.
 */
bool vm_run_vcpu(struct sched_vcpu *s)
{
	struct vcpu *v = s->vcpu;
	struct vm *vm = v->vm;
	struct vm_exit exit;

	/* acquire: what the last waker changed (make_ready) is seen */
	(void)__atomic_exchange_n(&s->kicked, false, __ATOMIC_ACQ_REL);
	vm_mark_first_entry();
	vcpu_run(v, &exit);
	vm_log_first_entry();
	if (exit.reason == VM_EXIT_HOST_IRQ)
		return true;
	spin_lock(&vm->lock);
	if (vm->state == VM_RUNNING) {
		vm->cur = v;
		vm_handle_exit(vm, &exit);
	}
	spin_unlock(&vm->lock);
	return false;
}

void vm_release_vcpu(struct sched_vcpu *s)
{
	struct vm *vm = s->vcpu->vm;

	vcpu_destroy(s->vcpu);
	s->started = false;
	s->state = SCHED_OFF;
	if (!__atomic_sub_fetch(&vm->nr_started, 1, __ATOMIC_ACQ_REL))
		sched_poll_request();	/* finished: the boot CPU reaps it */
}

static uint64_t first_entry_ns;
static bool first_entry_logged;

/* Any CPU may enter a guest first: the first time taken wins, and the
 * line is printed once (by whichever CPU comes to it first). */
void vm_mark_first_entry(void)
{
	uint64_t none = 0;

	if (!__atomic_load_n(&first_entry_ns, __ATOMIC_RELAXED))
		__atomic_compare_exchange_n(&first_entry_ns, &none,
					    time_now_ns() - boot_entry_ns(),
					    false, __ATOMIC_ACQ_REL,
					    __ATOMIC_RELAXED);
}

void vm_log_first_entry(void)
{
	if (__atomic_exchange_n(&first_entry_logged, true, __ATOMIC_ACQ_REL))
		return;
	pr_info("time: entry to first guest instruction %llu ns\n",
		(unsigned long long)__atomic_load_n(&first_entry_ns,
						    __ATOMIC_ACQUIRE));
}
