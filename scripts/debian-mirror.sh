#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debian-mirror.sh [--security]: the Debian mirror the machine's apt
# sources name (deb822 or one-line form), for the private apt
# configurations of scripts/debian13-kernels.sh and the system test
# (selftests/system/mkimage.sh); with --security, the security mirror, or
# the mirror's host with /debian-security when the sources name none.
# EVB_DEBIAN_MIRROR and EVB_DEBIAN_SECURITY override them.
set -euo pipefail

uris() {
	{ sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null
	  sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' \
		/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
	} | tr ' ' '\n' | grep -v '^$' || true
}

mirror=${EVB_DEBIAN_MIRROR:-$(uris | grep -v security | grep '/debian/\?$' | head -n 1)}
if [ -z "$mirror" ]; then
	echo "debian-mirror: no Debian mirror in /etc/apt's sources; set EVB_DEBIAN_MIRROR" >&2
	exit 1
fi
if [ "${1:-}" = --security ]; then
	security=${EVB_DEBIAN_SECURITY:-$(uris | grep '/debian-security/\?$' | head -n 1)}
	echo "${security:-${mirror%/debian*}/debian-security}"
else
	echo "$mirror"
fi
