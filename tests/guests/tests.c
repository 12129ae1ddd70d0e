// SPDX-License-Identifier: MIT
/*
 * The arch-neutral test bodies. Expected values come from the ABI and
 * the test device's layout in vireo/hypercall.h, not from Vireo's code.
 */
#include "guest.h"

static void test_hypercall(void)
{
	expect_eq("null hypercall", hypercall1(VIREO_HC_NULL, 0), 0);
	expect_eq("unknown hypercall", hypercall1(VIREO_HC_NULL + 0xfff, 0),
		  VIREO_HC_UNKNOWN);
	/* console output is the PUTC hypercall: it returns 0 */
	expect_eq("putc hypercall", hypercall1(VIREO_HC_PUTC, '\r'), 0);
}

#define DEV(off) (VIREO_TESTDEV_BASE + (off))
#define DATA DEV(VIREO_TESTDEV_DATA)
#define ID DEV(VIREO_TESTDEV_ID)
#define LAST DEV(VIREO_TESTDEV_LAST)
#define IRQ DEV(VIREO_TESTDEV_IRQ)

static void test_mmio_widths(void)
{
	mmio_write64(DATA, 0x1122334455667788ULL);
	expect_eq("LAST after write64", mmio_read64(LAST), 0x108);
	expect_eq("read64 DATA", mmio_read64(DATA), 0x1122334455667788ULL);
	expect_eq("LAST after read64", mmio_read64(LAST), 8);
	expect_eq("read32 DATA", mmio_read32(DATA), 0x55667788);
	expect_eq("read32 DATA+4", mmio_read32(DATA + 4), 0x11223344);
	expect_eq("read16 DATA+2", mmio_read16(DATA + 2), 0x5566);
	expect_eq("LAST after read16", mmio_read64(LAST), 2);
	expect_eq("read8 DATA+7", mmio_read8(DATA + 7), 0x11);
	mmio_write8(DATA + 3, 0xab);
	expect_eq("LAST after write8", mmio_read64(LAST), 0x101);
	expect_eq("read64 after write8", mmio_read64(DATA),
		  0x11223344ab667788ULL);
	mmio_write16(DATA + 6, 0xcdef);
	expect_eq("LAST after write16", mmio_read64(LAST), 0x102);
	mmio_write32(DATA, 0x01020304);
	expect_eq("LAST after write32", mmio_read64(LAST), 0x104);
	expect_eq("read64 after narrow writes", mmio_read64(DATA),
		  0xcdef334401020304ULL);
	expect_eq("read64 ID", mmio_read64(ID), VIREO_TESTDEV_ID_VALUE);
	mmio_write64(ID, 0);	/* read-only: ignored */
	expect_eq("read64 ID after a write", mmio_read64(ID),
		  VIREO_TESTDEV_ID_VALUE);
}

/* ID is 0x8070605040302010: its top byte, half and word are negative. */
static void test_mmio_sign_extension(void)
{
	expect_eq("read8 ID+7", mmio_read8(ID + 7), 0x80);
	expect_eq("read8s ID+7", mmio_read8s(ID + 7), 0xffffffffffffff80ULL);
	expect_eq("read8s ID", mmio_read8s(ID), 0x10);
	expect_eq("read16s ID+6", mmio_read16s(ID + 6), 0xffffffffffff8070ULL);
	expect_eq("read16s ID+4", mmio_read16s(ID + 4), 0x6050);
	expect_eq("read32s ID+4", mmio_read32s(ID + 4), 0xffffffff80706050ULL);
	expect_eq("read32s ID", mmio_read32s(ID), 0x40302010);
	/* into a 32-bit register: sign-extended to 32 bits, upper half 0 */
	expect_eq("read8s to w ID+7", mmio_read8s_w(ID + 7), 0xffffff80);
	expect_eq("read16s to w ID+6", mmio_read16s_w(ID + 6), 0xffff8070);
}

/*
 * A virtual interrupt: the test device's IRQ register drives the VM's
 * interrupt TESTDEV_VIRQ (aarch64: SPI 2 at its GIC), taken and ended
 * through the guest's interrupt controller. Raised while masked it
 * waits; unmasked it is taken once; the handler lowers it, and it is
 * not taken again.
 */
static volatile unsigned int irqs_taken;

void guest_irq(unsigned int virq, unsigned int source, unsigned int cpu)
{
	if (virq == UART_VIRQ) {
		uart_irq();
		return;
	}
	if (passthrough_irq(virq, cpu))
		return;
	if (virq != TESTDEV_VIRQ) {
		arch_guest_irq(virq, source, cpu);
		return;
	}
	irqs_taken++;
	mmio_write64(IRQ, 0);
}

unsigned int guest_irqs_taken(void)
{
	return irqs_taken;
}

static void test_virtual_irq(void)
{
	irqs_taken = 0;
	virq_enable(TESTDEV_VIRQ);
	mmio_write64(IRQ, 1);
	expect_eq("IRQ level once raised", mmio_read64(IRQ), 1);
	expect_eq("interrupts taken while masked", irqs_taken, 0);
	irq_unmask();
	irq_mask();
	expect_eq("interrupts taken once unmasked", irqs_taken, 1);
	expect_eq("IRQ level after the handler", mmio_read64(IRQ), 0);
	irq_unmask();
	irq_mask();
	expect_eq("interrupts taken after it was lowered", irqs_taken, 1);
	/* ended (EOI) by the handler: raised again, it is taken again */
	mmio_write64(IRQ, 1);
	irq_unmask();
	irq_mask();
	expect_eq("interrupts taken once raised again", irqs_taken, 2);
	/* a level that falls before it is taken is not taken */
	mmio_write64(IRQ, 1);
	mmio_write64(IRQ, 0);
	irq_unmask();
	irq_mask();
	expect_eq("interrupts taken after a raise and a fall", irqs_taken, 2);
}

/*
 * Exit costs: counter ticks for BENCH_CALLS rounds of each loop, less
 * those of the same loop around nops. Under QEMU's -icount shift=0 one
 * tick of the virtual counter is 16 instructions, so the line gives the
 * hypervisor's instructions per exit (docs/performance.md); elsewhere
 * the figure is only informative. Passes when every call returned what
 * it must.
 */
#define BENCH_CALLS 1000

static void bench_line(const char *name, uint64_t ticks, uint64_t loop)
{
	puts_("BENCH ");
	puts_(name);
	puts_(": ");
	put_dec(ticks - loop);
	puts_(" ticks for ");
	put_dec(BENCH_CALLS);
	puts_(" calls\n");
}

static void test_bench(void)
{
	uint64_t loop = bench_loop(BENCH_CALLS, 0);

	bench_line("floor", bench_floor(BENCH_CALLS, 0), loop);
#ifdef BENCH_BACKEND_NAME	/* the exit the backend answers itself */
	bench_line(BENCH_BACKEND_NAME, bench_backend(BENCH_CALLS, 0), loop);
#else
	bench_line("psci_version", bench_psci_version(BENCH_CALLS, 0), loop);
#endif
	bench_line("null_hypercall", bench_null_hypercall(BENCH_CALLS, 0), loop);
	bench_line("mmio_read32", bench_mmio_read32(BENCH_CALLS, ID), loop);
	expect_eq("the loop took time", loop > 0, 1);
}

#ifndef GUEST_BOOT_PVH
/*
 * Its device tree (its boot register) says what its configuration does
 * (configs/vms/test-guests*.dts, "tests"): one RAM region from where it
 * is linked to the end of memory its boot-args give, its vCPUs with ids
 * 0, 1, ...; then the arch's part (aarch64: started by PSCI, PSCI by
 * HVC, its PL011 at GUEST_UART_BASE named by /chosen/stdout-path).
 */
static void test_dtb_matches_config(void)
{
	uint64_t base = (uint64_t)(uintptr_t)guest_entry;
	struct guest_fdt dt;

	expect_eq("DTB 8-byte aligned", guest_dtb % 8, 0);
	expect_eq("DTB readable", guest_fdt_read((const void *)(uintptr_t)
						 guest_dtb, &dt), 1);
	expect_eq("memory nodes", dt.nr_memory, 1);
	expect_eq("memory base", dt.memory[0][0], base);
	expect_eq("memory size", dt.memory[0][1], guest_ram_end - base);
	expect_eq("DTB in memory", guest_dtb - base < guest_ram_end - base, 1);
	expect_eq("cpu nodes", dt.nr_cpus, guest_vcpus);
	expect_eq("cpu regs", dt.cpu_regs, (1u << guest_vcpus) - 1);
	arch_dtb_checks(&dt);
}
#else
/*
 * Its PVH start info (ebx at entry, hvm_start_info version 1 of Xen's
 * arch-x86/hvm/start_info.h) says what its configuration does: magic
 * "xEn3", one RAM entry (E820 type 1) from 0 to the end of memory its
 * edx gives, in its memory itself.
 */
static bool guest_streq(const char *a, const char *b)
{
	if (!a)
		return false;
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void test_start_info_matches_config(void)
{
	const uint32_t *si = (const uint32_t *)(uintptr_t)guest_dtb;
	const uint64_t *map;

	expect_eq("start info in memory", guest_dtb && guest_dtb < guest_ram_end,
		  1);
	if (!guest_dtb)
		return;
	expect_eq("magic", si[0], 0x336ec578);
	expect_eq("version", si[1] >= 1, 1);
	expect_eq("memmap entries", si[12], 1);
	map = (const uint64_t *)(uintptr_t)*(const uint64_t *)(si + 10);
	expect_eq("memmap in memory", (uint64_t)(uintptr_t)map < guest_ram_end,
		  1);
	expect_eq("memmap[0] addr", map[0], 0);
	expect_eq("memmap[0] size", map[1], guest_ram_end);
	expect_eq("memmap[0] type RAM", map[2] & 0xffffffff, 1);
	/* its bootargs, configs/vms/test-guests-x86_64.dts' */
	expect_eq("cmdline", guest_streq((const char *)(uintptr_t)
					 *(const uint64_t *)(si + 6),
					 "console=ttyS0"), 1);
}
#endif

const struct guest_test common_tests[] = {
	{ "hypercall", test_hypercall },
	{ "mmio_widths", test_mmio_widths },
	{ "mmio_sign_extension", test_mmio_sign_extension },
	{ "virtual_irq", test_virtual_irq },
	{ "bench", test_bench },
#ifndef GUEST_BOOT_PVH
	{ "dtb_matches_config", test_dtb_matches_config },
#else
	{ "start_info_matches_config", test_start_info_matches_config },
#endif
	{ NULL, NULL },
};

/* Its interrupt controller is the one its device tree names (mode 4,
 * with the arch's interrupt tests). */
static void test_intc_in_dtb(void)
{
	expect_eq("interrupt controller in the DTB", guest_dt.intc[0] != 0, 1);
}

const struct guest_test common_interrupt_tests[] = {
	{ "intc_in_dtb", test_intc_in_dtb },
	{ "virtual_irq", test_virtual_irq },
	{ NULL, NULL },
};

/* Mode 1: read one page above the end of its memory (ram_end, the
 * second boot register). */
int isolation_main(uint64_t ram_end)
{
	uint64_t addr = ram_end + 0x1000;
	const struct guest_test *t;

	for (t = arch_start_tests; t->name; t++)
		run_test(t);

	puts_("reading ");
	put_hex(addr);
	puts_(" outside its memory\n");
	isolation_probe(addr);
	puts_("FAIL isolation: the read outside its memory returned\n");
	return 1;
}

/* Mode 6, how 1: jump one page past the end of its memory (the arch's
 * fetch_probe). */
int fetch_outside_main(void)
{
	uint64_t outside = guest_ram_end + 0x1000;

	puts_("jumping to ");
	put_hex(outside);
	puts_(" outside its memory\n");
	fetch_probe(outside);
	puts_("FAIL abort: the jump outside its memory returned\n");
	return 1;
}

/* Mode 2: overwrite its own entry (the read-only page). */
int readonly_main(void)
{
	puts_("writing ");
	put_hex((uint64_t)(uintptr_t)guest_entry);
	puts_(" in its read-only memory\n");
	readonly_probe((uint64_t)(uintptr_t)guest_entry);
	puts_("FAIL readonly: the write to read-only memory returned\n");
	return 1;
}
