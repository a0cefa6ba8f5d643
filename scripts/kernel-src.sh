#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Extract (once) Debian's linux-source-6.1 tarball into the cache and print
# the source tree's path: the sanitizer kernel is built from it
# (selftests/qemu/debug-kernel.sh) and `make style` runs its
# scripts/checkpatch.pl (scripts/style.sh).  The tarball comes from the
# linux-source-6.1 package that scripts/deps.sh installs; nothing is
# fetched here.
#
# Source:  /usr/src/linux-source-6.1.tar.xz (override: EVB_KSRC_TARBALL).
# Cache:   ${EVB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/evblade}/src/linux-<srcver>/
#          where <srcver> is the package's version (e.g. 6.1.192-3), or the
#          tarball's mtime and size for another tarball.  Treat it as
#          read-only: it is shared by every user of the cache.
#
# Progress goes to stderr; the only line on stdout is the source tree.
# Idempotent and race-safe (extracts under flock on <cache>/.lock, into a
# temporary directory renamed when complete).
set -euo pipefail

tarball=${EVB_KSRC_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"   # CI may run without HOME
root=${EVB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/evblade}

log() { printf 'kernel-src: %s\n' "$*" >&2; }
die() { printf 'kernel-src: ERROR: %s\n' "$*" >&2; exit 1; }

[[ -r $tarball ]] || die "kernel source tarball not found: $tarball (apt-get install linux-source-6.1, or make deps)"

srcver=
if [[ -z ${EVB_KSRC_TARBALL:-} || $tarball == /usr/src/linux-source-6.1.tar.xz ]]; then
	srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)
fi
if [[ -z $srcver ]]; then
	srcver=$(stat -c 'm%Y-s%s' "$tarball")
fi
srcver=${srcver//[^A-Za-z0-9.+_-]/_}   # e.g. 6.1.192-2 ; keep it path-safe
src=$root/src/linux-$srcver

# A tree is renamed into place only when complete: no lock needed to use it.
if [[ ! -f $src/Makefile ]]; then
	mkdir -p "$root/src"
	exec 9>"$root/.lock"
	if ! flock -n 9; then
		log "waiting for another run holding $root/.lock"
		flock 9
	fi
	# Any leftover temp dir belongs to an interrupted run (we hold the lock).
	rm -rf "$root"/src/.tmp-*
	if [[ ! -f $src/Makefile ]]; then
		log "extracting $tarball (version $srcver) to $src (once, ~10 s)"
		rm -rf "$src"
		t=$(mktemp -d "$root/src/.tmp-XXXXXX")
		tar -xJf "$tarball" -C "$t"
		top=$(find "$t" -mindepth 1 -maxdepth 1 -type d | head -n1)
		[[ -n $top && -f $top/Makefile ]] || die "unexpected tarball layout in $tarball"
		mv "$top" "$src"
		rm -rf "$t"
	fi
	exec 9>&-
fi
echo "$src"
