#!/usr/bin/env bash
# Summarises a JFR recording's CPU samples: by thread (digits folded), by top frame (self), and
# the bootnode and logback methods on the stacks (inclusive), each with its share of the samples.
#
#   bench/storm/jfr-top.sh FILE.jfr [N]      N lines per table (default 20)
#
# Record with, for run.sh (1 ms sampling instead of JFR's 10-20 ms, JDK 17 and later):
#   BOOTNODE_JAVA_OPTS='-XX:StartFlightRecording:jdk.ExecutionSample#period=1ms,filename=/tmp/bn.jfr,dumponexit=true'
# JFR samples threads running Java code only: time in system calls and in the JIT compilers is
# not in these tables (the storm report's per-thread CPU shows it).
set -euo pipefail
file=$1 n=${2:-20}
jfr print --events jdk.ExecutionSample --stack-depth 64 "$file" | awk -v n="$n" '
  /^jdk.ExecutionSample/ { inside = 0; first = 0; delete seen }
  /sampledThread = / { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); gsub(/[0-9]+/, "N", t); thread[t]++; samples++ }
  /stackTrace = \[/ { inside = 1; first = 1; next }
  inside && /^[ \t]*\]/ { inside = 0; next }
  inside {
    f = $0; sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*/, "", f)
    if (f == "...") next
    if (first) { self[f]++; first = 0 }
    m = f; sub(/\(.*/, "", m)
    if ((m ~ /^org\.bootnode\./ || m ~ /^ch\.qos\./) && !(m in seen)) { seen[m] = 1; incl[m]++ }
  }
  function table(title, a,   k, i, j, keys, cnt, tmp) {
    print "== " title
    cnt = 0; for (k in a) keys[++cnt] = k
    for (i = 2; i <= cnt; i++) { tmp = keys[i]; for (j = i - 1; j >= 1 && a[keys[j]] < a[tmp]; j--) keys[j + 1] = keys[j]; keys[j + 1] = tmp }
    for (i = 1; i <= cnt && i <= n; i++) printf "%6d %5.1f%%  %s\n", a[keys[i]], 100 * a[keys[i]] / samples, keys[i]
  }
  END {
    print "samples: " samples
    table("threads", thread); table("top frames (self)", self); table("bootnode and logback methods on the stack (inclusive)", incl)
  }'
