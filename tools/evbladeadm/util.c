// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the subcommands of evbladeadm: keyword matching, usage
 * errors, strict parsers for blade addresses and numbers, and formatting of
 * sizes, arbitrary bytes and interface names.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/evblade.h>

#include "evbladeadm.h"
#include "util.h"

bool matches(const char *arg, const char *keyword)
{
	size_t len = strlen(arg);

	return len && len <= strlen(keyword) && !strncmp(arg, keyword, len);
}

int usage_err(const char *help, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s", prog, adm_where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; try '%s %s'\n", prog, help);
	return 2;
}

/*
 * Parse the decimal digits s[0..len) into *val, saturating at max + 1.
 * Returns -1 if the text is empty or holds anything but digits.
 */
static int parse_digits(const char *s, size_t len, unsigned long max,
			unsigned long *val)
{
	unsigned long v = 0;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v <= max)
			v = v * 10 + (unsigned long)(s[i] - '0');
	}
	*val = v;
	return 0;
}

int adm_parse_addr(const char *s, uint16_t *shelf, uint8_t *slot,
		   char *why, size_t whylen)
{
	const char *p = s, *dot;
	unsigned long v;
	size_t n;

	if (!*s) {
		snprintf(why, whylen,
			 "empty blade address: expected e<shelf>.<slot>, e.g. e1.0");
		return -1;
	}
	if (*p == 'e')
		p++;
	dot = strchr(p, '.');
	if (!dot) {
		snprintf(why, whylen,
			 "invalid blade address '%.32s': no '.<slot>'; expected e<shelf>.<slot>, e.g. e1.0",
			 s);
		return -1;
	}
	if (strchr(dot + 1, '.')) {
		snprintf(why, whylen,
			 "invalid blade address '%.32s': more than one '.'; expected e<shelf>.<slot>, e.g. e1.0",
			 s);
		return -1;
	}

	n = (size_t)(dot - p);
	if (parse_digits(p, n, 65534, &v) < 0) {
		snprintf(why, whylen,
			 "invalid blade address '%.32s': shelf '%.*s' is not a decimal number",
			 s, (int)(n > 24 ? 24 : n), p);
		return -1;
	}
	if (v > 65534) {
		snprintf(why, whylen,
			 "invalid blade address '%.32s': shelf %.*s is out of range 0..65534 (65535 is the broadcast shelf)",
			 s, (int)(n > 24 ? 24 : n), p);
		return -1;
	}
	*shelf = (uint16_t)v;

	p = dot + 1;
	n = strlen(p);
	if (parse_digits(p, n, 254, &v) < 0) {
		snprintf(why, whylen,
			 "invalid blade address '%.32s': slot '%.*s' is not a decimal number",
			 s, (int)(n > 24 ? 24 : n), p);
		return -1;
	}
	if (v > 254) {
		snprintf(why, whylen,
			 "invalid blade address '%.32s': slot %.*s is out of range 0..254 (255 is the broadcast slot)",
			 s, (int)(n > 24 ? 24 : n), p);
		return -1;
	}
	*slot = (uint8_t)v;
	return 0;
}

int adm_parse_uint(const char *s, const char *name, unsigned long min,
		   unsigned long max, unsigned long *val, char *why,
		   size_t whylen)
{
	size_t n = strlen(s);

	if (parse_digits(s, n, max, val) < 0) {
		snprintf(why, whylen, "%s '%.24s' is not a decimal number",
			 name, s);
		return -1;
	}
	if (*val < min || *val > max) {
		snprintf(why, whylen, "%s %.24s is out of range %lu..%lu",
			 name, s, min, max);
		return -1;
	}
	return 0;
}

int adm_parse_size(const char *s, const char *name, uint64_t *val,
		   char *why, size_t whylen)
{
	static const char units[] = "KMGT";
	const char *u = NULL;
	size_t n = strlen(s);
	unsigned int shift = 0;
	uint64_t v = 0;
	size_t i;

	if (n && !(s[n - 1] >= '0' && s[n - 1] <= '9')) {
		char c = s[n - 1] >= 'a' && s[n - 1] <= 'z' ?
			 (char)(s[n - 1] - 'a' + 'A') : s[n - 1];

		u = c ? strchr(units, c) : NULL;
		if (!u)
			goto bad;
		shift = 10 * (unsigned int)(u - units + 1);
		n--;
	}
	if (!n)
		goto bad;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			goto bad;
		if (v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			goto big;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (shift && v > UINT64_MAX >> shift)
		goto big;
	*val = v << shift;
	return 0;

bad:
	snprintf(why, whylen,
		 "%s '%.24s' is not a size: bytes, or a number with K, M, G or T (e.g. 2G)",
		 name, s);
	return -1;
big:
	snprintf(why, whylen, "%s %.24s is over 16 EiB", name, s);
	return -1;
}

int adm_parse_onoff(const char *s)
{
	if (!strcmp(s, "on"))
		return 1;
	if (!strcmp(s, "off"))
		return 0;
	return -1;
}

int adm_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char end;
	int i;

	if (strlen(s) != 17 ||
	    sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &end) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (s[i * 3] == ' ' || s[i * 3 + 1] == ' ' ||
		    (i < 5 && s[i * 3 + 2] != ':'))
			return -1;
		mac[i] = (uint8_t)b[i];
	}
	return 0;
}

const char *adm_fmt_mac(const uint8_t *mac, char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
		 mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

const char *adm_fmt_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = {
		"KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
	};
	double v = (double)bytes;
	int i = -1;

	/* 1023.95 KiB would print as "1024.0 KiB": move up a unit first. */
	while (i + 1 < (int)(sizeof(units) / sizeof(units[0])) &&
	       v >= 1023.95) {
		v /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%llu B", (unsigned long long)bytes);
	else
		snprintf(buf, len, "%.1f %s", v, units[i]);
	return buf;
}

void adm_put_escaped(FILE *f, const void *buf, size_t len, bool quote)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] == '\\')
			fputs("\\\\", f);
		else if (p[i] == '"' && quote)
			fputs("\\\"", f);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			fputc(p[i], f);
		else
			fprintf(f, "\\x%02x", p[i]);
	}
}

const char *adm_ifname(uint32_t ifindex, char buf[IF_NAMESIZE + 16])
{
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE + 16, "if%u", ifindex);
	return buf;
}

static char *const *word_argv;
static const size_t *word_len;
static int word_n;

void adm_words_set(char *const *argv, const size_t *len, int n)
{
	word_argv = argv;
	word_len = len;
	word_n = n;
}

size_t adm_word_len(const char *word)
{
	int i;

	for (i = 0; i < word_n; i++)
		if (word_argv[i] == word)
			return word_len[i];
	return strlen(word);
}
