#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Connections, ACLs and namespaces under pressure: what issue 9 found in the
# connection and blade lifetime, proven against the real kernel.
#
#   netns evbt-conn1 (client)          netns evbt-conn (target)
#   eth0 02:00:00:00:0c:01 ----------- vc1   e3.0 shared file
#                                            e3.1 added with policy deny while
#                                                 the client floods it
#                                            e3.2 private, %m, idle 1
#                                            e4.0 state $tmp/state
#                                      netns evbt-conn2 (another target)
#                                            e4.0 state $tmp/state: refused
#
# Steps:
#   1. Client names: a name %c could also make for a lone MAC (12 hex
#      digits) and names with capitals are refused with a reason.
#   2. A blade added with policy deny never answers a client that was
#      flooding its address before and while it was added.
#   3. Reads are pure: after an ACL change, sysfs and conn show show the new
#      decision, but no read makes a connection event; the next frame does.
#   4. Connections that age out (idle 1) while conn show (text, JSON, one
#      MAC) and the sysfs connection files are read in a tight loop: a
#      stress test for the backing path's lifetime (KASAN on the sanitizer
#      kernel).
#   5. Two live blades with the same address and state directory in two
#      namespaces would overwrite each other's state: the second is refused.
#   6. /sys/kernel/evblade is per network namespace: each namespace sees its
#      own net-<inum> directory only.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm aoeraw nsenter mount

ns=evbt-conn
C1=02:00:00:00:0c:01
new_tmp
mkdir "$tmp/fs" "$tmp/sys" "$tmp/sys2" "$tmp/state"
mount -t tmpfs -o size=64m evbt-conn "$tmp/fs"
on_exit unmount "$tmp/fs"
mkdir "$tmp/fs/priv"
dd if=/dev/zero of="$tmp/fs/disk" bs=1M count=1 2>/dev/null
dd if=/dev/zero of="$tmp/fs/disk2" bs=1M count=1 2>/dev/null

load_module evblade
new_netns $ns
new_netns ${ns}1
new_netns ${ns}2
"$IP" link add vc1 type veth peer name eth0 netns ${ns}1
"$IP" link set vc1 netns $ns
"$IP" -n ${ns}1 link set eth0 address $C1 up
"$IP" -n $ns link set vc1 up

adm2() { "$IP" netns exec ${ns}2 evbladeadm "$@"; }
inum=$("$IP" netns exec $ns stat -L -c %i /proc/self/ns/net)
inum2=$("$IP" netns exec ${ns}2 stat -L -c %i /proc/self/ns/net)
# The target's sysfs, as a process in its namespace sees it.
nsenter --net=/run/netns/$ns mount -t sysfs sysfs "$tmp/sys"
on_exit unmount "$tmp/sys"
sys=$tmp/sys/kernel/evblade/net-$inum
attr() { cat "$sys/e3.$1/connections/$2/$3"; }
conn_in() { [ "$(attr "$1" "$2" state 2>/dev/null)" = "$3" ]; }
mon_has() { grep -q -- "$1" "$tmp/mon"; }
gone() { ! kill -0 "$1" 2>/dev/null; }
# bad WHY: a finding; the test goes on to the next step, and fails at the end.
nbad=0
bad() { echo "[$TEST_NAME] FAIL: $*" >&2; nbad=$((nbad + 1)); }

# ask ARGS...: aoeraw in the client's namespace; output in $out.
ask() {
	what="aoeraw $*"
	out=$("$IP" netns exec ${ns}1 aoeraw "$@" 2>&1) || fail "$what: aoeraw failed: $out"
}

adm monitor > "$tmp/mon" 2>&1 &
on_exit stop_pid $!
probes=0
# probe_once: a client add/del has reached the monitor (once it listens).
probe_once() {
	probes=$((probes + 1))
	adm client add evbprobe${probes}x mac 02:00:00:00:99:99 >/dev/null 2>&1 &&
		adm client del evbprobe${probes}x >/dev/null 2>&1 &&
		mon_has "^\[client del\] evbprobe${probes}x"
}
wait_for 10 "the monitor to listen" probe_once
# probe: an event sent now has reached the monitor (so has any before it).
probe() {
	probes=$((probes + 1))
	adm client add evbprobe${probes}x mac 02:00:00:00:99:99 >/dev/null 2>&1 &&
		adm client del evbprobe${probes}x >/dev/null 2>&1 ||
		fail "client add/del evbprobe${probes}x failed"
	wait_for 10 "the monitor to see probe $probes" mon_has "^\[client del\] evbprobe${probes}x"
}

# ---- 1. client names --------------------------------------------------------

log "client names that %c shares with a lone MAC, or that differ only in case, are refused"
for name in 020000000c01 0123456789ab Node1 NODE1; do
	adm client add $name mac 02:00:00:00:0c:09 > "$tmp/out" 2>&1 && {
		adm client del $name
		bad "client add $name was accepted"
		continue
	}
	grep -q "lower case" "$tmp/out" || bad "client add $name: no reason given: $(cat "$tmp/out")"
done
for name in node1 0123456789abc 0123456789a 0123456789az n0de-1.x_y; do
	adm client add $name mac 02:00:00:00:0c:09 || fail "client add $name was refused"
	adm client del $name || fail "client del $name failed"
done

# ---- 2. a blade added with policy deny is never reachable --------------------

log "e3.1 added with policy deny while $C1 floods its address: never an answer"
"$IP" netns exec ${ns}1 sh -c "while [ ! -e $tmp/stop ]; do
	aoeraw -n 1 -t 20 -s $C1 eth0 3 1 identify; done" > "$tmp/flood" 2>&1 &
flooder=$!
on_exit "touch $tmp/stop; stop_pid $flooder"
sent() { [ "$(wc -l < "$tmp/flood")" -ge "$1" ]; }
wait_for 20 "the flood to start" sent 3
blade_add e3.1 dev vc1 path "$tmp/fs/disk2" policy deny || fail "blade add e3.1 policy deny failed"
n=$(wc -l < "$tmp/flood")
wait_for 30 "20 more requests to e3.1" sent $((n + 20))
touch "$tmp/stop"
wait_for 10 "the flood to stop" gone $flooder
! grep -v '^none$' "$tmp/flood" | grep -q . ||
	fail "e3.1, added with policy deny, answered: $(grep -v '^none$' "$tmp/flood" | head -n 3)"
wait_for 10 "$C1's connection to e3.1 to show denied" conn_in 1 $C1 denied
adm blade del e3.1 || fail "blade del e3.1 failed"

# ---- 3. reads do not change connections -------------------------------------

log "e3.0: after an ACL change, reads show the new decision but make no event"
blade_add e3.0 dev vc1 path "$tmp/fs/disk" || fail "blade add e3.0 failed"
ask -n 1 -t 3000 -s $C1 eth0 3 0 identify
case "$out" in "rsp "*"err=0 "*) ;; *) fail "e3.0 did not answer $C1: $out" ;; esac
wait_for 10 "the monitor to report $C1's connection" \
	mon_has "^\[conn add\] e3.0 client - state ready dev vc1 mac $C1 "
adm blade set e3.0 policy deny || fail "blade set e3.0 policy deny failed"
for i in 1 2 3; do
	[ "$(attr 0 $C1 state)" = denied ] || fail "sysfs shows state $(attr 0 $C1 state) after policy deny"
	[ "$(attr 0 $C1 authorised)" = 0 ] || fail "sysfs shows authorised $(attr 0 $C1 authorised) after policy deny"
	adm conn show e3.0 mac $C1 | grep -q "state denied" ||
		fail "conn show does not show the denial: $(adm conn show e3.0 mac $C1)"
	adm -j conn show | grep -q '"state":"denied"' ||
		fail "conn show -j does not show the denial: $(adm -j conn show)"
done
probe
mon_has "^\[conn add\] e3.0 client - state denied" &&
	bad "reading a connection made an event: $(grep '^\[conn add\] e3.0' "$tmp/mon")"
ask -t 500 -s $C1 eth0 3 0 identify
[ "$out" = none ] || fail "e3.0 answered $C1 after policy deny: $out"
wait_for 10 "the next frame to announce the denial" \
	mon_has "^\[conn add\] e3.0 client - state denied"
adm blade del e3.0 || fail "blade del e3.0 failed"

# ---- 4. ageing connections under a tight loop of reads -----------------------

log "e3.2 (private, idle 1): 3 rounds of 16 clients ageing out under conn show and sysfs reads"
blade_add e3.2 dev vc1 private path "$tmp/fs/priv/%m.img" size 1M autocreate idle 1 ||
	fail "blade add e3.2 failed"
macs=$(i=0; while [ $i -lt 48 ]; do printf '02:ee:00:00:00:%02x ' $i; i=$((i + 1)); done)
rm -f "$tmp/stop"
"$IP" netns exec $ns sh -c "while [ ! -e $tmp/stop ]; do
	evbladeadm conn show; evbladeadm -j conn show
	for m in $macs; do evbladeadm conn show e3.2 mac \$m; done
	cat $sys/e3.2/connections/*/* $sys/e3.2/conns
done" > /dev/null 2>&1 &
reader=$!
on_exit "touch $tmp/stop; stop_pid $reader"
none_left() { [ "$(cat "$sys/e3.2/conns")" = 0 ]; }
for first in 0 16 32; do
	run_bounded 60 "aoeraw load from 16 clients" "$IP" netns exec ${ns}1 \
		aoeraw eth0 3 2 load --macs 16 --first $first --window 16 --count 1 \
		--seconds 1 --prime-timeout 30 > "$tmp/load" 2>&1 ||
		fail "aoeraw load failed: $(cat "$tmp/load")"
	grep -q ' errors=0 ' "$tmp/load" || fail "aoeraw load saw errors: $(cat "$tmp/load")"
	wait_for 30 "round $first's connections to age out" none_left
done
touch "$tmp/stop"
wait_for 30 "the reader loop to stop" gone $reader
[ "$(ls "$tmp/fs/priv" | wc -l)" = 48 ] || fail "expected 48 backing files, got: $(ls "$tmp/fs/priv")"
adm blade del e3.2 || fail "blade del e3.2 failed"

# ---- 5. state directories and namespaces ------------------------------------

log "e4.0 with state $tmp/state in two namespaces at once: the second is refused"
blade_add e4.0 path "$tmp/fs/disk" state "$tmp/state" || fail "blade add e4.0 in $ns failed"
adm2 blade add e4.0 path "$tmp/fs/disk2" state "$tmp/state" > "$tmp/out" 2>&1 && {
	adm2 blade del e4.0
	bad "a second live e4.0 with the same state directory was accepted in ${ns}2"
	echo "state directory" > "$tmp/out"
}
grep -q "state directory" "$tmp/out" || bad "blade add e4.0 in ${ns}2: no reason given: $(cat "$tmp/out")"
adm2 blade add e4.1 path "$tmp/fs/disk2" state "$tmp/state" ||
	fail "blade add e4.1 in ${ns}2 (another address, same directory) failed"
on_exit blade_undo adm2 e4.1

# ---- 6. sysfs per namespace ------------------------------------------------------

log "/sys/kernel/evblade shows each namespace its own directory only"
nsenter --net=/run/netns/${ns}2 mount -t sysfs sysfs "$tmp/sys2"
on_exit unmount "$tmp/sys2"
lsdir() { ls "$1/kernel/evblade" | tr '\n' ' ' | sed 's/ $//'; }
[ "$(lsdir "$tmp/sys")" = net-$inum ] ||
	bad "$ns sees '$(lsdir "$tmp/sys")' in /sys/kernel/evblade, expected net-$inum"
[ "$(lsdir "$tmp/sys2")" = net-$inum2 ] ||
	bad "${ns}2 sees '$(lsdir "$tmp/sys2")' in /sys/kernel/evblade, expected net-$inum2"
[ -e "$tmp/sys2/kernel/evblade/net-$inum2/e4.1" ] || fail "${ns}2 does not see its e4.1"
"$IP" netns exec ${ns}2 ls /sys/kernel/evblade > "$tmp/out"
[ "$(cat "$tmp/out")" = net-$inum2 ] ||
	bad "ip netns exec ${ns}2 sees '$(cat "$tmp/out")' in /sys/kernel/evblade"
case " $(lsdir /sys) " in
*" net-$inum "* | *" net-$inum2 "*) bad "the initial namespace sees other namespaces: $(lsdir /sys)" ;;
esac

[ $nbad = 0 ] || fail "$nbad checks failed"
log "all checks passed"
