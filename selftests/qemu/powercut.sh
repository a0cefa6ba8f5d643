#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The power-cut test of COW blades, driven from the host:
#
#   powercut.sh --kernel KVER [--points K] [--seed S] [--kind cow|plain|writeback]
#               [--no-torn]
#
# For each of K kill points (default 3): a fresh raw disk image (256 MiB,
# ext4 made on the host) in a temporary directory under .build/, a first
# boot (run.sh --disk IMAGE, attached with cache=none) running phase 1 of
# selftests/cowcrash.sh: a COW blade with its base and overlay on that
# disk, a stream of writes from a raw AoE client, each acknowledged write
# printed on the console; the host kills QEMU with SIGKILL once the
# console shows the kill point's number of acknowledgments, plus a
# delay of 0..299 ms; then a second boot on the same image runs phase 2,
# which serves the blade again and checks every sector of the disk: every
# write the host saw acknowledged reads back, nothing reverts to base, no
# garbage.  Kill point k waits for a pseudo-random number of
# acknowledgments in 1..200 (from the seed), the first one always 1.
# Then (unless --no-torn) the torn-metadata case: 21 first writes, the
# kill after the 21st, and phase 2 corrupts the newer map slot (the blade
# must serve the older image: the first 20 writes, the 21st's chunk from
# the base), then both (the client must be refused, with a reason).
#
# --kind plain runs the stream on a plain private blade instead (no torn
# case): the rig's sanity check; --kind writeback the same with write-back
# on, which must FAIL (acknowledged writes lost with the guest's page
# cache): proof that the rig catches a lost write.  The seed (default: the time) is printed
# so that a failure can be run again.
#
# Prints one line per kill point, "PASS|FAIL <kernel>/powercut-<k> (...)",
# and "PASS|FAIL <kernel>/powercut-torn"; on a failure also run.sh's
# lines, with the console logs kept under .build/logs/.  Exits non-zero if
# anything failed.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${EVB_BUILD:-$top/.build}

kernel= points=3 seed= kind=cow torn=1
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--points) points=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--kind) kind=$2; shift 2 ;;
	--no-torn) torn=0; shift ;;
	*) echo "powercut.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
[ -n "$kernel" ] || { echo "powercut.sh: --kernel is required" >&2; exit 2; }
case "$kind" in cow|plain|writeback) ;; *) echo "powercut.sh: --kind cow|plain|writeback" >&2; exit 2 ;; esac
[ "$kind" = cow ] || torn=0
seed=${seed:-$(date +%s)}
echo "  [$kernel] power cut: $points kill points, $kind blade, seed $seed" >&2

mkdir -p "$build/logs"
work=$(mktemp -d "$build/powercut.XXXXXX")
trap 'rm -rf "$work"' EXIT
img=$work/disk.img

# Each boot gets at most this long: phase 1 is killed after at most the
# whole stream (240 writes), phase 2 reads and checks 4 MiB.
boot_limit=300

fresh_disk() {
	rm -f "$img"
	truncate -s 256M "$img"
	mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$img" >/dev/null
}

fails=0
# boot NAME ARGS...: run.sh with the disk; its lines in $work/NAME.out.
boot() {
	local name=$1
	shift
	"$top/selftests/qemu/run.sh" --kernel "$kernel" --disk "$img" --tests cowcrash \
		--timeout $boot_limit --keep-log "$work/$name.log" "$@" > "$work/$name.out" 2>&1
}
# acked NAME: the last write phase 1's console showed acknowledged.
acked() {
	tr -d '\r' < "$work/$1.log" | awk '/^EVB-ACK [0-9]/ { n = $2 } END { print n + 0 }'
}
# verdict NAME DETAIL STATUS: one line for a kill point.
verdict() {
	if [ "$3" = 0 ]; then
		echo "PASS $kernel/$1 ($2)"
	else
		echo "FAIL $kernel/$1 ($2)"
		sed 's/^/    /' "$work/$1".*.out
		tr -d '\r' < "$work/$1.2.log" 2>/dev/null | grep '^\[cowcrash\]\|^sector ' | sed 's/^/    /' || true
		for f in "$work/$1".*.log; do
			cp "$f" "$build/logs/$kernel-$(basename "$f")"
		done
		echo "    console logs: $build/logs/$kernel-$1.*.log"
		fails=$((fails + 1))
	fi
}

x=$seed
for k in $(seq 1 "$points"); do
	# Kill points: 1 first (the very first write), then pseudo-random.
	x=$(( (x * 48271) % 2147483647 ))
	if [ "$k" = 1 ]; then n=1; else n=$((1 + x % 200)); fi
	delay=$(( (x / 7) % 300 ))
	name=powercut-$k
	fresh_disk
	common="evb.crash.kind=$kind evb.crash.case=stream evb.crash.seed=$seed"
	st=0
	if ! boot "$name.1" --append "$common evb.crash.phase=1" --kill-at "$n" --kill-delay "$delay"; then
		verdict "$name" "phase 1, kill after $n acknowledgments + $delay ms" 1
		continue
	fi
	m=$(acked "$name.1")
	boot "$name.2" --append "$common evb.crash.phase=2 evb.crash.acked=$m" || st=$?
	got=$(tr -d '\r' < "$work/$name.2.log" | sed -n 's/^\[cowcrash\] \([0-9]* sectors: .*\)/\1/p' | tail -n 1)
	verdict "$name" "killed after $m acknowledged writes (point $n + $delay ms): ${got:-no check}" $st
done

if [ $torn = 1 ]; then
	name=powercut-torn
	fresh_disk
	common="evb.crash.kind=cow evb.crash.case=torn evb.crash.seed=$seed"
	st=0
	if ! boot "$name.1" --append "$common evb.crash.phase=1" --kill-at 21; then
		verdict "$name" "phase 1, kill after 21 acknowledgments" 1
	else
		m=$(acked "$name.1")
		boot "$name.2" --append "$common evb.crash.phase=2 evb.crash.acked=$m" || st=$?
		verdict "$name" "newer map slot torn: older image served; both torn: refused" $st
	fi
fi

[ $fails -eq 0 ]
