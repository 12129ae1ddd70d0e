// SPDX-License-Identifier: MIT
/* CPUs: discovery, bring-up, cross calls (see hal/include/hal/cpu.h). */
#include <hal/cpu.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <libfdt.h>
#include <vireo/core.h>
#include <vireo/dt.h>
#include <vireo/errno.h>
#include <vireo/log.h>
#include <vireo/page_alloc.h>
#include <vireo/printf.h>
#include <vireo/spinlock.h>
#include <vireo/string.h>

#define WAIT_NS NSEC_PER_SEC	/* how long a CPU has to answer */

extern char __boot_stack_top[];

static struct cpu cpus[CONFIG_NR_CPUS];
static unsigned int ncpus, left_off;
static spinlock_t call_lock = SPINLOCK_INIT;

struct cpu *cpu_get(unsigned int id)
{
	return id < ncpus ? &cpus[id] : NULL;
}

unsigned int cpu_count(void)
{
	return ncpus;
}

static bool is_online(const struct cpu *c)
{
	return __atomic_load_n(&c->online, __ATOMIC_ACQUIRE);
}

unsigned int cpu_online_count(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < ncpus; i++)
		n += is_online(&cpus[i]);
	return n;
}

/* A listed CPU: the boot CPU is already cpus[0]. */
static void add_cpu(unsigned long hwid, bool *boot_seen)
{
	if (hwid == cpus[0].hwid) {
		*boot_seen = true;
		return;
	}
	if (ncpus == CONFIG_NR_CPUS) {
		left_off++;
		return;
	}
	cpus[ncpus].id = ncpus;
	cpus[ncpus].hwid = hwid;
	ncpus++;
}

static const char *hwid_error(int err)
{
	switch (err) {
	case -FDT_ERR_NOTFOUND:
		return "no reg";
	case -FDT_ERR_BADNCELLS:
		return "/cpus #address-cells is not 1 or 2";
	case -FDT_ERR_BADVALUE:
		return "reg shorter than #address-cells";
	default:
		return "unreadable reg";
	}
}

/* The enabled cpu nodes of /cpus; returns how many were listed. Nodes
 * without a usable reg are left off, with one line for all of them. */
static int cpus_from_dt(const void *fdt, bool *boot_seen)
{
	int parent = dt_path_offset(fdt, "/cpus"), node, listed = 0;
	int unusable = 0, first_err = 0;
	const char *first = NULL;
	uint64_t hwid;

	if (parent < 0)
		return 0;
	dt_for_each_subnode(node, fdt, parent) {
		int err;

		if (!dt_is_cpu_node(fdt, node) || !dt_is_enabled(fdt, node))
			continue;
		err = dt_cpu_hwid(fdt, parent, node, &hwid);
		if (err) {
			if (!unusable++) {
				first = fdt_get_name(fdt, node, NULL);
				first_err = err;
			}
			continue;
		}
		add_cpu((unsigned long)hwid, boot_seen);
		listed++;
	}
	if (unusable)
		pr_warn("cpu: %d cpu nodes left off for want of a usable reg (the first, %s: %s)\n",
			unusable, first, hwid_error(first_err));
	return listed;
}

int cpus_init(const void *fdt, const struct boot_info *bi)
{
	bool boot_seen = false;
	const char *source = "dt /cpus";

	cpus[0].id = 0;
	cpus[0].hwid = bi->cpu_id;
	cpus[0].online = true;
	cpus[0].stack_top = (uintptr_t)__boot_stack_top;
	ncpus = 1;
	arch_cpu_set_this(&cpus[0]);
	if (!cpus_from_dt(fdt, &boot_seen)) {
		source = bi->cpu_count ? "firmware" : "boot cpu only";
		if (bi->cpus_note)
			pr_warn("%s\n", bi->cpus_note);
		for (int i = 0; i < bi->cpu_count; i++)
			add_cpu(bi->cpus[i], &boot_seen);
		if (!bi->cpu_count)
			boot_seen = true;
	}
	if (!boot_seen)
		pr_warn("cpu: the boot cpu (hwid 0x%lx) is not listed\n", bi->cpu_id);
	if (left_off)
		pr_warn("cpu: %u cpus beyond CONFIG_NR_CPUS=%d left off\n",
			left_off, CONFIG_NR_CPUS);
	pr_info("cpu: %u cpus from %s, boot cpu hwid 0x%lx\n", ncpus, source,
		bi->cpu_id);
	return 0;
}

/* Spin until done(arg), for ns at most (by spins while there is no
 * clock); false if it did not happen. */
static bool wait_until(bool (*done)(const void *arg), const void *arg,
		       uint64_t ns)
{
	uint64_t start = time_now_ns();
	unsigned long spins = 0;

	while (!done(arg))
		if (time_counter_hz() ? time_now_ns() - start > ns :
					++spins > 100000000UL)
			return false;
	return true;
}

static bool came_online(const void *c)
{
	return is_online(c);
}

/* A call posted to a CPU, and its calls_done when it was posted. */
struct posted {
	const struct cpu *c;
	unsigned long done;
};

static bool call_ran(const void *p)
{
	const struct posted *post = p;

	return __atomic_load_n(&post->c->calls_done, __ATOMIC_ACQUIRE) != post->done;
}

/* Start c: 0, or -errno and why it did not start. */
static int start_one(struct cpu *c, char *why, size_t len)
{
	size_t pages = ALIGN_UP(CONFIG_STACK_SIZE, PAGE_SIZE) / PAGE_SIZE;
	paddr_t stack;
	int err;

	if (page_alloc_pages(pages, 1, &stack)) {
		snprintf(why, len, "no memory for its stack");
		return -ENOMEM;
	}
	c->stack_top = (uintptr_t)(stack + pages * PAGE_SIZE);
	err = arch_cpu_start(c, why, len);
	if (err) {
		page_free_pages(stack, pages);
		return err;
	}
	if (!wait_until(came_online, c, WAIT_NS)) {
		snprintf(why, len, "did not come online within 1 s");
		return -ETIMEDOUT;	/* it may still run: keep its stack */
	}
	return 0;
}

/* A run of CPUs, one after the other, that failed for the same reason:
 * one cause, one line (a tree listing more CPUs than the machine has
 * gives a long run). */
struct start_failures {
	unsigned int first, count;
	int err;
	char why[96];
};

static void report_failures(struct start_failures *f)
{
	const struct cpu *first = cpu_get(f->first);
	const struct cpu *last = cpu_get(f->first + f->count - 1);

	if (f->count == 1)
		pr_err("cpu: cpu%u (hwid 0x%lx) not started: %s\n", first->id,
		       first->hwid, f->why);
	else if (f->count)
		pr_err("cpu: cpu%u-cpu%u (hwid 0x%lx-0x%lx) not started: %s\n",
		       first->id, last->id, first->hwid, last->hwid, f->why);
	f->count = 0;
}

unsigned int cpus_start(void)
{
	struct start_failures f = { 0 };
	char why[sizeof(f.why)];

	if (ncpus > 1)
		printk_lock_start();
	/* ncpus <= CONFIG_NR_CPUS: saying so shows GCC that with one CPU
	 * there is nothing to start (it warns of cpus[1] otherwise). */
	for (unsigned int i = 1; i < ncpus && i < CONFIG_NR_CPUS; i++) {
		int err = start_one(&cpus[i], why, sizeof(why));

		if (f.count && (err != f.err || strcmp(why, f.why)))
			report_failures(&f);
		if (err && !f.count++) {
			f.first = i;
			f.err = err;
			memcpy(f.why, why, sizeof(why));
		}
	}
	report_failures(&f);
	return cpu_online_count();
}

__noreturn void hal_cpu_entry(struct cpu *c)
{
	int err = irq_cpu_init(c->id);

	if (!err)
		err = time_cpu_init(c->id);
	if (err) {
		pr_err("cpu: cpu%u (hwid 0x%lx) failed to set up (%s)\n", c->id,
		       c->hwid, errno_name(err));
		irq_local_disable();
		for (;;)
			cpu_wait_for_interrupt();
	}
	pr_info("cpu: cpu%u (hwid 0x%lx) online\n", c->id, c->hwid);
	__atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
	core_cpu_main(c);
}

__noreturn void cpu_idle(void)
{
	for (;;) {
		irq_local_disable();
		cpu_wait_for_interrupt();
		irq_local_enable();	/* the pending interrupt is taken here */
	}
}

int cpu_call(unsigned int id, cpu_call_fn fn, void *arg)
{
	struct cpu *c = cpu_get(id);
	struct posted post = { c, 0 };
	int err = 0;

	if (!c || !is_online(c))
		return -ENODEV;
	if (c == this_cpu()) {
		unsigned long flags = irq_local_save();

		fn(arg);
		irq_local_restore(flags);
		return 0;
	}
	spin_lock(&call_lock);
	post.done = __atomic_load_n(&c->calls_done, __ATOMIC_ACQUIRE);
	c->call_arg = arg;
	__atomic_store_n(&c->call_fn, fn, __ATOMIC_RELEASE);
	irq_send_ipi(id);
	if (!wait_until(call_ran, &post, WAIT_NS)) {
		/* Withdraw it; if the CPU took it meanwhile, it is running:
		 * wait for it, fn may write to the caller's frame. */
		if (__atomic_compare_exchange_n(&c->call_fn, &fn, NULL, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			err = -ETIMEDOUT;
		else
			while (!call_ran(&post))
				;
	}
	spin_unlock(&call_lock);
	return err;
}
