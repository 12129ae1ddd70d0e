// SPDX-License-Identifier: MIT
/*
 * x86_64 CPUs (hal/cpu.h): per-CPU state, each CPU's GDT and TSS, and
 * starting the secondary CPUs.
 *
 * this_cpu(): the GS base of every CPU points at the struct arch_cpu in
 * its struct cpu, whose first word points back, so that is one
 * %gs-relative load.
 *
 * Starting CPU c: INIT and start-up IPIs (smp.c) send it to
 * boot/trampoline.S, copied below 1 MiB at boot (x86_trampoline_install()).
 * That takes it to long mode and into the image, where it picks up what
 * ap_offer() left in the start-up slot: the hypervisor's page table root,
 * its stack and its struct cpu.
 */
#include <asm/cpu.h>
#include <asm/cpuid.h>
#include <asm/msr.h>
#include <asm/segment.h>
#include <asm/smp.h>
#include <hal/cpu.h>
#include <hal/irq.h>
#include <hal/paging.h>
#include <vireo/errno.h>
#include <vireo/log.h>
#include <vireo/page_alloc.h>
#include <vireo/printf.h>
#include <vireo/string.h>

#define TSS_AVAILABLE 0x89	/* present, DPL 0, available 64-bit TSS */
#define DOUBLE_FAULT_STACK 8192	/* enough for panic() */

/* The boot CPU's until cpus_init() names its struct cpu; the
 * secondaries' come from the page allocator. */
static struct arch_cpu boot_early;
static uint8_t boot_df_stack[DOUBLE_FAULT_STACK] __aligned(16);

/* The start-up slot boot/trampoline.S reads (see there). */
uint32_t x86_ap_go;
uint64_t x86_ap_cr3, x86_ap_stack;
struct cpu *x86_ap_cpu;
static uint32_t ap_generation;

extern const char x86_trampoline[], x86_trampoline_end[];

__noreturn void x86_ap_entry(struct cpu *c);

struct cpu *this_cpu(void)
{
	struct cpu *c;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

unsigned long x86_apic_id(void)
{
	/* Leaf 0xb has the whole x2APIC id; leaf 1 its low 8 bits. */
	if (cpuid_eax(0) >= 0xb && cpuid_count(0xb, 0).ebx)
		return cpuid_count(0xb, 0).edx;
	return cpuid_ebx(1) >> 24;
}

/* Build and load a CPU's GDT and TSS, point GS at them. */
static void tables_init(struct arch_cpu *pc)
{
	uint64_t base = (uint64_t)&pc->tss, limit = sizeof(pc->tss) - 1;
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = { sizeof(pc->gdt) - 1, (uint64_t)pc->gdt };

	pc->tss.ist[X86_IST_DOUBLE_FAULT - 1] = pc->df_stack_top;
	pc->tss.iomap_base = sizeof(pc->tss);	/* no I/O permission bitmap */
	pc->gdt[0] = 0;
	pc->gdt[GDT_ENTRY_KERNEL_CS] = GDT_KERNEL_CS_DESC;
	pc->gdt[GDT_ENTRY_KERNEL_DS] = GDT_KERNEL_DS_DESC;
	pc->gdt[GDT_ENTRY_TSS] = (limit & 0xffff) | (base & 0xffffff) << 16 |
				 (uint64_t)TSS_AVAILABLE << 40 |
				 (limit >> 16 & 0xf) << 48 |
				 (base >> 24 & 0xff) << 56;
	pc->gdt[GDT_ENTRY_TSS + 1] = base >> 32;
	/* Reload every segment register from the new table: CS by a far
	 * return. Loading GS clears its base, so set that last. */
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "movl %%eax, %%fs\n\t"
			 "movl %%eax, %%gs\n\t"
			 "ltr %w3"
			 :
			 : "m"(gdtr), "i"(KERNEL_CS), "i"(KERNEL_DS),
			   "r"((uint16_t)TSS_SEL)
			 : "rax", "memory");
	wrmsr(MSR_GS_BASE, (uint64_t)pc);
}

/* The boot CPU moves from boot_early into its struct cpu here. */
void arch_cpu_set_this(struct cpu *c)
{
	c->arch.self = c;
	if (c->id == 0)
		c->arch.df_stack_top = boot_early.df_stack_top;
	tables_init(&c->arch);
}

void x86_boot_cpu_tables_init(void)
{
	boot_early.df_stack_top = (uintptr_t)(boot_df_stack + sizeof(boot_df_stack));
	tables_init(&boot_early);
}

/*
 * Written at boot, while the bootstrap identity map still covers the
 * real-mode area (the hypervisor's tables leave it unmapped), and after
 * the multiboot information, which may lie there, has been read.
 */
void x86_trampoline_install(void)
{
	memcpy((void *)(uintptr_t)X86_TRAMPOLINE_ADDR, x86_trampoline,
	       (size_t)((uintptr_t)x86_trampoline_end - (uintptr_t)x86_trampoline));
}

/* Put c's start-up parameters in the slot, taking it back first. */
static void ap_offer(struct cpu *c)
{
	__atomic_store_n(&x86_ap_go, 0, __ATOMIC_SEQ_CST);
	x86_ap_cr3 = paging_root();
	x86_ap_stack = c->stack_top;
	x86_ap_cpu = c;
	if (!++ap_generation)
		ap_generation = 1;
	__atomic_store_n(&x86_ap_go, ap_generation, __ATOMIC_RELEASE);
}

int arch_cpu_start(struct cpu *c, char *why, size_t len)
{
	size_t pages = DOUBLE_FAULT_STACK / PAGE_SIZE;
	paddr_t df;
	int err;

	if (!c->arch.df_stack_top) {
		if (page_alloc_pages(pages, 1, &df)) {
			snprintf(why, len, "no memory for its double-fault stack");
			return -ENOMEM;
		}
		c->arch.df_stack_top = (uintptr_t)(df + pages * PAGE_SIZE);
	}
	ap_offer(c);
	err = x86_start_cpu(c->hwid, X86_TRAMPOLINE_ADDR);
	if (err) {
		__atomic_store_n(&x86_ap_go, 0, __ATOMIC_SEQ_CST);
		snprintf(why, len, "INIT and start-up IPIs not sent (%s)",
			 errno_name(err));
	}
	return err;
}

/* From boot/trampoline.S: on c's stack and the hypervisor's tables. */
void x86_ap_entry(struct cpu *c)
{
	/* A CPU that answered a start-up too late took the next CPU's
	 * parameters: it must not run as that CPU. */
	if (x86_apic_id() != c->hwid) {
		pr_err("cpu: a late CPU (APIC id 0x%lx) took cpu%u's start; stopping it\n",
		       x86_apic_id(), c->id);
		for (;;)
			__asm__ volatile("cli; hlt");
	}
	arch_cpu_set_this(c);	/* its own GDT and TSS first, then the IDT */
	x86_idt_load();
	hal_cpu_entry(c);
}
