#!/usr/bin/env bash
# Image building: bootnode image pack against find | sort | cpio -o -H newc | xz --check=crc32,
# on the same tree, in the same run, at the same preset and number of threads; gzip against
# gzip -6 (single-threaded: gzip has no threads). Runs are interleaved (the order alternates
# each round) and repeated, so that load from other work on the machine hits both tools alike;
# prints every run, then the median and the spread (min..max) of the time ratio, the size
# ratio, and both tools' peak RSS (GNU time's %M: the largest single process).
#
#   bench/image/image-build.sh [TREE] [THREADS] [ROUNDS]
#
# TREE defaults to a ~200 MiB tree of real files copied from /usr (lib, share, bin);
# THREADS defaults to the number of processors; ROUNDS to 3.
# BOOTNODE_JAR picks the jar (default: bootnode-server/target/bootnode.jar);
# BOOTNODE_JAVA_OPTS the JVM options (default: none, the JVM's own heap sizing);
# COMPRESSIONS the list to run (default: "xz gzip").
# Needs: java, cpio, xz, gzip, GNU time (/usr/bin/time), bc.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=${BOOTNODE_JAR:-bootnode-server/target/bootnode.jar}
[[ -f $jar ]] || ./mvnw -B -ntp -q package -DskipTests -pl bootnode-server -am
threads=${2:-$(nproc)}
rounds=${3:-3}
read -r -a java_opts <<< "${BOOTNODE_JAVA_OPTS:-}"
work=$(mktemp -d /tmp/bootnode-bench-image.XXXXXX)
trap 'rm -rf "$work"' EXIT

tree=${1:-}
if [[ -z $tree ]]; then
  tree=$work/tree
  mkdir -p "$tree"
  # real files (binaries, libraries, text) until their sizes add up to 200 MiB
  (cd / && find usr/lib usr/share usr/bin -xdev -type f -size -8M -printf '%s %p\n' 2>/dev/null \
    | awk '{ s += $1; if (s > 200 * 1048576) exit; print $2 }') \
    | (cd / && cpio -pdm --quiet "$tree" 2>/dev/null) || true
fi
echo "tree: $tree, $(du -sm "$tree" | cut -f1) MiB, $(find "$tree" | wc -l) entries; threads: $threads;" \
  "rounds: $rounds; jar: $jar ${java_opts[*]}; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"

# prints "wall user sys peak_kib"
timed() { /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null; cat "$work/time"; }
bootnode() { timed java "${java_opts[@]}" -jar "$jar" image pack "$tree" --output "$work/b.img" --compression "$1" --threads "$threads"; }
reference() {
  local cmd
  case $1 in
    xz)   cmd="xz --check=crc32 -T$threads -6" ;;
    gzip) cmd="gzip -6" ;;
  esac
  timed bash -c "cd '$tree' && find . | LC_ALL=C sort | cpio -o -H newc --quiet | $cmd > '$work/r.img'"
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
stats() { sort -g "$1" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s..%s", lo, hi }'; }

for c in ${COMPRESSIONS:-xz gzip}; do
  : > "$work/ratio"; : > "$work/bt"; : > "$work/rt"; : > "$work/brss"; : > "$work/rrss"
  for ((r = 1; r <= rounds; r++)); do
    if ((r % 2)); then
      read -r bt bu bs brss < <(bootnode "$c"); read -r rt ru rs rrss < <(reference "$c")
    else
      read -r rt ru rs rrss < <(reference "$c"); read -r bt bu bs brss < <(bootnode "$c")
    fi
    bsize=$(stat -c %s "$work/b.img"); rsize=$(stat -c %s "$work/r.img")
    ratio=$(echo "scale=3; $bt / $rt" | bc)
    echo "$ratio" >> "$work/ratio"; echo "$bt" >> "$work/bt"; echo "$rt" >> "$work/rt"
    echo "$brss" >> "$work/brss"; echo "$rrss" >> "$work/rrss"
    printf '%-4s round %d: bootnode %6.1f s (cpu %6.1f s, rss %4d MiB) %10d B | reference %6.1f s (cpu %6.1f s, rss %4d MiB) %10d B | time %.2f size %.4f | load %s\n' \
      "$c" "$r" "$bt" "$(echo "$bu + $bs" | bc)" $((brss / 1024)) "$bsize" "$rt" "$(echo "$ru + $rs" | bc)" $((rrss / 1024)) "$rsize" \
      "$ratio" "$(echo "scale=4; $bsize / $rsize" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
  done
  printf '%-4s median: bootnode %s s, reference %s s, time ratio %s (spread %s), size ratio %.4f, peak RSS bootnode %d MiB (%s KiB), reference %d MiB\n' \
    "$c" "$(median < "$work/bt")" "$(median < "$work/rt")" "$(median < "$work/ratio")" "$(stats "$work/ratio")" \
    "$(echo "scale=4; $bsize / $rsize" | bc)" $(( $(sort -g "$work/brss" | tail -1) / 1024 )) "$(stats "$work/brss")" \
    $(( $(sort -g "$work/rrss" | tail -1) / 1024 ))
done
