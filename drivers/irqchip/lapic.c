// SPDX-License-Identifier: MIT
/*
 * The x86 local APIC ("intel,ce4100-lapic", Linux's name for it): every
 * CPU's own interrupt controller, and the root one on x86. It takes IPIs,
 * ends interrupts, and serves the arch (its INIT and start-up IPIs), the
 * I/O APIC and the APIC timer through <asm/apic.h>, where its registers
 * are defined.
 *
 * x2APIC mode (the registers as MSRs 0x800 + offset / 16) where
 * CPUID.1:ECX[21] offers it, else xAPIC mode (MMIO at the DT's reg).
 * QEMU's TCG has no x2APIC; KVM and Bochs' Skylake-X have.
 *
 * Interrupt numbers are IDT vectors (nr_irqs 256). The CPU knows which
 * vector it took, so the arch calls irq_handle() and ack() has nothing
 * to find. The vectors the APIC raises itself are in <asm/apic.h>.
 */
#include <asm/apic.h>
#include <asm/cpuid.h>
#include <asm/msr.h>
#include <hal/cpu.h>
#include <hal/driver.h>
#include <hal/irq.h>
#include <vireo/errno.h>
#include <vireo/io.h>
#include <vireo/log.h>

#ifndef ICR_WAIT_SPINS
#define ICR_WAIT_SPINS 1000000	/* reads of a busy ICR before giving up */
#endif

/* The 8259 PICs' mask registers (PC platform): they feed LINT0. */
#define PIC_MASTER_IMR 0x21
#define PIC_SLAVE_IMR 0xa1

static bool x2apic;
static uintptr_t mmio;	/* xAPIC registers */
static bool probed;

static uint32_t apic_read(unsigned int reg)
{
	if (x2apic)
		return (uint32_t)rdmsr(X2APIC_MSR(reg));
	return readl(mmio + reg);
}

static void apic_write(unsigned int reg, uint32_t val)
{
	if (x2apic)
		wrmsr(X2APIC_MSR(reg), val);
	else
		writel(val, mmio + reg);
}

bool lapic_ready(void)
{
	return probed;
}

uint32_t lapic_id(void)
{
	uint32_t id = apic_read(APIC_ID);

	return x2apic ? id : id >> 24;
}

void lapic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/* xAPIC: wait until the local APIC has accepted the last ICR command. */
static int icr_wait(void)
{
	for (int i = 0; i < ICR_WAIT_SPINS; i++)
		if (!(readl(mmio + APIC_ICR) & APIC_ICR_BUSY))
			return 0;
	return -EIO;
}

int lapic_send_icr(unsigned long dest, uint32_t low)
{
	unsigned long flags;
	int err;

	if (x2apic) {
		if (dest > UINT32_MAX)
			return -ERANGE;
		/* An MSR write does not wait for earlier stores: the IPI
		 * must not overtake the data it announces. */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		wrmsr(X2APIC_MSR(APIC_ICR), (uint64_t)dest << 32 | low);
		return 0;
	}
	if (dest > XAPIC_MAX_ID)
		return -ERANGE;
	/* The two halves and the wait belong together on this CPU. */
	flags = irq_local_save();
	err = icr_wait();
	if (!err) {
		writel((uint32_t)dest << XAPIC_DEST_SHIFT, mmio + APIC_ICR_HIGH);
		writel(low, mmio + APIC_ICR);
		err = icr_wait();
	}
	irq_local_restore(flags);
	return err;
}

static void lapic_cpu_init(unsigned int cpu)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
	uint64_t want = base | APIC_BASE_ENABLE;

	if (!x2apic)
		want = (want & ~APIC_BASE_ADDR) | mmio;	/* where the DT says */
	/* x2APIC mode is entered from xAPIC mode only. */
	if (want != base)
		wrmsr(MSR_IA32_APIC_BASE, want);
	if (x2apic && !(want & APIC_BASE_EXTD))
		wrmsr(MSR_IA32_APIC_BASE, want | APIC_BASE_EXTD);
	apic_write(APIC_TPR, 0);	/* take every priority */
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | LAPIC_VECTOR_TIMER);
	/* The 8259's virtual-wire input (ExtINT), which the BIOS left on. */
	apic_write(APIC_LVT_LINT0, apic_read(APIC_LVT_LINT0) | APIC_LVT_MASKED);
	apic_write(APIC_ESR, 0);	/* clear latched errors */
	apic_write(APIC_SVR, APIC_SVR_ENABLE | LAPIC_VECTOR_SPURIOUS);
}

/* Only the timer's vector can be masked here (its LVT entry); an IPI
 * cannot, and devices are masked at their I/O APIC pin. */
static void lapic_enable(unsigned int irq)
{
	if (irq == LAPIC_VECTOR_TIMER)
		apic_write(APIC_LVT_TIMER,
			   apic_read(APIC_LVT_TIMER) & ~APIC_LVT_MASKED);
}

static void lapic_disable(unsigned int irq)
{
	if (irq == LAPIC_VECTOR_TIMER)
		apic_write(APIC_LVT_TIMER,
			   apic_read(APIC_LVT_TIMER) | APIC_LVT_MASKED);
}

static unsigned int lapic_ack(void)
{
	return IRQ_NONE;
}

/* A spurious interrupt is not in service: it takes no EOI. */
static void lapic_eoi_irq(unsigned int irq)
{
	if (irq != LAPIC_VECTOR_SPURIOUS)
		lapic_eoi();
}

/* Its vectors are each CPU's own: they already arrive where they are. */
static int lapic_route(unsigned int irq, unsigned int cpu)
{
	return cpu == this_cpu()->id ? 0 : -EINVAL;
}

static void lapic_send_ipi(unsigned int cpu)
{
	struct cpu *c = cpu_get(cpu);
	uint32_t cmd = APIC_ICR_FIXED | APIC_ICR_ASSERT | LAPIC_VECTOR_IPI;
	int err = c ? lapic_send_icr(c->hwid, cmd) : -ENODEV;

	if (err)
		pr_err("lapic: IPI to cpu%u not sent (%s)\n", cpu,
		       errno_name(err));
}

/* One cell: the vector. */
static int lapic_xlate(const uint32_t *cells, int ncells, unsigned int *irq)
{
	if (ncells != 1 || cells[0] < 32 || cells[0] > 255)
		return -EINVAL;
	*irq = cells[0];
	return 0;
}

void lapic_timer_setup(enum lapic_timer_mode mode)
{
	uint32_t lvt = APIC_LVT_MASKED | LAPIC_VECTOR_TIMER;

	if (mode == LAPIC_TIMER_TSC_DEADLINE)
		lvt |= APIC_LVT_TIMER_TSC_DEADLINE;
	apic_write(APIC_TIMER_INITIAL, 0);	/* stopped */
	apic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIVIDE_1);
	apic_write(APIC_LVT_TIMER, lvt);
	/* An xAPIC MMIO write and a later IA32_TSC_DEADLINE write are not
	 * ordered; the SDM asks for MFENCE between them. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void lapic_timer_start(uint32_t count)
{
	apic_write(APIC_TIMER_INITIAL, count);
}

uint32_t lapic_timer_remaining(void)
{
	return apic_read(APIC_TIMER_CURRENT);
}

static void spurious(unsigned int irq, void *arg)
{
}

static struct irqchip lapic_chip = {
	.nr_irqs = 256,
	.ipi_irq = LAPIC_VECTOR_IPI,
	.cpu_init = lapic_cpu_init,
	.enable = lapic_enable,
	.disable = lapic_disable,
	.ack = lapic_ack,
	.eoi = lapic_eoi_irq,
	.route = lapic_route,
	.send_ipi = lapic_send_ipi,
	.xlate = lapic_xlate,
};

static int lapic_probe(const struct device *dev)
{
	struct cpuid_regs id = cpuid(1);

	if (!(id.edx & CPUID_1_EDX_APIC)) {
		pr_err("lapic: the CPU has no local APIC\n");
		return -ENODEV;
	}
	x2apic = id.ecx & CPUID_1_ECX_X2APIC;
	if (!x2apic && (!dev->base || dev->base & 0xfff)) {
		pr_err("lapic: xAPIC mode needs the registers' page in reg\n");
		return -EINVAL;
	}
	mmio = dev->base;
	lapic_chip.name = x2apic ? "x2apic" : "xapic";
	lapic_chip.node = dev->node;
	/* Interrupts come through the APICs: silence the legacy PICs. */
	outb(0xff, PIC_MASTER_IMR);
	outb(0xff, PIC_SLAVE_IMR);
	irqchip_register(&lapic_chip);
	irq_register(LAPIC_VECTOR_SPURIOUS, spurious, NULL);
	probed = true;
	return 0;
}

static const char *const lapic_compatible[] = { "intel,ce4100-lapic", NULL };

DRIVER(lapic, .name = "lapic", .kind = DRIVER_IRQCHIP,
       .compatible = lapic_compatible, .probe = lapic_probe);
