#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A late retransmitted write must not overwrite a newer acknowledged one.
# evblade queues each frame on the CPU that received it, so a write A
# whose CPU is busy can still wait there while the initiator, having had
# no answer, retransmits it (A', through another CPU), gets A' answered,
# then writes new data B to the same sectors and gets that answered too.
# If A ran only then, B's data would be lost with nobody told.  evblade
# runs overlapping writes to one backing in the order they arrived
# (kernel/order.h): A' and B wait for A, and the sectors end up holding B.
#
#   initial netns                         netns evbt-order
#   aoeraw veth0  <------------------->  veth1  e8.0 /dev/ram0
#
# CPU 0 is kept busy by a SCHED_FIFO loop (RT throttling off), so CPU 0's
# request worker cannot run: A, sent by a higher-priority aoeraw on CPU 0,
# is received and queued there and then waits.  This script runs on
# CPU 1, where A' and B are received and served.  Needs two CPUs
# (run.sh --smp 2).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm aoeraw chrt taskset cmp
[ "$(nproc)" -ge 2 ] || skip "needs two CPUs (run.sh --smp 2)"

ns=evbt-order
lba=16
count=2	# 1 KiB: one frame at MTU 1500

new_tmp
# Every step of this script, and what it starts, on CPU 1.
taskset -p -c 1 $$ > /dev/null || fail "cannot move the test to CPU 1"

load_module evblade
load_module brd rd_nr=1 rd_size=8192
target_netns $ns
blade_add e8.0 dev veth1 path /dev/ram0 || fail "blade add e8.0 failed"
mac=$(target_mac)

head -c $((count * 512)) /dev/zero | tr '\0' 'A' > "$tmp/old"
head -c $((count * 512)) /dev/zero | tr '\0' 'B' > "$tmp/new"
# Tags are given: aoeraw's random one would come from getrandom(), which
# early after boot can wait for entropy, and A's aoeraw runs at a real-time
# priority on the CPU that nothing else then gets.
tag=$((0x80000a00))
write() { # TIMEOUT_MS DATA [aoeraw prefix...]: one write of DATA at $lba
	__t=$1 __d=$2; shift 2
	tag=$((tag + 1))
	"$@" aoeraw -T $tag -t "$__t" -d "$mac" veth0 8 0 ata 0x34 --ext \
		--lba $lba --count $count --data "$__d" 2>&1
}
answered() { case "$1" in *status=0x40*) return 0 ;; esac; return 1; }
write_ops() { adm -j blade show e8.0 | grep -o '"write-ops":[0-9]*' | cut -d: -f2; }

# The busy CPU: a SCHED_FIFO loop on CPU 0, with RT throttling off so that
# nothing of normal priority (CPU 0's kworkers) runs there until it stops.
# Since 6.12 the fair server (a deadline server, debugfs) also reserves
# normal tasks 50 ms a second: it is set to nothing on CPU 0 meanwhile.
rt=$(cat /proc/sys/kernel/sched_rt_runtime_us)
echo -1 > /proc/sys/kernel/sched_rt_runtime_us
on_exit "echo $rt > /proc/sys/kernel/sched_rt_runtime_us"
mounted /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
fair=/sys/kernel/debug/sched/fair_server/cpu0/runtime
if [ -e $fair ]; then
	fair_runtime=$(cat $fair)
	echo 0 > $fair || fail "cannot turn off the fair server of CPU 0"
	on_exit "echo $fair_runtime > $fair"
fi
# Softirqs, though, must go on: the frames are received in them, and once
# CPU 0 defers its softirqs to ksoftirqd/0 (as 6.1 does whenever that
# thread is runnable) they would starve with the kworkers, RCU with them.
ksoftirqd=$(grep -lx ksoftirqd/0 /proc/[0-9]*/comm 2>/dev/null | cut -d/ -f3 || true)
[ -n "$ksoftirqd" ] || fail "no ksoftirqd/0"
chrt -f -p 70 "$ksoftirqd" || fail "cannot raise ksoftirqd/0 to SCHED_FIFO 70"
on_exit "chrt -o -p 0 $ksoftirqd"
taskset -c 0 chrt -f 50 sh -c 'while :; do :; done' &
hog=$!
on_exit stop_pid $hog
# running (R) on CPU 0 (field 39 of /proc/PID/stat) under SCHED_FIFO (41: 1)
hog_on_cpu0() {
	set -- $(cat /proc/$hog/stat)
	[ "$3" = R ] && [ "${39}" = 0 ] && [ "${41}" = 1 ]
}
wait_for 10 "the busy loop to run on CPU 0 under SCHED_FIFO" hog_on_cpu0
hog_stop() {
	kill $hog 2>/dev/null || true
	wait $hog 2>/dev/null || true
}

# A: sent from CPU 0 above the loop's priority; it is received there and
# waits for CPU 0's worker.
out=$(write 300 "$tmp/old" chrt -f 60 taskset -c 0) || fail "aoeraw (A) failed: $out"
if answered "$out"; then
	hog_stop
	fail "A was answered while CPU 0 was busy: the test could not hold it back ($out)"
fi
sent=1

# A', the retransmission, from CPU 1.  An initiator retransmits until it
# is answered; evblade answers it only after A, so once the first try has
# gone unanswered, CPU 0 is let go.
out=$(write 1000 "$tmp/old") || fail "aoeraw (A') failed: $out"
sent=$((sent + 1))
if answered "$out"; then
	log "A' was answered while A was still queued"
else
	log "A' waits for A, as it should; letting CPU 0 go"
	hog_stop
	tries=0
	until answered "$out"; do
		tries=$((tries + 1))
		[ $tries -le 5 ] || fail "A' was never answered: $out"
		out=$(write 2000 "$tmp/old") || fail "aoeraw (A') failed: $out"
		sent=$((sent + 1))
	done
fi

# B: new data, written after A' was acknowledged.
out=$(write 2000 "$tmp/new") || fail "aoeraw (B) failed: $out"
sent=$((sent + 1))
answered "$out" || fail "B was not answered: $out"

# Let CPU 0 go (if still held) and wait until every write sent has been
# executed and answered, A included.
hog_stop
done_all() { [ "$(write_ops)" -ge $sent ]; }
wait_for 20 "all $sent writes to complete (write_ops $(write_ops))" done_all

aoeraw -T $((tag + 1)) -t 2000 -d "$mac" veth0 8 0 ata 0x24 --ext --lba $lba --count $count \
	--out "$tmp/read" > "$tmp/read.out" || fail "aoeraw (read) failed"
grep -q 'status=0x40' "$tmp/read.out" || fail "the read failed: $(cat "$tmp/read.out")"
if ! cmp -s "$tmp/read" "$tmp/new"; then
	cmp -s "$tmp/read" "$tmp/old" &&
		fail "the late write A overwrote B, which had been acknowledged after A'"
	fail "sectors $lba+$count hold neither A's nor B's data"
fi
# The backing itself, not only what evblade reads back.
drop_caches
dd if=/dev/ram0 bs=512 skip=$lba count=$count 2>/dev/null | cmp -s - "$tmp/new" ||
	fail "/dev/ram0 does not hold B's data"
log "PASS: the late write ran before B; B's data is what is stored ($sent writes)"
