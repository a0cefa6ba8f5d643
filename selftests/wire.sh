#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What reaches evblade from the wire, and what it puts on it, when the
# sender is hostile: frames on devices that are not Ethernet, reads larger
# than one reply can carry, replies that could carry kernel memory,
# broadcast edits of every blade at once, forged source addresses, a
# declared client's reservation, config replies larger than the MTU.
#
#   initial netns (client)                   netns evbt-wire (target)
#   +--------------------------+            +-----------------------------------+
#   | aoeraw veth0 ...         |            | evblade.ko                        |
#   |                          |            |  e1.0  tmpfs 8 MiB, every iface   |
#   |                          |            |  e1.1  tmpfs 8 MiB, every iface   |
#   |             veth0  ------+------------+------  veth1   lo   evbtun0 (TUN)  |
#   +--------------------------+            +-----------------------------------+
#
# Steps: a TUN device and the loopback device (at MTU 200000, where a big
# read would overflow the fragments of one reply) get no answer and count
# as not-ethernet drops, and cannot be named as a blade's interface; at
# veth's largest MTU what is advertised and answered fits one reply; every
# kind of reply, after freed kernel buffers were filled with a pattern,
# carries none of it; wildcard edits are refused silently (reads stay);
# broadcast, multicast and zero source MACs are dropped; a declared client
# holds a reservation through any of its MACs; a 1024-byte config string
# at MTU 576 is answered in one frame that fits.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm aoeraw dd awk

ns=evbt-wire

new_tmp
mkdir "$tmp/fs"
mount -t tmpfs -o size=32m evbt-wire "$tmp/fs"
on_exit unmount "$tmp/fs"
dd if=/dev/zero of="$tmp/fs/e1.0" bs=1M count=8 2>/dev/null
dd if=/dev/zero of="$tmp/fs/e1.1" bs=1M count=8 2>/dev/null

load_module evblade

target_netns $ns
me=$(cat /sys/class/net/veth0/address)
them=$(target_mac)

nsraw() { "$IP" netns exec $ns aoeraw "$@"; }

# one ARGS...: exactly one response, left in $rsp.
one() {
	ask "$@"
	n=$(printf '%s\n' "$out" | grep -c '^rsp ' || true)
	[ "$n" -eq 1 ] || fail "$what: expected exactly one response, got $n: $out"
	rsp=$(printf '%s\n' "$out" | grep '^rsp ')
}
silent() {
	ask "$@"
	[ "$out" = none ] || fail "$what: expected no response at all, got: $out"
}

# Both blades on every interface of the namespace (no dev): the TUN
# device and lo included, as far as the configuration goes.
blade_add e1.0 path "$tmp/fs/e1.0"
blade_add e1.1 path "$tmp/fs/e1.1"

# ---- devices that are not Ethernet ------------------------------------------

modprobe tun 2>/dev/null || true
if [ -c /dev/net/tun ]; then
	tun=1
else
	tun=0
	log "no TUN in this kernel: its checks are skipped"
fi

log "a blade cannot be put on lo or a TUN device"
devs=lo
if [ $tun = 1 ]; then
	"$IP" -n $ns tuntap add dev evbtun1 mode tun
	"$IP" -n $ns link set evbtun1 up
	devs="lo evbtun1"
fi
for d in $devs; do
	if err=$(adm blade add e3.0 dev $d path "$tmp/fs/e1.0" 2>&1); then
		adm blade del e3.0
		fail "blade add on $d was accepted"
	fi
	case "$err" in
	*Ethernet*) ;;
	*) fail "blade add on $d: expected an 'Ethernet' message, got: $err" ;;
	esac
done
[ $tun = 0 ] || "$IP" -n $ns link del evbtun1

if [ $tun = 1 ]; then
	log "a 22-byte AoE packet on a TUN device: no answer, a not-ethernet drop"
	ne=$( (drop not-ethernet) || echo 0)
	# The packet is an Ethernet and AoE header cut after 2 bytes of the
	# tag; with the bytes evblade would take for the rest (a heap buffer
	# filled with the pattern first), a reply would carry kernel memory.
	out=$(nsraw -t 1000 --tun --poison 64 --no-pad --len 22 evbtun0 1 0 identify 2>&1) ||
		fail "aoeraw --tun failed: $out"
	[ "$out" = none ] || fail "a TUN device got an answer (it must get none): $out"
	out=$(nsraw -t 1000 --tun --no-pad --len 22 evbtun0 1 0 cfg 2>&1) ||
		fail "aoeraw --tun failed: $out"
	[ "$out" = none ] || fail "a TUN device got an answer to a query (it must get none): $out"
	want_drops not-ethernet "$ne" 2 "two AoE packets on a TUN device"
fi

log "lo at MTU 200000, a 137-sector read: no answer, a not-ethernet drop"
"$IP" -n $ns link set lo mtu 200000
ne=$( (drop not-ethernet) || echo 0)
out=$(nsraw -t 1000 lo 1 0 ata 0x24 --ext --count 137 2>&1) || fail "aoeraw on lo failed: $out"
[ "$out" = none ] || fail "a read on lo got an answer (it must get none): $out"
out=$(nsraw -t 1000 lo 1 0 cfg 2>&1) || fail "aoeraw on lo failed: $out"
[ "$out" = none ] || fail "a query on lo got an answer (it must get none): $out"
want_drops not-ethernet "$ne" 2 "a read and a query on lo"
"$IP" -n $ns link set lo mtu 65536

# ---- sources that are not a host --------------------------------------------

log "broadcast, multicast and zero source MACs: dropped and counted"
bs=$( (drop bad-source) || echo 0)
for s in ff:ff:ff:ff:ff:ff 01:00:5e:00:00:01 33:33:00:00:00:01 00:00:00:00:00:00; do
	silent -s $s veth0 1 0 cfg
	silent -s $s veth0 1 0 identify
done
want_drops bad-source "$bs" 8 "eight frames from addresses that are no host"
conns=$(adm conn show 2>&1 || true)
case "$conns" in
*ff:ff:ff:ff:ff:ff* | *01:00:5e* | *33:33:00* | *00:00:00:00:00:00*)
	fail "a connection for an address that is no host: $conns" ;;
esac

# ---- large MTUs: what is advertised and answered fits one reply -------------

# The pages one reply carries: MAX_SKB_FRAGS (the sysctl cannot exceed it).
frags=$(cat /proc/sys/net/core/max_skb_frags)
page=$(getconf PAGESIZE 2>/dev/null || echo 4096)
fit=$((frags * page / 512))
"$IP" link set veth0 mtu 65535
"$IP" -n $ns link set veth1 mtu 65535
log "veth at MTU 65535 ($frags fragments of $page bytes: $fit sectors fit)"
one veth0 1 0 cfg
scnt=$(val scnt)
[ "$scnt" -gt 0 ] && [ "$scnt" -le "$fit" ] && [ "$scnt" -le 127 ] ||
	fail "$what: advertises $scnt sectors at MTU 65535 (at most $fit and 127 fit)"
one veth0 1 0 ata 0x24 --ext --count "$scnt"
want err=0 status=0x40
[ "$(val len)" -eq $((36 + scnt * 512)) ] || fail "$what: a $(val len)-byte reply"
# The most the MTU allows (127) is answered if it fits the fragments.
if [ 127 -le "$fit" ]; then
	one veth0 1 0 ata 0x24 --ext --count 127
	want err=0 status=0x40
fi
one veth0 1 0 ata 0x24 --ext --count 255
want status=0x41
"$IP" link set veth0 mtu 1500
"$IP" -n $ns link set veth1 mtu 1500

# ---- no kernel byte on the wire ----------------------------------------------

# clean ARGS...: every reply to ARGS, sent after 300 frames full of the
# pattern went through veth and were freed, has none of the pattern in it.
clean() {
	ask --poison 300 -n 1 "$@"
	printf '%s\n' "$out" | grep -q '^rsp ' || fail "$what: no reply: $out"
	if printf '%s\n' "$out" | grep '^rsp ' | grep -qv ' poison=0$'; then
		out=$(aoeraw --hex --poison 300 "$@" 2>&1)
		fail "$what: a reply carries bytes evblade never set: $out"
	fi
}

log "every kind of reply, after freed buffers were filled with a pattern"
long=$(printf '%01024d' 0 | tr 0 c)
adm blade set e1.1 locking on
for mtu in 1500 9000; do
	"$IP" link set veth0 mtu $mtu
	"$IP" -n $ns link set veth1 mtu $mtu
	clean veth0 1 0 cfg
	clean -n 2 veth0 0xffff 0xff cfg
	clean veth0 1 0 cfg set "x"
	clean veth0 1 0 cfg test "x"
	clean veth0 1 0 cfg ptest ""
	clean veth0 1 0 cfg 7
	clean veth0 1 1 cfg fset "$long"
	clean veth0 1 1 cfg
	clean veth0 1 0 mask read
	clean veth0 1 0 mask edit add 02:00:00:00:00:0a add $me
	clean veth0 1 0 mask edit dcmd 7 02:00:00:00:00:0b
	clean veth0 1 0 mask 5
	clean veth0 1 0 rsv read
	clean veth0 1 1 rsv read
	clean veth0 1 1 rsv set $me 02:00:00:00:00:0a
	clean -s 02:00:00:00:00:0c veth0 1 1 rsv set 02:00:00:00:00:0c
	clean -s 02:00:00:00:00:0c veth0 1 1 ata 0x24 --count 1
	clean veth0 1 1 rsv set
	clean -v 2 veth0 1 0 cfg
	clean veth0 1 0 cmd 9
	clean --len 24 veth0 1 0 cmd 4
	clean veth0 1 0 identify
	clean veth0 1 0 ata 0xe5
	clean veth0 1 0 ata 0x77
	clean veth0 1 0 ata 0x20 --count 0
	clean veth0 1 0 ata 0x24 --ext --lba 0xffffffff --count 1
	clean veth0 1 0 ata 0x20 --count 1
	clean veth0 1 0 ata 0x24 --ext --count 2
	clean veth0 1 0 ata 0x34 --ext --count 1 --data-len 512 --aflags 0x41
	clean veth0 1 0 ata 0x34 --ext --count 2 --data-len 512 --aflags 0x41
	clean veth0 1 0 ata 0xea
	clean veth0 1 0 mask edit del 02:00:00:00:00:0a del $me
done
one veth0 1 0 cfg
want scnt=16
clean veth0 1 0 ata 0x24 --ext --count 16
"$IP" link set veth0 mtu 1500
"$IP" -n $ns link set veth1 mtu 1500

# ---- broadcast edits ----------------------------------------------------------

log "wildcard edits are refused silently and counted; reads still answered"
adm blade set e1.0 config "zero"
adm blade set e1.1 config "one"
be=$( (drop broadcast-edit) || echo 0)
silent veth0 0xffff 0xff cfg set "all"
silent veth0 0xffff 0xff cfg fset "all"
silent veth0 1 0xff cfg fset "all"
silent veth0 0xffff 0 cfg fset "all"
silent veth0 0xffff 0xff mask edit add 02:00:00:00:00:0a
silent veth0 0xffff 0xff rsv set $me
silent veth0 1 0xff rsv fset $me
want_drops broadcast-edit "$be" 7 "seven wildcard edits"
one veth0 1 0 cfg
want cslen=4 str=zero
one veth0 1 0 mask read
want dircnt=0
one veth0 1 1 rsv read
want nmacs=0
ask veth0 0xffff 0xff cfg
[ "$(printf '%s\n' "$out" | grep -c '^rsp ')" -eq 2 ] ||
	fail "$what: a wildcard read must still be answered by both blades: $out"
ask veth0 1 0xff mask read
[ "$(printf '%s\n' "$out" | grep -c '^rsp ')" -eq 2 ] ||
	fail "$what: a wildcard mask read must still be answered by both blades: $out"
ask veth0 0xffff 0xff cfg test "one"
[ "$(printf '%s\n' "$out" | grep -c '^rsp ')" -eq 1 ] ||
	fail "$what: a wildcard exact match must be answered by e1.1 alone: $out"

# ---- a declared client reserves through any of its MACs --------------------

log "a client with MACs A and B: reserved through A, B may set it too"
A=02:00:00:00:00:0a B=02:00:00:00:00:0b C=02:00:00:00:00:0c
adm client add cl mac $A mac $B
on_exit client_undo adm cl
one -s $A veth0 1 1 rsv set $A
want err=0 nmacs=1
one -s $B veth0 1 1 rsv set $B
want err=0 nmacs=1 "macs=$B"
one -s $A veth0 1 1 ata 0x24 --ext --count 1
want err=0
one -s $C veth0 1 1 rsv set $C
want err=6
one -s $A veth0 1 1 rsv set
want err=0 nmacs=0

# ---- config replies never exceed the MTU -------------------------------------

log "a 1024-byte config string at MTU 576: one reply that fits, the string cut"
adm blade set e1.0 config "$long"
"$IP" link set veth0 mtu 576
"$IP" -n $ns link set veth1 mtu 576
one veth0 1 0 cfg
[ "$(val len)" -le 590 ] || fail "$what: a $(val len)-byte reply at MTU 576"
want cslen=$((576 - 18))
"$IP" link set veth0 mtu 1500
"$IP" -n $ns link set veth1 mtu 1500
one veth0 1 0 cfg
want cslen=1024

log "all wire checks passed"
