// SPDX-License-Identifier: MIT
/*
 * The test guests' local APIC driver, as an OS's is (Intel SDM vol. 3
 * chapter 11, table 11-1): xAPIC registers at 0xfee00000, 32-bit
 * accesses; the IDT (start.S's stubs) and what each vector does.
 */
#include "guest.h"

#define GATE_INTERRUPT 0x8e
#define KERNEL_CS 0x08
#define APIC_SVR 0xf0
#define APIC_EOI 0xb0

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, reserved;
};

extern struct idt_gate guest_idt[256];
extern const char trap_stubs[];

bool guest_intel;
uint64_t guest_first_tsc;

/* As start.S's trap_entry leaves it, lowest address first. */
struct trap_frame {
	uint64_t r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

volatile unsigned int gp_expected, gp_taken;
volatile uint64_t gp_skip;

uint32_t lapic_read(unsigned int reg)
{
	return *(volatile uint32_t *)(uintptr_t)(LAPIC_BASE + reg);
}

void lapic_write(unsigned int reg, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)(LAPIC_BASE + reg) = v;
}

void lapic_enable(void)
{
	lapic_write(APIC_SVR, 0x1ff);	/* enabled, spurious vector 0xff */
}

void guest_arch_setup(void);

/* Before anything else: the vendor's hypercall, the IDT. */
void guest_arch_setup(void)
{
	uint32_t ebx, ecx, edx, eax = 0;
	unsigned int i;

	guest_first_tsc = rdtsc_();
	__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx));
	guest_intel = ebx == 0x756e6547;	/* "Genu" ineIntel */
	for (i = 0; i < 256; i++) {
		uint64_t off = (uint64_t)(uintptr_t)(trap_stubs + 16 * i);

		guest_idt[i] = (struct idt_gate){ (uint16_t)off, KERNEL_CS, 0,
			GATE_INTERRUPT, (uint16_t)(off >> 16),
			(uint32_t)(off >> 32), 0 };
	}
}

void guest_trap(struct trap_frame *f);

void guest_trap(struct trap_frame *f)
{
	unsigned int cpu;

	if (f->vector >= 32) {
		cpu = lapic_read(0x20) >> 24;
		guest_irq((unsigned int)f->vector, 0, cpu);
		lapic_write(APIC_EOI, 0);
		return;
	}
	if (f->vector == 13 && gp_expected) {	/* a #GP a test asked for */
		gp_taken++;
		f->rip += gp_skip;
		return;
	}
	puts_("unexpected exception ");
	put_dec(f->vector);
	puts_(" error ");
	put_hex(f->error);
	puts_(" at ");
	put_hex(f->rip);
	puts_("\n");
	for (;;)
		hypercall1(VIREO_HC_EXIT, 0xee);
}
