# SPDX-License-Identifier: GPL-2.0
#
# Helpers for evblade's end-to-end tests.  The tests run as /init's children
# in a QEMU guest (selftests/qemu/run.sh), or directly as root on a real
# Linux machine: nothing here assumes the guest.
#
# Conventions: `set -e`; every step that can fail says what it checked;
# wait for conditions, never sleep for a fixed time; everything a test
# creates is registered with `on_exit` and undone even on failure.

set -eu

# iproute2's ip, by full path: busybox's sh prefers its own `ip` applet,
# which cannot make veth pairs or network namespaces.
for IP in ${IP:-} /sbin/ip /usr/sbin/ip /bin/ip /usr/bin/ip; do
	[ -x "$IP" ] && [ "$(readlink -f "$IP")" != "$(readlink -f /bin/busybox 2>/dev/null)" ] && break
done

KSFT_SKIP=4
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}

log() { echo "[$TEST_NAME] $*"; }
fail() { echo "[$TEST_NAME] FAIL: $*" >&2; exit 1; }
skip() { echo "[$TEST_NAME] SKIP: $*"; exit $KSFT_SKIP; }

# Cleanup.  Every step registered with on_exit runs at exit, in reverse
# order of registration, whatever happened, and each one is bounded: it
# runs in the background (a process stuck in the kernel cannot be killed,
# so `timeout` would wait for it forever) and is waited for with a
# deadline.  A step that fails, or is still running at its deadline, makes
# the test fail, with the step, its output and a diagnosis of what still
# holds things (cleanup_diagnosis).  Steps must therefore succeed when
# there is nothing left to undo; the helpers below do (stop_pid, link_del,
# netns_del, unmount, module_unload, blade_undo, client_undo,
# initiator_stop).  After a step got stuck, the later ones get only
# CLEANUP_STUCK_LIMIT seconds each: they most likely wait for the same
# thing, and the test must end long before the guest's timeout.
CLEANUP_LIMIT=${CLEANUP_LIMIT:-30}
CLEANUP_STUCK_LIMIT=${CLEANUP_STUCK_LIMIT:-5}
__cleanup=""
# on_exit COMMAND...: a cleanup step, bounded by CLEANUP_LIMIT seconds.
on_exit() { on_exit_within "$CLEANUP_LIMIT" "$@"; }
# on_exit_within SECONDS COMMAND...: a cleanup step with its own bound.
on_exit_within() {
	__s=$1; shift
	__cleanup="$__s $*
$__cleanup"
}

# running PID: the process exists and is not a zombie.
running() {
	kill -0 "$1" 2>/dev/null || return 1
	__st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
	[ "${__st%% *}" != Z ]
}

__run_cleanup() {
	rc=$?
	set +e
	trap - EXIT
	trap '' INT TERM
	__failed="" __stuck=0
	__out=$(mktemp /tmp/cleanup.XXXXXX)
	while IFS= read -r __step; do
		[ -n "$__step" ] || continue
		__limit=${__step%% *} __step=${__step#* }
		if [ $__stuck = 1 ] && [ "$__limit" -gt "$CLEANUP_STUCK_LIMIT" ]; then
			__limit=$CLEANUP_STUCK_LIMIT
		fi
		(eval "$__step") </dev/null >"$__out" 2>&1 &
		__pid=$!
		__i=0
		while running $__pid && [ $__i -lt $((__limit * 10)) ]; do
			sleep 0.1
			__i=$((__i + 1))
		done
		if running $__pid; then
			__stuck=1
			__why="still running after $__limit s"
		elif wait $__pid; then
			continue
		else
			__why="failed (exit $?)"
		fi
		__failed="$__failed '$__step'"
		{
			echo "[$TEST_NAME] cleanup step '$__step' $__why; its output:"
			sed 's/^/    /' "$__out"
			cleanup_diagnosis 2>&1 | sed 's/^/    /'
		} >&2
	done <<EOF
$__cleanup
EOF
	rm -f "$__out"
	if [ -n "$__failed" ]; then
		echo "[$TEST_NAME] FAIL: cleanup:$__failed did not complete" >&2
		[ $rc -ne 0 ] || rc=1
	fi
	exit $rc
}
trap __run_cleanup EXIT
trap 'exit 130' INT TERM

# What can hold an interface, a module, a mount or a disk, for a cleanup
# step that failed or got stuck.  Reads only; nothing here can block.
cleanup_diagnosis() {
	echo "-- modules (name size refcount users):"
	grep -E '^(aoe|evblade|veth|brd|null_blk|loop) ' /proc/modules | cut -d' ' -f1-4
	echo "-- the kernel waits for (last lines):"
	dmesg | grep -E 'waiting for .* to become free' | tail -n 3
	echo "-- open AoE devices, and files in the test's directories:"
	for __f in /proc/[0-9]*/fd/*; do
		__l=$(readlink "$__f" 2>/dev/null) || continue
		case "$__l" in
		/dev/etherd/*|/tmp/tmp.*)
			__p=${__f#/proc/} __p=${__p%%/*}
			echo "pid $__p ($(cat "/proc/$__p/comm" 2>/dev/null)): $__l" ;;
		esac
	done
	if [ -d /sys/module/aoe ]; then
		echo "-- the Linux initiator:"
		dump_initiator
	fi
	echo "-- tasks blocked in the kernel:"
	for __p in /proc/[0-9]*; do
		__st=$(sed 's/.*) //' "$__p/stat" 2>/dev/null) || continue
		[ "${__st%% *}" = D ] || continue
		echo "pid ${__p#/proc/} ($(cat "$__p/comm" 2>/dev/null)):"
		cat "$__p/stack" 2>/dev/null
	done
}

# bounded_poll SECONDS COMMAND...: poll COMMAND every 0.1 s until it
# succeeds; false if it has not within SECONDS (wait_for without failing).
bounded_poll() {
	__n=$(($1 * 10)); shift
	__j=0
	until "$@" >/dev/null 2>&1; do
		__j=$((__j + 1))
		[ $__j -lt $__n ] || return 1
		sleep 0.1
	done
}

# stop_pid PID...: end background processes of the test and wait until
# they are gone (SIGTERM, SIGKILL after 5 s); one already gone is fine.
stop_pid() {
	for __p in "$@"; do kill "$__p" 2>/dev/null; done
	for __p in "$@"; do
		bounded_poll 5 eval "! running $__p" && continue
		kill -KILL "$__p" 2>/dev/null
		while running "$__p"; do sleep 0.1; done
	done
}

# link_del IFNAME [NETNS]: delete an interface, if it is still there.
# `ip link del` returns once the kernel has let go of it.
link_del() {
	"$IP" ${2:+-n "$2"} link show dev "$1" >/dev/null 2>&1 || return 0
	"$IP" ${2:+-n "$2"} link del dev "$1" ||
		! "$IP" ${2:+-n "$2"} link show dev "$1" >/dev/null 2>&1
}

# netns_del NETNS: delete a network namespace, if it is still there.
netns_del() {
	[ -e "/run/netns/$1" ] || return 0
	"$IP" netns del "$1"
}

# unmount DIR: unmount it, if mounted; busy (a file closed late) is
# retried for up to 10 s.
mounted() { awk -v d="$1" '$2 == d { f = 1 } END { exit !f }' /proc/mounts; }
unmount() {
	bounded_poll 10 eval "! mounted '$1' || umount '$1'" && return 0
	umount "$1"
}

# module_unload MODULE: unload it, if loaded; in use (a file or disk of
# it closed late) is retried for up to 10 s.
module_unload() {
	bounded_poll 10 eval "[ ! -d /sys/module/$1 ] || rmmod $1" && return 0
	echo "$1: refcount $(cat "/sys/module/$1/refcnt" 2>/dev/null)," \
		"held by modules: $(ls "/sys/module/$1/holders" 2>/dev/null)"
	rmmod "$1"
}

# blade_undo ADM BLADE, client_undo ADM CLIENT: delete them with the
# test's evbladeadm wrapper ADM, if they are still there.
blade_undo() {
	[ -d /sys/module/evblade ] || return 0
	"$1" blade show "$2" >/dev/null 2>&1 || return 0
	"$1" blade del "$2"
}
client_undo() {
	[ -d /sys/module/evblade ] || return 0
	"$1" client show "$2" >/dev/null 2>&1 || return 0
	"$1" client del "$2"
}

# new_tmp: a new directory in $tmp, removed at exit.
new_tmp() {
	tmp=$(mktemp -d)
	on_exit "rm -rf $tmp"
}

# blade_add BLADE ARGS...: `adm blade add BLADE ARGS...`, and the blade
# deleted at exit (blade_undo) if the add succeeded; its exit status.
blade_add() {
	adm blade add "$@" || return
	on_exit blade_undo adm "$1"
}

require_root() { [ "$(id -u)" = 0 ] || skip "needs root"; }
require_cmd() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "needs $c"
	done
}

# wait_for SECONDS DESCRIPTION COMMAND...: poll COMMAND every 0.1 s until it
# succeeds; fail with DESCRIPTION if it has not within SECONDS.
wait_for() {
	__deadline=$(($1 * 10)); shift
	__what=$1; shift
	__i=0
	while ! "$@" >/dev/null 2>&1; do
		__i=$((__i + 1))
		[ $__i -lt $__deadline ] || fail "timed out waiting for $__what"
		sleep 0.1
	done
}

# Load a module, remembering to unload it only if we were the ones to load
# it (on a real machine the initiator may be in use).
load_module() {
	__m=$1; shift
	if [ -d "/sys/module/$__m" ]; then
		return 0
	fi
	modprobe "$__m" "$@" || fail "modprobe $__m failed"
	on_exit module_unload "$__m"
}

# A network namespace that is deleted again at exit.
new_netns() {
	"$IP" netns add "$1"
	on_exit netns_del "$1"
	"$IP" -n "$1" link set lo up
}

# veth_pair NS LOCAL PEER: a veth pair, LOCAL in the initial netns and PEER
# in NS, both up, deleted at exit.
veth_pair() {
	"$IP" link add "$2" type veth peer name "$3" netns "$1"
	on_exit link_del "$2"
	"$IP" link set "$2" up
	"$IP" -n "$1" link set "$3" up
}

# target_netns NS: the topology every test starts from, both ends up and
# undone at exit:  initial netns veth0 <---> veth1 in NS (new).
target_netns() {
	new_netns "$1"
	veth_pair "$1" veth0 veth1
}

# adm ARGS...: evbladeadm in the target's namespace, the test's $ns.
adm() { "$IP" netns exec "$ns" evbladeadm "$@"; }

# target_mac: the MAC address of the target's end, veth1 in $ns.
target_mac() { "$IP" netns exec "$ns" cat /sys/class/net/veth1/address; }

# The Linux AoE initiator, listening on the given interfaces only; if we
# load it, initiator_stop unloads it at exit.
initiator_start() {
	if [ ! -d /sys/module/aoe ]; then
		modprobe aoe "aoe_iflist=$*" || fail "modprobe aoe failed"
		on_exit initiator_stop
		return 0
	fi
	# Already loaded (a real machine): point it at our interfaces, and put
	# the old list back at exit.
	__old=$(cat /sys/module/aoe/parameters/aoe_iflist)
	if [ "$__old" != "$*" ]; then
		echo "$*" > /sys/module/aoe/parameters/aoe_iflist
		on_exit "echo '$__old' > /sys/module/aoe/parameters/aoe_iflist"
	fi
}

# initiator_stop: unload the initiator without leaking a reference on an
# interface.  It holds one on every interface a target answered on until
# the disk is flushed (it has no netdevice notifier), so it must go before
# its interfaces; and its unload purges the frames queued for its transmit
# thread without dropping the interface references they hold, so nothing
# may be on the way out when it goes (Documentation/design.rst, "The Linux
# initiator and interface references").  Hence: no interface of ours any
# more (it neither sends nor accepts answers), every disk flushed (no
# timer retransmits), its transmit thread idle, then rmmod, which must
# succeed.  A disk still open is reported, with who holds it.
initiator_flushed() {
	printf all > /dev/etherd/flush
	for __d in /sys/block/etherd* /sys/kernel/debug/aoe/e*; do
		[ ! -e "$__d" ] || return 1
	done
}
initiator_tx_idle() {
	for __p in /proc/[0-9]*; do
		[ "$(cat "$__p/comm" 2>/dev/null)" = aoe_tx0 ] || continue
		__st=$(sed 's/.*) //' "$__p/stat" 2>/dev/null) || return 0
		[ "${__st%% *}" = S ]
		return
	done
}
initiator_stop() {
	[ -d /sys/module/aoe ] || return 0
	echo evb-none > /sys/module/aoe/parameters/aoe_iflist
	if ! bounded_poll 10 initiator_flushed; then
		echo "the initiator keeps disks that it cannot flush (open?): $(ls /sys/block | grep etherd)"
		return 1
	fi
	bounded_poll 5 initiator_tx_idle || echo "the initiator's aoe_tx0 is still busy"
	module_unload aoe
}

aoe_discover() { echo > /dev/etherd/discover; }
aoe_blockdev() { echo "/dev/etherd/e$1"; }
aoe_sysfs() { echo "/sys/block/etherd!e$1"; }

# Bytes of a block device, from sysfs (works without blockdev(8)).
dev_bytes() { echo $(($(cat "$(aoe_sysfs "$1")/size") * 512)); }

# What the Linux initiator shows of its disks (debugfs, block-layer
# requests in flight, its threads' stacks), for a test's dump_state.
dump_initiator() {
	for __d in /sys/kernel/debug/aoe/e*; do
		[ -e "$__d" ] && { echo "== $__d"; cat "$__d"; }
	done
	for __d in /sys/block/etherd*; do
		[ -e "$__d" ] || continue
		echo "$__d: inflight $(cat "$__d/inflight") state $(cat "$__d/state")"
	done
	for __p in /proc/[0-9]*; do
		case $(cat "$__p/comm" 2>/dev/null) in
		aoe*) echo "== $(cat "$__p/comm")"; cat "$__p/stack" 2>/dev/null ;;
		esac
	done
}

# Raw AoE exchanges with aoeraw (selftests/aoeraw).  ask ARGS... runs one
# exchange on the initial namespace's side, its output in $out and what was
# asked in $what (tests that ask from elsewhere define their own ask); a
# test picks one response line into $rsp, then:
ask() {
	what="aoeraw $*"
	out=$(aoeraw "$@" 2>&1) || fail "$what: aoeraw failed: $out"
}
# val KEY: the value of KEY= in $rsp.
val() { printf '%s\n' "$rsp" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }
# want KEY=VALUE...: $rsp has each of these fields exactly.
want() {
	for kv in "$@"; do
		case " $rsp " in
		*" $kv "*) ;;
		*) fail "$what: expected $kv, got ${kv%%=*}=$(val "${kv%%=*}") in: $rsp" ;;
		esac
	done
}

# drop REASON: the namespace's drop counter, from `adm status` (the test's
# evbladeadm wrapper for its target namespace): "drops: short N ...".
drop() {
	__n=$(adm status | awk -v k="$1" '$1 == "drops:" {
		for (i = 2; i < NF; i += 2) if ($i == k) print $(i + 1) }')
	[ -n "$__n" ] || fail "evbladeadm status shows no '$1' drop counter: $(adm status)"
	echo "$__n"
}
# want_drops REASON BEFORE DELTA WHY: the counter grew by exactly DELTA.
want_drops() {
	__now=$(drop "$1")
	[ "$__now" -eq $(($2 + $3)) ] ||
		fail "$4: expected the '$1' drop counter to go from $2 to $(($2 + $3)), it is $__now"
}

# Drop the page cache so reads really cross the wire.
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches; }

# run_bounded SECONDS DESCRIPTION COMMAND...: run COMMAND and return its
# status, but fail if it is still running after SECONDS.  A process stuck
# in the kernel cannot be killed, so `timeout` would wait for it forever;
# this does not.  If the test defines dump_state, it runs first.
run_bounded() {
	__limit=$(($1 * 10)); shift
	__what=$1; shift
	"$@" &
	__pid=$!
	__i=0
	while kill -0 $__pid 2>/dev/null; do
		__i=$((__i + 1))
		if [ $__i -ge $__limit ]; then
			command -v dump_state >/dev/null 2>&1 && dump_state
			fail "$__what did not finish in $((__limit / 10)) s"
		fi
		sleep 0.1
	done
	wait $__pid
}
