#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`, the project's test command.  On a fresh Debian 12 machine it
# installs what is missing (apt), then:
#   - regenerates the YNL outputs and fails if the committed ones differ;
#   - runs checkpatch.pl --strict over kernel/ (make style, scripts/style.sh);
#   - builds evblade.ko with W=1 and with sparse (C=2) against both Debian
#     kernels, and evbladeadm with -Werror: any warning fails;
#   - runs the host fuzzers of the pure units (selftests/fuzz/run.sh, 15 s
#     per unit; `make fuzz` for long runs);
#   - checks dkms.conf's kernel filter, and runs add/build/install/remove
#     with Debian's dkms for both kernels;
#   - builds the Debian packages (make deb) and checks them with lintian;
#   - builds (or reuses) the sanitizer kernel;
#   - boots each Debian kernel and the sanitizer kernel under QEMU and runs
#     the guest tests there (KUnit, kmemleak on the sanitizer kernel);
#   - the power cut of COW blades (selftests/qemu/powercut.sh) on the first
#     Debian kernel: 3 kill points and the torn-map case ($EVB_POWERCUT_POINTS;
#     `make check-long` runs 20 on every Debian 12 kernel);
#   - the same builds and guest tests on Debian 13's kernels (the newest
#     of trixie-backports, and trixie's own), fetched with a private apt
#     configuration and built in a trixie chroot, all cached.
#   - the system test (selftests/system/run.sh, `make check-system`): a
#     Debian 12 system image with the two packages installed by apt, booted
#     with systemd, rebooted, power-cut; EVB_SYSTEM=0 leaves it out.
#   - the thin clients (selftests/thin/run.sh --test, `make check-thin`) on
#     the newest Debian 12 kernel: a server guest and two diskless iPXE
#     clients booting one golden image; EVB_THIN=0 leaves it out.
# The guest boots and the Debian 13 preparation run two at a time, one per
# CPU (run_jobs), each job's output printed whole when it ends.
# Every result is a line "PASS|FAIL|SKIP name"; the last line is
# "N passed, N failed".  Exits non-zero if anything failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${EVB_BUILD:-$top/.build}
mkdir -p "$build"
results=$build/check-results
: > "$results"
t0=$(date +%s)

step() { echo "==> [$(( $(date +%s) - t0 ))s] $*"; }
record() { tee -a "$results"; }
# check NAME COMMAND...: one result for a command; its output only on failure.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "PASS $name" | record
	else
		echo "$out" | tail -n 40
		echo "FAIL $name" | record
	fi
}
summary() {
	local p f s
	p=$(grep -c '^PASS ' "$results")
	f=$(grep -c '^FAIL ' "$results")
	s=$(grep -c '^SKIP ' "$results")
	echo "==> done in $(( $(date +%s) - t0 ))s"
	grep '^FAIL ' "$results" | sed 's/^/    /'
	if [ "$s" -gt 0 ]; then
		echo "$p passed, $f failed, $s skipped"
	else
		echo "$p passed, $f failed"
	fi
	[ "$f" -eq 0 ]
}

# sanitizer_boots TESTS: TESTS (comma-separated) cut into boots of at most
# about 400 s each on the sanitizer kernel, by the guest time each test
# takes there (seconds, measured; 60 for one not listed).  Prints one
# comma-separated list per boot.
sanitizer_boots() {
	awk -v tests="$1" 'BEGIN {
		split("kunit 20 vblade 70 module 5 control 30 protocol 155 wire 105 " \
		      "state 40 aoetools 30 serve 200 teardown 70 private 90 " \
		      "conns 40 dump 60 fourk 225 hang 40 privilege 60 cow 240 " \
		      "persist 150", c, " ")
		for (i = 1; i in c; i += 2)
			cost[c[i]] = c[i + 1]
		n = split(tests, t, ",")
		for (i = 1; i <= n; i++) {
			s = (t[i] in cost) ? cost[t[i]] : 60
			if (boot != "" && sum + s > 400) {
				print boot
				boot = ""
				sum = 0
			}
			boot = boot (boot == "" ? "" : ",") t[i]
			sum += s
		}
		if (boot != "")
			print boot
	}'
}

# The guest tests, in order; each boot runs all of them.
guest_tests=${EVB_GUEST_TESTS:-vblade,module,control,protocol,wire,state,aoetools,serve,teardown,private,conns,dump,fourk,hang,privilege,cow,persist}
# Tests of userland alone (evbladeadm's bash completion), in the first
# Debian kernel's boot only: they exercise no kernel code of ours beyond
# what the other tests do.
once_tests=${EVB_ONCE_TESTS:-completion}
# Tests that need two CPUs, in a boot of their own (--smp 2) per kernel.
smp2_tests=${EVB_SMP2_TESTS:-order}
# run_jobs' queue, locks and logs.
jobs=$build/jobs

# Debian 13's kernels: the newest of trixie-backports and trixie's own,
# fetched with a private apt configuration into ~/.cache/evblade/debian13,
# evblade.ko built in a trixie chroot with Debian's gcc-14
# (scripts/debian13-kernels.sh); the same builds and guest tests as on
# Debian 12's.  EVB_DEBIAN13=0 leaves them out, EVB_DEBIAN13=only runs them
# alone (after the dependencies: `make check-debian13`).
d13_prepare() {
	local d13 k
	step "Debian 13 kernels: fetch (private apt), trixie chroot (cached)"
	if d13=$("$top/scripts/debian13-kernels.sh" 2> "$build/debian13.log"); then
		echo "PASS kernels/debian13" | record
		echo "    kernels: $(echo $d13)"
	else
		tail -n 20 "$build/debian13.log"
		echo "FAIL kernels/debian13" | record
		d13=
	fi
	for k in $d13; do
		step "build evblade.ko for $k in the trixie chroot (W=1, then sparse C=2)"
		check "build/$k" "$top/scripts/build-module.sh" "$k" "$build/module/$k"
		check "sparse/$k" "$top/scripts/build-module.sh" "$k" "$build/sparse/$k" C=2
	done
	echo $d13 > "$jobs/d13.kernels.tmp"
	mv "$jobs/d13.kernels.tmp" "$jobs/d13.kernels"
}
# d13_guest N: the guest tests on Debian 13's N-th kernel, once
# d13_prepare has made it ready (bounded wait: the fetch is a job of its own).
d13_guest() {
	local k i=0
	while [ ! -e "$jobs/d13.kernels" ] && [ $i -lt 3600 ]; do
		sleep 5
		i=$((i + 5))
	done
	k=$(cut -d' ' -f"$1" "$jobs/d13.kernels" 2>/dev/null)
	[ -n "$k" ] || return 0
	guest "$k"
}

# guest KERNEL [TESTS]: the guest tests (and TESTS) on KERNEL, then the
# two-CPU ones.
guest() {
	local tests=$guest_tests${2:+,$2}
	step "guest tests on $1"
	"$top/selftests/qemu/run.sh" --kernel "$1" --tests "$tests" 2>&1 | record
	step "guest tests on $1 with two CPUs: $smp2_tests"
	"$top/selftests/qemu/run.sh" --kernel "$1" --smp 2 --tests "$smp2_tests" 2>&1 | record
}
# The power cut: two boots per kill point (about 40 s each pair), so a few
# here; `make check-long` runs the full count.
powercut() {
	step "power cut of COW blades on $1: ${EVB_POWERCUT_POINTS:-3} kill points, torn map"
	"$top/selftests/qemu/powercut.sh" --kernel "$1" \
		--points "${EVB_POWERCUT_POINTS:-3}" 2>&1 | record
}
# The system test (make check-system): a Debian 12 image with the packages
# deb.sh built above, booted with systemd, rebooted and power-cut.
system() {
	step "system test: Debian 12 image with the packages, reboot, power cut"
	"$top/selftests/system/run.sh" 2>&1 | record
}
# The thin clients (make check-thin): two diskless iPXE clients and a
# server guest, three QEMUs.
thin() {
	step "thin clients: two diskless iPXE clients boot one golden image over AoE ($1)"
	local out rc=0
	# Beside another guest job it shares the two CPUs with a fourth QEMU:
	# a longer bound per phase than alone.
	out=$(THIN_LIMIT=${THIN_LIMIT:-600} "$top/selftests/thin/run.sh" --kernel "$1" --test 2>&1) || rc=$?
	echo "$out" | record
	[ $rc = 0 ] || grep -q '^FAIL ' <<< "$out" || echo "FAIL thin/run (exit status $rc)" | record
}
# The sanitizer kernel runs the same tests several times slower: in boots
# of a few tests each, so that every boot stays well inside the rig's
# per-guest limit (run.sh: the test timeout plus 120 s).  A boot's kmemleak,
# guest-finished and clean-kernel-log results cover its own tests.
sanitizer() {
	step "guest tests on the sanitizer kernel (KUnit, KASAN, lockdep, kmemleak): $1"
	"$top/selftests/qemu/run.sh" --kernel debug --kunit --kmemleak \
		--tests "$1" 2>&1 | record
}
sanitizer_smp2() {
	step "guest tests on the sanitizer kernel with two CPUs: $smp2_tests"
	"$top/selftests/qemu/run.sh" --kernel debug --kmemleak --smp 2 \
		--tests "$smp2_tests" 2>&1 | record
}

# run_jobs JOB...: each JOB (a command line of the functions above) runs
# with its output in a log of its own, two at a time: each guest is one TCG
# thread, and the machine has two CPUs.  A job's log is printed whole when
# it ends, so two jobs never interleave on the terminal; their results go
# to the results file as they come.  Jobs start in the order given.
run_jobs() {
	rm -rf "$jobs"
	mkdir -p "$jobs"
	printf '%s\n' "$@" > "$jobs/queue"
	echo 0 > "$jobs/next"
	worker &
	worker &
	wait
}
# next_job: the next job's number and command line, or failure when none is left.
next_job() {
	(
		flock 8
		local n line
		n=$(cat "$jobs/next")
		line=$(sed -n "$((n + 1))p" "$jobs/queue")
		[ -n "$line" ] || exit 1
		echo $((n + 1)) > "$jobs/next"
		echo "$n $line"
	) 8> "$jobs/lock"
}
worker() {
	local item n
	while item=$(next_job); do
		n=${item%% *}
		eval "${item#* }" > "$jobs/$n.log" 2>&1 < /dev/null
		flock "$jobs/lock" cat "$jobs/$n.log"
	done
}

step "dependencies (apt)"
if ! "$top/scripts/deps.sh"; then
	echo "FAIL deps" | record
	summary
	exit 1
fi
if ! kernels=$("$top/scripts/kernels.sh"); then
	echo "FAIL kernels" | record
	summary
	exit 1
fi
echo "    kernels: $(echo $kernels)"
if [ "${EVB_DEBIAN13:-1}" = only ]; then
	run_jobs d13_prepare "d13_guest 1" "d13_guest 2"
	summary
	exit
fi

step "generated netlink code matches the spec"
check ynl-regen "$top/scripts/ynl-regen.sh" --check

step "kernel/ is checkpatch --strict clean (make style)"
check style "$top/scripts/style.sh"

for k in $kernels; do
	step "build evblade.ko for $k (W=1, then sparse C=2)"
	check "build/$k" "$top/scripts/build-module.sh" "/lib/modules/$k/build" "$build/module/$k"
	check "sparse/$k" "$top/scripts/build-module.sh" "/lib/modules/$k/build" "$build/sparse/$k" C=2
done

step "build evbladeadm and aoeraw (-Werror), evbladeadm's argument checks"
check build/evbladeadm bash -c "make -s -C '$top/tools/evbladeadm' clean && make -s -C '$top/tools/evbladeadm' CFLAGS='-O2 -g -Werror'"
check build/aoeraw bash -c "make -s -C '$top/selftests/aoeraw' clean && make -s -C '$top/selftests/aoeraw'"
check evbladeadm/arguments "$top/tools/evbladeadm/test-args.sh"
check evbladeadm/completion-static "$top/selftests/completion.sh" --host

step "host fuzzers of the pure units (libFuzzer, ASan, UBSan): ${EVB_FUZZ_TIME:-15} s each"
"$top/selftests/fuzz/run.sh" --time "${EVB_FUZZ_TIME:-15}" 2>&1 | record
[ "${PIPESTATUS[0]}" = 0 ] || grep -q '^FAIL fuzz/' "$results" || echo "FAIL fuzz/run" | record

step "dkms.conf accepts 6.1+ and 7.x kernels, refuses older ones"
check dkms/kernel-filter "$top/scripts/dkms-filter-test.sh"

step "DKMS add, build, install, remove"
"$top/scripts/dkms-test.sh" $kernels 2>&1 | record

step "Debian packages (make deb): build, lintian, contents"
"$top/scripts/deb.sh" --check 2>&1 | record

step "sanitizer kernel (cached after the first build)"
check build/debug-kernel "$top/selftests/qemu/debug-kernel.sh"

# The guest work, two jobs at a time (run_jobs): the Debian 13 kernels'
# preparation first (host work, beside a guest), the longest boots next.
pc_kernel=$(echo $kernels | cut -d' ' -f1)
joblist=()
[ "${EVB_DEBIAN13:-1}" = 0 ] || joblist+=(d13_prepare)
[ "${EVB_SYSTEM:-1}" = 0 ] || joblist+=(system)
[ "${EVB_THIN:-1}" = 0 ] || joblist+=("thin $(echo $kernels | awk '{print $NF}')")
for k in $kernels; do
	if [ "$k" = "$pc_kernel" ]; then
		joblist+=("guest $k $once_tests")
	else
		joblist+=("guest $k")
	fi
done
for tests in ${EVB_DEBUG_BOOTS:-$(sanitizer_boots "kunit,$guest_tests")}; do
	joblist+=("sanitizer $tests")
done
joblist+=(sanitizer_smp2 "powercut $pc_kernel")
[ "${EVB_DEBIAN13:-1}" = 0 ] || joblist+=("d13_guest 1" "d13_guest 2")
run_jobs "${joblist[@]}"

summary
