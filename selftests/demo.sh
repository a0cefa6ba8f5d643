#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: show evblade in a guest.  Loads the module, asks it for its
# status over netlink, and shows what the kernel says about it.
. "$(dirname "$0")/lib.sh"

require_root
run() { echo "# $*"; "$@"; }

run modprobe evblade
on_exit module_unload evblade
run evbladeadm status
run evbladeadm -j -p status
run cat /sys/module/evblade/version
run lsmod
dmesg | grep evblade
