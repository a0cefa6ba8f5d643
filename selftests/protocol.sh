#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# AoE protocol conformance of evblade, one hand-built frame at a time: what
# the Linux initiator never sends (wildcards, config strings, bad versions,
# short frames, unknown commands, odd ATA requests), sent with aoeraw
# (selftests/aoeraw) and judged against the AoE specification, revision 11
# (the wire formats: kernel/proto.h).  No initiator is loaded: aoeraw's
# tags have bit 31 set and nothing else on veth0 speaks AoE.
#
#   initial netns (client)                   netns evbt-proto (target)
#   +--------------------------+            +-----------------------------------+
#   | aoeraw veth0 ...         |            | evblade.ko                        |
#   |                          |            |  e1.0  tmpfs 16 MiB  read-write   |
#   |                          |            |  e1.1  tmpfs  8 MiB  readonly     |
#   |                          |            |  e2.0  tmpfs  4 MiB  bufcnt 16    |
#   |             veth0  ------+------------+------  veth1                     |
#   +--------------------------+            +-----------------------------------+
#
# Steps: the blades announce themselves; Query Config replies (fields,
# padding, tag echo, sectors per MTU 1500/9000); wildcard addressing; the
# config string rules (read/test/prefix/set/force set, bad sub-commands and
# lengths); AoE errors (version, unknown command) and silent drops (R flag,
# short frames) with their drop counters; the MAC mask list (edits, MError,
# hiding the blade from unlisted hosts, the admin's nomask) and
# reserve/release with locking (set, force set, release, error 6 for
# fenced-off hosts, exempt commands, the admin's release), other hosts
# played with forged source MACs; ATA: IDENTIFY, CHECK POWER,
# unknown opcode, LBA28/LBA48 read and write at LBA > 0 against the backing
# files, count 0, out of range, read-only, short write payload, trailing
# padding, FLUSH CACHE (EXT).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm aoeraw dd cmp awk

ns=evbt-proto

new_tmp
mkdir "$tmp/fs"
mount -t tmpfs -o size=64m evbt-proto "$tmp/fs"
on_exit unmount "$tmp/fs"
b10=$tmp/fs/e1.0 b11=$tmp/fs/e1.1 b20=$tmp/fs/e2.0
dd if=/dev/urandom of="$b10" bs=1M count=16 2>/dev/null
dd if=/dev/urandom of="$b11" bs=1M count=8 2>/dev/null
dd if=/dev/zero of="$b20" bs=1M count=4 2>/dev/null
cp "$b11" "$tmp/e1.1.orig"

load_module evblade

target_netns $ns
me=$(cat /sys/class/net/veth0/address)
them=$(target_mac)

# ---- helpers (ask, val and want are lib.sh's) -------------------------------


# What every response must be: unicast from the interface the request came
# in on back to the requester, version 1, R set, at least the 60 bytes of
# the Ethernet minimum (aoetools drop anything shorter).
check_common() {
	want "src=$them" "dst=$me" hver=1
	[ $(($(val flags) & 0x8)) -ne 0 ] || fail "$what: R flag clear in: $rsp"
	[ "$(val len)" -ge 60 ] ||
		fail "$what: a $(val len)-byte response; every frame must be padded to 60 bytes"
}

# one ARGS...: exactly one response, left in $rsp.
one() {
	ask "$@"
	n=$(printf '%s\n' "$out" | grep -c '^rsp ' || true)
	[ "$n" -eq 1 ] || fail "$what: expected exactly one response, got $n: $out"
	rsp=$out
	check_common
}

# silent ARGS...: no response at all.
silent() {
	ask "$@"
	[ "$out" = none ] || fail "$what: expected no response at all, got: $out"
}

# addrs: the shelf.slot of every response in $out, sorted, space-separated.
addrs() {
	printf '%s\n' "$out" | sed -n 's/^rsp .* shelf=\([0-9]*\) slot=\([0-9]*\) .*/\1.\2/p' |
		sort | tr '\n' ' ' | sed 's/ $//'
}

# each_rsp CMD...: run CMD with $rsp set to each response in $out.
each_rsp() {
	printf '%s\n' "$out" | grep '^rsp ' > "$tmp/each"
	while read -r rsp; do
		"$@"
	done < "$tmp/each"
}

# sectors FILE LBA COUNT: those sectors of a backing file, on stdout.
sectors() { dd if="$1" bs=512 skip="$2" count="$3" 2>/dev/null; }

# ---- the blades announce themselves ----------------------------------------

aoeraw -n 3 -t 20000 veth0 listen > "$tmp/announce" 2> "$tmp/listen.err" &
listener=$!
on_exit stop_pid $listener
wait_for 10 "aoeraw to listen on veth0" grep -q '^listening' "$tmp/listen.err"

blade_add e1.0 dev veth1 path "$b10" config ""
blade_add e1.1 dev veth1 path "$b11" readonly
blade_add e2.0 dev veth1 path "$b20" bufcnt 16
adm blade show

log "announcements: one unsolicited config response per blade, broadcast, tag 0"
wait $listener || true
out=$(cat "$tmp/announce") what="the announcements of blade add"
[ "$(addrs)" = "1.0 1.1 2.0" ] || fail "$what: expected e1.0 e1.1 e2.0, got: $out"
check_announce() {
	want "src=$them" dst=ff:ff:ff:ff:ff:ff flags=0x8 err=0 cmd=1 tag=0x00000000 \
		hver=1 ver=1 ccmd=0 scnt=2 cslen=0
	[ "$(val bufcnt)" -ge 2 ] || fail "$what: bufcnt $(val bufcnt) < 2: $rsp"
	[ "$(val len)" -ge 60 ] || fail "$what: a $(val len)-byte announcement, not padded to 60"
}
each_rsp check_announce

# ---- Query Config ------------------------------------------------------------

log "config read: fields, real address, tag echoed bit for bit, unicast back"
one -T 0x80c0ffee veth0 1 0 cfg read
want shelf=1 slot=0 flags=0x8 err=0 cmd=1 tag=0x80c0ffee ver=1 ccmd=0 scnt=2 cslen=0 str=
[ "$(val bufcnt)" -ge 2 ] || fail "$what: bufcnt must be at least 2 (the Linux initiator never sends with less): $rsp"
one -T 0x00001234 veth0 1 0 cfg read
want tag=0x00001234
one veth0 2 0 cfg read
want shelf=2 slot=0 bufcnt=16

log "config read as Linux and aoetools send it: version nibble 0 in the ccmd byte"
one veth0 1 0 cfg read --aoever 0
want err=0 ver=1 ccmd=0
log "config read as aoeping sends it: 1056 bytes, length field 1024, not a string to check"
one --len 1056 veth0 1 0 cfg read --aoever 0 --cslen 1024
want err=0 ccmd=0 cslen=0

log "sectors per frame: scnt 16 at MTU 9000 (17 rounded to a multiple of 8), 2 at 1500"
"$IP" link set veth0 mtu 9000
"$IP" -n $ns link set veth1 mtu 9000
one veth0 1 0 cfg
want scnt=16
one veth0 1 0 ata 0x20 --lba 64 --count 16 --out "$tmp/r16"
want status=0x40 errfeat=0x00 scnt=0 datalen=8192
sectors "$b10" 64 16 | cmp -s - "$tmp/r16" || fail "$what: the 16 sectors read at MTU 9000 differ from the backing file"
"$IP" link set veth0 mtu 1500
"$IP" -n $ns link set veth1 mtu 1500
one veth0 1 0 cfg
want scnt=2
log "a read that cannot fit the MTU (3 sectors at 1500): ATA ABRT, not an AoE error"
one veth0 1 0 ata 0x20 --lba 0 --count 3
want flags=0x8 err=0 status=0x41 errfeat=0x04 datalen=0

# ---- wildcards ---------------------------------------------------------------

log "wildcards: one response per blade, each with its real address"
ask veth0 0xffff 0xff cfg
[ "$(addrs)" = "1.0 1.1 2.0" ] || fail "$what: expected responses from 1.0 1.1 2.0, got: $out"
each_rsp check_common
ask veth0 1 0xff cfg
[ "$(addrs)" = "1.0 1.1" ] || fail "$what: expected responses from 1.0 1.1, got: $out"
each_rsp check_common
ask veth0 0xffff 0 cfg
[ "$(addrs)" = "1.0 2.0" ] || fail "$what: expected responses from 1.0 2.0, got: $out"
each_rsp check_common
nb=$(drop no-blade)
silent veth0 3 0 cfg
silent veth0 1 7 cfg
want_drops no-blade "$nb" 2 "requests for e3.0 and e1.7, which do not exist"

# ---- the config string -------------------------------------------------------

log "config test and prefix test against the empty string"
one veth0 1 0 cfg test ""
want err=0 ccmd=1 cslen=0
one veth0 1 0 cfg ptest ""
want err=0 ccmd=2 cslen=0
silent veth0 1 0 cfg test abc
silent veth0 1 0 cfg ptest abc

log "config set when empty: stored"
one veth0 1 0 cfg set hello
want flags=0x8 err=0 ccmd=3 cslen=5 str=hello
one veth0 1 0 cfg read
want cslen=5 str=hello

log "config test exact and prefix: a response on a match, silence otherwise"
one veth0 1 0 cfg test hello
want err=0 ccmd=1 str=hello
silent veth0 1 0 cfg test hell
silent veth0 1 0 cfg test helloo
silent veth0 1 0 cfg test HELLO
one veth0 1 0 cfg ptest hell
want err=0 ccmd=2 str=hello
one veth0 1 0 cfg ptest hello
want err=0 ccmd=2
silent veth0 1 0 cfg ptest hellox
silent veth0 1 0 cfg ptest ello

log "config set with a different string: error 4, string kept; the same string: fine"
one veth0 1 0 cfg set world
want flags=0xc err=4 cmd=1
one veth0 1 0 cfg read
want str=hello
one veth0 1 0 cfg set hello
want flags=0x8 err=0 ccmd=3 str=hello

log "config force set: replaced"
one veth0 1 0 cfg fset world
want flags=0x8 err=0 ccmd=4 cslen=5 str=world
one veth0 1 0 cfg read
want str=world
one veth0 2 0 cfg read
want cslen=0

log "config sub-commands 5..15: error 2"
for c in 5 6 7 8 9 10 11 12 13 14 15; do
	one veth0 1 0 cfg $c abc
	want flags=0xc err=2 cmd=1
done

log "config string length past the end of the frame or over 1024 bytes: error 2"
one veth0 1 0 cfg set abc --cslen 100
want flags=0xc err=2 cmd=1
one veth0 1 0 cfg test world --cslen 1000
want flags=0xc err=2 cmd=1
s1024=$(head -c 1024 /dev/zero | tr '\0' 'a')
one veth0 1 0 cfg fset "${s1024}b"
want flags=0xc err=2 cmd=1
one veth0 1 0 cfg read
want str=world
log "config read ignores the length field; a 1024-byte string is the maximum"
one veth0 1 0 cfg read --cslen 2000
want err=0 str=world
one veth0 1 0 cfg fset "$s1024"
want err=0 cslen=1024 str="$s1024"
[ "$(val len)" -eq 1056 ] || fail "$what: a 1024-byte string makes a 1056-byte response, not $(val len)"
one veth0 1 0 cfg fset ""
want err=0 cslen=0
adm blade show e1.0

# ---- AoE errors and silent drops ---------------------------------------------

log "versions other than 1: error 5"
one -v 2 veth0 1 0 cfg
want flags=0xc err=5 cmd=1 shelf=1 slot=0
one -v 0 veth0 1 0 ata 0xec --count 1
want flags=0xc err=5 cmd=0

log "the R flag set: silence, counted as a response"
rd=$(drop response)
silent -f 0x8 veth0 1 0 cfg
silent -f 0xc veth0 0xffff 0xff cfg
silent -f 0x8 veth0 1 0 ata 0xec --count 1
want_drops response "$rd" 3 "three requests with R set"

log "unknown commands 4 and 0xf0: error 1, even in a bare 24-byte frame"
one veth0 1 0 cmd 4
want flags=0xc err=1 cmd=4
one veth0 1 0 cmd 0xf0
want flags=0xc err=1 cmd=240
one --len 24 veth0 1 0 cmd 4
want flags=0xc err=1 cmd=4
# ---- MAC mask list and reserve/release --------------------------------------

# Other hosts, played by aoeraw with a forged source MAC: the replies go
# to that MAC, and veth0 hears them anyway.
A=02:00:00:00:00:0a B=02:00:00:00:00:0b C=02:00:00:00:00:0c D=02:00:00:00:00:0d
# from MAC ARGS...: `one` as the host MAC; silent_from likewise.
from() {
	__host=$1; shift
	__me=$me; me=$__host
	one -s "$__host" "$@"
	me=$__me
}
silent_from() { __host=$1; shift; silent -s "$__host" "$@"; }

log "MAC mask list: read, edits applied in order, duplicates and absent MACs"
one veth0 2 0 mask read
want flags=0x8 err=0 cmd=2 mcmd=0 merror=0 dircnt=0 macs=
from $A veth0 2 0 mask edit add $A nop $C add $B add $A
want flags=0x8 err=0 mcmd=1 merror=0 dircnt=2 macs=$A,$B
log "a non-empty list hides the blade from everyone else, silently, counted"
md=$(drop masked)
silent_from $C veth0 2 0 cfg
silent_from $C veth0 2 0 identify
silent_from $C veth0 2 0 mask read
silent veth0 2 0 cfg
want_drops masked "$md" 4 "four frames from hosts off the mask list"
# A wildcard query from a masked host lists only the other blades.
ask -s $C veth0 0xffff 0xff cfg
[ "$(addrs)" = "1.0 1.1" ] || fail "$what: a masked host sees $(addrs), expected 1.0 1.1"
from $B veth0 2 0 cfg
want err=0 shelf=2 slot=0
from $B veth0 2 0 identify
want err=0 status=0x40
log "an edit stops at a bad DCmd (MError 2) with the count applied"
from $A veth0 2 0 mask edit add $C dcmd 7 $D add $D
want flags=0x8 err=0 merror=2 dircnt=1
from $A veth0 2 0 mask read
want merror=0 dircnt=3 macs=$A,$B,$C
from $A veth0 2 0 mask edit del $C del $D
want merror=0 dircnt=2 macs=$A,$B
log "bad mask requests: an unknown MCmd, directives past the frame: error 2"
from $A veth0 2 0 mask 5
want flags=0xc err=2 cmd=2
from $A veth0 2 0 mask edit add $C --dircnt 9
want flags=0xc err=2 cmd=2
log "a full list (64) answers MError 3 at the first MAC that does not fit"
dirs=""
for i in $(seq 1 70); do dirs="$dirs add 02:00:00:00:01:$(printf %02x $i)"; done
# shellcheck disable=SC2086 # one word per directive
from $A veth0 2 0 mask edit $dirs
want merror=3 dircnt=62
adm -j blade show e2.0 | grep -o '"mask-mac":\[[^]]*\]' | tr ',' '\n' | grep -c : > "$tmp/n"
[ "$(cat "$tmp/n")" -eq 64 ] || fail "e2.0's mask list has $(cat "$tmp/n") entries, expected 64"
log "the admin empties the list; everyone sees the blade again"
adm blade set e2.0 nomask
one veth0 2 0 cfg
want err=0 shelf=2 slot=0
adm blade set e2.0 mask $me mask $A
from $A veth0 2 0 mask read
want dircnt=2 macs=$me,$A
silent_from $B veth0 2 0 cfg
adm blade set e2.0 nomask

log "reserve/release: error 1 while locking is off"
one veth0 1 0 rsv read
want flags=0xc err=1 cmd=3
adm blade set e1.0 locking on
one veth0 1 0 rsv read
want flags=0x8 err=0 cmd=3 rcmd=0 nmacs=0 macs=
log "A reserves e1.0: B is fenced off with error 6, A is not"
from $A veth0 1 0 rsv set $A
want flags=0x8 err=0 rcmd=1 nmacs=1 macs=$A
from $A veth0 1 0 ata 0x24 --ext --lba 0 --count 1
want flags=0x8 err=0 status=0x40 datalen=512
from $B veth0 1 0 ata 0x24 --ext --lba 0 --count 1
want flags=0xc err=6 cmd=0
from $B veth0 1 0 ata 0x34 --ext --lba 0 --count 1 --data-len 512 --aflags 0x41
want flags=0xc err=6 cmd=0
from $B veth0 1 0 ata 0xe7
want flags=0xc err=6 cmd=0
log "IDENTIFY, CHECK POWER, Query Config and reading the list stay open to B"
from $B veth0 1 0 identify
want err=0 lba48=32768
from $B veth0 1 0 ata 0xe5
want err=0 scnt=255
from $B veth0 1 0 cfg
want err=0
from $B veth0 1 0 rsv read
want err=0 nmacs=1 macs=$A
log "B cannot take it (error 6); A can share and release it"
from $B veth0 1 0 rsv set $B
want flags=0xc err=6 cmd=3
from $A veth0 1 0 rsv set $A $B $A
want err=0 nmacs=2 macs=$A,$B
from $B veth0 1 0 ata 0x24 --ext --lba 0 --count 1
want err=0 status=0x40
from $B veth0 1 0 rsv set
want err=0 nmacs=0 macs=
log "force set takes it from anyone; the admin breaks it"
from $C veth0 1 0 rsv fset $C
want err=0 nmacs=1 macs=$C
from $A veth0 1 0 ata 0x24 --ext --lba 0 --count 1
want flags=0xc err=6
adm blade show e1.0 | grep -q "reserve-mac 02:00:00:00:00:0c" ||
	fail "blade show does not show the reservation: $(adm blade show e1.0)"
adm blade set e1.0 release
from $A veth0 1 0 ata 0x24 --ext --lba 0 --count 1
want err=0 status=0x40
log "bad reserve requests: an unknown RCmd, MACs past the frame: error 2"
from $A veth0 1 0 rsv 3 $A
want flags=0xc err=2 cmd=3
from $A veth0 1 0 rsv set $A --nmacs 20
want flags=0xc err=2 cmd=3
log "locking off: nothing is enforced, and the command is not offered"
from $C veth0 1 0 rsv fset $C
adm blade set e1.0 locking off
from $A veth0 1 0 ata 0x24 --ext --lba 0 --count 1
want err=0 status=0x40
one veth0 1 0 rsv read
want flags=0xc err=1 cmd=3
adm blade set e1.0 release

log "short frames: silence, counted as short"
sd=$(drop short)
silent --len 14 veth0 raw ""
silent --len 20 veth0 1 0 cfg
silent --len 23 veth0 1 0 cfg
silent --len 31 veth0 1 0 cfg
silent --len 30 veth0 1 0 ata 0xec --count 1
silent --len 35 veth0 1 0 ata 0xe5
want_drops short "$sd" 6 "six frames shorter than their headers"

# ---- ATA -----------------------------------------------------------------------

log "IDENTIFY: capacity in words 60-61 and 100-103, LBA48 in words 83 and 86"
one veth0 1 0 identify
want flags=0x8 err=0 cmd=0 status=0x40 errfeat=0x00 scnt=0 datalen=512 lba28=32768 lba48=32768
for w in w83 w86; do
	[ $(($(val $w) & 0x0400)) -ne 0 ] || fail "$what: $w=$(val $w) lacks bit 10 (LBA48)"
done
one veth0 1 1 identify
want lba28=16384 lba48=16384
one veth0 2 0 identify
want lba28=8192 lba48=8192
log "IDENTIFY as aoeping sends it: device register 0xa0, 1024 bytes of trailing payload"
one veth0 1 0 identify --devreg 0xa0 --data-len 1024
want status=0x40 datalen=512 lba48=32768
log "ATA to a wildcard address: silence, counted as broadcast-io"
bd=$(drop broadcast-io)
silent veth0 0xffff 0xff identify
silent veth0 1 0xff ata 0x20 --count 1
want_drops broadcast-io "$bd" 2 "ATA requests to wildcard addresses"

log "CHECK POWER MODE: active (count 0xff)"
one veth0 1 0 ata 0xe5
want status=0x40 errfeat=0x00 scnt=255 datalen=0

log "an unknown opcode: ABRT"
one veth0 1 0 ata 0x99
want flags=0x8 err=0 status=0x41 errfeat=0x04 datalen=0

log "LBA28 write (0x30) and read (0x20) at LBA 100"
dd if=/dev/urandom of="$tmp/w2" bs=512 count=2 2>/dev/null
one veth0 1 0 ata 0x30 --lba 100 --count 2 --data "$tmp/w2"
want flags=0x8 err=0 aflags=0x01 status=0x40 errfeat=0x00 scnt=0 datalen=0
sectors "$b10" 100 2 | cmp -s - "$tmp/w2" || fail "$what: the backing file does not hold the written sectors at LBA 100"
one veth0 1 0 ata 0x20 --lba 100 --count 2 --out "$tmp/r2"
want status=0x40 errfeat=0x00 scnt=0 datalen=1024
cmp -s "$tmp/w2" "$tmp/r2" || fail "$what: read back differs from what was written"
log "LBA28 ignores the device register in lba3's high nibble and lba4/lba5"
one veth0 1 0 ata 0x20 --lba $((0xab << 32 | 100)) --devreg 0xe0 --count 2 --out "$tmp/r2"
want status=0x40 datalen=1024
cmp -s "$tmp/w2" "$tmp/r2" || fail "$what: an LBA28 read with device bits did not read LBA 100"

log "LBA48 write (0x34) and read (0x24) at LBA 30000"
dd if=/dev/urandom of="$tmp/w2" bs=512 count=2 2>/dev/null
one veth0 1 0 ata 0x34 --ext --lba 30000 --count 2 --data "$tmp/w2"
want flags=0x8 err=0 aflags=0x41 status=0x40 errfeat=0x00 scnt=0 datalen=0
sectors "$b10" 30000 2 | cmp -s - "$tmp/w2" || fail "$what: the backing file does not hold the written sectors at LBA 30000"
one veth0 1 0 ata 0x24 --ext --lba 30000 --count 2 --out "$tmp/r2"
want status=0x40 errfeat=0x00 scnt=0 datalen=1024
cmp -s "$tmp/w2" "$tmp/r2" || fail "$what: read back differs from what was written"
one veth0 1 0 ata 0x24 --ext --lba 32766 --count 2 --out "$tmp/r2"
want status=0x40 datalen=1024
sectors "$b10" 32766 2 | cmp -s - "$tmp/r2" || fail "$what: the last two sectors read differ from the backing file"

log "count 0: success, no data"
one veth0 1 0 ata 0x20 --lba 100 --count 0
want status=0x40 errfeat=0x00 scnt=0 datalen=0
one veth0 1 0 ata 0x30 --lba 100 --count 0 --aflags 0x01
want status=0x40 errfeat=0x00 scnt=0 datalen=0

log "past the end: IDNF"
one veth0 1 0 ata 0x20 --lba 32767 --count 2
want flags=0x8 err=0 status=0x41 errfeat=0x10 datalen=0
one veth0 1 0 ata 0x24 --ext --lba 32768 --count 1
want status=0x41 errfeat=0x10 datalen=0
one veth0 1 0 ata 0x24 --ext --lba 0xffffffffffff --count 1
want status=0x41 errfeat=0x10 datalen=0
cp "$b10" "$tmp/e1.0.before"
one veth0 1 0 ata 0x34 --ext --lba 32767 --count 2 --data "$tmp/w2"
want status=0x41 errfeat=0x10
cmp -s "$b10" "$tmp/e1.0.before" || fail "$what: a write past the end changed the backing file"

log "write to the read-only e1.1: ABRT, backing unchanged; reads work"
dd if=/dev/urandom of="$tmp/w1" bs=512 count=1 2>/dev/null
one veth0 1 1 ata 0x30 --lba 10 --count 1 --data "$tmp/w1"
want flags=0x8 err=0 status=0x41 errfeat=0x04 datalen=0
cmp -s "$b11" "$tmp/e1.1.orig" || fail "$what: the read-only backing file changed"
one veth0 1 1 ata 0x20 --lba 10 --count 2 --out "$tmp/r2"
want status=0x40 datalen=1024
sectors "$b11" 10 2 | cmp -s - "$tmp/r2" || fail "$what: read from the read-only blade differs"

log "write with a short payload (2 sectors, 512 bytes of data): ABRT, backing unchanged"
cp "$b10" "$tmp/e1.0.before"
one veth0 1 0 ata 0x30 --lba 200 --count 2 --data "$tmp/w1"
want flags=0x8 err=0 status=0x41 errfeat=0x04 datalen=0
cmp -s "$b10" "$tmp/e1.0.before" || fail "$what: a rejected write changed the backing file"

log "trailing padding after a read request (100 bytes) and after write data (64 bytes)"
one veth0 1 0 ata 0x20 --lba 1000 --count 2 --pad 100 --out "$tmp/r2"
want status=0x40 datalen=1024
sectors "$b10" 1000 2 | cmp -s - "$tmp/r2" || fail "$what: a padded read request read the wrong data"
one veth0 1 0 ata 0x30 --lba 1000 --count 1 --data "$tmp/w1" --pad 64
want status=0x40 datalen=0
sectors "$b10" 1000 1 | cmp -s - "$tmp/w1" || fail "$what: a padded write did not store exactly its sector"
dd if="$tmp/r2" of="$tmp/r2b" bs=512 skip=1 2>/dev/null
sectors "$b10" 1001 1 | cmp -s - "$tmp/r2b" || fail "$what: a padded write touched the sector after it"

log "FLUSH CACHE (0xe7) and FLUSH CACHE EXT (0xea)"
one veth0 1 0 ata 0xe7
want flags=0x8 err=0 status=0x40 errfeat=0x00 scnt=0 datalen=0
one veth0 1 0 ata 0xea --ext
want flags=0x8 err=0 status=0x40 errfeat=0x00 scnt=0 datalen=0

adm status
adm blade show
log "all protocol checks passed"
