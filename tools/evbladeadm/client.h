/* SPDX-License-Identifier: GPL-2.0 */
#ifndef EVBLADEADM_CLIENT_H
#define EVBLADEADM_CLIENT_H

#include <stdint.h>
#include <stdio.h>

#include <libmnl/libmnl.h>
#include <linux/evblade.h>


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

/*
 * Fill c from the words of `client add` (the name first); name points into
 * argv.  Returns 0, or 2 after printing a usage error.
 */
int adm_client_from_args(int argc, char **argv, struct adm_client *c);

/*
 * The client in text (a line) or as a JSON object under key (see
 * evbladeadm(8)), as pr_init() chose.
 */
void adm_client_print(const struct adm_client *c, const char *key);

#endif
