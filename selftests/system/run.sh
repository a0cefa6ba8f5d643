#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The system test: a real Debian 12 system with evblade installed from its
# packages, booted under QEMU (TCG) with systemd as init, rebooted warm
# and then after a power cut onto another kernel:
#
#   run.sh [--no-build] [--debs DIR] [--smp N] [--console]
#
# 1. selftests/system/mkimage.sh builds the disk image (the install,
#    the second kernel's module and the purge are checked there);
#    --no-build reuses the image of the last build.
# 2. A copy of the image gets the guest half (guest.sh as
#    /usr/local/sbin/evb-systest, started by evb-systest.service after
#    evblade.service), written with debugfs; a second, empty virtio disk
#    backs the shared blade.  Both disks are attached with cache=none:
#    what the guest had made durable is on the host's disk when QEMU is
#    killed.
# 3. QEMU boots the Debian 6.1 kernel (-kernel/-initrd from the image):
#    boot 1 configures and saves, and reboots; QEMU restarts the machine
#    (a warm reboot, the same kernel): boot 2 checks, reloads a broken
#    configuration, writes more and says "kill-me": QEMU is killed with
#    SIGKILL.  A new QEMU boots the 6.12 kernel installed after evblade:
#    boot 3 checks everything again and powers off.
#
# Prints "PASS|FAIL system/<name>" lines (the guest's checks as
# system/bootN-<check>), and the time each step took; the console logs of
# a failed run are kept under .build/logs/.  Exits non-zero if anything
# failed.  Every wait is bounded (EVB_SYSTEM_BOOT_LIMIT seconds a boot,
# default 600).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${EVB_BUILD:-$top/.build}
out=$build/system
limit=${EVB_SYSTEM_BOOT_LIMIT:-600}

nobuild=0 debs=() smp=1 console=0
while [ $# -gt 0 ]; do
	case "$1" in
	--no-build) nobuild=1; shift ;;
	--debs) debs=(--debs "$2"); shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--console) console=1; shift ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done

msg() { echo "  [system] $*" >&2; }
fails=0
result() { # verdict name [detail]
	echo "$1 system/$2${3:+ ($3)}"
	[ "$1" != FAIL ] || fails=$((fails + 1))
}

for t in qemu-system-x86_64 debugfs; do
	command -v $t >/dev/null || { msg "$t missing (scripts/deps.sh)"; exit 1; }
done

t0=$(date +%s)
if [ $nobuild = 0 ]; then
	"$top/selftests/system/mkimage.sh" "${debs[@]}" || fails=$((fails + 1))
fi
t_build=$(( $(date +%s) - t0 ))
[ -e "$out/disk.img" ] && [ -e "$out/kernels" ] || { result FAIL image "no image in $out"; exit 1; }
mapfile -t kernels < "$out/kernels"

mkdir -p "$build/logs"
work=$(mktemp -d "$build/system-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
disk=$work/disk.img
cp --sparse=always "$out/disk.img" "$disk"
truncate -s 32M "$work/shared.img"

echo "options aoe aoe_iflist=veth0" > "$work/aoe.conf"
# The guest half into the copy: the script, its unit (enabled), and no
# getty on the serial console the script writes to.
debugfs -w "$disk" > "$work/debugfs.log" 2>&1 <<EOF
mkdir /usr/local/sbin
cd /usr/local/sbin
write $top/selftests/system/guest.sh evb-systest
sif /usr/local/sbin/evb-systest mode 0100755
cd /etc/systemd/system
write $top/selftests/system/evb-systest.service evb-systest.service
mkdir /etc/systemd/system/multi-user.target.wants
symlink /etc/systemd/system/multi-user.target.wants/evb-systest.service /etc/systemd/system/evb-systest.service
symlink /etc/systemd/system/serial-getty@ttyS0.service /dev/null
cd /etc/modprobe.d
write $work/aoe.conf evb-systest.conf
EOF
if ! debugfs -R 'stat /usr/local/sbin/evb-systest' "$disk" 2>/dev/null | grep -q 'Mode:  *0755'; then
	cat "$work/debugfs.log" >&2
	result FAIL harness "could not write the guest half into the image"
	exit 1
fi

# phases NAME START: note the guest phases new in NAME's console log, with
# the time since START.
phases() {
	local l
	while read -r l; do
		grep -qxF "$l" "$work/$1.times.seen" 2>/dev/null && continue
		echo "$l" >> "$work/$1.times.seen"
		echo "$(( $(date +%s) - $2 )) $l" >> "$work/$1.times"
	done < <(tr -d '\r' < "$work/$1.log" | grep -E '^EVB-SYS (phase|end|kill-me)' || true)
}

# boot NAME KVER: QEMU on the disks until it exits, is killed at
# "EVB-SYS kill-me", or runs out of time (LIMIT a boot, BOOTS boots).
# The time each guest phase was seen is kept in $work/NAME.times.
boot() { # name kver boots
	local name=$1 k=$2 n=$3 log=$work/$1.log q pid seen=
	: > "$log"
	: > "$work/$name.times"
	msg "booting $k ($name)"
	# In a subshell with its own stderr file: QEMU's messages, and no
	# "Killed" from the shell on the console when QEMU is.
	( timeout --foreground $((limit * n + 60)) qemu-system-x86_64 \
		-accel tcg -m 1536 -smp "$smp" -nic none \
		-display none -monitor none -serial "file:$log" -pidfile "$work/$name.pid" \
		-drive "file=$disk,format=raw,if=virtio,cache=none" \
		-drive "file=$work/shared.img,format=raw,if=virtio,cache=none" \
		-kernel "$out/vmlinuz-$k" -initrd "$out/initrd.img-$k" \
		-append "root=/dev/vda rw console=ttyS0 loglevel=4 mitigations=off systemd.show_status=1" \
		< /dev/null || true ) 2> "$work/$name.err" &
	q=$!
	[ $console = 0 ] || tail -n +1 -f --pid=$q "$log" &
	local start
	start=$(date +%s)
	while kill -0 $q 2>/dev/null; do
		phases "$name" "$start"
		if grep -q '^EVB-SYS kill-me' "$log" && [ -z "$seen" ]; then
			# Noted before the kill: it may have come after the pass above.
			phases "$name" "$start"
			seen=1
			pid=$(cat "$work/$name.pid" 2>/dev/null || true)
			[ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null || true
			msg "power cut: QEMU killed (SIGKILL)"
		fi
		sleep 0.5
	done
	{ wait $q; } 2>/dev/null || true
	phases "$name" "$start"
	grep -v -e ' Killed ' -e '^ *$' "$work/$name.err" >&2 || true
	msg "$name: $(( $(date +%s) - start )) s"
	echo "$(( $(date +%s) - start )) qemu-exit" >> "$work/$name.times"
}

# The guest's verdicts of the boots in LOG: "VERDICT bootN-CHECK DETAIL".
verdicts() { # log
	awk '
		/^EVB-SYS phase / { p = $3 }
		/^EVB-SYS (PASS|FAIL) / { v = $2; n = $3; $1 = $2 = $3 = ""; sub(/^ */, ""); print v, "boot" p "-" n, $0 }' "$1"
}

splats='WARNING:|BUG:|Oops|Kernel panic|general protection fault|UBSAN:|KASAN:|INFO: task .* blocked|rcu: INFO:|Call Trace:'
judge() { # name expected-phases kver
	local log=$work/$1.txt p
	tr -d '\r' < "$work/$1.log" > "$log"
	for p in $2; do
		if grep -q "^EVB-SYS phase $p $3\$" "$log"; then
			result PASS "boot$p" "$3"
		else
			result FAIL "boot$p" "no phase $p on $3 in the console"
		fi
		grep -q "^EVB-SYS end $p\$" "$log" ||
			result FAIL "boot$p-end" "the guest did not finish phase $p"
	done
	while read -r v n detail; do
		result "$v" "$n" "$detail"
	done < <(verdicts "$log")
	if found=$(grep -a -E "$splats" "$log"); then
		result FAIL "$1-kernel-log" "$(head -n 1 <<< "$found")"
	fi
}

f0=$fails
boot boots12 "${kernels[0]}" 2
judge boots12 "1 2" "${kernels[0]}"
grep -q 'kill-me' "$work/boots12.times" || result FAIL power-cut "the guest never asked for the power cut"
boot boot3 "${kernels[1]}" 1
judge boot3 3 "${kernels[1]}"

# The time of each boot, from the phases' lines (seconds since QEMU
# started): boot 1 up to its end, boot 2 from there to the power cut.
at() { awk -v w="$2" '$0 ~ w { t = $1; exit } END { print t + 0 }' "$work/$1.times"; }
msg "boot 1 (6.1, configure, write): $(at boots12 'end 1') s;" \
	"boot 2 (warm reboot, check, reload, write): $(( $(at boots12 kill-me) - $(at boots12 'end 1') )) s;" \
	"boot 3 (6.12 after the power cut, check): $(at boot3 qemu-exit) s"
msg "image build $t_build s, whole test $(( $(date +%s) - t0 )) s"
if [ $fails != "$f0" ] || [ $fails != 0 ]; then
	stamp=$(date +%Y%m%d-%H%M%S)
	for f in boots12 boot3; do
		cp "$work/$f.log" "$build/logs/system-$stamp-$f.log"
	done
	msg "console logs kept: $build/logs/system-$stamp-*.log"
fi
[ $fails = 0 ]
