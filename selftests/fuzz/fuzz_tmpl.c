// SPDX-License-Identifier: GPL-2.0
/*
 * tmpl.c: any template, client name, MAC and file name.  A template
 * check, an expansion and a match must agree: a checked template expands
 * (for a valid client) to a path in the template's own directory whose
 * file name is never "." or ".." and matches the template; an expansion
 * never overruns its buffer; the name rules agree with a model.
 */
#include "fuzz.h"
#include "tmpl.h"

static bool ref_name_valid(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n > 31 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_' || s[i] == '.' || s[i] == '-'))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = { data, size };
	u8 mac[ETH_ALEN];
	size_t osize = fz_u16(&f) % 4200;
	char *tmpl = fz_str(&f, 4200), *client = fz_str(&f, 40), *name = fz_str(&f, 300);
	const char *why = NULL, *cl = fz_u8(&f) & 1 ? NULL : client;
	char *out = malloc(osize ? osize : 1);
	int ok, len;

	fz_bytes(&f, mac, ETH_ALEN);
	CHECK(evb_client_name_valid(client) == ref_name_valid(client));
	CHECK(!evb_client_name_valid(NULL));

	ok = evb_tmpl_check(tmpl, &why) == 0;
	CHECK(ok || why);
	CHECK(evb_tmpl_check(tmpl, NULL) == (ok ? 0 : -EINVAL));
	len = evb_tmpl_expand(tmpl, mac, cl, out, osize);
	if (!ok)
		CHECK(len == -EINVAL);
	if (len < 0) {
		CHECK(len == -EINVAL || len == -ENAMETOOLONG);
		CHECK(!osize || !out[0]);
	} else {
		const char *slash = strrchr(tmpl, '/'), *base;
		size_t dir = slash - tmpl + 1;

		CHECK(ok);
		CHECK((size_t)len < osize && (size_t)len < PATH_MAX && strlen(out) == (size_t)len);
		/* in the template's directory, one plain file name below it */
		CHECK((size_t)len > dir && !memcmp(out, tmpl, dir));
		base = out + dir;
		CHECK(!strchr(base, '/') && strlen(base) <= NAME_MAX);
		CHECK(strcmp(base, ".") && strcmp(base, ".."));
		CHECK(evb_tmpl_match(tmpl, base));
		/* with an ample buffer, the same */
		{
			char *big = malloc(PATH_MAX);

			CHECK(evb_tmpl_expand(tmpl, mac, cl, big, PATH_MAX) == len &&
			      !strcmp(big, out));
			free(big);
		}
	}
	/* a checked template's shortest expansion (one-byte name) always fits */
	if (ok) {
		char *big = malloc(PATH_MAX);
		int n = evb_tmpl_expand(tmpl, mac, "a", big, PATH_MAX);

		CHECK(n > 0 && evb_tmpl_match(tmpl, strrchr(big, '/') + 1));
		free(big);
	}

	/* any name: no crash, and never a match for an invalid template */
	if (evb_tmpl_match(tmpl, name)) {
		CHECK(ok && strlen(name) <= NAME_MAX && !strchr(name, '/'));
	}
	CHECK(!evb_tmpl_match(tmpl, NULL));

	free(out);
	free(tmpl);
	free(client);
	free(name);
	return 0;
}
