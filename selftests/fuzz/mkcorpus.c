// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus, a few valid inputs per unit in the byte layout
 * each harness reads (see fuzz_<unit>.c), into corpus/<unit>/.  The state
 * files and the overlay's superblock and map slots come from the kernel's
 * own encoders, so their checksums are right.  Run by mkcorpus.sh.
 */
#include <sys/stat.h>

#include "fuzz.h"
#include "client.h"
#include "ovl.h"
#include "state.h"

static const char *dir;
static u8 buf[16384];
static size_t len;

static void b(const void *p, size_t n)
{
	memcpy(buf + len, p, n);
	len += n;
}
static void b8(u8 v) { b(&v, 1); }
static void b16(u16 v) { b(&v, 2); }
static void b32(u32 v) { b(&v, 4); }
static void b64(u64 v) { b(&v, 8); }
static void bstr(const char *s) { b16(strlen(s)); b(s, strlen(s)); }

static void emit(const char *unit, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, unit);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, unit, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
	len = 0;
}

static const u8 target[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const u8 client[6] = { 0x02, 0, 0, 0, 0, 0x0a };

static void aoe_hdr(u8 verfl, u16 shelf, u8 slot, u8 cmd)
{
	b(target, 6);
	b(client, 6);
	b8(0x88); b8(0xa2);
	b8(verfl); b8(0);
	b8(shelf >> 8); b8(shelf);
	b8(slot); b8(cmd);
	b32(0x12345678);
}

static void proto(void)
{
	aoe_hdr(0x10, 1, 0, 0);				/* ATA read ext, 8 sectors at 0 */
	b8(0x40); b8(0); b8(8); b8(0x24); b(&(u8[8]){ 0 }, 8);
	while (len < 60)
		b8(0);
	emit("proto", "ata-read");
	aoe_hdr(0x10, 0xffff, 0xff, 1);			/* broadcast config query */
	b16(0); b16(0); b8(0); b8(0x10); b16(0);
	emit("proto", "cfg-broadcast");
	aoe_hdr(0x10, 1, 0, 2);				/* mask edit: add two */
	b8(0); b8(1); b8(0); b8(2);
	b8(0); b8(1); b(client, 6);
	b8(0); b8(1); b(target, 6);
	emit("proto", "mask-edit");
	aoe_hdr(0x10, 1, 0, 3);				/* reserve set, one MAC */
	b8(1); b8(1); b(client, 6);
	emit("proto", "rsv-set");
	aoe_hdr(0x18, 1, 0, 0);				/* a response: dropped */
	emit("proto", "response");
	aoe_hdr(0x20, 1, 0, 0xf0);			/* bad version, vendor cmd */
	emit("proto", "badver");
}

static void ata_target(u64 nsect, bool ro, u16 payload, u16 mtu, u32 max_read)
{
	b64(nsect); b8(ro); b16(payload); b16(mtu); b32(max_read);
}

static void ata(void)
{
	u8 rd[12] = { 0x40, 0, 8, 0x24, 0x10, 0, 0, 0, 0, 0 };
	u8 wr[12] = { 0x41, 0, 2, 0x34, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	u8 id[12] = { 0, 0, 1, 0xec };
	u8 wr28[12] = { 0x01, 0, 1, 0x30, 0, 0, 0, 0x10 };

	b(rd, 12); ata_target(1 << 21, 0, 0, 9000, 65536);
	b64(0); b64(100); b32(8); b32(-EIO);
	bstr("EVB0001"); bstr("1.0"); bstr("evblade");
	emit("ata", "read-ext");
	b(wr, 12); ata_target((1ULL << 48) - 1, 0, 1024, 1500, 8192);
	b64(1ULL << 47); b64(1ULL << 48); b32(255); b32(-ERANGE);
	bstr("a serial that is longer than twenty"); bstr("firmware9"); bstr("m");
	emit("ata", "write-edge");
	b(id, 12); ata_target(0x0fffffff + 5ULL, 1, 0, 1500, 8192);
	emit("ata", "identify");
	b(wr28, 12); ata_target(1000, 1, 512, 1500, 8192);
	emit("ata", "write28-ro");
}

static void cfg(void)
{
	b16(0);						/* empty; set, test, ptest */
	b8(3); b16(20); b16(5); b("hello", 5); b(&(u8[15]){ 0 }, 15);
	b8(1); b16(5); b16(5); b("hello", 5);
	b8(2); b16(3); b16(3); b("hel", 3);
	b8(3); b16(5); b16(5); b("world", 5);
	b8(4); b16(5); b16(5); b("world", 5);
	b8(0); b16(0); b16(0);
	emit("cfg", "set-test");
	b16(4); b("abcd", 4);				/* too long, past the frame */
	b8(3); b16(10); b16(0x8000 | 2000);
	b8(9); b16(0); b16(0);
	emit("cfg", "errors");
}

static void maclist(void)
{
	int i;

	b8(1); b8(0); b8(1); b8(3); b8(1); b8(3);	/* mask edit: 3 adds */
	b8(1); b8(1); b8(1); b8(2); b8(1); b8(3);
	b8(2);
	b8(2); b8(0); b8(2); b8(1); b8(2); b8(4); b8(1); /* rsv set */
	b8(0);
	b8(1); b8(5); b8(0); b8(1); b8(1); b8(2); b8(2);
	b8(1); b8(2); b8(1); b8(2); b8(0);
	b8(4);
	emit("maclist", "edit-reserve");
	b8(1); b8(0); b8(1); b8(70); b8(1); b8(0);	/* a full list */
	for (i = 0; i < 70; i++) {
		b8(1); b8(i);
	}
	b8(0);
	emit("maclist", "full");
}

static void state(void)
{
	struct evb_state *st = calloc(1, sizeof(*st));
	char *text = malloc(EVB_STATE_MAX);
	int n, i;

	st->gen = 7;
	st->cfg.len = 7;
	memcpy(st->cfg.str, "owner=a", 7);
	evb_maclist_add(&st->mask, client);
	evb_maclist_add(&st->mask, target);
	evb_maclist_add(&st->rsv, client);
	n = evb_state_format(st, "e1.0", text, EVB_STATE_MAX);
	b8(0); b16(1); b8(0); b(text, n);
	emit("state", "file");
	memset(st, 0, sizeof(*st));
	n = evb_state_format(st, "e0.0", text, EVB_STATE_MAX);
	b8(0); b16(0); b8(0); b(text, n);
	emit("state", "file-empty");
	/* edited by hand: the harness makes the crc32 line right (mode 2) */
	b8(2); b16(2); b8(1);
	b("# edited\ngen +9\nconfig\nmask 02:00:00:00:00:0A\ncrc32 00000000\n", 61);
	emit("state", "file-edited");
	b8(1); b16(1); b8(0); b64(3); bstr("config string");
	b8(2); b8(1);
	for (i = 0; i < 3; i++)
		b(client, 6);
	b16(40);
	emit("state", "built");
	free(st);
	free(text);
}

static void tmpl(void)
{
	static const char *const t[][3] = {
		{ "/srv/evblade/swap-%m.img", "web-1", "swap-02000000000a.img" },
		{ "/srv/evblade/%c/../x-%c%%.img", "db.2", "x-db.2%.img" },
		{ "/srv/%c-%c.img", "a-b", "a-b-c.img" },
		{ "/srv/evblade/swap.img", "x", "swap.img" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char name[16];

		b16(4096); bstr(t[i][0]); bstr(t[i][1]); bstr(t[i][2]); b8(0);
		b(client, 6);
		snprintf(name, sizeof(name), "tmpl-%u", i);
		emit("tmpl", name);
	}
}

static void acl(void)
{
	b8(0); b16(5);				/* built: five rules, then queries */
	b8(0x00); b8(0x05); b8(0x0b); b8(0x06); b8(0x02);
	b8(0); b8(0); b8(1); b8(0x01); b8(1); b8(2); b8(0x82); b8(3);
	emit("acl", "rules");
	b8(1); b16(2);				/* raw: a MAC rule and a client rule */
	b8(1); b8(1); b(client, 6); b(&(u8[26]){ 0 }, 26);
	b8(0); b8(2); b("web-1", 5); b(&(u8[27]){ 0 }, 27);
	b8(0); b8(0); b8(1);
	emit("acl", "raw");
}

static void client_seed(void)
{
	struct evb_client c[2];

	b8(0); b8(6);				/* built from the alphabet */
	b8(0x10); b(&(u8[8]){ 1, 2 }, 8);
	b8(0x21); b(&(u8[8]){ 3, 4, 5 }, 8);
	b8(0x03); b(&(u8[8]){ 6 }, 8);
	b8(0x04); b(&(u8[8]){ 7 }, 8);
	b8(0x05); b(&(u8[8]){ 8 }, 8);
	b8(0x07); b(&(u8[8]){ 9 }, 8);
	b8(1); b8(1); b8(3); b8(4);
	emit("client", "table");
	memset(c, 0, sizeof(c));		/* raw structs */
	strcpy(c[0].name, "web-1");
	c[0].nmacs = 2;
	memcpy(c[0].mac[0], client, 6);
	memcpy(c[0].mac[1], target, 6);
	strcpy(c[1].name, "db");
	c[1].nmacs = 1;
	c[1].mac[0][0] = 0x02;
	c[1].mac[0][5] = 0x33;
	b8(1); b8(2); b(c, sizeof(c));
	emit("client", "raw");
}

static void ovl(void)
{
	struct evb_ovl_sb sb;
	u8 *blk = calloc(1, EVB_OVL_BLOCK);
	unsigned long bits[BITS_TO_LONGS(EVB_OVL_PAGE_BITS)];

	memset(&sb, 0, sizeof(sb));
	evb_ovl_geom_init(&sb.geom, 1ULL << 30, 12);
	memcpy(sb.overlay_id, "0123456789abcdef", 16);
	sb.base_id = 42;
	sb.created = 1700000000;
	evb_ovl_sb_encode(&sb, blk);
	b8(0); b8(0); b(blk, EVB_OVL_SB_SIZE);
	emit("ovl", "sb");
	b8(1); b64(1ULL << 30); b8(12); b8(0);
	emit("ovl", "geom");
	memset(bits, 0xa5, sizeof(bits));
	evb_ovl_slot_encode(blk, 1, 1, 5, bits, 1000);
	b8(2); b8(0); b16(1000); b8(1); b8(1); b(blk, EVB_OVL_BLOCK);
	emit("ovl", "slot");
	b8(3); b32(4 * 2048 + 3); b8(0); b8(0); b8(1);
	b64(0x00ff00ff00ff00ffULL); b8(1); b64(1); b8(0); b64(3);
	b64(2); b8(0); b32(7); b8(1); b64(7); b8(1); b32(30); b8(0);
	emit("ovl", "map");
	free(blk);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	mkdir(dir, 0755);
	proto();
	ata();
	cfg();
	maclist();
	state();
	tmpl();
	acl();
	client_seed();
	ovl();
	return 0;
}
