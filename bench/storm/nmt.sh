#!/usr/bin/env bash
# Where a JVM's resident memory goes: its native memory summary (the server must run with
# -XX:NativeMemoryTracking=summary), one line per category, committed KiB, largest first, and
# the process's RSS and peak. For run.sh: AT_END=bench/storm/nmt.sh.
set -euo pipefail
pid=$1
echo "--- native memory of $pid: $(grep -E 'VmRSS|VmHWM' /proc/"$pid"/status | tr -s ' \t' ' ' | paste -sd ',')"
jcmd "$pid" VM.native_memory summary |
  sed -n 's/^-\{0,1\} *\([A-Za-z][A-Za-z ]*\) (reserved=[0-9]*KB, committed=\([0-9]*\)KB).*/\2 \1/p' |
  sort -rn | head -n 14 | awk '{ printf "  %8.1f MiB  %s\n", $1 / 1024, substr($0, index($0, " ") + 1) }'
# what NMT does not see: file-backed pages (mapped files, the jar) against anonymous ones (malloc arenas)
awk '/^(Rss|Anonymous|Shared_Clean|Private_Clean):/ { printf "  %8.1f MiB  smaps %s\n", $2 / 1024, $1 }' /proc/"$pid"/smaps_rollup
