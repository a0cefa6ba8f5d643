#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The thin-client rig's server (selftests/thin/run.sh), run by the test
# guest's /init as the test "thinserve": it serves the golden image
# (/dev/vda, read-only) as the copy-on-write blade e1.0 and a private swap
# blade e2.0 to every diskless client on eth0, keeping the overlays, swap
# files and the saved configuration on the state disk /dev/vdb.
#
# First boot (no saved configuration): runs the blade add commands, then
# `evbladeadm save` to /srv/evblade/evblade.conf.  A restarted server (the
# same disks) runs `evbladeadm apply` on that file instead.
#
# Then it takes commands from the host on ttyS1 (a QEMU pipe chardev), one
# a line, "ID COMMAND...": it runs COMMAND with sh, writes its output, then
# "THIN-CMD-DONE ID RC".  The command "shutdown" ends the test: the blades
# are flushed, the state disk unmounted, and /init powers off.
#
# Console lines for the host: THIN-SRV-CMD (a configuration command, as
# run), THIN-SRV-READY, THIN-SRV-FAIL.

state=/srv/evblade
conf=$state/evblade.conf
ctl=/dev/ttyS1

up() { cut -d' ' -f1 /proc/uptime; }
die() { echo "THIN-SRV-FAIL $*"; exit 1; }
# run COMMAND...: show it, as an admin would type it, then run it.
run() {
	echo "THIN-SRV-CMD $*"
	"$@"
}

# No udev in the test initramfs: the device drivers are loaded by hand.
for m in virtio_pci virtio_blk virtio_net e1000 ext4 evblade; do
	modprobe $m 2>/dev/null
done
lsmod | grep -q '^evblade ' || die "evblade.ko did not load"
i=0
until [ -e /sys/class/net/eth0 ] && [ -b /dev/vda ] && [ -b /dev/vdb ]; do
	[ $i -lt 100 ] || die "no eth0, /dev/vda or /dev/vdb after 10 s"
	sleep 0.1
	i=$((i + 1))
done
[ -c $ctl ] || die "no $ctl for the host's commands"

run ip link set eth0 mtu 9000 || die "eth0: mtu 9000"
run ip link set eth0 up || die "eth0 up"
mkdir -p $state
# After a SIGKILL, the journal is replayed here.
run mount -t ext4 /dev/vdb $state || die "cannot mount the state disk"

if [ -f $conf ]; then
	echo "THIN-SRV-RESTART saved configuration $conf:"
	sed 's/^/    /' $conf
	run evbladeadm apply $conf || die "evbladeadm apply $conf failed"
else
	run evbladeadm blade add e1.0 dev eth0 private cow base /dev/vda \
		path $state/root-%m.cow autocreate || die "blade add e1.0"
	run evbladeadm blade add e2.0 dev eth0 private path $state/swap-%m.img \
		size 256M autocreate || die "blade add e2.0"
	run evbladeadm save $conf || die "evbladeadm save"
fi
evbladeadm blade show

# The host's command channel: raw, no echo, kept open.
stty -F $ctl raw -echo 115200 || die "stty $ctl"
exec 3<>$ctl
echo "THIN-SRV-READY $(up)s"
while read -r id cmd <&3; do
	[ -n "$id" ] || continue
	if [ "$cmd" = shutdown ]; then
		echo "THIN-CMD-DONE $id 0" >&3
		break
	fi
	sh -c "$cmd" >&3 2>&3 </dev/null
	echo "THIN-CMD-DONE $id $?" >&3
done
exec 3>&-

echo "THIN-SRV-SHUTDOWN $(up)s"
evbladeadm blade show
evbladeadm flush || die "evbladeadm flush"
umount $state || die "umount $state"
echo "THIN-SRV-DOWN $(up)s"
