// SPDX-License-Identifier: MIT
/*
 * The exit dispatcher: every exit of every architecture's vCPUs comes
 * here as a struct vm_exit (hal/vcpu.h) and is handled in common code.
 * Anything the guest does wrong stops that VM with one fault line; the
 * hypervisor goes on.
 */
#include <hal/irq.h>
#include <vireo/hypercall.h>
#include <vireo/log.h>
#include <vireo/printf.h>
#include "vm.h"

void vm_stop(struct vm *vm, int status)
{
	vm->state = VM_STOPPED;
	vm->status = status;
}

void vm_fault(struct vm *vm, const char *reason, bool has_gpa, uint64_t gpa,
	      uint64_t pc)
{
	/* not pr_err's "error:" prefix: the line's shape is documented */
	if (has_gpa)
		printk("vireo: vm %s: fault: %s at gpa %#llx pc %#llx\n",
		       vm->cfg->name, reason, (unsigned long long)gpa,
		       (unsigned long long)pc);
	else
		printk("vireo: vm %s: fault: %s pc %#llx\n", vm->cfg->name, reason,
		       (unsigned long long)pc);
	vm->state = VM_FAULTED;
	vm->status = 1;
}

/* Guest console output, a whole line at a time: "[name] text". */
static void console_flush(struct vm *vm)
{
	vm->line[vm->line_len] = '\0';
	printk("[%s] %s\n", vm->cfg->name, vm->line);
	vm->line_len = 0;
}

static void console_putc(struct vm *vm, char c)
{
	if (c == '\r')
		return;
	if (c == '\n') {
		console_flush(vm);
		return;
	}
	/* what the host console cannot show is shown as '.' */
	vm->line[vm->line_len++] = c >= 0x20 && c < 0x7f ? c : '.';
	if (vm->line_len == VM_LINE_MAX)
		console_flush(vm);
}

static void handle_hypercall(struct vm *vm, const struct vm_exit *e)
{
	uint64_t result = 0;

	switch (e->hypercall.nr) {
	case VIREO_HC_NULL:
		break;
	case VIREO_HC_PUTC:
		console_putc(vm, (char)e->hypercall.args[0]);
		break;
	case VIREO_HC_EXIT:
		if (vm->line_len)
			console_flush(vm);
		vm_stop(vm, (int)e->hypercall.args[0]);
		return;
	default:
		result = VIREO_HC_UNKNOWN;
	}
	vcpu_set_result(vm->cur, result);
}

static struct vm_device *find_device(struct vm *vm, uint64_t gpa)
{
	struct vm_device *d, *end = vm->devices + vm->nr_devices;

	for (d = vm->devices; d < end; d++)
		if (gpa - d->base < d->size)
			return d;
	return NULL;
}

static bool in_ram(const struct vm *vm, uint64_t gpa)
{
	return vm_region_of(vm->cfg, gpa) != NULL;
}

/* The access to device d: NULL, or why it is refused (nothing done). */
static __always_inline const char *
device_access(struct vm_device *d, uint64_t gpa, unsigned int width,
	      bool write, uint64_t *value)
{
	if (write)
		return d->ops->write(d->state, gpa - d->base, width, *value);
	return d->ops->read(d->state, gpa - d->base, width, value);
}

/* VM lock: the device's state, as handle_mmio(). */
const char *vm_mmio_fast(struct vcpu *v, uint64_t gpa, unsigned int width,
			 bool write, uint64_t *value)
{
	struct vm *vm = v->vm;
	struct vm_device *d;

	/* while several vCPUs are on, vm_run() moves to the next one after
	 * each exit: theirs go the usual way */
	if (vm->nr_on > 1)
		return "several vCPUs take turns";
	d = find_device(vm, gpa);
	if (!d)
		return "no device";
	vm->waits = 0;	/* as vm_handle_exit() for an exit not IDLE */
	/* a refused access changed nothing: handle_mmio() says why */
	return device_access(d, gpa, width, write, value);
}

static void handle_mmio(struct vm *vm, const struct vm_exit *e)
{
	struct vm_device *d = find_device(vm, e->mmio.addr);
	uint64_t value = e->mmio.value;
	const char *why;

	if (!d) {
		vm_fault(vm, e->mmio.write ? "write outside its memory" :
					      "read outside its memory",
			 true, e->mmio.addr, e->pc);
		return;
	}
	why = device_access(d, e->mmio.addr, e->mmio.width, e->mmio.write,
			    &value);
	if (why) {
		vm_fault(vm, why, true, e->mmio.addr, e->pc);
		return;
	}
	if (!e->mmio.write)
		vcpu_set_result(vm->cur, value);
	vcpu_skip(vm->cur);
}

static void handle_fault(struct vm *vm, const struct vm_exit *e)
{
	static const char *const access[] = { "read", "write", "execute" };
	const char *what = access[e->fault.access];
	char reason[64];

	if (in_ram(vm, e->fault.gpa))
		snprintf(reason, sizeof(reason), "%s refused by its memory's permissions",
			 what);
	else if (find_device(vm, e->fault.gpa))
		snprintf(reason, sizeof(reason), "%s of a device the CPU could not decode",
			 what);
	else
		snprintf(reason, sizeof(reason), "%s outside its memory", what);
	vm_fault(vm, reason, true, e->fault.gpa, e->pc);
}

int vm_start_vcpu(struct vm *vm, unsigned int id, uint64_t entry,
		  const uint64_t *args, unsigned int nr_args)
{
	struct vcpu *v = &vm->vcpus[id];
	int err;

	err = vcpu_init(v, vm, id, vm->s2.root, vm->vmid);
	if (err)
		return err;
	vcpu_attach(v, &vm->arch);
	vcpu_set_entry(v, entry, args, nr_args);
	vcpu_set_timer_offset(v, vm->timer_offset);
	vm->vcpu_on[id] = true;
	vm->nr_on++;
	return 0;
}

/* CPU_ON: the target is the vCPU's number (its MPIDR/hart id). */
static enum vm_power_status cpu_on(struct vm *vm, const struct vm_exit *e)
{
	uint64_t id = e->power.target;

	if (id >= vm->nr_vcpus)
		return VM_POWER_INVALID;
	if (vm->vcpu_on[id])
		return VM_POWER_ALREADY_ON;
	if (vm_start_vcpu(vm, (unsigned int)id, e->power.entry,
			  &e->power.context, 1))
		return VM_POWER_DENIED;
	return VM_POWER_DONE;
}

static void cpu_off(struct vm *vm)
{
	unsigned int id = (unsigned int)(vm->cur - vm->vcpus);

	vm->vcpu_on[id] = false;
	vm->nr_on--;
	vcpu_destroy(vm->cur);
	if (!vm->nr_on)		/* its last vCPU */
		vm_stop(vm, 0);
}

static void handle_power(struct vm *vm, const struct vm_exit *e)
{
	uint64_t id = e->power.target;

	switch (e->power.op) {
	case VM_POWER_OFF:
		vm_stop(vm, 0);
		return;
	case VM_POWER_CPU_OFF:
		cpu_off(vm);
		return;
	case VM_POWER_RESET:	/* not yet: refused, the guest goes on */
		vcpu_set_power(vm->cur, VM_POWER_UNSUPPORTED);
		return;
	case VM_POWER_CPU_ON:
		vcpu_set_power(vm->cur, cpu_on(vm, e));
		return;
	case VM_POWER_CPU_STATUS:
		vcpu_set_power(vm->cur, id >= vm->nr_vcpus ? VM_POWER_INVALID :
				vm->vcpu_on[id] ? VM_POWER_ON : VM_POWER_STOPPED);
		return;
	}
}

/*
 * WFE, or WFI: the CPU goes to the VM's other vCPUs. A WFI whose vCPU
 * has its own wake-up source armed (its timer: may_wake) waits on this
 * CPU when nothing else would run. Otherwise only the other vCPUs can
 * interrupt it (SGIs, the test device), so a WFI with no other vCPU on,
 * or with every vCPU on in WFI since the last exit of another kind,
 * would wait forever: it stops the VM rather than hang it.
 */
static void handle_idle(struct vm *vm, const struct vm_exit *e)
{
	/* nothing else to run, but its own timer will end the wait */
	if (!e->idle.event && e->idle.may_wake &&
	    (vm->nr_on < 2 || vm->waits + 1 > vm->nr_on)) {
		cpu_wait_for_interrupt();
		vcpu_skip(vm->cur);
		return;
	}
	if (!e->idle.event && (vm->nr_on < 2 || ++vm->waits > vm->nr_on)) {
		vm_fault(vm, "waits for an interrupt nothing can send (WFI)",
			 false, 0, e->pc);
		return;
	}
	vcpu_skip(vm->cur);	/* a WFI may end at any time */
	vm->yield = true;
}

bool vm_handle_exit(struct vm *vm, const struct vm_exit *e)
{
	if (e->reason != VM_EXIT_IDLE)
		vm->waits = 0;
	char reason[80];

	/* the hot ones first, before the switch's compare chain */
	if (e->reason == VM_EXIT_HYPERCALL) {
		handle_hypercall(vm, e);
		return vm->state == VM_RUNNING;
	}
	if (e->reason == VM_EXIT_MMIO) {
		handle_mmio(vm, e);
		return vm->state == VM_RUNNING;
	}
	switch (e->reason) {
	case VM_EXIT_HYPERCALL:
	case VM_EXIT_MMIO:
		break;
	case VM_EXIT_STAGE2_FAULT:
		handle_fault(vm, e);
		break;
	case VM_EXIT_IDLE:
		handle_idle(vm, e);
		break;
	case VM_EXIT_HOST_IRQ:	/* taken by the caller */
		break;
	case VM_EXIT_POWER:
		handle_power(vm, e);
		break;
	case VM_EXIT_SYSREG:
		snprintf(reason, sizeof(reason),
			 "%s of a system register it may not use (id %#x)",
			 e->sysreg.write ? "write" : "read", e->sysreg.id);
		vm_fault(vm, reason, false, 0, e->pc);
		break;
	case VM_EXIT_PIO:
		vm_fault(vm, "port I/O", false, 0, e->pc);
		break;
	case VM_EXIT_UNHANDLED:
		snprintf(reason, sizeof(reason), "%s (syndrome %#llx, info %#llx)",
			 e->unhandled.what,
			 (unsigned long long)e->unhandled.syndrome,
			 (unsigned long long)e->unhandled.info);
		vm_fault(vm, reason, false, 0, e->pc);
		break;
	}
	return vm->state == VM_RUNNING;
}
