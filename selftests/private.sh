#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Private blades, declared clients, ACLs and connections against the real
# kernel: one shelf.slot that gives every client a disk of its own, the
# clients being raw AoE hosts (aoeraw) in network namespaces of their own,
# hosts played with forged source MACs, and the Linux initiator, once
# through one interface and once striping over two.
#
#   initial netns                             netns evbt-priv (target)
#   +---------------------------+             +----------------------------------+
#   | aoe.ko                    |             | evblade.ko                       |
#   | aoe_iflist="veth0 veth2"  |             |  e2.0 private DIR/swap-%m.img    |
#   |            veth0 ---------+-------------+- veth1  8M autocreate,           |
#   |            veth2 ---------+-------------+- veth3  on veth1 vc1 vc2 vc3     |
#   +---------------------------+             |  e2.1 private TWO/disk-%c.img    |
#   netns evbt-priv1  eth0 02:00:00:00:0c:01 -+- vc1    on veth1 veth3           |
#   netns evbt-priv2  eth0 02:00:00:00:0c:02 -+- vc2    e2.2 private on a tmpfs  |
#   netns evbt-priv3  eth0 02:00:00:00:0c:03 -+- vc3    remounted read-only, vc1 |
#                                             +----------------------------------+
#
# Steps:
#   1. Private blades are not announced.  Three raw clients and the
#      initiator write to the same sectors of e2.0; each reads back only
#      its own data, and a new client reads zeros there.
#   2. Autocreate made one file per client, named by its MAC, 8 MiB, mode
#      0600, and nothing outside DIR.  A client whose file cannot be created
#      (e2.2, EROFS) gets no answer at all; sysfs, conn show and the
#      no-backing drop counter say so.
#   3. A declared client (tc1, MACs A and B): written through A, read
#      through B, one backing, one connection directory listing both MACs.
#   4. ACL: policy deny with tc1 allowed applies to the very next frame
#      (silence for the others, counted as denied, and no file for a new
#      denied client); policy allow again answers at once; a deny rule on
#      one of tc1's MACs shuts out all of tc1.  Reservations with locking:
#      tc1 reserves through A, reads through A and B, another client gets
#      AoE error 6, `blade set release` lets it in again.
#   5. Counters: frames, bytes and errors grow by exactly what a raw client
#      sent, the same in sysfs, `conn show` and `conn show -j`.  With
#      `idle 2` the connection ages out (sysfs, conn show, the monitor's
#      conn del), and the next frame reopens the disk with the data intact.
#   6. The initiator's two MACs declared as one client: it sees one e2.1
#      over both interfaces, the data round trip holds, one backing file,
#      one connection listing both MACs; its e2.0 disk (the same file, named
#      by the first MAC) still holds what it wrote.
#   7. Deleting blades with live connections leaves no sysfs directory and
#      no connection behind, and the monitor reports every conn del.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm aoeraw dd cmp awk stat find mount nsenter

ns=evbt-priv
size=$((8 << 20))
sectors=$((size / 512))
lba=2048
C1=02:00:00:00:0c:01 C2=02:00:00:00:0c:02 C3=02:00:00:00:0c:03
A=02:00:00:00:0a:0a B=02:00:00:00:0b:0b D=02:00:00:00:0d:0d

new_tmp
mkdir "$tmp/fs" "$tmp/ro"
mount -t tmpfs -o size=64m evbt-priv "$tmp/fs"
on_exit unmount "$tmp/fs"
mount -t tmpfs -o size=1m evbt-priv-ro "$tmp/ro"
on_exit unmount "$tmp/ro"
fs=$tmp/fs dir=$tmp/fs/swap two=$tmp/fs/two
mkdir "$dir" "$two"

load_module evblade

# The target, the initiator's two links to it, and a netns per raw client.
target_netns $ns
veth_pair $ns veth2 veth3
for i in 1 2 3; do
	new_netns $ns$i
	"$IP" link add vc$i type veth peer name eth0 netns $ns$i
	"$IP" link set vc$i netns $ns
	"$IP" -n $ns$i link set eth0 address 02:00:00:00:0c:0$i up
	"$IP" -n $ns link set vc$i up
done
V0=$(cat /sys/class/net/veth0/address)
V2=$(cat /sys/class/net/veth2/address)

inum=$("$IP" netns exec $ns stat -L -c %i /proc/self/ns/net)
# /sys/kernel/evblade shows a namespace's directory only to a sysfs mounted
# from that namespace: mount one here.
mkdir "$tmp/sys"
nsenter --net=/run/netns/$ns mount -t sysfs sysfs "$tmp/sys"
on_exit "umount $tmp/sys"
sys=$tmp/sys/kernel/evblade/net-$inum

# ---- helpers ---------------------------------------------------------------

# hex MAC: the 12 hex digits %m makes of it.
hex() { echo "$1" | tr -d :; }

# ask N ARGS...: aoeraw in client netns N on its eth0; output in $out.
ask() {
	__n=$1; shift
	what="$ns$__n: aoeraw $*"
	out=$("$IP" netns exec "$ns$__n" aoeraw "$@" 2>&1) || fail "$what: aoeraw failed: $out"
}

# one N MAC SLOT COMMAND...: from netns N with source MAC, to e2.SLOT: an
# answer (the first is enough), left in $rsp.  A private blade holds a
# new client's first Query Config until its file is open: 3 s.
one() {
	__n=$1 __mac=$2 __slot=$3; shift 3
	ask "$__n" -n 1 -t 3000 -s "$__mac" eth0 2 "$__slot" "$@"
	case "$out" in
	"rsp "*) rsp=$out ;;
	*) fail "$what: expected an answer, got: $out" ;;
	esac
	want "dst=$__mac" shelf=2 "slot=$__slot"
}

# silent N MAC SLOT COMMAND...: no answer at all (in 1 s).  silent_ms MS
# N MAC SLOT COMMAND...: in MS milliseconds.
silent_ms() {
	__ms=$1 __n=$2 __mac=$3 __slot=$4; shift 4
	ask "$__n" -t "$__ms" -s "$__mac" eth0 2 "$__slot" "$@"
	[ "$out" = none ] || fail "$what: expected no answer at all, got: $out"
}
silent() { silent_ms 1000 "$@"; }

# hello N MAC SLOT: a new client's first frame, a Query Config.
hello() { one "$@" cfg read; want err=0 cmd=1; }
# rd N MAC SLOT LBA FILE, wr N MAC SLOT LBA FILE: two sectors.
rd() {
	one "$1" "$2" "$3" ata 0x24 --ext --lba "$4" --count 2 --out "$5"
	want err=0 status=0x40 datalen=1024
}
wr() {
	one "$1" "$2" "$3" ata 0x34 --ext --lba "$4" --count 2 --data "$5"
	want err=0 status=0x40
}

# attr SLOT ID FILE: a connection's sysfs attribute (ID: MAC or client).
attr() { cat "$sys/e2.$1/connections/$2/$3"; }
conn_in() { [ "$(attr "$1" "$2" state 2>/dev/null)" = "$3" ]; }
conn_gone() { [ ! -e "$sys/e2.$1/connections/$2" ]; }
# files DIR: what it holds, sorted, on one line.
files() { find "$1" -mindepth 1 -maxdepth 1 | sed 's|.*/||' | sort | tr '\n' ' ' | sed 's/ $//'; }
# conns SLOT: the connection directories of e2.SLOT, likewise.
conns() { files "$sys/e2.$1/connections"; }
# sorted WORDS...: the words, from any number of arguments, sorted, on one line.
sorted() { echo "$@" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//'; }

# jval JSON KEY: the first value of KEY in a one-object JSON text.
jval() { printf '%s\n' "$1" | sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" | head -n 1; }

# backing_holds FILE LBA DATA: the private file has DATA at sector LBA.
backing_holds() {
	dd if="$1" bs=512 skip="$2" count=$(($(wc -c < "$3") / 512)) 2>/dev/null |
		cmp -s - "$3"
}

disk_is() { [ -b "$(aoe_blockdev "$1")" ] && [ "$(dev_bytes "$1")" -eq "$2" ]; }
mon_has() { grep -q -- "$1" "$tmp/mon"; }

dump_state() {
	dump_initiator
	adm blade show
	adm conn show
	adm status
	tail -n 20 "$tmp/aoe-err"
}

# ---- setup: the monitor, the blades ------------------------------------------

adm monitor > "$tmp/mon" 2>&1 &
on_exit stop_pid $!
# It has joined the group once an event sent now reaches it.
probe() {
	adm client add evbprobe mac 02:00:00:00:99:99 >/dev/null 2>&1 &&
		adm client del evbprobe >/dev/null 2>&1
	mon_has '^\[client del\] evbprobe'
}
wait_for 10 "the monitor to listen" probe

"$IP" netns exec ${ns}1 aoeraw -t 2000 eth0 listen > "$tmp/announce" 2> "$tmp/listen.err" &
listener=$!
on_exit stop_pid $listener
wait_for 10 "aoeraw to listen in ${ns}1" grep -q '^listening' "$tmp/listen.err"

find "$fs" ! -path "$dir/*" | sort > "$tmp/fs.before"
blade_add e2.0 dev veth1 dev vc1 dev vc2 dev vc3 private path "$dir/swap-%m.img" \
	size 8M autocreate || fail "blade add e2.0 (private, autocreate) failed"
blade_add e2.2 dev vc1 private path "$tmp/ro/%m.img" size 1M autocreate ||
	fail "blade add e2.2 (private, autocreate) failed"
# Creating files there now fails with EROFS.
mount -o remount,ro "$tmp/ro"
adm blade show

log "private blades are not announced"
wait $listener || true
[ "$(cat "$tmp/announce")" = none ] ||
	fail "a private blade announced itself at blade add: $(cat "$tmp/announce")"
[ "$(cat "$sys/e2.0/conns")" = 0 ] || fail "e2.0 counts connections before any client spoke"
[ -z "$(conns 0)" ] || fail "e2.0 has connections before any client spoke: $(conns 0)"
[ -z "$(files "$dir")" ] || fail "files in $dir before any client spoke: $(files "$dir")"

# ---- 1. several clients on one private blade ---------------------------------

dd if=/dev/zero of="$tmp/zero" bs=512 count=2 2>/dev/null
dd if=/dev/urandom of="$tmp/pi" bs=64k count=1 2>/dev/null
for i in 1 2 3; do
	dd if=/dev/urandom of="$tmp/p$i" bs=512 count=2 2>/dev/null
done

log "the Linux initiator attaches e2.0 (its first query waits for its file) and writes"
initiator_start veth0 veth2
cat /dev/etherd/err > "$tmp/aoe-err" &
on_exit stop_pid $!
aoe_discover
wait_for 30 "the initiator to attach e2.0 with 8 MiB" disk_is 2.0 $size
run_bounded 60 "e2.0: the initiator's write" dd if="$tmp/pi" of="$(aoe_blockdev 2.0)" \
	bs=64k seek=$((lba / 128)) count=1 oflag=direct 2>/dev/null ||
	fail "e2.0: the initiator's write failed"

log "three raw clients: each finds zeros where the others wrote, then writes its own"
for i in 1 2 3; do
	hello $i 02:00:00:00:0c:0$i 0
	rd $i 02:00:00:00:0c:0$i 0 $lba "$tmp/r"
	cmp -s "$tmp/r" "$tmp/zero" ||
		fail "$ns$i: a new client's disk is not zeros where other clients wrote: it sees their data"
	wr $i 02:00:00:00:0c:0$i 0 $lba "$tmp/p$i"
done

log "each client reads back only its own data, from its own file"
for i in 1 2 3; do
	rd $i 02:00:00:00:0c:0$i 0 $lba "$tmp/r"
	cmp -s "$tmp/r" "$tmp/p$i" || fail "$ns$i: read back something other than what it wrote"
	backing_holds "$dir/swap-020000000c0$i.img" $lba "$tmp/p$i" ||
		fail "$ns$i: swap-020000000c0$i.img does not hold its data at LBA $lba"
done
drop_caches
run_bounded 60 "e2.0: the initiator's read" dd if="$(aoe_blockdev 2.0)" of="$tmp/ri" \
	bs=64k skip=$((lba / 128)) count=1 iflag=direct 2>/dev/null ||
	fail "e2.0: the initiator's read failed"
cmp -s "$tmp/ri" "$tmp/pi" || fail "e2.0: the initiator read back something other than what it wrote"
backing_holds "$dir/swap-$(hex "$V0").img" $lba "$tmp/pi" ||
	fail "e2.0: swap-$(hex "$V0").img does not hold the initiator's data"

# ---- 2. autocreate: one file per client; failure -----------------------------

log "autocreate: one file per client, named by its MAC, 8 MiB, mode 0600, nothing else"
want_files=$(sorted swap-020000000c01.img swap-020000000c02.img swap-020000000c03.img \
	"swap-$(hex "$V0").img")
[ "$(files "$dir")" = "$want_files" ] ||
	fail "$dir holds '$(files "$dir")', expected '$want_files'"
for f in "$dir"/*; do
	[ "$(stat -c %s "$f")" -eq $size ] || fail "$f is $(stat -c %s "$f") bytes, not $size"
	[ "$(stat -c %a "$f")" = 600 ] || fail "$f has mode $(stat -c %a "$f"), not 0600"
done
find "$fs" ! -path "$dir/*" | sort | cmp -s - "$tmp/fs.before" ||
	fail "autocreate touched something outside $dir: $(find "$fs" ! -path "$dir/*")"
[ "$(conns 0)" = "$(sorted $C1 $C2 $C3 "$V0")" ] ||
	fail "e2.0's connections are '$(conns 0)', expected $C1 $C2 $C3 $V0"
[ "$(cat "$sys/e2.0/conns")" = 4 ] || fail "e2.0's conns says $(cat "$sys/e2.0/conns"), not 4"
[ "$(attr 0 $C1 backing)" = "$dir/swap-020000000c01.img" ] ||
	fail "$C1's backing is '$(attr 0 $C1 backing)'"
[ "$(attr 0 $C1 size)" = $size ] || fail "$C1's size is '$(attr 0 $C1 size)', not $size"
[ "$(attr 0 $C1 ifname)" = vc1 ] || fail "$C1's ifname is '$(attr 0 $C1 ifname)', not vc1"
[ "$(attr 0 "$V0" ifname)" = veth1 ] || fail "the initiator's ifname is '$(attr 0 "$V0" ifname)'"
[ -z "$(attr 0 $C1 client)" ] || fail "$C1 is not a declared client, yet client is '$(attr 0 $C1 client)'"
[ "$(attr 0 $C1 authorised)" = 1 ] || fail "$C1's authorised is '$(attr 0 $C1 authorised)', not 1"
[ -z "$(attr 0 $C1 error)" ] || fail "$C1 is fine, yet error is '$(attr 0 $C1 error)'"
one 1 $C1 0 identify
want err=0 lba48=$sectors
mon_has "^\[conn add\] e2.0 client - state ready dev vc1 mac $C1 " ||
	fail "the monitor did not report $C1's connection: $(cat "$tmp/mon")"

log "a client whose file cannot be created (EROFS) gets nothing; sysfs and conn show say why"
nb=$(drop no-backing)
silent_ms 3000 1 $C1 2 cfg read
wait_for 10 "$C1's connection to e2.2 to fail" conn_in 2 $C1 failed
silent 1 $C1 2 identify
[ "$(drop no-backing)" -eq $((nb + 1)) ] ||
	fail "the no-backing drop counter went from $nb to $(drop no-backing), expected $((nb + 1))"
err=$(attr 2 $C1 error)
case "$err" in
*"$tmp/ro/020000000c01.img"*) ;;
*) fail "e2.2: the error of $C1's connection does not name the file: '$err'" ;;
esac
[ -z "$(files "$tmp/ro")" ] || fail "files appeared on the read-only tmpfs: $(files "$tmp/ro")"
adm conn show e2.2 mac $C1 > "$tmp/out" || fail "conn show e2.2 mac $C1 failed: $(cat "$tmp/out")"
grep -q "state failed" "$tmp/out" || fail "conn show does not show the failure: $(cat "$tmp/out")"
grep -qF "error \"$err\"" "$tmp/out" || fail "conn show does not show the reason: $(cat "$tmp/out")"
j=$(adm -j conn show e2.2 mac $C1)
[ "$(jval "$j" state)" = '"failed"' ] || fail "conn show -j does not show the failure: $j"
[ "$(jval "$j" error)" = "\"$err\"" ] || fail "conn show -j does not show the reason: $j"
wait_for 10 "the monitor to report the failed connection" mon_has "^\[conn add\] e2.2 client - state failed"
log "e2.2: $err"

# ---- 3. a declared client ------------------------------------------------------

log "declared client tc1 = $A + $B: written through A, read through B"
adm client add tc1 mac $A mac $B || fail "client add tc1 failed"
on_exit client_undo adm tc1
dd if=/dev/urandom of="$tmp/pt" bs=512 count=2 2>/dev/null
hello 1 $A 0
wr 1 $A 0 $lba "$tmp/pt"
rd 1 $B 0 $lba "$tmp/r"
cmp -s "$tmp/r" "$tmp/pt" || fail "tc1: what was written through $A does not read back through $B"
backing_holds "$dir/swap-$(hex $A).img" $lba "$tmp/pt" ||
	fail "tc1: its file (named by its first MAC) does not hold the data"
[ "$(files "$dir")" = "$(sorted "$want_files" "swap-$(hex $A).img")" ] ||
	fail "tc1 made other files than swap-$(hex $A).img: $(files "$dir")"
[ "$(conns 0)" = "$(sorted $C1 $C2 $C3 "$V0" tc1)" ] ||
	fail "e2.0's connections are '$(conns 0)': expected one directory tc1 for $A and $B"
[ "$(attr 0 tc1 macs)" = "$A $B" ] || fail "tc1's macs is '$(attr 0 tc1 macs)', not '$A $B'"
[ "$(attr 0 tc1 client)" = tc1 ] || fail "tc1's client is '$(attr 0 tc1 client)'"
adm conn show e2.0 mac $B > "$tmp/out" || fail "conn show e2.0 mac $B failed: $(cat "$tmp/out")"
grep -q "^e2.0 client tc1 state ready dev vc1 mac $A,$B" "$tmp/out" ||
	fail "conn show does not show tc1 with both MACs: $(cat "$tmp/out")"

# ---- 4. ACL and reservations ----------------------------------------------------

log "policy deny, allow tc1: the very next frames of others are dropped, counted as denied"
dn=$(drop denied)
fi0=$(attr 0 "$V0" frames)
adm blade set e2.0 policy deny allow tc1 || fail "blade set e2.0 policy deny allow tc1 failed"
silent 2 $C2 0 cfg read
silent 2 $C2 0 identify
silent 2 $C2 0 ata 0x24 --ext --lba $lba --count 2
one 1 $B 0 cfg read
want err=0
rd 1 $A 0 $lba "$tmp/r"
cmp -s "$tmp/r" "$tmp/pt" || fail "tc1: allowed, but read back wrong data"
log "a new client denied: no answer, no file"
silent 3 $D 0 cfg read
wait_for 10 "$D's connection to show denied" conn_in 0 $D denied
[ "$(attr 0 $D authorised)" = 0 ] || fail "$D is denied, yet authorised is '$(attr 0 $D authorised)'"
[ "$(attr 0 $C2 state)" = denied ] || fail "$C2 is denied, yet its state is '$(attr 0 $C2 state)'"
[ ! -e "$dir/swap-$(hex $D).img" ] || fail "a file was created for the denied client $D"
# The initiator, denied too, may have sent its periodic discovery meanwhile.
fi1=$(attr 0 "$V0" frames)
[ "$(drop denied)" -eq $((dn + 4 + fi1 - fi0)) ] ||
	fail "the denied drop counter went from $dn to $(drop denied), expected $((dn + 4 + fi1 - fi0))"

log "policy allow, noacl: the next frame is answered"
adm blade set e2.0 policy allow noacl || fail "blade set e2.0 policy allow noacl failed"
one 2 $C2 0 identify
want err=0 lba48=$sectors
rd 2 $C2 0 $lba "$tmp/r"
cmp -s "$tmp/r" "$tmp/p2" || fail "${ns}2: allowed again, but read back wrong data"
hello 3 $D 0
[ -e "$dir/swap-$(hex $D).img" ] || fail "no file for $D once it is allowed"

log "a deny rule on one of tc1's MACs beats allow tc1: neither MAC is answered"
adm blade set e2.0 allow tc1 deny $B || fail "blade set e2.0 allow tc1 deny $B failed"
silent 1 $A 0 identify
silent 1 $B 0 identify
one 3 $C3 0 identify
want err=0
adm blade set e2.0 noacl || fail "blade set e2.0 noacl failed"
one 1 $A 0 identify
want err=0

log "reservations: tc1 reserves through $A; $C2 gets error 6 until the admin releases"
adm blade set e2.0 locking on || fail "blade set e2.0 locking on failed"
one 1 $A 0 rsv set $A
want err=0 rcmd=1 nmacs=1 macs=$A
e2=$(attr 0 $C2 errors)
one 2 $C2 0 ata 0x24 --ext --lba $lba --count 2
want flags=0xc err=6 cmd=0
[ "$(attr 0 $C2 errors)" -eq $((e2 + 1)) ] ||
	fail "$C2's errors went from $e2 to $(attr 0 $C2 errors) for one error 6"
rd 1 $A 0 $lba "$tmp/r"
rd 1 $B 0 $lba "$tmp/r"
cmp -s "$tmp/r" "$tmp/pt" || fail "tc1: reading its own reservation through $B gave wrong data"
adm blade set e2.0 release || fail "blade set e2.0 release failed"
rd 2 $C2 0 $lba "$tmp/r"
cmp -s "$tmp/r" "$tmp/p2" || fail "${ns}2: after the release, read back wrong data"
adm blade set e2.0 locking off || fail "blade set e2.0 locking off failed"

# ---- 5. counters and ageing ------------------------------------------------------

log "counters: frames, bytes and errors grow by exactly what $C1 sent"
f0=$(attr 0 $C1 frames) b0=$(attr 0 $C1 bytes) e0=$(attr 0 $C1 errors)
dd if=/dev/urandom of="$tmp/p1b" bs=512 count=2 2>/dev/null
wr 1 $C1 0 4096 "$tmp/p1b"
rd 1 $C1 0 4096 "$tmp/r"
cmp -s "$tmp/r" "$tmp/p1b" || fail "${ns}1: read back wrong data at LBA 4096"
one 1 $C1 0 ata 0x24 --ext --lba $sectors --count 1
want err=0 status=0x41 errfeat=0x10
one 1 $C1 0 identify
want err=0
f=$((f0 + 4)) b=$((b0 + 2048)) e=$((e0 + 1))
got="$(attr 0 $C1 frames) $(attr 0 $C1 bytes) $(attr 0 $C1 errors)"
[ "$got" = "$f $b $e" ] ||
	fail "sysfs: $C1's frames bytes errors are $got, expected $f $b $e (from $f0 $b0 $e0)"
adm conn show e2.0 mac $C1 > "$tmp/out" || fail "conn show e2.0 mac $C1 failed"
grep -q "frames $f bytes $b errors $e\$" "$tmp/out" ||
	fail "conn show: expected frames $f bytes $b errors $e in: $(cat "$tmp/out")"
j=$(adm -j conn show e2.0 mac $C1)
[ "$(jval "$j" frames) $(jval "$j" bytes) $(jval "$j" errors)" = "$f $b $e" ] ||
	fail "conn show -j: expected frames bytes errors $f $b $e: $j"
[ "$(jval "$j" state) $(jval "$j" dev) $(jval "$j" size)" = "\"ready\" \"vc1\" $size" ] ||
	fail "conn show -j: expected state ready, dev vc1, size $size: $j"
[ "$(attr 0 $C1 last_seen)" -ge "$(attr 0 $C1 first_seen)" ] ||
	fail "$C1: last_seen $(attr 0 $C1 last_seen) before first_seen $(attr 0 $C1 first_seen)"
n=$(cat "$sys/e2.0/conns")
[ "$n" -eq "$(find "$sys/e2.0/connections" -mindepth 1 -maxdepth 1 | wc -l)" ] ||
	fail "e2.0's conns says $n, its connections directory holds $(conns 0)"
[ "$(adm -j conn show e2.0 | grep -o '"blade":"e2.0"' | wc -l)" -eq "$n" ] ||
	fail "conn show -j lists other connections than sysfs ($(conns 0)): $(adm -j conn show e2.0)"
adm blade show e2.0 | grep -q "conns $n\$" ||
	fail "blade show does not count $n connections: $(adm blade show e2.0)"

log "idle 2: the connection ages out, and the next frame reopens the disk"
adm blade set e2.0 idle 2 || fail "blade set e2.0 idle 2 failed"
wait_for 30 "$C1's connection to e2.0 to age out" conn_gone 0 $C1
adm blade set e2.0 idle 300 || fail "blade set e2.0 idle 300 failed"
adm conn show e2.0 mac $C1 > "$tmp/out" 2>&1 &&
	fail "conn show still shows $C1's aged connection: $(cat "$tmp/out")"
adm -j conn show e2.0 | grep -q "$C1" && fail "conn show -j still lists $C1 on e2.0"
wait_for 10 "the monitor to report the connection's end" \
	mon_has "^\[conn del\] e2.0 client - .*mac $C1 "
adds=$(grep -c "^\[conn add\] e2.0 client - state ready dev vc1 mac $C1 " "$tmp/mon" || true)
hello 1 $C1 0
wait_for 10 "$C1's connection to come back" conn_in 0 $C1 ready
[ "$(attr 0 $C1 frames)" = 1 ] || fail "the new connection counted $(attr 0 $C1 frames) frames, not 1"
rd 1 $C1 0 $lba "$tmp/r"
cmp -s "$tmp/r" "$tmp/p1" || fail "${ns}1: after the reopen, LBA $lba lost its data"
rd 1 $C1 0 4096 "$tmp/r"
cmp -s "$tmp/r" "$tmp/p1b" || fail "${ns}1: after the reopen, LBA 4096 lost its data"
c1_added() { [ "$(grep -c "^\[conn add\] e2.0 client - state ready dev vc1 mac $C1 " "$tmp/mon")" -gt "$adds" ]; }
wait_for 10 "the monitor to report the new connection" c1_added
[ "$(files "$dir")" = "$(sorted "$want_files" "swap-$(hex $A).img" "swap-$(hex $D).img")" ] ||
	fail "the reopen created files: $(files "$dir")"

# ---- 6. the initiator over two interfaces, one client -------------------------

log "the initiator's MACs $V0 and $V2 declared as client lnx; e2.1 on veth1 and veth3"
adm client add lnx mac "$V0" mac "$V2" || fail "client add lnx failed"
on_exit client_undo adm lnx
blade_add e2.1 dev veth1 dev veth3 private path "$two/disk-%c.img" size 8M autocreate ||
	fail "blade add e2.1 (private, %c) failed"
tx() { cat "/sys/class/net/$1/statistics/tx_packets"; }
t0=$(tx veth0) t2=$(tx veth2)
aoe_discover
wait_for 30 "the initiator to attach e2.1 with 8 MiB" disk_is 2.1 $size
dd if=/dev/urandom of="$tmp/p4" bs=1M count=4 2>/dev/null
run_bounded 120 "e2.1: the initiator's write" dd if="$tmp/p4" of="$(aoe_blockdev 2.1)" \
	bs=1M oflag=direct 2>/dev/null || fail "e2.1: the initiator's write failed"
drop_caches
run_bounded 120 "e2.1: the initiator's read" dd if="$(aoe_blockdev 2.1)" of="$tmp/r4" \
	bs=1M count=4 iflag=direct 2>/dev/null || fail "e2.1: the initiator's read failed"
cmp -s "$tmp/r4" "$tmp/p4" || fail "e2.1: the initiator read back something other than what it wrote"
s0=$(($(tx veth0) - t0)) s2=$(($(tx veth2) - t2))
if [ $s0 -lt 500 ] || [ $s2 -lt 500 ]; then
	fail "e2.1: the initiator did not use both paths: veth0 sent $s0 frames, veth2 $s2"
fi
log "e2.1: 4 MiB round trip, the initiator sent $s0 frames on veth0 and $s2 on veth2"
[ "$(files "$two")" = disk-lnx.img ] || fail "e2.1: expected one file disk-lnx.img, got: $(files "$two")"
[ "$(stat -c '%s %a' "$two/disk-lnx.img")" = "$size 600" ] ||
	fail "disk-lnx.img: $(stat -c '%s bytes, mode %a' "$two/disk-lnx.img"), expected $size bytes, mode 600"
backing_holds "$two/disk-lnx.img" 0 "$tmp/p4" || fail "e2.1: disk-lnx.img does not hold the data"
[ "$(conns 1)" = lnx ] || fail "e2.1's connections are '$(conns 1)', expected just lnx"
lists() { case " $(attr 1 lnx macs) " in *" $1 "*) ;; *) false ;; esac; }
wait_for 10 "lnx's connection to e2.1 to list $V0" lists "$V0"
wait_for 10 "lnx's connection to e2.1 to list $V2" lists "$V2"
[ "$(wc -w < "$sys/e2.1/connections/lnx/macs")" = 2 ] ||
	fail "e2.1: lnx's connection lists other MACs than its two: $(attr 1 lnx macs)"
[ "$(attr 1 lnx client)" = lnx ] || fail "e2.1: lnx's client is '$(attr 1 lnx client)'"
[ "$(attr 1 lnx backing)" = "$two/disk-lnx.img" ] ||
	fail "e2.1: lnx's backing is '$(attr 1 lnx backing)', not $two/disk-lnx.img"

log "e2.0: the initiator, now client lnx, still has its disk (the file of its first MAC)"
wait_for 10 "e2.0: the connection of $V0 alone to go" conn_gone 0 "$V0"
drop_caches
run_bounded 60 "e2.0: the initiator's read as lnx" dd if="$(aoe_blockdev 2.0)" of="$tmp/ri" \
	bs=64k skip=$((lba / 128)) count=1 iflag=direct 2>/dev/null ||
	fail "e2.0: the initiator's read as lnx failed"
cmp -s "$tmp/ri" "$tmp/pi" || fail "e2.0: as client lnx, the initiator no longer reads its data"
[ "$(attr 0 lnx backing)" = "$dir/swap-$(hex "$V0").img" ] ||
	fail "e2.0: lnx's backing is '$(attr 0 lnx backing)', not the file of its first MAC"
[ "$(files "$dir")" = "$(sorted "$want_files" "swap-$(hex $A).img" "swap-$(hex $D).img")" ] ||
	fail "e2.0: declaring lnx created files: $(files "$dir")"

# ---- 7. deleting blades with live connections ------------------------------------

log "deleting blades with live connections leaves nothing behind"
for s in 0 1 2; do
	ids=$(conns $s)
	[ -n "$ids" ] || fail "e2.$s has no live connection to be deleted with"
	run_bounded 30 "blade del e2.$s" adm blade del e2.$s || fail "blade del e2.$s failed"
	[ ! -e "$sys/e2.$s" ] ||
		fail "e2.$s's sysfs directory outlived it: $(find "$sys/e2.$s")"
	adm -j conn show | grep -q "\"blade\":\"e2.$s\"" &&
		fail "conn show still lists connections of e2.$s: $(adm -j conn show)"
	for id in $ids; do
		case $id in
		*:*) pat="^\[conn del\] e2.$s client - .*mac $id " ;;
		*) pat="^\[conn del\] e2.$s client $id " ;;
		esac
		wait_for 10 "the monitor to report the end of $id on e2.$s" mon_has "$pat"
	done
	wait_for 10 "the monitor to report e2.$s's deletion" mon_has "^\[blade del\] e2.$s\( \|\$\)"
	log "e2.$s deleted with its connections: $ids"
done
for d in "$sys"/e2.*; do
	[ ! -e "$d" ] || fail "blade directories left in $sys: $(files "$sys")"
done
log "all private blade checks passed"
