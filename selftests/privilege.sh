#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# CAP_NET_ADMIN is not root.  A user with only CAP_NET_ADMIN (uid and gid
# 65534, every other capability dropped: "nb" below) may export what it
# could open itself, and nothing else; what evblade opens or creates later,
# from a worker, it opens with the credentials of the admin who configured
# the blade.  Opening never has side effects on what is not a regular file
# or block device, and deleting a blade closes everything before it returns.
#
#   initial netns (aoeraw, forged MACs)    netns evbt-privl (target)
#   veth0  <------------------------------> veth1   blades e9.*
#
# Steps:
#   1. Shared backings: nb is refused a root-only file, a file it may only
#      read (unless readonly), a root-only block device, and a device node
#      of its own on a nodev mount; it may export its own file and its own
#      node of a block device.
#   2. Private blades: nb is refused a template directory it cannot
#      search, and autocreate in one it cannot write; a template naming files it cannot read serves nothing, and
#      conn show says why; the files it autocreates are its own, and once
#      it may no longer write the directory, nothing is created.  A state
#      directory it cannot write is refused; state files are its own.
#      `blade set readonly off` by nb on root's read-only private blade
#      opens the files with nb's rights, not root's.
#   3. readonly and autocreate: refused together at blade add, and a blade
#      set read-only later creates nothing.
#   4. A FIFO, a character device and a symbolic link as private backings
#      are refused, and the FIFO is never opened: a reader blocked in
#      open(2) on it stays blocked.  A FIFO as a shared backing likewise.
#   5. umount right after blade del succeeds: every private backing and
#      state file is closed when blade del returns, even one whose close
#      takes long (an ext4 file of many extents unlinked while open: its
#      last close frees them all).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm aoeraw setpriv losetup mknod mkfifo stat fio mkfs.ext4

ns=evbt-privl
NB=65534
C1=02:00:00:00:0c:01 C2=02:00:00:00:0c:02 C3=02:00:00:00:0c:03
H1=020000000c01 H2=020000000c02 H3=020000000c03

tmp=$(mktemp -d)
chmod 755 "$tmp"
on_exit "rm -rf $tmp"
mkdir "$tmp/fs" "$tmp/nodev" "$tmp/um"
mount -t tmpfs -o size=32m,mode=0755 evbt-privl "$tmp/fs"
on_exit unmount "$tmp/fs"
mount -t tmpfs -o size=1m,mode=0755,nodev evbt-privl-nodev "$tmp/nodev"
on_exit unmount "$tmp/nodev"
fs=$tmp/fs

load_module evblade
load_module loop
target_netns $ns

# nb: evbladeadm as uid/gid 65534 with CAP_NET_ADMIN and nothing else.
nb() {
	"$IP" netns exec $ns setpriv --reuid=$NB --regid=$NB --clear-groups \
		--inh-caps=-all,+net_admin --ambient-caps=-all,+net_admin \
		--bounding-set=-all,+net_admin evbladeadm "$@"
}

# Each check reports every failure and goes on (bad); all of them fail
# the test at the end.  Setup failures stop it at once (fail).
failures=0
bad() { echo "[$TEST_NAME] FAIL: $*" >&2; failures=$((failures + 1)); }

# refused WHAT PATTERN ARGS...: nb evbladeadm ARGS fails, saying PATTERN.
refused() {
	__what=$1 __pat=$2; shift 2
	if nb "$@" > "$tmp/out" 2>&1; then
		adm blade del "$3" >/dev/null 2>&1 || true
		bad "$__what: evbladeadm $* succeeded for a user with only CAP_NET_ADMIN"
		return 0
	fi
	grep -qi -- "$__pat" "$tmp/out" ||
		bad "$__what: expected '$__pat' in: $(cat "$tmp/out")"
	log "refused, $__what: $(cat "$tmp/out")"
}
# allowed WHAT ARGS...: nb evbladeadm ARGS succeeds.
allowed() {
	__what=$1; shift
	nb "$@" > "$tmp/out" 2>&1 || fail "$__what: evbladeadm $* failed: $(cat "$tmp/out")"
}
owner() { stat -c %u "$1"; }
mkfile() { # PATH MiB OWNER MODE
	dd if=/dev/zero of="$1" bs=1M count="$2" 2>/dev/null
	chown "$3" "$1"
	chmod "$4" "$1"
}

# hello MAC SLOT: a client's first Query Config to e9.SLOT; the answer, or
# "none", in $out.
hello() { out=$(aoeraw -n 1 -t "${T:-3000}" -s "$1" veth0 9 "$2" cfg read 2>&1) || fail "aoeraw: $out"; }
answered() {
	hello "$@"
	case "$out" in "rsp "*) ;; *) fail "e9.$2: $1 got no answer: $out" ;; esac
}
# conn_failed SLOT MAC: its connection failed; $why is the reason.
conn_state() { adm conn show "e9.$1" mac "$2" 2>/dev/null | grep -q "state $3"; }
conn_failed() {
	why=
	T=300 hello "$2" "$1"
	[ "$out" = none ] || { bad "e9.$1: $2 got an answer: $out"; return 1; }
	wait_for 10 "$2's connection to e9.$1 to fail" conn_state "$1" "$2" failed
	why=$(adm conn show "e9.$1" mac "$2" | sed -n 's/.*error "\(.*\)".*/\1/p')
	[ -n "$why" ] || fail "e9.$1: $2's connection failed without a reason: $(adm conn show "e9.$1" mac "$2")"
}

dump_state() { adm blade show; adm conn show; }

# ---- 1. shared backings --------------------------------------------------------

log "nb has CAP_NET_ADMIN and no other capability"
"$IP" netns exec $ns setpriv --reuid=$NB --regid=$NB --clear-groups \
	--inh-caps=-all,+net_admin --ambient-caps=-all,+net_admin \
	--bounding-set=-all,+net_admin grep CapEff /proc/self/status > "$tmp/out"
grep -q "CapEff:[[:space:]]*0000000000001000$" "$tmp/out" || fail "nb's capabilities: $(cat "$tmp/out")"

mkfile "$fs/root-only" 1 0 600
refused "a root-only file" "permission denied" blade add e9.1 dev veth1 path "$fs/root-only"
mkfile "$fs/root-ro" 1 0 644
refused "a file nb may only read, read-write" "permission denied" \
	blade add e9.1 dev veth1 path "$fs/root-ro"
allowed "a file nb may read, readonly" blade add e9.1 dev veth1 path "$fs/root-ro" readonly
adm blade del e9.1
mkfile "$fs/own" 1 $NB 600
allowed "nb's own file" blade add e9.1 dev veth1 path "$fs/own"
adm blade show e9.1 | grep -q "path $fs/own" || fail "blade show e9.1: $(adm blade show e9.1)"
adm blade del e9.1

dd if=/dev/zero of="$fs/loop.img" bs=1M count=2 2>/dev/null
loopdev=$(losetup -f)
losetup "$loopdev" "$fs/loop.img" || fail "losetup $loopdev failed"
on_exit "losetup -d $loopdev"
chown 0:0 "$loopdev"
chmod 600 "$loopdev"
refused "a root-only block device" "permission denied" blade add e9.2 dev veth1 path "$loopdev"
mm=$(stat -c '%t %T' "$loopdev")
# shellcheck disable=SC2046 # major and minor, in hex
mknod "$tmp/nodev/blk" b $(printf '%d %d' 0x"${mm% *}" 0x"${mm#* }")
chmod 666 "$tmp/nodev/blk"
refused "a device node on a nodev mount" "nodev" blade add e9.2 dev veth1 path "$tmp/nodev/blk"
# shellcheck disable=SC2046
mknod "$fs/blk" b $(printf '%d %d' 0x"${mm% *}" 0x"${mm#* }")
chown $NB "$fs/blk"
chmod 600 "$fs/blk"
allowed "nb's own node of a block device" blade add e9.2 dev veth1 path "$fs/blk"
adm blade show e9.2 | grep -q "backend bdev" || fail "e9.2 is not a block device blade: $(adm blade show e9.2)"
adm blade del e9.2

# ---- 2. private blades ----------------------------------------------------------

mkdir "$fs/rootdir" "$fs/nbdir" "$fs/nbstate"
chmod 755 "$fs/rootdir"
chown $NB "$fs/nbdir" "$fs/nbstate"
refused "autocreate in a directory nb cannot write" "cannot create files" \
	blade add e9.3 dev veth1 private path "$fs/rootdir/%m.img" size 1M autocreate

mkdir -m 700 "$fs/rootprivate"
refused "a template directory nb cannot search" "no search permission" \
	blade add e9.3 dev veth1 private path "$fs/rootprivate/%m.img"
mkfile "$fs/rootdir/$H1.img" 1 0 600
allowed "a private blade over root's files" blade add e9.4 dev veth1 private path "$fs/rootdir/%m.img"
on_exit blade_undo adm e9.4
conn_failed 4 $C1 &&
case "$why" in *"$H1.img"*"-13"*) ;; *) bad "e9.4: the reason does not say EACCES for the file: $why" ;; esac
log "e9.4, root's file: $why"
adm blade del e9.4

allowed "autocreate in nb's own directory" \
	blade add e9.5 dev veth1 private path "$fs/nbdir/%m.img" size 1M autocreate
on_exit blade_undo adm e9.5
answered $C1 5
[ "$(owner "$fs/nbdir/$H1.img")" = $NB ] ||
	bad "e9.5: the autocreated file belongs to uid $(owner "$fs/nbdir/$H1.img"), not $NB"
chown 0 "$fs/nbdir"
conn_failed 5 $C2 || true
[ ! -e "$fs/nbdir/$H2.img" ] || bad "e9.5: a file was created in a directory nb may no longer write"
log "e9.5, directory no longer nb's: $why"
adm blade del e9.5

refused "a state directory nb cannot write" "state directory" \
	blade add e9.8 dev veth1 path "$fs/own" state "$fs/rootdir"
allowed "a state directory of nb's" blade add e9.8 dev veth1 path "$fs/own" state "$fs/nbstate"
on_exit blade_undo adm e9.8
allowed "a config string" blade set e9.8 config "owner=nb"
wait_for 10 "the state file" test -s "$fs/nbstate/e9.8.state.1"
[ "$(owner "$fs/nbstate/e9.8.state.1")" = $NB ] ||
	bad "e9.8: the state file belongs to uid $(owner "$fs/nbstate/e9.8.state.1"), not $NB"
adm blade del e9.8

mkdir "$fs/rootro"
mkfile "$fs/rootro/$H1.img" 1 0 644
blade_add e9.7 dev veth1 private path "$fs/rootro/%m.img" readonly ||
	fail "root: blade add e9.7 private readonly failed"
allowed "readonly off by nb" blade set e9.7 readonly off
conn_failed 7 $C1 &&
case "$why" in *"-13"*) ;; *) bad "e9.7: not EACCES: $why" ;; esac
log "e9.7, writable by root only: $why"
adm blade del e9.7

# ---- 3. readonly and autocreate -------------------------------------------------

mkdir "$fs/rodir"
if adm blade add e9.6 dev veth1 private path "$fs/rodir/%m.img" size 1M autocreate readonly \
	> "$tmp/out" 2>&1; then
	adm blade del e9.6
	bad "blade add private autocreate readonly succeeded"
else
	grep -q "read-only" "$tmp/out" ||
		bad "readonly autocreate refused without saying why: $(cat "$tmp/out")"
fi
blade_add e9.6 dev veth1 private path "$fs/rodir/%m.img" size 1M autocreate ||
	fail "blade add e9.6 private autocreate failed"
adm blade set e9.6 readonly on
conn_failed 6 $C1 || true
[ -z "$(ls "$fs/rodir")" ] || bad "e9.6: a read-only blade created $(ls "$fs/rodir")"
log "e9.6, read-only: $why"
adm blade del e9.6

# ---- 4. FIFOs, devices, symbolic links -------------------------------------------

mkdir "$fs/odd"
mkfifo "$fs/odd/$H1.img"
mknod "$fs/odd/$H2.img" c 1 3
chmod 666 "$fs/odd/$H2.img"
mkfile "$fs/target" 1 0 666
ln -s "$fs/target" "$fs/odd/$H3.img"
# A reader blocks in open(2) until someone opens the FIFO for writing.
cat "$fs/odd/$H1.img" > "$tmp/fifo.out" &
reader=$!
on_exit stop_pid $reader
reader_blocked() {
	kill -0 $reader 2>/dev/null ||
		{ bad "$1: the FIFO was opened for writing (its reader got past open)"; return 0; }
	[ ! -e "/proc/$reader/fd/3" ] ||
		bad "$1: the FIFO was opened for writing (its reader has it open)"
}
if adm blade add e9.9 dev veth1 path "$fs/odd/$H1.img" > "$tmp/out" 2>&1; then
	adm blade del e9.9
	fail "a FIFO as a shared backing was accepted"
fi
grep -q "neither a block device nor a regular file" "$tmp/out" ||
	fail "a FIFO as a shared backing: $(cat "$tmp/out")"
blade_add e9.9 dev veth1 private path "$fs/odd/%m.img" || fail "blade add e9.9 failed"
conn_failed 9 $C1 &&
case "$why" in *"regular file"*) ;; *) bad "e9.9: a FIFO: $why" ;; esac
conn_failed 9 $C2 &&
case "$why" in *"regular file"*) ;; *) bad "e9.9: a character device: $why" ;; esac
conn_failed 9 $C3 &&
case "$why" in *"symbolic link"*) ;; *) bad "e9.9: a symbolic link: $why" ;; esac
reader_blocked "e9.9"
log "e9.9: a FIFO, a character device and a symbolic link refused; the FIFO's reader still waits"
adm blade del e9.9

# ---- 5. umount right after blade del ----------------------------------------------

on_exit unmount "$tmp/um"
for i in 1 2 3; do
	mount -t tmpfs -o size=4m evbt-privl-um "$tmp/um"
	adm blade add e9.10 dev veth1 path "$fs/own" state "$tmp/um" ||
		{ umount "$tmp/um"; fail "blade add e9.10 failed"; }
	adm blade add e9.11 dev veth1 private path "$tmp/um/%m.img" size 1M autocreate ||
		{ adm blade del e9.10; umount "$tmp/um"; fail "blade add e9.11 failed"; }
	answered $C1 11
	adm blade set e9.10 config "round $i"
	wait_for 10 "e9.10's state file" test -s "$tmp/um/e9.10.state.1"
	adm blade del e9.11
	adm blade del e9.10
	if ! umount "$tmp/um" 2> "$tmp/out"; then
		err=$(cat "$tmp/out")
		wait_for 10 "the mount to be released" umount "$tmp/um"
		bad "round $i: umount right after blade del failed ($err); it succeeded later"
	fi
done
log "umount right after blade del succeeded 3 times"

# A backing whose last close takes long: a file of 8192 extents on ext4,
# unlinked while open, so that its close frees them all.
mkdir "$tmp/big"
mount -t tmpfs -o size=160m evbt-privl-big "$tmp/big"
on_exit unmount "$tmp/big"
dd if=/dev/zero of="$tmp/big/ext4.img" bs=1M count=128 2>/dev/null
mkfs.ext4 -q -F "$tmp/big/ext4.img" || fail "mkfs.ext4 failed"
extdev=$(losetup -f)
losetup "$extdev" "$tmp/big/ext4.img" || fail "losetup $extdev failed"
on_exit "losetup -d $extdev"
mount -t ext4 "$extdev" "$tmp/um" || fail "cannot mount ext4 on $extdev"
fio --name=holes --filename="$tmp/um/$H2.img" --size=64m --rw=write:4k --bs=4k \
	--ioengine=psync --end_fsync=1 > "$tmp/out" 2>&1 || fail "fio: $(cat "$tmp/out")"
adm blade add e9.11 dev veth1 private path "$tmp/um/%m.img" ||
	{ umount "$tmp/um"; fail "blade add e9.11 failed"; }
answered $C2 11
rm "$tmp/um/$H2.img"
adm blade del e9.11
if ! umount "$tmp/um" 2> "$tmp/out"; then
	err=$(cat "$tmp/out")
	wait_for 30 "the mount to be released" umount "$tmp/um"
	bad "umount right after blade del failed ($err) while a large unlinked backing was being closed; it succeeded later"
else
	log "umount right after blade del succeeded with a large unlinked backing"
fi

[ $failures -eq 0 ] || fail "$failures privilege checks failed"
log "all privilege checks passed"
