#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Backings with 4096-byte logical blocks, and frozen filesystems.  AoE
# sectors are 512 bytes and at MTU 1500 every frame moves 1 KiB, so on a
# 4Kn device (or a file whose filesystem wants 4 KiB aligned direct I/O)
# most frames cover part of a block.  evblade must serve them correctly,
# and a write to a file must wait while its filesystem is frozen.
#
#   initial netns (initiator)               netns evbt-fourk (target)
#   +--------------------------+            +--------------------------------+
#   | aoe.ko aoe_iflist=veth0  |            | evblade.ko                     |
#   | fio, dd                  |            |  e6.0 /dev/nullb0 (bs 4096)    |
#   |                          |            |  e6.1 file, ext4 -b 4096 on    |
#   |                          |            |       /dev/nullb1 (bs 4096)    |
#   |                          |            |  e6.2 file, ext4 on /dev/ram0  |
#   |             veth0  ------+------------+------  veth1                  |
#   +--------------------------+            +--------------------------------+
#
# Steps: at MTU 1500 and at 9000, on e6.0 and e6.1, 1 MiB writes round
# trip and land in the backing store, and fio randwrite with 3 KiB blocks
# (never aligned to 4 KiB, many in flight, neighbours sharing a backing
# block) passes verify=crc32c.  Then both filesystems are frozen while the
# initiator writes to e6.1 and e6.2: the writes stay unanswered while a
# write to e6.0 goes through, and complete, with the right data, after
# the filesystems are thawed.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm dd cmp fio fsfreeze mkfs.ext4

ns=evbt-fourk
mib=32

new_tmp
mkdir -p "$tmp/ext4k" "$tmp/ext4"

load_module evblade
load_module null_blk nr_devices=2 gb=1 bs=4096 memory_backed=1
load_module brd rd_nr=1 rd_size=$((64 * 1024))
for d in nullb0 nullb1; do
	[ "$(cat /sys/block/$d/queue/logical_block_size)" = 4096 ] ||
		fail "/dev/$d has $(cat /sys/block/$d/queue/logical_block_size)-byte blocks, not 4096"
done

mkfs.ext4 -q -F -b 4096 /dev/nullb1 $((256 * 256)) >/dev/null
mount -t ext4 /dev/nullb1 "$tmp/ext4k"
on_exit unmount "$tmp/ext4k"
mkfs.ext4 -q -F /dev/ram0 >/dev/null
mount -t ext4 /dev/ram0 "$tmp/ext4"
on_exit unmount "$tmp/ext4"
for f in "$tmp/ext4k/file" "$tmp/ext4/file"; do
	dd if=/dev/zero of="$f" bs=1M count=$mib conv=fsync 2>/dev/null
done

target_netns $ns

blade_add e6.0 dev veth1 path /dev/nullb0
blade_add e6.1 dev veth1 path "$tmp/ext4k/file"
blade_add e6.2 dev veth1 path "$tmp/ext4/file"

initiator_start veth0
aoe_discover
wait_for 20 "e6.0 to attach" test -b "$(aoe_blockdev 6.0)"
wait_for 10 "e6.0 to report 1 GiB" test "$(dev_bytes 6.0)" -eq $((1 << 30))
for b in 6.1 6.2; do
	wait_for 20 "e$b to attach" test -b "$(aoe_blockdev $b)"
	wait_for 10 "e$b to report its size" test "$(dev_bytes $b)" -eq $((mib << 20))
done
log "attached: e6.0 on a 4Kn null_blk, e6.1 a file on 4Kn ext4, e6.2 a file on ext4 on brd"

dd if=/dev/urandom of="$tmp/pattern" bs=1M count=4 2>/dev/null

dump_state() {
	dump_initiator
	adm blade show
	adm status
}

# round_trip BLADE BACKING SEEK_MIB: write the pattern through the
# initiator, read it back uncached, and find it in the backing store.
round_trip() {
	dev=$(aoe_blockdev "$1")
	run_bounded 60 "e$1: write" dd if="$tmp/pattern" of="$dev" bs=1M \
		seek="$3" conv=fsync 2>"$tmp/err" || fail "e$1: write failed: $(cat "$tmp/err")"
	drop_caches
	run_bounded 60 "e$1: read" dd if="$dev" of="$tmp/back" bs=1M \
		skip="$3" count=4 2>"$tmp/err" || fail "e$1: read failed: $(cat "$tmp/err")"
	cmp -s "$tmp/pattern" "$tmp/back" || fail "e$1: data read back differs"
	dd if="$2" of="$tmp/stored" bs=1M skip="$3" count=4 2>/dev/null
	cmp -s "$tmp/pattern" "$tmp/stored" || fail "e$1: the backing store $2 does not hold the data"
}

# fio_verify BLADE OFFSET_MIB: 3 KiB random writes, 8 in flight, then
# read back and checked.
fio_verify() {
	run_bounded 120 "fio on e$1" fio --name=fourk --filename="$(aoe_blockdev "$1")" \
		--rw=randwrite --bs=3k --offset=$(($2 << 20)) --size=2M --direct=1 \
		--ioengine=libaio --iodepth=8 --verify=crc32c --do_verify=1 \
		--output="$tmp/fio.log" >/dev/null 2>&1 ||
		{ cat "$tmp/fio.log"; fail "fio verify=crc32c on e$1 (3 KiB blocks) failed"; }
}

mtu=1500
for step in 1 2; do
	round_trip 6.0 /dev/nullb0 $((step * 8))
	round_trip 6.1 "$tmp/ext4k/file" $((step * 8))
	fio_verify 6.0 $((step * 4))
	fio_verify 6.1 $((step * 4))
	log "MTU $mtu: round trips and fio verify=crc32c passed on e6.0 and e6.1"
	[ $step = 1 ] || break
	mtu=9000
	"$IP" link set veth0 mtu $mtu
	"$IP" -n $ns link set veth1 mtu $mtu
	wait_for 20 "the initiator to use 8 KiB frames for e6.0" \
		test "$(cat "$(aoe_sysfs 6.0)/payload")" -eq 8192
done

# ---- freeze --------------------------------------------------------------

stat_of() { adm -j blade show "e$1" | grep -o "\"$2\":[0-9]*" | cut -d: -f2; }
# arrived BLADE PID RX: the blade received frames since RX, or the
# writer PID is gone already (the checks below say why).
arrived() { ! kill -0 "$2" 2>/dev/null || [ "$(stat_of "$1" rx-frames)" -gt "$3" ]; }

w1=$(stat_of 6.1 write-ops)
w2=$(stat_of 6.2 write-ops)
r1=$(stat_of 6.1 rx-frames)
r2=$(stat_of 6.2 rx-frames)
# gone PID: wait up to 30 s for PID to exit (a writer blocked in the
# kernel outlives its SIGTERM until its I/O ends), so the initiator and
# its interface can go at exit.
gone() {
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 300 ]; do
		i=$((i + 1))
		sleep 0.1
	done
}
fsfreeze --freeze "$tmp/ext4"
fsfreeze --freeze "$tmp/ext4k"
dd if="$tmp/pattern" of="$(aoe_blockdev 6.1)" bs=64k seek=64 oflag=direct 2>"$tmp/err1" &
p1=$!
dd if="$tmp/pattern" of="$(aoe_blockdev 6.2)" bs=64k seek=64 oflag=direct 2>"$tmp/err2" &
p2=$!
# At exit: thaw, stop the writers, and wait for them.
on_exit "gone $p1; gone $p2"
on_exit stop_pid $p1 $p2
on_exit "fsfreeze --unfreeze $tmp/ext4k 2>/dev/null; fsfreeze --unfreeze $tmp/ext4 2>/dev/null; true"
wait_for 10 "e6.1 to receive the writes" arrived 6.1 $p1 "$r1"
wait_for 10 "e6.2 to receive the writes" arrived 6.2 $p2 "$r2"
# The writes are on the wire: while the filesystems stay frozen, none may
# complete.  Watch for 3 s (no condition marks "never").
i=0
while [ $i -lt 30 ]; do
	kill -0 $p1 2>/dev/null ||
		fail "a write to e6.1 completed while its filesystem was frozen $(cat "$tmp/err1")"
	kill -0 $p2 2>/dev/null ||
		fail "a write to e6.2 completed while its filesystem was frozen $(cat "$tmp/err2")"
	[ "$(stat_of 6.1 write-ops)" = "$w1" ] ||
		fail "e6.1 answered a write while its filesystem was frozen"
	[ "$(stat_of 6.2 write-ops)" = "$w2" ] ||
		fail "e6.2 answered a write while its filesystem was frozen"
	i=$((i + 1))
	sleep 0.1
done
# A blade on another backing is not held up.
run_bounded 30 "a write to e6.0 while the filesystems are frozen" \
	dd if="$tmp/pattern" of="$(aoe_blockdev 6.0)" bs=64k count=4 seek=512 oflag=direct \
	2>/dev/null || fail "a write to e6.0 failed while the other filesystems were frozen"
log "frozen: writes to e6.1 and e6.2 wait, e6.0 still answers"

fsfreeze --unfreeze "$tmp/ext4k"
fsfreeze --unfreeze "$tmp/ext4"
wait_for 60 "the writes to finish after the thaw" \
	sh -c "! kill -0 $p1 2>/dev/null && ! kill -0 $p2 2>/dev/null"
wait $p1 || fail "the write to e6.1 failed after the thaw: $(cat "$tmp/err1")"
wait $p2 || fail "the write to e6.2 failed after the thaw: $(cat "$tmp/err2")"
drop_caches
for b in 6.1 6.2; do
	dd if="$(aoe_blockdev $b)" of="$tmp/back" bs=64k skip=64 count=64 iflag=direct 2>/dev/null ||
		fail "e$b: read after the thaw failed"
	cmp -s "$tmp/pattern" "$tmp/back" || fail "e$b: the data written during the freeze differs"
done
for f in "$tmp/ext4k/file" "$tmp/ext4/file"; do
	dd if="$f" of="$tmp/stored" bs=64k skip=64 count=64 2>/dev/null
	cmp -s "$tmp/pattern" "$tmp/stored" || fail "$f does not hold the data written during the freeze"
done
log "thawed: the writes completed and the data is in both files"
