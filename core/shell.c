// SPDX-License-Identifier: MIT
/*
 * A command prompt on the console. Input arrives by the console's receive
 * interrupt; the prompt sleeps between characters, so every command typed
 * proves the interrupt path. Its commands show the CPUs, interrupts and
 * timers at work.
 */
#include <hal/console.h>
#include <hal/cpu.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <vireo/log.h>
#include <vireo/string.h>
#include "shell.h"
#include "vms.h"
#include <vireo/errno.h>

#define LINE_MAX 80
#define MAX_ARGS 4

/* The next character typed: sleep until input interrupts, or poll. */
static int next_char(void)
{
	int c;

	if (!console_input_by_irq()) {
		while ((c = console_getc()) < 0)
			;
		return c;
	}
	irq_local_disable();
	while ((c = console_getc()) < 0) {
		cpu_wait_for_interrupt();
		irq_local_enable();	/* take it: it may be input */
		irq_local_disable();
	}
	irq_local_enable();
	return c;
}

/* The line being typed, echoed as typed; backspace edits. */
static char line[LINE_MAX];
static size_t line_len;

/* c into the line: true once it is complete (Enter). */
static bool line_feed(int c)
{
	if (c == '\r' || c == '\n') {
		console_putc('\n');
		line[line_len] = 0;
		line_len = 0;
		return true;
	}
	if ((c == 8 || c == 127) && line_len) {
		line_len--;
		printk("\b \b");
	} else if (c >= ' ' && c < 127 && line_len + 1 < sizeof(line)) {
		line[line_len++] = (char)c;
		console_putc((char)c);
	}
	return false;
}

static int split(char *line, char **argv)
{
	int argc = 0;

	for (char *p = line; *p && argc < MAX_ARGS;) {
		while (*p == ' ')
			*p++ = 0;
		if (!*p)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
	return argc;
}

static unsigned long arg_or(int argc, char **argv, int i, unsigned long def)
{
	return i < argc ? strtoul(argv[i], NULL, 0) : def;
}

static void cmd_cpus(void)
{
	for (unsigned int i = 0; i < cpu_count(); i++) {
		struct cpu *c = cpu_get(i);

		printk("cpu%u: hwid 0x%lx %s, %lu calls run\n", c->id, c->hwid,
		       c->online ? "online" : "offline", c->calls_done);
	}
}

static void cmd_irqs(void)
{
	for (unsigned int irq = 0; irq < CONFIG_NR_IRQS; irq++)
		if (irq_count(irq))
			printk("irq %u: %lu\n", irq, irq_count(irq));
}

/* ticks: a periodic software timer on every CPU, counted in its callback. */
struct tick_run {
	struct timer timer;
	unsigned long want, seen;
	uint64_t first, last;		/* ns of the first and last tick */
	uint64_t period;
};

static struct tick_run tick_runs[CONFIG_NR_CPUS];

static void tick(struct timer *t, void *arg)
{
	struct tick_run *run = arg;
	uint64_t now = time_now_ns();

	if (!run->seen)
		run->first = now;
	run->last = now;
	/* release: first and last are read once seen says so */
	__atomic_store_n(&run->seen, run->seen + 1, __ATOMIC_RELEASE);
	if (run->seen == run->want)
		time_timer_cancel(t);
}

static void start_ticks(void *arg)
{
	struct tick_run *run = arg;

	timer_init(&run->timer, tick, run);
	time_timer_start(&run->timer, run->period, run->period);
}

static void stop_ticks(void *arg)
{
	struct tick_run *run = arg;

	time_timer_cancel(&run->timer);
}

static int cmd_ticks(unsigned long want, unsigned long hz)
{
	unsigned int n = cpu_count(), done = 0;
	uint64_t end;

	if (!want || want > 100000 || !hz || hz > 10000) {
		printk("ticks: usage: ticks [count up to 100000] [hz up to 10000]\n");
		return -1;
	}
	for (unsigned int i = 0; i < n; i++) {
		tick_runs[i] = (struct tick_run){ .want = want,
						  .period = NSEC_PER_SEC / hz };
		if (cpu_get(i)->online && cpu_call(i, start_ticks, &tick_runs[i]))
			printk("ticks: cpu%u did not take the call\n", i);
	}
	end = time_now_ns() + (want + 10) * (NSEC_PER_SEC / hz) + NSEC_PER_SEC;
	while (done < n && time_now_ns() < end) {
		done = 0;
		for (unsigned int i = 0; i < n; i++)
			done += __atomic_load_n(&tick_runs[i].seen, __ATOMIC_ACQUIRE) >= want;
	}
	for (unsigned int i = 0; i < n; i++) {
		struct tick_run *run = &tick_runs[i];
		uint64_t us = (run->last - run->first) / 1000;

		/* a CPU that fell behind keeps no timer on tick_runs[] */
		if (cpu_get(i)->online)
			cpu_call(i, stop_ticks, run);

		printk("ticks: cpu%u %lu/%lu at %lu Hz, first to last %llu us\n",
		       i, run->seen, want, hz, (unsigned long long)us);
	}
	return done == n ? 0 : -1;
}

/* ipi: each other CPU runs a call that records who ran it. */
static void answer(void *arg)
{
	*(unsigned int *)arg = this_cpu()->id;
}

static void cmd_ipi(void)
{
	unsigned int asked = 0, answered = 0;

	for (unsigned int i = 0; i < cpu_count(); i++) {
		unsigned int who = ~0u;
		int err;

		if (i == this_cpu()->id)
			continue;
		asked++;
		err = cpu_call(i, answer, &who);
		if (!err && who == i) {
			answered++;
			printk("ipi: cpu%u answered\n", i);
		} else {
			printk("ipi: cpu%u did not answer (%s)\n", i,
			       errno_name(err));
		}
	}
	printk("ipi: %u/%u answered\n", answered, asked);
}

static void cmd_help(void)
{
	printk("commands:\n"
	       "  cpus              the CPUs and their state\n"
	       "  irqs              interrupts taken, by number\n"
	       "  ticks [n] [hz]    n timer ticks at hz on every CPU (10, 100)\n"
	       "  ipi               interrupt every other CPU, wait for answers\n"
	       "  time              the clock, in ns\n"
	       "%s"
	       "  off [status]      power off\n",
	       IS_ENABLED(CONFIG_VM) ?
	       "  vms               the VMs, their state and CPUs\n"
	       "  vm stop|start|reset <name>   a VM's life\n" : "");
}

/* Run the command in line: its "off" status, or SHELL_GO_ON. */
static int run_command(void)
{
	char *argv[MAX_ARGS];
	int argc = split(line, argv);

	if (!argc)
		return SHELL_GO_ON;
	if (!strcmp(argv[0], "help"))
		cmd_help();
	else if (!strcmp(argv[0], "cpus"))
		cmd_cpus();
	else if (!strcmp(argv[0], "irqs"))
		cmd_irqs();
	else if (!strcmp(argv[0], "ticks"))
		cmd_ticks(arg_or(argc, argv, 1, 10), arg_or(argc, argv, 2, 100));
	else if (!strcmp(argv[0], "ipi"))
		cmd_ipi();
	else if (!strcmp(argv[0], "time"))
		printk("time: %llu ns\n", (unsigned long long)time_now_ns());
	else if (!strcmp(argv[0], "off"))
		return (int)arg_or(argc, argv, 1, 0);
	else if (!IS_ENABLED(CONFIG_VM) || !vms_command(argc, argv))
		printk("%s: unknown command; \"help\" lists them\n", argv[0]);
	return SHELL_GO_ON;
}

void shell_start(void)
{
	printk("vireo: shell: type \"help\" for commands\n");
	printk("vireo> ");
}

int shell_feed(int c)
{
	int status;

	if (!line_feed(c))
		return SHELL_GO_ON;
	status = run_command();
	if (status == SHELL_GO_ON)
		printk("vireo> ");
	return status;
}

int shell_run(void)
{
	int status;

	shell_start();
	do
		status = shell_feed(next_char());
	while (status == SHELL_GO_ON);
	return status;
}
