#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Connections and the control plane:
#
# 1. A connection dump that spans several messages while aging edits the
#    list: no connection may be missing or shown twice.  The dump is
#    paused after its first part (evbladeadm's EVBLADEADM_TEST_DUMP_WAIT
#    hook); meanwhile 500 connections at the head of the list age out
#    (idle 2), while 100 behind them stay busy.
#    Going on by index would then skip the connections behind them; the
#    kernel flags the dump NLM_F_DUMP_INTR and evbladeadm dumps again.
# 2. An interface deleted while connections exist (the netdevice
#    notifier's walk over their held queries), then module unload with
#    connections (of a private blade, with their backings open) and a
#    monitor listening: every connection is gone,
#    and announced as such, before the family goes away; the kernel log
#    stays clean (KASAN, lockdep on the sanitizer kernel).
#
#   initial netns                                netns evbt-dump
#   aoeraw load from 02:ee:... (many MACs)       e5.0 tmpfs file, dev veth1
#   veth0  <---------------------------------->  veth1
#                                                e5.1 private, tmpfs files
. "$(dirname "$0")/lib.sh"

require_root
require_cmd modprobe evbladeadm aoeraw rmmod

ns=evbt-dump
churn=500	# connections that age out during the dump
stay=100	# connections that stay throughout

new_tmp
mkdir "$tmp/fs"
mount -t tmpfs -o size=64m evbt-dump "$tmp/fs"
on_exit unmount "$tmp/fs"
dd if=/dev/zero of="$tmp/fs/e5.0" bs=1M count=8 2>/dev/null
mkdir "$tmp/fs/p"

load_module evblade
target_netns $ns
mac=$(target_mac)

adm -j monitor > "$tmp/mon.json" 2>&1 &
on_exit stop_pid $!

blade_add e5.0 dev veth1 path "$tmp/fs/e5.0" idle 300 || fail "blade add e5.0 failed"
conns() { adm -j blade show e5.0 | grep -o '"conns":[0-9]*' | cut -d: -f2; }
macs() { grep -o '"mac":\["[^"]*"' "$1" | cut -d'"' -f4; }

# 1. The head of the list: clients that go quiet.  Then the ones that stay.
aoeraw -d "$mac" veth0 5 0 load --macs $churn --first 0 --seconds 1 --window 8 \
	--count 1 > "$tmp/load-churn" 2>&1 || fail "aoeraw load (churn) failed: $(cat "$tmp/load-churn")"
aoeraw -d "$mac" veth0 5 0 load --macs $stay --first 100000 --seconds 300 --window 32 \
	--count 1 > "$tmp/load-stay" 2>&1 &
stayer=$!
on_exit stop_pid $stayer
# wait_for runs a command again and again: these read the count each time.
has_conns() { [ "$(conns)" -eq "$1" ]; }
wait_for 60 "$((churn + stay)) connections to e5.0" has_conns $((churn + stay))

rm -f "$tmp/go" "$tmp/go.paused"
EVBLADEADM_TEST_DUMP_WAIT="$tmp/go" adm -j conn show > "$tmp/dump" 2> "$tmp/dump.err" &
dumper=$!
on_exit "touch $tmp/go"
wait_for 30 "the dump to pause after its first part" test -e "$tmp/go.paused"
adm blade set e5.0 idle 2 || fail "blade set e5.0 idle 2 failed"
wait_for 30 "the $churn quiet connections to age out" has_conns $stay
touch "$tmp/go"
wait_for 30 "the paused dump to finish" sh -c "! kill -0 $dumper"
wait $dumper || fail "conn show failed: $(cat "$tmp/dump.err")"
adm -j conn show > "$tmp/after" || fail "conn show failed"

macs "$tmp/dump" | sort > "$tmp/dump.macs"
macs "$tmp/after" | sort > "$tmp/after.macs"
[ "$(wc -l < "$tmp/after.macs")" -eq $stay ] ||
	fail "after aging, $(wc -l < "$tmp/after.macs") connections instead of $stay"
dups=$(uniq -d "$tmp/dump.macs" | head -3)
[ -z "$dups" ] || fail "the dump shows connections twice: $dups"
missing=$(grep -cvxFf "$tmp/dump.macs" "$tmp/after.macs" || true)
[ "$missing" -eq 0 ] ||
	fail "the dump missed $missing of the $stay connections that existed throughout (it showed $(wc -l < "$tmp/dump.macs"))"
log "a dump across aging shows each of the $stay remaining connections once"

# 2. Module unload with connections and a monitor.
adm blade set e5.0 idle 300 || fail "blade set e5.0 idle 300 failed"
blade_add e5.1 dev veth1 private path "$tmp/fs/p/%m.img" size 1M autocreate idle 300 ||
	fail "blade add e5.1 failed"
aoeraw -d "$mac" veth0 5 1 load --macs 3 --first 200000 --seconds 1 --window 3 \
	--count 1 > "$tmp/load-priv" 2>&1 || fail "aoeraw load (private) failed: $(cat "$tmp/load-priv")"
c51() { [ "$(adm -j blade show e5.1 | grep -o '"conns":[0-9]*' | cut -d: -f2)" -eq 3 ]; }
wait_for 30 "3 connections to e5.1" c51
ready() { [ "$(adm -j conn show e5.1 | grep -o '"state":"ready"' | wc -l)" -eq 3 ]; }
wait_for 30 "the 3 private backings to be open" ready
kill -KILL $stayer
wait_for 10 "aoeraw load to stop" sh -c "! kill -0 $stayer"
# An interface unregistered while connections exist: the netdevice
# notifier drops the Query Config requests held for it on every connection
# (none are held now; this runs the path, under lockdep on the sanitizer
# kernel).
"$IP" -n $ns link add vx0 type veth peer name vx1
"$IP" -n $ns link set vx0 up
"$IP" -n $ns link del vx0
n50=$(conns)
# The monitor has seen everything so far once it has seen e5.1's connections.
added() { [ "$(grep -c '"event":"add".*"blade":"e5.1"' "$tmp/mon.json")" -ge 3 ]; }
wait_for 10 "the monitor to report e5.1's connections" added
run_bounded 60 "rmmod evblade with $((n50 + 3)) connections" rmmod evblade ||
	fail "rmmod evblade failed"
[ ! -d /sys/module/evblade ] || fail "evblade is still loaded"
dels() { grep -c "\"event\":\"del\".*\"blade\":\"$1\"" "$tmp/mon.json"; }
ended() { [ "$(dels e5.1)" -ge 3 ]; }
wait_for 10 "the monitor to report the connections' end" ended
[ "$(dels e5.0)" -ge "$n50" ] ||
	fail "the monitor saw $(dels e5.0) of e5.0's $n50 connections end at module unload"
log "module unload released $((n50 + 3)) connections and told the monitor about each"
