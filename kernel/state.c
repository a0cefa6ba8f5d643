// SPDX-License-Identifier: GPL-2.0
/* A blade's persistent state as text, over plain buffers. */
#include <linux/crc32.h>
#include <linux/errno.h>
#include <linux/hex.h>
#include <linux/if_ether.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "state.h"

/*
 * The format, one item per line, in this order:
 *
 *   # evblade state of e1.0 (written by the kernel; do not edit)
 *   gen 7
 *   config 6f776e65723d61		(the string in hex; "config" alone: empty)
 *   mask 02:00:00:00:00:0a		(one line per entry, in list order)
 *   reserve 02:00:00:00:00:0b
 *   crc32 0123abcd			(of every byte before this line)
 */

static __printf(4, 5) int put(char *buf, size_t size, size_t *len,
			      const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size)
		return -ENOSPC;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - *len)
		return -ENOSPC;
	*len += n;
	return 0;
}

static u32 state_crc(const char *buf, size_t len)
{
	return crc32_le(~0, buf, len) ^ ~0;
}

/**
 * evb_state_format() - a blade's state as the text of its state file
 * @st: the state
 * @name: the blade's name, for the comment line
 * @buf: where to write; NUL-terminated on success
 * @size: its size (EVB_STATE_MAX always suffices)
 *
 * Return: the length, or -ENOSPC.
 */
int evb_state_format(const struct evb_state *st, const char *name,
		     char *buf, size_t size)
{
	size_t len = 0;
	unsigned int i;
	int ret;

	ret = put(buf, size, &len, "# evblade state of %s (written by the kernel; do not edit)\ngen %llu\nconfig%s",
		  name, st->gen, st->cfg.len ? " " : "");
	if (ret)
		return ret;
	if (size - len < st->cfg.len * 2 + 1)
		return -ENOSPC;
	bin2hex(buf + len, st->cfg.str, st->cfg.len);
	len += st->cfg.len * 2;
	ret = put(buf, size, &len, "\n");
	for (i = 0; !ret && i < st->mask.n; i++)
		ret = put(buf, size, &len, "mask %pM\n", st->mask.mac[i]);
	for (i = 0; !ret && i < st->rsv.n; i++)
		ret = put(buf, size, &len, "reserve %pM\n", st->rsv.mac[i]);
	if (!ret)
		ret = put(buf, size, &len, "crc32 %08x\n", state_crc(buf, len));
	return ret ?: (int)len;
}

/* "02:00:00:00:00:0a", not NUL-terminated in the file's buffer. */
static int parse_mac(const char *s, size_t n, u8 *mac)
{
	char str[3 * ETH_ALEN];

	if (n != sizeof(str) - 1)
		return -EINVAL;
	memcpy(str, s, n);
	str[n] = 0;
	return mac_pton(str, mac) ? 0 : -EINVAL;
}

/* A key of the format; the value follows after one space. */
static bool key(const char *line, size_t n, const char *k, const char **val,
		size_t *vlen)
{
	size_t kl = strlen(k);

	if (n < kl || memcmp(line, k, kl))
		return false;
	if (n == kl) {
		*val = line + n;
		*vlen = 0;
		return true;
	}
	if (line[kl] != ' ')
		return false;
	*val = line + kl + 1;
	*vlen = n - kl - 1;
	return true;
}

/**
 * evb_state_parse() - read a state file's text
 * @buf: its bytes
 * @len: how many
 * @st: filled on success (left undefined on failure)
 * @why: set to the reason on failure, for the log
 *
 * Every line must be one of the format, gen and config exactly once, the
 * lists within their limits, and the file must end with a matching crc32
 * line: anything else is a torn or edited file.
 *
 * Return: 0 or -EINVAL.
 */
int evb_state_parse(const char *buf, size_t len, struct evb_state *st,
		    const char **why)
{
	bool have_gen = false, have_cfg = false, have_crc = false;
	const char *p = buf, *end = buf + len;
	char num[24];
	u32 crc;

	memset(st, 0, sizeof(*st));
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p), *val;
		size_t n, vlen;
		u8 mac[ETH_ALEN];

		if (!nl) {
			*why = "the last line is unterminated";
			return -EINVAL;
		}
		n = nl - p;
		if (have_crc) {
			*why = "text after the crc32 line";
			return -EINVAL;
		}
		if (n && p[0] == '#') {
			/* a comment */
		} else if (key(p, n, "crc32", &val, &vlen)) {
			if (vlen != 8 || !have_gen || !have_cfg) {
				*why = "a bad or early crc32 line";
				return -EINVAL;
			}
			memcpy(num, val, 8);
			num[8] = 0;
			if (kstrtou32(num, 16, &crc) ||
			    crc != state_crc(buf, p - buf)) {
				*why = "the checksum does not match";
				return -EINVAL;
			}
			have_crc = true;
		} else if (key(p, n, "gen", &val, &vlen)) {
			if (have_gen || !vlen || vlen >= sizeof(num)) {
				*why = "a bad gen line";
				return -EINVAL;
			}
			memcpy(num, val, vlen);
			num[vlen] = 0;
			if (kstrtou64(num, 10, &st->gen)) {
				*why = "a bad gen line";
				return -EINVAL;
			}
			have_gen = true;
		} else if (key(p, n, "config", &val, &vlen)) {
			if (have_cfg || vlen % 2 || vlen / 2 > AOE_CFG_STR_MAX ||
			    hex2bin(st->cfg.str, val, vlen / 2)) {
				*why = "a bad config line";
				return -EINVAL;
			}
			st->cfg.len = vlen / 2;
			have_cfg = true;
		} else if (key(p, n, "mask", &val, &vlen) ||
			   key(p, n, "reserve", &val, &vlen)) {
			struct evb_maclist *l = p[0] == 'm' ? &st->mask : &st->rsv;

			if (parse_mac(val, vlen, mac) ||
			    evb_maclist_has(l, mac) || evb_maclist_add(l, mac)) {
				*why = "a bad, repeated or surplus MAC line";
				return -EINVAL;
			}
		} else {
			*why = "an unknown line";
			return -EINVAL;
		}
		p = nl + 1;
	}
	if (!have_crc) {
		*why = "no crc32 line (a torn write)";
		return -EINVAL;
	}
	return 0;
}
