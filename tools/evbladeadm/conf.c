// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration as evbladeadm command lines: the words of a line, the
 * canonical form of blades and clients, and the commands built on them
 * that need no plan: save and flush (-batch and apply are in apply.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/genetlink.h>

#include "conf.h"
#include "evbladeadm.h"
#include "nl.h"
#include "util.h"

/* The kernel's defaults (kernel/blade.h): a blade add without them. */
#define DEFAULT_BUFCNT		64
#define DEFAULT_IDLE_TIMEOUT	300

/* ---- words ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* \xNN at s: the byte, or -1 if it is not one. */
static int hexbyte(const char *s)
{
	int hi, lo;

	if (s[0] != '\\' || s[1] != 'x')
		return -1;
	hi = hexval(s[2]);
	lo = hi < 0 ? -1 : hexval(s[3]);
	return lo < 0 ? -1 : hi << 4 | lo;
}

/* Read a "..." word part at *p (after the quote) into out. */
static int split_dquote(const char **p, char **out, char *why, size_t whylen)
{
	const char *s = *p;
	int byte;

	for (; *s && *s != '"'; s++) {
		byte = hexbyte(s);
		if (byte >= 0) {
			*(*out)++ = (char)byte;
			s += 3;
		} else if (*s == '\\' && (s[1] == '\\' || s[1] == '"')) {
			*(*out)++ = *++s;
		} else {
			*(*out)++ = *s;
		}
	}
	if (!*s) {
		snprintf(why, whylen, "unterminated double quote");
		return -1;
	}
	*p = s + 1;
	return 0;
}

/*
 * One word at *p (not blank, not a comment) into out, NUL-terminated;
 * its length into *len (it may hold NULs).
 */
static int split_word(const char **p, char *out, size_t *len, char *why,
		      size_t whylen)
{
	const char *s = *p;
	char *start = out;

	while (*s && !is_blank(*s)) {
		if (*s == '"') {
			s++;
			if (split_dquote(&s, &out, why, whylen) < 0)
				return -1;
		} else if (*s == '\'') {
			const char *end = strchr(s + 1, '\'');

			if (!end) {
				snprintf(why, whylen, "unterminated single quote");
				return -1;
			}
			memcpy(out, s + 1, (size_t)(end - s - 1));
			out += end - s - 1;
			s = end + 1;
		} else if (*s == '\\') {
			if (!s[1] || s[1] == '\n') {
				snprintf(why, whylen, "a backslash ends the line");
				return -1;
			}
			*out++ = s[1];
			s += 2;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
	*len = (size_t)(out - start);
	*p = s;
	return 0;
}

int conf_split(const char *line, struct conf_line *l, char *why, size_t whylen)
{
	size_t len = strlen(line);
	const char *p = line;

	memset(l, 0, sizeof(*l));
	/* At most a word per two bytes, and the NULL. */
	l->argv = calloc(len / 2 + 2, sizeof(*l->argv));
	l->len = calloc(len / 2 + 2, sizeof(*l->len));
	if (!l->argv || !l->len)
		goto nomem;
	for (;;) {
		while (is_blank(*p))
			p++;
		if (!*p || *p == '#')
			break;
		l->argv[l->argc] = malloc(len + 1);
		if (!l->argv[l->argc])
			goto nomem;
		if (split_word(&p, l->argv[l->argc], &l->len[l->argc], why,
			       whylen) < 0) {
			l->argc++;
			conf_line_free(l);
			return -1;
		}
		l->argc++;
	}
	/* A blank or comment line holds nothing to free. */
	if (!l->argc)
		conf_line_free(l);
	return 0;
nomem:
	conf_line_free(l);
	snprintf(why, whylen, "out of memory");
	return -1;
}

void conf_line_free(struct conf_line *l)
{
	int i;

	for (i = 0; l->argv && i < l->argc; i++)
		free(l->argv[i]);
	free(l->argv);
	free(l->len);
	l->argv = NULL;
	l->len = NULL;
	l->argc = 0;
}

static bool is_plain(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("_./:%@+,=-", c);
}

void conf_put_word(FILE *f, const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < len && word[i] && is_plain(word[i]); i++)
		;
	if (len && i == len) {
		fwrite(word, 1, len, f);
		return;
	}
	fputc('"', f);
	adm_put_escaped(f, word, len, true);
	fputc('"', f);
}

/* ---- the canonical form ---- */

static const struct {
	const char *name;
	bool settable;
} props[CP_MAX] = {
	[CP_DEV] = { "dev", true },
	[CP_PATH] = { "path", false },
	[CP_PRIVATE] = { "private", false },
	[CP_SIZE] = { "size", false },
	[CP_AUTOCREATE] = { "autocreate", false },
	[CP_COW] = { "cow", false },
	[CP_BASE] = { "base", false },
	[CP_READ_ONLY] = { "read-only", true },
	[CP_WRITE_BACK] = { "write-back", true },
	[CP_CONFIG] = { "config-string", true },
	[CP_BUFCNT] = { "bufcnt", true },
	[CP_LOCKING] = { "locking", true },
	[CP_MASK] = { "mask-mac", true },
	[CP_STATE_DIR] = { "state-dir", false },
	[CP_IDLE] = { "idle-timeout", true },
	[CP_ACL] = { "acl", true },
};

const char *conf_prop_name(enum conf_prop p)
{
	return props[p].name;
}

bool conf_prop_settable(enum conf_prop p)
{
	return props[p].settable;
}

int conf_words_add(struct conf_words *w, const char *word, size_t len)
{
	char **nw = realloc(w->w, (w->n + 1) * sizeof(*nw));
	size_t *nl;

	if (!nw)
		return -1;
	w->w = nw;
	nl = realloc(w->len, (w->n + 1) * sizeof(*nl));
	if (!nl)
		return -1;
	w->len = nl;
	w->w[w->n] = malloc(len + 1);
	if (!w->w[w->n])
		return -1;
	memcpy(w->w[w->n], word, len);
	w->w[w->n][len] = '\0';
	w->len[w->n++] = len;
	return 0;
}

static int add_str(struct conf_words *w, const char *word)
{
	return conf_words_add(w, word, strlen(word));
}

/* A keyword and its value. */
static int add_kv(struct conf_words *w, const char *key, const char *val)
{
	return add_str(w, key) ?: add_str(w, val);
}

static int add_num(struct conf_words *w, const char *key, unsigned long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", v);
	return add_kv(w, key, buf);
}

/* A size in the largest binary unit that divides it: 2G, or bytes. */
static int add_size(struct conf_words *w, uint64_t size)
{
	static const char units[] = "TGMK";
	char buf[32];
	int i;

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)size);
	for (i = 0; size && i < 4; i++) {
		unsigned int shift = 10 * (4 - i);

		if (!(size & ((1ULL << shift) - 1))) {
			snprintf(buf, sizeof(buf), "%llu%c",
				 (unsigned long long)(size >> shift), units[i]);
			break;
		}
	}
	return add_kv(w, "size", buf);
}

void conf_words_free(struct conf_words *w)
{
	unsigned int i;

	for (i = 0; i < w->n; i++)
		free(w->w[i]);
	free(w->w);
	free(w->len);
	memset(w, 0, sizeof(*w));
}

bool conf_words_equal(const struct conf_words *a, const struct conf_words *b)
{
	unsigned int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->len[i] != b->len[i] || memcmp(a->w[i], b->w[i], a->len[i]))
			return false;
	return true;
}

static int init_devs(struct conf_blade *cb, const struct adm_blade *b)
{
	struct conf_words *w = &cb->p[CP_DEV];
	char name[IF_NAMESIZE + 16];
	unsigned int i;
	int ret = 0;

	if (b->dev_names) {
		for (i = 0; !ret && i < b->n_dev_names; i++)
			ret = add_kv(w, "dev", b->dev_names[i]);
		return ret;
	}
	if (b->all_ifs)
		return 0;
	cb->no_ifs = !b->n_ifindex;
	for (i = 0; !ret && i < b->n_ifindex; i++)
		ret = add_kv(w, "dev", adm_ifname(b->ifindex[i], name));
	return ret;
}

static int init_acl(struct conf_words *w, const struct adm_blade *b)
{
	unsigned int i;
	char mac[18];
	int ret = 0;

	if (b->has_policy && !b->policy_allow)
		ret = add_kv(w, "acl-policy", "deny");
	for (i = 0; !ret && i < b->n_rules; i++) {
		const struct adm_rule *r = &b->rules[i];

		ret = add_kv(w, r->allow ? "allow" : "deny", r->is_client ?
			     r->client : adm_fmt_mac(r->mac, mac));
	}
	return ret;
}

static int init_flags(struct conf_blade *cb, const struct adm_blade *b)
{
	int ret = 0;

	if (b->private)
		ret = add_str(&cb->p[CP_PRIVATE], "private");
	/* Only a private blade's size is the admin's: autocreate's. */
	if (!ret && b->private && !b->cow && b->has_size && b->size)
		ret = add_size(&cb->p[CP_SIZE], b->size);
	if (!ret && b->autocreate)
		ret = add_str(&cb->p[CP_AUTOCREATE], "autocreate");
	if (!ret && b->cow)
		ret = add_str(&cb->p[CP_COW], "cow");
	if (!ret && b->base)
		ret = add_kv(&cb->p[CP_BASE], "base", b->base);
	if (!ret && b->has_read_only && b->read_only)
		ret = add_kv(&cb->p[CP_READ_ONLY], "read-only", "on");
	if (!ret && b->has_write_back && b->write_back)
		ret = add_kv(&cb->p[CP_WRITE_BACK], "write-back", "on");
	if (!ret && b->has_locking && b->locking)
		ret = add_kv(&cb->p[CP_LOCKING], "locking", "on");
	return ret;
}

int conf_blade_init(struct conf_blade *cb, const struct adm_blade *b)
{
	char mac[18];
	unsigned int i;
	int ret;

	memset(cb, 0, sizeof(*cb));
	cb->shelf = b->shelf;
	cb->slot = b->slot;
	ret = init_devs(cb, b) ?:
	      add_kv(&cb->p[CP_PATH], "path", b->path ? b->path : "") ?:
	      init_flags(cb, b);
	/* With a state directory, the kernel keeps these in its files. */
	if (!ret && !b->state_dir && b->has_config && b->config_len)
		ret = add_str(&cb->p[CP_CONFIG], "config-string") ?:
		      conf_words_add(&cb->p[CP_CONFIG], b->config,
				     b->config_len);
	if (!ret && b->has_bufcnt && b->bufcnt != DEFAULT_BUFCNT)
		ret = add_num(&cb->p[CP_BUFCNT], "bufcnt", b->bufcnt);
	for (i = 0; !ret && !b->state_dir && i < b->n_mask; i++)
		ret = add_kv(&cb->p[CP_MASK], "mask-mac",
			     adm_fmt_mac(b->mask[i], mac));
	if (!ret && b->state_dir)
		ret = add_kv(&cb->p[CP_STATE_DIR], "state-dir", b->state_dir);
	if (!ret && b->has_idle && b->idle != DEFAULT_IDLE_TIMEOUT)
		ret = add_num(&cb->p[CP_IDLE], "idle-timeout", b->idle);
	if (!ret)
		ret = init_acl(&cb->p[CP_ACL], b);
	if (ret) {
		conf_blade_free(cb);
		return adm_err("out of memory");
	}
	return 0;
}

void conf_blade_free(struct conf_blade *cb)
{
	int p;

	for (p = 0; p < CP_MAX; p++)
		conf_words_free(&cb->p[p]);
}

/* The ACL for blade set: a policy, then the rules or acl-clear. */
static int set_acl(const struct conf_words *acl, struct conf_words *w)
{
	bool deny = acl->n && !strcmp(acl->w[0], "acl-policy");
	unsigned int i;
	int ret;

	ret = add_kv(w, "acl-policy", deny ? "deny" : "allow");
	if (!ret && acl->n == (deny ? 2 : 0))
		ret = add_str(w, "acl-clear");
	for (i = deny ? 2 : 0; !ret && i < acl->n; i++)
		ret = conf_words_add(w, acl->w[i], acl->len[i]);
	return ret;
}

int conf_set_words(const struct conf_blade *cb, enum conf_prop p,
		   struct conf_words *w)
{
	const struct conf_words *v = &cb->p[p];
	unsigned int i;
	int ret = 0;

	if (p == CP_ACL)
		return set_acl(v, w);
	for (i = 0; !ret && i < v->n; i++)
		ret = conf_words_add(w, v->w[i], v->len[i]);
	if (ret || v->n)
		return ret;
	switch (p) {
	case CP_DEV:
		return add_str(w, "all-ifs");
	case CP_READ_ONLY:
	case CP_WRITE_BACK:
	case CP_LOCKING:
		return add_kv(w, props[p].name, "off");
	case CP_CONFIG:
		return add_kv(w, "config-string", "");
	case CP_BUFCNT:
		return add_num(w, "bufcnt", DEFAULT_BUFCNT);
	case CP_MASK:
		return add_str(w, "mask-clear");
	case CP_IDLE:
		return add_num(w, "idle-timeout", DEFAULT_IDLE_TIMEOUT);
	default:
		return 0;
	}
}

void conf_blade_print(FILE *f, const struct conf_blade *cb)
{
	unsigned int i;
	int p;

	fprintf(f, "blade add e%u.%u", cb->shelf, cb->slot);
	for (p = 0; p < CP_MAX; p++) {
		for (i = 0; i < cb->p[p].n; i++) {
			fputc(' ', f);
			conf_put_word(f, cb->p[p].w[i], cb->p[p].len[i]);
		}
	}
}

void conf_client_print(FILE *f, const struct adm_client *c)
{
	unsigned int i;
	char mac[18];

	fputs("client add ", f);
	conf_put_word(f, c->name ? c->name : "", c->name ? strlen(c->name) : 0);
	for (i = 0; i < c->n_mac; i++)
		fprintf(f, " mac %s", adm_fmt_mac(c->mac[i], mac));
}

/* ---- save ---- */

struct save {
	FILE *f;
	int ret;
};

static int save_client_cb(const struct nlmsghdr *nlh, void *data)
{
	struct save *s = data;
	struct adm_client c;

	if (adm_client_parse(nlh, &c) < 0)
		return MNL_CB_ERROR;
	conf_client_print(s->f, &c);
	fputc('\n', s->f);
	return MNL_CB_OK;
}

static int save_blade_cb(const struct nlmsghdr *nlh, void *data)
{
	struct save *s = data;
	struct conf_blade cb;
	struct adm_blade b;
	int ret;

	if (adm_blade_parse(nlh, &b) < 0)
		return MNL_CB_ERROR;
	ret = conf_blade_init(&cb, &b);
	adm_blade_free(&b);
	if (ret) {
		s->ret = 1;
		return MNL_CB_ERROR;
	}
	if (cb.no_ifs) {
		adm_err("save: warning: blade e%u.%u is served on no interface (they are gone): saved as a comment; add a dev to it",
			cb.shelf, cb.slot);
		fputs("# ", s->f);
	}
	conf_blade_print(s->f, &cb);
	fputs(cb.no_ifs ? " (served on no interface: add a dev)\n" : "\n",
	      s->f);
	conf_blade_free(&cb);
	return MNL_CB_OK;
}

/* Both lists into s->f: 0, or 1 after printing why. */
static int save_to(struct save *s)
{
	struct nlmsghdr *nlh;
	struct adm_nl nl;
	int ret;

	if (adm_nl_open(&nl) < 0)
		return 1;
	fprintf(s->f, "# evblade configuration saved by evbladeadm %s\n",
		EVBLADEADM_VERSION);
	nlh = adm_nl_msg(&nl, EVBLADE_CMD_CLIENT_GET, NLM_F_DUMP);
	ret = adm_nl_talk(&nl, nlh, save_client_cb, s, "save: client show");
	if (!ret) {
		nlh = adm_nl_msg(&nl, EVBLADE_CMD_BLADE_GET, NLM_F_DUMP);
		ret = adm_nl_talk(&nl, nlh, save_blade_cb, s,
				  "save: blade show");
	}
	adm_nl_close(&nl);
	return ret < 0 || s->ret ? 1 : 0;
}

/* Make a rename in the directory of path durable. */
static void sync_dir(const char *path)
{
	char *dir = strdup(path), *slash;
	int fd;

	if (!dir)
		return;
	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* FILE.tmp, written and synced, then renamed over FILE. */
static int save_file(const char *path)
{
	struct save s = { .ret = 0 };
	char *tmp;
	int fd, ret;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return adm_err("out of memory");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = adm_err("save: cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		return ret;
	}
	fchmod(fd, 0644);
	s.f = fdopen(fd, "w");
	if (!s.f) {
		close(fd);
		ret = adm_err("save: %s: %s", tmp, strerror(errno));
		goto err;
	}
	ret = save_to(&s);
	if (!ret && (fflush(s.f) || fsync(fd) < 0))
		ret = adm_err("save: cannot write %s: %s", tmp, strerror(errno));
	if (fclose(s.f) && !ret)
		ret = adm_err("save: cannot write %s: %s", tmp, strerror(errno));
	if (!ret && rename(tmp, path) < 0)
		ret = adm_err("save: cannot rename %s to %s: %s", tmp, path,
			      strerror(errno));
	if (!ret) {
		sync_dir(path);
		free(tmp);
		return 0;
	}
err:
	unlink(tmp);
	free(tmp);
	return ret;
}

int save_main(int argc, char **argv)
{
	struct save s = { .f = stdout, .ret = 0 };
	int ret;

	if (argc > 1 && !strcmp(argv[1], "help")) {
		printf("Usage: %s save [ FILE ]\n"
		       "Write the clients and blades of this network namespace as\n"
		       "evbladeadm command lines, to FILE (atomically) or stdout.\n",
		       prog);
		return 0;
	}
	if (argc > 2)
		return usage_err("help", "save: unexpected argument '%.64s'",
				 argv[2]);
	if (argc == 2 && strcmp(argv[1], "-"))
		return save_file(argv[1]);
	ret = save_to(&s);
	if (fflush(stdout) && !ret)
		ret = adm_err("save: cannot write: %s", strerror(errno));
	return ret;
}

/* ---- where a line is ---- */

const char *conf_where(const char *file, unsigned long line, char *buf,
		       size_t len)
{
	snprintf(buf, len, "%s:%lu: ", file, line);
	return buf;
}
