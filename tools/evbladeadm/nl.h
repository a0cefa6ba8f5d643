/* SPDX-License-Identifier: GPL-2.0 */
#ifndef EVBLADEADM_NL_H
#define EVBLADEADM_NL_H

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <stdbool.h>
#include <stdint.h>

/* Size of the request and receive buffer. */
#define EVB_NL_BUFSIZE 32768

/* Multicast groups of the family kept from its description. */
#define EVB_NL_MAX_GROUPS 8

/* Attributes of a request that adm_nl_word() can name. */
#define ADM_NL_MAX_WORDS 64

struct adm_nl_group {
	char name[GENL_NAMSIZ];
	uint32_t id;
};

/* A generic netlink socket talking to the evblade family. */
struct adm_nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t portid;
	uint32_t seq;
	char *buf;
	struct adm_nl_group groups[EVB_NL_MAX_GROUPS];
	unsigned int n_groups;
	/*
	 * EVBLADEADM_DUMP_REQUEST=1 in the environment: a debugging aid that
	 * opens no socket and hexdumps the first request to stderr instead
	 * of sending it, then exits 0.
	 */
	bool dump_only;
	/* The command-line words of the request's attributes, for errors. */
	struct {
		uint32_t off;
		const char *word;
	} words[ADM_NL_MAX_WORDS];
	unsigned int n_words;
};

/*
 * Open a socket and resolve the evblade family (which also makes the kernel
 * load the module).  On failure, prints why and returns -1.
 */
int adm_nl_open(struct adm_nl *nl);
void adm_nl_close(struct adm_nl *nl);

/* Start a request for cmd in nl->buf; add attributes with mnl_attr_put*(). */
struct nlmsghdr *adm_nl_msg(struct adm_nl *nl, uint8_t cmd, uint16_t flags);

/*
 * Name the attribute attr of request req for error messages: when the
 * kernel's extack points at it, the message starts with word (which must
 * outlive the request).
 */
void adm_nl_word(struct adm_nl *nl, const struct nlmsghdr *req,
		 const struct nlattr *attr, const char *word);

/*
 * Send the request and run cb on each reply message until the ack or the
 * end of a dump.  On a kernel error, prints the kernel's extack message (or
 * strerror) prefixed by what, and returns -1.
 */
int adm_nl_talk(struct adm_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		void *data, const char *what);

/*
 * Join the family's multicast group by name, then call cb on every message
 * of the family that arrives, until cb returns MNL_CB_STOP or an error.
 */
int adm_nl_join(struct adm_nl *nl, const char *group);
int adm_nl_listen(struct adm_nl *nl, mnl_cb_t cb, void *data);

/* Parse the attributes of a generic netlink reply into tb[0..max]. */
int adm_nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb,
		 unsigned int max);
/* The same for the attributes inside a nest. */
int adm_nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
			unsigned int max);

#endif
