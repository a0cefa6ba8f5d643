/* SPDX-License-Identifier: GPL-2.0 */
#ifndef EVBLADEADM_UTIL_H
#define EVBLADEADM_UTIL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* iproute2's rule: a non-empty prefix of the keyword matches it. */
bool matches(const char *arg, const char *keyword);

/*
 * Print "evbladeadm: <message>; try 'evbladeadm <help>'" on stderr and
 * return 2, the exit status of a usage error.
 */
int usage_err(const char *help, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Longest message the parsers below write into their why buffer. */
#define EVB_WHY_MAX 160

/*
 * Parse a blade address, e<shelf>.<slot>: decimal shelf 0..65534 and slot
 * 0..254, the leading 'e' optional, nothing else.  On failure returns -1
 * with a one-line reason in why.
 */
int adm_parse_addr(const char *s, uint16_t *shelf, uint8_t *slot,
		   char *why, size_t whylen);

/*
 * Parse a plain decimal number in min..max (no sign, no blanks, no base
 * prefix).  On failure returns -1 with a reason in why; name is what the
 * number is, for the message.
 */
int adm_parse_uint(const char *s, const char *name, unsigned long min,
		   unsigned long max, unsigned long *val, char *why,
		   size_t whylen);

/*
 * Parse a size in bytes: decimal digits, optionally followed by K, M, G or
 * T (either case; binary: 2G is 2 * 2^30).  It must fit in 64 bits.  On
 * failure returns -1 with a reason in why; name is what the size is.
 */
int adm_parse_size(const char *s, const char *name, uint64_t *val,
		   char *why, size_t whylen);

/* "on" or "off": returns 1, 0, or -1 for anything else. */
int adm_parse_onoff(const char *s);

/* "02:00:00:00:00:0a" into mac; -1 if it is not a MAC address. */
int adm_parse_mac(const char *s, uint8_t mac[6]);
/* "02:00:00:00:00:0a"; buf holds at least 18 bytes. */
const char *adm_fmt_mac(const uint8_t *mac, char *buf);

/* "16.0 MiB": bytes in binary units, one decimal; "512 B" below 1 KiB. */
const char *adm_fmt_size(uint64_t bytes, char *buf, size_t len);

/*
 * Write bytes that may hold anything: printable ASCII as is, backslash as
 * \\, a double quote as \" when quote is set, every other byte as \xNN.
 */
void adm_put_escaped(FILE *f, const void *buf, size_t len, bool quote);

/*
 * The length of a word of the command: strlen(), except for the words of
 * a -batch or apply line, which may hold NUL bytes (\x00 in a config
 * string an initiator set): their lengths are registered while the line
 * runs.
 */
size_t adm_word_len(const char *word);
/* Register argv[0..n) with their lengths; NULL, 0: none. */
void adm_words_set(char *const *argv, const size_t *len, int n);

/* The name of an interface of this netns, or "if<N>" if it is gone. */
const char *adm_ifname(uint32_t ifindex, char buf[IF_NAMESIZE + 16]);

#endif
