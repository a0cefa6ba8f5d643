/* SPDX-License-Identifier: GPL-2.0 */
#ifndef EVBLADEADM_PRINT_H
#define EVBLADEADM_PRINT_H

/*
 * One render path for text and JSON, after iproute2's print_*() calls:
 * each object has one function that says every value once, with its JSON
 * key and its text format, and the mode chosen by pr_init() decides which
 * of the two comes out.  PRINT_FP values go only to text, PRINT_JSON only
 * to JSON, PRINT_ANY to both.
 *
 * Text: the values of one object go on one line, separated by a space;
 * print_nl() starts an indented new line, unless the output is one line
 * per object (monitor), where it is only a separator.  Strings from the
 * kernel are escaped (see adm_put_escaped()).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pr_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

/* How print_nl() breaks text lines. */
enum pr_text {
	PR_BLOCK,	/* an object is a block of lines, the later indented */
	PR_LINES,	/* lines, none indented */
	PR_ONELINE,	/* an object is one line: print_nl() is a space */
};

/* Choose the mode: JSON (pretty or not) or text. */
void pr_init(bool json, bool pretty, enum pr_text text);
bool pr_json(void);

/*
 * A show command's items go into one top-level JSON array, opened at the
 * first item (a request that fails before any reply prints nothing).
 */
void pr_list_item(void);
/* Close the array (an empty one if no item came) if ok or if opened. */
void pr_list_end(bool ok);
/* The end of an item: a newline in text; a standalone JSON document ends. */
void pr_item_end(void);

/* JSON only: objects and arrays; key NULL at the top or in an array. */
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);

/* Text only: start a new (indented) line of the current object. */
void print_nl(void);

/*
 * fmt, a text format, takes the value as %s, %u or %llu (or ignores it);
 * key is NULL in arrays.  As in iproute2, fmt is not checked against the
 * value: these are short and each is used in one place.
 */
void print_string(enum pr_type t, const char *key, const char *fmt,
		  const char *val);
/* Bytes that may hold anything: text escapes '"' too (for "%s" quoting). */
void print_bytes(enum pr_type t, const char *key, const char *fmt,
		 const void *val, size_t len);
void print_uint(enum pr_type t, const char *key, const char *fmt,
		unsigned int val);
void print_u64(enum pr_type t, const char *key, const char *fmt,
	       uint64_t val);
/* JSON true/false; text fmt gets "on" or "off" as %s. */
void print_bool(enum pr_type t, const char *key, const char *fmt, bool val);

/* JSON key: ["xx:..", ...]; text "label A,B" or "label none". */
void print_macs(const char *key, const char *label, const uint8_t *macs,
		unsigned int n);

#endif
