// SPDX-License-Identifier: MIT
/*
 * The IDT, shared by all CPUs: vectors 0..31 are exceptions, all
 * unexpected: print the vector and stop with a failure. A page fault
 * names the access and what the address is, since with the hypervisor's
 * own tables on it usually means a write to read-only text or data, or a
 * stray pointer into nothing mapped. A double fault runs on its CPU's
 * own stack (IST, cpu.c), so that a fault on a broken stack still panics
 * instead of resetting the machine. Vectors 32..255 are interrupts,
 * handed to irq_handle() by boot/exceptions.S.
 */
#include <asm/cpu.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <hal/paging.h>
#include <vireo/log.h>

#define NR_VECTORS 256
#define NR_EXCEPTIONS 32
#define GATE_INTERRUPT 0x8e	/* present, DPL 0, 64-bit interrupt gate */

#define VEC_DOUBLE_FAULT 8
#define VEC_PAGE_FAULT 14

/* #PF error code */
#define PF_PRESENT (1 << 0)	/* else: not present */
#define PF_WRITE (1 << 1)
#define PF_USER (1 << 2)
#define PF_RSVD (1 << 3)	/* a reserved bit set in an entry */
#define PF_FETCH (1 << 4)
#define PF_PK (1 << 5)
#define PF_SS (1 << 6)

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

extern const uint64_t x86_vector_stubs[NR_VECTORS];

void x86_trap_init(void);
void x86_exception(struct trap_frame *tf);

static struct idt_gate idt[NR_VECTORS] __aligned(16);

static const char *const exception_names[NR_EXCEPTIONS] = {
	[0] = "#DE", [1] = "#DB", [2] = "NMI", [3] = "#BP",
	[4] = "#OF", [5] = "#BR", [6] = "#UD", [7] = "#NM",
	[8] = "#DF", [10] = "#TS", [11] = "#NP", [12] = "#SS",
	[13] = "#GP", [14] = "#PF", [16] = "#MF", [17] = "#AC",
	[18] = "#MC", [19] = "#XM", [20] = "#VE", [21] = "#CP",
	[28] = "#HV", [29] = "#VC", [30] = "#SX",
};

void x86_idt_load(void)
{
	struct idt_ptr ptr = {
		.limit = sizeof(idt) - 1,
		.base = (uint64_t)idt,
	};

	__asm__ volatile("lidt %0" : : "m"(ptr));
}

/* From boot/head.S, on the boot CPU: its tables, then the IDT. */
void x86_trap_init(void)
{
	for (unsigned int i = 0; i < NR_VECTORS; i++) {
		uint64_t addr = x86_vector_stubs[i];

		idt[i] = (struct idt_gate){
			.offset_low = (uint16_t)addr,
			.selector = KERNEL_CS,
			.type = GATE_INTERRUPT,
			.offset_mid = (uint16_t)(addr >> 16),
			.offset_high = (uint32_t)(addr >> 32),
		};
	}
	idt[VEC_DOUBLE_FAULT].ist = X86_IST_DOUBLE_FAULT;
	x86_boot_cpu_tables_init();
	x86_idt_load();
}

static __noreturn void page_fault(const struct trap_frame *tf)
{
	uint64_t err = tf->error_code, cr2 = read_cr2();
	const char *access, *why;

	if (err & PF_FETCH)
		access = "execute at";
	else
		access = err & PF_WRITE ? "write to" : "read from";
	if (!(err & PF_PRESENT))
		why = "not present";
	else if (err & PF_RSVD)
		why = "reserved bit set in a table entry";
	else if (err & PF_PK)
		why = "protection key";
	else if (err & PF_SS)
		why = "shadow stack";
	else
		why = "protection fault";
	panic("%s %#lx (%s): %s, error %#lx RIP %#lx RSP %#lx", access,
	      (unsigned long)cr2, hal_describe_address(cr2), why,
	      (unsigned long)err, (unsigned long)tf->rip,
	      (unsigned long)tf->rsp);
}

void x86_exception(struct trap_frame *tf)
{
	const char *name = exception_names[tf->vector & (NR_EXCEPTIONS - 1)];

	if (tf->vector == VEC_PAGE_FAULT)
		page_fault(tf);
	/* Usually a fault while pushing an exception frame: a bad stack. */
	if (tf->vector == VEC_DOUBLE_FAULT)
		panic("double fault: RIP %#lx RSP %#lx CR2 %#lx (%s)",
		      (unsigned long)tf->rip, (unsigned long)tf->rsp,
		      (unsigned long)read_cr2(),
		      hal_describe_address(read_cr2()));
	panic("unexpected exception %lu (%s): error %#lx RIP %#lx CR2 %#lx RSP %#lx",
	      (unsigned long)tf->vector, name ? name : "reserved",
	      (unsigned long)tf->error_code, (unsigned long)tf->rip,
	      (unsigned long)read_cr2(), (unsigned long)tf->rsp);
}
