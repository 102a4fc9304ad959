#!/usr/bin/env bash
# Where a lockstep TFTP block's round trip goes, from a system-wide `perf record` of the
# sending and receiving system calls (run.sh's TURNAROUND=1 records 2 s of each storm's TFTP):
#
#   bench/storm/turnaround.sh PERF_DATA SERVER_PID [EXCLUDE_COMM_REGEX]
#
# Each socket's calls in time order, on each side: the server (the process SERVER_PID, its
# threads whose name matches EXCLUDE_COMM_REGEX left out, e.g. bootnode's HTTP loops) and the
# generator (threads named storm-N-N). On one socket a receive followed by a send is the time
# that side took to answer (its work on the packet it read: "answer"); a send followed by a
# receive is the time it waited for the other side ("wait"). A wait of the server is the
# generator's answer plus the time the generator's loop took to come to the packet (it was busy
# with other sockets, or off its CPU) plus the network, and the other way round; so
#   server's wait - generator's answer  =  the generator's lateness (and the wire, both ways)
#   generator's wait - server's answer  =  the server's lateness (and the wire, both ways)
# A wait of 1 s or more is a retransmission timeout or an end, not a round trip: left out.
set -euo pipefail
[[ $# -ge 2 ]] || { sed -n '2,17p' "$0" >&2; exit 2; }
data=$1 server=$2 exclude=${3:-^$}
perf script -i "$data" -F comm,pid,time,event,trace 2>/dev/null | awk -v server="$server" -v exclude="$exclude" '
  {
    # comm may hold spaces: the pid is the first field that is all digits
    for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) break
    comm = $1; for (j = 2; j < i; j++) comm = comm " " $j
    pid = $i; t = $(i + 1); sub(/:$/, "", t); ev = $(i + 2)
    if (pid == server && comm !~ exclude) side = "server"
    else if (comm ~ /^storm-[0-9]+-[0-9]+$/) side = "generator"
    else next
    fd = ""
    for (k = i + 3; k <= NF; k++) if ($k == "fd:") { fd = $(k + 1); break }
    if (fd == "") next
    kind = (ev ~ /recv/) ? "in" : "out"
    key = side SUBSEP pid SUBSEP fd
    if (key in last) {
      d = (t - last[key]) * 1e6
      if (lastkind[key] == "in" && kind == "out") { n[side, "answer"]++; s[side, "answer"] += d; put(side "-answer", d) }
      if (lastkind[key] == "out" && kind == "in" && d < 1e6) { n[side, "wait"]++; s[side, "wait"] += d; put(side "-wait", d) }
    }
    last[key] = t; lastkind[key] = kind
  }
  function put(name, d) { c[name]++; v[name, c[name]] = d }
  function pct(name, p,   m, i, j, x, a) {
    m = c[name]; if (m == 0) return 0
    for (i = 1; i <= m; i++) a[i] = v[name, i]
    heapsort(a, m)
    return a[int((m - 1) * p) + 1]
  }
  function heapsort(a, m,   i, t, e) {
    for (i = int(m / 2); i >= 1; i--) sift(a, i, m)
    for (e = m; e > 1; e--) { t = a[1]; a[1] = a[e]; a[e] = t; sift(a, 1, e - 1) }
  }
  function sift(a, i, m,   c, t) {
    while ((c = 2 * i) <= m) {
      if (c < m && a[c + 1] > a[c]) c++
      if (a[i] >= a[c]) return
      t = a[i]; a[i] = a[c]; a[c] = t; i = c
    }
  }
  END {
    for (sd = 1; sd <= 2; sd++) {
      side = sd == 1 ? "server" : "generator"
      for (w = 1; w <= 2; w++) {
        what = w == 1 ? "answer" : "wait"
        name = side "-" what
        if (n[side, what] == 0) { printf "%-9s %-6s  none\n", side, what; continue }
        printf "%-9s %-6s  %7d  mean %8.1f us  p50 %8.1f  p90 %8.1f  p99 %8.1f\n", side, what, n[side, what],
          s[side, what] / n[side, what], pct(name, 0.5), pct(name, 0.9), pct(name, 0.99)
      }
    }
    if (n["server", "wait"] && n["generator", "answer"] && n["generator", "wait"] && n["server", "answer"]) {
      printf "generator lateness + wire: %.1f us a block (server wait %.1f - generator answer %.1f)\n",
        s["server", "wait"] / n["server", "wait"] - s["generator", "answer"] / n["generator", "answer"],
        s["server", "wait"] / n["server", "wait"], s["generator", "answer"] / n["generator", "answer"]
      printf "server lateness + wire:    %.1f us a block (generator wait %.1f - server answer %.1f)\n",
        s["generator", "wait"] / n["generator", "wait"] - s["server", "answer"] / n["server", "answer"],
        s["generator", "wait"] / n["generator", "wait"], s["server", "answer"] / n["server", "answer"]
    }
  }'
