// SPDX-License-Identifier: MIT
/* hal_boot(): the machine bring-up sequence, one logged line per step. */
#include <hal/boot.h>
#include <hal/console.h>
#include <hal/cpu.h>
#include <hal/driver.h>
#include <hal/irq.h>
#include <hal/memory.h>
#include <hal/paging.h>
#include <hal/power.h>
#include <hal/time.h>
#include <hal/virt.h>
#include <libfdt.h>
#include <vireo/dt.h>
#include <vireo/core.h>
#include <vireo/errno.h>
#include <vireo/log.h>
#include <vireo/string.h>

/* The device tree built into the image (CONFIG_BUILTIN_DTB). */
extern char __builtin_dtb_start[] __attribute__((weak));
extern char __builtin_dtb_end[] __attribute__((weak));

static const void *validated_fdt;

/* Targets for the CONFIG_DEBUG_* faults: a rodata word, data to run. */
static const uint32_t debug_rodata_word = 1;	/* const volatile would go to .data */
static uint8_t debug_data_code[64] __attribute__((aligned(16))) = { 1 };

static __attribute__((noinline)) void debug_returns(void)
{
	__asm__ volatile("");
}

/* Each CONFIG_DEBUG_* fault must panic naming its address and region;
 * if the mapping is wrong, the access works and the panic says so. */
static void debug_fault_on_purpose(void)
{
	if (IS_ENABLED(CONFIG_DEBUG_WRITE_TEXT)) {
		pr_info("debug: writing to the hypervisor's text at %p\n", (void *)hal_boot);
		*(volatile uint32_t *)(uintptr_t)hal_boot = 0;
		panic("a write to the hypervisor's text did not fault");
	}
	if (IS_ENABLED(CONFIG_DEBUG_WRITE_RODATA)) {
		pr_info("debug: writing to the hypervisor's rodata at %p\n",
			(void *)(uintptr_t)&debug_rodata_word);
		*(volatile uint32_t *)(uintptr_t)&debug_rodata_word = 0;
		panic("a write to the hypervisor's rodata did not fault");
	}
	if (IS_ENABLED(CONFIG_DEBUG_EXEC_DATA)) {
		/* a copy of a function that only returns: if data were
		 * executable, the call would come back */
		memcpy(debug_data_code, (const void *)(uintptr_t)debug_returns,
		       sizeof(debug_data_code));
		pr_info("debug: jumping into the hypervisor's data at %p\n",
			(void *)debug_data_code);
		((void (*)(void))(uintptr_t)debug_data_code)();
		panic("a jump into the hypervisor's data did not fault");
	}
}

const void *boot_fdt(void)
{
	return validated_fdt;
}

static uint64_t entry_ns;

uint64_t boot_entry_ns(void)
{
	return entry_ns;
}

static void banner(const struct boot_info *bi, const char *virt)
{
	printk("\nVireo " VIREO_VERSION " - board " CONFIG_BOARD
	       ", arch " CONFIG_ARCH ", mode %s, virtualization %s\n",
	       bi->mode, virt);
}

/* The tree to use, validated; powers off with a reason if it is bad. */
static void *find_dtb(const struct boot_info *bi, paddr_t *addr)
{
	bool builtin = IS_ENABLED(CONFIG_BUILTIN_DTB);
	void *fdt = builtin ? (void *)__builtin_dtb_start : (void *)(uintptr_t)bi->dtb;
	size_t avail = builtin ? (size_t)((uintptr_t)__builtin_dtb_end -
					  (uintptr_t)__builtin_dtb_start) : DT_MAX_SIZE;
	const char *source = builtin ? "built-in" : "firmware";
	char why[128];	/* the longest reason, a /memory entry's, fits */
	const char *model;

	*addr = (paddr_t)(uintptr_t)fdt;
	if (!fdt) {
		pr_err("dtb: the firmware passed no device tree\n");
		hal_power_off(POWER_OFF_ERROR);
	}
	if (dt_validate(fdt, avail, why, sizeof(why))) {
		pr_err("dtb: %s dtb at %#llx: %s\n", source,
		       (unsigned long long)*addr, why);
		hal_power_off(POWER_OFF_ERROR);
	}
	model = fdt_getprop(fdt, 0, "model", NULL);
	pr_info("dtb: %s at %#llx, %u bytes, version %u, model \"%s\"\n",
		source, (unsigned long long)*addr, fdt_totalsize(fdt),
		fdt_version(fdt), model ? model : "?");
	return fdt;
}

/* Where only the boot loader knows RAM (x86), write it into /memory. */
static void set_boot_ram(void *fdt, const struct boot_info *bi)
{
	int err;

	if (!bi->ram_count)
		return;
	err = dt_set_memory(fdt, bi->ram, bi->ram_count);
	if (err) {
		pr_err("dtb: cannot record %d RAM banks in /memory (%s)\n",
		       bi->ram_count, fdt_strerror(err));
		hal_power_off(POWER_OFF_ERROR);
	}
}

/*
 * A device the boot needs is missing. Where a driver was tried on a node,
 * it or its bind said why (one cause, one line): the hint about the
 * .config and the DT would contradict that, so it is only for the case
 * where no driver matched.
 */
static __noreturn void no_device(enum driver_kind kind, const char *what)
{
	if (!driver_matched(kind))
		pr_err("%s: is its driver enabled in the .config and its node in the DT?\n",
		       what);
	hal_power_off(POWER_OFF_ERROR);
}

/* Interrupts, time and the other CPUs, each step logged; off on failure. */
static void start_cpus(const void *fdt, const struct boot_info *bi)
{
	int err;

	cpus_init(fdt, bi);
	if (irq_cpu_init(0))
		no_device(DRIVER_IRQCHIP, "irq: no interrupt controller");
	pr_info("irq: %s on cpu0\n", irqchip_name());
	err = time_cpu_init(0);
	if (err == -ENODEV && !time_counter_hz())	/* no clock registered */
		no_device(DRIVER_TIMER, "time: no timer");
	if (err)
		hal_power_off(POWER_OFF_ERROR);	/* hal/time.c said why */
	pr_info("time: %s at %llu Hz on cpu0\n", time_source_name(),
		(unsigned long long)time_counter_hz());
	irq_local_enable();
	err = console_rx_irq_init(fdt);
	if (err)
		pr_warn("console: input polled, no receive interrupt (%s)\n",
			errno_name(err));
	else
		pr_info("console: input by interrupt\n");
	cpus_start();
}

void hal_boot(const struct boot_info *bi)
{
	struct memory_info mem;
	paddr_t dtb;
	struct virt_caps caps;
	char virt[32];
	int poweroff_err;
	void *fdt;

	/*
	 * Power off first: nothing can be printed without a console, so
	 * its failure is reported by status alone.
	 */
	poweroff_err = CONFIG_EARLY_POWEROFF[0] ?
		driver_probe_early(DRIVER_POWEROFF, CONFIG_EARLY_POWEROFF) : 0;
	if (driver_probe_early(DRIVER_CONSOLE, CONFIG_EARLYCON))
		hal_power_off(POWER_OFF_NO_CONSOLE);
	if (poweroff_err)
		pr_warn("CONFIG_EARLY_POWEROFF \"%s\": %s (%s)\n",
			CONFIG_EARLY_POWEROFF, driver_early_strerror(poweroff_err),
			errno_name(poweroff_err));
	arch_virt_caps(&caps);
	virt_caps_format(&caps, virt, sizeof(virt));
	banner(bi, virt);
	if (bi->mode_error) {
		pr_err("%s\n", bi->mode_error);
		hal_power_off(POWER_OFF_ERROR);
	}
	if (bi->dtb)
		pr_info("boot: cpu=%lu console=%s dtb=%#llx\n", bi->cpu_id,
			console_name(), (unsigned long long)bi->dtb);
	else
		pr_info("boot: cpu=%lu console=%s dtb=none\n", bi->cpu_id,
			console_name());
	fdt = find_dtb(bi, &dtb);
	set_boot_ram(fdt, bi);
	if (memory_init(fdt, dtb, bi->dtb, &mem))
		hal_power_off(POWER_OFF_ERROR);
	validated_fdt = fdt;
	driver_probe_dt(fdt);
	if (paging_init(&mem))
		hal_power_off(POWER_OFF_ERROR);
	start_cpus(fdt, bi);
	debug_fault_on_purpose();
	entry_ns = time_counter_to_ns(bi->entry_counter, time_counter_hz());
	pr_info("time: entry to ready %llu ns\n", (unsigned long long)(time_now_ns() - entry_ns));
	pr_always("ready: arch=%s board=%s mode=%s virt=%s ram=%llu cpus=%u irqchip=%s timer=%s@%llu console=%s\n",
		CONFIG_ARCH, CONFIG_BOARD, bi->mode, virt,
		(unsigned long long)(memmap_total(&mem.usable) >> 20),
		cpu_online_count(), irqchip_name(), time_source_name(),
		(unsigned long long)time_counter_hz(), console_name());
	if (IS_ENABLED(CONFIG_DEBUG_BOOT_PANIC))
		panic("CONFIG_DEBUG_BOOT_PANIC is set");
	hal_power_off(core_main());
}
