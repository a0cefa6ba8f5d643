/* SPDX-License-Identifier: GPL-2.0 */
#ifndef EVBLADEADM_BLADE_H
#define EVBLADEADM_BLADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libmnl/libmnl.h>
#include <linux/evblade.h>


/*
 * A blade as the kernel describes it in a BLADE_GET reply or a monitor
 * notification.  Every attribute may be missing (a deletion notice may
 * carry only the address), hence the has_* flags.  path and config point
 * into the message: a struct adm_blade lives only as long as its message.
 */
/* Entries of a mask or reserve list, as the kernel keeps them. */
#define EVB_MACS_MAX	64

/* Rules of one blade's ACL, as the kernel keeps them. */
#define EVB_RULES_MAX	256

/* An ACL rule: allow or deny one MAC address or one declared client. */
struct adm_rule {
	bool allow;
	bool is_client;
	uint8_t mac[6];				/* !is_client */
	char client[EVBLADE_CLIENT_NAME_MAX + 1];	/* is_client */
};

struct adm_blade {
	bool has_addr;
	uint16_t shelf;
	uint8_t slot;
	const char *path;
	bool has_backend;
	uint32_t backend;
	bool has_size;
	uint64_t size;
	bool has_read_only;
	bool read_only;
	bool has_write_back;
	bool write_back;
	bool has_config;
	const void *config;
	size_t config_len;
	bool has_bufcnt;
	uint16_t bufcnt;
	uint32_t *ifindex;
	unsigned int n_ifindex;
	bool all_ifs;		/* served on every interface */
	const char *state_dir;	/* NULL: none */
	bool has_locking;
	bool locking;
	unsigned int n_mask;	/* the AoE MAC mask list */
	uint8_t mask[EVB_MACS_MAX][6];
	unsigned int n_rsv;	/* the reserve list */
	uint8_t rsv[EVB_MACS_MAX][6];
	bool has_stats;
	uint64_t stats[EVBLADE_A_BLADE_STATS_MAX + 1];
	bool private;		/* path is a per-client template */
	bool autocreate;
	bool has_idle;
	uint32_t idle;		/* idle timeout, seconds */
	bool has_policy;
	bool policy_allow;	/* the ACL's policy */
	unsigned int n_rules;	/* the ACL's rules, in the kernel's order */
	struct adm_rule rules[EVB_RULES_MAX];
	bool has_conns;
	uint32_t conns;		/* live connections */
	bool cow;		/* copy-on-write: path names the overlays */
	const char *base;	/* the base of a COW blade, NULL: none */
	bool has_base_size;
	uint64_t base_size;	/* bytes */
	bool has_base_id;
	uint64_t base_id;	/* the base's identity (a hash) */
	bool has_chunk_size;
	uint32_t chunk_size;	/* the copy-on-write unit, bytes */
	/*
	 * A blade read from a command line (adm_blade_from_args()): its
	 * interfaces by name (pointing into argv), and the absolute paths
	 * that adm_blade_free() frees.
	 */
	const char **dev_names;
	unsigned int n_dev_names;
	char *owned[3];
};

/* Fill b from a message; -1 with errno EBADMSG if it is malformed. */
int adm_blade_parse(const struct nlmsghdr *nlh, struct adm_blade *b);
void adm_blade_free(struct adm_blade *b);

/*
 * Fill b from the words of `blade add` (the address first, as on the
 * command line after "add"), as a reply would describe that blade: a
 * property not given has its default.  Paths are made absolute, interface
 * names are kept as names (b->dev_names, none: every interface).  Returns
 * 0, or 2 after printing a usage error.
 */
int adm_blade_from_args(int argc, char **argv, struct adm_blade *b);

/* "e1.0" */
const char *adm_blade_name(const struct adm_blade *b, char *buf, size_t len);

/*
 * The blade in text (a block of lines, or one line in monitor) or as a
 * JSON object under key (see evbladeadm(8)), as pr_init() chose.
 */
void adm_blade_print(const struct adm_blade *b, const char *key);

#endif
