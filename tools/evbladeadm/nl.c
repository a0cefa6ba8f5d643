// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink transport of evbladeadm, on libmnl: resolve the evblade
 * generic netlink family, send a request, run a callback on each reply,
 * and report kernel errors with their extack message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/evblade.h>

#include "evbladeadm.h"
#include "nl.h"

/* State of one request while its replies are read. */
struct talk {
	mnl_cb_t cb;
	void *data;
	char msg[256];		/* the kernel's extack message, if any */
	bool has_off;		/* the extack names an attribute: */
	uint32_t off;		/* its offset in the request */
	char range[64];		/* what its policy allows, if it says */
	bool intr;		/* a dump saw NLM_F_DUMP_INTR */
};

/* NLMSGERR_ATTR_POLICY: "2..256", ">= 1" or "at most 31 bytes". */
static void policy_range(const struct nlattr *nest, struct talk *t)
{
	bool has_min = false, has_max = false, has_len = false;
	uint64_t min = 0, max = 0, len = 0;
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		uint64_t v;

		if (mnl_attr_get_payload_len(a) == 8)
			v = mnl_attr_get_u64(a);
		else if (mnl_attr_get_payload_len(a) == 4)
			v = mnl_attr_get_u32(a);
		else
			continue;
		switch (mnl_attr_get_type(a)) {
		case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
			has_min = true;
			min = v;
			break;
		case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
			has_max = true;
			max = v;
			break;
		case NL_POLICY_TYPE_ATTR_MAX_LENGTH:
			has_len = true;
			len = v;
			break;
		}
	}
	if (has_min && has_max)
		snprintf(t->range, sizeof(t->range), "%llu..%llu",
			 (unsigned long long)min, (unsigned long long)max);
	else if (has_min)
		snprintf(t->range, sizeof(t->range), "at least %llu",
			 (unsigned long long)min);
	else if (has_max)
		snprintf(t->range, sizeof(t->range), "at most %llu",
			 (unsigned long long)max);
	else if (has_len)
		snprintf(t->range, sizeof(t->range), "at most %llu bytes",
			 (unsigned long long)len);
}

/* One CTRL_ATTR_MCAST_GROUPS entry: a nest of name and id. */
static int group_attr_cb(const struct nlattr *attr, void *data)
{
	struct adm_nl_group *g = data;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_MCAST_GRP_NAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			snprintf(g->name, sizeof(g->name), "%s",
				 mnl_attr_get_str(attr));
		break;
	case CTRL_ATTR_MCAST_GRP_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			g->id = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	struct adm_nl *nl = data;
	const struct nlattr *pos;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
			nl->family = mnl_attr_get_u16(attr);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			break;
		mnl_attr_for_each_nested(pos, attr) {
			struct adm_nl_group g = { .name = "" };

			if (nl->n_groups == EVB_NL_MAX_GROUPS)
				break;
			if (mnl_attr_validate(pos, MNL_TYPE_NESTED) < 0 ||
			    mnl_attr_parse_nested(pos, group_attr_cb, &g) < 0)
				continue;
			if (g.name[0] && g.id)
				nl->groups[nl->n_groups++] = g;
		}
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb,
			      data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

/* NLMSG_ERROR: an ack (error 0) ends the exchange; else keep the extack. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct talk *t = data;
	const struct nlattr *attr;
	unsigned int off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;

	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
		mnl_attr_for_each(attr, nlh, off) {
			switch (mnl_attr_get_type(attr)) {
			case NLMSGERR_ATTR_MSG:
				if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
					snprintf(t->msg, sizeof(t->msg), "%s",
						 mnl_attr_get_str(attr));
				break;
			case NLMSGERR_ATTR_OFFS:
				if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
					t->has_off = true;
					t->off = mnl_attr_get_u32(attr);
				}
				break;
			case NLMSGERR_ATTR_POLICY:
				if (mnl_attr_validate(attr, MNL_TYPE_NESTED) == 0)
					policy_range(attr, t);
				break;
			}
		}
	}
	errno = -e->error;
	return MNL_CB_ERROR;
}

/* NLMSG_DONE ends a dump; it carries an error code if the dump failed. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(int))) {
		int e = *(const int *)mnl_nlmsg_get_payload(nlh);

		if (e < 0) {
			errno = -e;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		t->intr = true;
	return t->cb ? t->cb(nlh, t->data) : MNL_CB_OK;
}

static mnl_cb_t ctl_cb[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = error_cb,
	[NLMSG_DONE] = done_cb,
};

static int run(struct adm_nl *nl, struct nlmsghdr *req, struct talk *t)
{
	int ret;

	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0)
		return -1;
	do {
		ret = mnl_socket_recvfrom(nl->sock, nl->buf, EVB_NL_BUFSIZE);
		if (ret < 0)
			return -1;
		ret = mnl_cb_run2(nl->buf, ret, req->nlmsg_seq, nl->portid,
				  data_cb, t, ctl_cb, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? -1 : 0;
}

/* How often a dump that changed under us (NLM_F_DUMP_INTR) is asked again. */
#define DUMP_TRIES 50

/*
 * EVBLADEADM_TEST_DUMP_WAIT=FILE: a hook for the selftests (conns.sh) to
 * change the kernel's lists between two parts of a dump.  After the first
 * part of the first try, create FILE.paused and wait (at most a minute)
 * until FILE exists.
 */
static void test_dump_wait(void)
{
	const char *path = getenv("EVBLADEADM_TEST_DUMP_WAIT");
	char paused[4096];
	FILE *f;
	int i;

	if (!path || !*path)
		return;
	snprintf(paused, sizeof(paused), "%s.paused", path);
	f = fopen(paused, "w");
	if (f)
		fclose(f);
	for (i = 0; i < 6000 && access(path, F_OK); i++)
		usleep(10000);
}

/* One datagram of a dump, kept until the dump is known to be whole. */
struct part {
	struct part *next;
	size_t len;
	char data[];
};

static void parts_free(struct part *p)
{
	struct part *next;

	for (; p; p = next) {
		next = p->next;
		free(p);
	}
}

/*
 * Look through a part of a dump: does it end the dump (NLMSG_DONE, or an
 * error), and is a message flagged NLM_F_DUMP_INTR?  (libmnl stops at such
 * a message with EINTR, before the end of the dump.)
 */
static bool part_scan(const struct part *p, bool *intr)
{
	const struct nlmsghdr *nlh = (const void *)p->data;
	int len = p->len;
	bool end = false;

	while (mnl_nlmsg_ok(nlh, len)) {
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			*intr = true;
		if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR)
			end = true;
		nlh = mnl_nlmsg_next(nlh, &len);
	}
	return end;
}

/*
 * A dump: read all of it before showing any of it, and if the kernel
 * flagged a part NLM_F_DUMP_INTR (what it walked changed in between, so
 * entries may be missing or twice), ask again.  Only a whole dump, or the
 * last try, reaches the callback.
 */
static int run_dump(struct adm_nl *nl, struct nlmsghdr *req, struct talk *t)
{
	struct part *parts = NULL, **tail, *p;
	bool intr;
	struct nlmsghdr *copy;
	int ret = -1, n = 0, tries;

	copy = malloc(req->nlmsg_len);
	if (!copy)
		return -1;
	memcpy(copy, req, req->nlmsg_len);
	for (tries = 1; ; tries++) {
		parts_free(parts);
		parts = NULL;
		tail = &parts;
		intr = false;
		if (mnl_socket_sendto(nl->sock, copy, copy->nlmsg_len) < 0)
			goto out;
		do {
			n = mnl_socket_recvfrom(nl->sock, nl->buf, EVB_NL_BUFSIZE);
			if (n < 0)
				goto out;
			p = malloc(sizeof(*p) + n);
			if (!p)
				goto out;
			p->next = NULL;
			p->len = n;
			memcpy(p->data, nl->buf, n);
			if (tries == 1 && tail == &parts)
				test_dump_wait();
			*tail = p;
			tail = &p->next;
		} while (!part_scan(p, &intr));
		if (!intr)
			break;
		if (tries == DUMP_TRIES) {
			snprintf(t->msg, sizeof(t->msg),
				 "the list kept changing during %d dumps; try again",
				 DUMP_TRIES);
			errno = EINTR;
			goto out;
		}
	}
	/* Show it: the callback runs on the kept parts. */
	for (p = parts; p; p = p->next) {
		n = mnl_cb_run2(p->data, p->len, copy->nlmsg_seq, nl->portid,
				data_cb, t, ctl_cb, NLMSG_MIN_TYPE);
		if (n <= MNL_CB_STOP)
			break;
	}
	ret = n < 0 ? -1 : 0;
out:
	parts_free(parts);
	free(copy);
	return ret;
}

static struct nlmsghdr *msg_start(struct adm_nl *nl, uint16_t type,
				  uint8_t cmd, uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	/* libmnl does not clear attribute padding: start from zeroes. */
	memset(nl->buf, 0, EVB_NL_BUFSIZE);
	nlh = mnl_nlmsg_put_header(nl->buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

/*
 * EVBLADEADM_DUMP_REQUEST: show the request on stderr, byte by byte and
 * attribute by attribute, so that its encoding can be checked on a host
 * without the module.  Nested attributes are shown as their raw payload.
 */
static void hexdump(const void *buf, size_t len, bool ascii)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		fprintf(stderr, " %02x", p[i]);
	if (!ascii || !len)
		return;
	fputs("  |", stderr);
	for (i = 0; i < len; i++)
		fputc(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.', stderr);
	fputc('|', stderr);
}

static void dump_request(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t off;

	fprintf(stderr, "%s: EVBLADEADM_DUMP_REQUEST is set: not sending this %u-byte request\n",
		prog, nlh->nlmsg_len);
	for (off = 0; off < nlh->nlmsg_len; off += 16) {
		size_t n = nlh->nlmsg_len - off < 16 ? nlh->nlmsg_len - off : 16;

		fprintf(stderr, "%04zx:", off);
		hexdump((const char *)nlh + off, n, false);
		fputc('\n', stderr);
	}
	fprintf(stderr, "nlmsg len %u type %u flags 0x%x\n", nlh->nlmsg_len,
		nlh->nlmsg_type, nlh->nlmsg_flags);
	fprintf(stderr, "genl cmd %u version %u\n", g->cmd, g->version);
	mnl_attr_for_each(attr, nlh, sizeof(*g)) {
		fprintf(stderr, "attr %u len %u:", mnl_attr_get_type(attr),
			mnl_attr_get_payload_len(attr));
		hexdump(mnl_attr_get_payload(attr),
			mnl_attr_get_payload_len(attr), true);
		fputc('\n', stderr);
	}
}

int adm_nl_open(struct adm_nl *nl)
{
	struct talk t = { .cb = family_cb, .data = nl };
	const char *dump;
	struct nlmsghdr *nlh;
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->seq = time(NULL);
	nl->buf = malloc(EVB_NL_BUFSIZE);
	if (!nl->buf)
		return adm_err("out of memory");
	/*
	 * EVBLADEADM_TEST_NO_MODULE=1: a hook for test-args.sh, which must
	 * not make the host's kernel look for a module: fail as the family
	 * lookup fails when evblade cannot be loaded, without asking.
	 */
	dump = getenv("EVBLADEADM_TEST_NO_MODULE");
	if (dump && !strcmp(dump, "1")) {
		adm_err("the evblade module is not loaded and could not be loaded (modprobe evblade)");
		goto err_free;
	}
	dump = getenv("EVBLADEADM_DUMP_REQUEST");
	if (dump && *dump && strcmp(dump, "0")) {
		/* No socket and no family id: the request only gets shown. */
		nl->dump_only = true;
		nl->seq = 0;
		return 0;
	}
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock) {
		adm_err("cannot open a generic netlink socket: %s", strerror(errno));
		goto err_free;
	}
	/* Errors should carry the kernel's explanation, not our request. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		adm_err("cannot bind a generic netlink socket: %s", strerror(errno));
		goto err_close;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);

	/* Asking for the family by name makes the kernel load evblade.ko. */
	nlh = msg_start(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, EVBLADE_FAMILY_NAME);
	if (run(nl, nlh, &t) < 0 || !nl->family) {
		if (errno == ENOENT)
			adm_err("the evblade module is not loaded and could not be loaded (modprobe evblade)");
		else
			adm_err("cannot resolve the evblade netlink family: %s",
			    t.msg[0] ? t.msg : strerror(errno));
		goto err_close;
	}
	return 0;

err_close:
	mnl_socket_close(nl->sock);
err_free:
	free(nl->buf);
	nl->buf = NULL;
	nl->sock = NULL;
	return -1;
}

void adm_nl_close(struct adm_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->buf);
	nl->sock = NULL;
	nl->buf = NULL;
}

void adm_nl_word(struct adm_nl *nl, const struct nlmsghdr *req,
		 const struct nlattr *attr, const char *word)
{
	if (nl->n_words == ADM_NL_MAX_WORDS)
		return;
	nl->words[nl->n_words].off = (uint32_t)((const char *)attr -
						(const char *)req);
	nl->words[nl->n_words++].word = word;
}

struct nlmsghdr *adm_nl_msg(struct adm_nl *nl, uint8_t cmd, uint16_t flags)
{
	return msg_start(nl, nl->family, cmd, EVBLADE_FAMILY_VERSION, flags);
}

int adm_nl_talk(struct adm_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		void *data, const char *what)
{
	struct talk t = { .cb = cb, .data = data };
	const char *word = NULL;
	unsigned int i;
	int ret;

	if (nl->dump_only) {
		fflush(stdout);
		dump_request(req);
		exit(0);
	}
	ret = req->nlmsg_flags & NLM_F_DUMP ? run_dump(nl, req, &t) :
					      run(nl, req, &t);
	if (ret == 0) {
		if (t.intr)
			adm_err("%s: warning: the list changed during the dump; it may be inconsistent, run it again",
			    what);
		return 0;
	}
	/* The words the extack points at, as the caller named them. */
	for (i = 0; t.has_off && i < nl->n_words; i++)
		if (nl->words[i].off == t.off)
			word = nl->words[i].word;
	if (t.msg[0])
		adm_err("%s: %s%s%s%s%s%s (%s)", what, word ? word : "",
			word ? ": " : "", t.msg, t.range[0] ? " (" : "",
			t.range, t.range[0] ? ")" : "", strerror(errno));
	else if (errno == EPERM)
		adm_err("%s: %s (CAP_NET_ADMIN is needed)", what, strerror(errno));
	else
		adm_err("%s: %s", what, strerror(errno));
	return -1;
}

int adm_nl_join(struct adm_nl *nl, const char *group)
{
	unsigned int i;

	if (nl->dump_only) {
		fprintf(stderr, "%s: EVBLADEADM_DUMP_REQUEST is set: not joining multicast group '%s'\n",
			prog, group);
		exit(0);
	}
	for (i = 0; i < nl->n_groups; i++) {
		if (strcmp(nl->groups[i].name, group))
			continue;
		if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP,
					  &nl->groups[i].id,
					  sizeof(nl->groups[i].id)) < 0) {
			adm_err("cannot join multicast group '%s': %s", group,
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	adm_err("the loaded evblade module has no multicast group '%s'; it is older than this tool",
	    group);
	return -1;
}

int adm_nl_listen(struct adm_nl *nl, mnl_cb_t cb, void *data)
{
	ssize_t len;
	int ret;

	for (;;) {
		len = mnl_socket_recvfrom(nl->sock, nl->buf, EVB_NL_BUFSIZE);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				/* The socket overran: say so, keep going. */
				adm_err("warning: events were lost (socket receive buffer overrun)");
				continue;
			}
			adm_err("cannot receive events: %s", strerror(errno));
			return -1;
		}
		/* Notifications carry sequence number 0: accept any. */
		ret = mnl_cb_run(nl->buf, (size_t)len, 0, 0, cb, data);
		if (ret <= MNL_CB_STOP)
			return ret < 0 ? -1 : 0;
	}
}

struct parse_ctx {
	const struct nlattr **tb;
	unsigned int max;
};

static int parse_cb(const struct nlattr *attr, void *data)
{
	struct parse_ctx *p = data;
	unsigned int type = mnl_attr_get_type(attr);

	/* Attributes newer than this tool are skipped, not an error. */
	if (type <= p->max)
		p->tb[type] = attr;
	return MNL_CB_OK;
}

int adm_nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb,
		 unsigned int max)
{
	struct parse_ctx p = { .tb = tb, .max = max };

	memset(tb, 0, (max + 1) * sizeof(*tb));
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), parse_cb, &p);
}

int adm_nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
			unsigned int max)
{
	struct parse_ctx p = { .tb = tb, .max = max };

	memset(tb, 0, (max + 1) * sizeof(*tb));
	return mnl_attr_parse_nested(nest, parse_cb, &p);
}
