#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of the system test (selftests/system/run.sh), run at
# every boot by evb-systest.service (after evblade.service) in the Debian
# system that mkimage.sh made.  The phase file on the guest's disk says
# which boot this is:
#
#   1  configure with evbladeadm: a shared blade on the second disk (with
#      a state directory and a config string), a private blade with
#      autocreate, a copy-on-write blade over a base image, a declared
#      client and an ACL; `evbladeadm save > /etc/evblade/evblade.conf`;
#      the initiator writes to each blade; reboot.
#   2  (a warm reboot) everything is back; a conf.d file with a broken
#      line and `systemctl reload evblade`: the other blades stay, their
#      connections too, and the failure is in systemctl status and the
#      journal; more writes; then the host cuts the power.
#   3  (the second kernel, after the power cut) everything is back again;
#      power off.
#
#   target: evblade.service     veth1 02:00:00:00:e5:02 -----+
#   initiator: aoe, aoe_iflist=veth0   02:00:00:00:e5:01 ----+  (a veth pair,
#   both in the one network namespace of the guest)   made by this test after
#   evblade.service started: udev's rule re-applies the configuration)
#
# Lines for the host, on the serial console: "EVB-SYS phase N KVER",
# "EVB-SYS PASS|FAIL NAME [DETAIL]", "EVB-SYS kill-me" (boot 2: the data
# is durable, cut the power now) and "EVB-SYS end N".  Every wait is
# bounded.
set -uo pipefail

st=/var/lib/evb-systest
conf=/etc/evblade/evblade.conf
srv=/srv/evb
MB=32
CMAC=02:00:00:00:e5:01
TMAC=02:00:00:00:e5:02
blades="e1.0 e1.1 e1.2"

mkdir -p "$st" "$srv"
phase=$(cat "$st/phase" 2>/dev/null || echo 1)
kver=$(uname -r)
fails=0

say() { echo "EVB-SYS $*"; }
pass() { say "PASS $*"; }
fail() { say "FAIL $*"; fails=$((fails + 1)); }
check() { # name detail command...
	local n=$1 d=$2
	shift 2
	if "$@"; then pass "$n" "$d"; else fail "$n" "$d"; fi
}
# wait_for SECONDS command...: until the command succeeds.
wait_for() {
	local end=$(( $(date +%s) + $1 ))
	shift
	until "$@" 2>/dev/null; do
		[ "$(date +%s)" -lt $end ] || return 1
		sleep 0.3
	done
}
# The service has no job running (a reload that udev asked for).
settled() {
	udevadm settle -t 30
	wait_for 60 sh -c '! systemctl list-jobs --no-legend | grep -q evblade'
}

say "phase $phase $kver"
# The journal and the console of a failure, for the log the host keeps.
dump() {
	echo "--- evbladeadm blade show"; evbladeadm blade show 2>&1
	echo "--- systemctl status evblade"; systemctl --no-pager -l status evblade 2>&1
	echo "--- journalctl -u evblade"; journalctl --no-pager -b -u evblade 2>&1 | tail -n 40
	echo "--- ip link"; ip -br link
	echo "--- $conf"; cat "$conf"
	echo "--- aoe"; cat /sys/module/aoe/parameters/aoe_iflist; ls -l /dev/etherd/ 2>&1
	echo "--- evbladeadm conn show"; evbladeadm conn show 2>&1
}

# The blades' canonical form: blade show -j without what changes at run
# time (counters, connections, reservation holder).
shown() { evbladeadm -j blade show | jq -S 'sort_by(.addr // .name // "") | map(del(.stats, .conns, ."reserve-mac"))'; }

# The veth pair, then the initiator on veth0.
veth() {
	ip link add veth0 address $CMAC type veth peer name veth1 address $TMAC &&
		ip link set veth0 up && ip link set veth1 up
}
initiator() {
	# aoetools' modules-load.d file loads aoe at boot (with the
	# aoe_iflist of run.sh's modprobe.d file): make sure of the list.
	modprobe aoe aoe_iflist=veth0 || return 1
	echo veth0 > /sys/module/aoe/parameters/aoe_iflist
	local b
	for b in $blades; do
		wait_for 60 sh -c "test -b /dev/etherd/$b || { echo > /dev/etherd/discover; sleep 1; test -b /dev/etherd/$b; }" ||
			{ echo "no /dev/etherd/$b"; dump; return 1; }
	done
}
# The client's writes: a block of random data at OFFSET (MiB) of each
# blade, the same write into the expected image of that blade, synced.
write_all() { # offset-MiB count-MiB
	local b
	for b in $blades; do
		head -c $(($2 << 20)) /dev/urandom > "$st/chunk" &&
		dd if="$st/chunk" of=/dev/etherd/$b bs=1M seek="$1" oflag=direct,sync status=none &&
		dd if="$st/chunk" of="$st/expect-$b.img" bs=1M seek="$1" conv=notrunc,fsync status=none ||
			{ echo "write to $b failed"; return 1; }
	done
	rm -f "$st/chunk"
	sync
}
# Every byte of every blade, as the client reads it, against the expected
# image.
read_all() {
	local b ok=0
	for b in $blades; do
		if ! dd if=/dev/etherd/$b bs=1M iflag=direct status=none | cmp - "$st/expect-$b.img"; then
			echo "$b differs from what the client wrote"
			ok=1
		fi
	done
	return $ok
}
wait_blades() { # the service (re)applied the file: every blade is there
	local b
	for b in $blades; do
		evbladeadm blade show "$b" >/dev/null 2>&1 || return 1
	done
}

case "$phase" in
1)
	check service-active "evblade.service active with no configuration" \
		test "$(systemctl is-active evblade)" = active
	# The images: the second disk for the shared blade (zeros, the host
	# made it), a base with known content for copy-on-write.
	head -c $((MB << 20)) /dev/urandom > "$srv/base.img"
	cp "$srv/base.img" "$st/expect-e1.2.img"
	truncate -s $((MB << 20)) "$st/expect-e1.1.img"
	dd if=/dev/vdb of="$st/expect-e1.0.img" bs=1M count=$MB status=none
	mkdir -p "$srv/state"
	sync
	# The interface first, as an admin would have it: its udev event
	# makes the service apply the (empty) file, which would delete
	# whatever was configured by hand before that reload ran.
	veth || fail veth
	settled
	evbladeadm client add thin1 mac $CMAC &&
	evbladeadm blade add e1.0 dev veth1 path /dev/vdb state-dir "$srv/state" \
		config-string "shared \"disk\" one" &&
	evbladeadm blade add e1.1 dev veth1 path "$srv/priv-%m.img" private size ${MB}M autocreate \
		idle-timeout 600 acl-policy deny allow thin1 &&
	evbladeadm blade add e1.2 dev veth1 path "$srv/cow-%m.cow" private cow base "$srv/base.img" \
		autocreate bufcnt 32
	check configure "client, shared, private autocreate, copy-on-write blades" test $? = 0
	evbladeadm save > "$conf.new" && mv "$conf.new" "$conf" && sync
	check save "evbladeadm save > $conf ($(grep -c '^[a-z]' "$conf" 2>/dev/null) lines)" test -s "$conf"
	shown > "$st/blades.json"
	evbladeadm -j client show | jq -S . > "$st/clients.json"
	check initiator "aoe sees $blades" initiator
	check write-1 "client writes 4 MiB to each blade (direct, sync)" write_all 3 4
	check readback-1 "client reads back every byte" read_all
	sync
	echo 2 > "$st/phase"
	sync
	[ $fails = 0 ] || dump
	say "end 1"
	systemctl reboot
	;;
2|3)
	check service-active "evblade.service active after the boot" \
		test "$(systemctl is-active evblade)" = active
	# The interface comes now, after the service: udev's rule re-applies
	# the file, which adds the blades that lacked veth1.
	veth || fail veth
	check hotplug "the service served the blades once veth1 appeared (udev)" wait_for 60 wait_blades
	shown > "$st/blades.now"
	check restored "blade show -j equals the one before the reboot" cmp -s "$st/blades.json" "$st/blades.now"
	diff "$st/blades.json" "$st/blades.now" | head -n 40
	evbladeadm -j client show | jq -S . > "$st/clients.now"
	check restored-clients "client show -j equals the one before the reboot" cmp -s "$st/clients.json" "$st/clients.now"
	check initiator "aoe sees $blades" initiator
	check readback-$phase "client reads back every byte written before the $([ "$phase" = 2 ] && echo reboot || echo power cut)" read_all
	if [ "$phase" = 2 ]; then
		# A broken line in conf.d: the rest stays served, the failure
		# is shown.
		conns=$(evbladeadm -j conn show | jq length)
		mkdir -p /etc/evblade/conf.d
		printf '# the system test: a blade whose backing is missing\nblade add e1.9 dev veth1 path %s/missing.img\n' \
			"$srv" > /etc/evblade/conf.d/50-broken.conf
		shown > "$st/blades.before"
		systemctl reload evblade
		check reload-active "the service stays active after a reload with a failing line" \
			test "$(systemctl is-active evblade)" = active
		check reload-status "systemctl status names 50-broken.conf:2" \
			sh -c 'systemctl --no-pager -l status evblade | grep -q "50-broken.conf:2"'
		check reload-journal "journalctl -u evblade names 50-broken.conf:2" \
			sh -c 'journalctl --no-pager -b -u evblade | grep -q "50-broken.conf:2"'
		shown > "$st/blades.now"
		check reload-kept "the other blades are unchanged" cmp -s "$st/blades.before" "$st/blades.now"
		check reload-conns "their connections stay ($conns)" \
			test "$(evbladeadm -j conn show | jq length)" = "$conns"
		check write-2 "client writes 4 MiB more to each blade" write_all 11 4
		check readback-2b "client reads back every byte" read_all
		echo 3 > "$st/phase"
		sync
		[ $fails = 0 ] || dump
		say "end 2"
		say "kill-me"
		# The host cuts the power now; if it does not, say so.
		sleep 120
		fail power-cut "the host did not cut the power"
		systemctl poweroff
	else
		[ $fails = 0 ] || dump
		echo 4 > "$st/phase"
		sync
		say "end 3"
		systemctl poweroff
	fi
	;;
*)
	say "FAIL phase unknown phase $phase"
	systemctl poweroff
	;;
esac
