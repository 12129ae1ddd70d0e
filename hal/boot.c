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
#include <vireo/errno.h>
#include <vireo/log.h>

/* The device tree built into the image (CONFIG_BUILTIN_DTB). */
extern char __builtin_dtb_start[] __attribute__((weak));
extern char __builtin_dtb_end[] __attribute__((weak));

static const void *validated_fdt;

const void *boot_fdt(void)
{
	return validated_fdt;
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
	char why[96];
	const char *model;

	*addr = (paddr_t)(uintptr_t)fdt;
	if (!fdt) {
		pr_err("dtb: the firmware passed no device tree\n");
		hal_power_off(1);
	}
	if (dt_validate(fdt, avail, why, sizeof(why))) {
		pr_err("dtb: %s dtb at %#llx: %s\n", source,
		       (unsigned long long)*addr, why);
		hal_power_off(1);
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
		pr_err("dtb: cannot record %d RAM banks in /memory (error %d)\n",
		       bi->ram_count, err);
		hal_power_off(1);
	}
}

/* Interrupts, time and the other CPUs, each step logged; off on failure. */
static void start_cpus(const void *fdt, const struct boot_info *bi)
{
	int err;

	cpus_init(fdt, bi);
	err = irq_cpu_init(0);
	if (err) {
		pr_err("irq: no interrupt controller (%d): is its driver enabled in the .config and its node in the DT?\n",
		       err);
		hal_power_off(1);
	}
	pr_info("irq: %s on cpu0\n", irqchip_name());
	err = time_cpu_init(0);
	if (err) {
		if (err == -ENODEV)
			pr_err("time: no timer: is its driver enabled in the .config and its node in the DT?\n");
		hal_power_off(1);
	}
	pr_info("time: %s at %llu Hz on cpu0\n", time_source_name(),
		(unsigned long long)time_counter_hz());
	irq_local_enable();
	err = console_rx_irq_init(fdt);
	if (err)
		pr_warn("console: input polled, no receive interrupt (%d)\n", err);
	else
		pr_info("console: input by interrupt\n");
	cpus_start();
}

void hal_boot(const struct boot_info *bi)
{
	struct memory_info mem;
	paddr_t dtb;
	char virt[32];
	bool poweroff_err;
	void *fdt;

	/*
	 * Power off first: nothing can be printed without a console, so
	 * its failure is reported by status alone.
	 */
	poweroff_err = CONFIG_EARLY_POWEROFF[0] &&
		driver_probe_early(DRIVER_POWEROFF, CONFIG_EARLY_POWEROFF);
	if (driver_probe_early(DRIVER_CONSOLE, CONFIG_EARLYCON))
		hal_power_off(2);
	if (poweroff_err)
		pr_warn("no driver for CONFIG_EARLY_POWEROFF \"%s\"\n",
			CONFIG_EARLY_POWEROFF);
	arch_virt_features(virt, sizeof(virt));
	banner(bi, virt);
	if (bi->mode_error) {
		pr_err("%s\n", bi->mode_error);
		hal_power_off(1);
	}
	if (bi->dtb)
		pr_info("boot: cpu=%lu console=%s dtb=%#llx\n", bi->cpu_id,
			console_name(), (unsigned long long)bi->dtb);
	else
		pr_info("boot: cpu=%lu console=%s dtb=none\n", bi->cpu_id,
			console_name());
	fdt = find_dtb(bi, &dtb);
	set_boot_ram(fdt, bi);
	if (memory_init(fdt, dtb, &mem))
		hal_power_off(1);
	validated_fdt = fdt;
	driver_probe_dt(fdt);
	if (paging_init(&mem))
		hal_power_off(1);
	start_cpus(fdt, bi);
	if (IS_ENABLED(CONFIG_DEBUG_WRITE_TEXT)) {
		pr_info("debug: writing to the hypervisor's text at %p\n", (void *)hal_boot);
		*(volatile uint32_t *)(uintptr_t)hal_boot = 0;
		panic("a write to the hypervisor's text did not fault");
	}
	pr_info("time: entry to ready %llu ns\n", (unsigned long long)(time_now_ns() -
		time_counter_to_ns(bi->entry_counter, time_counter_hz())));
	pr_always("ready: arch=%s board=%s mode=%s virt=%s ram=%llu cpus=%u irqchip=%s timer=%s@%llu console=%s\n",
		CONFIG_ARCH, CONFIG_BOARD, bi->mode, virt,
		(unsigned long long)(memmap_total(&mem.usable) >> 20),
		cpu_online_count(), irqchip_name(), time_source_name(),
		(unsigned long long)time_counter_hz(), console_name());
	if (IS_ENABLED(CONFIG_DEBUG_BOOT_PANIC))
		panic("CONFIG_DEBUG_BOOT_PANIC is set");
	hal_power_off(core_main());
}
