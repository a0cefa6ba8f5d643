// SPDX-License-Identifier: GPL-2.0
/*
 * The print layer: one call per value, for text and JSON alike (see
 * print.h).  Text formats are the callers' string literals, checked by
 * their format attributes; here they are used with the one value each
 * takes, hence the pragma.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "print.h"
#include "util.h"

#pragma GCC diagnostic ignored "-Wformat-nonliteral"

static struct {
	bool json;
	enum pr_text style;
	struct json_list l;	/* the writer, and the show commands' array */
	unsigned int col;	/* text values on the current line */
	bool indent;		/* the current line is a continuation */
} pr;

void pr_init(bool json, bool pretty, enum pr_text text)
{
	memset(&pr, 0, sizeof(pr));
	pr.json = json;
	pr.style = text;
	json_list_init(&pr.l, stdout, pretty);
}

bool pr_json(void)
{
	return pr.json;
}

void pr_list_item(void)
{
	if (pr.json)
		json_list_item(&pr.l);
}

void pr_list_end(bool ok)
{
	if (pr.json && (ok || pr.l.open))
		json_list_finish(&pr.l);
}

void pr_item_end(void)
{
	if (!pr.json) {
		if (pr.col)
			putchar('\n');
		pr.col = 0;
		pr.indent = false;
	} else if (!pr.l.open) {
		/* A standalone document (monitor, status): the next is new. */
		json_finish(&pr.l.j);
		json_init(&pr.l.j, stdout, pr.l.j.pretty);
	}
	/* Readers are often scripts on the other end of a pipe. */
	fflush(stdout);
}

void open_json_object(const char *key)
{
	if (pr.json)
		json_obj_open(&pr.l.j, key);
}

void close_json_object(void)
{
	if (pr.json)
		json_obj_close(&pr.l.j);
}

void open_json_array(const char *key)
{
	if (pr.json)
		json_arr_open(&pr.l.j, key);
}

void close_json_array(void)
{
	if (pr.json)
		json_arr_close(&pr.l.j);
}

void print_nl(void)
{
	if (pr.json || pr.style == PR_ONELINE || !pr.col)
		return;
	putchar('\n');
	pr.col = 0;
	pr.indent = pr.style == PR_BLOCK;
}

/* Before a text value: a space, or the indentation of a new line. */
static bool text(enum pr_type t)
{
	if (pr.json || !(t & PRINT_FP))
		return false;
	if (pr.col)
		putchar(' ');
	else if (pr.indent)
		fputs("    ", stdout);
	pr.col++;
	return true;
}

/* Escaped text of a value from the kernel, malloc()ed; NULL if no memory. */
static char *escape(const void *val, size_t len, bool quote)
{
	char *buf = NULL;
	size_t size;
	FILE *f;

	f = open_memstream(&buf, &size);
	if (!f)
		return NULL;
	adm_put_escaped(f, val, len, quote);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void text_escaped(const char *fmt, const void *val, size_t len,
			 bool quote)
{
	char *s = escape(val, len, quote);

	printf(fmt, s ? s : "?");
	free(s);
}

void print_string(enum pr_type t, const char *key, const char *fmt,
		  const char *val)
{
	if (pr.json && (t & PRINT_JSON))
		json_str(&pr.l.j, key, val);
	else if (text(t))
		text_escaped(fmt, val, val ? strlen(val) : 0, false);
}

void print_bytes(enum pr_type t, const char *key, const char *fmt,
		 const void *val, size_t len)
{
	if (pr.json && (t & PRINT_JSON))
		json_bytes(&pr.l.j, key, val, len);
	else if (text(t))
		text_escaped(fmt, val, len, true);
}

void print_uint(enum pr_type t, const char *key, const char *fmt,
		unsigned int val)
{
	if (pr.json && (t & PRINT_JSON))
		json_u64(&pr.l.j, key, val);
	else if (text(t))
		printf(fmt, val);
}

void print_u64(enum pr_type t, const char *key, const char *fmt,
	       uint64_t val)
{
	if (pr.json && (t & PRINT_JSON))
		json_u64(&pr.l.j, key, val);
	else if (text(t))
		printf(fmt, (unsigned long long)val);
}

void print_bool(enum pr_type t, const char *key, const char *fmt, bool val)
{
	if (pr.json && (t & PRINT_JSON))
		json_bool(&pr.l.j, key, val);
	else if (text(t))
		printf(fmt, val ? "on" : "off");
}

void print_macs(const char *key, const char *label, const uint8_t *macs,
		unsigned int n)
{
	char buf[18];
	unsigned int i;

	if (pr.json) {
		json_arr_open(&pr.l.j, key);
		for (i = 0; i < n; i++)
			json_str(&pr.l.j, NULL, adm_fmt_mac(macs + 6 * i, buf));
		json_arr_close(&pr.l.j);
		return;
	}
	text(PRINT_FP);
	fputs(label, stdout);
	for (i = 0; i < n; i++)
		printf("%c%s", i ? ',' : ' ', adm_fmt_mac(macs + 6 * i, buf));
	if (!n)
		fputs(" none", stdout);
}
