// SPDX-License-Identifier: GPL-2.0
/* KUnit suite evblade_state: the state file's text, both ways. */
#include <kunit/test.h>
#include <linux/string.h>

#include "state.h"

static const u8 mac_a[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x0a };
static const u8 mac_b[ETH_ALEN] = { 0x02, 0xab, 0xcd, 0xef, 0x01, 0x0b };

static struct evb_state *sample(struct kunit *test)
{
	struct evb_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, st);
	st->gen = 7;
	st->cfg.len = 4;
	memcpy(st->cfg.str, "a\0\xff\n", 4);	/* any bytes */
	evb_maclist_add(&st->mask, mac_a);
	evb_maclist_add(&st->mask, mac_b);
	evb_maclist_add(&st->rsv, mac_b);
	return st;
}

static char *text_of(struct kunit *test, const struct evb_state *st, int *len)
{
	char *buf = kunit_kzalloc(test, EVB_STATE_MAX, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	*len = evb_state_format(st, "e1.0", buf, EVB_STATE_MAX);
	KUNIT_ASSERT_GT(test, *len, 0);
	return buf;
}

static void state_round_trip(struct kunit *test)
{
	struct evb_state *st = sample(test), *back;
	const char *why = NULL;
	char *buf;
	int len;

	back = kunit_kzalloc(test, sizeof(*back), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, back);
	buf = text_of(test, st, &len);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "\nconfig 6100ff0a\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "\nmask 02:00:00:00:00:0a\n"
						 "mask 02:ab:cd:ef:01:0b\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "\nreserve 02:ab:cd:ef:01:0b\n"));
	KUNIT_ASSERT_EQ(test, evb_state_parse(buf, len, back, &why), 0);
	KUNIT_EXPECT_EQ(test, back->gen, 7);
	KUNIT_EXPECT_EQ(test, back->cfg.len, 4);
	KUNIT_EXPECT_EQ(test, memcmp(back->cfg.str, st->cfg.str, 4), 0);
	KUNIT_EXPECT_EQ(test, back->mask.n, 2);
	KUNIT_EXPECT_EQ(test, memcmp(back->mask.mac, st->mask.mac, 2 * ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, back->rsv.n, 1);
	KUNIT_EXPECT_EQ(test, memcmp(back->rsv.mac[0], mac_b, ETH_ALEN), 0);
}

static void state_empty_and_full(struct kunit *test)
{
	struct evb_state *st, *back;
	const char *why = NULL;
	u8 mac[ETH_ALEN] = { 0x02 };
	unsigned int i;
	char *buf;
	int len;

	st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	back = kunit_kzalloc(test, sizeof(*back), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, st);
	KUNIT_ASSERT_NOT_NULL(test, back);
	buf = text_of(test, st, &len);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "\nconfig\n"));
	KUNIT_ASSERT_EQ(test, evb_state_parse(buf, len, back, &why), 0);
	KUNIT_EXPECT_EQ(test, back->cfg.len, 0);
	KUNIT_EXPECT_EQ(test, back->mask.n, 0);

	/* the largest state fits the documented bound */
	st->cfg.len = AOE_CFG_STR_MAX;
	memset(st->cfg.str, 0xee, AOE_CFG_STR_MAX);
	for (i = 0; i < EVB_MACLIST_MAX; i++) {
		mac[5] = i;
		evb_maclist_add(&st->mask, mac);
		evb_maclist_add(&st->rsv, mac);
	}
	st->gen = U64_MAX;
	buf = text_of(test, st, &len);
	KUNIT_ASSERT_EQ(test, evb_state_parse(buf, len, back, &why), 0);
	KUNIT_EXPECT_EQ(test, back->gen, U64_MAX);
	KUNIT_EXPECT_EQ(test, back->cfg.len, AOE_CFG_STR_MAX);
	KUNIT_EXPECT_EQ(test, back->rsv.n, EVB_MACLIST_MAX);
	/* and a buffer that is too small says so */
	KUNIT_EXPECT_EQ(test, evb_state_format(st, "e1.0", buf, 100), -ENOSPC);
	KUNIT_EXPECT_EQ(test, evb_state_format(st, "e1.0", buf, len), -ENOSPC);
}

/* parse TEXT: the verdict for a hand-written file. */
static int parse(struct kunit *test, const char *text)
{
	struct evb_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	const char *why = NULL;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, st);
	ret = evb_state_parse(text, strlen(text), st, &why);
	if (ret)
		KUNIT_EXPECT_NOT_NULL(test, why);
	return ret;
}

static void state_damage(struct kunit *test)
{
	struct evb_state *st = sample(test), *back;
	const char *why = NULL;
	char *buf;
	int len;

	back = kunit_kzalloc(test, sizeof(*back), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, back);
	buf = text_of(test, st, &len);
	/* torn: any prefix fails */
	KUNIT_EXPECT_EQ(test, evb_state_parse(buf, len - 1, back, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, evb_state_parse(buf, len / 2, back, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, evb_state_parse(buf, 0, back, &why), -EINVAL);
	/* one changed byte fails the checksum */
	buf[strstr(buf, "gen 7") - buf + 4] = '8';
	KUNIT_EXPECT_EQ(test, evb_state_parse(buf, len, back, &why), -EINVAL);
	KUNIT_EXPECT_STREQ(test, why, "the checksum does not match");
}

static void state_bad_lines(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, parse(test, "gen 1\nconfig\nbogus 1\ncrc32 00000000\n"), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(test, "gen 1\ngen 2\nconfig\ncrc32 00000000\n"), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(test, "gen x\nconfig\ncrc32 00000000\n"), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(test, "gen 1\nconfig 123\ncrc32 00000000\n"), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(test, "gen 1\nconfig zz\ncrc32 00000000\n"), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(test, "gen 1\nconfig\nmask 02:00:00:00:00\n"
				    "crc32 00000000\n"), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(test, "gen 1\nconfig\nmask 02-00-00-00-00-0a\n"
				    "crc32 00000000\n"), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(test, "gen 1\nconfig\ncrc32 00000000\ngen 2\n"), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(test, "config\ncrc32 00000000\n"), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(test, "gen 1\nconfig\n"), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse(test, "gen 1\nconfig\ncrc32 00000000"), -EINVAL);
}

static struct kunit_case state_cases[] = {
	KUNIT_CASE(state_round_trip),
	KUNIT_CASE(state_empty_and_full),
	KUNIT_CASE(state_damage),
	KUNIT_CASE(state_bad_lines),
	{}
};

static struct kunit_suite state_suite = {
	.name = "evblade_state",
	.test_cases = state_cases,
};

kunit_test_suite(state_suite);
