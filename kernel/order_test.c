// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite evblade_order: overlapping writes to one backing start in
 * arrival order, and nothing else waits.  Built into evblade.ko only with
 * EVBLADE_KUNIT=1.
 */
#include <kunit/test.h>

#include "order.h"

struct order_fixture {
	struct evb_order o;
	struct evb_order_ent e[4];
};

static struct order_fixture *fixture(struct kunit *test)
{
	struct order_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	evb_order_init(&f->o);
	return f;
}

/* The entries evb_order_del() handed back, in order, as a bit per index. */
static unsigned int del(struct order_fixture *f, int i)
{
	struct evb_order_ent *w, *tmp;
	unsigned int ran = 0;
	LIST_HEAD(run);

	evb_order_del(&f->o, &f->e[i], &run);
	list_for_each_entry_safe(w, tmp, &run, run) {
		list_del(&w->run);
		ran |= 1u << (w - f->e);
	}
	return ran;
}

static void order_disjoint_never_wait(struct kunit *test)
{
	struct order_fixture *f = fixture(test);

	evb_order_add(&f->o, &f->e[0], 0, 8);
	evb_order_add(&f->o, &f->e[1], 8, 8);	/* adjacent, not overlapping */
	evb_order_add(&f->o, &f->e[2], 100, 1);
	KUNIT_EXPECT_TRUE(test, evb_order_ready(&f->o, &f->e[2]));
	KUNIT_EXPECT_TRUE(test, evb_order_ready(&f->o, &f->e[1]));
	KUNIT_EXPECT_TRUE(test, evb_order_ready(&f->o, &f->e[0]));
	KUNIT_EXPECT_EQ(test, del(f, 1), 0u);
	KUNIT_EXPECT_EQ(test, del(f, 0), 0u);
	KUNIT_EXPECT_EQ(test, del(f, 2), 0u);
	KUNIT_EXPECT_TRUE(test, list_empty(&f->o.writes));
	KUNIT_EXPECT_FALSE(test, f->e[0].linked);
}

/* The late retransmission: A stuck, A' and B wait for it, in turn. */
static void order_overlap_in_arrival_order(struct kunit *test)
{
	struct order_fixture *f = fixture(test);

	evb_order_add(&f->o, &f->e[0], 16, 8);	/* A */
	evb_order_add(&f->o, &f->e[1], 16, 8);	/* A', its retransmission */
	evb_order_add(&f->o, &f->e[2], 20, 1);	/* B, inside both */
	KUNIT_EXPECT_FALSE(test, evb_order_ready(&f->o, &f->e[2]));
	KUNIT_EXPECT_FALSE(test, evb_order_ready(&f->o, &f->e[1]));
	KUNIT_EXPECT_TRUE(test, evb_order_ready(&f->o, &f->e[0]));
	KUNIT_EXPECT_EQ(test, del(f, 0), 1u << 1);	/* A' starts, B still waits */
	KUNIT_EXPECT_TRUE(test, f->e[1].started);
	KUNIT_EXPECT_FALSE(test, f->e[2].started);
	KUNIT_EXPECT_EQ(test, del(f, 1), 1u << 2);
	KUNIT_EXPECT_TRUE(test, f->e[2].started);
	KUNIT_EXPECT_EQ(test, del(f, 2), 0u);
	KUNIT_EXPECT_TRUE(test, list_empty(&f->o.writes));
}

/* A blocker leaving before the waiter's data is ready: the waiter starts itself. */
static void order_unblocked_before_ready(struct kunit *test)
{
	struct order_fixture *f = fixture(test);

	evb_order_add(&f->o, &f->e[0], 0, 255);
	evb_order_add(&f->o, &f->e[1], 254, 2);
	KUNIT_EXPECT_TRUE(test, evb_order_ready(&f->o, &f->e[0]));
	KUNIT_EXPECT_EQ(test, del(f, 0), 0u);
	KUNIT_EXPECT_FALSE(test, f->e[1].started);
	KUNIT_EXPECT_TRUE(test, evb_order_ready(&f->o, &f->e[1]));
	KUNIT_EXPECT_EQ(test, del(f, 1), 0u);
}

/* A write dropped before it started still releases those behind it. */
static void order_dropped_write(struct kunit *test)
{
	struct order_fixture *f = fixture(test);

	evb_order_add(&f->o, &f->e[0], 0, 8);	/* running */
	evb_order_add(&f->o, &f->e[1], 4, 8);	/* dropped: no memory */
	evb_order_add(&f->o, &f->e[2], 0, 16);	/* waits for both */
	evb_order_add(&f->o, &f->e[3], 10, 4);	/* waits for 1 and 2, not 0 */
	KUNIT_EXPECT_TRUE(test, evb_order_ready(&f->o, &f->e[0]));
	KUNIT_EXPECT_FALSE(test, evb_order_ready(&f->o, &f->e[2]));
	KUNIT_EXPECT_FALSE(test, evb_order_ready(&f->o, &f->e[3]));
	KUNIT_EXPECT_EQ(test, f->e[2].blockers, 2u);
	KUNIT_EXPECT_EQ(test, f->e[3].blockers, 2u);
	KUNIT_EXPECT_EQ(test, del(f, 1), 0u);
	KUNIT_EXPECT_EQ(test, del(f, 0), 1u << 2);
	KUNIT_EXPECT_FALSE(test, f->e[3].started);
	KUNIT_EXPECT_EQ(test, del(f, 2), 1u << 3);
	KUNIT_EXPECT_EQ(test, del(f, 3), 0u);
	KUNIT_EXPECT_TRUE(test, list_empty(&f->o.writes));
}

/* Sector ranges at the top of LBA48 do not wrap into overlaps. */
static void order_high_lba(struct kunit *test)
{
	struct order_fixture *f = fixture(test);
	u64 top = (1ULL << 48) - 255;

	evb_order_add(&f->o, &f->e[0], top, 255);
	evb_order_add(&f->o, &f->e[1], 0, 255);
	evb_order_add(&f->o, &f->e[2], top + 254, 1);
	KUNIT_EXPECT_TRUE(test, evb_order_ready(&f->o, &f->e[1]));
	KUNIT_EXPECT_FALSE(test, evb_order_ready(&f->o, &f->e[2]));
	KUNIT_EXPECT_TRUE(test, evb_order_ready(&f->o, &f->e[0]));
	KUNIT_EXPECT_EQ(test, del(f, 1), 0u);
	KUNIT_EXPECT_EQ(test, del(f, 0), 1u << 2);
	KUNIT_EXPECT_EQ(test, del(f, 2), 0u);
}

static struct kunit_case order_cases[] = {
	KUNIT_CASE(order_disjoint_never_wait),
	KUNIT_CASE(order_overlap_in_arrival_order),
	KUNIT_CASE(order_unblocked_before_ready),
	KUNIT_CASE(order_dropped_write),
	KUNIT_CASE(order_high_lba),
	{}
};

static struct kunit_suite order_suite = {
	.name = "evblade_order",
	.test_cases = order_cases,
};

kunit_test_suite(order_suite);
