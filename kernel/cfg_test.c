// SPDX-License-Identifier: GPL-2.0
/* KUnit suite evblade_cfg: the config string rules of Query Config. */
#include <kunit/test.h>
#include <linux/string.h>

#include "cfg.h"

static struct evb_cfg *cfg_with(struct kunit *test, const char *s)
{
	struct evb_cfg *cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, cfg);
	cfg->len = strlen(s);
	memcpy(cfg->str, s, cfg->len);
	return cfg;
}

static enum evb_cfg_verdict run(struct evb_cfg *cfg, u8 ccmd, const char *s, u8 *err)
{
	return evb_cfg_process(cfg, ccmd, s, strlen(s), strlen(s), err);
}

static void cfg_read(struct kunit *test)
{
	struct evb_cfg *cfg = cfg_with(test, "abc");
	u8 err = 0;

	/* read ignores its argument and any length, even a bogus one */
	KUNIT_EXPECT_EQ(test, evb_cfg_process(cfg, AOE_CCMD_READ, NULL, 5000, 0, &err),
			EVB_CFG_REPLY);
	KUNIT_EXPECT_EQ(test, cfg->len, 3);
}

static void cfg_test_exact(struct kunit *test)
{
	struct evb_cfg *cfg = cfg_with(test, "owner=a");
	u8 err = 0;

	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_TEST, "owner=a", &err), EVB_CFG_REPLY);
	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_TEST, "owner=", &err), EVB_CFG_SILENT);
	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_TEST, "owner=ab", &err), EVB_CFG_SILENT);
	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_TEST, "", &err), EVB_CFG_SILENT);
	cfg->len = 0;
	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_TEST, "", &err), EVB_CFG_REPLY);
}

static void cfg_test_prefix(struct kunit *test)
{
	struct evb_cfg *cfg = cfg_with(test, "owner=a");
	u8 err = 0;

	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_PTEST, "owner", &err), EVB_CFG_REPLY);
	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_PTEST, "", &err), EVB_CFG_REPLY);
	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_PTEST, "owner=a", &err), EVB_CFG_REPLY);
	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_PTEST, "owner=ab", &err), EVB_CFG_SILENT);
	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_PTEST, "x", &err), EVB_CFG_SILENT);
}

static void cfg_set(struct kunit *test)
{
	struct evb_cfg *cfg = cfg_with(test, "");
	u8 err = 0;

	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_SET, "one", &err), EVB_CFG_REPLY);
	KUNIT_EXPECT_EQ(test, cfg->len, 3);
	KUNIT_EXPECT_EQ(test, memcmp(cfg->str, "one", 3), 0);
	/* the same string again is fine, a different one is refused */
	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_SET, "one", &err), EVB_CFG_REPLY);
	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_SET, "two", &err), EVB_CFG_ERROR);
	KUNIT_EXPECT_EQ(test, err, AOE_ERR_CFG_SET);
	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_SET, "on", &err), EVB_CFG_ERROR);
	KUNIT_EXPECT_EQ(test, memcmp(cfg->str, "one", 3), 0);
	/* force set replaces, and can clear */
	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_FSET, "two", &err), EVB_CFG_REPLY);
	KUNIT_EXPECT_EQ(test, memcmp(cfg->str, "two", 3), 0);
	KUNIT_EXPECT_EQ(test, run(cfg, AOE_CCMD_FSET, "", &err), EVB_CFG_REPLY);
	KUNIT_EXPECT_EQ(test, cfg->len, 0);
}

static void cfg_bad_args(struct kunit *test)
{
	struct evb_cfg *cfg = cfg_with(test, "keep");
	static u8 big[AOE_CFG_STR_MAX + 1];
	u8 ccmd, err;

	for (ccmd = AOE_CCMD_FSET + 1; ccmd < 16; ccmd++) {
		err = 0;
		KUNIT_EXPECT_EQ(test, run(cfg, ccmd, "x", &err), EVB_CFG_ERROR);
		KUNIT_EXPECT_EQ(test, err, AOE_ERR_BADARG);
	}
	/* length past the frame, and longer than the protocol allows */
	err = 0;
	KUNIT_EXPECT_EQ(test, evb_cfg_process(cfg, AOE_CCMD_FSET, big, 10, 9, &err),
			EVB_CFG_ERROR);
	KUNIT_EXPECT_EQ(test, err, AOE_ERR_BADARG);
	err = 0;
	KUNIT_EXPECT_EQ(test, evb_cfg_process(cfg, AOE_CCMD_FSET, big,
					      sizeof(big), sizeof(big), &err),
			EVB_CFG_ERROR);
	KUNIT_EXPECT_EQ(test, err, AOE_ERR_BADARG);
	KUNIT_EXPECT_EQ(test, cfg->len, 4);	/* untouched */
	/* exactly 1024 bytes is fine */
	KUNIT_EXPECT_EQ(test, evb_cfg_process(cfg, AOE_CCMD_FSET, big,
					      AOE_CFG_STR_MAX, sizeof(big), &err),
			EVB_CFG_REPLY);
	KUNIT_EXPECT_EQ(test, cfg->len, AOE_CFG_STR_MAX);
}

static struct kunit_case cfg_cases[] = {
	KUNIT_CASE(cfg_read),
	KUNIT_CASE(cfg_test_exact),
	KUNIT_CASE(cfg_test_prefix),
	KUNIT_CASE(cfg_set),
	KUNIT_CASE(cfg_bad_args),
	{}
};

static struct kunit_suite cfg_suite = {
	.name = "evblade_cfg",
	.test_cases = cfg_cases,
};

kunit_test_suite(cfg_suite);
