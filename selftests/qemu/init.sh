#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the test guest.  Runs the tests named on the kernel command line
# (evb.tests=a,b,c → /selftests/a.sh ...), reports each as a line
#   EVB-RESULT <name> PASS|FAIL|SKIP
# on the serial console, dumps the kernel log between markers for the host
# to scan, checks kmemleak when asked (evb.kmemleak=1), and powers off.
# The host (run.sh) decides; a guest that never prints EVB-DONE has failed.

export PATH=/sbin:/bin:/usr/sbin:/usr/bin
export HOME=/root TERM=dumb

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null || true
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
mkdir -p /run/netns
hostname evb-guest
/sbin/ip link set lo up

tests=
kmemleak=0
test_timeout=600
trace=
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	evb.tests=*) tests=$(echo "${arg#evb.tests=}" | tr , ' ') ;;
	evb.kmemleak=*) kmemleak=${arg#evb.kmemleak=} ;;
	evb.timeout=*) test_timeout=${arg#evb.timeout=} ;;
	evb.trace=1) trace=-x ;;
	esac
done

echo "EVB-BOOTED $(uname -r) $(cut -d' ' -f1 /proc/uptime)s"

leak=/sys/kernel/debug/kmemleak
if [ "$kmemleak" = 1 ]; then
	# Forget what boot left behind; only leaks from the tests count.
	if [ -w $leak ]; then
		echo clear > $leak
	else
		echo "EVB-RESULT kmemleak FAIL (no $leak)"
		kmemleak=0
	fi
fi

# state PID: the process's state letter (R, S, D, Z...), empty if gone.
state() { sed -n 's/.*) \([A-Z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null; }
running() { case $(state "$1") in ""|Z) return 1 ;; esac; }
# session SID: the processes of a session, but for its leader.
session() {
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[ "$p" != "$1" ] || continue
		[ "$(sed -n 's/.*) [A-Z] [0-9-]* [0-9-]* \([0-9-]*\) .*/\1/p' "/proc/$p/stat" 2>/dev/null)" = "$1" ] &&
			running "$p" && echo "$p"
	done
}
# wait_gone PID SECONDS: poll until PID has ended; false if it has not.
wait_gone() {
	i=0
	while running "$1"; do
		[ $i -lt $(($2 * 5)) ] || return 1
		sleep 0.2
		i=$((i + 1))
	done
}

# Each test runs in a session of its own (setsid, in place: a background
# job of this shell is no group leader), and is waited for by polling, never
# by a blocking wait: a test whose process is stuck in the kernel cannot be
# killed, and one such process must fail its test, not hang the guest.  A
# test still running at the timeout gets SIGTERM (its cleanup runs, each
# step bounded) and 120 s more, then SIGKILL.  Whatever a test leaves
# running in its session is killed; what cannot be killed (stuck in the
# kernel) is shown and fails the test.
for t in $tests; do
	echo "EVB-START $t"
	start=$(cut -d' ' -f1 /proc/uptime)
	rc=0
	TEST_NAME=$t setsid sh $trace "/selftests/$t.sh" </dev/null &
	pid=$!
	timed_out=0
	if ! wait_gone $pid "$test_timeout"; then
		timed_out=1
		kill -TERM $pid
		wait_gone $pid 120 || kill -KILL $pid
	fi
	if running $pid; then
		rc=stuck
	else
		wait $pid || rc=$?
	fi
	end=$(cut -d' ' -f1 /proc/uptime)
	left=$(session $pid)
	stuck=
	if [ -n "$left$([ $rc = stuck ] && echo $pid)" ]; then
		kill -KILL $left 2>/dev/null
		for p in $pid $left; do
			wait_gone "$p" 5 && continue
			stuck="$stuck $p"
			echo "EVB-STUCK $t: pid $p ($(cat "/proc/$p/comm" 2>/dev/null)," \
				"$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null)) state $(state "$p"):"
			cat "/proc/$p/stack" 2>/dev/null
		done
	fi
	case $timed_out,$rc in
	1,*) verdict="FAIL (timed out after ${test_timeout}s)" ;;
	*,0) verdict=PASS ;;
	*,4) verdict=SKIP ;;
	*) verdict="FAIL (exit $rc)" ;;
	esac
	case $stuck,$verdict in
	,*) ;;
	*,"FAIL ("*) verdict="${verdict%)}, left processes stuck in the kernel:$stuck)" ;;
	*) verdict="FAIL (left processes stuck in the kernel:$stuck)" ;;
	esac
	echo "EVB-RESULT $t $verdict [$start..$end s]"
done

if [ "$kmemleak" = 1 ]; then
	# kmemleak reports an object only once it is 5 s old and has been seen
	# unreferenced by two scans.
	sleep 6
	echo scan > $leak
	echo scan > $leak
	if [ -s $leak ]; then
		echo "EVB-KMEMLEAK-BEGIN"
		cat $leak
		echo "EVB-KMEMLEAK-END"
		echo "EVB-RESULT kmemleak FAIL"
	else
		echo "EVB-RESULT kmemleak PASS"
	fi
fi

echo "EVB-DMESG-BEGIN"
dmesg
echo "EVB-DMESG-END"
echo "EVB-DONE"
sync
reboot -f
