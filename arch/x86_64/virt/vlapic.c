// SPDX-License-Identifier: MIT
/*
 * The virtual local APIC in xAPIC mode (virt/x86.h): the register page
 * at VLAPIC_BASE, trapped, as Intel SDM vol. 3 chapter 11 lays it out
 * (table 11-1); its timer (one-shot, periodic, TSC-deadline) counting
 * at the guest's TSC rate divided as TDCR says; interrupt priority by
 * TPR and ISR class; EOI; IPIs (fixed, INIT, start-up) to the VM's
 * other local APICs, physical or flat logical destinations, shorthands.
 * Pure C: tests/unit/test_vlapic.c runs it on the host.
 */
#include "x86.h"

#define REG_ID 0x020
#define REG_VERSION 0x030
#define REG_TPR 0x080
#define REG_APR 0x090
#define REG_PPR 0x0a0
#define REG_EOI 0x0b0
#define REG_LDR 0x0d0
#define REG_DFR 0x0e0
#define REG_SVR 0x0f0
#define REG_ISR 0x100
#define REG_TMR 0x180
#define REG_IRR 0x200
#define REG_ESR 0x280
#define REG_ICR_LO 0x300
#define REG_ICR_HI 0x310
#define REG_LVT_TIMER 0x320
#define REG_LVT_ERROR 0x370
#define REG_TMICT 0x380
#define REG_TMCCT 0x390
#define REG_TDCR 0x3e0

/* version 0x14 (integrated APIC), max LVT entry 5 (six LVTs) */
#define VERSION_VALUE 0x00050014u
#define SVR_ENABLE (1u << 8)
#define LVT_MASKED (1u << 16)
#define LVT_TIMER_MODE(lvt) (((lvt) >> 17) & 3)
#define TIMER_PERIODIC 1
#define TIMER_TSC_DEADLINE 2

#define ICR_VECTOR(icr) ((icr) & 0xff)
#define ICR_MODE(icr) (((icr) >> 8) & 7)
#define ICR_LOGICAL (1u << 11)
#define ICR_ASSERT (1u << 14)
#define ICR_SHORTHAND(icr) (((icr) >> 18) & 3)
#define MODE_FIXED 0
#define MODE_LOWEST 1
#define MODE_INIT 5
#define MODE_STARTUP 6
#define SH_NONE 0
#define SH_SELF 1
#define SH_ALL 2
#define SH_OTHERS 3

static bool test_bit(const uint32_t *v, unsigned int n)
{
	return v[n / 32] >> (n % 32) & 1;
}

static void set_bit(uint32_t *v, unsigned int n)
{
	v[n / 32] |= 1u << (n % 32);
}

static void clear_bit(uint32_t *v, unsigned int n)
{
	v[n / 32] &= ~(1u << (n % 32));
}

/* The highest vector set in v, or -1. */
static int highest(const uint32_t *v)
{
	int i;

	for (i = 7; i >= 0; i--)
		if (v[i])
			return i * 32 + 31 - __builtin_clz(v[i]);
	return -1;
}

void vlapic_reset(struct vlapic *l, unsigned int id)
{
	unsigned int i;

	*l = (struct vlapic){ 0 };
	l->id = id;
	l->dfr = 0xffffffffu;
	l->svr = 0xff;
	for (i = 0; i < VLAPIC_NR_LVT; i++)
		l->lvt[i] = LVT_MASKED;
}

static uint32_t ppr(const struct vlapic *l)
{
	int isr = highest(l->isr);
	uint32_t isr_class = isr < 0 ? 0 : (uint32_t)isr & 0xf0;

	return (l->tpr & 0xf0) >= isr_class ? l->tpr & 0xff : isr_class;
}

int vlapic_pending(const struct vlapic *l)
{
	int irr = highest(l->irr);

	if (!(l->svr & SVR_ENABLE) || irr < 16)
		return -1;
	return ((uint32_t)irr & 0xf0) > (ppr(l) & 0xf0) ? irr : -1;
}

void vlapic_accept(struct vlapic *l, uint8_t vector)
{
	clear_bit(l->irr, vector);
	set_bit(l->isr, vector);
}

void vlapic_set_line(struct vlapic *l, uint8_t vector, bool level)
{
	if (level) {
		set_bit(l->line, vector);
		set_bit(l->tmr, vector);
		if (!test_bit(l->isr, vector))
			set_bit(l->irr, vector);
	} else {
		clear_bit(l->line, vector);
		clear_bit(l->irr, vector);	/* it fell before it was taken */
	}
}

/* End the highest interrupt in service; a level line still up is
 * pending again. */
static void eoi(struct vlapic *l)
{
	int v = highest(l->isr);

	if (v < 0)
		return;
	clear_bit(l->isr, (unsigned int)v);
	if (test_bit(l->line, (unsigned int)v))
		set_bit(l->irr, (unsigned int)v);
	else
		clear_bit(l->tmr, (unsigned int)v);
}

/* ---- the timer ---- */

static uint64_t divider(const struct vlapic *l)
{
	uint32_t d = ((l->tdcr & 8) >> 1) | (l->tdcr & 3);

	return d == 7 ? 1 : 2ULL << d;
}

static uint32_t timer_lvt(const struct vlapic *l)
{
	return l->lvt[0];
}

static void fire(struct vlapic *l)
{
	if (!(timer_lvt(l) & LVT_MASKED))
		set_bit(l->irr, ICR_VECTOR(timer_lvt(l)));
}

void vlapic_timer_update(struct vlapic *l, uint64_t now)
{
	uint64_t period;

	if (LVT_TIMER_MODE(timer_lvt(l)) == TIMER_TSC_DEADLINE) {
		if (l->tsc_deadline && now >= l->tsc_deadline) {
			l->tsc_deadline = 0;
			fire(l);
		}
		return;
	}
	if (!l->timer_expiry || now < l->timer_expiry)
		return;
	fire(l);
	period = (uint64_t)l->tmict * divider(l);
	if (LVT_TIMER_MODE(timer_lvt(l)) != TIMER_PERIODIC || !period) {
		l->timer_expiry = 0;
		return;
	}
	/* periods missed while the vCPU did not run count once */
	l->timer_start = l->timer_expiry;
	l->timer_start += (now - l->timer_start) / period * period;
	l->timer_expiry = l->timer_start + period;
}

uint64_t vlapic_timer_next(const struct vlapic *l)
{
	if (timer_lvt(l) & LVT_MASKED)
		return 0;
	if (LVT_TIMER_MODE(timer_lvt(l)) == TIMER_TSC_DEADLINE)
		return l->tsc_deadline;
	return l->timer_expiry;
}

void vlapic_set_tsc_deadline(struct vlapic *l, uint64_t deadline,
			     uint64_t now)
{
	/* ignored outside TSC-deadline mode (SDM 11.5.4.1) */
	if (LVT_TIMER_MODE(timer_lvt(l)) != TIMER_TSC_DEADLINE)
		return;
	l->tsc_deadline = deadline;
	vlapic_timer_update(l, now);
}

static uint32_t current_count(const struct vlapic *l, uint64_t now)
{
	uint64_t elapsed;

	if (!l->timer_expiry || now >= l->timer_expiry ||
	    LVT_TIMER_MODE(timer_lvt(l)) == TIMER_TSC_DEADLINE)
		return 0;
	elapsed = (now - l->timer_start) / divider(l);
	return elapsed >= l->tmict ? 0 : l->tmict - (uint32_t)elapsed;
}

static void timer_start(struct vlapic *l, uint64_t now)
{
	l->timer_start = now;
	l->timer_expiry = l->tmict ? now + (uint64_t)l->tmict * divider(l) : 0;
}

/* ---- IPIs ---- */

static bool is_target(const struct vlapic *t, uint32_t icr, uint32_t dest)
{
	if (icr & ICR_LOGICAL)		/* flat model: bit per APIC */
		return (t->ldr >> 24) & dest;
	return dest == 0xff || dest == t->id;
}

static void deliver(struct vlapic *t, unsigned int n, uint32_t icr,
		    struct vlapic_action *act)
{
	switch (ICR_MODE(icr)) {
	case MODE_FIXED:
	case MODE_LOWEST:
		if (t && ICR_VECTOR(icr) >= 16) {
			set_bit(t->irr, ICR_VECTOR(icr));
			act->kick |= 1u << n;
		}
		break;
	case MODE_STARTUP:
		act->start |= 1u << n;
		act->vector = (uint8_t)ICR_VECTOR(icr);
		break;
	case MODE_INIT:		/* a vCPU not started waits for its SIPI */
		break;
	}
}

static void send_ipi(struct vlapic *l, uint32_t icr, struct vlapic *const *peers,
		     unsigned int nr, struct vlapic_action *act)
{
	uint32_t dest = l->icr_hi >> 24;
	unsigned int sh = ICR_SHORTHAND(icr), n;

	if (ICR_MODE(icr) == MODE_INIT && !(icr & ICR_ASSERT))
		return;		/* INIT level de-assert: nothing */
	for (n = 0; n < nr; n++) {
		struct vlapic *t = n == l->id ? l : peers[n];
		bool self = n == l->id;
		bool hit = sh == SH_SELF ? self : sh == SH_ALL ? true :
			   sh == SH_OTHERS ? !self :
			   t ? is_target(t, icr, dest) :
			   !(icr & ICR_LOGICAL) && (dest == n || dest == 0xff);

		if (hit)
			deliver(t, n, icr, act);
	}
}

/* ---- the register page ---- */

static const char *check(uint64_t off, unsigned int width)
{
	if (width != 4 || (off & 0xf))
		return "local APIC access not 32-bit aligned at 16 bytes";
	return NULL;
}

const char *vlapic_read(struct vlapic *l, uint64_t off, unsigned int width,
			uint64_t now, uint64_t *value)
{
	const char *why = check(off, width);
	uint32_t v = 0;

	if (why)
		return why;
	if (off >= REG_ISR && off < REG_ISR + 0x80)
		v = l->isr[(off - REG_ISR) / 16];
	else if (off >= REG_TMR && off < REG_TMR + 0x80)
		v = l->tmr[(off - REG_TMR) / 16];
	else if (off >= REG_IRR && off < REG_IRR + 0x80)
		v = l->irr[(off - REG_IRR) / 16];
	else if (off >= REG_LVT_TIMER && off <= REG_LVT_ERROR)
		v = l->lvt[(off - REG_LVT_TIMER) / 16];
	else
		switch (off) {
		case REG_ID: v = l->id << 24; break;
		case REG_VERSION: v = VERSION_VALUE; break;
		case REG_TPR: v = l->tpr; break;
		case REG_APR: v = 0; break;
		case REG_PPR: v = ppr(l); break;
		case REG_LDR: v = l->ldr; break;
		case REG_DFR: v = l->dfr; break;
		case REG_SVR: v = l->svr; break;
		case REG_ESR: v = l->esr; break;
		case REG_ICR_LO: v = l->icr_lo; break;	/* delivery idle */
		case REG_ICR_HI: v = l->icr_hi; break;
		case REG_TMICT: v = l->tmict; break;
		case REG_TMCCT: v = current_count(l, now); break;
		case REG_TDCR: v = l->tdcr; break;
		case REG_EOI: v = 0; break;
		default: return "no local APIC register there";
		}
	*value = v;
	return NULL;
}

/* Writable bits of each LVT: vector, delivery mode, mask (+ timer mode,
 * LINT trigger/polarity). */
static uint32_t lvt_mask(unsigned int i)
{
	if (i == 0)
		return 0x000700ffu;	/* timer: mode 18:17, mask, vector */
	if (i == 3 || i == 4)
		return 0x0001a7ffu;	/* LINT0/1 */
	return 0x000107ffu;
}

const char *vlapic_write(struct vlapic *l, uint64_t off, unsigned int width,
			 uint64_t value, uint64_t now, struct vlapic *const *peers,
			 unsigned int nr, struct vlapic_action *act)
{
	const char *why = check(off, width);
	uint32_t v = (uint32_t)value;

	if (why)
		return why;
	if (off >= REG_LVT_TIMER && off <= REG_LVT_ERROR) {
		unsigned int i = (unsigned int)(off - REG_LVT_TIMER) / 16;
		uint32_t old = l->lvt[i];

		if (!(l->svr & SVR_ENABLE))
			v |= LVT_MASKED;	/* SDM 11.4.7.2 */
		l->lvt[i] = v & lvt_mask(i);
		if (i == 0 && LVT_TIMER_MODE(old) != LVT_TIMER_MODE(l->lvt[0])) {
			l->timer_expiry = 0;	/* a mode change stops it */
			l->tsc_deadline = 0;
		}
		return NULL;
	}
	switch (off) {
	case REG_TPR: l->tpr = v & 0xff; break;
	case REG_EOI: eoi(l); break;
	case REG_LDR: l->ldr = v & 0xff000000u; break;
	case REG_DFR: l->dfr = v | 0x0fffffffu; break;
	case REG_SVR:
		l->svr = v & 0x3ff;
		if (!(v & SVR_ENABLE)) {
			unsigned int i;

			for (i = 0; i < VLAPIC_NR_LVT; i++)
				l->lvt[i] |= LVT_MASKED;
		}
		break;
	case REG_ESR: l->esr = 0; break;
	case REG_ICR_HI: l->icr_hi = v & 0xff000000u; break;
	case REG_ICR_LO:
		l->icr_lo = v & ~(1u << 12);
		send_ipi(l, v, peers, nr, act);
		break;
	case REG_TMICT:
		if (LVT_TIMER_MODE(timer_lvt(l)) == TIMER_TSC_DEADLINE)
			break;		/* ignored in TSC-deadline mode */
		l->tmict = v;
		timer_start(l, now);
		break;
	case REG_TDCR: l->tdcr = v & 0xb; break;
	case REG_ID:			/* read-only here, as on many CPUs */
	case REG_VERSION: case REG_PPR: case REG_APR: case REG_TMCCT:
		break;
	default:
		if (off >= REG_ISR && off < REG_IRR + 0x80)
			break;		/* read-only */
		return "no local APIC register there";
	}
	return NULL;
}
