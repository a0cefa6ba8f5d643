/* SPDX-License-Identifier: GPL-2.0 */
#ifndef EVBLADEADM_CLIENT_H
#define EVBLADEADM_CLIENT_H

#include <stdint.h>
#include <stdio.h>

#include <libmnl/libmnl.h>
#include <linux/evblade.h>

#include "json.h"

/* MAC addresses of one declared client, as the kernel keeps them. */
#define EVB_CLIENT_MACS_MAX	8

/*
 * A declared client as the kernel describes it in a CLIENT_GET reply or a
 * monitor notification.  name points into the message (NULL if it is
 * missing): a struct adm_client lives only as long as its message.
 */
struct adm_client {
	const char *name;
	unsigned int n_mac;
	uint8_t mac[EVB_CLIENT_MACS_MAX][6];
};

/* Fill c from a message; -1 with errno EBADMSG if it is malformed. */
int adm_client_parse(const struct nlmsghdr *nlh, struct adm_client *c);

/* "tc1 mac 02:00:00:00:00:0a mac 02:00:00:00:00:0b", a line. */
void adm_client_print_line(FILE *f, const struct adm_client *c);

/* The client as a JSON object (see evbladeadm(8) for the keys). */
void adm_client_json(struct json *j, const char *key,
		     const struct adm_client *c);

#endif
