// SPDX-License-Identifier: MIT
/*
 * The exit dispatcher: every exit of every architecture's vCPUs comes
 * here as a struct vm_exit (hal/vcpu.h) and is handled in common code.
 * Anything the guest does wrong stops that VM with one fault line; the
 * hypervisor goes on.
 */
#include <hal/console.h>
#include <hal/irq.h>
#include <vireo/hypercall.h>
#include <vireo/log.h>
#include <vireo/printf.h>
#include <vireo/spinlock.h>
#include "vm.h"
#include "vm_console.h"

/*
 * Guest console output, a whole line at a time: "[name] text". The VM
 * that has console input (vm_console.h) is shown as it writes instead,
 * so its prompt and the echo of what is typed appear at once (as Xen's
 * console does): vm->line_open says the host line "[name] ..." is
 * started and waits for its end; its text so far stays in vm->line, so
 * that a whole line of another VM can come between, the open one drawn
 * again after it.
 *
 * console_out keeps every VM's line and what the host console shows in
 * step: it is taken around each character, inside the VM's lock, and
 * only printk's own lock is taken inside it.
 */
static spinlock_t console_out = SPINLOCK_INIT;

static void show_open_line(struct vm *vm)
{
	if (console_mid_line())	/* after a prompt, say: a line of its own */
		printk("\n");
	vm->line[vm->line_len] = '\0';
	printk("[%s] %s", vm->cfg->name, vm->line);
	vm->line_open = true;
}

static void end_open_line(struct vm *vm)
{
	printk("\n");
	vm->line_open = false;
}

static void print_line(struct vm *vm)
{
	struct vm *focus = vm_console_target();
	bool redraw = focus && focus != vm && focus->line_open;

	if (redraw)
		end_open_line(focus);
	vm->line[vm->line_len] = '\0';
	printk("[%s] %s\n", vm->cfg->name, vm->line);
	vm->line_len = 0;
	if (redraw)
		show_open_line(focus);
}

void vm_console_flush(struct vm *vm)
{
	spin_lock(&console_out);
	if (vm->line_open) {
		end_open_line(vm);
		vm->line_len = 0;
	} else if (vm->line_len) {
		print_line(vm);
	}
	spin_unlock(&console_out);
}

/* What the host console cannot show is shown as '.'; the focused VM's
 * backspace, tab and escape sequences go through (its line editing). */
static char shown(char c, bool focused)
{
	if (c >= 0x20 && c < 0x7f)
		return c;
	return focused && (c == '\b' || c == '\t' || c == 0x1b) ? c : '.';
}

static void putc_focused(struct vm *vm, char c)
{
	if (!vm->line_open)	/* what came before it had the input */
		show_open_line(vm);
	if (c == '\n' || vm->line_len == VM_LINE_MAX) {
		end_open_line(vm);
		vm->line_len = 0;
		if (c == '\n')
			return;
		show_open_line(vm);
	}
	c = shown(c, true);
	vm->line[vm->line_len++] = c;
	printk("%c", c);
}

static void putc_line(struct vm *vm, char c)
{
	if (vm->line_open)	/* it lost the input mid-line: the rest of
				 * the line comes whole */
		end_open_line(vm);
	if (c == '\n') {
		print_line(vm);
		return;
	}
	vm->line[vm->line_len++] = shown(c, false);
	if (vm->line_len == VM_LINE_MAX)
		print_line(vm);
}

void vm_console_putc(struct vm *vm, char c)
{
	if (c == '\r')
		return;
	spin_lock(&console_out);
	if (vm == vm_console_target())
		putc_focused(vm, c);
	else
		putc_line(vm, c);
	spin_unlock(&console_out);
}

/* The VM ends: every CPU holding one of its vCPUs lets it go. */
static void vm_end(struct vm *vm, enum vm_state state, int status)
{
	unsigned int i;

	vm->status = status;
	__atomic_store_n(&vm->state, state, __ATOMIC_RELEASE);
	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->sched[i].started)
			sched_notify(&vm->sched[i]);
}

void vm_stop(struct vm *vm, int status)
{
	vm_console_flush(vm);	/* what it wrote without a newline */
	if (vm->reset)
		printk("vireo: vm %s: reset\n", vm->cfg->name);
	else
		pr_info("vm %s: stopped: status %d\n", vm->cfg->name, status);
	vm_end(vm, VM_STOPPED, status);
}

void vm_fault(struct vm *vm, const char *reason, bool has_gpa, uint64_t gpa,
	      uint64_t pc)
{
	vm_console_flush(vm);
	/* not pr_err's "error:" prefix: the line's shape is documented */
	if (has_gpa)
		printk("vireo: vm %s: fault: %s at gpa %#llx pc %#llx\n",
		       vm->cfg->name, reason, (unsigned long long)gpa,
		       (unsigned long long)pc);
	else
		printk("vireo: vm %s: fault: %s pc %#llx\n", vm->cfg->name, reason,
		       (unsigned long long)pc);
	vm_end(vm, VM_FAULTED, 1);
}

static void handle_hypercall(struct vm *vm, const struct vm_exit *e)
{
	uint64_t result = 0;

	switch (e->hypercall.nr) {
	case VIREO_HC_NULL:
		break;
	case VIREO_HC_PUTC:
		vm_console_putc(vm, (char)e->hypercall.args[0]);
		break;
	case VIREO_HC_EXIT:
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

/*
 * The hot exit, from inside vcpu_run(): under the VM's lock as
 * handle_mmio(), but for a device whose state only the VM's own accesses
 * change (vdev_ops.vcpu_only: the test device) while one vCPU is on
 * (vm->one_on) - then nothing else can touch it, and the lock is not
 * needed.
 */
const char *vm_mmio_fast(struct vcpu *v, uint64_t gpa, unsigned int width,
			 bool write, uint64_t *value)
{
	struct vm *vm = v->vm;
	struct vm_device *d = find_device(vm, gpa);
	const char *why;

	if (!d)
		return "no device";
	/* a refused access changed nothing: handle_mmio() says why */
	if (vm->one_on && d->ops->vcpu_only)
		return device_access(d, gpa, width, write, value);
	spin_lock(&vm->lock);
	why = vm->state == VM_RUNNING ?
		      device_access(d, gpa, width, write, value) : "stopping";
	spin_unlock(&vm->lock);
	return why;
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

/* An access the CPU decoded that no device takes: a fault (where the
 * CPU gives no kind of fault, as RISC-V's guest page faults, an access
 * RAM's permissions refused comes this way too). */
static void mmio_fault(struct vm *vm, const struct vm_exit *e)
{
	struct vm_exit f = *e;

	f.reason = VM_EXIT_STAGE2_FAULT;
	f.fault.gpa = e->mmio.addr;
	f.fault.access = e->mmio.write ? VM_ACCESS_WRITE : VM_ACCESS_READ;
	f.fault.syndrome = 0;
	handle_fault(vm, &f);
}

static void handle_mmio(struct vm *vm, const struct vm_exit *e)
{
	struct vm_device *d = find_device(vm, e->mmio.addr);
	uint64_t value = e->mmio.value;
	const char *why;

	if (!d) {
		mmio_fault(vm, e);
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

/* x86 in/out: to the VM's port devices (its 16550), else refused. */
static void handle_pio(struct vm *vm, const struct vm_exit *e)
{
	struct vm_device *d, *end = vm->ports + vm->nr_ports;
	uint64_t port = e->mmio.addr, value = e->mmio.value;
	const char *why = "port I/O to no device";
	char reason[64];

	for (d = vm->ports; d < end; d++)
		if (port - d->base < d->size)
			break;
	if (d < end)
		why = device_access(d, port, e->mmio.width, e->mmio.write,
				    &value);
	if (why) {
		snprintf(reason, sizeof(reason), "%s (port %#llx)", why,
			 (unsigned long long)port);
		vm_fault(vm, reason, false, 0, e->pc);
		return;
	}
	if (!e->mmio.write)
		vcpu_set_result(vm->cur, value);
	vcpu_skip(vm->cur);
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
	vm->one_on = vm->nr_on == 1;
	vm->sched[id].started = true;
	__atomic_add_fetch(&vm->nr_started, 1, __ATOMIC_ACQ_REL);
	sched_make_ready(&vm->sched[id]);
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
	if (!vm_region_of(vm->cfg, e->power.entry))
		return VM_POWER_INVALID;	/* it would fault at once */
	if (vm_start_vcpu(vm, (unsigned int)id, e->power.entry,
			  &e->power.context, 1))
		return VM_POWER_DENIED;
	return VM_POWER_DONE;
}

/* On the vCPU's own CPU: it is forgotten there, as at its VM's end. */
static void cpu_off(struct vm *vm)
{
	unsigned int id = vm->cur->id;

	vm->vcpu_on[id] = false;
	vm->nr_on--;
	vm->one_on = vm->nr_on == 1;
	if (!vm->nr_on) {	/* its last vCPU: the CPU releases it */
		vm_stop(vm, 0);
		return;
	}
	vm_release_vcpu(&vm->sched[id]);
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
	case VM_POWER_RESET:	/* started again once every CPU let go */
		vm->reset = true;
		vm_stop(vm, 0);
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

/* Can anything but the vCPU itself end its wait? Another vCPU of the
 * VM that runs or will wake by its timer, or a source outside the VM. */
static bool others_can_wake(const struct vm *vm, const struct vcpu *self)
{
	unsigned int i;

	if (vm->woken_from_outside)
		return true;
	/* its UART's receive interrupt: host input (when that comes by
	 * interrupt, so nothing polls for it meanwhile) */
	if (vm->cfg->uart && vm_uart_rx_irq_enabled(vm) &&
	    console_input_by_irq())
		return true;
	for (i = 0; i < vm->nr_vcpus; i++) {
		const struct sched_vcpu *s = &vm->sched[i];

		if (&vm->vcpus[i] != self && s->started &&
		    (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) !=
			     SCHED_WAITING ||
		     s->timer_wait))
			return true;
	}
	return false;
}

/*
 * WFE yields the CPU. WFI waits, without taking CPU time, until a virtual
 * interrupt for it (vcpu_kick()) or its own timer's deadline (the
 * backend found none pending). A WFI nothing could ever end (no timer,
 * no other vCPU awake, no device outside the VM) stops the VM rather
 * than leave it hung.
 */
static void handle_idle(struct vm *vm, const struct vm_exit *e)
{
	struct sched_vcpu *s = &vm->sched[vm->cur->id];

	vcpu_skip(vm->cur);	/* a WFI may end at any time */
	if (e->idle.event) {
		sched_yield();
		return;
	}
	/* a kick since it entered (an interrupt raised meanwhile, maybe by
	 * a vCPU that has gone off since) ends the wait at once */
	if (e->idle.deadline == TIMER_NONE &&
	    !__atomic_load_n(&s->kicked, __ATOMIC_ACQUIRE) &&
	    !others_can_wake(vm, vm->cur)) {
		vm_fault(vm, "waits for an interrupt nothing can send (WFI)",
			 false, 0, e->pc);
		return;
	}
	sched_wait(s, e->idle.deadline);
}

bool vm_handle_exit(struct vm *vm, const struct vm_exit *e)
{
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
		handle_pio(vm, e);
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
