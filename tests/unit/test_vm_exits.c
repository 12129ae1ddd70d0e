// SPDX-License-Identifier: MIT
/*
 * core/vcpu_run.c and core/vdev_test.c: the exit dispatcher and the test
 * device, fed struct vm_exit values as a backend would, against a fake
 * vCPU that records what the core asked of it. Expected lines are
 * docs/boot-log.md's, the test device's registers those documented in
 * include/vireo/hypercall.h (base 0x0b000000: DATA 0x00, ID 0x08 =
 * 0x8070605040302010, LAST 0x10 = width | 0x100 for a write, IRQ 0x18
 * = the level of its interrupt line).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../core/vm.h"
#include "log_capture.h"

/* The fake vCPU: what the core did to it since reset_vm(). */
static struct {
	unsigned int results, skips, powers, irq_changes;
	uint64_t result;
	enum vm_power_status power;
	bool irq;		/* line 0 */
	int irq_error;		/* what pend/clear return */
} fake;

/* vCPU start and stop, for PSCI CPU_ON / CPU_OFF */
static struct {
	unsigned int inits, destroys;
	struct vcpu *last;
	unsigned int id;
	uint64_t entry, arg0, timer_offset;
	int init_error;
} life;

int vcpu_init(struct vcpu *v, struct vm *vm, unsigned int id,
	      paddr_t s2_root, uint16_t vmid)
{
	life.inits++;
	life.last = v;
	life.id = id;
	return life.init_error;
}

void vcpu_set_entry(struct vcpu *v, uint64_t pc, const uint64_t *args,
		    unsigned int n)
{
	assert_ptr_equal(v, life.last);
	assert_int_equal(n, 1);
	life.entry = pc;
	life.arg0 = args[0];
}

void vcpu_set_timer_offset(struct vcpu *v, uint64_t offset)
{
	life.timer_offset = offset;
}

void vcpu_destroy(struct vcpu *v)
{
	life.destroys++;
	life.last = v;
}

/* The scheduler (core/sched.c), as the dispatcher uses it. */
static struct {
	unsigned int readies, waits, yields, notifies, releases;
	uint64_t deadline;		/* of the last wait */
	struct sched_vcpu *last;
} sched;

void sched_make_ready(struct sched_vcpu *s)
{
	sched.readies++;
	sched.last = s;
	s->state = SCHED_READY;
}

bool sched_wait(struct sched_vcpu *s, uint64_t deadline)
{
	sched.waits++;
	sched.deadline = deadline;
	s->state = SCHED_WAITING;
	return true;
}

void sched_yield(void)
{
	sched.yields++;
}

void sched_notify(struct sched_vcpu *s)
{
	sched.notifies++;
}

void vm_release_vcpu(struct sched_vcpu *s)
{
	sched.releases++;
	s->started = false;
	s->state = SCHED_OFF;
	vcpu_destroy(s->vcpu);
}

void vcpu_attach(struct vcpu *v, struct arch_vm *avm)
{
	assert_ptr_equal(v, life.last);
}

/* the test device raises the virtual interrupt the VM gave it */
#define TESTDEV_VIRQ 41

int vcpu_pend_irq(struct vcpu *v, unsigned int irq)
{
	assert_int_equal(irq, TESTDEV_VIRQ);
	fake.irq_changes++;
	if (!fake.irq_error)
		fake.irq = true;
	return fake.irq_error;
}

int vcpu_clear_irq(struct vcpu *v, unsigned int irq)
{
	assert_int_equal(irq, TESTDEV_VIRQ);
	fake.irq_changes++;
	if (!fake.irq_error)
		fake.irq = false;
	return fake.irq_error;
}

void vcpu_set_result(struct vcpu *v, uint64_t value)
{
	fake.results++;
	fake.result = value;
}

void vcpu_skip(struct vcpu *v)
{
	fake.skips++;
}

void vcpu_set_power(struct vcpu *v, enum vm_power_status status)
{
	fake.powers++;
	fake.power = status;
}

/* the host console's input: by interrupt, or polled */
static bool input_by_irq;

/* the host console: at a line's start (the log capture's lines) */
bool console_mid_line(void)
{
	return false;
}

bool console_input_by_irq(void)
{
	return input_by_irq;
}

static struct vm vm;
static struct vm *console_target;	/* the VM with console input */

struct vm *vm_console_target(void)
{
	return console_target;
}

static const struct vm_config cfg = {
	.name = "t", .regions = { { 0x40000000, 0x100000, false } },
	.nr_regions = 1,
};

static void reset_vm(void)
{
	memset(&vm, 0, sizeof(vm));
	memset(&fake, 0, sizeof(fake));
	memset(&life, 0, sizeof(life));
	memset(&sched, 0, sizeof(sched));
	console_target = NULL;
	vm.cfg = &cfg;
	for (unsigned int i = 0; i < VM_MAX_VCPUS; i++) {
		vm.vcpus[i].id = i;
		vm.sched[i].vcpu = &vm.vcpus[i];
	}
	vm.sched[0].started = true;
	vm.sched[0].state = SCHED_READY;
	vm.state = VM_RUNNING;
	vm.nr_vcpus = vm.nr_on = 1;
	vm.one_on = true;
	vm.vcpu_on[0] = true;
	vm.cur = &vm.vcpus[0];
	vm.testdev.vcpu = &vm.vcpus[0];
	vm.testdev.virq = TESTDEV_VIRQ;
	vm.devices[0] = (struct vm_device){ &vdev_test_ops, 0x0b000000, 0x1000,
					    &vm.testdev };
	vm.nr_devices = 1;
	log_capture_reset();
}

static bool hypercall(uint64_t nr, uint64_t arg0)
{
	struct vm_exit e = { .reason = VM_EXIT_HYPERCALL, .pc = 0x40000100 };

	e.hypercall.nr = nr;
	e.hypercall.args[0] = arg0;
	return vm_handle_exit(&vm, &e);
}

static bool mmio(uint64_t gpa, unsigned int width, bool write, uint64_t value)
{
	struct vm_exit e = { .reason = VM_EXIT_MMIO, .pc = 0x40000010 };

	e.mmio.addr = gpa;
	e.mmio.width = (uint8_t)width;
	e.mmio.write = write;
	e.mmio.value = value;
	return vm_handle_exit(&vm, &e);
}

static uint64_t mmio_read(uint64_t gpa, unsigned int width)
{
	unsigned int results = fake.results, skips = fake.skips;

	assert_true(mmio(gpa, width, false, 0));
	assert_int_equal(fake.results, results + 1);
	assert_int_equal(fake.skips, skips + 1);
	return fake.result;
}

static void test_console_lines(void **unused)
{
	const char *s = "hi\r\x01!\n";

	reset_vm();
	for (; *s; s++)
		assert_true(hypercall(0x86000001, (unsigned char)*s));
	assert_string_equal(log_text(), "[t] hi.!\n");
	assert_int_equal(fake.results, 6);
	assert_int_equal(fake.result, 0);
	/* a line of 120 characters is printed whole, without waiting */
	log_capture_reset();
	for (int i = 0; i < 120; i++)
		hypercall(0x86000001, 'a' + i % 26);
	assert_int_equal(strlen(log_text()), 4 + 120 + 1);
	assert_memory_equal(log_text(), "[t] abc", 7);
}

static void putc_all(const char *s)
{
	for (; *s; s++)
		assert_true(hypercall(0x86000001, (unsigned char)*s));
}

/* The VM with console input is shown as it writes: its prompt and echo
 * at once, backspace and escape (line editing) passed through; a line
 * it began before it had the input comes first; losing the input ends
 * the open line, and the line is printed whole when it ends. */
static void test_console_of_focused_vm(void **unused)
{
	reset_vm();
	putc_all("ab");
	assert_string_equal(log_text(), "");
	console_target = &vm;
	putc_all("c# ");
	assert_string_equal(log_text(), "[t] abc# ");
	putc_all("l\bs\x1b[K\x02\r\n");
	assert_string_equal(log_text(), "[t] abc# l\bs\x1b[K.\n");
	putc_all("x");
	assert_string_equal(log_text(), "[t] abc# l\bs\x1b[K.\n[t] x");
	console_target = NULL;
	log_capture_reset();
	putc_all("y\b");
	assert_string_equal(log_text(), "\n");
	putc_all("\n");
	assert_string_equal(log_text(), "\n[t] xy.\n");
	/* stopping ends an open line */
	console_target = &vm;
	putc_all("z");
	log_capture_reset();
	assert_false(hypercall(0x86000002, 0));
	assert_string_equal(log_text(), "\nvireo: vm t: stopped: status 0\n");
}

/* Another VM's whole line between: the open line of the focused one
 * is ended, and drawn again after it, so no line is cut in two. */
static void test_console_line_between(void **unused)
{
	static const struct vm_config cfg2 = { .name = "u" };
	static struct vm other;
	const char *s;

	reset_vm();
	memset(&other, 0, sizeof(other));
	other.cfg = &cfg2;
	console_target = &vm;
	putc_all("vire");
	for (s = "hi\n"; *s; s++)
		vm_console_putc(&other, *s);
	putc_all("o# ");
	assert_string_equal(log_text(), "[t] vire\n[u] hi\n[t] vireo# ");
	/* a focused line longer than a line's room goes on on the next */
	log_capture_reset();
	putc_all("\n");
	for (int i = 0; i < VM_LINE_MAX + 1; i++)
		putc_all("a");
	assert_int_equal(strlen(log_text()), 1 + 4 + VM_LINE_MAX + 1 + 4 + 1);
}

static void test_exit_flushes_and_stops(void **unused)
{
	reset_vm();
	hypercall(0x86000001, 'x');
	assert_string_equal(log_text(), "");
	assert_false(hypercall(0x86000002, 3));
	assert_string_equal(log_text(), "[t] x\nvireo: vm t: stopped: status 3\n");
	assert_int_equal(vm.state, VM_STOPPED);
	assert_int_equal(vm.status, 3);
	assert_int_equal(fake.results, 1);	/* only the PUTC's */
}

static void test_null_and_unknown_hypercalls(void **unused)
{
	reset_vm();
	assert_true(hypercall(0x86000000, 0));
	assert_int_equal(fake.result, 0);
	assert_true(hypercall(0x86000fff, 0));
	assert_int_equal(fake.result, (uint64_t)-1);	/* SMCCC NOT_SUPPORTED */
	assert_int_equal(fake.results, 2);
	assert_int_equal(vm.state, VM_RUNNING);
}

static void test_device_registers(void **unused)
{
	reset_vm();
	assert_true(mmio(0x0b000000, 8, true, 0x1122334455667788ULL));
	assert_int_equal(fake.skips, 1);
	assert_int_equal(fake.results, 0);	/* a store sets no register */
	assert_int_equal(mmio_read(0x0b000010, 8), 0x108);
	assert_true(mmio(0x0b000003, 1, true, 0xab));
	assert_int_equal(mmio_read(0x0b000010, 8), 0x101);
	assert_int_equal(mmio_read(0x0b000000, 8), 0x11223344ab667788ULL);
	assert_int_equal(mmio_read(0x0b000010, 8), 8);
	assert_int_equal(mmio_read(0x0b000004, 4), 0x11223344);
	assert_int_equal(mmio_read(0x0b000006, 2), 0x1122);
	assert_int_equal(mmio_read(0x0b000010, 8), 2);
	/* ID, read-only: every width, writes ignored */
	assert_int_equal(mmio_read(0x0b000008, 8), 0x8070605040302010ULL);
	assert_int_equal(mmio_read(0x0b00000f, 1), 0x80);
	assert_int_equal(mmio_read(0x0b00000c, 4), 0x80706050);
	assert_true(mmio(0x0b000008, 8, true, 0));
	assert_int_equal(mmio_read(0x0b000008, 8), 0x8070605040302010ULL);
	assert_string_equal(log_text(), "");
	assert_int_equal(vm.state, VM_RUNNING);
}

static void test_device_interrupt_line(void **unused)
{
	reset_vm();
	assert_int_equal(mmio_read(0x0b000018, 8), 0);
	assert_true(mmio(0x0b000018, 8, true, 1));
	assert_true(fake.irq);
	assert_int_equal(mmio_read(0x0b000018, 8), 1);
	assert_true(mmio(0x0b000018, 8, true, 0));
	assert_false(fake.irq);
	assert_int_equal(mmio_read(0x0b000018, 8), 0);
	assert_int_equal(fake.irq_changes, 2);
	/* a level is 0 or 1; a backend that cannot take the line refuses */
	assert_false(mmio(0x0b000018, 8, true, 2));
	assert_string_equal(log_text(), "vireo: vm t: fault: test device IRQ "
			    "takes 0 or 1 at gpa 0xb000018 pc 0x40000010\n");
	assert_int_equal(fake.irq_changes, 2);
	reset_vm();
	fake.irq_error = -22;
	assert_false(mmio(0x0b000018, 8, true, 1));
	assert_string_equal(log_text(), "vireo: vm t: fault: test device "
			    "interrupt cannot reach the vCPU at gpa 0xb000018 pc 0x40000010\n");
	assert_int_equal(vm.testdev.irq, 0);
}

static void test_device_refusals_stop_the_vm(void **unused)
{
	reset_vm();
	assert_false(mmio(0x0b000002, 4, false, 0));
	assert_string_equal(log_text(), "vireo: vm t: fault: misaligned test "
			    "device access at gpa 0xb000002 pc 0x40000010\n");
	assert_int_equal(vm.state, VM_FAULTED);
	assert_int_equal(vm.status, 1);
	assert_int_equal(fake.skips, 0);
	reset_vm();
	assert_false(mmio(0x0b000020, 8, true, 0));	/* past IRQ */
	assert_string_equal(log_text(), "vireo: vm t: fault: no test device "
			    "register there at gpa 0xb000020 pc 0x40000010\n");
	reset_vm();
	assert_false(mmio(0x0b000010, 8, true, 0));	/* LAST is read-only */
	assert_int_equal(vm.state, VM_FAULTED);
	reset_vm();
	assert_false(mmio(0x0b000010, 4, false, 0));	/* LAST is 64-bit */
	assert_int_equal(vm.state, VM_FAULTED);
	/* the last byte of the page is still the device's, the next is not */
	reset_vm();
	assert_false(mmio(0x0b000fff, 1, false, 0));
	assert_non_null(strstr(log_text(), "no test device register there"));
	reset_vm();
	assert_false(mmio(0x0b001000, 1, false, 0));
	assert_string_equal(log_text(), "vireo: vm t: fault: read outside its "
			    "memory at gpa 0xb001000 pc 0x40000010\n");
}

/* The hot exit (vm_mmio_fast(), the backend's call): the device's
 * answer as on the usual path, the fake vCPU untouched (the backend
 * writes the register and skips); anything else declined, unchanged. */
static void test_mmio_fast_path(void **unused)
{
	struct vcpu *v = &vm.vcpus[0];
	uint64_t value = 0x1122334455667788ULL;

	reset_vm();
	v->vm = &vm;
	assert_null(vm_mmio_fast(v, 0x0b000000, 8, true, &value));
	assert_null(vm_mmio_fast(v, 0x0b000004, 4, false, &value));
	assert_int_equal(value, 0x11223344);
	assert_null(vm_mmio_fast(v, 0x0b00000c, 4, false, &value));
	assert_int_equal(value, 0x80706050);
	assert_null(vm_mmio_fast(v, 0x0b000010, 8, false, &value));
	assert_int_equal(value, 4);	/* LAST: a 4-byte read (ID's not) */
	assert_int_equal(fake.results + fake.skips, 0);
	/* declined: no device there, a refused access */
	assert_non_null(vm_mmio_fast(v, 0x0b001000, 1, false, &value));
	assert_non_null(vm_mmio_fast(v, 0x0b000002, 4, false, &value));
	value = 2;
	assert_non_null(vm_mmio_fast(v, 0x0b000018, 8, true, &value));
	assert_int_equal(fake.irq_changes, 0);
	/* several vCPUs on: done under the VM's lock */
	vm.nr_on = 2;
	vm.one_on = false;
	value = 0x55;
	assert_null(vm_mmio_fast(v, 0x0b000000, 8, true, &value));
	assert_int_equal(vm.testdev.data, 0x55);
	assert_int_equal(vm.lock.owner, vm.lock.next);	/* let go */
	/* a VM that is stopping: declined, the exit goes the usual way */
	vm.state = VM_STOPPED;
	value = 0;
	assert_non_null(vm_mmio_fast(v, 0x0b000000, 8, true, &value));
	assert_int_equal(vm.testdev.data, 0x55);
	assert_string_equal(log_text(), "");
}

static bool fault(uint64_t gpa, enum vm_access access)
{
	struct vm_exit e = { .reason = VM_EXIT_STAGE2_FAULT, .pc = 0x40000020 };

	e.fault.gpa = gpa;
	e.fault.access = access;
	return vm_handle_exit(&vm, &e);
}

static void test_stage2_faults(void **unused)
{
	reset_vm();
	assert_false(fault(0x400fffff, VM_ACCESS_WRITE));	/* its last byte */
	assert_string_equal(log_text(), "vireo: vm t: fault: write refused by "
			    "its memory's permissions at gpa 0x400fffff pc 0x40000020\n");
	reset_vm();
	assert_false(fault(0x40100000, VM_ACCESS_EXEC));	/* the next */
	assert_string_equal(log_text(), "vireo: vm t: fault: execute outside its "
			    "memory at gpa 0x40100000 pc 0x40000020\n");
	reset_vm();
	assert_false(fault(0x0b000004, VM_ACCESS_READ));
	assert_string_equal(log_text(), "vireo: vm t: fault: read of a device "
			    "the CPU could not decode at gpa 0xb000004 pc 0x40000020\n");
	assert_int_equal(vm.status, 1);
}

static bool power(enum vm_power_op op, uint64_t target)
{
	struct vm_exit e = { .reason = VM_EXIT_POWER, .pc = 0x40000030 };

	e.power.op = op;
	e.power.target = target;
	return vm_handle_exit(&vm, &e);
}

static void test_power_requests(void **unused)
{
	reset_vm();
	assert_true(power(VM_POWER_CPU_ON, 0));
	assert_int_equal(fake.power, VM_POWER_ALREADY_ON);
	assert_true(power(VM_POWER_CPU_ON, 1));
	assert_int_equal(fake.power, VM_POWER_INVALID);
	assert_true(power(VM_POWER_CPU_STATUS, 0));
	assert_int_equal(fake.power, VM_POWER_ON);
	assert_int_equal(fake.powers, 3);
	assert_false(power(VM_POWER_OFF, 0));
	assert_int_equal(vm.state, VM_STOPPED);
	assert_int_equal(vm.status, 0);
	assert_false(vm.reset);
	assert_string_equal(log_text(), "vireo: vm t: stopped: status 0\n");
	assert_int_equal(sched.notifies, 1);	/* its CPU lets it go */
	/* a reset stops it to be built again (core/vms.c) */
	reset_vm();
	assert_false(power(VM_POWER_RESET, 0));
	assert_int_equal(vm.state, VM_STOPPED);
	assert_true(vm.reset);
	assert_int_equal(fake.powers, 0);	/* no answer: it is gone */
	assert_string_equal(log_text(), "vireo: vm t: reset\n");
	/* its last vCPU off: the VM stops, its CPU releases it */
	reset_vm();
	assert_false(power(VM_POWER_CPU_OFF, 0));
	assert_int_equal(vm.state, VM_STOPPED);
	assert_int_equal(sched.notifies, 1);
	assert_string_equal(log_text(), "vireo: vm t: stopped: status 0\n");
}

static bool cpu_on(uint64_t target, uint64_t entry, uint64_t context)
{
	struct vm_exit e = { .reason = VM_EXIT_POWER, .pc = 0x40000030 };

	e.power.op = VM_POWER_CPU_ON;
	e.power.target = target;
	e.power.entry = entry;
	e.power.context = context;
	return vm_handle_exit(&vm, &e);
}

static bool idle(bool event, uint64_t deadline)
{
	struct vm_exit e = { .reason = VM_EXIT_IDLE, .pc = 0x40000050 };

	e.idle.event = event;
	e.idle.deadline = deadline;
	return vm_handle_exit(&vm, &e);
}

#define NOTHING_CAN_SEND "vireo: vm t: fault: waits for an interrupt " \
			 "nothing can send (WFI) pc 0x40000050\n"

/* WFE yields; WFI waits, past the instruction, until its deadline. */
static void test_wfi_waits_wfe_yields(void **unused)
{
	reset_vm();
	for (int i = 0; i < 5; i++)
		assert_true(idle(true, TIMER_NONE));	/* WFE never stops */
	assert_int_equal(sched.yields, 5);
	assert_int_equal(sched.waits, 0);
	assert_int_equal(fake.skips, 5);
	assert_true(idle(false, 123456789));	/* its timer is armed */
	assert_int_equal(sched.waits, 1);
	assert_int_equal(sched.deadline, 123456789);
	assert_int_equal(fake.skips, 6);
	assert_string_equal(log_text(), "");
	/* a source outside the VM may wake it (console input, ...) */
	vm.woken_from_outside = true;
	assert_true(idle(false, TIMER_NONE));
	assert_int_equal(sched.waits, 2);
	assert_int_equal(sched.deadline, TIMER_NONE);
	/* without one nothing ever could: stopped, no wait */
	vm.woken_from_outside = false;
	assert_false(idle(false, TIMER_NONE));
	assert_int_equal(sched.waits, 2);
	assert_int_equal(vm.state, VM_FAULTED);
	assert_string_equal(log_text(), NOTHING_CAN_SEND);
}

/* The other vCPU can wake this one while it is not waiting, or waits
 * with its own timer armed; both waiting without one: stopped. */
static void test_wfi_with_two_vcpus(void **unused)
{
	reset_vm();
	vm.nr_vcpus = vm.nr_on = 2;
	vm.vcpu_on[1] = true;
	vm.sched[1].started = true;
	vm.sched[1].state = SCHED_READY;
	assert_true(idle(false, TIMER_NONE));
	assert_int_equal(sched.waits, 1);
	vm.sched[1].state = SCHED_WAITING;
	vm.sched[1].timer_wait = true;
	assert_true(idle(false, TIMER_NONE));
	assert_int_equal(sched.waits, 2);
	assert_string_equal(log_text(), "");
	vm.sched[1].timer_wait = false;
	/* kicked since it entered (vCPU 1 raised its interrupt, then went
	 * off): it goes on */
	vm.sched[1].state = SCHED_OFF;
	vm.sched[1].started = false;
	vm.sched[0].kicked = true;
	assert_true(idle(false, TIMER_NONE));
	assert_int_equal(sched.waits, 3);
	vm.sched[0].kicked = false;
	vm.sched[1].state = SCHED_WAITING;
	vm.sched[1].started = true;
	assert_false(idle(false, TIMER_NONE));
	assert_int_equal(sched.waits, 3);
	assert_string_equal(log_text(), NOTHING_CAN_SEND);
	assert_int_equal(sched.notifies, 2);	/* both leave their CPUs */
}

/* A VM of three vCPUs: vCPU 0 starts vCPU 2, which turns itself off. */
static void test_cpu_on_and_off(void **unused)
{
	reset_vm();
	vm.nr_vcpus = 3;
	vm.timer_offset = 1234;
	assert_true(power(VM_POWER_CPU_STATUS, 2));
	assert_int_equal(fake.power, VM_POWER_STOPPED);
	assert_true(power(VM_POWER_CPU_STATUS, 3));	/* there is no 3 */
	assert_int_equal(fake.power, VM_POWER_INVALID);
	assert_true(cpu_on(3, 0x40080000, 7));
	assert_int_equal(fake.power, VM_POWER_INVALID);
	assert_int_equal(life.inits, 0);

	assert_true(cpu_on(2, 0x40080000, 0x42));
	assert_int_equal(fake.power, VM_POWER_DONE);
	assert_int_equal(life.inits, 1);
	assert_ptr_equal(life.last, &vm.vcpus[2]);
	assert_int_equal(life.id, 2);
	assert_int_equal(life.entry, 0x40080000);
	assert_int_equal(life.arg0, 0x42);
	assert_int_equal(life.timer_offset, 1234);	/* the VM's time */
	assert_true(vm.vcpu_on[2]);
	assert_int_equal(vm.nr_on, 2);
	assert_true(cpu_on(2, 0x40080000, 0x42));
	assert_int_equal(fake.power, VM_POWER_ALREADY_ON);
	assert_int_equal(life.inits, 1);
	assert_true(power(VM_POWER_CPU_STATUS, 2));
	assert_int_equal(fake.power, VM_POWER_ON);

	assert_int_equal(sched.readies, 1);	/* its CPU runs it */
	assert_ptr_equal(sched.last, &vm.sched[2]);
	assert_true(vm.sched[2].started);

	vm.cur = &vm.vcpus[2];		/* its CPU_OFF */
	assert_true(power(VM_POWER_CPU_OFF, 0));
	assert_int_equal(vm.state, VM_RUNNING);	/* vCPU 0 is still on */
	assert_false(vm.vcpu_on[2]);
	assert_int_equal(vm.nr_on, 1);
	assert_int_equal(sched.releases, 1);	/* on its own CPU */
	assert_false(vm.sched[2].started);
	assert_int_equal(life.destroys, 1);
	assert_ptr_equal(life.last, &vm.vcpus[2]);
	vm.cur = &vm.vcpus[0];
	assert_true(power(VM_POWER_CPU_STATUS, 2));
	assert_int_equal(fake.power, VM_POWER_STOPPED);

	/* a backend that refuses the vCPU: DENIED, nothing on */
	life.init_error = -22;
	assert_true(cpu_on(1, 0x40080000, 0));
	assert_int_equal(fake.power, VM_POWER_DENIED);
	assert_false(vm.vcpu_on[1]);
	assert_int_equal(vm.nr_on, 1);
}

static void test_other_exits(void **unused)
{
	struct vm_exit e = { .pc = 0x40000040 };

	reset_vm();
	e.reason = VM_EXIT_HOST_IRQ;
	assert_true(vm_handle_exit(&vm, &e));
	assert_int_equal(fake.skips + fake.results + fake.powers, 0);

	e.reason = VM_EXIT_SYSREG;
	e.sysreg.id = 0x300402;
	e.sysreg.write = false;
	assert_false(vm_handle_exit(&vm, &e));
	assert_string_equal(log_text(), "vireo: vm t: fault: read of a system "
			    "register it may not use (id 0x300402) pc 0x40000040\n");
	reset_vm();
	e.reason = VM_EXIT_UNHANDLED;
	e.unhandled.what = "SError";
	e.unhandled.syndrome = 0xbe000000;
	e.unhandled.info = 0x1234;
	assert_false(vm_handle_exit(&vm, &e));
	assert_string_equal(log_text(), "vireo: vm t: fault: SError (syndrome "
			    "0xbe000000, info 0x1234) pc 0x40000040\n");
	assert_int_equal(vm.state, VM_FAULTED);
}

/*
 * A WFI with its UART's receive interrupt unmasked (UARTIMSC RXIM, DDI
 * 0183) waits for host input, when that comes by interrupt; polled
 * input, or the interrupt masked, can never end it: a fault.
 */
static void test_wfi_waits_for_uart_input(void **unused)
{
	static const struct vm_config with_uart = {
		.name = "u", .uart = true, .uart_has_irq = true, .uart_spi = 1,
	};
	struct vm_exit e = { .reason = VM_EXIT_IDLE, .pc = 0x40000040 };
	uint64_t imsc_rx = 1 << 4;

	e.idle.deadline = TIMER_NONE;
	reset_vm();
	vm.cfg = &with_uart;
	vm.uart.pl011.virq = 33;
	vm.uart.pl011.imsc = (uint16_t)imsc_rx;
	input_by_irq = true;
	assert_true(vm_handle_exit(&vm, &e));
	assert_int_equal(sched.waits, 1);
	assert_int_equal(sched.deadline, TIMER_NONE);
	assert_int_equal(fake.skips, 1);
	input_by_irq = false;
	assert_false(vm_handle_exit(&vm, &e));
	assert_int_equal(sched.waits, 1);
	reset_vm();
	vm.cfg = &with_uart;
	vm.uart.pl011.virq = 33;		/* IMSC 0: masked */
	input_by_irq = true;
	assert_false(vm_handle_exit(&vm, &e));
	assert_string_equal(log_text(), "vireo: vm u: fault: waits for an "
			    "interrupt nothing can send (WFI) pc 0x40000040\n");
	input_by_irq = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console_lines),
		cmocka_unit_test(test_console_of_focused_vm),
		cmocka_unit_test(test_console_line_between),
		cmocka_unit_test(test_exit_flushes_and_stops),
		cmocka_unit_test(test_null_and_unknown_hypercalls),
		cmocka_unit_test(test_device_registers),
		cmocka_unit_test(test_device_interrupt_line),
		cmocka_unit_test(test_device_refusals_stop_the_vm),
		cmocka_unit_test(test_mmio_fast_path),
		cmocka_unit_test(test_stage2_faults),
		cmocka_unit_test(test_power_requests),
		cmocka_unit_test(test_cpu_on_and_off),
		cmocka_unit_test(test_wfi_waits_wfe_yields),
		cmocka_unit_test(test_wfi_with_two_vcpus),
		cmocka_unit_test(test_other_exits),
		cmocka_unit_test(test_wfi_waits_for_uart_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
