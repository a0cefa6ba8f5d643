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

for t in $tests; do
	echo "EVB-START $t"
	start=$(cut -d' ' -f1 /proc/uptime)
	rc=0
	TEST_NAME=$t timeout "$test_timeout" sh $trace "/selftests/$t.sh" </dev/null || rc=$?
	end=$(cut -d' ' -f1 /proc/uptime)
	case $rc in
	0) verdict=PASS ;;
	4) verdict=SKIP ;;
	143) verdict="FAIL (timed out after ${test_timeout}s)" ;;
	*) verdict="FAIL (exit $rc)" ;;
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
