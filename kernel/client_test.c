// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite evblade_client: the declared-client table (checks, MAC
 * lookup, name lookup) and the ACL decision for a client with several
 * MACs.  Built into evblade.ko only with EVBLADE_KUNIT=1.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/string.h>

#include "acl.h"
#include "client.h"

static void mac_of(u8 *mac, unsigned int i)
{
	mac[0] = 0x02;
	mac[1] = 0;
	mac[2] = i >> 24;
	mac[3] = i >> 16;
	mac[4] = i >> 8;
	mac[5] = i;
}

static void client_set(struct evb_client *c, const char *name,
		       unsigned int first, unsigned int nmacs)
{
	unsigned int i;

	memset(c, 0, sizeof(*c));
	strscpy(c->name, name, sizeof(c->name));
	c->nmacs = nmacs;
	for (i = 0; i < nmacs; i++)
		mac_of(c->mac[i], first + i);
}

static void client_lookup(struct kunit *test)
{
	struct evb_client cl[3];
	struct evb_client_tab *t;
	const struct evb_client *c;
	unsigned int bad;
	const char *why;
	u8 mac[ETH_ALEN];

	client_set(&cl[0], "zeta", 100, 2);
	client_set(&cl[1], "alpha", 7, 1);
	client_set(&cl[2], "mid", 50, 8);
	t = evb_client_tab_build(cl, 3, GFP_KERNEL, &bad, &why);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	KUNIT_EXPECT_EQ(test, t->n, 3U);
	KUNIT_EXPECT_EQ(test, t->nidx, 11U);

	/* every MAC finds its client, the first and the last of each */
	mac_of(mac, 101);
	c = evb_client_find_mac(t, mac);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_STREQ(test, c->name, "zeta");
	mac_of(mac, 57);
	c = evb_client_find_mac(t, mac);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_STREQ(test, c->name, "mid");
	mac_of(mac, 7);
	c = evb_client_find_mac(t, mac);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_STREQ(test, c->name, "alpha");
	/* the first declared MAC stays first: it is the client's %m */
	mac_of(mac, 100);
	KUNIT_EXPECT_EQ(test, memcmp(evb_client_find(t, "zeta")->mac[0], mac, ETH_ALEN), 0);

	/* undeclared MACs, just around declared ones */
	mac_of(mac, 6);
	KUNIT_EXPECT_NULL(test, evb_client_find_mac(t, mac));
	mac_of(mac, 58);
	KUNIT_EXPECT_NULL(test, evb_client_find_mac(t, mac));
	mac_of(mac, 102);
	KUNIT_EXPECT_NULL(test, evb_client_find_mac(t, mac));

	KUNIT_EXPECT_NOT_NULL(test, evb_client_find(t, "mid"));
	KUNIT_EXPECT_NULL(test, evb_client_find(t, "mi"));
	KUNIT_EXPECT_NULL(test, evb_client_find(t, "omega"));
	evb_client_tab_free(t);

	/* no table: nobody is declared */
	KUNIT_EXPECT_NULL(test, evb_client_find_mac(NULL, mac));
	KUNIT_EXPECT_NULL(test, evb_client_find(NULL, "mid"));
}

static void client_empty(struct kunit *test)
{
	struct evb_client_tab *t;
	unsigned int bad;
	const char *why;
	u8 mac[ETH_ALEN];

	t = evb_client_tab_build(NULL, 0, GFP_KERNEL, &bad, &why);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	mac_of(mac, 1);
	KUNIT_EXPECT_NULL(test, evb_client_find_mac(t, mac));
	evb_client_tab_free(t);
}

static void client_rejects(struct kunit *test)
{
	struct evb_client cl[3];
	struct evb_client_tab *t;
	unsigned int bad;
	const char *why;

	/* a MAC in two clients: the later client is named */
	client_set(&cl[0], "a", 10, 2);
	client_set(&cl[1], "b", 20, 2);
	client_set(&cl[2], "c", 11, 1);
	t = evb_client_tab_build(cl, 3, GFP_KERNEL, &bad, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR(t), -EEXIST);
	KUNIT_EXPECT_TRUE(test, bad == 0 || bad == 2);

	/* a MAC twice in one client */
	client_set(&cl[0], "a", 10, 2);
	mac_of(cl[0].mac[1], 10);
	t = evb_client_tab_build(cl, 1, GFP_KERNEL, &bad, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR(t), -EEXIST);

	/* two clients with one name */
	client_set(&cl[0], "same", 10, 1);
	client_set(&cl[1], "same", 20, 1);
	t = evb_client_tab_build(cl, 2, GFP_KERNEL, &bad, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR(t), -EEXIST);

	/* bad names, no MACs, too many, multicast */
	client_set(&cl[0], "ok", 10, 1);
	client_set(&cl[1], "../x", 20, 1);
	t = evb_client_tab_build(cl, 2, GFP_KERNEL, &bad, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR(t), -EINVAL);
	KUNIT_EXPECT_EQ(test, bad, 1U);
	client_set(&cl[1], "nomac", 20, 0);
	t = evb_client_tab_build(cl, 2, GFP_KERNEL, &bad, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR(t), -EINVAL);
	client_set(&cl[1], "many", 20, 8);
	cl[1].nmacs = EVB_CLIENT_MACS + 1;
	t = evb_client_tab_build(cl, 2, GFP_KERNEL, &bad, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR(t), -EINVAL);
	client_set(&cl[1], "mcast", 20, 1);
	cl[1].mac[0][0] = 0x01;
	t = evb_client_tab_build(cl, 2, GFP_KERNEL, &bad, &why);
	KUNIT_EXPECT_EQ(test, PTR_ERR(t), -EINVAL);
	KUNIT_EXPECT_EQ(test, bad, 1U);
}

/*
 * A declared client's name never collides with what %c makes of a lone MAC
 * (its 12 hex digits), and never differs from another only in case.
 */
static void client_names(struct kunit *test)
{
	static const char * const bad[] = {
		"020000000c01", "0123456789ab", "ffffffffffff", "000000000000",
		"Node1", "NODE1", "nodE", "A", "_x", "a b",
	};
	static const char * const ok[] = {
		"node1", "0123456789a", "0123456789abc", "0123456789ag",
		"n0de-1.x_y", "9lives", "a", "host.example.org",
	};
	struct evb_client cl;
	struct evb_client_tab *t;
	unsigned int bad_i, i;
	const char *why;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		client_set(&cl, bad[i], 10, 1);
		t = evb_client_tab_build(&cl, 1, GFP_KERNEL, &bad_i, &why);
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(t), -EINVAL, "name \"%s\"", bad[i]);
		if (!IS_ERR(t))
			evb_client_tab_free(t);
	}
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		client_set(&cl, ok[i], 10, 1);
		t = evb_client_tab_build(&cl, 1, GFP_KERNEL, &bad_i, &why);
		KUNIT_EXPECT_FALSE_MSG(test, IS_ERR(t), "name \"%s\"", ok[i]);
		if (!IS_ERR(t))
			evb_client_tab_free(t);
	}
}

/* A declared client's MACs are one ACL subject. */
static void client_acl(struct kunit *test)
{
	struct evb_acl *acl = kunit_kzalloc(test, struct_size(acl, rule, 2),
					    GFP_KERNEL);
	struct evb_client c;

	KUNIT_ASSERT_NOT_NULL(test, acl);
	client_set(&c, "tc1", 10, 2);

	/* default deny, allow the second MAC: the whole client is allowed */
	acl->n = 1;
	acl->rule[0].allow = 1;
	acl->rule[0].kind = EVB_ACL_MAC;
	memcpy(acl->rule[0].mac, c.mac[1], ETH_ALEN);
	KUNIT_EXPECT_TRUE(test, evb_acl_allows_client(acl, c.mac, 2, c.name));
	KUNIT_EXPECT_FALSE(test, evb_acl_allows_client(acl, c.mac, 1, NULL));

	/* deny one MAC: the whole client is denied, whatever allows it */
	acl->n = 2;
	acl->rule[1].allow = 0;
	acl->rule[1].kind = EVB_ACL_MAC;
	memcpy(acl->rule[1].mac, c.mac[0], ETH_ALEN);
	acl->rule[0].kind = EVB_ACL_CLIENT;
	strscpy(acl->rule[0].client, "tc1", sizeof(acl->rule[0].client));
	KUNIT_EXPECT_FALSE(test, evb_acl_allows_client(acl, c.mac, 2, c.name));

	/* a name rule does not match an undeclared MAC of the same bytes */
	acl->n = 1;
	acl->default_allow = 0;
	KUNIT_EXPECT_TRUE(test, evb_acl_allows_client(acl, c.mac, 2, "tc1"));
	KUNIT_EXPECT_FALSE(test, evb_acl_allows_client(acl, c.mac, 2, NULL));
	KUNIT_EXPECT_TRUE(test, evb_acl_allows_client(NULL, c.mac, 2, NULL));
}

static struct kunit_case client_cases[] = {
	KUNIT_CASE(client_lookup),
	KUNIT_CASE(client_empty),
	KUNIT_CASE(client_rejects),
	KUNIT_CASE(client_names),
	KUNIT_CASE(client_acl),
	{}
};

static struct kunit_suite client_suite = {
	.name = "evblade_client",
	.test_cases = client_cases,
};

kunit_test_suite(client_suite);
