// SPDX-License-Identifier: MIT
/* The test guests' console and report. */
#include "guest.h"

static const char *failure;	/* of the running test */
static char why[96];

static void putc_(char c)
{
	hypercall1(VIREO_HC_PUTC, (unsigned char)c);
}

void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static char *fmt_hex(char *p, uint64_t v)
{
	int shift = 60;

	*p++ = '0';
	*p++ = 'x';
	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*p++ = "0123456789abcdef"[(v >> shift) & 0xf];
	*p = '\0';
	return p;
}

void put_hex(uint64_t v)
{
	char buf[20];

	fmt_hex(buf, v);
	puts_(buf);
}

static char *append(char *p, const char *s)
{
	while (*s && p < why + sizeof(why) - 20)
		*p++ = *s++;
	*p = '\0';
	return p;
}

void expect_eq(const char *what, uint64_t got, uint64_t want)
{
	char *p;

	if (got == want || failure)
		return;
	p = append(why, what);
	p = append(p, " = ");
	p = fmt_hex(p, got);
	p = append(p, ", expected ");
	fmt_hex(p, want);
	failure = why;
}

void put_dec(uint64_t v)
{
	char buf[20];
	int i = 0;

	do
		buf[i++] = (char)('0' + v % 10);
	while (v /= 10);
	while (i)
		putc_(buf[--i]);
}

static void bench_ticks(const char *name, uint64_t ticks)
{
	puts_("BENCH ");
	puts_(name);
	puts_(": ");
	put_dec(ticks);
	puts_(" ticks from its deadline to the guest's handler\n");
}

void check_timer_ticks(const volatile uint64_t *at,
		       const volatile uint64_t *deadline, unsigned int n,
		       uint64_t period)
{
	uint64_t least[2] = { ~0ULL, ~0ULL };
	unsigned int i;

	for (i = 0; i < n; i++) {
		bool second_half = i >= n / 2;

		expect_eq("interrupt no earlier than its deadline",
			  at[i] >= deadline[i], 1);
		if (i)
			expect_eq("gap of at least the period",
				  at[i] - at[i - 1] >= period, 1);
		if (at[i] - deadline[i] < least[second_half])
			least[second_half] = at[i] - deadline[i];
	}
	bench_ticks("vtimer_delivery", least[0]);
	bench_ticks("vtimer_wake_from_wfi", least[1]);
}

bool run_test(const struct guest_test *t)
{
	failure = NULL;
	t->run();
	puts_(failure ? "FAIL " : "PASS ");
	puts_(t->name);
	if (failure) {
		puts_(": ");
		puts_(failure);
	}
	puts_("\n");
	return !failure;
}

extern const struct guest_test common_tests[], common_interrupt_tests[];

static const struct guest_test no_tests[] = { { NULL, NULL } };

/* Every test of two lists, then DONE; the exit status is the failures. */
static int run_lists(const struct guest_test *first,
		     const struct guest_test *second,
		     const struct guest_test *third)
{
	const struct guest_test *lists[] = { first, second, third };
	unsigned int passed = 0, failed = 0, i;
	const struct guest_test *t;

	for (i = 0; i < 3; i++)
		for (t = lists[i]; t->name; t++)
			run_test(t) ? passed++ : failed++;
	puts_("DONE ");
	put_dec(passed);
	puts_(" passed, ");
	put_dec(failed);
	puts_(" failed\n");
	return (int)failed;
}

int run_list(const struct guest_test *tests)
{
	return run_lists(tests, no_tests, no_tests);
}

volatile char rx_buf[80];
volatile unsigned int rx_len;

void rx_keep(char c)
{
	if (rx_len < sizeof(rx_buf) - 1)
		rx_buf[rx_len++] = c;
}

static bool line_is(const char *s, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n && s[i]; i++)
		if (rx_buf[i] != s[i])
			return false;
	return i == n && !s[i];
}

/* The length of the first line in rx_buf, waiting for one. */
static unsigned int next_line(void (*wait_input)(void))
{
	unsigned int end;

	for (;;) {
		irq_mask();
		for (end = 0; end < rx_len; end++)
			if (rx_buf[end] == '\r' || rx_buf[end] == '\n')
				return end;
		wait_input();
		irq_unmask();
	}
}

int echo_lines(void (*wait_input)(void))
{
	unsigned int end, i;

	uart_puts("ready for input\n");
	for (;;) {
		end = next_line(wait_input);
		uart_puts("got: ");
		for (i = 0; i < end; i++)
			uart_putc(rx_buf[i]);
		uart_putc('\n');
		if (line_is("bye", end))
			return 0;
		/* the rest moves up; the handler is held off (masked) */
		for (i = end + 1; i < rx_len; i++)
			rx_buf[i - end - 1] = rx_buf[i];
		rx_len -= end + 1;
		irq_unmask();
	}
}

uint64_t guest_dtb, guest_ram_end, guest_arg;
unsigned int guest_vcpus;
struct guest_fdt guest_dt;

/* From the arch's start code, with the boot registers: its device tree,
 * the mode (0 the tests, 1 isolation, 2 read-only memory, 3 a trapped
 * system register, 4 the interrupt tests, 5 a passthrough RTC, 6 an
 * abort the hypervisor cannot decode, 7 resets itself, 8 echoes console
 * input, 9 spins without an exit), the end of its memory and the mode's argument (mode 0: its
 * number of vCPUs, which its device tree must show). */
int guest_main(uint64_t dtb, uint64_t mode, uint64_t ram_end, uint64_t arg);

/* Mode 9: the CPU, never given back: only the end of its time slice lets
 * a vCPU sharing the CPU run. */
static int spin_main(void)
{
	puts_("spinning\n");
	for (;;)
		__asm__ volatile("" ::: "memory");
	return 1;
}

int guest_main(uint64_t dtb, uint64_t mode, uint64_t ram_end, uint64_t arg)
{
	guest_dtb = dtb;
	guest_ram_end = ram_end;
	guest_arg = arg;
	/* x86 boots by PVH: dtb is its start info, no device tree */
	guest_fdt_read((const void *)(uintptr_t)dtb, &guest_dt);
	arch_guest_init(&guest_dt);
	guest_vcpus = mode ? guest_dt.nr_cpus : (unsigned int)arg;
	if (mode == 1)
		return isolation_main(ram_end);
	if (mode == 2)
		return readonly_main();
	if (mode == 3)
		return sysreg_main();
	if (mode == 4)		/* its interrupt controller, wherever it is */
		return run_lists(common_interrupt_tests, arch_interrupt_tests,
				 no_tests);
	if (mode == 5)
		return passthrough_main(arg);
	if (mode == 6)
		return abort_main(arg);
	if (mode == 7)
		return reset_main();
	if (mode == 8)
		return console_main();
	if (mode == 9)
		return spin_main();
	return run_lists(common_tests, uart_tests, arch_tests);
}
