// SPDX-License-Identifier: GPL-2.0
/* KUnit suite evblade_maclist: the MAC mask list and reservation rules. */
#include <kunit/test.h>
#include <linux/string.h>

#include "maclist.h"

static const u8 mac_a[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x0a };
static const u8 mac_b[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x0b };
static const u8 mac_c[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x0c };

static struct evb_maclist *list_of(struct kunit *test, unsigned int n,
				   const u8 (*macs)[ETH_ALEN])
{
	struct evb_maclist *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, l);
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, evb_maclist_add(l, macs[i]), 0);
	return l;
}

static void dir(struct aoe_mask_dir *d, u8 dcmd, const u8 *mac)
{
	d->res = 0;
	d->dcmd = dcmd;
	memcpy(d->mac, mac, ETH_ALEN);
}

static void maclist_basics(struct kunit *test)
{
	const u8 ab[][ETH_ALEN] = { { 0x02, 0, 0, 0, 0, 0x0a },
				    { 0x02, 0, 0, 0, 0, 0x0b } };
	struct evb_maclist *l = list_of(test, 2, ab);

	KUNIT_EXPECT_TRUE(test, evb_maclist_empty(NULL));
	KUNIT_EXPECT_FALSE(test, evb_maclist_has(NULL, mac_a));
	KUNIT_EXPECT_TRUE(test, evb_maclist_has(l, mac_a));
	KUNIT_EXPECT_FALSE(test, evb_maclist_has(l, mac_c));
	/* adding twice keeps one entry */
	KUNIT_EXPECT_EQ(test, evb_maclist_add(l, mac_a), 0);
	KUNIT_EXPECT_EQ(test, l->n, 2);
	/* deleting keeps the order of the rest; absent is a no-op */
	evb_maclist_del(l, mac_a);
	evb_maclist_del(l, mac_c);
	KUNIT_EXPECT_EQ(test, l->n, 1);
	KUNIT_EXPECT_EQ(test, memcmp(l->mac[0], mac_b, ETH_ALEN), 0);
}

static void maclist_full(struct kunit *test)
{
	struct evb_maclist *l = list_of(test, 0, NULL);
	u8 mac[ETH_ALEN] = { 0x02 };
	unsigned int i;

	for (i = 0; i < EVB_MACLIST_MAX; i++) {
		mac[5] = i;
		KUNIT_ASSERT_EQ(test, evb_maclist_add(l, mac), 0);
	}
	mac[4] = 1;
	KUNIT_EXPECT_EQ(test, evb_maclist_add(l, mac), -ENOSPC);
	/* a MAC already there is still fine when full */
	KUNIT_EXPECT_EQ(test, evb_maclist_add(l, l->mac[3]), 0);
}

static void mask_hides(struct kunit *test)
{
	struct evb_maclist *l = list_of(test, 0, NULL);

	/* an empty list shows the blade to everyone */
	KUNIT_EXPECT_FALSE(test, evb_mask_hides(NULL, &mac_a, 1));
	KUNIT_EXPECT_FALSE(test, evb_mask_hides(l, &mac_a, 1));
	evb_maclist_add(l, mac_b);
	KUNIT_EXPECT_TRUE(test, evb_mask_hides(l, &mac_a, 1));
	KUNIT_EXPECT_FALSE(test, evb_mask_hides(l, &mac_b, 1));
}

/* A declared client is one host for both lists: any of its MACs counts. */
static void lists_client_macs(struct kunit *test)
{
	const u8 ab[2][ETH_ALEN] = {
		{ 0x02, 0, 0, 0, 0, 0x0a }, { 0x02, 0, 0, 0, 0, 0x0b },
	};
	const u8 ca[2][ETH_ALEN] = {
		{ 0x02, 0, 0, 0, 0, 0x0c }, { 0x02, 0, 0, 0, 0, 0x0a },
	};
	struct evb_maclist *l = list_of(test, 1, &mac_b);

	/* listed through its second address */
	KUNIT_EXPECT_FALSE(test, evb_mask_hides(l, ab, 2));
	KUNIT_EXPECT_FALSE(test, evb_rsv_blocks(l, ab, 2, EVB_OP_WRITE));
	/* not listed through any */
	KUNIT_EXPECT_TRUE(test, evb_mask_hides(l, ca, 2));
	KUNIT_EXPECT_TRUE(test, evb_rsv_blocks(l, ca, 2, EVB_OP_READ));
	KUNIT_EXPECT_FALSE(test, evb_rsv_blocks(l, ca, 2, EVB_OP_IDENTIFY));
	/* only the addresses given count */
	KUNIT_EXPECT_TRUE(test, evb_mask_hides(l, ab, 1));
	KUNIT_EXPECT_FALSE(test, evb_maclist_has_any(NULL, ab, 2));
}

static void mask_read_and_edit(struct kunit *test)
{
	struct evb_maclist *l = list_of(test, 0, NULL);
	struct aoe_mask_hdr mh = { .mcmd = AOE_MCMD_READ, .dircnt = 7 };
	struct aoe_mask_dir d[4];
	struct evb_mask_result res;
	u8 err = 0;

	/* read ignores directives, even ones past the frame */
	KUNIT_EXPECT_EQ(test, evb_mask_process(l, &mh, d, 0, &res, &err), EVB_LIST_REPLY);
	KUNIT_EXPECT_FALSE(test, res.changed);

	dir(&d[0], AOE_DCMD_ADD, mac_a);
	dir(&d[1], AOE_DCMD_NOP, mac_c);
	dir(&d[2], AOE_DCMD_ADD, mac_b);
	dir(&d[3], AOE_DCMD_ADD, mac_a);	/* again: no duplicate */
	mh.mcmd = AOE_MCMD_EDIT;
	mh.dircnt = 4;
	KUNIT_EXPECT_EQ(test, evb_mask_process(l, &mh, d, sizeof(d), &res, &err),
			EVB_LIST_REPLY);
	KUNIT_EXPECT_EQ(test, res.merror, 0);
	KUNIT_EXPECT_TRUE(test, res.changed);
	KUNIT_EXPECT_EQ(test, l->n, 2);

	dir(&d[0], AOE_DCMD_DEL, mac_a);
	dir(&d[1], AOE_DCMD_DEL, mac_c);	/* absent: no-op */
	mh.dircnt = 2;
	KUNIT_EXPECT_EQ(test, evb_mask_process(l, &mh, d, sizeof(d), &res, &err),
			EVB_LIST_REPLY);
	KUNIT_EXPECT_EQ(test, res.merror, 0);
	KUNIT_EXPECT_EQ(test, l->n, 1);
	KUNIT_EXPECT_EQ(test, memcmp(l->mac[0], mac_b, ETH_ALEN), 0);

	/* nothing to do changes nothing */
	dir(&d[0], AOE_DCMD_ADD, mac_b);
	mh.dircnt = 1;
	evb_mask_process(l, &mh, d, sizeof(d), &res, &err);
	KUNIT_EXPECT_FALSE(test, res.changed);
}

static void mask_errors(struct kunit *test)
{
	struct evb_maclist *l = list_of(test, 0, NULL);
	struct aoe_mask_hdr mh = { .mcmd = AOE_MCMD_EDIT, .dircnt = 3 };
	struct aoe_mask_dir d[3];
	struct evb_mask_result res;
	u8 mac[ETH_ALEN] = { 0x02 };
	unsigned int i;
	u8 err = 0;

	/* a bad DCmd stops the edit there: the ones before it stay */
	dir(&d[0], AOE_DCMD_ADD, mac_a);
	dir(&d[1], 7, mac_b);
	dir(&d[2], AOE_DCMD_ADD, mac_c);
	KUNIT_EXPECT_EQ(test, evb_mask_process(l, &mh, d, sizeof(d), &res, &err),
			EVB_LIST_REPLY);
	KUNIT_EXPECT_EQ(test, res.merror, AOE_MERR_BADDIR);
	KUNIT_EXPECT_EQ(test, res.dircnt, 1);
	KUNIT_EXPECT_TRUE(test, evb_maclist_has(l, mac_a));
	KUNIT_EXPECT_FALSE(test, evb_maclist_has(l, mac_c));

	/* directives past the end of the frame, or an unknown MCmd */
	err = 0;
	KUNIT_EXPECT_EQ(test, evb_mask_process(l, &mh, d, sizeof(d) - 1, &res, &err),
			EVB_LIST_ERROR);
	KUNIT_EXPECT_EQ(test, err, AOE_ERR_BADARG);
	mh.mcmd = 2;
	err = 0;
	KUNIT_EXPECT_EQ(test, evb_mask_process(l, &mh, d, sizeof(d), &res, &err),
			EVB_LIST_ERROR);
	KUNIT_EXPECT_EQ(test, err, AOE_ERR_BADARG);

	/* full: MError 3 at the directive that did not fit */
	mac[4] = 0x10;		/* none of them is A, B or C */
	for (i = l->n; i < EVB_MACLIST_MAX; i++) {
		mac[5] = i;
		KUNIT_ASSERT_EQ(test, evb_maclist_add(l, mac), 0);
	}
	KUNIT_ASSERT_EQ(test, l->n, EVB_MACLIST_MAX);
	mh.mcmd = AOE_MCMD_EDIT;
	mh.dircnt = 2;
	dir(&d[0], AOE_DCMD_ADD, mac_a);	/* already there: fine */
	dir(&d[1], AOE_DCMD_ADD, mac_c);
	KUNIT_EXPECT_EQ(test, evb_mask_process(l, &mh, d, sizeof(d), &res, &err),
			EVB_LIST_REPLY);
	KUNIT_EXPECT_EQ(test, res.merror, AOE_MERR_FULL);
	KUNIT_EXPECT_EQ(test, res.dircnt, 1);
}

static enum evb_list_verdict rsv(struct evb_maclist *l, u8 rcmd,
				 const u8 (*macs)[ETH_ALEN], unsigned int n,
				 const u8 *src, bool *changed, u8 *err)
{
	return evb_rsv_process(l, rcmd, (const u8 *)macs, n, n * ETH_ALEN,
			       (const u8 (*)[ETH_ALEN])src, 1, changed, err);
}

static void rsv_set_release(struct kunit *test)
{
	const u8 a[][ETH_ALEN] = { { 0x02, 0, 0, 0, 0, 0x0a } };
	const u8 b[][ETH_ALEN] = { { 0x02, 0, 0, 0, 0, 0x0b } };
	const u8 ab[][ETH_ALEN] = { { 0x02, 0, 0, 0, 0, 0x0a },
				    { 0x02, 0, 0, 0, 0, 0x0b },
				    { 0x02, 0, 0, 0, 0, 0x0a } };
	struct evb_maclist *l = list_of(test, 0, NULL);
	bool changed;
	u8 err = 0;

	/* anyone may reserve an unreserved blade */
	KUNIT_EXPECT_EQ(test, rsv(l, AOE_RCMD_SET, a, 1, mac_a, &changed, &err),
			EVB_LIST_REPLY);
	KUNIT_EXPECT_TRUE(test, changed);
	KUNIT_EXPECT_EQ(test, l->n, 1);
	/* B is fenced off: error 6, nothing changes */
	KUNIT_EXPECT_EQ(test, rsv(l, AOE_RCMD_SET, b, 1, mac_b, &changed, &err),
			EVB_LIST_ERROR);
	KUNIT_EXPECT_EQ(test, err, AOE_ERR_RESERVED);
	KUNIT_EXPECT_EQ(test, memcmp(l->mac[0], mac_a, ETH_ALEN), 0);
	/* reading is open to all */
	KUNIT_EXPECT_EQ(test, rsv(l, AOE_RCMD_READ, NULL, 0, mac_b, &changed, &err),
			EVB_LIST_REPLY);
	KUNIT_EXPECT_FALSE(test, changed);
	/* a holder may share it; duplicates are stored once */
	KUNIT_EXPECT_EQ(test, rsv(l, AOE_RCMD_SET, ab, 3, mac_a, &changed, &err),
			EVB_LIST_REPLY);
	KUNIT_EXPECT_EQ(test, l->n, 2);
	/* and any holder may release it: a set with no MACs */
	KUNIT_EXPECT_EQ(test, rsv(l, AOE_RCMD_SET, NULL, 0, mac_b, &changed, &err),
			EVB_LIST_REPLY);
	KUNIT_EXPECT_TRUE(test, changed);
	KUNIT_EXPECT_EQ(test, l->n, 0);
}

static void rsv_force_and_errors(struct kunit *test)
{
	const u8 a[][ETH_ALEN] = { { 0x02, 0, 0, 0, 0, 0x0a } };
	const u8 c[][ETH_ALEN] = { { 0x02, 0, 0, 0, 0, 0x0c } };
	struct evb_maclist *l = list_of(test, 1, a);
	bool changed;
	u8 err = 0;

	/* force set takes it from anyone */
	KUNIT_EXPECT_EQ(test, rsv(l, AOE_RCMD_FSET, c, 1, mac_b, &changed, &err),
			EVB_LIST_REPLY);
	KUNIT_EXPECT_TRUE(test, changed);
	KUNIT_EXPECT_EQ(test, memcmp(l->mac[0], mac_c, ETH_ALEN), 0);

	/* unknown RCmd; MACs past the frame; more than the list holds */
	KUNIT_EXPECT_EQ(test, rsv(l, 3, c, 1, mac_c, &changed, &err), EVB_LIST_ERROR);
	KUNIT_EXPECT_EQ(test, err, AOE_ERR_BADARG);
	err = 0;
	KUNIT_EXPECT_EQ(test, evb_rsv_process(l, AOE_RCMD_SET, (const u8 *)c, 2,
					      ETH_ALEN * 2 - 1, &mac_c, 1, &changed, &err),
			EVB_LIST_ERROR);
	KUNIT_EXPECT_EQ(test, err, AOE_ERR_BADARG);
	err = 0;
	KUNIT_EXPECT_EQ(test, evb_rsv_process(l, AOE_RCMD_FSET, NULL,
					      EVB_MACLIST_MAX + 1, 1500, &mac_c, 1,
					      &changed, &err),
			EVB_LIST_ERROR);
	KUNIT_EXPECT_EQ(test, err, AOE_ERR_BADARG);
	KUNIT_EXPECT_EQ(test, l->n, 1);
}

/*
 * A declared client with MACs A and B is one holder: it reserves through
 * A and may set the list again through B (and release it); C may not.
 */
static void rsv_client_macs(struct kunit *test)
{
	const u8 a[][ETH_ALEN] = { { 0x02, 0, 0, 0, 0, 0x0a } };
	const u8 b[][ETH_ALEN] = { { 0x02, 0, 0, 0, 0, 0x0b } };
	const u8 client[][ETH_ALEN] = { { 0x02, 0, 0, 0, 0, 0x0a },
					{ 0x02, 0, 0, 0, 0, 0x0b } };
	struct evb_maclist *l = list_of(test, 0, NULL);
	bool changed;
	u8 err = 0;

	KUNIT_EXPECT_EQ(test, evb_rsv_process(l, AOE_RCMD_SET, (const u8 *)a, 1,
					      ETH_ALEN, client, 2, &changed, &err),
			EVB_LIST_REPLY);
	KUNIT_EXPECT_EQ(test, l->n, 1);
	/* through B: the same holder */
	KUNIT_EXPECT_EQ(test, evb_rsv_process(l, AOE_RCMD_SET, (const u8 *)b, 1,
					      ETH_ALEN, &client[1], 1, &changed, &err),
			EVB_LIST_ERROR);	/* B alone is not on the list... */
	KUNIT_EXPECT_EQ(test, evb_rsv_process(l, AOE_RCMD_SET, (const u8 *)b, 1,
					      ETH_ALEN, client, 2, &changed, &err),
			EVB_LIST_REPLY);	/* ...but B as the client is */
	KUNIT_EXPECT_TRUE(test, changed);
	KUNIT_EXPECT_EQ(test, memcmp(l->mac[0], mac_b, ETH_ALEN), 0);
	/* someone else is fenced off */
	err = 0;
	KUNIT_EXPECT_EQ(test, evb_rsv_process(l, AOE_RCMD_SET, NULL, 0, 0,
					      &mac_c, 1, &changed, &err),
			EVB_LIST_ERROR);
	KUNIT_EXPECT_EQ(test, err, AOE_ERR_RESERVED);
	/* and the client releases it through A */
	KUNIT_EXPECT_EQ(test, evb_rsv_process(l, AOE_RCMD_SET, NULL, 0, 0,
					      client, 2, &changed, &err),
			EVB_LIST_REPLY);
	KUNIT_EXPECT_EQ(test, l->n, 0);
}

static void rsv_enforcement(struct kunit *test)
{
	const u8 a[][ETH_ALEN] = { { 0x02, 0, 0, 0, 0, 0x0a } };
	struct evb_maclist *l = list_of(test, 1, a);
	struct evb_maclist *empty = list_of(test, 0, NULL);

	KUNIT_EXPECT_FALSE(test, evb_rsv_blocks(NULL, &mac_b, 1, EVB_OP_WRITE));
	KUNIT_EXPECT_FALSE(test, evb_rsv_blocks(empty, &mac_b, 1, EVB_OP_WRITE));
	KUNIT_EXPECT_FALSE(test, evb_rsv_blocks(l, &mac_a, 1, EVB_OP_WRITE));
	KUNIT_EXPECT_TRUE(test, evb_rsv_blocks(l, &mac_b, 1, EVB_OP_WRITE));
	KUNIT_EXPECT_TRUE(test, evb_rsv_blocks(l, &mac_b, 1, EVB_OP_READ));
	KUNIT_EXPECT_TRUE(test, evb_rsv_blocks(l, &mac_b, 1, EVB_OP_FLUSH));
	KUNIT_EXPECT_TRUE(test, evb_rsv_blocks(l, &mac_b, 1, EVB_OP_UNSUPPORTED));
	/* others can still find and size the blade */
	KUNIT_EXPECT_FALSE(test, evb_rsv_blocks(l, &mac_b, 1, EVB_OP_IDENTIFY));
	KUNIT_EXPECT_FALSE(test, evb_rsv_blocks(l, &mac_b, 1, EVB_OP_CHECK_POWER));
}

static struct kunit_case maclist_cases[] = {
	KUNIT_CASE(maclist_basics),
	KUNIT_CASE(maclist_full),
	KUNIT_CASE(mask_hides),
	KUNIT_CASE(lists_client_macs),
	KUNIT_CASE(mask_read_and_edit),
	KUNIT_CASE(mask_errors),
	KUNIT_CASE(rsv_set_release),
	KUNIT_CASE(rsv_force_and_errors),
	KUNIT_CASE(rsv_client_macs),
	KUNIT_CASE(rsv_enforcement),
	{}
};

static struct kunit_suite maclist_suite = {
	.name = "evblade_maclist",
	.test_cases = maclist_cases,
};

kunit_test_suite(maclist_suite);
