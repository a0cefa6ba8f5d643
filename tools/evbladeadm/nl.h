/* SPDX-License-Identifier: GPL-2.0 */
#ifndef EVBLADEADM_NL_H
#define EVBLADEADM_NL_H

#include <libmnl/libmnl.h>
#include <stdint.h>

/* A generic netlink socket talking to the evblade family. */
struct evb_nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t portid;
	uint32_t seq;
	char *buf;
};

/*
 * Open a socket and resolve the evblade family (which also makes the kernel
 * load the module).  On failure, prints why and returns -1.
 */
int evb_nl_open(struct evb_nl *nl);
void evb_nl_close(struct evb_nl *nl);

/* Start a request for cmd in nl->buf; add attributes with mnl_attr_put*(). */
struct nlmsghdr *evb_nl_msg(struct evb_nl *nl, uint8_t cmd, uint16_t flags);

/*
 * Send the request and run cb on each reply message until the ack or the
 * end of a dump.  On a kernel error, prints the kernel's extack message (or
 * strerror) prefixed by what, and returns -1.
 */
int evb_nl_talk(struct evb_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		void *data, const char *what);

/* Parse the attributes of a generic netlink reply into tb[0..max]. */
int evb_nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb,
		 unsigned int max);

#endif
