/* SPDX-License-Identifier: GPL-2.0 */
#ifndef EVBLADEADM_CONN_H
#define EVBLADEADM_CONN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libmnl/libmnl.h>
#include <linux/evblade.h>

#include "client.h"

/*
 * A connection (one client talking to one blade) as the kernel describes
 * it in a CONN_GET reply or a monitor notification.  Every attribute may
 * be missing, hence the has_* flags; client, error and backing are NULL
 * when missing (client: an undeclared MAC) and point into the message: a
 * struct adm_conn lives only as long as its message.
 */
struct adm_conn {
	bool has_addr;
	uint16_t shelf;
	uint8_t slot;
	const char *client;
	unsigned int n_mac;	/* MACs it sent from; more are skipped */
	uint8_t mac[EVB_CLIENT_MACS_MAX][6];
	bool has_ifindex;
	uint32_t ifindex;
	bool has_state;
	uint32_t state;
	const char *error;
	const char *backing;
	bool has_size;
	uint64_t size;
	bool has_first_seen;
	uint64_t first_seen;	/* seconds since the epoch */
	bool has_idle;
	uint64_t idle_ms;
	bool has_frames;
	uint64_t frames;	/* frames received for this blade */
	bool has_bytes;
	uint64_t bytes;		/* data bytes read and written */
	bool has_errors;
	uint64_t errors;	/* requests answered with an error */
	bool has_cow_chunks;
	uint64_t cow_chunks;	/* chunks written to its overlay */
	bool has_cow_bytes;
	uint64_t cow_bytes;	/* bytes those chunks hold */
};

/* Fill c from a message; -1 with errno EBADMSG if it is malformed. */
int adm_conn_parse(const struct nlmsghdr *nlh, struct adm_conn *c);

/*
 * The connection in text (a block of lines, or one line in monitor) or as
 * a JSON object under key (see evbladeadm(8)), as pr_init() chose.
 */
void adm_conn_print(const struct adm_conn *c, const char *key);

#endif
