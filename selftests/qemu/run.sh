#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel under QEMU (TCG: there is no KVM here) with the evblade test
# initramfs, run tests in the guest, and judge the run from the host:
#
#   run.sh --kernel KVER|debug [--tests a,b] [--smp N] [--mem MiB]
#          [--timeout SECONDS] [--kunit] [--kmemleak] [--console] [--trace]
#          [--keep-log FILE] [--disk IMAGE] [--append ARGS]
#          [--kill-at N [--kill-delay MS]]
#
# KVER is an installed Debian 12 kernel (/boot/vmlinuz-KVER, /lib/modules/KVER)
# or a Debian 13 one that scripts/debian13-kernels.sh fetched (its modules
# and image under ~/.cache/evblade/debian13, evblade.ko built in its trixie
# chroot); "debug" is the sanitizer kernel of debug-kernel.sh.  --console shows the
# guest's console while it runs; --trace runs the tests with sh -x.  evblade.ko is built
# against the kernel's build tree (with the KUnit suites for --kunit).
#
# Prints one line per result, "PASS|FAIL|SKIP <kernel>/<name>", and exits
# non-zero if anything failed.  Besides each test's own verdict, a run fails
# if the guest did not finish, if a test did not report, or if the kernel
# log shows a WARNING, BUG, Oops, lockdep, KASAN or hung-task report, even
# when every test passed.  The whole console log of a failed run is kept
# under .build/logs/ (the last passing one as <kernel>.last-pass.log);
# --keep-log also copies it to FILE, whatever the verdict.
#
# A power cut (selftests/qemu/powercut.sh): --disk attaches IMAGE, a raw
# file, as the guest's virtio disk /dev/vda with cache=none (no host page
# cache: what the guest had acknowledged as durable is on the host's disk);
# --append adds ARGS to the kernel command line (evb.* settings for the
# test); --kill-at N kills QEMU with SIGKILL, no shutdown of any kind, once
# the console shows N lines "EVB-ACK ..." (each a write the test saw
# acknowledged), MS milliseconds later with --kill-delay.  Such a run
# passes ("PASS <kernel>/killed") when the kill came before the guest
# ended, no test had reported a failure by then, and the kernel log up to
# the kill is clean; the tests' own verdicts and EVB-DONE are not expected.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${EVB_BUILD:-$top/.build}

kernel= tests=vblade smp=1 mem=2048 timeout=600 kunit=0 kmemleak=0 console=0 trace=0 keep_log=
disk= append= kill_at= kill_delay=0
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--tests) tests=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--kunit) kunit=1; shift ;;
	--kmemleak) kmemleak=1; shift ;;
	--console) console=1; shift ;;
	--trace) trace=1; shift ;;
	--keep-log) keep_log=$2; shift 2 ;;
	--disk) disk=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--kill-at) kill_at=$2; shift 2 ;;
	--kill-delay) kill_delay=$2; shift 2 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
[ -n "$kernel" ] || { echo "run.sh: --kernel is required" >&2; exit 2; }
[ -z "$disk" ] || [ -f "$disk" ] || { echo "run.sh: no disk image $disk" >&2; exit 2; }
case "$kill_at$kill_delay" in
*[!0-9]*) echo "run.sh: --kill-at and --kill-delay take numbers" >&2; exit 2 ;;
esac

msg() { echo "  [$kernel] $*" >&2; }

if [ "$kernel" = debug ]; then
	kdir=$("$top/selftests/qemu/debug-kernel.sh" | tail -n 1)
	kver=$(cat "$kdir/kernelrelease")
	vmlinuz=$kdir/bzImage
	kbuild=$kdir/build
	modroot=$kdir/modroot
else
	# An installed Debian 12 kernel, or a cached Debian 13 one
	# (scripts/debian13-kernels.sh).
	# shellcheck source=scripts/kernel-env.sh
	. "$top/scripts/kernel-env.sh"
	evb_kernel "$kernel"
	kver=$kernel
	vmlinuz=$evb_vmlinuz
	kbuild=$kver
	modroot=$evb_modroot
fi
[ -r "$vmlinuz" ] || { echo "run.sh: no kernel image $vmlinuz" >&2; exit 1; }

# evblade.ko for this kernel, the tool for the guest, and the initramfs,
# under a lock: make check boots two guests at a time, and two runs of one
# flavour share its build directory.  The initrd each QEMU reads is its own
# file, removed when the guest ends.
mkdir -p "$build/initramfs" "$build/logs"
flavour=$kver$([ $kunit = 1 ] && echo -kunit || true)
initrd=$build/initramfs/initrd-$flavour-$$.cpio
trap 'rm -f "$initrd"' EXIT
exec 9> "$build/.run.lock"
flock 9
ko=$("$top/scripts/build-module.sh" "$kbuild" "$build/module/$flavour" \
	$([ $kunit = 1 ] && echo EVBLADE_KUNIT=1 || true))
make -s -C "$top/tools/evbladeadm" >/dev/null
make -s -C "$top/selftests/aoeraw" >/dev/null

# The userland archive is shared by all kernels; rebuild it when an input
# changed.  The module archive is per kernel.
base=$build/initramfs/base.cpio
if [ ! -e "$base" ] || [ -n "$(find "$top/selftests" "$top/tools/evbladeadm/evbladeadm" "$top/selftests/aoeraw/aoeraw" -newer "$base" -print -quit)" ]; then
	msg "building the userland initramfs"
	"$top/selftests/qemu/mkinitramfs.sh" base "$base" "$top/tools/evbladeadm/evbladeadm"
fi
mods=$build/initramfs/modules-$flavour.cpio
"$top/selftests/qemu/mkinitramfs.sh" modules "$mods" "$kver" "$modroot" "$ko"
cat "$base" "$mods" > "$initrd"
exec 9>&-

log=$build/logs/$flavour-$(date +%Y%m%d-%H%M%S)-$$.log
cmdline="console=ttyS0 loglevel=5 panic=-1 oops=panic mitigations=off"
# Debian's kernels zero every allocation (init_on_alloc=1): that would hide
# a reply byte evblade forgot to set, which selftests/wire.sh looks for
# after filling freed memory with a pattern.  Kernels without that default
# (every other build) send such bytes as they are.
cmdline+=" init_on_alloc=0"
cmdline+=" evb.tests=$tests evb.kmemleak=$kmemleak evb.timeout=$timeout evb.trace=$trace"
cmdline+=${append:+ $append}
drive=()
[ -z "$disk" ] || drive=(-drive "file=$disk,format=raw,if=virtio,cache=none")
pidfile=$log.pid

msg "booting with tests: $tests"
start=$(date +%s)
rc=0
: > "$log"
timeout --foreground $((timeout + 120)) qemu-system-x86_64 \
	-accel tcg -m "$mem" -smp "$smp" -nic none -no-reboot \
	-display none -monitor none -serial "file:$log" -pidfile "$pidfile" \
	"${drive[@]}" \
	-kernel "$vmlinuz" -initrd "$initrd" -append "$cmdline" < /dev/null &
qemu=$!
if [ $console = 1 ]; then
	tail -n +1 -f --pid=$qemu "$log" | sed -u -n '/^EVB-START/,/^EVB-RESULT/p'
fi
# The power cut: SIGKILL to QEMU itself (not to timeout(1), its parent)
# once the console shows the N-th acknowledged write.  Bounded by QEMU's
# own end: the guest's test gives up waiting for the kill after a while.
killed=0
if [ -n "$kill_at" ]; then
	while kill -0 $qemu 2>/dev/null; do
		if [ "$(grep -c '^EVB-ACK' "$log" || true)" -ge "$kill_at" ]; then
			[ "$kill_delay" = 0 ] || sleep "$(printf '%d.%03d' $((kill_delay / 1000)) $((kill_delay % 1000)))"
			if kill -KILL "$(cat "$pidfile")" 2>/dev/null; then
				killed=1
				msg "power cut: QEMU killed after $(grep -c '^EVB-ACK' "$log" || true) acknowledged writes"
			fi
			break
		fi
		sleep 0.05
	done
fi
wait $qemu || rc=$?
rm -f "$pidfile"
msg "guest ran $(( $(date +%s) - start )) s (qemu exit $rc)"

pass=0 fail=0
result() { # verdict name [detail]
	echo "$1 $kernel/$2${3:+ ($3)}"
	case $1 in
	PASS) pass=$((pass + 1)) ;;
	FAIL) fail=$((fail + 1)) ;;
	esac
}

log_tail=$(tr -d '\r' < "$log")
grep -q '^EVB-BOOTED' <<< "$log_tail" || result FAIL boot "the guest did not reach /init"
if [ -n "$kill_at" ]; then
	# A killed run: no verdicts expected, but none may be a failure.
	while read -r _ name verdict rest; do
		[ "$verdict" = PASS ] || result FAIL "$name" "before the power cut: $verdict $rest"
	done < <(grep '^EVB-RESULT ' <<< "$log_tail" || true)
	if [ $killed = 1 ]; then
		result PASS killed
	else
		result FAIL killed "the guest ended before $kill_at acknowledged writes (qemu exit $rc)"
	fi
	tests= kmemleak=0
fi
for t in ${tests//,/ } $([ $kmemleak = 1 ] && echo kmemleak || true); do
	line=$(grep "^EVB-RESULT $t " <<< "$log_tail" | tail -n 1 || true)
	case "$line" in
	"") result FAIL "$t" "no result reported" ;;
	*" PASS"*) result PASS "$t" ;;
	*" SKIP"*) result SKIP "$t" ;;
	*) result FAIL "$t" "${line#EVB-RESULT $t }" ;;
	esac
done
# Results the tests report themselves (KUnit cases).
while read -r _ name verdict _; do
	case "$verdict" in PASS|FAIL|SKIP) result "$verdict" "$name" ;; esac
done < <(grep '^EVB-RESULT kunit\.' <<< "$log_tail" || true)

if [ -n "$kill_at" ]; then
	:
elif grep -q '^EVB-DONE' <<< "$log_tail"; then
	result PASS guest-finished
else
	result FAIL guest-finished "no EVB-DONE: crashed, hung or timed out; rc $rc"
fi

# Any of these in the kernel log fails the run, whatever the tests said.
# A deprecation that names evblade (7.x: work queued on a deprecated
# system workqueue) fails it too.
splats='WARNING:|BUG:|Oops|Kernel panic|general protection fault|UBSAN:|KASAN:|INFO: task .* blocked|rcu: INFO:|possible recursive locking|circular locking|inconsistent lock state|suspicious RCU usage|Call Trace:|\[evblade\] enqueued on deprecated'
if found=$(grep -E "$splats" <<< "$log_tail"); then
	result FAIL clean-kernel-log "$(head -n 1 <<< "$found")"
else
	result PASS clean-kernel-log
fi

[ -z "$keep_log" ] || cp "$log" "$keep_log"
if [ $fail -eq 0 ]; then
	mv "$log" "$build/logs/$flavour.last-pass.log"
else
	msg "console log kept: $log"
fi
[ $fail -eq 0 ]
