#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzz the pure units of kernel/ on the host (libFuzzer, ASan, UBSan).
#
#   selftests/fuzz/run.sh [--time SECONDS] [--jobs N] [--seed S] [UNIT...]
#
# Builds the fuzzers (selftests/fuzz/Makefile), then for each unit (all by
# default: proto ata cfg maclist state tmpl acl client ovl) replays the
# committed corpus as a regression check and fuzzes for SECONDS (default
# 20) with a fixed seed, starting from a fresh copy of the corpus.
# --jobs N runs N units at a time (default 1).  Crashes, timeouts and
# leaks go to .build/fuzz/crashes/<unit>/, logs to .build/fuzz/logs/.
# Prints one PASS or FAIL line per unit and a summary; exits non-zero if
# any unit failed.  Installs nothing: clang-14 and its libFuzzer runtime
# must be there (Debian: clang-14 and libclang-rt-14-dev, which holds
# libclang_rt.fuzzer).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${OUT:-$top/.build/fuzz}
all_units=(proto ata cfg maclist state tmpl acl client ovl)
time=20
jobs=1
seed=1
units=()

usage() {
	sed -n 's/^#   //p' "$0" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--time) time=${2:-}; shift 2 || usage ;;
	--jobs) jobs=${2:-}; shift 2 || usage ;;
	--seed) seed=${2:-}; shift 2 || usage ;;
	-h|--help) usage ;;
	-*) usage ;;
	*) units+=("$1"); shift ;;
	esac
done
for n in "$time" "$jobs" "$seed"; do
	case $n in ''|*[!0-9]*) echo "run.sh: --time, --jobs and --seed take a number" >&2; exit 2 ;; esac
done
[ "$jobs" -ge 1 ] || jobs=1
[ ${#units[@]} -gt 0 ] || units=("${all_units[@]}")
for u in "${units[@]}"; do
	case " ${all_units[*]} " in
	*" $u "*) ;;
	*) echo "run.sh: no such unit: $u (units: ${all_units[*]})" >&2; exit 2 ;;
	esac
done

clang=${CLANG:-clang-14}
if ! command -v "$clang" >/dev/null; then
	echo "run.sh: $clang is missing: the host fuzzers need clang 14 with libFuzzer (Debian: apt-get install clang-14 libclang-rt-14-dev)" >&2
	exit 2
fi
rt=$("$clang" -print-resource-dir 2>/dev/null)/lib/linux/libclang_rt.fuzzer-x86_64.a
if [ "$(uname -m)" = x86_64 ] && [ ! -e "$rt" ]; then
	echo "run.sh: $clang has no libFuzzer runtime ($rt): install Debian's libclang-rt-14-dev (apt-get install clang-14 libclang-rt-14-dev)" >&2
	exit 2
fi

mkdir -p "$out"
if ! make -s -C "$here" OUT="$out" CLANG="$clang" >"$out/build.log" 2>&1; then
	cat "$out/build.log" >&2
	echo "FAIL fuzz/build (the fuzzers did not build)"
	echo "fuzz: 0 passed, ${#units[@]} failed, 0 executions"
	exit 1
fi
mkdir -p "$out/logs" "$out/results"

# max_len: the state file and the overlay's slots are larger than the rest
max_len() {
	case $1 in
	state|ovl) echo 10000 ;;
	*) echo 4096 ;;
	esac
}

# One unit: replay, then fuzz.  Writes its result line to results/<unit>.
run_unit() {
	local u=$1 bin=$out/fuzz_$1 seeds=$here/corpus/$1
	local work=$out/corpus/$1 crashes=$out/crashes/$1 log=$out/logs/$1.log
	local res=$out/results/$1 f crash last execs cov ft corp

	rm -rf "$work" "$crashes"
	mkdir -p "$work" "$crashes"
	: >"$log"

	# the committed corpus, input by input: a regression check
	for f in "$seeds"/*; do
		[ -e "$f" ] || continue
		if ! "$bin" "$f" >>"$log" 2>&1; then
			echo "FAIL fuzz/$u (crash: $f; replay: $bin $f)" >"$res"
			echo "0" >"$res.execs"
			return
		fi
	done
	[ -d "$seeds" ] && cp "$seeds"/* "$work"/ 2>/dev/null

	echo "fuzz/$u: -seed=$seed -max_total_time=$time" >>"$log"
	"$bin" -seed="$seed" -max_total_time="$time" -max_len="$(max_len "$u")" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$crashes/" "$work" >>"$log" 2>&1
	crash=$(find "$crashes" -type f | head -n 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	echo "${execs:-0}" >"$res.execs"
	if [ -n "$crash" ]; then
		echo "FAIL fuzz/$u (crash: $crash; replay: $bin $crash; seed $seed; log $log)" >"$res"
		return
	fi
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
	corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
	if ! grep -q '^Done [0-9]* runs' "$log"; then
		echo "FAIL fuzz/$u (the fuzzer stopped early; seed $seed; log $log)" >"$res"
		return
	fi
	echo "PASS fuzz/$u (${execs:-0} execs, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?})" >"$res"
}

# A unit's result line, as soon as it is there.
unit() {
	run_unit "$1"
	cat "$out/results/$1"
}

t0=$(date +%s)
echo "fuzz: ${units[*]}: ${time}s each, seed $seed, $jobs at a time"
running=0
for u in "${units[@]}"; do
	rm -f "$out/results/$u" "$out/results/$u.execs"
	unit "$u" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

pass=0 fail=0 execs=0
for u in "${units[@]}"; do
	if [ ! -s "$out/results/$u" ]; then
		echo "FAIL fuzz/$u (no result; log $out/logs/$u.log)"
		fail=$((fail + 1))
		continue
	fi
	case $(cat "$out/results/$u") in
	PASS*) pass=$((pass + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
	execs=$((execs + $(cat "$out/results/$u.execs" 2>/dev/null || echo 0)))
done
echo "fuzz: $pass passed, $fail failed, $execs executions in $(( $(date +%s) - t0 ))s"
[ "$fail" -eq 0 ]
