// SPDX-License-Identifier: MIT
/* hal_boot(): the machine bring-up sequence, one logged line per step. */
#include <hal/boot.h>
#include <hal/console.h>
#include <hal/power.h>
#include <hal/virt.h>
#include <vireo/log.h>

static void banner(const struct boot_info *bi, const char *virt)
{
	printk("\nVireo " VIREO_VERSION " - board " CONFIG_BOARD
	       ", arch " CONFIG_ARCH ", mode %s, virtualization %s\n",
	       bi->mode, virt);
}

void hal_boot(const struct boot_info *bi)
{
	char virt[32];

	/* Nothing can be printed without a console: report by status. */
	if (console_init_early(CONFIG_EARLYCON))
		hal_power_off(2);
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
	pr_info("ready: arch=%s board=%s mode=%s virt=%s\n", CONFIG_ARCH,
		CONFIG_BOARD, bi->mode, virt);
	if (IS_ENABLED(CONFIG_DEBUG_BOOT_PANIC))
		panic("CONFIG_DEBUG_BOOT_PANIC is set");
	hal_power_off(0);
}
