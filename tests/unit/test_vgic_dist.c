// SPDX-License-Identifier: MIT
/*
 * arch/aarch64/virt/vgic_dist.c: the emulated GICv2 distributor, driven
 * by the accesses a guest's GIC driver makes. Offsets and field layouts
 * are ARM IHI 0048B's (table 4-1 and section 4.3): CTLR 0x000, TYPER
 * 0x004 (ITLinesNumber [4:0], CPUNumber [7:5]), IIDR 0x008, ISENABLER
 * 0x100, ICENABLER 0x180, ISPENDR 0x200, ICPENDR 0x280, ISACTIVER 0x300,
 * ICACTIVER 0x380, IPRIORITYR 0x400, ITARGETSR 0x800, ICFGR 0xc00, SGIR
 * 0xf00 (TargetListFilter [25:24], CPUTargetList [23:16], SGIINTID
 * [3:0]), CPENDSGIR 0xf10, SPENDSGIR 0xf20, ICPIDR2 0xfe8 (ArchRev
 * [7:4] = 2 for GICv2), CIDR0-3 0xff0-0xffc (0x0d 0xf0 0x05 0xb1).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <asm/vgic.h>

static struct vgic_dist d;

static uint64_t rd(unsigned int vcpu, uint64_t off, unsigned int width)
{
	uint64_t v = 0xdeadbeef;

	assert_null(vgic_dist_read(&d, vcpu, off, width, &v));
	return v;
}

static void wr(unsigned int vcpu, uint64_t off, unsigned int width,
	       uint64_t v)
{
	assert_null(vgic_dist_write(&d, vcpu, off, width, v));
}

static void test_identification(void **state)
{
	vgic_dist_init(&d, 4);
	/* 64 interrupts: ITLinesNumber 1; four CPUs: CPUNumber 3 */
	assert_int_equal(rd(0, 0x004, 4) & 0x1f, 1);
	assert_int_equal((rd(0, 0x004, 4) >> 5) & 7, 3);
	assert_int_equal(rd(0, 0x008, 4) & 0xfff, 0x43b);
	assert_int_equal((rd(0, 0xfe8, 4) >> 4) & 0xf, 2);
	assert_int_equal(rd(0, 0xff0, 4), 0x0d);
	assert_int_equal(rd(0, 0xff4, 4), 0xf0);
	assert_int_equal(rd(0, 0xff8, 4), 0x05);
	assert_int_equal(rd(0, 0xffc, 4), 0xb1);
	vgic_dist_init(&d, 1);
	assert_int_equal((rd(0, 0x004, 4) >> 5) & 7, 0);
}

static void test_ctlr(void **state)
{
	vgic_dist_init(&d, 2);
	assert_int_equal(rd(0, 0x000, 4), 0);
	wr(0, 0x000, 4, 1);
	assert_int_equal(rd(1, 0x000, 4), 1);
	wr(1, 0x000, 4, 0);
	assert_int_equal(rd(0, 0x000, 4), 0);
}

/* Set/clear pairs: a 1 acts, a 0 does nothing; both read the state. */
static void test_enable_pending_active(void **state)
{
	vgic_dist_init(&d, 2);
	wr(0, 0x104, 4, 0x5);			/* enable SPIs 32, 34 */
	assert_int_equal(rd(0, 0x104, 4), 0x5);
	assert_int_equal(rd(1, 0x184, 4), 0x5);	/* shared: any CPU */
	wr(0, 0x184, 4, 0x1);			/* disable 32 */
	assert_int_equal(rd(0, 0x104, 4), 0x4);
	wr(0, 0x204, 4, 0x80000000);		/* pend SPI 63 */
	assert_int_equal(rd(0, 0x284, 4), 0x80000000);
	wr(0, 0x284, 4, 0x80000000);
	assert_int_equal(rd(0, 0x204, 4), 0);
	wr(0, 0x304, 4, 0x2);			/* active 33 */
	assert_int_equal(rd(0, 0x384, 4), 0x2);
	wr(0, 0x384, 4, 0x2);
	assert_int_equal(rd(0, 0x304, 4), 0);
	/* PPIs are banked: vCPU 1 enables its PPI 27 (bit 27 of word 0) */
	wr(1, 0x100, 4, 1u << 27);
	assert_int_equal(rd(1, 0x100, 4) & 0xffff0000, 1u << 27);
	assert_int_equal(rd(0, 0x100, 4) & 0xffff0000, 0);
	/* beyond ITLinesNumber: RAZ/WI */
	wr(0, 0x108, 4, ~0u);
	assert_int_equal(rd(0, 0x108, 4), 0);
}

static void test_priority_bytes_and_words(void **state)
{
	vgic_dist_init(&d, 2);
	wr(0, 0x400 + 40, 1, 0xa0);
	assert_int_equal(rd(0, 0x400 + 40, 1), 0xa0);
	assert_int_equal(rd(1, 0x400 + 40, 4), 0xa0);	/* shared SPI */
	wr(0, 0x400 + 44, 4, 0x80604020);
	assert_int_equal(rd(0, 0x400 + 45, 1), 0x40);
	assert_int_equal(rd(0, 0x400 + 47, 1), 0x80);
	/* implemented bits: the low ones RAZ/WI (5 bits here) */
	wr(0, 0x400 + 27, 1, 0xff);
	assert_int_equal(rd(0, 0x400 + 27, 1) | 0x07, 0xff);
	assert_int_not_equal(rd(0, 0x400 + 27, 1), 0);
	assert_int_equal(rd(1, 0x400 + 27, 1), 0);	/* banked PPI */
}

static void test_targets(void **state)
{
	vgic_dist_init(&d, 2);
	/* SGI/PPI targets are read-only: the reading CPU's bit */
	assert_int_equal(rd(0, 0x800, 4), 0x01010101);
	assert_int_equal(rd(1, 0x81c, 4), 0x02020202);
	wr(0, 0x800, 4, 0x02020202);
	assert_int_equal(rd(0, 0x800, 4), 0x01010101);
	wr(0, 0x800 + 32, 1, 0x02);
	assert_int_equal(rd(1, 0x800 + 32, 1), 0x02);
	/* uniprocessor: RAZ/WI */
	vgic_dist_init(&d, 1);
	wr(0, 0x800 + 32, 1, 0x01);
	assert_int_equal(rd(0, 0x800 + 32, 4), 0);
	assert_int_equal(rd(0, 0x800, 4), 0);
}

static void test_config(void **state)
{
	vgic_dist_init(&d, 2);
	/* SGIs: edge-triggered, read-only (each field 0b10) */
	assert_int_equal(rd(0, 0xc00, 4), 0xaaaaaaaa);
	wr(0, 0xc00, 4, 0);
	assert_int_equal(rd(0, 0xc00, 4), 0xaaaaaaaa);
	/* SPI 33 edge: field 1 of ICFGR2, int_config[1] is bit 3 */
	wr(0, 0xc08, 4, 0x8);
	assert_int_equal(rd(0, 0xc08, 4), 0x8);
}

static void test_sgi(void **state)
{
	vgic_dist_init(&d, 3);
	wr(0, 0x000, 4, 1);
	/* SGI 5 from vCPU 0 to the list {1} */
	wr(0, 0xf00, 4, 0u << 24 | 0x02 << 16 | 5);
	assert_int_equal(rd(1, 0xf20 + 5, 1), 0x01);	/* source CPU 0 */
	assert_int_equal(rd(0, 0xf24, 4), 0);
	assert_int_equal(rd(2, 0xf24, 4), 0);
	assert_true(vgic_deliverable(&d, 1, 5));
	assert_int_equal(rd(1, 0x200, 4) & 0xffff, 1u << 5);	/* ISPENDR0 */
	/* all but self, from vCPU 2: SGI 1 pending on 0 and 1 */
	wr(2, 0xf00, 4, 1u << 24 | 1);
	assert_int_equal(rd(0, 0xf10, 4) & 0xff00, 0x0400);
	assert_int_equal(rd(1, 0xf10, 4) & 0xff00, 0x0400);
	assert_int_equal(rd(2, 0xf10, 4), 0);
	/* self only, from vCPU 1: SGI 15 */
	wr(1, 0xf00, 4, 2u << 24 | 0xff << 16 | 15);
	assert_int_equal(rd(1, 0xf2c, 4) >> 24, 0x02);
	assert_int_equal(rd(0, 0xf2c, 4), 0);
	/* CPENDSGIR clears a source, SPENDSGIR sets one */
	wr(1, 0xf15, 1, 0x01);
	assert_false(vgic_deliverable(&d, 1, 5));
	wr(0, 0xf27, 1, 0x04);
	assert_int_equal(rd(0, 0xf24, 4) >> 24, 0x04);
	/* SGIs are always enabled; ISPENDR cannot pend one */
	assert_int_equal(rd(0, 0x100, 4) & 0xffff, 0xffff);
	wr(0, 0x180, 4, 0xffff);
	assert_int_equal(rd(0, 0x100, 4) & 0xffff, 0xffff);
	wr(2, 0x200, 4, 1u << 3);
	assert_int_equal(rd(2, 0x200, 4), 0);
}

static void test_delivery(void **state)
{
	vgic_dist_init(&d, 2);
	wr(0, 0x204, 4, 1u << 8);		/* SPI 40 pending */
	assert_false(vgic_deliverable(&d, 0, 40));	/* disabled */
	wr(0, 0x104, 4, 1u << 8);
	assert_false(vgic_deliverable(&d, 0, 40));	/* GICD off */
	wr(0, 0x000, 4, 1);
	assert_false(vgic_deliverable(&d, 0, 40));	/* no target */
	wr(0, 0x800 + 40, 1, 0x01);
	assert_true(vgic_deliverable(&d, 0, 40));
	assert_false(vgic_deliverable(&d, 1, 40));
	/* the highest priority (lowest value) first, then the lowest INTID */
	wr(0, 0x104, 4, 1u << 9 | 1u << 10);
	wr(0, 0x204, 4, 1u << 9 | 1u << 10);
	wr(0, 0x800 + 40, 4, 0x01010101);
	wr(0, 0x400 + 40, 4, 0x00406080);
	assert_int_equal(vgic_next(&d, 0), 42);	/* 0x40 */
	assert_int_equal(vgic_next(&d, 1), VGIC_SPURIOUS);
	/* and whether there is another one after it */
	{
		bool more;

		assert_int_equal(vgic_next_more(&d, 0, &more), 42);
		assert_true(more);
		vgic_irq(&d, 0, 42)->in_lr = true;	/* loaded */
		vgic_irq(&d, 0, 41)->in_lr = true;
		assert_int_equal(vgic_next_more(&d, 0, &more), 40);
		assert_false(more);
		vgic_irq(&d, 0, 42)->in_lr = vgic_irq(&d, 0, 41)->in_lr = false;
	}
	/* a level line: pending while high, ICPENDR cannot clear it */
	wr(0, 0x100, 4, 1u << 27);
	assert_int_equal(vgic_set_line(&d, 0, 27, true), 0);
	assert_true(vgic_deliverable(&d, 0, 27));
	wr(0, 0x280, 4, 1u << 27);
	assert_true(vgic_deliverable(&d, 0, 27));
	assert_int_equal(vgic_set_line(&d, 0, 27, false), 0);
	assert_false(vgic_deliverable(&d, 0, 27));
	/* an edge line latches its rise */
	wr(0, 0xc0c, 4, 2u << 2 * (50 - 48));
	wr(0, 0x104, 4, 1u << 18);
	wr(0, 0x800 + 50, 1, 0x02);
	vgic_set_line(&d, 1, 50, true);
	vgic_set_line(&d, 1, 50, false);
	assert_true(vgic_deliverable(&d, 1, 50));
	assert_int_equal(vgic_set_line(&d, 0, 3, true), -22);	/* an SGI */
	assert_int_equal(vgic_set_line(&d, 0, 64, true), -22);
}

static void test_bad_accesses(void **state)
{
	uint64_t v;

	vgic_dist_init(&d, 2);
	assert_non_null(vgic_dist_read(&d, 0, 0x004, 1, &v));	/* TYPER */
	assert_non_null(vgic_dist_write(&d, 0, 0x100, 2, 1));
	assert_non_null(vgic_dist_read(&d, 0, 0x400, 8, &v));
	assert_non_null(vgic_dist_read(&d, 0, 0x402, 4, &v));
	assert_non_null(vgic_dist_read(&d, 0, 0x10000, 4, &v));
	assert_null(vgic_dist_read(&d, 0, 0x401, 1, &v));
	/* reserved and IGROUPR: RAZ/WI */
	wr(0, 0x080, 4, ~0u);
	assert_int_equal(rd(0, 0x080, 4), 0);
	assert_int_equal(rd(0, 0xd00, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identification),
		cmocka_unit_test(test_ctlr),
		cmocka_unit_test(test_enable_pending_active),
		cmocka_unit_test(test_priority_bytes_and_words),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_sgi),
		cmocka_unit_test(test_delivery),
		cmocka_unit_test(test_bad_accesses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
