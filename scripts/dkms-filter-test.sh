#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms.conf's BUILD_EXCLUSIVE_KERNEL must take every kernel from 6.1 on,
# 7.x and beyond included, and refuse older ones.  dkms matches it with
# bash's =~, as done here.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
re=$(sed -n 's/^BUILD_EXCLUSIVE_KERNEL="\(.*\)"$/\1/p' "$top/dkms.conf")
[ -n "$re" ] || { echo "no BUILD_EXCLUSIVE_KERNEL in dkms.conf"; exit 1; }

bad=0
for k in 6.1.0-56-amd64 6.12.117+deb12-amd64 6.19.0 6.100.1 7.0.0-1-amd64 7.12.3 8.1.0 10.0.0 6.1.0-rc1; do
	[[ $k =~ $re ]] || { echo "refuses $k"; bad=1; }
done
for k in 6.0.12 5.10.0-30-amd64 5.19.0 4.19.0 3.16.0 2.6.32 6 6.x.1; do
	[[ $k =~ $re ]] && { echo "accepts $k"; bad=1; }
done
exit $bad
