/* SPDX-License-Identifier: GPL-2.0 */
#ifndef EVBLADEADM_JSON_H
#define EVBLADEADM_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

/* A streaming JSON writer: values are written as they are added. */
struct json {
	FILE *f;
	bool pretty;
	int depth;
	bool first[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f, bool pretty);
/* key is NULL inside arrays and for the top-level value. */
void json_obj_open(struct json *j, const char *key);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j, const char *key);
void json_arr_close(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
/* Any bytes, NUL included; bytes 0x7f and up as \u007f..\u00ff. */
void json_bytes(struct json *j, const char *key, const void *val, size_t len);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_bool(struct json *j, const char *key, bool val);
/* Ends the document with a newline. */
void json_finish(struct json *j);

/*
 * The top-level array a show command streams, opened at its first item:
 * a failed request before any reply prints nothing at all.
 */
struct json_list {
	struct json j;
	bool open;
};

void json_list_init(struct json_list *l, FILE *f, bool pretty);
/* The writer for the next item, which goes in with key NULL. */
struct json *json_list_item(struct json_list *l);
/* Close the array (an empty one if no item came) and end the document. */
void json_list_finish(struct json_list *l);

#endif
