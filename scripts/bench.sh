#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`, the product benchmark: boot one kernel under QEMU twice,
# with -smp 1 (target and initiator share one CPU, so the target's own
# cost shows) and with -smp 2, run selftests/bench.sh in each, and print
# one table of evblade against vblade on the same RAM disk and against
# evblade on null_blk (the ceiling of the path), one of the same null_blk
# with 4096-byte blocks (4Kn, random jobs), one of a private
# blade loaded by the raw client from 1, 256 and 1024 client identities
# (the cost of a frame must not grow with the clients), and, from
# selftests/benchcow.sh, one of a copy-on-write blade against a plain
# private blade at MTU 9000 and 1500:
#
#   bench.sh [--kernel KVER] [--smp "1 2"]
#
# KVER defaults to $EVB_BENCH_KERNEL, else the newest kernel of
# scripts/kernels.sh.  EVB_BENCH_ONLY picks the sections: main (bench.sh:
# the first three tables) or cow (benchcow.sh); both by default.  The table, the goals with met / not met, and the
# raw per-run lines go to .build/bench/results-<date>.txt, the console
# logs beside it.  Numbers are compared only within one boot: under TCG
# they swing a lot from boot to boot.  Missing a goal is reported, not an
# error; the exit status is non-zero only if a guest run failed (the
# benchmark could not run, or something broke while it ran).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${EVB_BUILD:-$top/.build}
kernel=${EVB_BENCH_KERNEL:-}
smps="1 2"
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--smp) smps=$2; shift 2 ;;
	*) echo "bench: unknown argument $1" >&2; exit 2 ;;
	esac
done
case ${EVB_BENCH_ONLY:-} in
"") guest_tests=bench,benchcow ;;
main) guest_tests=bench ;;
cow) guest_tests=benchcow ;;
*) echo "bench: EVB_BENCH_ONLY is main or cow, not $EVB_BENCH_ONLY" >&2; exit 2 ;;
esac
# The guest's whole run is bounded by this plus 120 s (run.sh).
guest_timeout=$([ "$guest_tests" = bench,benchcow ] && echo 1500 || echo 900)
if [ -z "$kernel" ]; then
	kernel=$("$top/scripts/kernels.sh" | tail -n 1) || exit 1
fi

out=$build/bench
mkdir -p "$out"
stamp=$(date +%Y%m%d-%H%M%S)
results=$out/results-$stamp.txt
raw=$out/raw-$stamp.txt
: > "$raw"
t0=$(date +%s)
load=$(cut -d' ' -f1-3 /proc/loadavg)

rc=0
for smp in $smps; do
	log=$out/console-$stamp-smp$smp.log
	echo "==> [$(( $(date +%s) - t0 ))s] $kernel, -smp $smp"
	if ! "$top/selftests/qemu/run.sh" --kernel "$kernel" --tests "$guest_tests" \
		--smp "$smp" --timeout "$guest_timeout" --keep-log "$log"; then
		echo "bench: the -smp $smp guest run failed; console log: $log" >&2
		rc=1
	fi
	[ -f "$log" ] && tr -d '\r' < "$log" | grep '^EVB-BENCH ' >> "$raw"
done
wall=$(( $(date +%s) - t0 ))

if [ ! -s "$raw" ]; then
	echo "bench: no results" >&2
	exit 1
fi

{
	echo "evblade benchmark, $(date '+%Y-%m-%d %H:%M'), kernel $kernel, $(git -C "$top" describe --always --dirty 2>/dev/null)"
	if [ "$guest_tests" != benchcow ]; then
		echo "fio through the Linux initiator, MTU 9000, both targets advertise 64 buffers;"
		echo "per job the mean of two alternating rounds; us/IO is guest CPU time (all CPUs,"
		echo "initiator and target together) per I/O; ratios are evblade / vblade; ram/null is"
		echo "evblade on brd / evblade on null_blk; spread is the difference between rounds."
	fi
	echo "host: $(nproc) CPUs, load average $load at start; wall time ${wall} s"
	echo
	awk '
	function v(key,   i, kv) {
		for (i = 2; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] == key)
				return kv[2]
		}
		return ""
	}
	function mean(s, t, j, what) { k = s SUBSEP t SUBSEP j; return n[k] ? sum[k, what] / n[k] : -1 }
	function spread(s, t, j,   k) {
		k = s SUBSEP t SUBSEP j
		return n[k] > 1 && sum[k, "iops"] > 0 ? 100 * (max[k] - min[k]) / (sum[k, "iops"] / n[k]) : -1
	}
	function num(x, fmt) { return x < 0 ? "-" : sprintf(fmt, x) }
	function ratio(a, b) { return a < 0 || b <= 0 ? -1 : a / b }
	function verdict(ok) { return ok ? "met" : "NOT MET" }
	{
		s = v("smp"); t = v("target"); j = v("job")
		# the private blade: one row per number of clients
		if (v("clients") != "")
			j = j "/" v("clients")
		# the COW table: one row per job and MTU
		if (v("mtu") != "")
			j = j "@" v("mtu")
		have[t] = 1
		if (v("storage") != "")
			storage[s] = v("storage")
		if (!(s in seen)) { seen[s] = 1; smps[++nsmp] = s }
		k = s SUBSEP t SUBSEP j
		iops = v("iops")
		sum[k, "iops"] += iops; sum[k, "mibs"] += v("mibs"); sum[k, "cpu"] += v("cpu_us_per_io")
		sum[k, "lat"] += v("lat_us"); sum[k, "prime"] += v("prime_ms"); sum[k, "lost"] += v("lost")
		if (!n[k] || iops > max[k]) max[k] = iops
		if (!n[k] || iops < min[k]) min[k] = iops
		n[k]++
	}
	END {
		njobs = split("randread4k randwrite4k read1m write1m", jobs, " ")
		if (have["evblade"])
			main_tables()
		if (have["cow"])
			cow_table()
	}
	function main_tables(   si, s, ji, j, ei, vi, ec, vc, ni, fi, fc, nc, nclients, clients, ci, k, one, pi, x, ok) {
		printf "%-3s %-11s | %8s %7s %7s | %8s %7s %7s | %5s %5s | %8s %8s | %-11s\n",
			"smp", "job", "evblade", "MiB/s", "us/IO", "vblade", "MiB/s", "us/IO",
			"IOPS", "CPU", "null", "ram/null", "spread e/v"
		printf "%-3s %-11s | %8s %7s %7s | %8s %7s %7s | %5s %5s | %8s %8s | %-11s\n",
			"", "", "IOPS", "", "", "IOPS", "", "", "e/v", "e/v", "IOPS", "", ""
		for (si = 1; si <= nsmp; si++) {
			s = smps[si]
			for (ji = 1; ji <= njobs; ji++) {
				j = jobs[ji]
				ei = mean(s, "evblade", j, "iops"); vi = mean(s, "vblade", j, "iops")
				ec = mean(s, "evblade", j, "cpu"); vc = mean(s, "vblade", j, "cpu")
				ni = mean(s, "null", j, "iops")
				ri[s, j] = ratio(ei, vi); rc[s, j] = ratio(ec, vc); rn[s, j] = ratio(ei, ni)
				printf "%-3s %-11s | %8s %7s %7s | %8s %7s %7s | %5s %5s | %8s %8s | %4s/%-4s\n",
					s, j, num(ei, "%.0f"), num(mean(s, "evblade", j, "mibs"), "%.1f"), num(ec, "%.1f"),
					num(vi, "%.0f"), num(mean(s, "vblade", j, "mibs"), "%.1f"), num(vc, "%.1f"),
					num(ri[s, j], "%.2f"), num(rc[s, j], "%.2f"),
					num(ni, "%.0f"), num(rn[s, j], "%.2f"),
					num(spread(s, "evblade", j), "%.0f%%"), num(spread(s, "vblade", j), "%.0f%%")
			}
		}

		print ""
		print "4Kn: evblade on a null_blk with 4096-byte logical blocks, served through the"
		print "page cache of the target (design.rst), against the 512-byte null_blk; one round;"
		print "4Kn/512 is the ratio of IOPS and of CPU per I/O.  Random reads of blocks read"
		print "before are answered from the page cache."
		printf "%-3s %-11s | %8s %7s | %8s %7s | %11s\n",
			"smp", "job", "512 IOPS", "us/IO", "4Kn IOPS", "us/IO", "4Kn/512"
		printf "%-3s %-11s | %8s %7s | %8s %7s | %5s %5s\n",
			"", "", "", "", "", "", "IOPS", "CPU"
		for (si = 1; si <= nsmp; si++) {
			s = smps[si]
			for (ji = 1; ji <= 2; ji++) {
				j = jobs[ji]
				fi = mean(s, "null4k", j, "iops")
				if (fi < 0)
					continue
				ni = mean(s, "null", j, "iops")
				fc = mean(s, "null4k", j, "cpu"); nc = mean(s, "null", j, "cpu")
				printf "%-3s %-11s | %8s %7s | %8s %7s | %5s %5s\n",
					s, j, num(ni, "%.0f"), num(nc, "%.1f"), num(fi, "%.0f"), num(fc, "%.1f"),
					num(ratio(fi, ni), "%.2f"), num(ratio(fc, nc), "%.2f")
			}
		}

		print ""
		print "private blade (one 64 MiB sparse file per client MAC, on tmpfs), raw client"
		print "(aoeraw load): 4k reads, 32 in flight, round robin over the clients; mean of"
		print "two alternating rounds (1024: one); vs 1 is IOPS against 1 client; open ms is"
		print "how long a run waited for the backings of its new clients (untimed); lost"
		print "counts requests unanswered after 1 s (summed over the rounds)."
		nclients = split("1 256 1024", clients, " ")
		printf "%-3s %-7s | %8s %7s %7s %7s | %5s | %7s %5s | %-6s\n",
			"smp", "clients", "IOPS", "MiB/s", "us/IO", "lat us", "vs 1", "open ms", "lost", "spread"
		for (si = 1; si <= nsmp; si++) {
			s = smps[si]
			one = mean(s, "private", "raw4k/1", "iops")
			for (ci = 1; ci <= nclients; ci++) {
				j = "raw4k/" clients[ci]
				k = s SUBSEP "private" SUBSEP j
				if (!n[k])
					continue
				pi = mean(s, "private", j, "iops")
				rp[s, clients[ci]] = ratio(pi, one)
				printf "%-3s %-7s | %8s %7s %7s %7s | %5s | %7s %5d | %-6s\n",
					s, clients[ci], num(pi, "%.0f"), num(mean(s, "private", j, "mibs"), "%.1f"),
					num(mean(s, "private", j, "cpu"), "%.1f"), num(mean(s, "private", j, "lat"), "%.0f"),
					num(rp[s, clients[ci]], "%.2f"), num(mean(s, "private", j, "prime"), "%.0f"),
					sum[k, "lost"], num(spread(s, "private", j), "%.0f%%")
			}
		}

		print ""
		printf "%-58s %-24s %s\n", "goal", "value", "verdict"
		for (ji = 1; ji <= 2; ji++) {
			j = jobs[ji]
			x = (("1", j) in ri) ? ri["1", j] : -1
			ok = x < 0 ? "no data" : verdict(x >= 2)
			printf "%-58s %-24s %s\n", "smp 1: " j " IOPS at least 2x vblade", num(x, "%.2fx"), ok
		}
		# The other goals hold for every job; show the worst one.
		worst("2", "ri", "smp 2: ahead of vblade in every job (IOPS)", 1, 1, "%.2fx")
		for (si = 1; si <= nsmp; si++) {
			s = smps[si]
			worst(s, "rn", "smp " s ": at least 0.9 of the null_blk ceiling, every job", 0.9, 0, "%.2f")
		}
		for (si = 1; si <= nsmp; si++) {
			s = smps[si]
			worst(s, "rc", "smp " s ": CPU per I/O at most half of vblade, every job", 0.5, -1, "%.2f")
		}
		for (si = 1; si <= nsmp; si++) {
			s = smps[si]
			x = ((s, "256") in rp) ? rp[s, "256"] : -1
			printf "%-58s %-24s %s\n", "smp " s ": private blade, 256 clients at least 0.9 of 1 (IOPS)",
				num(x, "%.2f"), x < 0 ? "no data" : verdict(x >= 0.9)
		}
	}
	# The copy-on-write table (selftests/benchcow.sh): per smp, MTU and
	# job, COW against plain, and the goal of its class.
	function cow_table(   nmtu, mtus, ncj, cjobs, si, s, mi, m, ji, j, ci, pi, cc, pc, r, goal, w, wj, cls) {
		if (have["evblade"])
			print ""
		print "copy-on-write blade (a 256 MiB base, an overlay per client) against a plain"
		print "private blade (a 256 MiB file per client, written in full), both on one"
		print "filesystem in the guest: a tmpfs where it has direct I/O (6.6 on), else ext4 on"
		print "a RAM disk; fio through the Linux initiator, 4k random, 32 in flight.  Mean of"
		print "two rounds, each: a new overlay, the same prefill of both, then every job on"
		print "COW and on plain (COW first in round 1, plain first in round 2).  us/IO as"
		print "above; cow/plain is the ratio of IOPS and of CPU per I/O; the goal is on the"
		print "IOPS ratio.  read-base: a never-written area (the base); read-ovl: a written"
		print "area (the overlay); read-mixed: 4 KiB reads at 1.5 KiB into a chunk, every"
		print "other chunk written, so each straddles a written and an unwritten chunk;"
		print "overwrite: written chunks; first-write: chunks never written, each once (a"
		print "copy-up and a map commit each)."
		for (si = 1; si <= nsmp; si++)
			if (smps[si] in storage)
				printf "storage at smp %s: %s\n", smps[si], storage[smps[si]] (storage[smps[si]] == "ext4" ? " on brd" : "")
		nmtu = split("9000 1500", mtus, " ")
		ncj = split("read-base read-ovl read-mixed overwrite first-write", cjobs, " ")
		printf "%-3s %-4s %-11s | %8s %7s %7s | %8s %7s %7s | %11s | %-12s | %-9s\n",
			"smp", "mtu", "job", "cow", "MiB/s", "us/IO", "plain", "MiB/s", "us/IO",
			"cow/plain", "goal", "spread"
		printf "%-3s %-4s %-11s | %8s %7s %7s | %8s %7s %7s | %5s %5s | %-12s | %-9s\n",
			"", "", "", "IOPS", "", "", "IOPS", "", "", "IOPS", "CPU", "", "cow/plain"
		for (si = 1; si <= nsmp; si++) {
			s = smps[si]
			for (mi = 1; mi <= nmtu; mi++) {
				m = mtus[mi]
				for (ji = 1; ji <= ncj; ji++) {
					j = cjobs[ji] "@" m
					ci = mean(s, "cow", j, "iops"); pi = mean(s, "plain", j, "iops")
					if (ci < 0 && pi < 0)
						continue
					cc = mean(s, "cow", j, "cpu"); pc = mean(s, "plain", j, "cpu")
					r = ratio(ci, pi)
					goal = cjobs[ji] == "first-write" ? 0.5 : 0.9
					cls = cjobs[ji] == "first-write" ? "first" : "other"
					rcow[s, cls, j] = r
					printf "%-3s %-4s %-11s | %8s %7s %7s | %8s %7s %7s | %5s %5s | %-12s | %4s/%-4s\n",
						s, m, cjobs[ji], num(ci, "%.0f"), num(mean(s, "cow", j, "mibs"), "%.1f"),
						num(cc, "%.1f"), num(pi, "%.0f"), num(mean(s, "plain", j, "mibs"), "%.1f"),
						num(pc, "%.1f"), num(r, "%.2f"), num(ratio(cc, pc), "%.2f"),
						r < 0 ? "-" : sprintf(">=%.1f %s", goal, r >= goal ? "met" : "NOT"),
						num(spread(s, "cow", j), "%.0f%%"), num(spread(s, "plain", j), "%.0f%%")
				}
			}
		}
		print ""
		printf "%-58s %-28s %s\n", "goal", "value", "verdict"
		for (si = 1; si <= nsmp; si++) {
			s = smps[si]
			cow_worst(s, "other", "smp " s ": COW reads and overwrites at least 0.9 of plain", 0.9)
			cow_worst(s, "first", "smp " s ": COW first writes at least 0.5 of plain", 0.5)
		}
	}
	function cow_worst(s, cls, text, bound,   k, w, wj, n3, p) {
		w = -1
		for (k in rcow) {
			split(k, p, SUBSEP)
			if (p[1] != s || p[2] != cls)
				continue
			if (rcow[k] < 0) { w = -2; break }
			if (w < 0 || rcow[k] < w) { w = rcow[k]; wj = p[3] }
		}
		if (w < 0) {
			printf "%-58s %-28s %s\n", text, "-", "no data"
			return
		}
		printf "%-58s %-28s %s\n", text, sprintf("%.2f (min, %s)", w, wj), verdict(w >= bound)
	}
	# worst(smp, which ratio, text, bound, 1: must exceed / 0: at least /
	# -1: at most, format)
	function worst(s, which, text, bound, sense, fmt,   ji, j, x, w, wj, ok) {
		w = -1
		for (ji = 1; ji <= njobs; ji++) {
			j = jobs[ji]
			x = which == "ri" ? ri[s, j] : which == "rn" ? rn[s, j] : rc[s, j]
			if (x == "" || x < 0) { w = -1; break }
			if (w < 0 || (sense >= 0 && x < w) || (sense < 0 && x > w)) { w = x; wj = j }
		}
		if (w < 0) {
			printf "%-58s %-24s %s\n", text, "-", "no data"
			return
		}
		if (sense > 0)
			ok = w > bound
		else if (sense == 0)
			ok = w >= bound
		else
			ok = w <= bound
		x = sprintf(fmt, w) " (" (sense < 0 ? "max" : "min") ", " wj ")"
		printf "%-58s %-24s %s\n", text, x, verdict(ok)
	}
	' "$raw"
	echo
	echo "raw results:"
	cat "$raw"
} > "$results"

sed '/^raw results:/,$d' "$results"
echo "results: $results"
echo "make bench took ${wall} s"
exit $rc
