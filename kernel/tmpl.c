// SPDX-License-Identifier: GPL-2.0
/*
 * Backing-path templates of private blades: one template such as
 * /srv/evblade/swap-%m.img names a different file for every client.
 *
 * The escapes live only in the final component, and what they expand to
 * (hex digits, or a client name that never holds '/' and never starts with
 * '.') can neither add a component nor turn the name into "." or "..": so a
 * checked template never names a file outside its own directory, whatever
 * client asks.
 */
#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/hex.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "tmpl.h"

static bool name_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool name_char(char c)
{
	return name_alnum(c) || c == '_' || c == '.' || c == '-';
}

/**
 * evb_client_name_valid() - whether a string may name a client
 * @name: the name, or NULL
 *
 * A client name is 1 to EVB_CLIENT_NAME_MAX - 1 bytes of [a-z0-9_.-] that
 * starts with a letter or a digit.  So it is never "." or "..", never holds
 * a '/', and never reads as an option; it is safe as a file name, and two
 * names never differ only in case (which a case-folding filesystem would
 * merge into one file).
 *
 * Return: true if @name is a valid client name, false if not (or NULL).
 */
bool evb_client_name_valid(const char *name)
{
	size_t i, len;

	if (!name)
		return false;
	len = strnlen(name, EVB_CLIENT_NAME_MAX);
	if (!len || len == EVB_CLIENT_NAME_MAX || !name_alnum(name[0]))
		return false;
	for (i = 0; i < len; i++)
		if (!name_char(name[i]))
			return false;
	return true;
}

static bool is_dots(const char *s, size_t n)
{
	return (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.');
}

/* What is wrong with @tmpl, or NULL; *needs_client says whether %c is used. */
static const char *tmpl_fault(const char *tmpl, bool *needs_client)
{
	const char *name, *p, *end;
	size_t len, min_name = 0;
	bool per_client = false;

	*needs_client = false;
	if (!tmpl || tmpl[0] != '/')
		return "the path template must be an absolute path";
	len = strnlen(tmpl, EVB_TMPL_MAX + 1);
	if (len > EVB_TMPL_MAX)
		return "the path template is longer than 4095 bytes";

	name = strrchr(tmpl, '/') + 1;
	if (!*name)
		return "the path template must end in a file name, not in '/'";
	if (memchr(tmpl, '%', name - tmpl))
		return "escapes (%) are allowed only in the file name, not in directories";
	for (p = tmpl + 1; p < name; p = end + 1) {
		end = strchr(p, '/');
		if (end == p)
			return "the path template has an empty directory component (//)";
		if (is_dots(p, end - p))
			return "the path template has a . or .. directory component";
		if (end - p > NAME_MAX)
			return "a directory name in the path template is longer than 255 bytes";
	}

	for (p = name; *p; p++) {
		if (*p != '%') {
			min_name++;
			continue;
		}
		switch (*++p) {
		case 'm':
			per_client = true;
			min_name += 2 * ETH_ALEN;
			break;
		case 'c':
			per_client = true;
			*needs_client = true;
			min_name += 1;
			break;
		case '%':
			min_name += 1;
			break;
		case '\0':
			return "the path template ends in a lone %";
		default:
			return "unknown escape in the path template (only %m, %c and %%)";
		}
	}
	if (is_dots(name, strlen(name)))
		return "the path template's file name must not be . or ..";
	if (!per_client)
		return "the path template needs %m or %c, or every client would share one file";
	if (min_name > NAME_MAX)
		return "the path template's file name is longer than 255 bytes for any client";
	if ((name - tmpl) + min_name > EVB_TMPL_MAX)
		return "the path template is longer than 4095 bytes for any client";
	return NULL;
}

/**
 * evb_tmpl_check() - validate a private blade's backing-path template
 * @tmpl: the template
 * @why: set to a static reason on failure, for an extack message; may be NULL
 *
 * In the final component, %m stands for the client's MAC address as 12
 * lowercase hex digits, %c for the client's name and %% for a '%'.  A valid
 * template is an absolute path of at most 4095 bytes whose directory part
 * has no escape and no empty, "." or ".." component, and no component over
 * NAME_MAX bytes.  Its file name is not "." or "..", uses no other escape
 * and no trailing lone '%', and holds %m or %c, so that clients never share
 * a file.  Even its shortest expansion (a one-byte client name) must fit:
 * a file name of at most NAME_MAX bytes in a path of at most 4095.
 *
 * Return: 0, or -EINVAL with *@why set.
 */
int evb_tmpl_check(const char *tmpl, const char **why)
{
	const char *fault;
	bool needs_client;

	fault = tmpl_fault(tmpl, &needs_client);
	if (!fault)
		return 0;
	if (why)
		*why = fault;
	return -EINVAL;
}

/**
 * evb_tmpl_expand() - the backing path of one client
 * @tmpl: the template; checked again here, see evb_tmpl_check()
 * @mac: the client's MAC address, for %m
 * @client: the client's name for %c, or NULL; ignored without %c
 * @out: the buffer for the NUL-terminated path
 * @size: the size of @out
 *
 * The result stays in the template's directory.  It must fit in @size
 * bytes with its NUL, in PATH_MAX, and its file name in NAME_MAX bytes.
 * On failure @out holds an empty string (if @size is not 0).
 *
 * Return: the length of the path, -EINVAL if @tmpl is invalid or uses %c
 * while @client is NULL or not a valid client name, or -ENAMETOOLONG.
 */
int evb_tmpl_expand(const char *tmpl, const u8 mac[ETH_ALEN],
		    const char *client, char *out, size_t size)
{
	size_t len = 0, name_len = 0, limit = min_t(size_t, size, PATH_MAX);
	char hex[2 * ETH_ALEN];
	bool needs_client;
	const char *p;
	int i;

	if (size)
		out[0] = '\0';
	if (tmpl_fault(tmpl, &needs_client) ||
	    (needs_client && !evb_client_name_valid(client)))
		return -EINVAL;

	for (p = tmpl; *p; p++) {
		const char *s = p;
		size_t n = 1;

		if (*p == '%') {
			switch (*++p) {
			case 'm':
				for (i = 0; i < ETH_ALEN; i++)
					hex_byte_pack(hex + 2 * i, mac[i]);
				s = hex;
				n = sizeof(hex);
				break;
			case 'c':
				s = client;
				n = strlen(client);
				break;
			default:	/* %%, the only other escape */
				s = p;
				break;
			}
		}
		/* No expansion holds a '/': only a literal one starts a name. */
		name_len = *s == '/' ? 0 : name_len + n;
		if (name_len > NAME_MAX || len + n >= limit) {
			if (size)
				out[0] = '\0';
			return -ENAMETOOLONG;
		}
		memcpy(out + len, s, n);
		len += n;
	}
	out[len] = '\0';
	return len;
}

/* The longest valid client name that starts @s: 0 to EVB_CLIENT_NAME_MAX - 1. */
static size_t client_prefix(const char *s)
{
	size_t n;

	if (!name_alnum(s[0]))
		return 0;
	for (n = 1; n < EVB_CLIENT_NAME_MAX - 1 && name_char(s[n]); n++)
		;
	return n;
}

static bool is_lower_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/**
 * evb_tmpl_match() - whether a file name is one a template expands to
 * @tmpl: the template; checked again here, see evb_tmpl_check()
 * @name: a file name, as found in the template's directory
 *
 * @name matches when it reads as the template's final component with %m
 * standing for exactly 12 lowercase hex digits, %c for a valid client name
 * (see evb_client_name_valid()), %% for a '%' and any other byte for
 * itself: so it is a name evb_tmpl_expand() can make for some client, and
 * every name it makes matches.  Where a template can split a name more
 * than one way (%c%c, or %c-%c and a name holding '-'), every way is
 * tried, all at once: the time is bounded by the template's length times
 * the name's, never exponential.
 *
 * Return: true if @name matches, false if not or if @tmpl is invalid.
 */
bool evb_tmpl_match(const char *tmpl, const char *name)
{
	/* the positions in @name that the template so far can end at */
	DECLARE_BITMAP(at, NAME_MAX + 2);
	DECLARE_BITMAP(next, NAME_MAX + 2);
	bool needs_client;
	size_t len, i, n;
	const char *p;

	if (tmpl_fault(tmpl, &needs_client) || !name)
		return false;
	len = strnlen(name, NAME_MAX + 1);
	if (len > NAME_MAX)
		return false;

	bitmap_zero(at, len + 1);
	__set_bit(0, at);
	for (p = strrchr(tmpl, '/') + 1; *p; p++) {
		bitmap_zero(next, len + 1);
		for_each_set_bit(i, at, len + 1) {
			if (*p != '%') {
				if (i < len && name[i] == *p)
					__set_bit(i + 1, next);
				continue;
			}
			switch (p[1]) {
			case 'm':
				if (len - i >= 2 * ETH_ALEN && is_lower_hex(name + i, 2 * ETH_ALEN))
					__set_bit(i + 2 * ETH_ALEN, next);
				break;
			case 'c':
				for (n = client_prefix(name + i); n; n--)
					__set_bit(i + n, next);
				break;
			default:	/* %% */
				if (i < len && name[i] == '%')
					__set_bit(i + 1, next);
				break;
			}
		}
		if (*p == '%')
			p++;
		bitmap_copy(at, next, len + 1);
		if (bitmap_empty(at, len + 1))
			return false;
	}
	return test_bit(len, at);
}
