#!/usr/bin/env bash
# Build (or reuse) a small x86_64 sanitizer kernel for the QEMU test guests.
#
# Source:  Debian's linux-source-6.1 tarball (override: EVB_KSRC_TARBALL),
#          extracted once by scripts/kernel-src.sh.
# Config:  tinyconfig + selftests/qemu/debug.config (override: EVB_DEBUG_CONFIG),
#          every =y/=m line of the fragment is verified to survive.
# Cache:   ${EVB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/evblade}
#            src/linux-<srcver>/                 extracted source (read-only use)
#            kernel/<srcver>-<sha16 of .config>/ one finished build:
#              bzImage         boot image
#              build/          O= build dir, usable as KDIR:
#                              make -C <dir>/build M=$PWD modules
#              modroot/        modules_install INSTALL_MOD_PATH (lib/modules/<rel>/)
#              kernelrelease   `make kernelrelease` output
#              config          copy of the final .config
#              .complete       stamp; a dir without it is never used
#
# Progress goes to stderr; the LAST line on stdout is the build directory.
# Idempotent and race-safe (flock on <cache>/.lock). Writes nothing in the repo.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fragment=${EVB_DEBUG_CONFIG:-$here/debug.config}
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"   # CI may run without HOME
root=${EVB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/evblade}
jobs=$(nproc)

log() { printf 'debug-kernel: %s\n' "$*" >&2; }
die() { printf 'debug-kernel: ERROR: %s\n' "$*" >&2; exit 1; }

[[ -r $fragment ]] || die "config fragment not found: $fragment"

# --- source: extracted once into the cache (scripts/kernel-src.sh) ----------
src=$("$here/../../scripts/kernel-src.sh")
srcver=${src##*/linux-}
log "source $src (version $srcver)"

mkdir -p "$root/kernel"

# --- lock: one run at a time per cache; everything below is serialised ------
exec 9>"$root/.lock"
if ! flock -n 9; then
	log "waiting for another run holding $root/.lock"
	flock 9
fi

# Any leftover temp dir belongs to an interrupted run (we hold the lock).
rm -rf "$root"/kernel/.tmp-*

[[ ! -e $src/.config && ! -d $src/include/config ]] \
	|| die "$src is not a clean source tree (has .config); remove it to re-extract"

# --- configure in a fresh temp build dir --------------------------------------
work=$(mktemp -d "$root/kernel/.tmp-XXXXXX")
trap 'rm -rf "$work"' EXIT
obj=$work/build
mkdir -p "$obj"
kmake() { make -C "$src" O="$obj" ARCH=x86_64 "$@"; }

log "configuring (tinyconfig + $(basename "$fragment"))"
kmake -s tinyconfig >"$work/config.log" 2>&1 || { cat "$work/config.log" >&2; die "tinyconfig failed"; }
# merge_config.sh drops its temp file in $PWD, so run it inside the build dir.
(cd "$obj" && "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$fragment") \
	>>"$work/config.log" 2>&1 || { cat "$work/config.log" >&2; die "merge_config.sh failed"; }
kmake -s olddefconfig >>"$work/config.log" 2>&1 || { cat "$work/config.log" >&2; die "olddefconfig failed"; }

# Every CONFIG_X=y|m of the fragment must be in the final .config verbatim.
missing=()
while IFS= read -r line; do
	grep -qxF -- "$line" "$obj/.config" || missing+=("$line (got: $(grep -E "^(# )?${line%%=*}[= ]" "$obj/.config" || echo unset))")
done < <(sed -nE 's/^[[:space:]]*(CONFIG_[A-Za-z0-9_]+=[ym])[[:space:]]*(#.*)?$/\1/p' "$fragment")
# ...and every "# CONFIG_X is not set" must not have been turned on.
while IFS= read -r sym; do
	! grep -qE "^$sym=" "$obj/.config" || missing+=("# $sym is not set (got: $(grep -E "^$sym=" "$obj/.config"))")
done < <(sed -nE 's/^[[:space:]]*# (CONFIG_[A-Za-z0-9_]+) is not set.*/\1/p' "$fragment")
if ((${#missing[@]})); then
	printf 'debug-kernel: ERROR: %d fragment option(s) did not survive olddefconfig:\n' "${#missing[@]}" >&2
	printf '  %s\n' "${missing[@]}" >&2
	die "fix the unmet dependencies in $fragment"
fi

sha=$(sha256sum "$obj/.config" | cut -c1-16)
key=$srcver-$sha
out=$root/kernel/$key

# --- reuse a finished build ----------------------------------------------------
if [[ -f $out/.complete ]]; then
	log "cached: $out"
	echo "$out"
	exit 0
fi
rm -rf "$out"   # incomplete leftovers (should not happen: we rename only when done)

# --- build ------------------------------------------------------------------------
log "building $key with -j$jobs (~4-5 min on 2 cores)"
start=$SECONDS
fail() {
	cp "$work/build.log" "$root/kernel/last-failed-build.log" 2>/dev/null || true
	tail -n 40 "$work/build.log" >&2
	die "$1 (full log: $root/kernel/last-failed-build.log)"
}
kmake -j"$jobs" bzImage modules >"$work/build.log" 2>&1 || fail "kernel build failed"
rel=$(kmake -s kernelrelease)
log "built $rel in $((SECONDS - start))s; installing modules"
kmake -s modules_install INSTALL_MOD_PATH="$work/modroot" >>"$work/build.log" 2>&1 \
	|| fail "modules_install failed"
moddir=$work/modroot/lib/modules/$rel
[[ -f $moddir/modules.dep ]] || die "modules.dep missing in $moddir"
# The build/source links were made for the temp path; point them at the final one.
ln -sfn "$out/build" "$moddir/build"
ln -sfn "$src" "$moddir/source"

cp "$obj/arch/x86/boot/bzImage" "$work/bzImage"
cp "$obj/.config" "$work/config"
echo "$rel" >"$work/kernelrelease"
rm -f "$work"/*.log
printf 'source=%s\nconfig_sha256=%s\nbuilt=%s\n' "$srcver" "$(sha256sum "$obj/.config" | cut -d' ' -f1)" \
	"$(date -u +%FT%TZ)" >"$work/.complete"
chmod 755 "$work"   # mktemp -d made it 0700
mv "$work" "$out"
trap - EXIT
log "done: $out ($rel)"
echo "$out"
