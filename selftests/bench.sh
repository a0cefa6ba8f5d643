#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark behind `make bench` (scripts/bench.sh boots it, once with
# -smp 1 and once with -smp 2, and turns its lines into a table).  fio
# drives the real Linux initiator against evblade and against vblade,
# both serving the same RAM disk, and against evblade on a null_blk
# device that moves no data: the ceiling of the path.
#
#   initial netns (initiator)               netns evbt-bench (target)
#   +--------------------------+            +--------------------------------+
#   | aoe.ko aoe_iflist=veth0  |            | evblade.ko                     |
#   | fio --direct=1 libaio    |            |  e1.0 /dev/ram0   (brd)        |
#   |   /dev/etherd/e1.0       |            |  e3.0 /dev/nullb0 (null_blk,   |
#   |   /dev/etherd/e2.0       |            |       no memory, no data)      |
#   |   /dev/etherd/e3.0       |            |  e5.0 private, tmpfs:          |
#   | aoeraw ... 5 0 load      |            |       c-<MAC>.img per client   |
#   |   (e5.0, forged MACs)    |            | vblade -b 64 2 0 veth1         |
#   |                          |            |  e2.0 /dev/ram0   (the same)   |
#   |    veth0 (MTU 9000) -----+------------+----- veth1 (MTU 9000)         |
#   +--------------------------+            +--------------------------------+
#
# Jobs: 4k random read and write at QD32, 1M sequential read and write at
# QD4, each for $runtime s.  Each job runs evblade, vblade, evblade,
# vblade (two rounds, alternating, so drift over the boot hits both
# alike), then evblade on null_blk; the 4k random jobs also run once on
# a null_blk with 4096-byte logical blocks (4Kn, served through the
# target's page cache: design.rst), the cost of such a backing.  Around
# every run the guest's /proc/stat (all CPUs) is read: the non-idle time it spent, divided by
# the I/Os fio completed, is the CPU cost of one I/O, initiator and
# target together.  The window closes after a `sync`, so write-back that
# a buffered target (vblade) left behind is charged to its own run.
#
# Then many clients: a private blade (a sparse 64 MiB file of its own per
# client MAC, opened on the client's first frame) loaded by the raw
# client (aoeraw load) with 4k reads at QD32 from 1 client identity and
# from 256, round robin over them (two rounds, alternating), then once
# from 1024.  The cost of a frame must not grow with the number of
# clients.  Every run uses new MACs, so it first waits for all of its
# clients' backings to be opened (prime_ms, outside the timed part).
# Connections last an hour (idle 3600), so the check at the end finds
# all of them.  The Linux initiator's own MAC is denied on e5.0: its periodic
# discovery would otherwise attach the blade in the middle of a run.
#
# Fairness: both targets advertise 64 buffers (vblade's default is 16;
# the initiator keeps at most min(buffer count, 64) frames in flight),
# and net.core.rmem_max is raised so that vblade's socket really holds
# 64 jumbo frames.  vblade runs with its default buffered I/O, and its
# frames carry 8704 bytes of data to evblade's 8192 (17 sectors fit in
# MTU 9000; evblade keeps frames 4 KiB aligned).
#
# One line per run on the console, for the host:
#   EVB-BENCH smp=N target=evblade|vblade|null|null4k job=J round=R iops=...
#     mibs=... cpu_us_per_io=... busy_pct=... ios=...
#   EVB-BENCH smp=N target=private job=raw4k clients=C round=R iops=...
#     mibs=... cpu_us_per_io=... busy_pct=... ios=... lat_us=... lost=...
#     prime_ms=...
# This test fails only if something breaks (a disk does not attach, fio
# fails, an I/O hangs), never on the numbers.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm vblade fio aoeraw

ns=evbt-bench
runtime=8
mib=256
bufcnt=64

tmp=$(mktemp -d)
on_exit "rm -rf $tmp"

smp=$(grep -c '^processor' /proc/cpuinfo)

load_module evblade
load_module brd rd_nr=1 rd_size=$((mib * 1024))
# null_blk: no memory behind it, completions inline, no I/O scheduler.
load_module null_blk nr_devices=1 gb=1 memory_backed=0 irqmode=0 no_sched=1
# The same with 4096-byte logical blocks, a second device (configfs).
cfs=/sys/kernel/config
[ -d $cfs/nullb ] || mount -t configfs configfs $cfs || fail "cannot mount configfs"
nb4k=$cfs/nullb/nullb4k
mkdir $nb4k || fail "cannot create a null_blk device in configfs"
on_exit "rmdir $nb4k"
for a in size=1024 blocksize=4096 memory_backed=0 irqmode=0 no_sched=1 power=1; do
	echo "${a#*=}" > "$nb4k/${a%%=*}" || fail "null_blk configfs: cannot set $a"
done
on_exit "echo 0 > $nb4k/power"
wait_for 10 "/dev/nullb4k to appear" test -b /dev/nullb4k
[ "$(cat /sys/block/nullb4k/queue/logical_block_size)" = 4096 ] ||
	fail "/dev/nullb4k does not have 4096-byte blocks"
# Pages of brd exist once written; write them all, so every run finds
# the same disk.
dd if=/dev/zero of=/dev/ram0 bs=1M count=$mib oflag=direct 2>/dev/null ||
	fail "could not fill /dev/ram0"

# vblade sizes its socket buffers as bufcnt * MTU, capped by rmem_max
# (a global sysctl, writable from the initial namespace only).
for s in rmem_max wmem_max; do
	old=$(cat /proc/sys/net/core/$s)
	echo $((8 << 20)) > /proc/sys/net/core/$s
	on_exit "echo $old > /proc/sys/net/core/$s"
done

target_netns $ns
"$IP" link set veth0 mtu 9000
"$IP" -n $ns link set veth1 mtu 9000

adm() { "$IP" netns exec $ns evbladeadm "$@"; }
adm blade add e1.0 dev veth1 path /dev/ram0 bufcnt $bufcnt
on_exit blade_undo adm e1.0
adm blade add e3.0 dev veth1 path /dev/nullb0 bufcnt $bufcnt
on_exit blade_undo adm e3.0
adm blade add e4.0 dev veth1 path /dev/nullb4k bufcnt $bufcnt
on_exit blade_undo adm e4.0
"$IP" netns exec $ns vblade -b $bufcnt 2 0 veth1 /dev/ram0 > "$tmp/vblade.log" 2>&1 &
vblade_pid=$!
on_exit stop_pid $vblade_pid

initiator_start veth0
aoe_discover
payload() { cat "$(aoe_sysfs "$1")/payload"; }
for b in 1.0 2.0 3.0 4.0; do
	wait_for 20 "e$b to attach" test -b "$(aoe_blockdev $b)"
	wait_for 20 "e$b to use jumbo frames" test "$(payload $b)" -ge 8192
done
wait_for 10 "e1.0 to report $mib MiB" test "$(dev_bytes 1.0)" -eq $((mib << 20))
wait_for 10 "e2.0 to report $mib MiB" test "$(dev_bytes 2.0)" -eq $((mib << 20))
log "attached: e1.0 evblade on brd, e2.0 vblade on the same brd, e3.0 evblade on null_blk," \
	"e4.0 on a 4Kn null_blk; data per frame $(payload 1.0), $(payload 2.0), $(payload 3.0)," \
	"$(payload 4.0) bytes"
log "smp $smp, $(uname -r), fio $(fio --version), ${runtime} s per run"

# What the initiator and the target see, if an I/O hangs.
dump_state() {
	dump_initiator
	adm blade show
	adm status
	cat "$tmp/vblade.log"
}

# Non-idle and total jiffies of all CPUs (user nice system idle iowait
# irq softirq steal; guest time is already part of user).
cpu_ticks() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat
}

# bench TARGET BLADE JOB ROUND
bench() {
	case $3 in
	randread4k) rw=randread bs=4 qd=32 ;;
	randwrite4k) rw=randwrite bs=4 qd=32 ;;
	read1m) rw=read bs=1024 qd=4 ;;
	write1m) rw=write bs=1024 qd=4 ;;
	esac
	before=$(cpu_ticks)
	run_bounded $((runtime + 60)) "$1 $3 round $4" \
		fio --name="$3" --filename="$(aoe_blockdev "$2")" --rw="$rw" --bs="${bs}k" \
		--iodepth="$qd" --ioengine=libaio --direct=1 --size=${mib}M \
		--time_based --runtime=$runtime --norandommap --randrepeat=0 \
		--output-format=terse --terse-version=3 --output="$tmp/fio.out" \
		>"$tmp/fio.err" 2>&1 ||
		{ cat "$tmp/fio.err" "$tmp/fio.out"; fail "fio $3 on $1 (e$2) failed"; }
	sync
	after=$(cpu_ticks)
	# Terse v3: 5 error, 6 read KiB, 9 read ms, 47 write KiB, 50 write ms.
	line=$(grep '^3;' "$tmp/fio.out" | tail -n 1)
	[ -n "$line" ] || { cat "$tmp/fio.out"; fail "fio $3 on $1: no terse output"; }
	echo "$line" | awk -F';' -v before="$before" -v after="$after" \
		-v smp="$smp" -v target="$1" -v job="$3" -v round="$4" -v bs="$bs" '
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
		ios = kib / bs
		# /proc/stat counts USER_HZ (100) ticks: 10000 us each.
		printf "EVB-BENCH smp=%d target=%s job=%s round=%d iops=%.0f mibs=%.1f cpu_us_per_io=%.2f busy_pct=%.0f ios=%d\n", smp, target, job, round, ios * 1000 / ms, kib / 1024 * 1000 / ms, busy * 10000 / ios, pct, ios
	}' || fail "fio $3 on $1: $(cat "$tmp/fio.out")"
}

for job in randread4k randwrite4k read1m write1m; do
	for round in 1 2; do
		bench evblade 1.0 $job $round
		bench vblade 2.0 $job $round
	done
	bench null 3.0 $job 1
	case $job in
	rand*) bench null4k 4.0 $job 1 ;;
	esac
done

# ---- many clients: a private blade and the raw client ----------------------

# One backing per client, sparse: reads of holes cost no memory, so the
# tmpfs only holds the inodes.
mkdir "$tmp/private"
mount -t tmpfs -o size=64m,mode=0700 evbt-bench "$tmp/private"
on_exit unmount "$tmp/private"
initiator_mac=$(cat /sys/class/net/veth0/address)
adm blade add e5.0 dev veth1 private path "$tmp/private/c-%m.img" size 64M autocreate \
	bufcnt $bufcnt idle 3600 deny "$initiator_mac"
on_exit blade_undo adm e5.0
log "e5.0: private blade, 64 MiB per client, raw client aoeraw load, 4k reads at QD32"

# load CLIENTS ROUND: one aoeraw load run from CLIENTS new MACs.
first=0
load() {
	run_bounded $((runtime + 180)) "aoeraw load from $1 clients, round $2" \
		aoeraw veth0 5 0 load --macs "$1" --first $first --window 32 --count 8 \
		--seconds $runtime > "$tmp/load.out" 2>&1 ||
		{ cat "$tmp/load.out"; fail "aoeraw load from $1 clients failed"; }
	first=$((first + $1))
	line=$(grep '^load ' "$tmp/load.out" | tail -n 1)
	[ -n "$line" ] || { cat "$tmp/load.out"; fail "aoeraw load from $1 clients: no result"; }
	echo "$line" | awk -v smp="$smp" -v clients="$1" -v round="$2" '
	function v(key,   i, kv) {
		for (i = 2; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] == key)
				return kv[2]
		}
		return ""
	}
	{
		if (v("errors") != 0) { print "errors=" v("errors"); exit 1 }
		if (v("ios") <= 0) { print "no I/O done"; exit 1 }
		printf "EVB-BENCH smp=%d target=private job=raw4k clients=%d round=%d iops=%s mibs=%s cpu_us_per_io=%s busy_pct=%s ios=%s lat_us=%s lost=%s prime_ms=%s\n", smp, clients, round, v("iops"), v("mibs"), v("cpu_us_per_io"), v("busy_pct"), v("ios"), v("lat_us"), v("lost"), v("prime_ms")
	}' || fail "aoeraw load from $1 clients: $line"
}

for round in 1 2; do
	load 1 $round
	load 256 $round
done
load 1024 1

# Every client had a connection and a file of its own.  (The initiator's
# discovery may have left one more connection, denied.)
files=$(find "$tmp/private" -name 'c-*.img' | wc -l)
[ "$files" -eq $first ] || fail "e5.0: $files backing files for $first clients"
ready=$(adm -j conn show e5.0 | grep -o '"state":"ready"' | wc -l)
[ "$ready" -eq $first ] || { adm blade show e5.0; fail "e5.0: $ready connections ready for $first clients"; }

adm -j blade show e1.0 > "$tmp/show.json"
grep -q '"read-ops":[1-9]' "$tmp/show.json" || fail "e1.0 counted no reads: $(cat "$tmp/show.json")"
log "done; evblade counters:"
adm blade show
adm status
