#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# evblade serves the real Linux initiator: blades on block devices (brd,
# loop, null_blk) and on files (tmpfs, ext4), across several shelves, from
# a network namespace of their own.
#
#   initial netns (initiator)               netns evbt-serve (target)
#   +--------------------------+            +---------------------------------+
#   | aoe.ko aoe_iflist=veth0  |            | evblade.ko                      |
#   | /dev/etherd/e1.0 ...     |            |  e1.0 /dev/ram0    (brd)        |
#   |                          |            |  e1.1 tmpfs file   (buffered    |
#   |                          |            |       or direct file I/O)       |
#   |                          |            |  e1.2 ext4 file    (direct)     |
#   |                          |            |  e2.0 /dev/loop0   (loop)       |
#   |                          |            |  e3.0 tmpfs file, read-only     |
#   |                          |            |  e4.0 /dev/nullb0  (null_blk)   |
#   |             veth0  ------+------------+------  veth1                   |
#   +--------------------------+            +---------------------------------+
#
# Steps: all six attach with the right sizes; on each writable blade random
# data written at an offset reads back byte for byte through the initiator
# and sits in the backing store exactly there; the read-only blade fails
# writes promptly with EIO and still reads; at MTU 9000 the initiator moves
# 8 KiB frames and the round trip holds; fio with verify=crc32c passes;
# the blade counters saw the traffic.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm dd cmp

ns=evbt-serve
mib=16

new_tmp
mkdir -p "$tmp/tmpfs" "$tmp/ext4"
mount -t tmpfs tmpfs "$tmp/tmpfs"
on_exit unmount "$tmp/tmpfs"

load_module evblade
load_module brd rd_nr=2 rd_size=$((64 * 1024))
load_module null_blk nr_devices=1 gb=1 memory_backed=1
load_module loop

dd if=/dev/zero of="$tmp/tmpfs/file" bs=1M count=$mib 2>/dev/null
dd if=/dev/zero of="$tmp/tmpfs/ro" bs=1M count=$mib 2>/dev/null
dd if=/dev/urandom of="$tmp/tmpfs/ro" bs=1M count=1 conv=notrunc 2>/dev/null
dd if=/dev/zero of="$tmp/tmpfs/loop" bs=1M count=$mib 2>/dev/null
loopdev=$(losetup -f)
losetup "$loopdev" "$tmp/tmpfs/loop"
on_exit "losetup -d $loopdev"
mkfs.ext4 -q -F /dev/ram1 >/dev/null
mount -t ext4 /dev/ram1 "$tmp/ext4"
on_exit unmount "$tmp/ext4"
dd if=/dev/zero of="$tmp/ext4/file" bs=1M count=$mib conv=fsync 2>/dev/null

target_netns $ns

blade_add e1.0 dev veth1 path /dev/ram0
blade_add e1.1 dev veth1 path "$tmp/tmpfs/file"
blade_add e1.2 dev veth1 path "$tmp/ext4/file"
blade_add e2.0 dev veth1 path "$loopdev"
blade_add e3.0 dev veth1 path "$tmp/tmpfs/ro" readonly
blade_add e4.0 path /dev/nullb0 bufcnt 32
adm blade show

initiator_start veth0
# The initiator's own log of retransmissions and unexpected responses.
cat /dev/etherd/err > "$tmp/aoe-err" &
on_exit stop_pid $!
aoe_discover
wait_for 20 "e1.0 to attach" test -b "$(aoe_blockdev 1.0)"
wait_for 10 "e1.0 to report 64 MiB" test "$(dev_bytes 1.0)" -eq $((64 << 20))
for b in 1.1 1.2 2.0 3.0; do
	wait_for 20 "e$b to attach" test -b "$(aoe_blockdev $b)"
	wait_for 10 "e$b to report its size" test "$(dev_bytes $b)" -eq $((mib << 20))
done
wait_for 20 "e4.0 to attach" test -b "$(aoe_blockdev 4.0)"
wait_for 10 "e4.0 to report 1 GiB" test "$(dev_bytes 4.0)" -eq $((1 << 30))
log "all six blades attached with their sizes"

dd if=/dev/urandom of="$tmp/pattern" bs=1M count=4 2>/dev/null

# What the initiator and the target see, for a failure report.
dump_state() {
	dump_initiator
	adm blade show
	adm status
	echo "initiator log: $(wc -l < "$tmp/aoe-err") lines"
	tail -n 20 "$tmp/aoe-err"
}

# round_trip BLADE BACKING [SEEK_MIB]: write the pattern through the
# initiator, read it back uncached, and find it in the backing store.
# An I/O that takes over 60 s is a hang, reported with the state of both sides.
round_trip() {
	dev=$(aoe_blockdev "$1")
	run_bounded 60 "e$1: write" dd if="$tmp/pattern" of="$dev" bs=1M \
		seek="${3:-3}" conv=fsync 2>/dev/null || fail "e$1: write failed"
	drop_caches
	run_bounded 60 "e$1: read" dd if="$dev" of="$tmp/back" bs=1M \
		skip="${3:-3}" count=4 2>/dev/null || fail "e$1: read failed"
	cmp -s "$tmp/pattern" "$tmp/back" || fail "e$1: data read back differs"
	[ -n "$2" ] || return 0
	dd if="$2" of="$tmp/stored" bs=1M skip="${3:-3}" count=4 2>/dev/null
	cmp -s "$tmp/pattern" "$tmp/stored" || fail "e$1: the backing store $2 does not hold the data"
}

round_trip 1.0 /dev/ram0
round_trip 1.1 "$tmp/tmpfs/file"
round_trip 1.2 "$tmp/ext4/file"
round_trip 2.0 "$tmp/tmpfs/loop"
round_trip 4.0 /dev/nullb0 100
log "round trips at MTU 1500 verified (ram, tmpfs, ext4, loop, null_blk)"

# Read-only: a write fails quickly with EIO, and reads still work.
dev=$(aoe_blockdev 3.0)
start=$(cut -d' ' -f1 /proc/uptime)
if dd if="$tmp/pattern" of="$dev" bs=4k count=1 oflag=direct 2>"$tmp/err"; then
	fail "e3.0: a write to a read-only blade succeeded"
fi
end=$(cut -d' ' -f1 /proc/uptime)
grep -qi "input/output error" "$tmp/err" || fail "e3.0: the write did not fail with EIO: $(cat "$tmp/err")"
awk -v s="$start" -v e="$end" 'BEGIN { exit !(e - s < 5) }' ||
	fail "e3.0: the failed write took $start..$end s; it must fail promptly"
dd if="$dev" of="$tmp/back" bs=1M count=1 iflag=direct 2>/dev/null || fail "e3.0: read failed"
dd if="$tmp/tmpfs/ro" of="$tmp/stored" bs=1M count=1 2>/dev/null
cmp -s "$tmp/back" "$tmp/stored" || fail "e3.0: read-only data differs"
log "read-only blade: write failed with EIO in $(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }') s, reads fine"

# MTU 9000: the initiator learns the new sector count from the
# announcement evblade sends on the MTU change (the disks are closed).
"$IP" link set veth0 mtu 9000
"$IP" -n $ns link set veth1 mtu 9000
payload() { cat "$(aoe_sysfs 1.0)/payload"; }
wait_for 20 "the initiator to use 8 KiB frames for e1.0" test "$(payload)" -eq 8192
round_trip 1.0 /dev/ram0 8
round_trip 1.2 "$tmp/ext4/file" 8
log "round trips at MTU 9000 with 8 KiB frames verified"

if command -v fio >/dev/null; then
	fio --name=verify --filename="$(aoe_blockdev 1.1)" --rw=randwrite --bs=4k \
		--size=8M --direct=1 --ioengine=psync --numjobs=1 --verify=crc32c \
		--do_verify=1 --output="$tmp/fio.log" >/dev/null 2>&1 ||
		{ cat "$tmp/fio.log"; fail "fio verify=crc32c on e1.1 failed"; }
	fio --name=verify-aio --filename="$(aoe_blockdev 1.0)" --rw=randwrite --bs=16k \
		--size=8M --direct=1 --ioengine=libaio --iodepth=16 --verify=crc32c \
		--do_verify=1 --output="$tmp/fio2.log" >/dev/null 2>&1 ||
		{ cat "$tmp/fio2.log"; fail "fio verify=crc32c at QD16 on e1.0 failed"; }
	log "fio verify=crc32c passed (psync on e1.1, libaio QD16 on e1.0)"
fi

adm -j blade show e1.0 > "$tmp/show.json"
grep -q '"write-ops":[1-9]' "$tmp/show.json" || fail "e1.0 counted no writes: $(cat "$tmp/show.json")"
grep -q '"read-ops":[1-9]' "$tmp/show.json" || fail "e1.0 counted no reads"
adm blade show e3.0 | grep -q "ata-errors [1-9]" || fail "e3.0 counted no ATA errors"
log "counters show the traffic"
log "initiator log: $(wc -l < "$tmp/aoe-err") lines (retransmissions, unexpected responses)"
head -n 5 "$tmp/aoe-err"
# The initiator allocates frames while answered ones wait for its
# completion thread; at 512 it can stall a disk for good (design.rst,
# "Sharing CPUs with the initiator").  Show how close each disk came.
for d in /sys/kernel/debug/aoe/e*; do
	[ -e "$d" ] && printf '%s ' "${d##*/}:$(awk '/^falloc:/ { print $2 }' "$d")"
done > "$tmp/falloc"
log "initiator frames allocated per disk (stalls at 512): $(cat "$tmp/falloc")"
