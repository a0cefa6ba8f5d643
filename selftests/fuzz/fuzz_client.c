// SPDX-License-Identifier: GPL-2.0
/*
 * client.c: a client table built from any declaration list (raw bytes,
 * or names and MACs from a small alphabet so that duplicates happen),
 * checked against a model: refused exactly when a client is invalid or a
 * name or MAC repeats, with the blamed index really at fault; and once
 * built, every name and every MAC finds its client and nothing else does.
 */
#include "fuzz.h"
#include "client.h"

static const char *const names[] = {
	"a", "b", "c", "web-1", "db.2", "n_3", "0123456789ab", "0123456789AB",
	"Up", "-x", "", "abcdefghijklmnopqrstuvwxyz01234", "x0",
};

static void small_mac(u8 *mac, u8 b)
{
	static const u8 base[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0 };

	memcpy(mac, base, ETH_ALEN);
	mac[5] = b % 40;
	if (b >= 250)
		mac[0] = b & 1;
	if (b == 255)
		memset(mac, 0, ETH_ALEN);
}

static bool ref_name_ok(const char *s, size_t max)
{
	size_t i, n = strnlen(s, max);

	if (n == max || !evb_client_name_valid(s))
		return false;
	if (n != 12)
		return true;
	for (i = 0; i < 12; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return true;
	return false;
}

static bool ref_client_ok(const struct evb_client *c)
{
	unsigned int i;

	if (!ref_name_ok(c->name, EVB_CLIENT_NAME_MAX) || !c->nmacs ||
	    c->nmacs > EVB_CLIENT_MACS)
		return false;
	for (i = 0; i < c->nmacs; i++)
		if ((c->mac[i][0] & 1) || !memchr_inv(c->mac[i], 0, ETH_ALEN))
			return false;
	return true;
}

/* How many times @mac is declared in @cl. */
static unsigned int mac_count(const struct evb_client *cl, unsigned int n, const u8 *mac)
{
	unsigned int i, j, k = 0;

	for (i = 0; i < n; i++)
		for (j = 0; j < cl[i].nmacs; j++)
			k += !memcmp(cl[i].mac[j], mac, ETH_ALEN);
	return k;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = { data, size };
	u8 mode = fz_u8(&f);
	unsigned int n = fz_u8(&f) % 65, i, j, bad = ~0U;
	struct evb_client *cl = calloc(n ? n : 1, sizeof(*cl));
	struct evb_client_tab *t;
	const char *why = NULL;
	int first_bad = -1;
	bool dup_name = false, dup_mac = false;

	if (mode == 0xff)
		n = EVB_CLIENTS_MAX + 1;
	for (i = 0; i < n && mode != 0xff; i++) {
		if (mode & 1) {
			fz_bytes(&f, &cl[i], sizeof(cl[i]));
		} else {
			u8 b = fz_u8(&f);

			strcpy(cl[i].name, names[b % ARRAY_SIZE(names)]);
			cl[i].nmacs = 1 + (b >> 4) % 8;
			if ((mode & 2) && !(b & 0x0f))
				cl[i].nmacs = (b >> 4) % 10;
			for (j = 0; j < EVB_CLIENT_MACS; j++)
				small_mac(cl[i].mac[j], fz_u8(&f));
		}
	}

	t = evb_client_tab_build(cl, n, GFP_KERNEL, &bad, &why);
	if (n > EVB_CLIENTS_MAX) {
		CHECK(IS_ERR(t) && PTR_ERR(t) == -E2BIG && why);
		free(cl);
		return 0;
	}
	for (i = 0; i < n && first_bad < 0; i++)
		if (!ref_client_ok(&cl[i]))
			first_bad = i;
	for (i = 0; i < n; i++)
		CHECK((evb_client_name_fault(cl[i].name) == NULL) ==
		      ref_name_ok(cl[i].name, EVB_CLIENT_NAME_MAX) ||
		      strnlen(cl[i].name, EVB_CLIENT_NAME_MAX) == EVB_CLIENT_NAME_MAX);
	if (first_bad >= 0) {
		CHECK(IS_ERR(t) && PTR_ERR(t) == -EINVAL && bad == (unsigned int)first_bad && why);
		free(cl);
		return 0;
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			dup_name |= !strcmp(cl[i].name, cl[j].name);
		for (j = 0; j < cl[i].nmacs; j++)
			dup_mac |= mac_count(cl, n, cl[i].mac[j]) > 1;
	}
	if (dup_name || dup_mac) {
		CHECK(IS_ERR(t) && PTR_ERR(t) == -EEXIST && why && bad < n);
		if (dup_name) {
			bool other = false;

			for (j = 0; j < n; j++)
				other |= j != bad && !strcmp(cl[j].name, cl[bad].name);
			CHECK(other);
		} else {
			bool shared = false;

			for (j = 0; j < cl[bad].nmacs; j++)
				shared |= mac_count(cl, n, cl[bad].mac[j]) > 1;
			CHECK(shared);
		}
		free(cl);
		return 0;
	}
	CHECK(!IS_ERR_OR_NULL(t) && t->n == n);
	for (i = 0; i < n; i++) {
		const struct evb_client *c = evb_client_find(t, cl[i].name);

		CHECK(c && !memcmp(c, &cl[i], sizeof(*c)));
		for (j = 0; j < cl[i].nmacs; j++)
			CHECK(evb_client_find_mac(t, cl[i].mac[j]) == c);
	}
	while (fz_left(&f)) {
		u8 mac[ETH_ALEN];
		const struct evb_client *c;
		const char *nm = names[fz_u8(&f) % ARRAY_SIZE(names)];

		small_mac(mac, fz_u8(&f));
		c = evb_client_find_mac(t, mac);
		CHECK(!c == !mac_count(cl, n, mac));
		c = evb_client_find(t, nm);
		if (c)
			CHECK(!strcmp(c->name, nm));
		for (i = 0; !c && i < n; i++)
			CHECK(strcmp(cl[i].name, nm));
	}
	CHECK(!evb_client_find(NULL, "a") && !evb_client_find_mac(NULL, cl[0].mac[0]));
	evb_client_tab_free(t);
	free(cl);
	return 0;
}
