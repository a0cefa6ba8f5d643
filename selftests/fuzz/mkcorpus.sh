#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerates the committed seed corpus, selftests/fuzz/corpus/<unit>/,
# with mkcorpus.c (the kernel's own encoders make the state files and the
# overlay's superblock and slots).  Only needed when a harness's input
# layout or an encoder changes; the seeds are committed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${OUT:-$top/.build/fuzz}

make -s -C "$here" OUT="$out" "$out/mkcorpus"
rm -rf "$here/corpus"
"$out/mkcorpus" "$here/corpus"
echo "mkcorpus: $(find "$here/corpus" -type f | wc -l) seeds, $(find "$here/corpus" -type f -exec cat {} + | wc -c) bytes in $here/corpus"
