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

# Cleanup actions run in reverse order of registration, whatever happens.
__cleanup=""
on_exit() { __cleanup="$*; $__cleanup"; }
__run_cleanup() {
	rc=$?
	set +e
	eval "$__cleanup" >/dev/null 2>&1
	exit $rc
}
trap __run_cleanup EXIT
trap 'exit 130' INT TERM

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
	on_exit "rmmod $__m"
}

# A network namespace that is deleted again at exit.
new_netns() {
	"$IP" netns add "$1"
	on_exit "$IP netns del $1"
	"$IP" -n "$1" link set lo up
}

# target_netns NS: the topology every test starts from, both ends up and
# undone at exit:  initial netns veth0 <---> veth1 in NS (new).
target_netns() {
	new_netns "$1"
	"$IP" link add veth0 type veth peer name veth1 netns "$1"
	on_exit "$IP link del veth0"
	"$IP" link set veth0 up
	"$IP" -n "$1" link set veth1 up
}

# The Linux AoE initiator, listening on the given interfaces only.
initiator_start() {
	load_module aoe "aoe_iflist=$*"
	# Already loaded (a real machine): point it at our interfaces, and put
	# the old list back at exit.
	__old=$(cat /sys/module/aoe/parameters/aoe_iflist)
	if [ "$__old" != "$*" ]; then
		echo "$*" > /sys/module/aoe/parameters/aoe_iflist
		on_exit "echo '$__old' > /sys/module/aoe/parameters/aoe_iflist"
	fi
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
	for __p in $(pgrep aoe); do
		echo "== $(cat "/proc/$__p/comm")"
		cat "/proc/$__p/stack" 2>/dev/null
	done
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
