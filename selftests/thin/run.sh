#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Diskless thin clients end to end (issue 13): an evblade server guest
# serves one golden image, built by contrib/thin/mkgolden.sh, as the
# copy-on-write blade e1.0 and a private swap blade e2.0; diskless QEMU
# clients boot it with Debian's iPXE (`sanboot aoe:e1.0`), each with a
# root and a swap of its own.
#
#   run.sh [--kernel KVER] [--test | --demo] [--keep]
#
# --test (the default): two clients boot at the same time, each writes a
# marker, swaps, reboots warm through iPXE and finds its own marker and not
# the other's; the server shows two connections per blade, their counters
# and each client's overlay usage; one client's overlay is reset (it boots
# pristine, the other keeps its changes); the server guest is killed and
# restarted on its saved configuration while a client writes (the client
# stalls and resumes, no error, no lost write); the golden image is
# unchanged.  Prints "PASS|FAIL thin/<check>" lines and the times measured,
# and exits non-zero on any failure.
#
# --demo: one server and one client, narrated step by step (`make demo`).
#
# KVER: an installed Debian 12 kernel, for the server guest and the golden
# image; default the newest (scripts/kernels.sh).  Every wait is bounded by
# THIN_LIMIT seconds (default 300) per phase.  Console logs, with the host's
# time since the start of the run on every line, are kept under
# .build/thin/logs/ (and copied to .build/logs/thin-<date>/ on a failure);
# --keep also keeps the run's work files (state disk, control pipes).
# THIN_MTU (default 9000) is the clients' MTU, 0 for the NIC's own (1500:
# the swap then moves 1 KiB per frame, and phase 1 needs THIN_LIMIT=600);
# THIN_KILL_AT (default 8) the write at which the server is killed;
# THIN_PORT the first of the UDP ports on 127.0.0.1 (default from the PID).
#
# The three guests: the server (QEMU -m 768, the selftests initramfs with
# selftests/thin/thinserve.sh, which the host drives over a second serial
# port on a QEMU pipe chardev), and clients A and B (-m 256, no disk,
# ipxe.lkrn with a script as its initrd, MACs 52:54:00:13:00:11 and :12)
# running the agent selftests/thin/root/etc/rc.d/S90thintest, which reports
# THIN-* lines on their consoles.
#
# Needs no root and touches no host interface: the guests talk over
# point-to-point UDP sockets on 127.0.0.1, joined by a QEMU hub in the
# server's QEMU (one Ethernet segment; a restarted server needs no
# reconnect, which TCP socket netdevs would).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${EVB_BUILD:-$top/.build}
work=$build/thin
limit=${THIN_LIMIT:-300}
mode=test kver='' keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kver=$2; shift 2 ;;
	--test) mode='test'; shift ;;
	--demo) mode=demo; shift ;;
	--keep) keep=1; shift ;;
	*) echo "run.sh: unknown argument $1 (--kernel KVER, --test, --demo, --keep)" >&2; exit 2 ;;
	esac
done
[ -n "$kver" ] || kver=$("$top/scripts/kernels.sh" | sort -V | tail -n 1)
case $limit in ''|*[!0-9]*) echo "run.sh: THIN_LIMIT must be a number of seconds" >&2; exit 2 ;; esac

T0=${EPOCHREALTIME/./}
# now: seconds since the start of the run, with milliseconds.
now() {
	local t=$((${EPOCHREALTIME/./} - T0))
	printf '%d.%03d' $((t / 1000000)) $((t / 1000 % 1000))
}
say() { echo "[thin $(now)] $*" >&2; }
die() { say "$*"; exit 1; }
# sub A B: B - A, both seconds with milliseconds, as seconds with one decimal.
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# --- build (cached under .build/thin) --------------------------------------
mkdir -p "$work" "$work/logs"
run=$work/run
logs=$work/logs
rm -rf "$run" "${logs:?}"/*
mkdir -p "$run"

# shellcheck source=scripts/kernel-env.sh
. "$top/scripts/kernel-env.sh"
evb_kernel "$kver"
[ -z "$evb_chroot" ] || die "$kver is not an installed Debian 12 kernel (scripts/kernels.sh)"
mkgolden=$top/contrib/thin/mkgolden.sh
[ -x "$mkgolden" ] || die "no $mkgolden"

# stale OUT INPUT...: OUT is missing or older than one of the inputs.
stale() {
	local out=$1
	shift
	[ ! -e "$out" ] || [ -n "$(find "$@" -newer "$out" -print -quit)" ]
}

say "building for kernel $kver (cached under ${work#"$top"/})"
exec 9> "$build/.run.lock"	# the module and tool builds of selftests/qemu/run.sh
flock 9
ko=$("$top/scripts/build-module.sh" "$kver" "$build/module/$kver")
make -s -C "$top/tools/evbladeadm" >/dev/null
make -s -C "$top/selftests/aoeraw" >/dev/null
exec 9>&-
base=$work/base.cpio
if stale "$base" "$top/selftests" "$top/tools/evbladeadm/evbladeadm" "$top/tools/evbladeadm/completion" "$top/selftests/aoeraw/aoeraw"; then
	"$top/selftests/qemu/mkinitramfs.sh" base "$base" "$top/tools/evbladeadm/evbladeadm"
fi
mods=$work/modules-$kver.cpio
if stale "$mods" "$ko" "$top/selftests/qemu/mkinitramfs.sh"; then
	EVB_EXTRA_MODULES="virtio_net e1000" \
		"$top/selftests/qemu/mkinitramfs.sh" modules "$mods" "$kver" "$evb_modroot" "$ko"
fi
srvcpio=$work/server-$kver.cpio
if stale "$srvcpio" "$base" "$mods" "$top/selftests/thin/thinserve.sh"; then
	stage=$(mktemp -d)
	install -D -m 0755 "$top/selftests/thin/thinserve.sh" "$stage/selftests/thinserve.sh"
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) > "$work/thin.cpio"
	rm -rf "$stage"
	cat "$base" "$mods" "$work/thin.cpio" > "$srvcpio.tmp"
	mv "$srvcpio.tmp" "$srvcpio"
fi
# The clients' MTU: jumbo frames, as the server's (the aoe driver then moves
# 8 KiB per frame instead of 1 KiB: swap and root I/O go eight times
# fewer frames, which TCG needs).  THIN_MTU=0 leaves the NIC's 1500.
mtu=${THIN_MTU:-9000}
golden=$work/golden-$kver-mtu$mtu.img
if stale "$golden" "$mkgolden" "$top/selftests/thin/root" "/boot/vmlinuz-$kver"; then
	mtu_arg=()
	[ "$mtu" = 0 ] || mtu_arg=(--mtu "$mtu")
	say "building the golden image: ${mkgolden#"$top"/} --kernel $kver ${mtu_arg[*]} --add selftests/thin/root"
	rm -f "$golden"
	"$mkgolden" --kernel "$kver" "${mtu_arg[@]}" --add "$top/selftests/thin/root" "$golden.tmp" >&2
	mv "$golden.tmp" "$golden"
fi
# The client's firmware: Debian's iPXE as a Linux kernel image, and a
# script for it as its initrd.
ipxe=/usr/lib/ipxe/ipxe.lkrn
[ -r "$ipxe" ] || die "no $ipxe (apt-get install ipxe)"
cat > "$run/boot.ipxe" <<'EOF'
#!ipxe
ifopen net0
sanboot aoe:e1.0 || poweroff
EOF
golden_sum=$(sha256sum < "$golden" | cut -d' ' -f1)

# --- guests ------------------------------------------------------------------
# Every console goes through a FIFO to stamp, which puts the host's time on
# each line; a prompt without a newline ("login: ") is written as it comes.
stamp() {
	local line part=''
	while :; do
		if IFS= read -r -t 1 line; then
			line=$part$line part=
		else
			[ $? -gt 128 ] || { [ -z "$part$line" ] || printf '[%s] %s\n' "$(now)" "$part$line"; break; }
			part=$part$line
			[[ $part == *"login: " ]] || continue
			line=$part part=
		fi
		printf '[%s] %s\n' "$(now)" "${line//$'\r'/}"
	done
}

pids=()
cleanup() {
	local rc=$? p
	trap - EXIT
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if [ $rc -ne 0 ] || [ "${failed:-0}" -ne 0 ]; then
		local keep_dir
		keep_dir=$build/logs/thin-$(date +%Y%m%d-%H%M%S)
		mkdir -p "$keep_dir"
		cp "$logs"/* "$keep_dir/" 2>/dev/null || true
		say "console logs kept in ${keep_dir#"$top"/}"
	fi
	[ $keep = 1 ] || rm -rf "$run"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# qemu NAME LOG ARGS...: start a QEMU whose console goes to LOG; sets qpid.
qemu() {
	local name=$1 log=$2
	shift 2
	rm -f "$run/$name.fifo"
	mkfifo "$run/$name.fifo"
	: > "$log"
	stamp < "$run/$name.fifo" >> "$log" &
	qemu-system-x86_64 -accel tcg -smp 1 -display none -monitor none -nodefaults \
		-serial "file:$run/$name.fifo" "$@" < /dev/null > "$log.qemu" 2>&1 &
	qpid=$!
	pids+=("$qpid")
}

# Ports: the server's end and the client's end of each client's UDP link.
port=${THIN_PORT:-$((20000 + $$ % 20000))}
srv_port() { echo $((port + 2 * $1)); }
cli_port() { echo $((port + 2 * $1 + 1)); }
nclients=2
[ $mode = test ] || nclients=1

srv_n=0 srv_pid='' srv_log='' ctl_fd=''
# start_server: a server guest on the golden image and the state disk.
start_server() {
	local i net=()
	srv_n=$((srv_n + 1))
	srv_log=$logs/server-$srv_n.log
	rm -f "$run/ctl-$srv_n.in" "$run/ctl-$srv_n.out"
	mkfifo "$run/ctl-$srv_n.in"
	: > "$run/ctl-$srv_n.out"
	for ((i = 1; i <= nclients; i++)); do
		net+=(-netdev "socket,id=s$i,udp=127.0.0.1:$(cli_port $i),localaddr=127.0.0.1:$(srv_port $i)"
			-netdev "hubport,id=h$i,hubid=0,netdev=s$i")
	done
	qemu server "$srv_log" -m 768 -no-reboot \
		-chardev "pipe,id=ctl,path=$run/ctl-$srv_n" -device isa-serial,chardev=ctl \
		-drive "file=$golden,format=raw,if=virtio,readonly=on" \
		-drive "file=$run/state.img,format=raw,if=virtio,cache=none" \
		-netdev hubport,id=n0,hubid=0 \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:13:00:01,romfile= \
		"${net[@]}" \
		-kernel "$evb_vmlinuz" -initrd "$srvcpio" \
		-append "console=ttyS0 loglevel=5 panic=-1 mitigations=off evb.tests=thinserve evb.timeout=3600"
	srv_pid=$qpid
	srv_start=$(now)
}

# first LOG REGEX [N]: the time of the N-th (default first) line matching
# REGEX in LOG, or nothing.
first() {
	{ grep -a -E -m "${3:-1}" -- "$2" "$1" 2>/dev/null || true; } | sed -n "${3:-1}s/^\[\([0-9.]*\)\].*/\1/p"
}
# line LOG REGEX [N]: that line, without its time.
line() {
	{ grep -a -E -m "${3:-1}" -- "$2" "$1" 2>/dev/null || true; } | sed -n "${3:-1}s/^\[[0-9.]*\] //p"
}
# field LINE KEY: the value of KEY=value in a report line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< " $1"; }

deadline=0
declare -A fatal_seen=()
phase() { deadline=$((SECONDS + limit)); say "--- $*"; }
# wait_for LOG REGEX [N [PID]]: until the N-th line matching REGEX is in LOG;
# false at the phase's deadline, or when PID has ended without it.
wait_for() {
	local log=$1 re=$2 n=${3:-1} pid=${4:-} f
	while [ -z "$(first "$log" "$re" "$n")" ]; do
		if [ $SECONDS -ge $deadline ]; then
			say "timed out waiting for '$re' (#$n) in ${log##*/}"
			return 1
		fi
		if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
			sleep 0.5
			[ -z "$(first "$log" "$re" "$n")" ] || return 0
			say "${log##*/}: its QEMU ended before '$re' (#$n)"
			return 1
		fi
		# A client that failed retries by itself (it reboots): say so
		# once for each failure, and wait on.
		f=$(grep -a -c 'thin-initramfs: FATAL' "$log" 2>/dev/null || true)
		if [ "${f:-0}" -gt "${fatal_seen[$log]:-0}" ]; then
			fatal_seen[$log]=$f
			say "${log##*/}: $(line "$log" 'thin-initramfs: FATAL' "$f")"
		fi
		sleep 0.2
	done
}
# wait_exit PID: until the QEMU ends, bounded by the phase's deadline.
wait_exit() {
	while kill -0 "$1" 2>/dev/null; do
		[ $SECONDS -lt $deadline ] || { say "timed out waiting for QEMU $1 to end"; return 1; }
		sleep 0.2
	done
	wait "$1" 2>/dev/null || true
}

# srv CMD...: run a command in the server guest over its control channel;
# its output on stdout, its exit status returned.
cmd_id=0
srv() {
	local out=$run/ctl-$srv_n.out off rc
	if [ -z "$ctl_fd" ]; then
		exec {ctl_fd}> "$run/ctl-$srv_n.in"
	fi
	cmd_id=$((cmd_id + 1))
	off=$(stat -c %s "$out")
	echo "$cmd_id $*" >&"$ctl_fd"
	while ! tail -c +$((off + 1)) "$out" | grep -a -q "^THIN-CMD-DONE $cmd_id "; do
		if [ $SECONDS -ge $deadline ] || ! kill -0 "$srv_pid" 2>/dev/null; then
			say "server: no answer to '$*'"
			return 124
		fi
		sleep 0.1
	done
	tail -c +$((off + 1)) "$out" | grep -a -v '^THIN-CMD-DONE '
	rc=$(tail -c +$((off + 1)) "$out" | sed -n "s/^THIN-CMD-DONE $cmd_id //p")
	return "$rc"
}
# server_ready: wait for the server's THIN-SRV-READY (or its failure).
server_ready() {
	wait_for "$srv_log" '^\[[0-9.]*\] (THIN-SRV-READY|THIN-SRV-FAIL|EVB-RESULT)' 1 "$srv_pid" || return 1
	if [ -z "$(first "$srv_log" 'THIN-SRV-READY')" ]; then
		say "server: $(line "$srv_log" 'THIN-SRV-FAIL|EVB-RESULT')"
		return 1
	fi
	srv_ready=$(first "$srv_log" 'THIN-SRV-READY')
}
# server_stop: the clean shutdown; the console must say the test passed.
server_stop() {
	srv shutdown > /dev/null || true
	exec {ctl_fd}>&-
	ctl_fd=
	wait_exit "$srv_pid"
}
server_kill() {
	kill -KILL "$srv_pid"
	wait "$srv_pid" 2>/dev/null || true
	exec {ctl_fd}>&-
	ctl_fd=
}

macs=(- 52:54:00:13:00:11 52:54:00:13:00:12)
names=(- A B)
cli_pid=() cli_log=() cli_start=() cli_n=(0 0 0) cli_opts=()
# The demo skips the agent's memory pressure (S90thintest).
[ $mode = test ] || cli_opts=(-smbios 'type=1,serial=thin-nohog')
# start_client I: boot client I (1 or 2) from the network.
start_client() {
	local i=$1
	cli_n[i]=$((cli_n[i] + 1))
	cli_log[i]=$logs/client-${names[i]}-${cli_n[i]}.log
	qemu "client-${names[i]}" "${cli_log[i]}" -m 256 \
		-netdev "socket,id=n0,udp=127.0.0.1:$(srv_port "$i"),localaddr=127.0.0.1:$(cli_port "$i")" \
		-device "virtio-net-pci,netdev=n0,mac=${macs[i]},romfile=" \
		-kernel "$ipxe" -initrd "$run/boot.ipxe" "${cli_opts[@]}"
	cli_pid[i]=$qpid
	cli_start[i]=$(now)
}

failed=0 passed=0
result() { # PASS|FAIL check [detail]
	echo "$1 thin/$2${3:+ ($3)}"
	if [ "$1" = PASS ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}
check() { # check NAME DETAIL OK: PASS if OK is 1 (the output of `COND && echo 1`)
	if [ "$3" = 1 ]; then result PASS "$1" "$2"; else result FAIL "$1" "$2"; fi
}
# diagnose LOG...: the tail of each console, for a failure.
diagnose() {
	local l
	for l in "$@"; do
		[ -e "$l" ] || continue
		echo "=== ${l#"$top"/} (last 25 lines)" >&2
		tail -n 25 "$l" | cut -c1-200 >&2
		if [ -s "$l.qemu" ]; then
			echo "=== ${l#"$top"/}.qemu (QEMU's own messages)" >&2
			tail -n 10 "$l.qemu" >&2
		fi
	done
}

# Kernel messages that fail a run, as selftests/qemu/run.sh's.
splats='WARNING:|BUG:|Oops|Kernel panic|general protection fault|UBSAN:|KASAN:|INFO: task .* blocked|rcu: INFO:|possible recursive locking|circular locking|inconsistent lock state|suspicious RCU usage|Call Trace:'

# boot_times I N: the times of client I's boot N (in its current log) from
# its start (QEMU start, or the warm reboot) to each step.
boot_times() {
	local i=$1 n=$2 log=${cli_log[$1]} t0 t s=""
	if [ "$n" = 1 ]; then t0=${cli_start[i]}; else t0=$(first "$log" 'reboot: Restarting system' $((n - 1))); fi
	[ -n "$t0" ] || { echo "no start"; return; }
	for ev in 'GNU GRUB|SYSLINUX@bootloader' 'Linux version@Linux' 'thin-initramfs: root .* mounted@root mounted' \
		'THIN-MARK@marker written' 'login: @login:'; do
		re=${ev%@*}
		if [ "$re" = THIN-MARK ]; then
			[ "$n" = 1 ] || continue
			t=$(first "$log" "$re")
		else
			t=$(first "$log" "$re" "$n")
		fi
		[ -z "$t" ] || s+="${ev#*@} +$(sub "$t0" "$t") s, "
	done
	echo "${s%, }"
}

# report_conns JSON: one line per connection of `conn show -j`: frames,
# data bytes read and written, errors, overlay usage.
report_conns() {
	jq -r 'sort_by(.blade, .mac[0]) | .[] |
		"    \(.blade) \(.mac[0]) state \(.state) frames \(.frames) bytes \(.bytes) errors \(.errors)" +
		(if ."cow-bytes" != null then " cow-bytes \(."cow-bytes")" else "" end)' <<< "$1"
}

summary=()
note() { summary+=("$*"); }
# snapshot N: what the server says (blade show, conn show), as JSON in
# $blades and $conns and as text and JSON under logs/ (*-N.txt, *-N.json).
snapshot() {
	blades=$(srv evbladeadm -j blade show) || true
	conns=$(srv evbladeadm -j conn show) || true
	echo "$blades" > "$logs/blade-show-$1.json"
	echo "$conns" > "$logs/conn-show-$1.json"
	srv evbladeadm blade show > "$logs/blade-show-$1.txt" || true
	srv evbladeadm conn show > "$logs/conn-show-$1.txt" || true
}

# ============================================================================
if [ $mode = demo ]; then
	cat >&2 <<EOF

evblade demo: a diskless thin client boots one golden image over AoE.

  * The golden image (${golden#"$top"/}, $(($(stat -c %s "$golden") / 1048576)) MiB) was built by
    contrib/thin/mkgolden.sh from Debian's packages: GRUB, Debian's kernel
    $kver, a small initramfs that mounts its root from AoE, and a busybox root.
  * A server guest (QEMU, evblade.ko) serves it as e1.0, copy-on-write: every
    client reads the image and writes to an overlay of its own.  e2.0 gives
    every client a swap disk of its own.
  * A client with no disk at all (QEMU, Debian's iPXE) runs
        sanboot aoe:e1.0
    iPXE reads GRUB, the kernel and the initramfs from the blade (BIOS
    INT 13h); then Linux's aoe driver uses the same blade for its root.

EOF
fi

truncate -s 2G "$run/state.img"
mke2fs -q -t ext4 -F -L evbstate "$run/state.img"

phase "server: boot the server guest (golden image read-only as /dev/vda, state disk /dev/vdb)"
start_server
if ! server_ready; then
	diagnose "$srv_log"
	result FAIL server-up "the server guest did not get ready"
	exit 1
fi
note "server: ready $(sub "$srv_start" "$srv_ready") s after its QEMU started"
if [ $mode = demo ]; then
	say "server ready after $(sub "$srv_start" "$srv_ready") s; it configured evblade with:"
	sed -n 's/^\[[0-9.]*\] THIN-SRV-CMD /    # /p' "$srv_log" >&2
fi

# ============================================================================
if [ $mode = demo ]; then
	phase "client A (MAC ${macs[1]}): power on, no disk, iPXE: sanboot aoe:e1.0"
	start_client 1
	log=${cli_log[1]}
	# Narrate the boot as it happens.
	events=('GNU GRUB|SYSLINUX@bootloader (GRUB) started, read by iPXE from the blade over AoE'
		'Linux version@Linux started'
		'thin-initramfs: root .* mounted@root filesystem mounted read-write from /dev/etherd/e1.0'
		'thin-initramfs: swap on@swap on /dev/etherd/e2.0'
		'THIN-BOOT n=1@first boot: markers found'
		'THIN-MARK@marker written into its root filesystem (/markers/<mac>)'
		'login: @login prompt'
		'reboot: Restarting system@warm reboot: through iPXE again'
		'THIN-BOOT n=2@second boot: markers found')
	counts=()
	while kill -0 "${cli_pid[1]}" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
		for k in "${!events[@]}"; do
			ev=${events[k]}
			re=${ev%%@*}
			c=$(grep -a -c -E -- "$re" "$log" || true)
			[ "$c" -gt "${counts[k]:-0}" ] || continue
			counts[k]=$c
			t=$(first "$log" "$re" "$c")
			detail=
			case $re in
			THIN-BOOT*) l=$(line "$log" "$re" "$c"); detail=": $(field "$l" markers)" ;;
			esac
			say "client A +$(sub "${cli_start[1]}" "$t") s: ${ev#*@}$detail"
		done
		grep -a -q 'THIN-BOOT n=2' "$log" && break
		sleep 0.2
	done
	wait_exit "${cli_pid[1]}" || true
	l1=$(line "$log" 'THIN-BOOT n=1') l2=$(line "$log" 'THIN-BOOT n=2')
	phase "server: evbladeadm blade show"
	srv evbladeadm blade show | sed 's/^/    /' >&2 || true
	cat >&2 <<-EOF
	    (e1.0: copy-on-write over the read-only /dev/vda, one overlay per MAC;
	     e2.0: a 256 MiB swap file per MAC, made on first use; conns 1: the
	     client's iPXE, its Linux and its warm reboot are one connection)
	EOF
	say "server: evbladeadm conn show"
	srv evbladeadm conn show | sed 's/^/    /' >&2 || true
	cat >&2 <<-EOF
	    (the client's overlay holds only what it wrote: cow-bytes; frames and
	     bytes: what it read and wrote, iPXE's reads of GRUB and the kernel
	     included)
	EOF
	echo >&2
	say "data check: first boot found markers=$(field "$l1" markers); wrote its own (${macs[1]})"
	say "            after the warm reboot it found markers=$(field "$l2" markers)"
	say "boot times: boot 1: $(boot_times 1 1)"
	say "            boot 2: $(boot_times 1 2)"
	phase "server: clean shutdown"
	server_stop || true
	ok=1
	[ "$(field "$l1" markers)" = none ] || ok=0
	[ "$(field "$l2" markers)" = "${macs[1]}" ] || ok=0
	grep -a -q '^\[[0-9.]*\] EVB-RESULT thinserve PASS' "$srv_log" || ok=0
	if [ $ok = 1 ]; then
		say "demo done in $(now) s: the client found its marker after a warm reboot"
		exit 0
	fi
	diagnose "$log" "$srv_log"
	die "demo FAILED"
fi

# ============================================================================
# --test
phase "phase 1: clients A and B boot the golden image at the same time"
start_client 1
start_client 2
ok=1
for i in 1 2; do
	wait_for "${cli_log[i]}" 'THIN-BOOT n=1' 1 "${cli_pid[i]}" || ok=0
done
check boot-both "A: $(boot_times 1 1); B: $(boot_times 2 1)" "$([ $ok = 1 ] && echo 1)"
[ $ok = 1 ] || { diagnose "${cli_log[1]}" "${cli_log[2]}" "$srv_log"; exit 1; }
for i in 1 2; do
	l=$(line "${cli_log[i]}" 'THIN-BOOT n=1')
	check "pristine-first-boot-${names[i]}" "markers=$(field "$l" markers)" \
		"$([ "$(field "$l" markers)" = none ] && echo 1)"
done
for i in 1 2; do
	wait_for "${cli_log[i]}" 'THIN-BOOT n=2' 1 "${cli_pid[i]}" || diagnose "${cli_log[i]}"
done
for i in 1 2; do
	l=$(line "${cli_log[i]}" 'THIN-SWAP')
	used=$(field "$l" used-kib) bad=$(field "$l" bad-mib)
	check "swap-used-${names[i]}" "$used KiB swapped out of a $(field "$l" hog-mib) MiB tmpfs, $bad MiB bad after swap-in" \
		"$([ -n "$l" ] && [ "${used:-0}" -gt 0 ] && [ "$bad" = 0 ] && echo 1)"
done
for i in 1 2; do
	wait_exit "${cli_pid[i]}" || true
	n=$(grep -a -c 'Linux version' "${cli_log[i]}" || true)
	s=$(grep -a -c -E 'GNU GRUB|SYSLINUX' "${cli_log[i]}" || true)
	check "reboot-through-ipxe-${names[i]}" "$n kernel starts, $s bootloader menus in one QEMU run" \
		"$([ "$n" = 2 ] && [ "$(first "${cli_log[i]}" THIN-REBOOT)" ] && [ "$(first "${cli_log[i]}" THIN-POWEROFF)" ] && echo 1)"
	l=$(line "${cli_log[i]}" 'THIN-BOOT n=2')
	check "own-marker-${names[i]}" "boot 2: markers=$(field "$l" markers)" \
		"$(grep -q -- "${macs[i]}" <<< "$(field "$l" markers)" && echo 1)"
	note "client ${names[i]} (${macs[i]}) boot 1: $(boot_times "$i" 1)"
	note "client ${names[i]} (${macs[i]}) boot 2 (warm): $(boot_times "$i" 2)"
done
l1=$(line "${cli_log[1]}" 'THIN-BOOT n=2') l2=$(line "${cli_log[2]}" 'THIN-BOOT n=2')
check no-foreign-marker "A sees $(field "$l1" markers), B sees $(field "$l2" markers)" \
	"$([ "$(field "$l1" markers)" = "${macs[1]}" ] && [ "$(field "$l2" markers)" = "${macs[2]}" ] && echo 1)"

phase "phase 1: what the server says"
snapshot 1
cat "$logs/blade-show-1.txt" "$logs/conn-show-1.txt" | sed 's/^/    /' >&2
c1=$(jq '.[] | select(.name == "e1.0") | .conns' <<< "$blades" 2>/dev/null || true)
c2=$(jq '.[] | select(.name == "e2.0") | .conns' <<< "$blades" 2>/dev/null || true)
cm=$(jq -r '[.[] | select(.state == "ready") | "\(.blade)/\(.mac[0])"] | sort | join(" ")' <<< "$conns" 2>/dev/null || true)
want="e1.0/${macs[1]} e1.0/${macs[2]} e2.0/${macs[1]} e2.0/${macs[2]}"
check conns-per-blade "e1.0 conns=$c1, e2.0 conns=$c2: $cm" \
	"$([ "$c1" = 2 ] && [ "$c2" = 2 ] && [ "$cm" = "$want" ] && echo 1)"
stats=$(jq -r '.[] | "\(.name) read-ops \(.stats."read-ops") write-ops \(.stats."write-ops") ata-errors \(.stats."ata-errors") aoe-errors \(.stats."aoe-errors")"' <<< "$blades" 2>/dev/null || true)
bad=$(jq '[.[] | select(.stats."read-ops" == 0 or .stats."write-ops" == 0 or .stats."ata-errors" != 0 or .stats."aoe-errors" != 0)] | length' <<< "$blades" 2>/dev/null || echo x)
cerr=$(jq '[.[] | select(.errors != 0 or .frames == 0)] | length' <<< "$conns" 2>/dev/null || echo x)
check counters "$(tr '\n' ';' <<< "$stats" | sed 's/;$//'); connections with errors or no frames: $cerr" \
	"$([ "$bad" = 0 ] && [ "$cerr" = 0 ] && echo 1)"
ov=$(jq -r '[sort_by(.mac[0]) | .[] | select(.blade == "e1.0") | "\(.mac[0]) \(."cow-bytes")"] | join(", ")' <<< "$conns" 2>/dev/null || true)
ovbad=$(jq '[.[] | select(.blade == "e1.0" and ((."cow-bytes" // 0) == 0))] | length' <<< "$conns" 2>/dev/null || echo x)
check overlay-usage "cow-bytes: $ov" "$([ "$ovbad" = 0 ] && [ -n "$ov" ] && echo 1)"
note "server counters after phase 1, per blade (both clients):"
while read -r l; do note "    $l"; done <<< "$stats"
note "server counters after phase 1, per connection (frames, data bytes read and written, overlay):"
while read -r l; do note "$l"; done < <(report_conns "$conns")

phase "phase 2: reset A's overlay, boot A (pristine) and B (keeps its changes, writes through a server restart)"
out=$(srv evbladeadm blade reset e1.0 mac "${macs[1]}" force 2>&1) && rc=0 || rc=$?
say "server: evbladeadm blade reset e1.0 mac ${macs[1]} force: rc $rc${out:+: $out}"
start_client 1
start_client 2
if wait_for "${cli_log[1]}" 'THIN-MARK' 1 "${cli_pid[1]}"; then
	l=$(line "${cli_log[1]}" 'THIN-BOOT')
	check reset-pristine "reset rc $rc; A boots with n=$(field "$l" n) markers=$(field "$l" markers)" \
		"$([ "$rc" = 0 ] && [ "$(field "$l" n)" = 1 ] && [ "$(field "$l" markers)" = none ] && echo 1)"
else
	result FAIL reset-pristine "A did not boot after the reset"
	diagnose "${cli_log[1]}"
fi
# A has shown what it had to: off, to leave the CPUs to B's writes.
kill -TERM "${cli_pid[1]}" 2>/dev/null || true
wait "${cli_pid[1]}" 2>/dev/null || true
wait_for "${cli_log[2]}" 'THIN-BOOT' 1 "${cli_pid[2]}" || diagnose "${cli_log[2]}"
l=$(line "${cli_log[2]}" 'THIN-BOOT')
check other-keeps-changes "B boots with n=$(field "$l" n) markers=$(field "$l" markers)" \
	"$([ "$(field "$l" n)" = 3 ] && [ "$(field "$l" markers)" = "${macs[2]}" ] && echo 1)"

kill_at=${THIN_KILL_AT:-8}
restarted=0
if wait_for "${cli_log[2]}" "THIN-ACK $kill_at " 1 "${cli_pid[2]}"; then
	say "B has $kill_at acknowledged writes: SIGKILL to the server's QEMU"
	server_kill
	t_kill=$(now)
	start_server
	if server_ready; then
		restarted=1
		say "server back $(sub "$t_kill" "$srv_ready") s after the kill"
	else
		diagnose "$srv_log"
	fi
	grep -a -q 'THIN-SRV-RESTART' "$srv_log" && ap=$(line "$srv_log" 'added.*failed') || ap=
	check restart-applies-config "${ap:-no evbladeadm apply}" \
		"$([ -n "$ap" ] && [[ $ap == *" 0 failed" ]] && echo 1)"
else
	diagnose "${cli_log[2]}" "$srv_log"
fi
if wait_for "${cli_log[2]}" 'THIN-IO ' 1 "${cli_pid[2]}"; then
	l=$(line "${cli_log[2]}" 'THIN-IO ')
	stall=$(field "$l" max-stall-cs)
	recs=$(field "$l" records)
	acks=$(grep -a -c 'THIN-ACK ' "${cli_log[2]}" || true)
	# The stall as the host saw it: from the kill to the first write
	# acknowledged after it.
	t_resume=$(first "${cli_log[2]}" "THIN-ACK $((kill_at + 1)) ")
	stall_s=$(awk -v s="${stall:-0}" 'BEGIN { printf "%.1f", s / 100 }')
	check restart-stall-resumes "$acks/$recs writes acknowledged; longest write $stall_s s; first ack after the kill $(sub "${t_kill:-0}" "${t_resume:-0}") s after it" \
		"$([ $restarted = 1 ] && [ "$acks" = "$recs" ] && [ "${stall:-0}" -ge 100 ] && echo 1)"
	check no-lost-write "lost=$(field "$l" lost) of $recs records read back after drop_caches" \
		"$([ "$(field "$l" lost)" = 0 ] && echo 1)"
	cio=$(grep -a -c -E 'I/O error|EXT4-fs error|EXT4-fs warning|aoe: .*(fail|error)' "${cli_log[2]}" || true)
	check no-io-error "write errors=$(field "$l" errors), client dmesg errors=$(field "$l" dmesg-errors), console errors=$cio" \
		"$([ "$(field "$l" errors)" = 0 ] && [ "$(field "$l" dmesg-errors)" = 0 ] && [ "$cio" = 0 ] && echo 1)"
	note "server restart: SIGKILL at B's write $kill_at; server back after $(sub "${t_kill:-0}" "${srv_ready:-0}") s; B's longest write $stall_s s; resumed $(sub "${t_kill:-0}" "${t_resume:-0}") s after the kill; $acks/$recs writes, none lost"
else
	result FAIL restart-stall-resumes "B never finished its writes"
	result FAIL no-lost-write "B never read its records back"
	result FAIL no-io-error "B never finished"
	diagnose "${cli_log[2]}" "$srv_log"
fi
wait_exit "${cli_pid[2]}" || true
note "client A (${macs[1]}) boot after the reset: $(boot_times 1 1)"
note "client B (${macs[2]}) boot 3: $(boot_times 2 1)"

phase "end: the server after the restart, the golden image, the clean shutdown"
snapshot 2
note "server counters after the restart (B's reconnection):"
while read -r l; do note "$l"; done < <(report_conns "$conns")
server_stop || true
sum=$(sha256sum < "$golden" | cut -d' ' -f1)
check golden-unchanged "sha256 ${sum:0:16}..." "$([ "$sum" = "$golden_sum" ] && echo 1)"
clean=1 what=
for l in "$logs"/server-*.log; do
	[ "$l" != "$srv_log" ] || grep -a -q 'EVB-RESULT thinserve PASS' "$l" || { clean=0; what+="${l##*/}: no clean end; "; }
	found=$(grep -a -E "$splats" "$l" | head -n 1 || true)
	[ -z "$found" ] || { clean=0; what+="${l##*/}: $found; "; }
done
check server-log-clean "${what:-no WARNING/BUG/Oops, clean shutdown}" "$([ $clean = 1 ] && echo 1)"
clean=1 what=
for l in "$logs"/client-*.log; do
	found=$(grep -a -E "$splats" "$l" | head -n 1 || true)
	[ -z "$found" ] || { clean=0; what+="${l##*/}: $found; "; }
done
check client-log-clean "${what:-no WARNING/BUG/Oops}" "$([ $clean = 1 ] && echo 1)"

echo
echo "thin: times (seconds; a boot's start is its QEMU start or its warm reboot)"
for s in "${summary[@]}"; do echo "  $s"; done
echo "thin: $passed passed, $failed failed, run $(now) s; logs in ${logs#"$top"/}"
[ $failed = 0 ]

