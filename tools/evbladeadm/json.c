// SPDX-License-Identifier: GPL-2.0
/* A small streaming JSON writer for `evbladeadm -j`. */
#include <inttypes.h>
#include <string.h>

#include "json.h"

void json_init(struct json *j, FILE *f, bool pretty)
{
	j->f = f;
	j->pretty = pretty;
	j->depth = 0;
	j->first[0] = true;
}

static void indent(struct json *j)
{
	int i;

	if (!j->pretty)
		return;
	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/*
 * A JSON string from len bytes.  With bytes set, every byte is a character
 * of its own: bytes 0x7f and up become \u007f..\u00ff (Latin-1), so any
 * binary value makes valid JSON and its bytes can be recovered exactly.
 * Without it, bytes 0x80 and up pass through, for UTF-8 text.
 */
static void put_string(FILE *f, const char *s, size_t len, bool bytes)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	fputc('"', f);
	for (i = 0; i < len; i++) {
		switch (p[i]) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (p[i] < 0x20 || (bytes && p[i] >= 0x7f))
				fprintf(f, "\\u%04x", p[i]);
			else
				fputc(p[i], f);
		}
	}
	fputc('"', f);
}

/* Separator, indentation and key before a value. */
static void member(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
	if (j->depth)
		indent(j);
	if (key) {
		put_string(j->f, key, strlen(key), false);
		fputs(j->pretty ? ": " : ":", j->f);
	}
}

static void nest_open(struct json *j, const char *key, char c)
{
	member(j, key);
	fputc(c, j->f);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

static void nest_close(struct json *j, char c)
{
	bool empty = j->first[j->depth];

	if (j->depth)
		j->depth--;
	if (!empty)
		indent(j);
	fputc(c, j->f);
}

void json_obj_open(struct json *j, const char *key) { nest_open(j, key, '{'); }
void json_obj_close(struct json *j) { nest_close(j, '}'); }
void json_arr_open(struct json *j, const char *key) { nest_open(j, key, '['); }
void json_arr_close(struct json *j) { nest_close(j, ']'); }

void json_str(struct json *j, const char *key, const char *val)
{
	member(j, key);
	put_string(j->f, val, strlen(val), false);
}

void json_bytes(struct json *j, const char *key, const void *val, size_t len)
{
	member(j, key);
	put_string(j->f, val, len, true);
}

void json_u64(struct json *j, const char *key, uint64_t val)
{
	member(j, key);
	fprintf(j->f, "%" PRIu64, val);
}

void json_bool(struct json *j, const char *key, bool val)
{
	member(j, key);
	fputs(val ? "true" : "false", j->f);
}

void json_finish(struct json *j)
{
	fputc('\n', j->f);
}

void json_list_init(struct json_list *l, FILE *f, bool pretty)
{
	json_init(&l->j, f, pretty);
	l->open = false;
}

struct json *json_list_item(struct json_list *l)
{
	if (!l->open) {
		json_arr_open(&l->j, NULL);
		l->open = true;
	}
	return &l->j;
}

void json_list_finish(struct json_list *l)
{
	json_list_item(l);
	json_arr_close(&l->j);
	json_finish(&l->j);
}
