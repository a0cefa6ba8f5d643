// SPDX-License-Identifier: GPL-2.0
/*
 * aoeraw: send one hand-built ATA over Ethernet (AoE r11) request on a raw
 * socket and print every matching reply, one line each, as space-separated
 * key=value pairs for shell tests to grep.  It builds frames that no real
 * initiator sends (bad versions, short frames, wildcard queries, odd
 * payload sizes), so the protocol tests can check a target's answers.
 * One command, load, is a benchmark client instead: many client
 * identities (forged source MACs) keeping a window of ATA requests in
 * flight, one summary line at the end (see the load section).
 *
 * Replies are matched by our tag, which is random with bit 31 set, as the
 * aoetools do, so the Linux initiator in the same machine ignores them.
 * Only frames with the R flag count.  Nothing came within the timeout:
 * the single line "none".  Either way the exit status is 0; 1 is a system
 * error, 2 a usage error.
 *
 * Everything is built with explicit byte offsets rather than structures:
 * the point is to be able to build frames that do not fit the structures.
 * See aoeraw -h for the commands, and the AoE specification (revision 11)
 * and kernel/proto.h for the layouts.
 *
 * To add a command: write a build function (fill the argument after the
 * 24-byte header, append to the frame) and, for a new command byte, a
 * decoder in decode_reply(); then add a row to commands[].
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define AOE_ETHERTYPE	0x88a2
#define MAC_LEN		6
#define FRAME_MAX	65536	/* more than any MTU a test uses */
#define ETH_MIN_FRAME	60	/* Ethernet minimum without the FCS */

/* Offsets from the start of the Ethernet frame. */
enum {
	OFF_DST = 0,
	OFF_SRC = 6,
	OFF_TYPE = 12,
	OFF_VERFL = 14,		/* version (high nibble) | flags */
	OFF_ERR = 15,
	OFF_MAJOR = 16,		/* shelf, big-endian */
	OFF_MINOR = 18,		/* slot */
	OFF_CMD = 19,
	OFF_TAG = 20,		/* big-endian */
	OFF_ARG = 24,		/* the command's argument */
};

/* Header flags (low nibble of the ver/flags byte). */
#define FL_RSP		0x08
#define FL_ERR		0x04

/* Command bytes. */
enum { CMD_ATA = 0, CMD_CFG = 1, CMD_MASK = 2, CMD_RSV = 3 };

/* ATA argument (12 bytes at OFF_ARG), then data. */
enum {
	ATA_AFLAGS = 0, ATA_ERRFEAT = 1, ATA_SCNT = 2, ATA_CMDSTAT = 3,
	ATA_LBA = 4,	/* six bytes, least significant first */
	ATA_HDR_LEN = 12,
};
#define AFL_EXT		0x40
#define AFL_WRITE	0x01

/* Query Config argument (8 bytes), then the string. */
enum {
	CFG_BUFCNT = 0, CFG_FWVER = 2, CFG_SCNT = 4, CFG_VERCCMD = 5,
	CFG_CSLEN = 6, CFG_HDR_LEN = 8,
};

/* MAC Mask List argument (4 bytes), then 8-byte directives. */
enum { MASK_MCMD = 1, MASK_MERROR = 2, MASK_DIRCNT = 3, MASK_HDR_LEN = 4 };
enum { DIR_DCMD = 1, DIR_MAC = 2, DIR_LEN = 8 };

/* Reserve/Release argument (2 bytes), then MACs. */
enum { RSV_RCMD = 0, RSV_NMACS = 1, RSV_HDR_LEN = 2 };

static const char *progname = "aoeraw";

/* Everything that describes one run. */
struct run {
	/* global options */
	const char *ifname;
	int timeout_ms;
	uint8_t dst[MAC_LEN];
	bool dst_set;
	uint8_t src[MAC_LEN];
	bool src_set;
	unsigned int version;
	unsigned int flags;
	uint32_t tag;
	bool tag_set;
	long exact_len;		/* --len: -1 for "as built" */
	bool no_pad;
	long max_replies;	/* -n: 0 for no limit */
	bool hex;		/* --hex: dump frames to stderr */
	bool dry_run;		/* --dry-run: print the request, send nothing */
	bool tun;		/* --tun: IFACE is a TUN device we create */
	long poison;		/* --poison N: spray N frames first, count */

	/* addressing */
	uint16_t shelf;
	uint8_t slot;

	/* the request */
	uint8_t frame[FRAME_MAX];
	size_t len;
	bool match_tag;		/* false: any reply with R (listen, short raw) */
	bool all;		/* listen --all: requests too */

	/* what to do with ATA replies */
	const char *out_path;
	bool identify;
};

/* ---------------------------------------------------------------- utils */

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(%s -h for help)\n", progname);
	exit(2);
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: %1$s [OPTIONS] IFACE SHELF SLOT COMMAND [ARGS...]\n"
"       %1$s [OPTIONS] IFACE raw HEX...\n"
"       %1$s [OPTIONS] IFACE listen [-t MS] [--all]\n"
"       %1$s [-d MAC] IFACE SHELF SLOT load [--macs N] [LOAD OPTIONS]\n"
"\n"
"Send one AoE request on IFACE (AF_PACKET, ethertype 0x88a2) and print\n"
"each reply that carries our tag and the R flag, one line each:\n"
"  rsp src=MAC dst=MAC shelf=S slot=L flags=0xF err=E cmd=C <command fields>\n"
"      hver=V tag=0xT len=BYTES\n"
"or \"none\" if nothing came before the timeout.  Exit 0 either way.\n"
"SHELF and SLOT are decimal or hex (0xffff / 0xff are the wildcards).\n"
"\n"
"Options (before IFACE):\n"
"  -t MS          wait MS milliseconds for replies (default 500, or\n"
"                 $AOERAW_TIMEOUT_MS: slow guests can set it for a whole test)\n"
"  -n N           stop after N replies\n"
"  -d MAC         destination MAC (default ff:ff:ff:ff:ff:ff)\n"
"  -s MAC         source MAC (default IFACE's own)\n"
"  -v VERSION     version nibble of the request (default 1)\n"
"  -f FLAGS       flag nibble of the request (default 0; 0x8 is R)\n"
"  -T TAG         tag (default random with bit 31 set)\n"
"  --len N        make the frame exactly N bytes (>= 14) after building and\n"
"                 padding it: truncates, or appends zero bytes\n"
"  --no-pad       do not pad the frame to 60 bytes\n"
"  --hex          dump the request and each reply in hex on stderr\n"
"  --dry-run      print the request as \"req HEX\" and exit: no socket, no\n"
"                 frame sent (the source MAC is zero unless -s is given)\n"
"  --tun          create IFACE as a TUN device (IFF_TUN, no MAC header),\n"
"                 bring it up and write the built frame, Ethernet header\n"
"                 and all, as its packet (tun_pi protocol 0x88a2); print\n"
"                 whatever the kernel sends back on it (any tag), hex\n"
"                 included.  The source MAC is 02:00:00:00:00:01 unless -s\n"
"  --poison N     first send N throw-away frames (ethertype 0x88b5) of\n"
"                 every size up to the MTU, filled with an 8-byte pattern,\n"
"                 so that freed kernel buffers hold it; then count in each\n"
"                 reply the bytes that are that pattern: poison=BYTES\n"
"  -h, --help     this text\n"
"\n"
"Commands:\n"
"  cfg [read|test|ptest|set|fset|CCMD] [STRING] [--cslen N] [--aoever N]\n"
"      Query Config (cmd 1).  --cslen overrides the string length field;\n"
"      --aoever sets the high nibble of the ccmd byte (default 1).\n"
"      Fields: bufcnt= fw=0xF scnt= ver= ccmd= cslen= str=ESCAPED\n"
"  ata OPCODE [--lba N] [--count N] [--ext] [--aflags N] [--feature N]\n"
"      [--devreg N] [--data FILE | --data-len N] [--pad N] [--out FILE]\n"
"      Issue ATA Command (cmd 0).  --ext sets AFlags E (0x40); --data sends\n"
"      FILE as the payload and sets W (0x01); --data-len sends N zero bytes\n"
"      and leaves the AFlags alone; --aflags sets the AFlags exactly (no\n"
"      implied E or W); --devreg is ORed into LBA byte 3 (LBA28 device\n"
"      register, e.g. 0xe0); --pad appends N zero bytes at the end; --out\n"
"      writes the reply's data to FILE.\n"
"      Fields: aflags=0xNN errfeat=0xNN scnt= status=0xNN lba= datalen=\n"
"      (datalen counts the bytes after the 36-byte header; a reply of just\n"
"      the Ethernet minimum of 60 bytes counts as padding: datalen=0)\n"
"  identify [ATA OPTIONS]\n"
"      ata 0xec --count 1, and decode the IDENTIFY data: lba28= lba48=\n"
"      w83=0xNNNN w86=0xNNNN model=\"...\" serial=\"...\" fw=\"...\"\n"
"  mask read | mask edit | mask MCMD, then [add MAC|del MAC|nop MAC|\n"
"      dcmd N MAC]... [--dircnt N]\n"
"      MAC Mask List (cmd 2).  Fields: mcmd= merror= dircnt= macs=M1,M2\n"
"  rsv read | rsv set [MAC...] | rsv fset [MAC...] | rsv RCMD [MAC...]\n"
"      [--nmacs N]\n"
"      Reserve/Release (cmd 3).  Fields: rcmd= nmacs= macs=M1,M2\n"
"  cmd N [--arglen N]\n"
"      command byte N with a zeroed argument (default 12 bytes)\n"
"  raw HEX...\n"
"      HEX is everything after the 14-byte Ethernet header (spaces and\n"
"      colons allowed).  Replies are matched by the tag at bytes 6..9 of\n"
"      HEX; with fewer than 10 bytes every reply with R is printed.\n"
"      SHELF and SLOT may be given but are not used.\n"
"  listen [-t MS] [--all]\n"
"      send nothing; print every AoE frame with R that arrives (for\n"
"      unsolicited announcements); with --all, requests too, as \"req\"\n"
"      lines decoded like replies, in both directions (a capture tool).\n"
"      \"listening on IFACE\" goes to stderr once the socket is bound.\n"
"  load [--macs N] [--first N] [--window W] [--count N] [--seconds S]\n"
"      [--write] [--lba-span N] [--lost MS] [--prime-timeout S]\n"
"      a benchmark load from N client identities (default 1): client i\n"
"      sends from 02:ee:xx:xx:xx:xx, the last four bytes --first + i\n"
"      (default 0), and the socket goes promiscuous to hear the replies.\n"
"      Every client asks Query Config until answered (prime_ms: how long\n"
"      until all were, e.g. a private blade opening their backings; at\n"
"      most --prime-timeout s, default 60, else exit 1); then W (default\n"
"      32, at most 4096) ATA reads (--write: writes) of --count sectors\n"
"      (default 8) stay in flight for S seconds (default 10), each from\n"
"      the next client in turn, at a random multiple of --count below\n"
"      --lba-span (default: the size IDENTIFY gives).  Nothing is\n"
"      retransmitted: a request unanswered after --lost ms (default 1000)\n"
"      is lost and replaced.  Without -d, the requests go to the MAC that\n"
"      answered the queries.  Prints one line:\n"
"        load macs= first= window= seconds= count= op=read|write span=\n"
"        ios= iops= mibs= lat_us= lost= late= errors= prime_ms=\n"
"        busy_pct= cpu_us_per_io=\n"
"      (late: answers to lost requests; errors: AoE or ATA errors, short\n"
"      reads, answers to the wrong client; the last two from /proc/stat\n"
"      over the timed part, all CPUs)\n",
		progname);
}

static unsigned long long parse_num(const char *s, unsigned long long max,
				    const char *what)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (!s || !*s || *s == '-')
		usage_err("%s: '%s' is not a number", what, s ? s : "");
	v = strtoull(s, &end, 0);
	if (errno || *end)
		usage_err("%s: '%s' is not a number", what, s);
	if (v > max)
		usage_err("%s: %s is over the limit of %llu", what, s, max);
	return v;
}

static void parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[MAC_LEN];
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2],
		   &b[3], &b[4], &b[5], &tail) != MAC_LEN &&
	    sscanf(s, "%2x-%2x-%2x-%2x-%2x-%2x%c", &b[0], &b[1], &b[2],
		   &b[3], &b[4], &b[5], &tail) != MAC_LEN)
		usage_err("'%s' is not a MAC address (aa:bb:cc:dd:ee:ff)", s);
	for (int i = 0; i < MAC_LEN; i++)
		mac[i] = b[i];
}

static const char *mac_str(const uint8_t *mac, char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}
static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v & 0xff; }
static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}
/* Little-endian, as IDENTIFY words and the LBA bytes are. */
static uint64_t getle(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Append bytes to the request, checking the room. */
static uint8_t *grow(struct run *r, size_t n)
{
	uint8_t *p;

	if (n > sizeof(r->frame) - r->len)
		usage_err("the request would be over %d bytes", FRAME_MAX);
	p = r->frame + r->len;
	memset(p, 0, n);
	r->len += n;
	return p;
}

static void append_file(struct run *r, const char *path)
{
	uint8_t *p = r->frame + r->len;
	size_t room = sizeof(r->frame) - r->len;
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	while ((n = read(fd, p + got, room - got)) > 0)
		got += n;
	if (n < 0)
		die("%s: %s", path, strerror(errno));
	if (got == room)
		usage_err("%s: too big for one frame", path);
	close(fd);
	r->len += got;
}

/*
 * Print bytes for a shell test: printable ASCII as is except backslash and
 * double quote, and space unless `spaces` (for values printed in quotes);
 * everything else as \xNN.  So an unquoted value never contains a space.
 */
static void print_escaped(const uint8_t *p, size_t n, bool spaces)
{
	for (size_t i = 0; i < n; i++) {
		if ((isgraph(p[i]) || (spaces && p[i] == ' ')) &&
		    p[i] != '\\' && p[i] != '"')
			putchar(p[i]);
		else
			printf("\\x%02x", p[i]);
	}
}

static void hexdump(const char *what, const uint8_t *p, size_t n)
{
	fprintf(stderr, "%s", what);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s%02x", i % 16 ? " " : "\n  ", p[i]);
	fputc('\n', stderr);
}

/*
 * The pattern of --poison: what the throw-away frames are filled with, so
 * that a reply byte the target did not set shows up as it.  Nothing
 * evblade sends contains four bytes of it in a row (data read from a
 * backing could, with odds of about 2^-29 per byte: tests use zero or
 * random backings).
 */
static const uint8_t poison_pat[8] = { 0xde, 0xad, 0x5e, 0xc7, 0x0b, 0xe5, 0x1e, 0xa5 };
#define POISON_ETHERTYPE 0x88b5	/* IEEE local experimental: nobody's */

/* How many 4-byte windows of @p are a piece of the pattern. */
static size_t poison_count(const uint8_t *p, size_t n)
{
	size_t hits = 0;

	for (size_t i = 0; i + 4 <= n; i++)
		for (int k = 0; k < 8; k++)
			if (p[i] == poison_pat[k] &&
			    p[i + 1] == poison_pat[(k + 1) % 8] &&
			    p[i + 2] == poison_pat[(k + 2) % 8] &&
			    p[i + 3] == poison_pat[(k + 3) % 8]) {
				hits++;
				break;
			}
	return hits;
}

/* Parse hex digits, ignoring spaces, colons, dashes and a 0x prefix. */
static void append_hex(struct run *r, const char *s)
{
	int hi = -1;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++) {
		int v;

		if (isspace((unsigned char)*s) || *s == ':' || *s == '-')
			continue;
		if (!isxdigit((unsigned char)*s))
			usage_err("raw: '%c' is not a hex digit", *s);
		v = isdigit((unsigned char)*s) ? *s - '0' :
		    tolower((unsigned char)*s) - 'a' + 10;
		if (hi < 0) {
			hi = v;
		} else {
			*grow(r, 1) = hi << 4 | v;
			hi = -1;
		}
	}
	if (hi >= 0)
		usage_err("raw: odd number of hex digits");
}

/* ---------------------------------------------------------- the header */

/* Ethernet and AoE header, 24 bytes: the start of every built request. */
static void build_header(struct run *r, uint8_t cmd)
{
	uint8_t *p = r->frame;

	r->len = 0;
	grow(r, OFF_ARG);
	memcpy(p + OFF_DST, r->dst, MAC_LEN);
	memcpy(p + OFF_SRC, r->src, MAC_LEN);
	put16(p + OFF_TYPE, AOE_ETHERTYPE);
	p[OFF_VERFL] = (r->version & 0xf) << 4 | (r->flags & 0xf);
	put16(p + OFF_MAJOR, r->shelf);
	p[OFF_MINOR] = r->slot;
	p[OFF_CMD] = cmd;
	put32(p + OFF_TAG, r->tag);
	r->match_tag = true;
}

/* Is argv[*i] the option `name`?  Then return its value (or "" if it takes
 * none) and step past it. */
static const char *opt_arg(int argc, char **argv, int *i, const char *name,
			   bool has_value)
{
	if (strcmp(argv[*i], name))
		return NULL;
	if (!has_value)
		return "";
	if (*i + 1 >= argc)
		usage_err("%s needs a value", name);
	*i += 1;
	return argv[*i];
}

/* ------------------------------------------------------------- commands */

static int build_cfg(struct run *r, int argc, char **argv)
{
	static const char *const ccmds[] = { "read", "test", "ptest", "set", "fset" };
	unsigned int ccmd = 0, aoever = 1;
	long cslen = -1;
	const char *str = NULL;
	bool have_ccmd = false;
	uint8_t *a;
	size_t slen;

	for (int i = 0; i < argc; i++) {
		const char *v;

		if ((v = opt_arg(argc, argv, &i, "--cslen", true))) {
			cslen = parse_num(v, 0xffff, "--cslen");
		} else if ((v = opt_arg(argc, argv, &i, "--aoever", true))) {
			aoever = parse_num(v, 0xf, "--aoever");
		} else if (!have_ccmd) {
			unsigned int k;

			for (k = 0; k < 5 && strcmp(argv[i], ccmds[k]); k++)
				;
			ccmd = k < 5 ? k : parse_num(argv[i], 0xf, "cfg CCMD");
			have_ccmd = true;
		} else if (!str) {
			str = argv[i];
		} else {
			usage_err("cfg: unexpected '%s'", argv[i]);
		}
	}
	slen = str ? strlen(str) : 0;

	build_header(r, CMD_CFG);
	a = grow(r, CFG_HDR_LEN);
	a[CFG_VERCCMD] = aoever << 4 | ccmd;
	put16(a + CFG_CSLEN, cslen >= 0 ? (uint16_t)cslen : (uint16_t)slen);
	memcpy(grow(r, slen), str ? str : "", slen);
	return 0;
}

static int build_ata_common(struct run *r, int argc, char **argv,
			    uint8_t opcode, unsigned int count)
{
	unsigned long long lba = 0, pad = 0, data_len = 0;
	unsigned int feature = 0, devreg = 0, aflags = 0;
	bool ext = false, aflags_set = false, data_len_set = false;
	const char *data = NULL;
	uint8_t *a;

	for (int i = 0; i < argc; i++) {
		const char *v;

		if ((v = opt_arg(argc, argv, &i, "--lba", true)))
			lba = parse_num(v, 0xffffffffffffULL, "--lba");
		else if ((v = opt_arg(argc, argv, &i, "--count", true)))
			count = parse_num(v, 0xff, "--count");
		else if ((v = opt_arg(argc, argv, &i, "--ext", false)))
			ext = true;
		else if ((v = opt_arg(argc, argv, &i, "--aflags", true)))
			aflags = parse_num(v, 0xff, "--aflags"), aflags_set = true;
		else if ((v = opt_arg(argc, argv, &i, "--feature", true)))
			feature = parse_num(v, 0xff, "--feature");
		else if ((v = opt_arg(argc, argv, &i, "--devreg", true)))
			devreg = parse_num(v, 0xff, "--devreg");
		else if ((v = opt_arg(argc, argv, &i, "--data", true)))
			data = v;
		else if ((v = opt_arg(argc, argv, &i, "--data-len", true)))
			data_len = parse_num(v, FRAME_MAX, "--data-len"), data_len_set = true;
		else if ((v = opt_arg(argc, argv, &i, "--pad", true)))
			pad = parse_num(v, FRAME_MAX, "--pad");
		else if ((v = opt_arg(argc, argv, &i, "--out", true)))
			r->out_path = v;
		else
			usage_err("ata: unexpected '%s'", argv[i]);
	}
	if (data && data_len_set)
		usage_err("ata: --data and --data-len exclude each other");
	if (!aflags_set)
		aflags = (ext ? AFL_EXT : 0) | (data ? AFL_WRITE : 0);

	build_header(r, CMD_ATA);
	a = grow(r, ATA_HDR_LEN);
	a[ATA_AFLAGS] = aflags;
	a[ATA_ERRFEAT] = feature;
	a[ATA_SCNT] = count;
	a[ATA_CMDSTAT] = opcode;
	for (int i = 0; i < 6; i++)
		a[ATA_LBA + i] = lba >> (8 * i);
	a[ATA_LBA + 3] |= devreg;
	if (data)
		append_file(r, data);
	grow(r, data_len);
	grow(r, pad);
	return 0;
}

static int build_ata(struct run *r, int argc, char **argv)
{
	if (argc < 1)
		usage_err("ata: missing OPCODE");
	return build_ata_common(r, argc - 1, argv + 1,
				parse_num(argv[0], 0xff, "ata OPCODE"), 0);
}

static int build_identify(struct run *r, int argc, char **argv)
{
	r->identify = true;
	return build_ata_common(r, argc, argv, 0xec, 1);
}

static int build_mask(struct run *r, int argc, char **argv)
{
	long mcmd = -1, dircnt = -1;
	unsigned int ndir = 0;
	uint8_t *a;
	int i = 0;

	if (argc < 1)
		usage_err("mask: read, edit or an MCMD number?");
	if (!strcmp(argv[0], "read"))
		mcmd = 0;
	else if (!strcmp(argv[0], "edit"))
		mcmd = 1;
	else
		mcmd = parse_num(argv[0], 0xff, "mask MCMD");

	build_header(r, CMD_MASK);
	a = grow(r, MASK_HDR_LEN);
	for (i = 1; i < argc; i++) {
		static const char *const dcmds[] = { "nop", "add", "del" };
		const char *v;
		long dcmd = -1;
		uint8_t *d;

		if ((v = opt_arg(argc, argv, &i, "--dircnt", true))) {
			dircnt = parse_num(v, 0xff, "--dircnt");
			continue;
		}
		for (int k = 0; k < 3; k++)
			if (!strcmp(argv[i], dcmds[k]))
				dcmd = k;
		if (dcmd < 0 && !strcmp(argv[i], "dcmd") && i + 1 < argc)
			dcmd = parse_num(argv[++i], 0xff, "mask dcmd");
		if (dcmd < 0)
			usage_err("mask: expected add|del|nop|dcmd N, not '%s'", argv[i]);
		if (++i >= argc)
			usage_err("mask: directive without a MAC");
		d = grow(r, DIR_LEN);
		d[DIR_DCMD] = dcmd;
		parse_mac(argv[i], d + DIR_MAC);
		ndir++;
	}
	a = r->frame + OFF_ARG;
	a[MASK_MCMD] = mcmd;
	a[MASK_DIRCNT] = dircnt >= 0 ? dircnt : ndir;
	return 0;
}

static int build_rsv(struct run *r, int argc, char **argv)
{
	static const char *const rcmds[] = { "read", "set", "fset" };
	long rcmd = -1, nmacs = -1;
	unsigned int n = 0;
	uint8_t *a;

	if (argc < 1)
		usage_err("rsv: read, set, fset or an RCMD number?");
	for (int k = 0; k < 3; k++)
		if (!strcmp(argv[0], rcmds[k]))
			rcmd = k;
	if (rcmd < 0)
		rcmd = parse_num(argv[0], 0xff, "rsv RCMD");

	build_header(r, CMD_RSV);
	a = grow(r, RSV_HDR_LEN);
	for (int i = 1; i < argc; i++) {
		const char *v;

		if ((v = opt_arg(argc, argv, &i, "--nmacs", true))) {
			nmacs = parse_num(v, 0xff, "--nmacs");
			continue;
		}
		parse_mac(argv[i], grow(r, MAC_LEN));
		n++;
	}
	a = r->frame + OFF_ARG;
	a[RSV_RCMD] = rcmd;
	a[RSV_NMACS] = nmacs >= 0 ? nmacs : n;
	return 0;
}

static int build_cmd(struct run *r, int argc, char **argv)
{
	unsigned long long arglen = ATA_HDR_LEN;
	uint8_t cmd;

	if (argc < 1)
		usage_err("cmd: missing the command byte");
	cmd = parse_num(argv[0], 0xff, "cmd N");
	for (int i = 1; i < argc; i++) {
		const char *v;

		if ((v = opt_arg(argc, argv, &i, "--arglen", true)))
			arglen = parse_num(v, FRAME_MAX, "--arglen");
		else
			usage_err("cmd: unexpected '%s'", argv[i]);
	}
	build_header(r, cmd);
	grow(r, arglen);
	return 0;
}

static int build_raw(struct run *r, int argc, char **argv)
{
	uint8_t *p = r->frame;

	if (argc < 1)
		usage_err("raw: missing HEX");
	r->len = 0;
	grow(r, OFF_VERFL);
	memcpy(p + OFF_DST, r->dst, MAC_LEN);
	memcpy(p + OFF_SRC, r->src, MAC_LEN);
	put16(p + OFF_TYPE, AOE_ETHERTYPE);
	for (int i = 0; i < argc; i++)
		append_hex(r, argv[i]);
	r->match_tag = r->len >= OFF_TAG + 4;
	if (r->match_tag)
		r->tag = get32(p + OFF_TAG);
	return 0;
}

static const struct command {
	const char *name;
	int (*build)(struct run *r, int argc, char **argv);
} commands[] = {
	{ "cfg", build_cfg },
	{ "ata", build_ata },
	{ "identify", build_identify },
	{ "mask", build_mask },
	{ "rsv", build_rsv },
	{ "cmd", build_cmd },
	{ "raw", build_raw },
};

/* -------------------------------------------------------------- replies */

static void print_macs(const uint8_t *p, size_t n, size_t stride, size_t off)
{
	char buf[18];

	fputs(" macs=", stdout);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? "," : "", mac_str(p + i * stride + off, buf));
}

static void decode_cfg(const uint8_t *a, size_t alen)
{
	size_t cslen, have;

	if (alen < CFG_HDR_LEN) {
		printf(" truncated=1");
		return;
	}
	cslen = get16(a + CFG_CSLEN);
	have = alen - CFG_HDR_LEN;
	printf(" bufcnt=%u fw=0x%x scnt=%u ver=%u ccmd=%u cslen=%zu str=",
	       get16(a + CFG_BUFCNT), get16(a + CFG_FWVER), a[CFG_SCNT],
	       a[CFG_VERCCMD] >> 4, a[CFG_VERCCMD] & 0xf, cslen);
	print_escaped(a + CFG_HDR_LEN, cslen < have ? cslen : have, false);
	if (cslen > have)
		printf(" strtrunc=%zu", have);
}

/* An ATA string: byte-swapped per word, trailing spaces trimmed. */
static void print_ata_string(const char *key, const uint8_t *id, int word,
			     int nwords)
{
	uint8_t s[80];
	int n = 0;

	for (int w = word; w < word + nwords; w++) {
		s[n++] = id[2 * w + 1];
		s[n++] = id[2 * w];
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == 0))
		n--;
	printf(" %s=\"", key);
	print_escaped(s, n, true);
	putchar('"');
}

static void decode_identify(const uint8_t *id)
{
	printf(" lba28=%" PRIu64 " lba48=%" PRIu64 " w83=0x%04x w86=0x%04x",
	       getle(id + 2 * 60, 4), getle(id + 2 * 100, 8),
	       (unsigned int)getle(id + 2 * 83, 2),
	       (unsigned int)getle(id + 2 * 86, 2));
	print_ata_string("model", id, 27, 20);
	print_ata_string("serial", id, 10, 10);
	print_ata_string("fw", id, 23, 4);
}

static void decode_ata(const struct run *r, const uint8_t *rsp, size_t len)
{
	const uint8_t *a = rsp + OFF_ARG;
	size_t datalen;

	if (len < OFF_ARG + ATA_HDR_LEN) {
		printf(" truncated=1");
		return;
	}
	/* Padding to the Ethernet minimum is not data. */
	datalen = len > ETH_MIN_FRAME ? len - OFF_ARG - ATA_HDR_LEN : 0;
	printf(" aflags=0x%02x errfeat=0x%02x scnt=%u status=0x%02x lba=%" PRIu64
	       " datalen=%zu", a[ATA_AFLAGS], a[ATA_ERRFEAT], a[ATA_SCNT],
	       a[ATA_CMDSTAT], getle(a + ATA_LBA, 6), datalen);
	if (r->identify && datalen >= 512)
		decode_identify(a + ATA_HDR_LEN);
	if (r->out_path) {
		FILE *f = fopen(r->out_path, "w");

		if (!f || fwrite(a + ATA_HDR_LEN, 1, datalen, f) != datalen ||
		    fclose(f))
			die("%s: %s", r->out_path, strerror(errno));
	}
}

static void decode_mask(const uint8_t *a, size_t alen)
{
	size_t n, fit;

	if (alen < MASK_HDR_LEN) {
		printf(" truncated=1");
		return;
	}
	n = a[MASK_DIRCNT];
	fit = (alen - MASK_HDR_LEN) / DIR_LEN;
	printf(" mcmd=%u merror=%u dircnt=%zu", a[MASK_MCMD], a[MASK_MERROR], n);
	/* An error reply's dircnt is an index, not a list (vblade sends none). */
	print_macs(a + MASK_HDR_LEN, a[MASK_MERROR] ? 0 : n < fit ? n : fit,
		   DIR_LEN, DIR_MAC);
}

static void decode_rsv(const uint8_t *a, size_t alen)
{
	size_t n, fit;

	if (alen < RSV_HDR_LEN) {
		printf(" truncated=1");
		return;
	}
	n = a[RSV_NMACS];
	fit = (alen - RSV_HDR_LEN) / MAC_LEN;
	printf(" rcmd=%u nmacs=%zu", a[RSV_RCMD], n);
	print_macs(a + RSV_HDR_LEN, n < fit ? n : fit, MAC_LEN, 0);
}

static void print_reply(const struct run *r, const uint8_t *rsp, size_t len)
{
	const uint8_t *arg = rsp + OFF_ARG;
	size_t alen = len - OFF_ARG;
	char s[18], d[18];

	printf("%s src=%s dst=%s shelf=%u slot=%u flags=0x%x err=%u cmd=%u",
	       rsp[OFF_VERFL] & FL_RSP ? "rsp" : "req", mac_str(rsp + OFF_SRC, s), mac_str(rsp + OFF_DST, d),
	       get16(rsp + OFF_MAJOR), rsp[OFF_MINOR], rsp[OFF_VERFL] & 0xf,
	       rsp[OFF_ERR], rsp[OFF_CMD]);
	switch (rsp[OFF_CMD]) {
	case CMD_ATA:
		decode_ata(r, rsp, len);
		break;
	case CMD_CFG:
		decode_cfg(arg, alen);
		break;
	case CMD_MASK:
		decode_mask(arg, alen);
		break;
	case CMD_RSV:
		decode_rsv(arg, alen);
		break;
	default:
		printf(" arglen=%zu", alen);
		break;
	}
	printf(" hver=%u tag=0x%08x len=%zu", rsp[OFF_VERFL] >> 4,
	       get32(rsp + OFF_TAG), len);
	if (r->poison)
		printf(" poison=%zu", poison_count(rsp, len));
	putchar('\n');
	fflush(stdout);
}

/* -------------------------------------------------------------- network */

static int open_socket(struct run *r)
{
	struct sockaddr_ll sll = { 0 };
	struct ifreq ifr = { 0 };
	int fd;

	if (strlen(r->ifname) >= IFNAMSIZ)
		usage_err("'%s' is not an interface name", r->ifname);
	fd = socket(AF_PACKET, SOCK_RAW, htons(AOE_ETHERTYPE));
	if (fd < 0)
		die("socket(AF_PACKET): %s", strerror(errno));
	strcpy(ifr.ifr_name, r->ifname);
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0)
		die("%s: %s", r->ifname, strerror(errno));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(AOE_ETHERTYPE);
	sll.sll_ifindex = ifr.ifr_ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		die("bind %s: %s", r->ifname, strerror(errno));
	if (!r->src_set) {
		if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
			die("%s: no hardware address: %s", r->ifname, strerror(errno));
		memcpy(r->src, ifr.ifr_hwaddr.sa_data, MAC_LEN);
	}
	return fd;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Print matching replies until the timeout or -n; returns how many. */
static long receive(struct run *r, int fd)
{
	static uint8_t buf[FRAME_MAX];
	long long deadline = now_ms() + r->timeout_ms;
	long seen = 0;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct sockaddr_ll from;
		socklen_t flen = sizeof(from);
		long long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0)
			break;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (n <= 0)
			continue;
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("recv: %s", strerror(errno));
		}
		/* Our own socket never sees its frames; others' outgoing ones
		 * (the initiator's, a target's in the same netns) it does:
		 * only a capture (listen --all) wants them. */
		if (from.sll_pkttype == PACKET_OUTGOING && !r->all)
			continue;
		if (n < OFF_ARG || get16(buf + OFF_TYPE) != AOE_ETHERTYPE)
			continue;
		if (!(buf[OFF_VERFL] & FL_RSP) && !r->all)
			continue;
		if (r->match_tag && get32(buf + OFF_TAG) != r->tag)
			continue;
		if (r->hex)
			hexdump("reply:", buf, n);
		print_reply(r, buf, n);
		if (++seen == r->max_replies)
			break;
	}
	return seen;
}

/* ------------------------------------------------------------------ tun */

/*
 * --tun: a TUN device (IFF_TUN: no MAC header, a 4-byte tun_pi before each
 * packet) that we create and bring up; its packets are written to and read
 * from the descriptor.  The kernel must not take them for Ethernet frames.
 */
static int open_tun(struct run *r)
{
	static const uint8_t def_src[MAC_LEN] = { 0x02, 0, 0, 0, 0, 0x01 };
	struct ifreq ifr = { 0 };
	int fd, s;

	if (strlen(r->ifname) >= IFNAMSIZ)
		usage_err("'%s' is not an interface name", r->ifname);
	fd = open("/dev/net/tun", O_RDWR);
	if (fd < 0)
		die("/dev/net/tun: %s", strerror(errno));
	strcpy(ifr.ifr_name, r->ifname);
	ifr.ifr_flags = IFF_TUN;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		die("TUNSETIFF %s: %s", r->ifname, strerror(errno));
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0)
		die("socket(AF_INET): %s", strerror(errno));
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		die("%s: flags: %s", r->ifname, strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		die("%s: up: %s", r->ifname, strerror(errno));
	close(s);
	if (!r->src_set)
		memcpy(r->src, def_src, MAC_LEN);
	return fd;
}

static void tun_write(struct run *r, int fd, uint16_t proto,
		      const uint8_t *p, size_t n)
{
	static uint8_t buf[sizeof(struct tun_pi) + FRAME_MAX];
	struct tun_pi pi = { .flags = 0, .proto = htons(proto) };

	memcpy(buf, &pi, sizeof(pi));
	memcpy(buf + sizeof(pi), p, n);
	if (write(fd, buf, sizeof(pi) + n) != (ssize_t)(sizeof(pi) + n))
		die("write to %s (%zu bytes): %s", r->ifname, n, strerror(errno));
}

/* Every AoE packet the kernel sends on the TUN device until the timeout. */
static long tun_receive(struct run *r, int fd)
{
	static uint8_t buf[sizeof(struct tun_pi) + FRAME_MAX];
	long long deadline = now_ms() + r->timeout_ms;
	long seen = 0;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long long left = deadline - now_ms();
		struct tun_pi pi;
		ssize_t n;

		if (left <= 0)
			break;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (n <= 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("read %s: %s", r->ifname, strerror(errno));
		}
		if (n < (ssize_t)sizeof(pi))
			continue;
		memcpy(&pi, buf, sizeof(pi));
		/* IPv6 router solicitations and the like: not ours */
		if (ntohs(pi.proto) != AOE_ETHERTYPE)
			continue;
		n -= sizeof(pi);
		hexdump("tun reply:", buf + sizeof(pi), n);
		if (n >= OFF_ARG)
			print_reply(r, buf + sizeof(pi), n);
		else
			printf("short len=%zd\n", n);
		if (++seen == r->max_replies)
			break;
	}
	return seen;
}

/* --poison: N frames full of the pattern, of sizes up to the MTU. */
static void spray(struct run *r, int fd)
{
	static uint8_t buf[FRAME_MAX];
	unsigned int min = r->tun ? 16 : ETH_MIN_FRAME, max = 1514;
	struct ifreq ifr = { 0 };

	strcpy(ifr.ifr_name, r->ifname);
	if (!r->tun && ioctl(fd, SIOCGIFMTU, &ifr) == 0 &&
	    ifr.ifr_mtu + 14 < (int)sizeof(buf))
		max = ifr.ifr_mtu + 14;
	if (max > 4000)
		max = 4000;	/* past that, packet sockets send pages */
	if (r->tun)
		max = 512;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = poison_pat[i % 8];
	memset(buf + OFF_DST, 0xff, MAC_LEN);
	memcpy(buf + OFF_SRC, r->src, MAC_LEN);
	put16(buf + OFF_TYPE, POISON_ETHERTYPE);
	for (long i = 0; i < r->poison; i++) {
		size_t n = min + (size_t)i * 97 % (max - min + 1);

		if (r->tun)
			tun_write(r, fd, POISON_ETHERTYPE, buf, n);
		else if (send(fd, buf, n, 0) != (ssize_t)n && errno != ENOBUFS)
			die("send on %s (%zu bytes): %s", r->ifname, n, strerror(errno));
	}
}

static void send_request(struct run *r, int fd)
{
	if (!r->no_pad && r->len < ETH_MIN_FRAME)
		grow(r, ETH_MIN_FRAME - r->len);
	if (r->exact_len >= 0) {
		if ((size_t)r->exact_len > r->len)
			grow(r, r->exact_len - r->len);
		r->len = r->exact_len;
	}
	if (r->hex)
		hexdump("request:", r->frame, r->len);
	if (r->dry_run) {
		fputs("req ", stdout);
		for (size_t i = 0; i < r->len; i++)
			printf("%02x", r->frame[i]);
		putchar('\n');
		return;
	}
	if (r->poison)
		spray(r, fd);
	if (r->tun)
		tun_write(r, fd, AOE_ETHERTYPE, r->frame, r->len);
	else if (send(fd, r->frame, r->len, 0) != (ssize_t)r->len)
		die("send on %s (%zu bytes): %s", r->ifname, r->len, strerror(errno));
}

/* ----------------------------------------------------------------- load */

/*
 * load: many client identities against one blade, for the benchmark.
 * Client i sends from 02:ee:xx:xx:xx:xx, the last four bytes being
 * --first + i, big-endian.  First every client asks Query Config until it
 * is answered (a private blade answers once the client's backing is open:
 * prime_ms is what opening them all cost).  Then --window ATA requests are
 * kept in flight for --seconds, each from the next client in turn, at a
 * pseudo-random LBA; a request unanswered after --lost ms counts as lost
 * and is replaced by a new one, so the window never shrinks.  Nothing is
 * retransmitted.  Finally the requests still in flight are waited for (up
 * to --lost ms), so that the next run starts on a quiet target.
 *
 * The replies go to the forged MACs: the socket asks for promiscuous mode
 * (a veth delivers them to packet sockets anyway).  Tags: bit 31 always
 * (the Linux initiator ignores such replies).  Load: bit 30 clear, a
 * generation in bits 12..29 and the window slot in bits 0..11.  Query
 * Config: bits 31 and 30, the client index below.  IDENTIFY: 0xe0000000.
 */
#define LOAD_SLOT_BITS		12
#define LOAD_WINDOW_MAX		(1u << LOAD_SLOT_BITS)
#define LOAD_GEN_MASK		0x3ffffu
#define LOAD_MACS_MAX		65536u
#define TAG_KIND		0xe0000000u
#define TAG_LOAD		0x80000000u	/* with bit 30 clear */
#define TAG_PRIME		0xc0000000u
#define TAG_IDENTIFY		0xe0000000u
#define LOAD_BATCH		64		/* frames per sendmmsg/recvmmsg */
#define LOAD_HDR_LEN		(OFF_ARG + ATA_HDR_LEN)
#define LOAD_RX_LEN		64		/* headers are all a reply needs */
#define LOAD_SCAN_US		100000		/* look for lost requests */
#define PRIME_RESEND_MS		1000
#define ATA_READ_EXT		0x24
#define ATA_WRITE_EXT		0x34
#define ATA_STAT_ERR		0x01

struct load_slot {
	uint32_t tag;			/* 0: free */
	long long sent_us;
	uint8_t hdr[ETH_MIN_FRAME];	/* a read goes out padded to 60 */
};

struct load {
	struct run *r;
	int fd;
	/* options */
	unsigned int macs, window, count, seconds, lost_ms, prime_s;
	uint32_t first;
	bool write;
	uint64_t span;			/* sectors the LBAs fall in; 0: the disk */
	/* state */
	uint64_t rng;
	uint32_t gen;
	unsigned int next_client;
	struct load_slot *slot;
	unsigned int *free_slot, nfree;
	uint8_t *data;			/* every write's payload */
	struct mmsghdr msg[LOAD_BATCH];
	struct iovec iov[LOAD_BATCH][2];
	unsigned int nmsg;
	/* results */
	unsigned long long ios, lost, late, errors, lat_us;
};

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static uint64_t load_rand(struct load *l)
{
	/* xorshift64*: plenty for spreading LBAs */
	l->rng ^= l->rng >> 12;
	l->rng ^= l->rng << 25;
	l->rng ^= l->rng >> 27;
	return l->rng * 0x2545f4914f6cdd1dULL;
}

static void load_header(const struct load *l, uint8_t *p, unsigned int client,
			uint8_t cmd, uint32_t tag)
{
	memcpy(p + OFF_DST, l->r->dst, MAC_LEN);
	p[OFF_SRC] = 0x02;		/* locally administered, unicast */
	p[OFF_SRC + 1] = 0xee;
	put32(p + OFF_SRC + 2, l->first + client);
	put16(p + OFF_TYPE, AOE_ETHERTYPE);
	p[OFF_VERFL] = 1 << 4;
	p[OFF_ERR] = 0;
	put16(p + OFF_MAJOR, l->r->shelf);
	p[OFF_MINOR] = l->r->slot;
	p[OFF_CMD] = cmd;
	put32(p + OFF_TAG, tag);
}

/* Send what load_queue() queued. */
static void load_flush(struct load *l)
{
	unsigned int done = 0;

	while (done < l->nmsg) {
		int n = sendmmsg(l->fd, l->msg + done, l->nmsg - done, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("send on %s: %s", l->r->ifname, strerror(errno));
		}
		done += n;
	}
	l->nmsg = 0;
}

/* Queue a frame of up to two pieces (not copied: they must stay put until
 * load_flush()); a full batch goes out at once. */
static void load_queue(struct load *l, const void *a, size_t alen,
		       const void *b, size_t blen)
{
	struct iovec *iov = l->iov[l->nmsg];
	struct msghdr *m = &l->msg[l->nmsg].msg_hdr;

	iov[0].iov_base = (void *)a;
	iov[0].iov_len = alen;
	iov[1].iov_base = (void *)b;
	iov[1].iov_len = blen;
	memset(m, 0, sizeof(*m));
	m->msg_iov = iov;
	m->msg_iovlen = blen ? 2 : 1;
	if (++l->nmsg == LOAD_BATCH)
		load_flush(l);
}

/* Send a new request in window slot @s, from the next client in turn. */
static void load_issue(struct load *l, unsigned int s, long long now)
{
	struct load_slot *sl = &l->slot[s];
	uint64_t lba = load_rand(l) % (l->span / l->count) * l->count;
	uint8_t *a = sl->hdr + OFF_ARG;

	l->gen = (l->gen + 1) & LOAD_GEN_MASK;
	sl->tag = TAG_LOAD | l->gen << LOAD_SLOT_BITS | s;
	sl->sent_us = now;
	load_header(l, sl->hdr, l->next_client, CMD_ATA, sl->tag);
	if (++l->next_client == l->macs)
		l->next_client = 0;
	a[ATA_AFLAGS] = AFL_EXT | (l->write ? AFL_WRITE : 0);
	a[ATA_ERRFEAT] = 0;
	a[ATA_SCNT] = l->count;
	a[ATA_CMDSTAT] = l->write ? ATA_WRITE_EXT : ATA_READ_EXT;
	for (int i = 0; i < 6; i++)
		a[ATA_LBA + i] = lba >> (8 * i);
	a[ATA_LBA + 6] = a[ATA_LBA + 7] = 0;
	if (l->write)
		load_queue(l, sl->hdr, LOAD_HDR_LEN, l->data, l->count * 512u);
	else
		load_queue(l, sl->hdr, ETH_MIN_FRAME, NULL, 0);
}

static void load_reply(struct load *l, const uint8_t *p, size_t len,
		       long long now)
{
	struct load_slot *sl;
	uint32_t tag;
	unsigned int s;

	if (len < LOAD_HDR_LEN || get16(p + OFF_TYPE) != AOE_ETHERTYPE ||
	    !(p[OFF_VERFL] & FL_RSP) || p[OFF_CMD] != CMD_ATA)
		return;
	tag = get32(p + OFF_TAG);
	if ((tag & 0xc0000000u) != TAG_LOAD)
		return;
	s = tag & (LOAD_WINDOW_MAX - 1);
	if (s >= l->window || l->slot[s].tag != tag) {
		l->late++;	/* answered after we gave up on it */
		return;
	}
	sl = &l->slot[s];
	/* an error, a short read, or the answer to another client */
	if ((p[OFF_VERFL] & FL_ERR) || (p[OFF_ARG + ATA_CMDSTAT] & ATA_STAT_ERR) ||
	    (!l->write && len < LOAD_HDR_LEN + l->count * 512u) ||
	    memcmp(p + OFF_DST, sl->hdr + OFF_SRC, MAC_LEN)) {
		l->errors++;
	} else {
		l->ios++;
		l->lat_us += now - sl->sent_us;
	}
	sl->tag = 0;
	l->free_slot[l->nfree++] = s;
}

/* Take what has arrived, without waiting; returns how many frames. */
static int load_receive(struct load *l, long long now)
{
	static uint8_t buf[LOAD_BATCH][LOAD_RX_LEN];
	static struct mmsghdr msg[LOAD_BATCH];
	static struct iovec iov[LOAD_BATCH];
	int n;

	for (int i = 0; i < LOAD_BATCH; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = sizeof(buf[i]);
		memset(&msg[i].msg_hdr, 0, sizeof(msg[i].msg_hdr));
		msg[i].msg_hdr.msg_iov = &iov[i];
		msg[i].msg_hdr.msg_iovlen = 1;
	}
	/* MSG_TRUNC: msg_len is the frame's real length, only the headers
	 * are copied. */
	n = recvmmsg(l->fd, msg, LOAD_BATCH, MSG_DONTWAIT | MSG_TRUNC, NULL);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		die("recv on %s: %s", l->r->ifname, strerror(errno));
	}
	for (int i = 0; i < n; i++)
		load_reply(l, buf[i], msg[i].msg_len, now);
	return n;
}

/* Wait up to @ms for the socket to have something. */
static void load_wait(struct load *l, long long ms)
{
	struct pollfd pfd = { .fd = l->fd, .events = POLLIN };

	if (ms <= 0)
		return;
	if (poll(&pfd, 1, (int)ms) < 0 && errno != EINTR)
		die("poll: %s", strerror(errno));
}

/* One frame, whole, or 0 if none came within @ms. */
static size_t load_receive_one(struct load *l, uint8_t *buf, long long ms)
{
	ssize_t n;

	load_wait(l, ms);
	n = recv(l->fd, buf, FRAME_MAX, MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		die("recv on %s: %s", l->r->ifname, strerror(errno));
	}
	return n;
}

/* Every client asks Query Config until answered; returns the ms it took. */
static long long load_prime(struct load *l)
{
	static uint8_t buf[FRAME_MAX];
	size_t bits = (l->macs + 63) / 64;
	uint64_t *answered = calloc(bits, sizeof(*answered));
	uint8_t *frames = calloc(l->macs, ETH_MIN_FRAME);
	long long start = now_ms(), sent = 0;
	unsigned int left = l->macs;

	if (!answered || !frames)
		die("out of memory");
	for (unsigned int i = 0; i < l->macs; i++) {
		uint8_t *p = frames + (size_t)i * ETH_MIN_FRAME;

		/* a Query Config read: the argument is all zero but the
		 * version nibble */
		load_header(l, p, i, CMD_CFG, TAG_PRIME | i);
		p[OFF_ARG + CFG_VERCCMD] = 1 << 4;
	}
	while (left) {
		long long now = now_ms();
		uint32_t i;
		size_t n;

		if (now - start > l->prime_s * 1000LL)
			die("load: %u of %u clients did not answer Query Config in %u s",
			    left, l->macs, l->prime_s);
		if (now - sent >= PRIME_RESEND_MS) {
			for (i = 0; i < l->macs; i++)
				if (!(answered[i / 64] & 1ULL << (i % 64)))
					load_queue(l, frames + (size_t)i * ETH_MIN_FRAME,
						   ETH_MIN_FRAME, NULL, 0);
			load_flush(l);
			sent = now;
		}
		n = load_receive_one(l, buf, sent + PRIME_RESEND_MS - now);
		if (n < OFF_ARG + CFG_HDR_LEN || get16(buf + OFF_TYPE) != AOE_ETHERTYPE ||
		    !(buf[OFF_VERFL] & FL_RSP) || buf[OFF_CMD] != CMD_CFG ||
		    (get32(buf + OFF_TAG) & TAG_KIND) != TAG_PRIME ||
		    (buf[OFF_VERFL] & FL_ERR))
			continue;
		i = get32(buf + OFF_TAG) & ~TAG_KIND;
		if (i >= l->macs || (answered[i / 64] & 1ULL << (i % 64)))
			continue;
		answered[i / 64] |= 1ULL << (i % 64);
		left--;
		/* no -d: the ATA requests go to whoever answered */
		if (!l->r->dst_set) {
			memcpy(l->r->dst, buf + OFF_SRC, MAC_LEN);
			l->r->dst_set = true;
			for (unsigned int k = 0; k < l->macs; k++)
				memcpy(frames + (size_t)k * ETH_MIN_FRAME + OFF_DST,
				       l->r->dst, MAC_LEN);
		}
	}
	free(answered);
	free(frames);
	return now_ms() - start;
}

/* The size of the first client's disk, in sectors, from IDENTIFY. */
static uint64_t load_disk_sectors(struct load *l)
{
	static uint8_t buf[FRAME_MAX];
	uint8_t req[ETH_MIN_FRAME] = { 0 };

	load_header(l, req, 0, CMD_ATA, TAG_IDENTIFY);
	req[OFF_ARG + ATA_SCNT] = 1;
	req[OFF_ARG + ATA_CMDSTAT] = 0xec;
	for (int tries = 0; tries < 3; tries++) {
		long long deadline = now_ms() + PRIME_RESEND_MS;

		load_queue(l, req, sizeof(req), NULL, 0);
		load_flush(l);
		while (now_ms() < deadline) {
			size_t n = load_receive_one(l, buf, deadline - now_ms());
			const uint8_t *id = buf + LOAD_HDR_LEN;
			uint64_t sectors;

			if (n < LOAD_HDR_LEN + 512 || !(buf[OFF_VERFL] & FL_RSP) ||
			    get16(buf + OFF_TYPE) != AOE_ETHERTYPE ||
			    get32(buf + OFF_TAG) != TAG_IDENTIFY)
				continue;
			if (buf[OFF_VERFL] & FL_ERR || buf[OFF_ARG + ATA_CMDSTAT] & ATA_STAT_ERR)
				die("load: IDENTIFY failed: status 0x%02x",
				    buf[OFF_ARG + ATA_CMDSTAT]);
			sectors = getle(id + 2 * 100, 8);
			return sectors ? sectors : getle(id + 2 * 60, 4);
		}
	}
	die("load: no answer to IDENTIFY");
}

/* Non-idle and all jiffies of all CPUs, as selftests/bench.sh counts. */
static bool cpu_ticks(unsigned long long *busy, unsigned long long *total)
{
	unsigned long long v[8];
	FILE *f = fopen("/proc/stat", "r");
	int n;

	if (!f)
		return false;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu",
		   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n != 8)
		return false;
	*busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
	*total = *busy + v[3] + v[4];
	return true;
}

static void load_parse(struct load *l, int argc, char **argv)
{
	l->macs = 1;
	l->window = 32;
	l->count = 8;
	l->seconds = 10;
	l->lost_ms = 1000;
	l->prime_s = 60;
	for (int i = 0; i < argc; i++) {
		const char *v;

		if ((v = opt_arg(argc, argv, &i, "--macs", true)))
			l->macs = parse_num(v, LOAD_MACS_MAX, "--macs");
		else if ((v = opt_arg(argc, argv, &i, "--first", true)))
			l->first = parse_num(v, UINT32_MAX, "--first");
		else if ((v = opt_arg(argc, argv, &i, "--window", true)))
			l->window = parse_num(v, LOAD_WINDOW_MAX, "--window");
		else if ((v = opt_arg(argc, argv, &i, "--count", true)))
			l->count = parse_num(v, 255, "--count");
		else if ((v = opt_arg(argc, argv, &i, "--seconds", true)))
			l->seconds = parse_num(v, 86400, "--seconds");
		else if ((v = opt_arg(argc, argv, &i, "--lost", true)))
			l->lost_ms = parse_num(v, 3600 * 1000, "--lost");
		else if ((v = opt_arg(argc, argv, &i, "--prime-timeout", true)))
			l->prime_s = parse_num(v, 86400, "--prime-timeout");
		else if ((v = opt_arg(argc, argv, &i, "--lba-span", true)))
			l->span = parse_num(v, (1ULL << 48) - 1, "--lba-span");
		else if (opt_arg(argc, argv, &i, "--write", false))
			l->write = true;
		else
			usage_err("load: unexpected '%s'", argv[i]);
	}
	if (!l->macs || !l->window || !l->count || !l->seconds || !l->lost_ms ||
	    !l->prime_s)
		usage_err("load: --macs, --window, --count, --seconds, --lost and "
			  "--prime-timeout must be at least 1");
	if ((uint64_t)l->first + l->macs - 1 > UINT32_MAX)
		usage_err("load: --first + --macs is over 2^32");
}

static int run_load(struct run *r, int argc, char **argv)
{
	static struct load load;
	struct load *l = &load;
	struct packet_mreq mr = { 0 };
	unsigned long long busy0 = 0, total0 = 0, busy1, total1;
	long long prime_ms, start, end, now, next_scan, elapsed;
	bool cpu;
	int rcvbuf = 8 << 20;

	if (r->dry_run)
		usage_err("load: --dry-run is not for load");
	load_parse(l, argc, argv);
	l->r = r;
	l->fd = open_socket(r);
	/* the replies go to the clients' MACs, not to IFACE's */
	mr.mr_ifindex = if_nametoindex(r->ifname);
	mr.mr_type = PACKET_MR_PROMISC;
	if (setsockopt(l->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0)
		die("%s: promiscuous mode: %s", r->ifname, strerror(errno));
	/* a window of jumbo replies must fit (FORCE: above rmem_max, as root) */
	if (setsockopt(l->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(l->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));

	l->slot = calloc(l->window, sizeof(*l->slot));
	l->free_slot = calloc(l->window, sizeof(*l->free_slot));
	l->data = calloc(l->count, 512);
	if (!l->slot || !l->free_slot || !l->data)
		die("out of memory");
	for (unsigned int i = 0; i < l->count * 512u; i++)
		l->data[i] = i * 7 + 1;
	l->rng = 0x9e3779b97f4a7c15ULL ^ l->first;
	/* tags unlike a previous run's, whose late replies may still come */
	if (getrandom(&l->gen, sizeof(l->gen), 0) != sizeof(l->gen))
		l->gen = (uint32_t)now_us();

	prime_ms = load_prime(l);
	if (!l->span)
		l->span = load_disk_sectors(l);
	if (l->span < l->count)
		die("load: %" PRIu64 " sectors are too few for requests of %u",
		    l->span, l->count);

	cpu = cpu_ticks(&busy0, &total0);
	start = now = now_us();
	end = start + l->seconds * 1000000LL;
	next_scan = start + LOAD_SCAN_US;
	for (unsigned int s = 0; s < l->window; s++)
		load_issue(l, s, now);
	load_flush(l);
	while (now < end) {
		if (!load_receive(l, now))
			load_wait(l, (end - now + 999) / 1000 < LOAD_SCAN_US / 1000 ?
				  (end - now + 999) / 1000 : LOAD_SCAN_US / 1000);
		now = now_us();
		if (now >= next_scan) {
			for (unsigned int s = 0; s < l->window; s++) {
				if (l->slot[s].tag &&
				    now - l->slot[s].sent_us > l->lost_ms * 1000LL) {
					l->lost++;
					l->slot[s].tag = 0;
					l->free_slot[l->nfree++] = s;
				}
			}
			next_scan = now + LOAD_SCAN_US;
		}
		if (now >= end)
			break;
		while (l->nfree)
			load_issue(l, l->free_slot[--l->nfree], now);
		load_flush(l);
	}
	elapsed = now - start;
	if (cpu)
		cpu = cpu_ticks(&busy1, &total1);

	/* Let what is in flight come back (uncounted) before the next run. */
	{
		unsigned long long ios = l->ios, errors = l->errors, late = l->late;
		long long drain_end = now + l->lost_ms * 1000LL;

		while (l->nfree < l->window && (now = now_us()) < drain_end)
			if (!load_receive(l, now))
				load_wait(l, (drain_end - now + 999) / 1000);
		l->ios = ios;
		l->errors = errors;
		l->late = late;
	}

	printf("load macs=%u first=%" PRIu32 " window=%u seconds=%u count=%u op=%s"
	       " span=%" PRIu64 " ios=%llu iops=%.0f mibs=%.1f lat_us=%.0f lost=%llu"
	       " late=%llu errors=%llu prime_ms=%lld",
	       l->macs, l->first, l->window, l->seconds, l->count,
	       l->write ? "write" : "read", l->span, l->ios,
	       l->ios * 1e6 / elapsed, l->ios * l->count * 512.0 / 1048576 * 1e6 / elapsed,
	       l->ios ? (double)l->lat_us / l->ios : 0.0, l->lost, l->late, l->errors,
	       prime_ms);
	if (cpu && total1 > total0)
		printf(" busy_pct=%.0f cpu_us_per_io=%.2f",
		       100.0 * (busy1 - busy0) / (total1 - total0),
		       l->ios ? (busy1 - busy0) * 1e6 / sysconf(_SC_CLK_TCK) / l->ios : 0.0);
	putchar('\n');
	close(l->fd);
	return 0;
}

/* ----------------------------------------------------------------- main */

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "len", required_argument, NULL, 'L' },
		{ "no-pad", no_argument, NULL, 'P' },
		{ "hex", no_argument, NULL, 'x' },
		{ "dry-run", no_argument, NULL, 'D' },
		{ "tun", no_argument, NULL, 'U' },
		{ "poison", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct run run;
	struct run *r = &run;
	const struct command *c = NULL;
	const char *name;
	int opt, fd;

	progname = argv[0] ? (strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0]) : "aoeraw";
	setvbuf(stdout, NULL, _IOLBF, 0);
	r->timeout_ms = 500;
	if (getenv("AOERAW_TIMEOUT_MS"))
		r->timeout_ms = parse_num(getenv("AOERAW_TIMEOUT_MS"), 3600 * 1000,
					  "AOERAW_TIMEOUT_MS");
	memset(r->dst, 0xff, MAC_LEN);
	r->version = 1;
	r->exact_len = -1;

	/* "+": stop at IFACE, so the commands' own --options stay theirs. */
	while ((opt = getopt_long(argc, argv, "+t:n:d:s:v:f:T:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 't':
			r->timeout_ms = parse_num(optarg, 3600 * 1000, "-t");
			break;
		case 'n':
			r->max_replies = parse_num(optarg, 1000000, "-n");
			break;
		case 'd':
			parse_mac(optarg, r->dst);
			r->dst_set = true;
			break;
		case 's':
			parse_mac(optarg, r->src);
			r->src_set = true;
			break;
		case 'v':
			r->version = parse_num(optarg, 0xf, "-v");
			break;
		case 'f':
			r->flags = parse_num(optarg, 0xf, "-f");
			break;
		case 'T':
			r->tag = parse_num(optarg, 0xffffffff, "-T");
			r->tag_set = true;
			break;
		case 'L':
			r->exact_len = parse_num(optarg, FRAME_MAX, "--len");
			if (r->exact_len < OFF_VERFL)
				usage_err("--len: at least the 14-byte Ethernet header");
			break;
		case 'P':
			r->no_pad = true;
			break;
		case 'x':
			r->hex = true;
			break;
		case 'D':
			r->dry_run = true;
			break;
		case 'U':
			r->tun = true;
			break;
		case 'O':
			r->poison = parse_num(optarg, 100000, "--poison");
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "(%s -h for help)\n", progname);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		usage_err("need IFACE and a command");
	r->ifname = argv[0];
	if (!r->tag_set) {
		if (getrandom(&r->tag, sizeof(r->tag), 0) != sizeof(r->tag))
			r->tag = (uint32_t)(getpid() ^ now_ms());
		r->tag |= 0x80000000u;
	}

	if (!strcmp(argv[1], "listen")) {
		/* listen [-t MS] [--all]: -t may follow, as in
		 * `aoeraw veth0 listen -t 3000` */
		for (int i = 2; i < argc; i++) {
			const char *v;

			if ((v = opt_arg(argc, argv, &i, "-t", true)))
				r->timeout_ms = parse_num(v, 3600 * 1000, "-t");
			else if ((v = opt_arg(argc, argv, &i, "--all", false)))
				r->all = true;
			else
				usage_err("listen: unexpected '%s'", argv[i]);
		}
		fd = open_socket(r);
		fprintf(stderr, "listening on %s\n", r->ifname);
		r->match_tag = false;
		if (!receive(r, fd))
			puts("none");
		return 0;
	}

	if (!strcmp(argv[1], "raw")) {
		name = "raw";
		argc -= 2;
		argv += 2;
	} else {
		if (argc < 4)
			usage_err("need IFACE SHELF SLOT COMMAND");
		r->shelf = parse_num(argv[1], 0xffff, "SHELF");
		r->slot = parse_num(argv[2], 0xff, "SLOT");
		name = argv[3];
		argc -= 4;
		argv += 4;
		if (!strcmp(name, "load"))
			return run_load(r, argc, argv);
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			c = &commands[i];
	if (!c)
		usage_err("unknown command '%s'", name);

	/* The source MAC goes into the frame, so open the socket first. */
	fd = r->dry_run ? -1 : r->tun ? open_tun(r) : open_socket(r);
	c->build(r, argc, argv);
	send_request(r, fd);
	if (r->dry_run)
		return 0;
	if (r->tun) {
		r->match_tag = false;	/* a leak may not echo it */
		if (!tun_receive(r, fd))
			puts("none");
	} else if (!receive(r, fd)) {
		puts("none");
	}
	close(fd);
	return 0;
}
