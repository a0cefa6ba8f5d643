#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Tearing evblade down under a client that has the disk open and I/O in
# flight: a blade deleted, the interface it is served on deleted, and the
# module unloaded.  Each time the kernel must stay clean
# (the rig fails the run on any splat, leak or hung task), nothing may hang,
# and the client must see I/O errors, never data other than what it wrote.
#
#   initial netns (initiator)                netns evbt-down (target)
#   +---------------------------+            +-------------------------------+
#   | aoe.ko aoe_deadsecs=6     |            | evblade.ko                    |
#   |   e5.0 e5.1 (veth0)       |            |  e5.0 /dev/ram0  dev veth1    |
#   |   e6.0      (veth2)       |            |  e5.1 tmpfs file dev veth1    |
#   |                           |            |  e6.0 /dev/ram1  dev veth3    |
#   |             veth0  -------+------------+------  veth1                 |
#   |             veth2  -------+------------+------  veth3 (deleted)       |
#   +---------------------------+            +-------------------------------+
#
# The initiator holds references on its own interfaces and has no
# netdevice notifier: deleting veth3 (and so its peer veth2) completes only
# once the initiator has flushed the disk that failed.
#
# Steps, each with a reader streaming the disk in the background:
#   1. `blade del e5.0`: the deletion waits for the I/O in flight and
#      returns; the reader fails with EIO within the initiator's dead time.
#   2. veth3 is deleted: e6.0 stays configured but unserved; its reader
#      fails the same way; `blade set e6.0 dev veth3` serves it again on a
#      new veth3.
#   3. `rmmod evblade` with e5.1 open and busy: the module unloads, the
#      reader fails.
# Whatever a reader got before failing must equal what was written.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm dd cmp

ns=evbt-down
deadsecs=6
mib=8

new_tmp
mkdir "$tmp/fs"
mount -t tmpfs -o size=64m evbt-down "$tmp/fs"
on_exit unmount "$tmp/fs"

load_module evblade
load_module brd rd_nr=2 rd_size=$((mib * 1024))
dd if=/dev/zero of="$tmp/fs/e5.1" bs=1M count=$mib 2>/dev/null

target_netns $ns
veth_pair $ns veth2 veth3

blade_add e5.0 dev veth1 path /dev/ram0
blade_add e5.1 dev veth1 path "$tmp/fs/e5.1"
blade_add e6.0 dev veth3 path /dev/ram1

initiator_start veth0 veth2
# Give up on a silent target after a few seconds instead of three minutes.
old_dead=$(cat /sys/module/aoe/parameters/aoe_deadsecs)
echo $deadsecs > /sys/module/aoe/parameters/aoe_deadsecs
on_exit "echo $old_dead > /sys/module/aoe/parameters/aoe_deadsecs"
on_exit_within 60 stop_readers
aoe_discover
for b in 5.0 5.1 6.0; do
	wait_for 20 "e$b to attach" test -b "$(aoe_blockdev $b)"
	wait_for 10 "e$b to report its size" test "$(dev_bytes $b)" -eq $((mib << 20))
done

dd if=/dev/urandom of="$tmp/pattern" bs=1M count=$mib 2>/dev/null
for b in 5.0 5.1 6.0; do
	dd if="$tmp/pattern" of="$(aoe_blockdev $b)" bs=1M oflag=direct 2>/dev/null ||
		fail "e$b: writing the pattern failed"
done
log "e5.0, e5.1 and e6.0 attached and hold the pattern"

# reader BLADE: stream the disk, uncached, until an error; what it read
# goes to $tmp/read-BLADE, its status to $tmp/rc-BLADE.
readers=""
reader() {
	(
		trap 'kill $dd 2>/dev/null; exit 1' TERM
		rc=0
		while [ $rc -eq 0 ]; do
			dd if="$(aoe_blockdev "$1")" of="$tmp/read-$1" bs=64k \
				iflag=direct 2>"$tmp/err-$1" &
			dd=$!
			wait $dd || rc=$?
			cmp -s "$tmp/read-$1" "$tmp/pattern" 2>/dev/null || [ $rc -ne 0 ] ||
				{ rc=99; echo "full read differs" >> "$tmp/err-$1"; }
		done
		echo $rc > "$tmp/rc-$1"
	) &
	readers="$readers $!"
}

# At exit, before the initiator is unloaded: stop the readers, and wait
# until nothing holds a disk open (a read in flight ends within the dead
# time), or the initiator could not go and its interfaces never free.
disks_open() {
	for __f in /proc/[0-9]*/fd/*; do
		case $(readlink "$__f" 2>/dev/null) in /dev/etherd/*) return 0 ;; esac
	done
	return 1
}
stop_readers() {
	for p in $readers; do kill "$p" 2>/dev/null; done
	__i=0
	while disks_open && [ $__i -lt $((deadsecs * 40 + 200)) ]; do
		sleep 0.1; __i=$((__i + 1))
	done
	! disks_open
}

# Until the reader is past its first read there is nothing in flight.
reading() { [ -s "$tmp/read-$1" ]; }

dump_state() {
	dump_initiator
	adm blade show
	adm status
}

# reader_fails BLADE: the reader must end, with an I/O error, within the
# dead time plus slack, and everything it read must be the pattern.
reader_fails() {
	wait_for $((deadsecs * 4 + 20)) "e$1: the reader to fail" test -s "$tmp/rc-$1"
	rc=$(cat "$tmp/rc-$1")
	[ "$rc" != 99 ] || fail "e$1: a read returned data that was never written"
	[ "$rc" != 0 ] || fail "e$1: the reader ended without an error"
	grep -qi "input/output error" "$tmp/err-$1" ||
		fail "e$1: the reader failed, but not with EIO: $(cat "$tmp/err-$1")"
	got=$(wc -c < "$tmp/read-$1")
	[ "$got" -eq 0 ] || cmp -s -n "$got" "$tmp/read-$1" "$tmp/pattern" ||
		fail "e$1: the $got bytes read before the error differ from the pattern"
	log "e$1: the reader failed with EIO after $got good bytes of its last pass"
}

# 1. Delete a blade under I/O.
reader 5.0
wait_for 30 "e5.0: reads to start" reading 5.0
run_bounded 30 "blade del e5.0 under I/O" adm blade del e5.0 ||
	fail "blade del e5.0 failed"
adm blade show e5.0 >/dev/null 2>&1 && fail "e5.0 is still there after its deletion"
reader_fails 5.0

# 2. Delete the interface under I/O.  Deleting veth3 deletes its peer
# veth2 too, and that waits for the initiator to let go of veth2: after
# the reader failed and the dead disk is flushed.  evblade forgets veth3
# at once, from its netdevice notifier.
reader 6.0
wait_for 30 "e6.0: reads to start" reading 6.0
"$IP" -n $ns link del veth3 &
wait_for 10 "veth3 to leave $ns" sh -c "! $IP -n $ns link show veth3"
reader_fails 6.0
adm -j blade show e6.0 > "$tmp/e6.json" || fail "e6.0 vanished with its interface"
grep -q '"dev":\["' "$tmp/e6.json" &&
	fail "e6.0 still lists the interface that left: $(cat "$tmp/e6.json")"
grep -q '"all-ifs":false' "$tmp/e6.json" ||
	fail "e6.0 claims to be served everywhere: $(cat "$tmp/e6.json")"
adm blade show e6.0 | grep -q "no interface" ||
	fail "blade show does not say that e6.0 has no interface left"
echo > /dev/etherd/flush	# the initiator drops its dead disks
wait_for 30 "the veth2/veth3 pair to be deleted" test ! -e /sys/class/net/veth2
log "e6.0 is still configured and no longer served on its deleted interface"
# The admin serves it again on a new interface.
"$IP" link add veth2 type veth peer name veth3 netns $ns
"$IP" link set veth2 up
"$IP" -n $ns link set veth3 up
adm blade set e6.0 dev veth3 || fail "blade set e6.0 dev veth3 failed"
adm -j blade show e6.0 | grep -q '"dev":\["veth3"\]' ||
	fail "e6.0 is not served on veth3 again: $(adm -j blade show e6.0)"
log "blade set e6.0 dev veth3 serves it on the new interface"

# 3. Unload the module under I/O.
reader 5.1
wait_for 30 "e5.1: reads to start" reading 5.1
run_bounded 60 "rmmod evblade under I/O" rmmod evblade || fail "rmmod evblade failed"
[ ! -d /sys/module/evblade ] || fail "evblade is still loaded"
reader_fails 5.1
log "blade deletion, interface removal and module unload under I/O: errors, no wrong data"
