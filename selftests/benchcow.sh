#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The copy-on-write section of `make bench` (scripts/bench.sh boots it
# after selftests/bench.sh, or alone with EVB_BENCH_ONLY=cow, and turns
# its lines into a table): fio through the real Linux initiator against
# a COW blade and against a plain private blade on the same storage, at
# MTU 9000 and at MTU 1500.
#
#   initial netns (initiator)            netns evbt-bcow (target)
#   +-------------------------+          +---------------------------------+
#   | aoe.ko aoe_iflist=veth0 |          | evblade.ko   on a tmpfs:        |
#   | fio --direct=1 libaio   |          |  e4.0 private cow               |
#   |   /dev/etherd/e4.0      |          |       base base.img (256 MiB)   |
#   |   /dev/etherd/e5.0      |          |       path cow/%m.cow autocreate|
#   |                         |          |  e5.0 private path plain/%m.img |
#   |                         |          |       (256 MiB, written through)|
#   |   veth0 (MTU 9000/1500)-+----------+- veth1                          |
#   +-------------------------+          +---------------------------------+
#
# Storage: a tmpfs, where it has direct I/O (Linux 6.6 on): both blades
# then take the direct asynchronous path of kernel/backend-file.c, as on
# a real filesystem, and the table shows evblade's own costs.  Before
# 6.6 (Debian's 6.1) tmpfs has no direct I/O and both would be served
# through the page cache from a workqueue, so there the files go on ext4
# on a RAM disk (brd), direct on every kernel; the lines say which.  On
# ext4 a first write pays the filesystem's share too: the overlay is
# sparse, so its DSYNC data write allocates blocks and waits for a
# journal commit, before the map commit.  The base and the plain
# blade's file are written in full beforehand (dd, direct), so every
# read of them hits allocated data.
#
# The disk's layout, the same on both blades (MiB):
#   [0, 32)    never written: COW reads come from the base
#   [32, 64)   written in full (1M writes): COW reads and overwrites
#              come from / go to the overlay
#   [64, 96)   every other 4 KiB block written (4k writes, 4k holes):
#              reads 4 KiB long at 1.5 KiB into a block straddle a
#              written and an unwritten chunk; at MTU 9000 the whole
#              request mixes both, at MTU 1500 (1 KiB frames) one frame
#              of the four does, two come from one chunk, one from the
#              other
#   [96, 256)  first writes: 4k random writes, each block once (fio's
#              random map, lfsr), never more than the region holds, so
#              every COW write copies up a new chunk (checked: the
#              overlay gains one chunk per write)
# Each round begins with `blade reset e4.0 all force` (a new, empty
# overlay) and the same prefill of both blades through the initiator
# (the plain blade's file, all written already, is written again there).
#
# Rows, 4k random at QD32, each for $runtime s (first writes: until the
# region is written or $runtime s): read-base, read-ovl, read-mixed,
# overwrite, first-write.  Per MTU two rounds, each job COW then plain
# in the first, plain then COW in the second.
# CPU per I/O as in bench.sh: guest /proc/stat, all CPUs, initiator and
# target together.
#
# One line per run on the console, for the host:
#   EVB-BENCH smp=N mtu=M target=cow|plain job=J round=R iops=... mibs=...
#     cpu_us_per_io=... busy_pct=... ios=... new_chunks=... storage=S
# new_chunks is what the COW overlay gained during the run (plain: 0).
# This test fails only if something breaks, never on the numbers.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm fio mkfs.ext4

ns=evbt-bcow
runtime=8
mib=256
bufcnt=64
# For a developer's run of a part, or on other storage: the MTUs, rounds
# and jobs to run, and the storage: tmpfs, ext4 (on brd), or auto
# (tmpfs if it has direct I/O, else ext4).
mtus="9000 1500"
rounds="1 2"
jobs="read-base read-ovl read-mixed overwrite first-write"
storage=auto

new_tmp
smp=$(grep -c '^processor' /proc/cpuinfo)

load_module evblade
fs=$tmp/fs
mkdir "$fs"
if [ $storage = auto ]; then
	storage=tmpfs
	mount -t tmpfs -o size=1m evbt-bcow "$fs" || fail "cannot mount a tmpfs"
	dd if=/dev/zero of="$fs/probe" bs=4k count=1 oflag=direct 2>/dev/null || storage=ext4
	unmount "$fs"
fi
case $storage in
ext4)
	# The base, the plain file and at most one round's overlay (208
	# MiB), with room to spare: brd has no discard on 6.1, so blocks
	# ext4 frees keep their pages.
	load_module brd rd_nr=1 rd_size=$((1024 * 1024))
	mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 /dev/ram0 >/dev/null ||
		fail "mkfs.ext4 /dev/ram0 failed"
	mount -t ext4 /dev/ram0 "$fs" || fail "cannot mount ext4 on /dev/ram0"
	;;
tmpfs)
	mount -t tmpfs -o size=1g evbt-bcow "$fs" || fail "cannot mount a tmpfs"
	;;
esac
on_exit unmount "$fs"
mkdir "$fs/cow" "$fs/plain"

target_netns $ns
"$IP" link set veth0 mtu 9000
"$IP" -n $ns link set veth1 mtu 9000
initiator_mac=$(cat /sys/class/net/veth0/address)

dd if=/dev/zero of="$fs/base.img" bs=1M count=$mib oflag=direct 2>/dev/null ||
	fail "could not write the base"
plain=$fs/plain/$(echo "$initiator_mac" | tr -d :).img
dd if=/dev/zero of="$plain" bs=1M count=$mib oflag=direct 2>/dev/null ||
	fail "could not write the plain blade's file"
sync

adm blade add e4.0 dev veth1 private cow base "$fs/base.img" path "$fs/cow/%m.cow" \
	autocreate bufcnt $bufcnt idle 3600
on_exit blade_undo adm e4.0
# Without autocreate: a wrong name would leave the client unanswered,
# not serve it a sparse file.
adm blade add e5.0 dev veth1 private path "$fs/plain/%m.img" bufcnt $bufcnt idle 3600
on_exit blade_undo adm e5.0

initiator_start veth0
payload() { cat "$(aoe_sysfs "$1")/payload"; }

# mtu_set MTU PAYLOAD: both ends at MTU, and the initiator's disks
# moving PAYLOAD bytes per frame.
mtu_set() {
	"$IP" link set veth0 mtu "$1"
	"$IP" -n $ns link set veth1 mtu "$1"
	aoe_discover
	for b in 4.0 5.0; do
		wait_for 20 "e$b to attach" test -b "$(aoe_blockdev $b)"
		wait_for 20 "e$b to move $2 bytes per frame at MTU $1" \
			test "$(payload $b)" -eq "$2"
		wait_for 10 "e$b to report $mib MiB" test "$(dev_bytes $b)" -eq $((mib << 20))
	done
}

dump_state() {
	dump_initiator
	adm blade show
	adm conn show
	adm status
}

cpu_ticks() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat
}

# chunks: the written chunks of the initiator's overlay on e4.0.
chunks() {
	__c=$(adm -j conn show e4.0 | grep -o '"cow-chunks":[0-9]*' | head -n 1 | cut -d: -f2)
	echo "${__c:-0}"
}

# fio_run DESCRIPTION BLADE FIO-ARGS...: one fio job on the blade's disk,
# direct, libaio, terse output in $tmp/fio.out.
fio_run() {
	__what=$1 __b=$2
	shift 2
	run_bounded $((runtime + 120)) "$__what" \
		fio --name=bcow --filename="$(aoe_blockdev "$__b")" --ioengine=libaio \
		--direct=1 --output-format=terse --terse-version=3 --output="$tmp/fio.out" \
		"$@" >"$tmp/fio.err" 2>&1 ||
		{ cat "$tmp/fio.err" "$tmp/fio.out"; fail "fio: $__what failed"; }
}

# prefill: the written region in full, the mixed one every other block,
# on both blades.
prefill() {
	for b in 4.0 5.0; do
		fio_run "prefill e$b (written)" $b --rw=write --bs=1M --iodepth=4 \
			--offset=32M --size=32M
		fio_run "prefill e$b (mixed)" $b --rw=write:4k --bs=4k --iodepth=32 \
			--offset=64M --size=32M
	done
	sync
	c=$(chunks)
	[ "$c" -eq $(((32 + 16) * 256)) ] ||
		{ dump_state; fail "e4.0: $c chunks written after the prefill, not $(((32 + 16) * 256))"; }
}

# warm_up: once, before the first timed run, reads and overwrites on
# both blades, untimed (the first run after boot was the slowest).
warm_up() {
	for b in 4.0 5.0; do
		fio_run "warm-up e$b (reads)" $b --rw=randread --bs=4k --iodepth=32 \
			--offset=0 --size=64M --time_based --runtime=3 --norandommap
		fio_run "warm-up e$b (overwrites)" $b --rw=randwrite --bs=4k --iodepth=32 \
			--offset=32M --size=32M --time_based --runtime=3 --norandommap
	done
	sync
	warm=1
}

# bench TARGET JOB ROUND
bench() {
	case $1 in
	cow) b=4.0 ;;
	plain) b=5.0 ;;
	esac
	case $2 in
	read-base) set -- "$@" --rw=randread --offset=0 --size=32M --time_based ;;
	read-ovl) set -- "$@" --rw=randread --offset=32M --size=32M --time_based ;;
	read-mixed) set -- "$@" --rw=randread --offset=$((64 * 1048576 + 1536)) \
		--size=$((32 * 1048576 - 4096)) --time_based ;;
	overwrite) set -- "$@" --rw=randwrite --offset=32M --size=32M --time_based ;;
	first-write) set -- "$@" --rw=randwrite --offset=96M --size=160M \
		--random_generator=lfsr ;;
	esac
	__t=$1 __j=$2 __r=$3
	shift 3
	# Every job but the first writes may repeat blocks; those must not.
	[ "$__j" = first-write ] || set -- "$@" --norandommap
	c0=$(chunks)
	before=$(cpu_ticks)
	fio_run "$__t $__j round $__r at MTU $mtu" "$b" --bs=4k --iodepth=32 \
		--runtime=$runtime --randrepeat=0 "$@"
	sync
	after=$(cpu_ticks)
	c1=$(chunks)
	new=0
	[ "$__t" = plain ] || new=$((c1 - c0))
	line=$(grep '^3;' "$tmp/fio.out" | tail -n 1)
	[ -n "$line" ] || { cat "$tmp/fio.out"; fail "fio $__j on $__t: no terse output"; }
	echo "$line" | awk -F';' -v before="$before" -v after="$after" -v smp="$smp" \
		-v mtu="$mtu" -v target="$__t" -v job="$__j" -v round="$__r" -v new="$new" \
		-v storage="$storage" '
	{
		if ($5 != 0) { print "fio error " $5; exit 1 }
		kib = $6 + $47
		ms = $9
		if ($50 > ms)
			ms = $50
		if (kib <= 0 || ms <= 0) { print "no I/O done"; exit 1 }
		split(before, b, " "); split(after, a, " ")
		busy = a[1] - b[1]
		total = a[2] - b[2]
		pct = 0
		if (total > 0)
			pct = 100 * busy / total
		ios = kib / 4
		printf "EVB-BENCH smp=%d mtu=%d target=%s job=%s round=%d iops=%.0f mibs=%.1f cpu_us_per_io=%.2f busy_pct=%.0f ios=%d new_chunks=%d storage=%s\n", smp, mtu, target, job, round, ios * 1000 / ms, kib / 1024 * 1000 / ms, busy * 10000 / ios, pct, ios, new, storage
	}' > "$tmp/line" || fail "fio $__j on $__t: $(cat "$tmp/fio.out")"
	cat "$tmp/line"
	# What the run was meant to measure, it did.
	ios=$(sed 's/.* ios=\([0-9]*\).*/\1/' "$tmp/line")
	case $__t,$__j in
	cow,first-write)
		[ "$new" -eq "$ios" ] ||
			fail "first writes on e4.0: $ios writes made $new new chunks" ;;
	cow,*)
		[ "$new" -eq 0 ] || fail "$__j on e4.0 made $new new chunks" ;;
	esac
}

log "smp $smp, $(uname -r), fio $(fio --version), ${runtime} s per run;" \
	"$storage$([ $storage = ext4 ] && echo " on brd"), base and plain file $mib MiB"
t0=$(cut -d' ' -f1 /proc/uptime)
for mtu in $mtus; do
	case $mtu in
	9000) mtu_set 9000 8192 ;;
	1500) mtu_set 1500 1024 ;;
	esac
	for round in $rounds; do
		# Force: the initiator's connection is closed; its next frame
		# opens the new overlay.
		adm blade reset e4.0 all force || fail "blade reset e4.0 all force failed"
		prefill
		[ -n "${warm:-}" ] || warm_up
		for job in $jobs; do
			# COW first in odd rounds, plain first in even ones:
			# a drift over the boot hits both alike.
			case $round in
			*[13579]) bench cow $job $round; bench plain $job $round ;;
			*) bench plain $job $round; bench cow $job $round ;;
			esac
		done
		log "MTU $mtu round $round done at $(cut -d' ' -f1 /proc/uptime) s" \
			"(started at $t0 s); e4.0 overlay: $(chunks) chunks"
	done
done

adm conn show e4.0
log "done; evblade counters:"
adm blade show
