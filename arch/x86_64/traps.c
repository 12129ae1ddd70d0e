// SPDX-License-Identifier: MIT
/*
 * The IDT and unexpected exceptions: print the vector and stop with a
 * failure. A page fault names the access and what the address is, since
 * with the hypervisor's own tables on it usually means a write to
 * read-only text or data, or a stray pointer into nothing mapped. A
 * double fault runs on its own stack (IST), so that a fault on a broken
 * stack still panics instead of resetting the machine.
 */
#include <asm/processor.h>
#include <asm/segment.h>
#include <hal/paging.h>
#include <vireo/log.h>

#define NR_EXCEPTIONS 32
#define GATE_INTERRUPT 0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define TSS_AVAILABLE 0x89	/* present, DPL 0, available 64-bit TSS */

#define VEC_DOUBLE_FAULT 8
#define VEC_PAGE_FAULT 14
#define IST_DOUBLE_FAULT 1	/* TSS.IST1 */
#define DOUBLE_FAULT_STACK 8192	/* enough for panic() */

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

/* The 64-bit TSS: only the IST pointers are used. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

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
extern uint64_t boot_gdt[];	/* boot/head.S */

void x86_trap_init(void);
void x86_exception(struct trap_frame *tf);

static struct idt_gate idt[NR_EXCEPTIONS] __aligned(16);
static struct tss tss __aligned(16);
static uint8_t double_fault_stack[DOUBLE_FAULT_STACK] __aligned(16);

static const char *const exception_names[NR_EXCEPTIONS] = {
	[0] = "#DE", [1] = "#DB", [2] = "NMI", [3] = "#BP",
	[4] = "#OF", [5] = "#BR", [6] = "#UD", [7] = "#NM",
	[8] = "#DF", [10] = "#TS", [11] = "#NP", [12] = "#SS",
	[13] = "#GP", [14] = "#PF", [16] = "#MF", [17] = "#AC",
	[18] = "#MC", [19] = "#XM", [20] = "#VE", [21] = "#CP",
	[28] = "#HV", [29] = "#VC", [30] = "#SX",
};

/* Fill the GDT's TSS descriptor (16 bytes, head.S leaves room) and load TR. */
static void tss_init(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	tss.ist[IST_DOUBLE_FAULT - 1] =
		(uint64_t)(double_fault_stack + sizeof(double_fault_stack));
	tss.iomap_base = sizeof(tss);	/* no I/O permission bitmap */
	boot_gdt[GDT_ENTRY_TSS] = (limit & 0xffff) | (base & 0xffffff) << 16 |
				  (uint64_t)TSS_AVAILABLE << 40 |
				  (limit >> 16 & 0xf) << 48 |
				  (base >> 24 & 0xff) << 56;
	boot_gdt[GDT_ENTRY_TSS + 1] = base >> 32;
	__asm__ volatile("ltr %w0" : : "r"((uint16_t)TSS_SEL));
}

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
	idt[VEC_DOUBLE_FAULT].ist = IST_DOUBLE_FAULT;
	tss_init();
	__asm__ volatile("lidt %0" : : "m"(ptr));
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
