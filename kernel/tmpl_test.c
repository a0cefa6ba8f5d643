// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite evblade_tmpl: backing-path templates of private blades and
 * client names, over every escape and every length edge.  Built into
 * evblade.ko only with EVBLADE_KUNIT=1.
 */
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/string.h>

#include "tmpl.h"

static const u8 mac1[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };

/*
 * A template of a directory part of exactly @dir_len bytes (leading and
 * trailing '/' included; components of at most 200 bytes), then @lits
 * bytes of file name, then @tail.
 */
static char *long_tmpl(struct kunit *test, size_t dir_len, size_t lits,
		       const char *tail)
{
	size_t rem = dir_len - 1, len = dir_len + lits + strlen(tail);
	char *buf = kunit_kzalloc(test, len + 1, GFP_KERNEL);
	char *p;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NE(test, rem, 1);
	p = buf;
	*p++ = '/';
	while (rem) {
		size_t take = min_t(size_t, rem, 201);

		if (rem - take == 1)
			take--;
		memset(p, 'd', take - 1);
		p[take - 1] = '/';
		p += take;
		rem -= take;
	}
	memset(p, 'n', lits);
	strcpy(p + lits, tail);
	KUNIT_ASSERT_EQ(test, strlen(buf), len);
	return buf;
}

/* A string of @n copies of @c. */
static char *repeat(struct kunit *test, char c, size_t n)
{
	char *buf = kunit_kzalloc(test, n + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, c, n);
	return buf;
}

/* @pre, then @n copies of @c, then @post. */
static char *around(struct kunit *test, const char *pre, char c, size_t n,
		    const char *post)
{
	size_t len = strlen(pre) + n + strlen(post);
	char *buf = kunit_kzalloc(test, len + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	strcpy(buf, pre);
	memset(buf + strlen(pre), c, n);
	strcpy(buf + strlen(pre) + n, post);
	return buf;
}

/* evb_tmpl_check() fails, with a reason that contains @word. */
static void expect_bad(struct kunit *test, const char *tmpl, const char *word)
{
	const char *why = NULL;

	KUNIT_EXPECT_EQ_MSG(test, evb_tmpl_check(tmpl, &why), -EINVAL,
			    "template %s", tmpl);
	KUNIT_ASSERT_NOT_NULL_MSG(test, why, "template %s", tmpl);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(why, word),
				  "template %s: \"%s\" lacks \"%s\"", tmpl, why, word);
}

static void expect_ok(struct kunit *test, const char *tmpl)
{
	const char *why = "untouched";

	KUNIT_EXPECT_EQ_MSG(test, evb_tmpl_check(tmpl, &why), 0, "template %s", tmpl);
	KUNIT_EXPECT_STREQ(test, why, "untouched");
}

static void tmpl_expand_escapes(struct kunit *test)
{
	static const struct { const char *tmpl, *client, *path; } cases[] = {
		{ "/srv/evblade/swap-%m.img", NULL, "/srv/evblade/swap-020000000001.img" },
		{ "/srv/evblade/%c.img", "alpha", "/srv/evblade/alpha.img" },
		{ "/srv/%c-%m-%%.img", "b-2", "/srv/b-2-020000000001-%.img" },
		{ "/srv/%%m-%c", "x", "/srv/%m-x" },
		{ "/srv/%%%m%%", NULL, "/srv/%020000000001%" },
		{ "/srv/%m%m", NULL, "/srv/020000000001020000000001" },
		{ "/%c", "root_ok", "/root_ok" },
		{ "/srv/.%c", "y", "/srv/.y" },
	};
	char out[64];
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KUNIT_EXPECT_EQ_MSG(test, evb_tmpl_expand(cases[i].tmpl, mac1, cases[i].client,
							  out, sizeof(out)),
				    (int)strlen(cases[i].path), "template %s", cases[i].tmpl);
		KUNIT_EXPECT_STREQ(test, out, cases[i].path);
	}
}

/* 12 lowercase hex digits, no separators, leading zeros kept. */
static void tmpl_expand_mac_format(struct kunit *test)
{
	static const struct { u8 mac[ETH_ALEN]; const char *path; } cases[] = {
		{ { 0x00, 0x0a, 0xff, 0x10, 0xb0, 0x0c }, "/m/000aff10b00c" },
		{ { 0, 0, 0, 0, 0, 0 }, "/m/000000000000" },
		{ { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, "/m/ffffffffffff" },
		{ { 0xAB, 0xCD, 0xEF, 0x01, 0x23, 0x45 }, "/m/abcdef012345" },
	};
	char out[32];
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KUNIT_EXPECT_EQ(test, evb_tmpl_expand("/m/%m", cases[i].mac, NULL,
						      out, sizeof(out)), 15);
		KUNIT_EXPECT_STREQ(test, out, cases[i].path);
	}
}

static void tmpl_check_ok(struct kunit *test)
{
	expect_ok(test, "/srv/evblade/swap-%m.img");
	expect_ok(test, "/%m");
	expect_ok(test, "/%c");
	expect_ok(test, "/a/b/c/d/%c-%m");
	expect_ok(test, "/srv/..%m");		/* only "." and ".." are special */
	expect_ok(test, "/srv/%c..");
	expect_ok(test, "/srv/.../%m");
	expect_ok(test, "/srv/.hidden/%m");
	expect_ok(test, "/srv/with space/%m");
	expect_ok(test, "/srv/100%%-%c");
	KUNIT_EXPECT_EQ(test, evb_tmpl_check("/srv/%m", NULL), 0);
	KUNIT_EXPECT_EQ(test, evb_tmpl_check("/srv/%x", NULL), -EINVAL);
}

static void tmpl_check_not_absolute(struct kunit *test)
{
	expect_bad(test, NULL, "absolute");
	expect_bad(test, "", "absolute");
	expect_bad(test, "%m", "absolute");
	expect_bad(test, "srv/%m", "absolute");
	expect_bad(test, "./%m", "absolute");
	expect_bad(test, "~/%m", "absolute");
}

/* Only %m, %c and %% are escapes; a lone % at the end is not one either. */
static void tmpl_check_unknown_escapes(struct kunit *test)
{
	static const char * const unknown[] = {
		"/srv/%x%m", "/srv/%M", "/srv/%C", "/srv/%m%s", "/srv/%m%d",
		"/srv/%m% ", "/srv/%m%.img", "/srv/%c%-", "/srv/%m%%%n",
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(unknown); i++)
		expect_bad(test, unknown[i], "unknown escape");
	expect_bad(test, "/srv/%m%", "lone %");
	expect_bad(test, "/srv/%m%%%", "lone %");
	expect_bad(test, "/srv/%", "lone %");
	expect_ok(test, "/srv/%m%%");
}

/* No escape, not even %%, above the file name. */
static void tmpl_check_dir_escapes(struct kunit *test)
{
	static const char * const bad[] = {
		"/srv/%m/x.img", "/srv/%c/%m", "/%m/%m", "/srv/%%/%m",
		"/srv/a%x/%m", "/srv/%/%m", "/srv/pre%m/post/%c",
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		expect_bad(test, bad[i], "only in the file name");
}

static void tmpl_check_dot_components(struct kunit *test)
{
	expect_bad(test, "/srv/./%m", ". or ..");
	expect_bad(test, "/srv/../%m", ". or ..");
	expect_bad(test, "/./%m", ". or ..");
	expect_bad(test, "/../%m", ". or ..");
	expect_bad(test, "/srv/a/../../etc/%m", ". or ..");
	expect_bad(test, "//srv/%m", "empty directory");
	expect_bad(test, "/srv//%m", "empty directory");
	expect_bad(test, "/srv/.", "file name must not be . or ..");
	expect_bad(test, "/srv/..", "file name must not be . or ..");
	expect_bad(test, "/..", "file name must not be . or ..");
	expect_bad(test, "/srv/", "end in a file name");
	expect_bad(test, "/", "end in a file name");
}

/* Without %m or %c every client would get the same file. */
static void tmpl_check_per_client(struct kunit *test)
{
	expect_bad(test, "/srv/evblade/shared.img", "%m or %c");
	expect_bad(test, "/srv/evblade/%%m.img", "%m or %c");
	expect_bad(test, "/srv/evblade/%%c%%", "%m or %c");
	expect_bad(test, "/srv/m", "%m or %c");
	expect_ok(test, "/srv/evblade/%%%c");
}

static void tmpl_check_length(struct kunit *test)
{
	char *tmpl;

	/* 4095 bytes pass, 4096 do not */
	expect_ok(test, long_tmpl(test, 4080, 13, "%c"));
	expect_bad(test, long_tmpl(test, 4080, 14, "%c"), "longer than 4095 bytes");
	tmpl = long_tmpl(test, 4080, 13, "%c");
	KUNIT_EXPECT_EQ(test, evb_tmpl_check(tmpl, NULL), 0);

	/* directory names up to NAME_MAX */
	expect_ok(test, around(test, "/", 'd', NAME_MAX, "/%m"));
	expect_bad(test, around(test, "/srv/", 'd', NAME_MAX + 1, "/%m"), "directory name");

	/* the file name's shortest expansion: %m is 12 bytes, %c 1, %% 1 */
	expect_ok(test, long_tmpl(test, 5, NAME_MAX - 12, "%m"));
	expect_bad(test, long_tmpl(test, 5, NAME_MAX - 11, "%m"), "file name is longer than 255");
	expect_ok(test, long_tmpl(test, 5, NAME_MAX - 1, "%c"));
	expect_bad(test, long_tmpl(test, 5, NAME_MAX, "%c"), "file name is longer than 255");
	expect_ok(test, long_tmpl(test, 5, NAME_MAX - 2, "%%%c"));
	expect_bad(test, long_tmpl(test, 5, NAME_MAX - 1, "%%%c"), "file name is longer than 255");

	/* the whole path's shortest expansion */
	expect_ok(test, long_tmpl(test, 4083, 0, "%m"));
	expect_bad(test, long_tmpl(test, 4084, 0, "%m"), "longer than 4095 bytes for any client");
}

/* A file name of NAME_MAX bytes expands, one more does not. */
static void tmpl_expand_name_max(struct kunit *test)
{
	char *out = kunit_kzalloc(test, PATH_MAX, GFP_KERNEL);
	char *c31 = repeat(test, 'c', EVB_CLIENT_NAME_MAX - 1);
	char *tmpl;

	KUNIT_ASSERT_NOT_NULL(test, out);
	tmpl = long_tmpl(test, 5, NAME_MAX - 31, "%c");
	KUNIT_EXPECT_EQ(test, evb_tmpl_expand(tmpl, mac1, c31, out, PATH_MAX), 5 + NAME_MAX);
	KUNIT_EXPECT_EQ(test, strlen(strrchr(out, '/') + 1), NAME_MAX);
	tmpl = long_tmpl(test, 5, NAME_MAX - 30, "%c");
	KUNIT_EXPECT_EQ(test, evb_tmpl_check(tmpl, NULL), 0);
	KUNIT_EXPECT_EQ(test, evb_tmpl_expand(tmpl, mac1, c31, out, PATH_MAX), -ENAMETOOLONG);
	KUNIT_EXPECT_STREQ(test, out, "");
	/* the same template, with a shorter client, fits */
	KUNIT_EXPECT_EQ(test, evb_tmpl_expand(tmpl, mac1, "c", out, PATH_MAX), 5 + 226);

	tmpl = long_tmpl(test, 5, NAME_MAX - 12, "%m");
	KUNIT_EXPECT_EQ(test, evb_tmpl_expand(tmpl, mac1, NULL, out, PATH_MAX), 5 + NAME_MAX);
}

/* The result must fit in @size with its NUL, and in PATH_MAX whatever @size. */
static void tmpl_expand_size(struct kunit *test)
{
	char *out = kunit_kzalloc(test, 2 * PATH_MAX, GFP_KERNEL);
	char *tmpl;

	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_EXPECT_EQ(test, evb_tmpl_expand("/srv/%m", mac1, NULL, out, 18), 17);
	KUNIT_EXPECT_STREQ(test, out, "/srv/020000000001");
	KUNIT_EXPECT_EQ(test, evb_tmpl_expand("/srv/%m", mac1, NULL, out, 17), -ENAMETOOLONG);
	KUNIT_EXPECT_STREQ(test, out, "");
	KUNIT_EXPECT_EQ(test, evb_tmpl_expand("/srv/%m", mac1, NULL, out, 1), -ENAMETOOLONG);
	KUNIT_EXPECT_STREQ(test, out, "");
	/* size 0: not a byte written */
	out[0] = 'x';
	KUNIT_EXPECT_EQ(test, evb_tmpl_expand("/srv/%m", mac1, NULL, out, 0), -ENAMETOOLONG);
	KUNIT_EXPECT_EQ(test, out[0], 'x');

	/* 4065 + 30 = 4095 bytes fit in PATH_MAX, 4096 do not */
	tmpl = long_tmpl(test, 4065, 0, "%c");
	KUNIT_EXPECT_EQ(test, evb_tmpl_expand(tmpl, mac1, repeat(test, 'c', 30), out,
					      2 * PATH_MAX), PATH_MAX - 1);
	KUNIT_EXPECT_EQ(test, evb_tmpl_expand(tmpl, mac1, repeat(test, 'c', 31), out,
					      2 * PATH_MAX), -ENAMETOOLONG);
	KUNIT_EXPECT_STREQ(test, out, "");
}

/* %c needs a valid client name; without %c the client is not looked at. */
static void tmpl_expand_client(struct kunit *test)
{
	static const char * const bad[] = {
		"", ".", "..", "../etc", "a/b", ".hidden", "-opt",
	};
	char out[64];
	int i;

	KUNIT_EXPECT_EQ(test, evb_tmpl_expand("/srv/%c", mac1, NULL, out, sizeof(out)), -EINVAL);
	KUNIT_EXPECT_STREQ(test, out, "");
	KUNIT_EXPECT_EQ(test, evb_tmpl_expand("/srv/%m-%c", mac1, NULL, out, sizeof(out)),
			-EINVAL);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, evb_tmpl_expand("/srv/%c", mac1, bad[i], out,
							  sizeof(out)),
				    -EINVAL, "client \"%s\"", bad[i]);
	/* an escaped %%c needs no client */
	KUNIT_EXPECT_EQ(test, evb_tmpl_expand("/srv/%%c%m", mac1, NULL, out, sizeof(out)), 19);
	KUNIT_EXPECT_STREQ(test, out, "/srv/%c020000000001");
	KUNIT_EXPECT_EQ(test, evb_tmpl_expand("/srv/%m", mac1, "../x", out, sizeof(out)), 17);
	KUNIT_EXPECT_STREQ(test, out, "/srv/020000000001");
}

/* Expansion checks the template again, and refuses what the check refuses. */
static void tmpl_expand_invalid(struct kunit *test)
{
	static const char * const bad[] = {
		"srv/%m", "/srv/%x", "/srv/%m%", "/srv/%m/x", "/srv/../%m",
		"/srv/x.img", NULL,
	};
	char out[64];
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(out, 'x', sizeof(out));
		KUNIT_EXPECT_EQ_MSG(test, evb_tmpl_expand(bad[i], mac1, "c", out, sizeof(out)),
				    -EINVAL, "template %s", bad[i]);
		KUNIT_EXPECT_STREQ(test, out, "");
	}
}

static void tmpl_client_name(struct kunit *test)
{
	static const char * const ok[] = {
		"a", "0", "alpha", "a-z_0.9", "host.example.org", "a..", "a-",
		"9lives", "020000000c01",
	};
	static const char * const bad[] = {
		"", ".", "..", ".a", "-a", "_", "_a", "Z", "A-z_0.9", "alphA",
		"a/b", "/", "a b", "a%b", "a:b", "a\\b",
		"caf\xc3\xa9", "\xc0", "a\tb", "a\nb",
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(ok); i++)
		KUNIT_EXPECT_TRUE_MSG(test, evb_client_name_valid(ok[i]), "name \"%s\"", ok[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_FALSE_MSG(test, evb_client_name_valid(bad[i]), "name \"%s\"", bad[i]);
	KUNIT_EXPECT_FALSE(test, evb_client_name_valid(NULL));
	/* 31 bytes fit EVB_CLIENT_NAME_MAX with the NUL, 32 do not */
	KUNIT_EXPECT_TRUE(test, evb_client_name_valid(repeat(test, 'n', EVB_CLIENT_NAME_MAX - 1)));
	KUNIT_EXPECT_FALSE(test, evb_client_name_valid(repeat(test, 'n', EVB_CLIENT_NAME_MAX)));
	KUNIT_EXPECT_FALSE(test, evb_client_name_valid(repeat(test, 'n', 1000)));
}

/* Every name a template expands to matches it. */
static void tmpl_match_expansions(struct kunit *test)
{
	static const char * const tmpls[] = {
		"/srv/cow/%m.cow", "/srv/%c.img", "/srv/%c-%m-%%.img", "/srv/%%m-%c",
		"/srv/%%%m%%", "/srv/%m%m", "/%c", "/srv/.%c", "/srv/%c%c", "/srv/%c-%c",
		"/srv/%c.%m", "/srv/x%cy%cz",
	};
	static const char * const clients[] = {
		"a", "alpha", "b-2", "a.b", "host.example.org", "0", "x-y-z", "a..",
		"n123456789012345678901234567890",
	};
	static const u8 macs[][ETH_ALEN] = {
		{ 0x02, 0, 0, 0, 0, 0x01 }, { 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45 },
		{ 0, 0, 0, 0, 0, 0 },
	};
	char out[128];
	int t, c, m;

	for (t = 0; t < ARRAY_SIZE(tmpls); t++)
		for (c = 0; c < ARRAY_SIZE(clients); c++)
			for (m = 0; m < ARRAY_SIZE(macs); m++) {
				KUNIT_ASSERT_GT(test, evb_tmpl_expand(tmpls[t], macs[m], clients[c],
								      out, sizeof(out)), 0);
				KUNIT_EXPECT_TRUE_MSG(test, evb_tmpl_match(tmpls[t],
									   strrchr(out, '/') + 1),
						      "template %s, name %s", tmpls[t], out);
			}
}

static void tmpl_match(struct kunit *test)
{
	static const struct { const char *tmpl, *name; bool match; } cases[] = {
		/* %m: exactly 12 lowercase hex digits */
		{ "/srv/%m.cow", "020000000001.cow", true },
		{ "/srv/%m.cow", "abcdef012345.cow", true },
		{ "/srv/%m.cow", "ABCDEF012345.cow", false },
		{ "/srv/%m.cow", "02000000001.cow", false },
		{ "/srv/%m.cow", "0200000000011.cow", false },
		{ "/srv/%m.cow", "02000000000g.cow", false },
		{ "/srv/%m.cow", "02:00:00:00:00:01.cow", false },
		{ "/srv/%m.cow", "020000000001.cow.tmp", false },
		{ "/srv/%m.cow", "020000000001.co", false },
		{ "/srv/%m.cow", "x020000000001.cow", false },
		{ "/srv/%m.cow", ".cow", false },
		{ "/srv/%m.cow", "", false },
		{ "/srv/%m", "020000000001", true },
		{ "/srv/%m%m", "020000000001abcdefabcdef", true },
		{ "/srv/%m%m", "020000000001abcdefabcde", false },
		/* %c: a valid client name, however long, split every way */
		{ "/srv/%c.img", "alpha.img", true },
		{ "/srv/%c.img", "a.b.img", true },
		{ "/srv/%c.img", ".img", false },
		{ "/srv/%c.img", "-a.img", false },
		{ "/srv/%c.img", "Alpha.img", false },
		{ "/srv/%c.img", "al pha.img", false },
		{ "/srv/%c.img", "n123456789012345678901234567890.img", true },
		{ "/srv/%c.img", "n1234567890123456789012345678901.img", false },
		{ "/srv/%c-%m", "b-2-020000000001", true },
		{ "/srv/%c-%m", "-020000000001", false },
		{ "/srv/%c-%c", "a-b-c", true },
		{ "/srv/%c-%c", "a-", false },
		{ "/srv/%c%c", "ab", true },
		{ "/srv/%c%c", "a", false },
		{ "/srv/%c%c", "a.", false },
		{ "/srv/x%cy", "xay", true },
		{ "/srv/x%cy", "xy", false },
		/* %% and literals */
		{ "/srv/%%m-%c", "%m-x", true },
		{ "/srv/%%m-%c", "020000000001-x", false },
		{ "/srv/100%%-%c", "100%-a", true },
		{ "/srv/100%%-%c", "100-a", false },
		{ "/srv/.%c", ".y", true },
		{ "/srv/.%c", "y", false },
		/* only the final component is matched */
		{ "/srv/%m", "srv/020000000001", false },
		{ "/srv/%m", "/srv/020000000001", false },
		/* an invalid template matches nothing */
		{ "/srv/%x%m", "%x020000000001", false },
		{ "/srv/plain", "plain", false },
		{ "srv/%m", "020000000001", false },
		{ NULL, "020000000001", false },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, evb_tmpl_match(cases[i].tmpl, cases[i].name),
				    cases[i].match, "template %s, name \"%s\"",
				    cases[i].tmpl, cases[i].name);
	KUNIT_EXPECT_FALSE(test, evb_tmpl_match("/srv/%m", NULL));
}

/* Names up to NAME_MAX bytes, and templates that split a name many ways. */
static void tmpl_match_long(struct kunit *test)
{
	char *tmpl = long_tmpl(test, 5, NAME_MAX - 1, "%c");
	char *name = around(test, "", 'n', NAME_MAX - 1, "z");
	int i;

	/* 255 bytes match; 256 never do (no directory entry is that long) */
	KUNIT_EXPECT_TRUE(test, evb_tmpl_match(tmpl, name));
	KUNIT_EXPECT_FALSE(test, evb_tmpl_match(tmpl, around(test, name, 'z', 1, "")));

	/* 100 %c then x: every split is tried at once, never one by one */
	tmpl = kunit_kzalloc(test, 5 + 2 * 100 + 2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tmpl);
	strcpy(tmpl, "/srv/");
	for (i = 0; i < 100; i++)
		strcat(tmpl, "%c");
	strcat(tmpl, "x");
	KUNIT_EXPECT_EQ(test, evb_tmpl_check(tmpl, NULL), 0);
	KUNIT_EXPECT_FALSE(test, evb_tmpl_match(tmpl, repeat(test, 'a', 200)));
	KUNIT_EXPECT_TRUE(test, evb_tmpl_match(tmpl, around(test, "", 'a', 199, "x")));
	KUNIT_EXPECT_TRUE(test, evb_tmpl_match(tmpl, around(test, "", 'a', 100, "x")));
	KUNIT_EXPECT_FALSE(test, evb_tmpl_match(tmpl, around(test, "", 'a', 99, "x")));
}

static struct kunit_case tmpl_cases[] = {
	KUNIT_CASE(tmpl_expand_escapes),
	KUNIT_CASE(tmpl_expand_mac_format),
	KUNIT_CASE(tmpl_check_ok),
	KUNIT_CASE(tmpl_check_not_absolute),
	KUNIT_CASE(tmpl_check_unknown_escapes),
	KUNIT_CASE(tmpl_check_dir_escapes),
	KUNIT_CASE(tmpl_check_dot_components),
	KUNIT_CASE(tmpl_check_per_client),
	KUNIT_CASE(tmpl_check_length),
	KUNIT_CASE(tmpl_expand_name_max),
	KUNIT_CASE(tmpl_expand_size),
	KUNIT_CASE(tmpl_expand_client),
	KUNIT_CASE(tmpl_expand_invalid),
	KUNIT_CASE(tmpl_client_name),
	KUNIT_CASE(tmpl_match_expansions),
	KUNIT_CASE(tmpl_match),
	KUNIT_CASE(tmpl_match_long),
	{}
};

static struct kunit_suite tmpl_suite = {
	.name = "evblade_tmpl",
	.test_cases = tmpl_cases,
};

kunit_test_suite(tmpl_suite);
