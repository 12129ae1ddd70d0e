// SPDX-License-Identifier: MIT
/*
 * A guest's device tree from its configuration. The bindings are the
 * Linux kernel's (Documentation/devicetree/bindings): arm/cpus.yaml,
 * arm/psci.yaml, timer/arm,arch_timer.yaml, interrupt-controller/
 * arm,gic.yaml, serial/pl011.yaml, serial/8250.yaml,
 * clock/fixed-clock.yaml; for RISC-V guests (ARCH_VM_RISCV_GUEST)
 * riscv/cpus.yaml, interrupt-controller/riscv,cpu-intc.yaml and
 * sifive,plic-1.0.0.yaml; /memory and /chosen the Devicetree
 * Specification's.
 */
#include <hal/time.h>
#include <libfdt.h>
#include <vireo/printf.h>
#include <vireo/string.h>
#include "vm_fdt.h"

#define INTC_PHANDLE 1		/* the GIC's or the PLIC's */
#define CLK_PHANDLE 2
/* The UART's clock: a fixed 24 MHz, QEMU virt's (Linux's amba bus wants
 * "apb_pclk", its PL011 driver "uartclk" for the baud rate) */
#define UART_CLK_HZ 24000000
/* The 16550's input clock: the PC's 1.8432 MHz, so divisor 1 is 115200
 * baud (8250.yaml clock-frequency) */
#define NS16550_CLK_HZ 1843200
#define GIC_SPI 0
#define IRQ_LEVEL_HIGH 4
#define GIC_PPI 1
/* A PPI's flags: level low, to every CPU of the VM (arm,gic.yaml: bits
 * [15:8] the CPU mask, 8 = active-low level) */
#define PPI_FLAGS(nr_cpus) ((((1U << (nr_cpus)) - 1) << 8) | 8)

/* Property of an address and a size pair list, 2 + 2 cells each. */
static int prop_ranges(void *fdt, const char *name, const uint64_t *v,
		       int nr_values)
{
	fdt64_t cells[4];
	int i;

	for (i = 0; i < nr_values; i++)
		cells[i] = cpu_to_fdt64(v[i]);
	return fdt_property(fdt, name, cells, nr_values * 8);
}

static int begin_node_at(void *fdt, const char *name, uint64_t addr)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%s@%llx", name, (unsigned long long)addr);
	return fdt_begin_node(fdt, buf);
}

static int memory_nodes(void *fdt, const struct vm_config *cfg)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < cfg->nr_regions && !err; i++) {
		const struct vm_region *r = &cfg->regions[i];
		uint64_t reg[2] = { r->gpa, r->size };

		if (r->read_only)	/* not RAM the OS may use */
			continue;
		err = begin_node_at(fdt, "memory", r->gpa);
		err = err ?: fdt_property_string(fdt, "device_type", "memory");
		err = err ?: prop_ranges(fdt, "reg", reg, 2);
		err = err ?: fdt_end_node(fdt);
	}
	return err;
}

#ifdef ARCH_VM_RISCV_GUEST
/* Hart n's local interrupt controller's phandle (after the PLIC's). */
#define HART_INTC_PHANDLE(n) (3 + (n))
#define IRQ_S_EXT 9		/* the supervisor external interrupt */

static int hart_node(void *fdt, unsigned int i)
{
	int err = begin_node_at(fdt, "cpu", i);

	err = err ?: fdt_property_string(fdt, "device_type", "cpu");
	err = err ?: fdt_property_u32(fdt, "reg", i);
	err = err ?: fdt_property_string(fdt, "compatible", "riscv");
	err = err ?: fdt_property_string(fdt, "riscv,isa",
					 arch_vm_guest_isa());
	err = err ?: fdt_property_string(fdt, "mmu-type", "riscv,sv39");
	err = err ?: fdt_begin_node(fdt, "interrupt-controller");
	err = err ?: fdt_property_string(fdt, "compatible", "riscv,cpu-intc");
	err = err ?: fdt_property_u32(fdt, "#interrupt-cells", 1);
	err = err ?: fdt_property(fdt, "interrupt-controller", NULL, 0);
	err = err ?: fdt_property_u32(fdt, "phandle", HART_INTC_PHANDLE(i));
	err = err ?: fdt_end_node(fdt);
	return err ?: fdt_end_node(fdt);
}

/* Hart n is vCPU n, started by SBI HSM; the time CSR counts at the
 * host's timebase (htimedelta only moves its origin). */
static int cpu_nodes(void *fdt, const struct vm_config *cfg)
{
	unsigned int i, n = cfg->nr_vcpus ? cfg->nr_vcpus : 1;
	int err;

	err = fdt_begin_node(fdt, "cpus");
	err = err ?: fdt_property_u32(fdt, "#address-cells", 1);
	err = err ?: fdt_property_u32(fdt, "#size-cells", 0);
	err = err ?: fdt_property_u32(fdt, "timebase-frequency",
				      (uint32_t)time_counter_hz());
	for (i = 0; i < n && !err; i++)
		err = hart_node(fdt, i);
	return err ?: fdt_end_node(fdt);
}

/* Context n: hart n's S-mode external interrupt. */
static int plic_node(void *fdt, const struct vm_config *cfg)
{
	static const char compat[] = "sifive,plic-1.0.0\0riscv,plic0";
	unsigned int i, n = cfg->nr_vcpus ? cfg->nr_vcpus : 1;
	uint64_t reg[2] = { cfg->plic_base, ARCH_VM_PLIC_SIZE };
	fdt32_t ext[2 * VM_MAX_VCPUS];
	int err = begin_node_at(fdt, "interrupt-controller", cfg->plic_base);

	for (i = 0; i < n; i++) {
		ext[2 * i] = cpu_to_fdt32(HART_INTC_PHANDLE(i));
		ext[2 * i + 1] = cpu_to_fdt32(IRQ_S_EXT);
	}
	err = err ?: fdt_property(fdt, "compatible", compat, sizeof(compat));
	err = err ?: fdt_property_u32(fdt, "#interrupt-cells", 1);
	err = err ?: fdt_property_u32(fdt, "#address-cells", 0);
	err = err ?: fdt_property(fdt, "interrupt-controller", NULL, 0);
	err = err ?: prop_ranges(fdt, "reg", reg, 2);
	err = err ?: fdt_property_u32(fdt, "riscv,ndev", ARCH_VM_NR_VIRQS - 1);
	err = err ?: fdt_property(fdt, "interrupts-extended", ext, 8 * n);
	err = err ?: fdt_property_u32(fdt, "phandle", INTC_PHANDLE);
	return err ?: fdt_end_node(fdt);
}

/* The RISC-V part: harts, the PLIC (no PSCI, no arch timer). */
static int arch_nodes(void *fdt, const struct vm_config *cfg)
{
	int err = cpu_nodes(fdt, cfg);

	if (cfg->has_plic)
		err = err ?: plic_node(fdt, cfg);
	return err;
}
#else
/* The arch timer's PPIs, in its binding's order: secure physical,
 * non-secure physical, virtual, hypervisor */
static const uint8_t timer_ppis[] = { 13, 14, 11, 10 };

/* vCPU n's MPIDR affinity is n (Aff0), its reg. */
static int cpu_nodes(void *fdt, const struct vm_config *cfg)
{
	unsigned int i, n = cfg->nr_vcpus ? cfg->nr_vcpus : 1;
	int err;

	err = fdt_begin_node(fdt, "cpus");
	err = err ?: fdt_property_u32(fdt, "#address-cells", 1);
	err = err ?: fdt_property_u32(fdt, "#size-cells", 0);
	for (i = 0; i < n && !err; i++) {
		err = begin_node_at(fdt, "cpu", i);
		err = err ?: fdt_property_string(fdt, "device_type", "cpu");
		err = err ?: fdt_property_string(fdt, "compatible",
						 "arm,armv8");
		err = err ?: fdt_property_u32(fdt, "reg", i);
		err = err ?: fdt_property_string(fdt, "enable-method", "psci");
		err = err ?: fdt_end_node(fdt);
	}
	return err ?: fdt_end_node(fdt);
}

static int psci_node(void *fdt)
{
	static const char compat[] = "arm,psci-0.2";
	int err = fdt_begin_node(fdt, "psci");

	err = err ?: fdt_property(fdt, "compatible", compat, sizeof(compat));
	err = err ?: fdt_property_string(fdt, "method", "hvc");
	return err ?: fdt_end_node(fdt);
}

static int timer_node(void *fdt, const struct vm_config *cfg)
{
	unsigned int n = cfg->nr_vcpus ? cfg->nr_vcpus : 1;
	fdt32_t irqs[3 * ARRAY_SIZE(timer_ppis)];
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(timer_ppis); i++) {
		irqs[3 * i] = cpu_to_fdt32(GIC_PPI);
		irqs[3 * i + 1] = cpu_to_fdt32(timer_ppis[i]);
		irqs[3 * i + 2] = cpu_to_fdt32(PPI_FLAGS(n));
	}
	err = fdt_begin_node(fdt, "timer");
	err = err ?: fdt_property_string(fdt, "compatible", "arm,armv8-timer");
	err = err ?: fdt_property(fdt, "interrupts", irqs, sizeof(irqs));
	return err ?: fdt_end_node(fdt);
}

/* GICD one page, GICC two (arm,gic.yaml's cortex-a15-gic reg). */
static int gic_node(void *fdt, const struct vm_config *cfg)
{
	uint64_t reg[4] = { cfg->gicd_base, 0x1000, cfg->gicc_base, 0x2000 };
	int err = begin_node_at(fdt, "interrupt-controller", cfg->gicd_base);

	err = err ?: fdt_property_string(fdt, "compatible",
					 "arm,cortex-a15-gic");
	err = err ?: fdt_property_u32(fdt, "#interrupt-cells", 3);
	err = err ?: fdt_property_u32(fdt, "#address-cells", 0);
	err = err ?: fdt_property(fdt, "interrupt-controller", NULL, 0);
	err = err ?: prop_ranges(fdt, "reg", reg, 4);
	err = err ?: fdt_property_u32(fdt, "phandle", INTC_PHANDLE);
	return err ?: fdt_end_node(fdt);
}

/* The Arm part: CPUs started by PSCI, the GIC with the arch timer. */
static int arch_nodes(void *fdt, const struct vm_config *cfg)
{
	int err = cpu_nodes(fdt, cfg);

	err = err ?: psci_node(fdt);
	/* the timer's interrupts need the GIC to mean anything */
	if (cfg->has_gic) {
		err = err ?: timer_node(fdt, cfg);
		err = err ?: gic_node(fdt, cfg);
	}
	return err;
}
#endif

/* Its node's name (uart_node()): the PL011's, or the generic "serial". */
static const char *uart_name(const struct vm_config *cfg)
{
	return cfg->uart_model == VM_UART_NS16550 ? "serial" : "pl011";
}

static void uart_path(const struct vm_config *cfg, char *buf, size_t size)
{
	snprintf(buf, size, "/%s@%llx", uart_name(cfg),
		 (unsigned long long)cfg->uart_base);
}

/* The fixed clock the UART's two clock inputs come from. */
static int uart_clock_node(void *fdt)
{
	int err = fdt_begin_node(fdt, "apb-pclk");

	err = err ?: fdt_property_string(fdt, "compatible", "fixed-clock");
	err = err ?: fdt_property_u32(fdt, "#clock-cells", 0);
	err = err ?: fdt_property_u32(fdt, "clock-frequency", UART_CLK_HZ);
	err = err ?: fdt_property_string(fdt, "clock-output-names",
					 "clk24mhz");
	err = err ?: fdt_property_u32(fdt, "phandle", CLK_PHANDLE);
	return err ?: fdt_end_node(fdt);
}

/* The interrupt of the VM's UART (when it has one), in its GIC's cells. */
/* The GIC binding's <0 SPI 4>, or the PLIC's <source>. */
static int uart_irq_prop(void *fdt, const struct vm_config *cfg)
{
	fdt32_t irq[3] = { cpu_to_fdt32(GIC_SPI), cpu_to_fdt32(cfg->uart_spi),
			   cpu_to_fdt32(IRQ_LEVEL_HIGH) };

	if (!cfg->uart_has_irq)
		return 0;
#ifdef ARCH_VM_RISCV_GUEST
	return fdt_property_u32(fdt, "interrupts", cfg->uart_spi);
#endif
	return fdt_property(fdt, "interrupts", irq, sizeof(irq));
}

static int ns16550_node(void *fdt, const struct vm_config *cfg)
{
	uint64_t reg[2] = { cfg->uart_base, cfg->uart_size };
	int err = begin_node_at(fdt, uart_name(cfg), cfg->uart_base);

	err = err ?: fdt_property_string(fdt, "compatible", "ns16550a");
	err = err ?: prop_ranges(fdt, "reg", reg, 2);
	if (cfg->uart_reg_shift)
		err = err ?: fdt_property_u32(fdt, "reg-shift",
					      cfg->uart_reg_shift);
	err = err ?: fdt_property_u32(fdt, "clock-frequency", NS16550_CLK_HZ);
	err = err ?: uart_irq_prop(fdt, cfg);
	return err ?: fdt_end_node(fdt);
}

/* An AMBA PrimeCell: Linux's amba bus matches its peripheral ID. */
static int uart_node(void *fdt, const struct vm_config *cfg)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	uint64_t reg[2] = { cfg->uart_base, VPL011_SIZE };
	fdt32_t clocks[2] = { cpu_to_fdt32(CLK_PHANDLE),
			      cpu_to_fdt32(CLK_PHANDLE) };
	int err;

	if (cfg->uart_model == VM_UART_NS16550)
		return ns16550_node(fdt, cfg);
	err = uart_clock_node(fdt);

	err = err ?: begin_node_at(fdt, "pl011", cfg->uart_base);
	err = err ?: fdt_property(fdt, "compatible", compat, sizeof(compat));
	err = err ?: prop_ranges(fdt, "reg", reg, 2);
	err = err ?: uart_irq_prop(fdt, cfg);
	err = err ?: fdt_property(fdt, "clocks", clocks, sizeof(clocks));
	err = err ?: fdt_property(fdt, "clock-names", clock_names,
				  sizeof(clock_names));
	return err ?: fdt_end_node(fdt);
}

static int chosen_node(void *fdt, const struct vm_config *cfg)
{
	int err = fdt_begin_node(fdt, "chosen");
	char path[32];

	if (cfg->uart && !cfg->uart_pio) {
		uart_path(cfg, path, sizeof(path));
		err = err ?: fdt_property_string(fdt, "stdout-path", path);
	}
	if (cfg->bootargs)
		err = err ?: fdt_property_string(fdt, "bootargs",
						 cfg->bootargs);
	/* chosen.yaml: the initrd's first byte and the one past its end */
	if (cfg->initrd) {
		err = err ?: fdt_property_u64(fdt, "linux,initrd-start",
					      cfg->initrd_gpa);
		err = err ?: fdt_property_u64(fdt, "linux,initrd-end",
					      cfg->initrd_gpa +
						      cfg->initrd_size);
	}
	return err ?: fdt_end_node(fdt);
}

int vm_fdt_build(const struct vm_config *cfg, void *buf, int size)
{
	/* each property name written anew, not searched for in the strings
	 * so far: a few hundred bytes more, tens of thousands of
	 * instructions less before the guest starts (make bench) */
	int err = fdt_create_with_flags(buf, size,
					FDT_CREATE_FLAG_NO_NAME_DEDUP);

	err = err ?: fdt_finish_reservemap(buf);
	err = err ?: fdt_begin_node(buf, "");
	err = err ?: fdt_property_u32(buf, "#address-cells", 2);
	err = err ?: fdt_property_u32(buf, "#size-cells", 2);
	err = err ?: fdt_property_string(buf, "compatible", "vireo,guest");
	err = err ?: fdt_property_string(buf, "model", cfg->name);
	if (cfg->has_gic || cfg->has_plic)
		err = err ?: fdt_property_u32(buf, "interrupt-parent",
					      INTC_PHANDLE);
	err = err ?: chosen_node(buf, cfg);
	err = err ?: memory_nodes(buf, cfg);
	err = err ?: arch_nodes(buf, cfg);
	if (cfg->uart && !cfg->uart_pio)
		err = err ?: uart_node(buf, cfg);
	err = err ?: fdt_end_node(buf);
	return err ?: fdt_finish(buf);
}
