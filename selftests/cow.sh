#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Copy-on-write blades against the real kernel: one golden base shared by
# raw AoE clients (aoeraw with forged source MACs) and the Linux initiator,
# each writing to an overlay of its own.
#
#   initial netns                                netns evbt-cow (target)
#   +-------------------------------+            +--------------------------------+
#   | aoe.ko aoe_iflist=veth0       |            | evblade.ko                     |
#   | aoeraw -s C1|C2|C3|... veth0 -+------------+- veth1                         |
#   +-------------------------------+            |  e6.0 private cow base A (8M)  |
#                                                |  e6.1 private cow base O       |
#                                                |       (2 MiB + 1.5 KiB: odd)   |
#                                                +--------------------------------+
#
# Steps:
#   1. The control plane refuses cow without private, cow without base,
#      base without cow, size with cow and write-back with cow, each with a
#      message.  While served, the base cannot be opened for writing.
#   2. Raw clients: partial first writes (one sector at each position of a
#      chunk), writes spanning chunk boundaries, eight frames to one new
#      chunk in flight at once, the same sectors written by two clients:
#      each reads its own writes and the base everywhere else, byte for
#      byte.  The last partial chunk of the odd-sized base.
#   3. The Linux initiator: a 1 MiB write and a read of the whole disk
#      against the model, fio verify=crc32c at MTU 1500 and at 9000.
#      A declared client's two MACs share one overlay.
#   4. Usage: cow-chunks and cow-bytes in conn show -j and sysfs, exact.
#   5. ACL denial and idle close; the overlay outlives the connection.
#   6. Reset: refused (EBUSY) while connected, forced works, the client
#      reads the pristine base; reset all.
#   7. Base mismatch: overlays made against base A, the blade added again
#      with base B of the same size: the client is refused (state failed,
#      the reason in conn show) until a reset.
# After every step the bases' checksums are the ones they started with.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm aoeraw dd cmp md5sum

ns=evbt-cow
size=$((8 << 20)) sectors=$((8 << 11))
osize=$(((2 << 20) + 1536)) osectors=$((((2 << 20) + 1536) / 512))
C1=02:00:00:00:0e:01 C2=02:00:00:00:0e:02 C3=02:00:00:00:0e:03 C4=02:00:00:00:0e:04
C5=02:00:00:00:0e:05 C6=02:00:00:00:0e:06

new_tmp
mkdir "$tmp/fs"
mount -t tmpfs -o size=160m evbt-cow "$tmp/fs"
on_exit unmount "$tmp/fs"
fs=$tmp/fs ovl=$tmp/fs/ovl
mkdir "$ovl" "$fs/ovl1" "$fs/ovl2"

load_module evblade
target_netns $ns
"$IP" link set veth0 mtu 9000
"$IP" -n $ns link set veth1 mtu 9000
tmac=$(target_mac)
V0=$(cat /sys/class/net/veth0/address)

inum=$("$IP" netns exec $ns stat -L -c %i /proc/self/ns/net)
mkdir "$tmp/sys"
nsenter --net=/run/netns/$ns mount -t sysfs sysfs "$tmp/sys"
on_exit "umount $tmp/sys"
sys=$tmp/sys/kernel/evblade/net-$inum

# The bases: A and B of 8 MiB (B differs from A in its first MiB), O of
# an odd size.  Their checksums must never change.
dd if=/dev/urandom of="$fs/A" bs=1M count=8 2>/dev/null
cp "$fs/A" "$fs/B"
dd if=/dev/urandom of="$fs/B" bs=1M count=1 conv=notrunc 2>/dev/null
dd if=/dev/urandom of="$fs/O" bs=512 count=$osectors 2>/dev/null
md5sum "$fs/A" "$fs/B" "$fs/O" > "$tmp/bases.md5"
bases_ok() {
	md5sum -c "$tmp/bases.md5" >/dev/null 2>&1 ||
		fail "$1: a base changed: $(md5sum -c "$tmp/bases.md5" 2>&1 | grep -v OK)"
}

# ---- helpers ---------------------------------------------------------------

hex() { echo "$1" | tr -d :; }
# aoe MAC SLOT ARGS...: one exchange from MAC with e6.SLOT; the reply in
# $rsp (a new client's first frame waits for its overlay: 5 s).
aoe() {
	__mac=$1 __slot=$2; shift 2
	what="aoeraw -s $__mac e6.$__slot $*"
	rsp=$(aoeraw -n 1 -t 5000 -s "$__mac" -d "$tmac" veth0 6 "$__slot" "$@" 2>&1) ||
		fail "$what: $rsp"
	case "$rsp" in
	"rsp "*) ;;
	*) fail "$what: expected an answer, got: $rsp" ;;
	esac
}
# silent MAC SLOT ARGS...: no answer in 1 s.
silent() {
	__mac=$1 __slot=$2; shift 2
	rsp=$(aoeraw -t 1000 -s "$__mac" -d "$tmac" veth0 6 "$__slot" "$@" 2>&1)
	[ "$rsp" = none ] || fail "$__mac: expected no answer from e6.$__slot to $*, got: $rsp"
}

# The model: a client's disk as it must read, $tmp/m-MAC-SLOT (a copy of
# the base, the client's writes applied).
model() { echo "$tmp/m-$(hex "$1")-$2"; }
# model_new MAC SLOT BASE: a client's model is BASE again; unless MAC is
# the initiator's, its first frame: a Query Config (a new connection drops
# other frames until its overlay is open, and answers that one then).
model_new() {
	cp "$3" "$(model "$1" "$2")"
	[ "$1" = "$V0" ] && return
	aoe "$1" "$2" cfg read
	want err=0
}
# wr MAC SLOT LBA COUNT [FILE]: write COUNT sectors (random data unless
# FILE), acknowledged without error; applied to the model.
wr() {
	__f=${5:-$tmp/wdata}
	[ -n "${5:-}" ] || dd if=/dev/urandom of="$__f" bs=512 count="$4" 2>/dev/null
	aoe "$1" "$2" ata 0x34 --ext --lba "$3" --count "$4" --data "$__f"
	want err=0 status=0x40
	dd if="$__f" of="$(model "$1" "$2")" bs=512 seek="$3" conv=notrunc 2>/dev/null
}
# rd MAC SLOT LBA COUNT OUT: read COUNT sectors (at most 16).
rd() {
	aoe "$1" "$2" ata 0x24 --ext --lba "$3" --count "$4" --out "$5"
	want err=0 status=0x40
}
# check MAC SLOT LBA COUNT: the client reads its model there (in frames of
# 16 sectors).
check() {
	__l=$3 __end=$(($3 + $4))
	while [ $__l -lt $__end ]; do
		__n=$((__end - __l))
		[ $__n -le 16 ] || __n=16
		rd "$1" "$2" $__l $__n "$tmp/rdata"
		dd if="$(model "$1" "$2")" of="$tmp/mdata" bs=512 skip=$__l count=$__n 2>/dev/null
		cmp -s "$tmp/rdata" "$tmp/mdata" ||
			fail "$1 on e6.$2: sectors $__l..$((__l + __n - 1)) differ from its writes and the base"
		__l=$((__l + __n))
	done
}
all_gone() { for __p in "$@"; do ! running "$__p" || return 1; done; }
attr() { cat "$sys/e6.$1/connections/$2/$3"; }
conn_in() { [ "$(attr "$1" "$2" state 2>/dev/null)" = "$3" ]; }
conn_gone() { [ ! -e "$sys/e6.$1/connections/$2" ]; }
jval() { printf '%s\n' "$1" | sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" | head -n 1; }
# refused WHAT ARGS...: `adm ARGS...` fails with a message.
refused() {
	__what=$1; shift
	if adm "$@" > "$tmp/out" 2>&1; then
		fail "$__what: accepted: evbladeadm $*"
	fi
	[ -s "$tmp/out" ] || fail "$__what: refused without a message: evbladeadm $*"
	log "$__what: refused: $(head -n 1 "$tmp/out")"
}

dump_state() {
	dump_initiator
	adm blade show
	adm conn show
}

# ---- 1. the control plane ----------------------------------------------------

refused "cow without private" blade add e6.9 dev veth1 cow base "$fs/A" path "$ovl/%m"
refused "cow without base" blade add e6.9 dev veth1 private cow path "$ovl/%m" autocreate
refused "base without cow" blade add e6.9 dev veth1 private base "$fs/A" path "$ovl/%m" \
	size 8M autocreate
refused "size with cow" blade add e6.9 dev veth1 private cow base "$fs/A" path "$ovl/%m" \
	size 8M autocreate
refused "write-back with cow" blade add e6.9 dev veth1 private cow base "$fs/A" \
	path "$ovl/%m" autocreate write-back on
refused "a base that does not exist" blade add e6.9 dev veth1 private cow base "$fs/none" \
	path "$ovl/%m" autocreate
adm blade show e6.9 >/dev/null 2>&1 && fail "a refused blade add left e6.9 behind"

blade_add e6.0 dev veth1 private cow base "$fs/A" path "$ovl/%m.cow" autocreate ||
	fail "blade add e6.0 (cow, base A) failed"
blade_add e6.1 dev veth1 private cow base "$fs/O" path "$fs/ovl1/%m.cow" autocreate ||
	fail "blade add e6.1 (cow, odd-sized base O) failed"
j=$(adm -j blade show e6.0)
[ "$(jval "$j" base-size)" = $size ] || fail "blade show -j e6.0: base-size is not $size: $j"
[ "$(jval "$j" chunk-size)" = 4096 ] || fail "blade show -j e6.0: chunk-size is not 4096: $j"
[ "$(jval "$(adm -j blade show e6.1)" base-size)" = $osize ] ||
	fail "blade show -j e6.1: base-size is not $osize: $(adm -j blade show e6.1)"
log "e6.0 (base A, 8 MiB) and e6.1 (base O, $osize bytes) served: $(adm blade show e6.0 | head -n 1)"

# The base cannot be written while served (deny_write_access: ETXTBSY).
if (printf x | dd of="$fs/A" bs=1 seek=100 conv=notrunc) > "$tmp/out" 2>&1; then
	fail "base A could be opened for writing while e6.0 serves it"
fi
grep -qi 'busy' "$tmp/out" || fail "writing base A failed, but not with ETXTBSY: $(cat "$tmp/out")"
log "base A cannot be written while served: $(grep -i busy "$tmp/out" | head -n 1)"
bases_ok "the control plane"

# ---- 2. raw clients ----------------------------------------------------------

for c in $C1 $C2 $C3; do
	model_new $c 0 "$fs/A"
done

log "partial first writes: one sector at each position of chunks 16..23 ($C1)"
for p in 0 1 2 3 4 5 6 7; do
	wr $C1 0 $(((16 + p) * 8 + p)) 1
done
check $C1 0 $((15 * 8)) 80
log "writes across chunk boundaries, unaligned: 6 sectors over 30|31, 16 over 40|41|42"
wr $C1 0 $((31 * 8 - 3)) 6
wr $C1 0 $((40 * 8 + 3)) 16
check $C1 0 $((30 * 8)) 16
check $C1 0 $((40 * 8)) 24

log "eight frames to one new chunk (50) in flight at once ($C2)"
: > "$tmp/acks"
for p in 0 1 2 3 4 5 6 7; do
	dd if=/dev/urandom of="$tmp/c50-$p" bs=512 count=1 2>/dev/null
done
pids=
for p in 0 1 2 3 4 5 6 7; do
	aoeraw -n 1 -t 10000 -s $C2 -d "$tmac" veth0 6 0 ata 0x34 --ext --lba $((50 * 8 + p)) \
		--count 1 --data "$tmp/c50-$p" >> "$tmp/acks" 2>&1 &
	pids="$pids $!"
done
on_exit stop_pid $pids
wait_for 30 "the eight writes to chunk 50" all_gone $pids
[ "$(grep -c ' err=0 .*status=0x40' "$tmp/acks")" = 8 ] ||
	fail "eight concurrent writes to chunk 50: not all acknowledged: $(cat "$tmp/acks")"
for p in 0 1 2 3 4 5 6 7; do
	dd if="$tmp/c50-$p" of="$(model $C2 0)" bs=512 seek=$((50 * 8 + p)) conv=notrunc 2>/dev/null
done
check $C2 0 $((50 * 8)) 8
log "eight first writes to one chunk all landed (no copy-up overwrote another)"

log "eight frames to one written chunk (50) in flight at once, 8 sectors each"
: > "$tmp/acks"
pids=
for p in 0 1 2 3 4 5 6 7; do
	dd if=/dev/urandom of="$tmp/c50-$p" bs=512 count=8 2>/dev/null
	aoeraw -n 1 -t 10000 -s $C2 -d "$tmac" veth0 6 0 ata 0x34 --ext --lba $((50 * 8)) \
		--count 8 --data "$tmp/c50-$p" >> "$tmp/acks" 2>&1 &
	pids="$pids $!"
done
on_exit stop_pid $pids
wait_for 30 "the eight whole-chunk writes to chunk 50" all_gone $pids
[ "$(grep -c ' err=0 .*status=0x40' "$tmp/acks")" = 8 ] ||
	fail "eight concurrent writes to chunk 50: not all acknowledged: $(cat "$tmp/acks")"
rd $C2 0 $((50 * 8)) 8 "$tmp/rdata"
won=
for p in 0 1 2 3 4 5 6 7; do
	cmp -s "$tmp/rdata" "$tmp/c50-$p" && won=$p
done
[ -n "$won" ] || fail "chunk 50 after eight whole-chunk writes holds none of them (a mix, or garbage)"
cp "$tmp/c50-$won" "$tmp/x"
dd if="$tmp/x" of="$(model $C2 0)" bs=512 seek=$((50 * 8)) conv=notrunc 2>/dev/null

log "$C2 writes the sectors $C1 wrote; $C3 writes nothing there"
wr $C2 0 $((16 * 8)) 16
wr $C2 0 $((31 * 8 - 3)) 6
check $C2 0 $((15 * 8)) 80
check $C1 0 $((15 * 8)) 80
check $C3 0 $((15 * 8)) 80
check $C3 0 $((50 * 8)) 8
check $C1 0 $((50 * 8)) 8
check $C3 0 $((sectors - 16)) 16
log "each raw client reads its own writes and the base everywhere else"

log "the odd-sized base: the last partial chunk (3 sectors) of e6.1"
model_new $C1 1 "$fs/O"
aoe $C1 1 identify
want err=0 lba48=$osectors
wr $C1 1 $((osectors - 1)) 1
check $C1 1 $((osectors - 11)) 11
wr $C1 1 $((osectors - 5)) 4
check $C1 1 $((osectors - 16)) 16
dd if=/dev/urandom of="$tmp/w2" bs=512 count=2 2>/dev/null
aoe $C1 1 ata 0x34 --ext --lba $((osectors - 1)) --count 2 --data "$tmp/w2"
[ "$(val err)" != 0 ] || [ "$(val status)" != 0x40 ] ||
	fail "e6.1: a write past the end of the odd-sized base was accepted: $rsp"
check $C1 1 $((osectors - 16)) 16
model_new $C2 1 "$fs/O"
check $C2 1 $((osectors - 16)) 16

log "declared client tcw = $C5 + $C6: one overlay, written through one, read through the other"
adm client add tcw mac $C5 mac $C6 || fail "client add tcw failed"
on_exit client_undo adm tcw
model_new $C5 0 "$fs/A"
wr $C5 0 $((60 * 8 + 1)) 9
aoe $C6 0 cfg read
want err=0
cp "$(model $C5 0)" "$(model $C6 0)"
check $C6 0 $((60 * 8)) 16
[ "$(find "$ovl" -name "$(hex $C6)*" | wc -l)" = 0 ] ||
	fail "tcw's second MAC $C6 got an overlay of its own: $(ls "$ovl")"
bases_ok "the raw clients"

# ---- 3. the Linux initiator --------------------------------------------------

log "the Linux initiator on e6.0: MTU 1500 first"
"$IP" link set veth0 mtu 1500
"$IP" -n $ns link set veth1 mtu 1500
model_new "$V0" 0 "$fs/A"
initiator_start veth0
aoe_discover
wait_for 30 "the initiator to attach e6.0" test -b "$(aoe_blockdev 6.0)"
wait_for 10 "e6.0 to show 8 MiB" test "$(dev_bytes 6.0)" -eq $size
dev=$(aoe_blockdev 6.0)
dd if=/dev/urandom of="$tmp/w1m" bs=1M count=1 2>/dev/null
run_bounded 60 "the initiator's 1 MiB write" dd if="$tmp/w1m" of="$dev" bs=64k seek=20 \
	oflag=direct 2>/dev/null || fail "the initiator's write to e6.0 failed"
dd if="$tmp/w1m" of="$(model "$V0" 0)" bs=64k seek=20 conv=notrunc 2>/dev/null
drop_caches
run_bounded 60 "the initiator's read" dd if="$dev" of="$tmp/disk" bs=1M count=4 iflag=direct \
	2>/dev/null || fail "the initiator's read of e6.0 failed"
dd if="$(model "$V0" 0)" of="$tmp/mdisk" bs=1M count=4 2>/dev/null
cmp -s "$tmp/disk" "$tmp/mdisk" || fail "the initiator's disk differs from its write on base A"
fio_verify() { # NAME OFFSET ARGS...
	__n=$1 __o=$2; shift 2
	run_bounded 180 "fio $__n" fio --name="$__n" --filename="$dev" --offset="$__o" --size=2M \
		--direct=1 --verify=crc32c --do_verify=1 --output="$tmp/fio.log" "$@" \
		>/dev/null 2>&1 || { cat "$tmp/fio.log"; fail "fio $__n (verify=crc32c) failed"; }
}
fio_verify mtu1500 4M --rw=randwrite --bs=4k --ioengine=psync
log "fio verify=crc32c at MTU 1500 passed"
"$IP" link set veth0 mtu 9000
"$IP" -n $ns link set veth1 mtu 9000
aoe_discover
payload() { cat "$(aoe_sysfs 6.0)/payload"; }
wait_for 30 "the initiator to use 8 KiB frames for e6.0" test "$(payload)" -eq 8192
fio_verify mtu9000 6M --rw=randwrite --bs=16k --ioengine=libaio --iodepth=8
log "fio verify=crc32c at MTU 9000 (8 KiB frames) passed"
drop_caches
run_bounded 60 "the initiator's read" dd if="$dev" of="$tmp/disk" bs=1M count=4 iflag=direct \
	2>/dev/null || fail "the initiator's read of e6.0 failed"
cmp -s "$tmp/disk" "$tmp/mdisk" || fail "the initiator's first 4 MiB changed under fio elsewhere"
check $C1 0 $((15 * 8)) 80
check $C3 0 $((20 * 128)) 16
bases_ok "the initiator"

# ---- 4. usage ----------------------------------------------------------------

log "usage: $C4 writes 1 sector in chunk 100 and 16 over chunks 200..202"
model_new $C4 0 "$fs/A"
wr $C4 0 $((100 * 8 + 5)) 1
wr $C4 0 $((200 * 8 + 4)) 16
wr $C4 0 $((100 * 8)) 8
usage_is() { # SLOT MAC CHUNKS BYTES
	[ "$(attr "$1" "$2" cow_chunks) $(attr "$1" "$2" cow_bytes)" = "$3 $4" ] ||
		fail "sysfs: $2 on e6.$1: cow_chunks cow_bytes are $(attr "$1" "$2" cow_chunks) $(attr "$1" "$2" cow_bytes), expected $3 $4"
	j=$(adm -j conn show e6.$1 mac "$2")
	[ "$(jval "$j" cow-chunks) $(jval "$j" cow-bytes)" = "$3 $4" ] ||
		fail "conn show -j: $2 on e6.$1: expected cow-chunks $3, cow-bytes $4: $j"
}
usage_is 0 $C4 4 16384
check $C4 0 $((100 * 8)) 8
check $C4 0 $((200 * 8)) 24
usage_is 1 $C1 2 $((4096 + 1536))
usage_is 1 $C2 0 0
log "cow-chunks and cow-bytes exact in sysfs and conn show -j ($(adm conn show e6.0 mac $C4))"

# ---- 5. ACL denial and idle close ----------------------------------------------

log "ACL: deny $C3: no answer, state denied; noacl: served again"
adm blade set e6.0 deny $C3 || fail "blade set e6.0 deny $C3 failed"
silent $C3 0 ata 0x24 --ext --lba 0 --count 1
wait_for 10 "$C3's connection to show denied" conn_in 0 $C3 denied
adm blade set e6.0 noacl || fail "blade set e6.0 noacl failed"
check $C3 0 $((15 * 8)) 16

log "idle 2: connections age out; the overlay outlives them"
adm blade set e6.0 idle 2 || fail "blade set e6.0 idle 2 failed"
for c in $C1 $C2 $C3 $C4; do
	wait_for 30 "$c's connection to e6.0 to age out" conn_gone 0 $c
done
adm blade set e6.0 idle 300 || fail "blade set e6.0 idle 300 failed"
for c in $C1 $C2 $C3 $C4; do
	aoe $c 0 cfg read
	want err=0
done
check $C1 0 $((15 * 8)) 80
check $C1 0 $((40 * 8)) 24
wait_for 10 "$C1's connection to come back" conn_in 0 $C1 ready
bases_ok "ACL and idle"

# ---- 6. reset ------------------------------------------------------------------

log "reset: refused while $C1 is connected, forced works, $C1 reads the pristine base"
[ -e "$ovl/$(hex $C1).cow" ] || fail "no overlay $ovl/$(hex $C1).cow: $(ls "$ovl")"
refused "reset of a connected client" blade reset e6.0 mac $C1
grep -qi 'busy\|connected' "$tmp/out" || fail "the refused reset does not say why: $(cat "$tmp/out")"
check $C1 0 $((15 * 8)) 80
adm blade reset e6.0 mac $C1 force || fail "blade reset e6.0 mac $C1 force failed"
model_new $C1 0 "$fs/A"
check $C1 0 $((15 * 8)) 80
check $C1 0 $((40 * 8)) 24
usage_is 0 $C1 0 0
check $C2 0 $((15 * 8)) 80
log "reset all: refused while clients are connected; forced, everyone reads the base"
refused "reset all with clients connected" blade reset e6.0 all
adm blade reset e6.0 all force || fail "blade reset e6.0 all force failed"
for c in $C2 $C4; do
	model_new $c 0 "$fs/A"
	check $c 0 $((15 * 8)) 80
	check $c 0 $((200 * 8)) 24
done
drop_caches
run_bounded 60 "the initiator's read after reset all" dd if="$dev" of="$tmp/disk" bs=1M count=8 \
	iflag=direct 2>/dev/null || fail "the initiator's read of e6.0 after reset all failed"
cmp -s "$tmp/disk" "$fs/A" || fail "after reset all, the initiator does not read the pristine base"
initiator_stop
log "after reset all, the initiator reads base A exactly"
bases_ok "reset"

# ---- 7. base mismatch ------------------------------------------------------------

log "base mismatch: $C1's overlay made against A, e6.0 added again with base B"
model_new $C1 0 "$fs/A"
wr $C1 0 $((16 * 8)) 8
check $C1 0 $((16 * 8)) 8
adm blade del e6.0 || fail "blade del e6.0 failed"
(printf x | dd of="$fs/A" bs=1 seek=100 count=0 conv=notrunc) 2>/dev/null ||
	fail "base A still cannot be opened for writing after its blade was deleted"
blade_add e6.0 dev veth1 private cow base "$fs/B" path "$ovl/%m.cow" autocreate ||
	fail "blade add e6.0 (base B) failed"
rsp=$(aoeraw -t 3000 -s $C1 -d "$tmac" veth0 6 0 cfg read 2>&1)
[ "$rsp" = none ] || fail "$C1's overlay was made against base A, yet e6.0 on base B answered: $rsp"
wait_for 10 "$C1's connection to fail" conn_in 0 $C1 failed
err=$(attr 0 $C1 error)
case "$err" in
*base*) ;;
*) fail "the refused overlay's reason does not name the base: '$err'" ;;
esac
adm conn show e6.0 mac $C1 > "$tmp/out" 2>&1
grep -q "state failed" "$tmp/out" && grep -qF "$err" "$tmp/out" ||
	fail "conn show does not show the failure and its reason: $(cat "$tmp/out")"
log "refused: $err"
adm blade reset e6.0 mac $C1 force || fail "blade reset e6.0 mac $C1 force failed"
model_new $C1 0 "$fs/B"
check $C1 0 0 16
check $C1 0 $((16 * 8)) 8
wait_for 10 "$C1's connection to be ready" conn_in 0 $C1 ready
log "after the reset, $C1 is served base B"
bases_ok "base mismatch"
log "all COW checks passed"
