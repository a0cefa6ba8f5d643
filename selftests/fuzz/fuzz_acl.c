// SPDX-License-Identifier: GPL-2.0
/*
 * acl.c: any rule list (raw, as a netlink request could fill it, or
 * built from a small alphabet of MACs and names so that duplicates and
 * matches happen), checked rule by rule and as a whole against a model;
 * decisions for clients of one or several MACs against "deny wins, then
 * allow, then the default"; the decision cache across generations.
 */
#include "fuzz.h"
#include "acl.h"

static const char *const names[] = { "a", "b", "host-1", "0x", "db.2", "n_3", "Z", "" };

static void small_mac(u8 *mac, u8 b)
{
	static const u8 base[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0 };

	memcpy(mac, base, ETH_ALEN);
	mac[5] = b % 12;
	if (b >= 250)
		mac[0] = b & 1;		/* multicast, or zero */
	if (b == 255)
		memset(mac, 0, ETH_ALEN);
}

static bool ref_rule_ok(const struct evb_acl_rule *r)
{
	if (r->allow > 1)
		return false;
	if (r->kind == EVB_ACL_MAC)
		return !(r->mac[0] & 1) && memchr_inv(r->mac, 0, ETH_ALEN);
	if (r->kind == EVB_ACL_CLIENT)
		return evb_client_name_valid(r->client);
	return false;
}

static bool ref_same(const struct evb_acl_rule *a, const struct evb_acl_rule *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == EVB_ACL_MAC)
		return !memcmp(a->mac, b->mac, ETH_ALEN);
	return !strncmp(a->client, b->client, EVB_CLIENT_NAME_MAX);
}

static bool ref_allows(const struct evb_acl *acl, const u8 macs[][ETH_ALEN],
		       unsigned int n, const char *client)
{
	bool deny = false, allow = false;
	unsigned int i, j;

	for (i = 0; i < acl->n; i++) {
		const struct evb_acl_rule *r = &acl->rule[i];
		bool m = false;

		if (r->kind == EVB_ACL_CLIENT && client)
			m = !strncmp(r->client, client, EVB_CLIENT_NAME_MAX);
		for (j = 0; r->kind == EVB_ACL_MAC && j < n; j++)
			m |= !memcmp(r->mac, macs[j], ETH_ALEN);
		if (m && r->allow)
			allow = true;
		if (m && !r->allow)
			deny = true;
	}
	return !deny && (allow || acl->default_allow);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = { data, size };
	u8 mode = fz_u8(&f);
	unsigned int n = fz_u16(&f) % (EVB_ACL_MAX_RULES + 2), i, j, bad = ~0U;
	struct evb_acl *acl = evb_acl_alloc(n, GFP_KERNEL);
	const char *why = NULL;
	int ret, want_bad = -1;
	unsigned long cache;

	if (n > EVB_ACL_MAX_RULES) {
		CHECK(!acl);
		return 0;
	}
	CHECK(acl && acl->n == n && !acl->default_allow);
	acl->default_allow = mode & 2 ? fz_u8(&f) : (mode >> 2) & 1;
	for (i = 0; i < n && fz_left(&f); i++) {
		struct evb_acl_rule *r = &acl->rule[i];

		if (mode & 1) {
			fz_bytes(&f, r, sizeof(*r));
		} else {
			u8 b = fz_u8(&f);

			r->allow = b & 1;
			r->kind = b & 2 ? EVB_ACL_CLIENT : EVB_ACL_MAC;
			if (r->kind == EVB_ACL_MAC)
				small_mac(r->mac, b >> 2);
			else
				strcpy(r->client, names[(b >> 2) % ARRAY_SIZE(names)]);
		}
	}
	for (; i < n; i++)
		acl->rule[i].kind = 0;	/* what evb_acl_alloc() left */

	/* the check, against the model */
	for (i = 0; i < n && want_bad < 0; i++) {
		const char *w = NULL;
		bool rok = ref_rule_ok(&acl->rule[i]);

		CHECK((evb_acl_rule_check(&acl->rule[i], &w) == 0) == rok);
		CHECK(rok || w);
		if (!rok)
			want_bad = i;
		for (j = 0; rok && j < i; j++)
			if (ref_same(&acl->rule[i], &acl->rule[j]))
				want_bad = i;
	}
	if (acl->default_allow > 1)
		want_bad = n;
	ret = evb_acl_check(acl, &bad, &why);
	CHECK((ret == 0) == (want_bad < 0));
	if (ret)
		CHECK(ret == -EINVAL && why && bad == (unsigned int)want_bad);
	CHECK(evb_acl_check(NULL, NULL, NULL) == 0);

	/* decisions, valid ACL or not */
	while (fz_left(&f)) {
		u8 macs[8][ETH_ALEN];
		unsigned int nm = 1 + fz_u8(&f) % 8;
		u8 c = fz_u8(&f);
		const char *client = c & 0x80 ? NULL : names[c % ARRAY_SIZE(names)];
		bool a;

		for (i = 0; i < nm; i++)
			small_mac(macs[i], fz_u8(&f));
		a = evb_acl_allows_client(acl, macs, nm, client);
		CHECK(a == ref_allows(acl, macs, nm, client));
		CHECK(evb_acl_allows(acl, macs[0], client) == ref_allows(acl, macs, 1, client));
		CHECK(evb_acl_allows_client(NULL, macs, nm, client));
	}

	/* the cache: a stored decision is never replaced by an older one */
	cache = evb_acl_cache(0, false);
	f.p = data;
	f.n = size;
	for (i = 0; i < 16 && fz_left(&f); i++) {
		unsigned int gen = fz_u32(&f);
		bool allowed = fz_u8(&f) & 1;
		unsigned long before = cache;
		bool r = evb_acl_cache_store(&cache, gen, allowed);

		if (cache == before) {
			CHECK(r == evb_acl_cache_allowed(before));
		} else {
			CHECK(cache == evb_acl_cache(gen, allowed) && r == allowed);
			CHECK(evb_acl_cache_valid(cache, gen));
			CHECK(!evb_acl_cache_valid(before, gen) ||
			      evb_acl_cache_allowed(before) != allowed);
		}
		/* the same generation again: the first decision stays */
		if (evb_acl_cache_valid(cache, gen))
			CHECK(evb_acl_cache_store(&cache, gen, !allowed) ==
			      evb_acl_cache_allowed(cache) &&
			      evb_acl_cache_valid(cache, gen));
	}
	kfree(acl);
	return 0;
}
