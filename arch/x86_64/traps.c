// SPDX-License-Identifier: MIT
/* The IDT and unexpected exceptions: print the vector and stop with a failure. */
#include <asm/processor.h>
#include <asm/segment.h>
#include <vireo/log.h>

#define NR_EXCEPTIONS 32
#define GATE_INTERRUPT 0x8e	/* present, DPL 0, 64-bit interrupt gate */

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
};

struct idt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* As pushed by boot/exceptions.S, lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rdi, rsi, rbp, rbx, rdx, rcx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

extern const uint64_t x86_exception_stubs[NR_EXCEPTIONS];

void x86_trap_init(void);
void x86_exception(struct trap_frame *tf);

static struct idt_gate idt[NR_EXCEPTIONS] __aligned(16);

static const char *const exception_names[NR_EXCEPTIONS] = {
	[0] = "#DE", [1] = "#DB", [2] = "NMI", [3] = "#BP",
	[4] = "#OF", [5] = "#BR", [6] = "#UD", [7] = "#NM",
	[8] = "#DF", [10] = "#TS", [11] = "#NP", [12] = "#SS",
	[13] = "#GP", [14] = "#PF", [16] = "#MF", [17] = "#AC",
	[18] = "#MC", [19] = "#XM", [20] = "#VE", [21] = "#CP",
	[28] = "#HV", [29] = "#VC", [30] = "#SX",
};

void x86_trap_init(void)
{
	struct idt_ptr ptr = {
		.limit = sizeof(idt) - 1,
		.base = (uint64_t)idt,
	};
	unsigned i;

	for (i = 0; i < NR_EXCEPTIONS; i++) {
		uint64_t addr = x86_exception_stubs[i];

		idt[i] = (struct idt_gate){
			.offset_low = (uint16_t)addr,
			.selector = KERNEL_CS,
			.type = GATE_INTERRUPT,
			.offset_mid = (uint16_t)(addr >> 16),
			.offset_high = (uint32_t)(addr >> 32),
		};
	}
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

void x86_exception(struct trap_frame *tf)
{
	const char *name = exception_names[tf->vector & (NR_EXCEPTIONS - 1)];

	panic("unexpected exception %lu (%s): error %#lx RIP %#lx CR2 %#lx RSP %#lx",
	      (unsigned long)tf->vector, name ? name : "reserved",
	      (unsigned long)tf->error_code, (unsigned long)tf->rip,
	      (unsigned long)read_cr2(), (unsigned long)tf->rsp);
}
