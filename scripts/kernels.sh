#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian 12 kernels evblade is tested on, as kernel releases: the ones
# the meta packages linux-image-amd64 (6.1) and linux-image-6.12-amd64 point
# to.  Each must have its image, modules and headers installed.
set -euo pipefail

for meta in linux-image-amd64 linux-image-6.12-amd64; do
	dep=$(dpkg-query -W -f='${Depends}' "$meta" 2>/dev/null) ||
		{ echo "kernels: $meta is not installed (scripts/deps.sh)" >&2; exit 1; }
	kver=$(sed -n 's/^linux-image-\([^ ,]*\).*/\1/p' <<< "$dep")
	kver=${kver%-unsigned}
	for f in "/boot/vmlinuz-$kver" "/lib/modules/$kver/modules.dep" "/lib/modules/$kver/build/Makefile"; do
		[ -e "$f" ] || { echo "kernels: $f missing for $kver (apt-get install linux-image-$kver linux-headers-$kver)" >&2; exit 1; }
	done
	echo "$kver"
done
