// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite evblade_acl: the per-blade access decision, its precedence
 * (deny, then allow, then the default) and the validation of rules.
 * Built into evblade.ko only with EVBLADE_KUNIT=1.
 */
#include <kunit/test.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "acl.h"

static const u8 mac_a[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x0a };
static const u8 mac_b[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x0b };

/* An ACL with room for @n rules; acl->n counts those added so far. */
static struct evb_acl *acl_new(struct kunit *test, u8 default_allow, unsigned int n)
{
	struct evb_acl *acl = kunit_kzalloc(test, struct_size(acl, rule, n), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, acl);
	acl->default_allow = default_allow;
	return acl;
}

static void add_mac(struct evb_acl *acl, u8 allow, const u8 *mac)
{
	struct evb_acl_rule *r = &acl->rule[acl->n++];

	r->allow = allow;
	r->kind = EVB_ACL_MAC;
	memcpy(r->mac, mac, ETH_ALEN);
}

static void add_client(struct evb_acl *acl, u8 allow, const char *client)
{
	struct evb_acl_rule *r = &acl->rule[acl->n++];

	r->allow = allow;
	r->kind = EVB_ACL_CLIENT;
	strscpy(r->client, client, sizeof(r->client));
}

static void acl_null_allows_all(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(NULL, mac_a, NULL));
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(NULL, mac_b, "alpha"));
	KUNIT_EXPECT_EQ(test, evb_acl_check(NULL, NULL, NULL), 0);
}

static void acl_default(struct kunit *test)
{
	struct evb_acl *deny = acl_new(test, 0, 0);
	struct evb_acl *allow = acl_new(test, 1, 0);

	KUNIT_EXPECT_FALSE(test, evb_acl_allows(deny, mac_a, NULL));
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(deny, mac_a, "alpha"));
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(allow, mac_a, NULL));
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(allow, mac_a, "alpha"));
}

static void acl_mac_rules(struct kunit *test)
{
	struct evb_acl *acl = acl_new(test, 0, 1);

	add_mac(acl, 1, mac_a);
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_a, NULL));
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_a, "beta"));
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_b, NULL));

	acl = acl_new(test, 1, 1);
	add_mac(acl, 0, mac_a);
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_a, NULL));
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_a, "beta"));
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_b, NULL));
}

/* Client rules match by name, and never a MAC of no declared client. */
static void acl_client_rules(struct kunit *test)
{
	struct evb_acl *acl = acl_new(test, 0, 1);

	add_client(acl, 1, "alpha");
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_a, "alpha"));
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_b, "alpha"));
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_a, "beta"));
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_a, "alph"));
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_a, "alphabet"));
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_a, "ALPHA"));
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_a, NULL));

	acl = acl_new(test, 1, 1);
	add_client(acl, 0, "alpha");
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_a, "alpha"));
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_a, "beta"));
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_a, NULL));
}

/* A matching deny wins over a matching allow, in either order. */
static void acl_deny_beats_allow(struct kunit *test)
{
	struct evb_acl *acl;
	int order;

	for (order = 0; order < 2; order++) {
		acl = acl_new(test, 1, 2);
		if (order)
			add_mac(acl, 0, mac_a);
		add_client(acl, 1, "alpha");
		if (!order)
			add_mac(acl, 0, mac_a);
		KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_a, "alpha"));
		KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_b, "alpha"));
		KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_a, NULL));

		acl = acl_new(test, 0, 2);
		if (order)
			add_mac(acl, 1, mac_a);
		add_client(acl, 0, "alpha");
		if (!order)
			add_mac(acl, 1, mac_a);
		KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_a, "alpha"));
		KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_b, "alpha"));
		/* the same MAC outside the client is allowed by its MAC rule */
		KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_a, NULL));
		KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_a, "beta"));
	}
}

/* Any matching allow rule lets in, over a deny default. */
static void acl_allow_beats_default(struct kunit *test)
{
	struct evb_acl *acl = acl_new(test, 0, 2);

	add_mac(acl, 1, mac_a);
	add_client(acl, 1, "beta");
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_a, NULL));
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_a, "gamma"));
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_b, "beta"));
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, mac_a, "beta"));
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_b, NULL));
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_b, "gamma"));
}

/* A zeroed rule (no kind) matches nothing, not even the zero MAC. */
static void acl_unknown_kind(struct kunit *test)
{
	static const u8 zero[ETH_ALEN];
	struct evb_acl *acl = acl_new(test, 1, 1);

	acl->n = 1;
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, zero, NULL));
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, zero, ""));
	acl->default_allow = 0;
	acl->rule[0].allow = 1;
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, zero, ""));
}

static void acl_alloc(struct kunit *test)
{
	struct evb_acl *acl;
	unsigned int i;

	acl = evb_acl_alloc(0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, acl);
	KUNIT_EXPECT_EQ(test, acl->n, 0);
	KUNIT_EXPECT_EQ(test, acl->default_allow, 0);
	KUNIT_EXPECT_FALSE(test, evb_acl_allows(acl, mac_a, NULL));
	kfree(acl);

	acl = evb_acl_alloc(EVB_ACL_MAX_RULES, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, acl);
	KUNIT_EXPECT_EQ(test, acl->n, EVB_ACL_MAX_RULES);
	for (i = 0; i < acl->n; i++)
		KUNIT_EXPECT_EQ(test, acl->rule[i].kind, 0);
	/* the whole array is there: fill it and use it */
	for (i = 0; i < acl->n; i++) {
		acl->rule[i].allow = 1;
		acl->rule[i].kind = EVB_ACL_MAC;
		memcpy(acl->rule[i].mac, mac_a, ETH_ALEN);
		acl->rule[i].mac[4] = i;
	}
	KUNIT_EXPECT_EQ(test, evb_acl_check(acl, NULL, NULL), 0);
	KUNIT_EXPECT_TRUE(test, evb_acl_allows(acl, acl->rule[EVB_ACL_MAX_RULES - 1].mac, NULL));
	kfree(acl);

	KUNIT_EXPECT_NULL(test, evb_acl_alloc(EVB_ACL_MAX_RULES + 1, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, evb_acl_alloc(UINT_MAX, GFP_KERNEL));
}

/* evb_acl_rule_check() fails, with a reason that contains @word. */
static void expect_bad_rule(struct kunit *test, const struct evb_acl_rule *r,
			    const char *word)
{
	const char *why = NULL;

	KUNIT_EXPECT_EQ(test, evb_acl_rule_check(r, &why), -EINVAL);
	KUNIT_ASSERT_NOT_NULL(test, why);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(why, word), "\"%s\" lacks \"%s\"", why, word);
}

static void acl_rule_check(struct kunit *test)
{
	static const u8 bad_macs[][ETH_ALEN] = {
		{ 0, 0, 0, 0, 0, 0 },
		{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
		{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },
		{ 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 },
	};
	static const char * const bad_names[] = { "", ".", "..", ".a", "-a", "a/b", "a b" };
	struct evb_acl_rule r = { .allow = 1, .kind = EVB_ACL_MAC };
	const char *why = "untouched";
	int i;

	memcpy(r.mac, mac_a, ETH_ALEN);
	KUNIT_EXPECT_EQ(test, evb_acl_rule_check(&r, &why), 0);
	KUNIT_EXPECT_STREQ(test, why, "untouched");
	r.allow = 0;
	KUNIT_EXPECT_EQ(test, evb_acl_rule_check(&r, NULL), 0);
	r.mac[0] = 0x00;	/* a leading zero byte is still unicast */
	KUNIT_EXPECT_EQ(test, evb_acl_rule_check(&r, NULL), 0);
	r.allow = 2;
	expect_bad_rule(test, &r, "allow or deny");
	KUNIT_EXPECT_EQ(test, evb_acl_rule_check(&r, NULL), -EINVAL);
	r.allow = 1;
	for (i = 0; i < ARRAY_SIZE(bad_macs); i++) {
		memcpy(r.mac, bad_macs[i], ETH_ALEN);
		expect_bad_rule(test, &r, "unicast");
	}

	memset(&r, 0, sizeof(r));
	expect_bad_rule(test, &r, "MAC address or a client");
	r.kind = EVB_ACL_CLIENT + 1;
	expect_bad_rule(test, &r, "MAC address or a client");

	r.kind = EVB_ACL_CLIENT;
	strscpy(r.client, "alpha", sizeof(r.client));
	KUNIT_EXPECT_EQ(test, evb_acl_rule_check(&r, NULL), 0);
	memset(r.client, 'n', EVB_CLIENT_NAME_MAX - 1);
	KUNIT_EXPECT_EQ(test, evb_acl_rule_check(&r, NULL), 0);
	/* no NUL within the array */
	memset(r.client, 'n', EVB_CLIENT_NAME_MAX);
	expect_bad_rule(test, &r, "client name");
	for (i = 0; i < ARRAY_SIZE(bad_names); i++) {
		memset(r.client, 0, sizeof(r.client));
		strscpy(r.client, bad_names[i], sizeof(r.client));
		expect_bad_rule(test, &r, "client name");
	}
}

/* evb_acl_check() fails at rule @at, with a reason that contains @word. */
static void expect_bad_acl(struct kunit *test, const struct evb_acl *acl,
			   unsigned int at, const char *word)
{
	unsigned int bad = UINT_MAX;
	const char *why = NULL;

	KUNIT_EXPECT_EQ(test, evb_acl_check(acl, &bad, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, bad, at);
	KUNIT_ASSERT_NOT_NULL(test, why);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(why, word), "\"%s\" lacks \"%s\"", why, word);
}

static void acl_check(struct kunit *test)
{
	struct evb_acl *acl = acl_new(test, 1, 4);
	unsigned int bad = 7;
	const char *why = "untouched";

	KUNIT_EXPECT_EQ(test, evb_acl_check(acl, &bad, &why), 0);
	add_mac(acl, 1, mac_a);
	add_mac(acl, 0, mac_b);
	add_client(acl, 1, "alpha");
	add_client(acl, 0, "beta");
	KUNIT_EXPECT_EQ(test, evb_acl_check(acl, &bad, &why), 0);
	KUNIT_EXPECT_EQ(test, bad, 7);
	KUNIT_EXPECT_STREQ(test, why, "untouched");

	acl->default_allow = 2;
	expect_bad_acl(test, acl, 4, "default");
	acl->default_allow = 0;
	KUNIT_EXPECT_EQ(test, evb_acl_check(acl, NULL, NULL), 0);

	/* a bad rule is named by its index */
	acl->rule[2].client[0] = '.';
	expect_bad_acl(test, acl, 2, "client name");
	KUNIT_EXPECT_EQ(test, evb_acl_check(acl, NULL, NULL), -EINVAL);

	/* too many rules: the ACL itself is at fault */
	acl = acl_new(test, 0, 0);
	acl->n = EVB_ACL_MAX_RULES + 1;
	expect_bad_acl(test, acl, EVB_ACL_MAX_RULES + 1, "at most 256");
}

/* Two rules about the same MAC or client: a duplicate, or a conflict. */
static void acl_check_duplicates(struct kunit *test)
{
	struct evb_acl *acl;

	acl = acl_new(test, 0, 3);
	add_mac(acl, 1, mac_a);
	add_mac(acl, 1, mac_b);
	add_mac(acl, 1, mac_a);
	expect_bad_acl(test, acl, 2, "same rule twice");
	acl->rule[2].allow = 0;
	expect_bad_acl(test, acl, 2, "both allows and denies");

	acl = acl_new(test, 0, 3);
	add_client(acl, 0, "alpha");
	add_client(acl, 0, "alpha");
	expect_bad_acl(test, acl, 1, "same rule twice");
	acl->rule[1].allow = 1;
	expect_bad_acl(test, acl, 1, "both allows and denies");

	/* a client and a MAC, or two different clients, are not the same */
	acl = acl_new(test, 0, 3);
	add_client(acl, 1, "alpha");
	add_client(acl, 1, "alphabet");
	add_mac(acl, 0, mac_a);
	KUNIT_EXPECT_EQ(test, evb_acl_check(acl, NULL, NULL), 0);
}

/* The cached decision: one word, and an old generation never wins. */
static void acl_cache(struct kunit *test)
{
	unsigned long c = evb_acl_cache(41, false);

	KUNIT_EXPECT_FALSE(test, evb_acl_cache_valid(c, 42));
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_valid(c, 41));

	/* a new generation is taken */
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_store(&c, 42, true));
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_valid(c, 42));
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_allowed(c));

	/* a late writer of an older generation changes nothing */
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_store(&c, 41, false));
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_valid(c, 42));
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_allowed(c));

	/* the same generation: the first decision stays */
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_store(&c, 42, false));
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_allowed(c));

	/* a newer one replaces it, deny included */
	KUNIT_EXPECT_FALSE(test, evb_acl_cache_store(&c, 43, false));
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_valid(c, 43));
	KUNIT_EXPECT_FALSE(test, evb_acl_cache_allowed(c));

	/* across the wraparound of the generation */
	c = evb_acl_cache(UINT_MAX, true);
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_valid(c, UINT_MAX));
	KUNIT_EXPECT_FALSE(test, evb_acl_cache_valid(c, 0));
	KUNIT_EXPECT_FALSE(test, evb_acl_cache_store(&c, 0, false));
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_valid(c, 0));
	KUNIT_EXPECT_FALSE(test, evb_acl_cache_store(&c, UINT_MAX, true));
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_valid(c, 0));
	KUNIT_EXPECT_FALSE(test, evb_acl_cache_allowed(c));

	/* what a new connection starts from: one generation behind, denied */
	c = evb_acl_cache(0 - 1U, false);
	KUNIT_EXPECT_FALSE(test, evb_acl_cache_valid(c, 0));
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_store(&c, 0, true));
	KUNIT_EXPECT_TRUE(test, evb_acl_cache_allowed(c));
}

static struct kunit_case acl_cases[] = {
	KUNIT_CASE(acl_null_allows_all),
	KUNIT_CASE(acl_default),
	KUNIT_CASE(acl_mac_rules),
	KUNIT_CASE(acl_client_rules),
	KUNIT_CASE(acl_deny_beats_allow),
	KUNIT_CASE(acl_allow_beats_default),
	KUNIT_CASE(acl_unknown_kind),
	KUNIT_CASE(acl_alloc),
	KUNIT_CASE(acl_rule_check),
	KUNIT_CASE(acl_check),
	KUNIT_CASE(acl_check_duplicates),
	KUNIT_CASE(acl_cache),
	{}
};

static struct kunit_suite acl_suite = {
	.name = "evblade_acl",
	.test_cases = acl_cases,
};

kunit_test_suite(acl_suite);
