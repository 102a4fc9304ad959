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
# BOOTNODE_JAR picks the jar (default: bootnode-server/target/bootnode.jar), or several jars
# separated by spaces (e.g. before and after a change: each is run in every round);
# bootnode runs through packaging/bootnode, the launcher a package installs as /usr/bin/bootnode
# (serial GC, heap sized for the compression threads); BOOTNODE_JAVA_OPTS adds JVM options
# after the launcher's;
# COMPRESSIONS the list to run (default: "xz gzip").
# Needs: java, cpio, xz, gzip, GNU time (/usr/bin/time), bc.
set -euo pipefail
cd "$(dirname "$0")/../.."
read -r -a jars <<< "${BOOTNODE_JAR:-bootnode-server/target/bootnode.jar}"
[[ -f ${jars[0]} ]] || ./mvnw -B -ntp -q package -DskipTests -pl bootnode-server -am
threads=${2:-$(nproc)}
rounds=${3:-3}
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
  "rounds: $rounds; jars: ${jars[*]} ${BOOTNODE_JAVA_OPTS:-}; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"

# prints "wall user sys peak_kib"
timed() { /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null; cat "$work/time"; }
run() {  # run TOOL COMPRESSION OUTPUT: TOOL is "reference" or a jar
  local cmd
  if [[ $1 == reference ]]; then
    case $2 in
      xz)   cmd="xz --check=crc32 -T$threads -6" ;;
      gzip) cmd="gzip -6" ;;
    esac
    timed bash -c "cd '$tree' && find . | LC_ALL=C sort | cpio -o -H newc --quiet | $cmd > '$3'"
  else
    BOOTNODE_JAR=$1 timed packaging/bootnode image pack "$tree" --output "$3" --compression "$2" --threads "$threads"
  fi
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
spread() { sort -g "$1" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s..%s", lo, hi }'; }

for c in ${COMPRESSIONS:-xz gzip}; do
  for ((i = 0; i < ${#jars[@]}; i++)); do : > "$work/ratio$i"; : > "$work/bt$i"; : > "$work/brss$i"; done
  : > "$work/rt"; : > "$work/rrss"
  tools=(reference "${jars[@]}")
  for ((r = 1; r <= rounds; r++)); do
    # the order rotates each round, so that no tool always runs first or last
    for ((k = 0; k < ${#tools[@]}; k++)); do
      i=$(( (k + r - 1) % ${#tools[@]} ))
      read -r t u s rss < <(run "${tools[$i]}" "$c" "$work/out$i.img")
      echo "$t $u $s $rss" > "$work/res$i"
    done
    read -r rt ru rs rrss < "$work/res0"; rsize=$(stat -c %s "$work/out0.img")
    echo "$rt" >> "$work/rt"; echo "$rrss" >> "$work/rrss"
    printf '%-4s round %d: reference %6.1f s (cpu %6.1f s, rss %4d MiB) %10d B; load %s\n' "$c" "$r" "$rt" \
      "$(echo "$ru + $rs" | bc)" $((rrss / 1024)) "$rsize" "$(cut -d' ' -f1 /proc/loadavg)"
    for ((i = 0; i < ${#jars[@]}; i++)); do
      read -r bt bu bs brss < "$work/res$((i + 1))"; bsize=$(stat -c %s "$work/out$((i + 1)).img")
      ratio=$(echo "scale=3; $bt / $rt" | bc)
      echo "$ratio" >> "$work/ratio$i"; echo "$bt" >> "$work/bt$i"; echo "$brss" >> "$work/brss$i"
      echo "$bsize $rsize" > "$work/size$i"
      printf '%-4s          %s %6.1f s (cpu %6.1f s, rss %4d MiB) %10d B | time ratio %.2f size ratio %.4f\n' "$c" \
        "$(basename "${jars[$i]}")" "$bt" "$(echo "$bu + $bs" | bc)" $((brss / 1024)) "$bsize" "$ratio" \
        "$(echo "scale=4; $bsize / $rsize" | bc)"
    done
  done
  for ((i = 0; i < ${#jars[@]}; i++)); do
    read -r bsize rsize < "$work/size$i"
    printf '%-4s median %s: %s s vs reference %s s, time ratio %s (spread %s), size ratio %.4f, peak RSS %d MiB (spread %s KiB) vs reference %d MiB\n' \
      "$c" "$(basename "${jars[$i]}")" "$(median < "$work/bt$i")" "$(median < "$work/rt")" "$(median < "$work/ratio$i")" \
      "$(spread "$work/ratio$i")" "$(echo "scale=4; $bsize / $rsize" | bc)" $(( $(sort -g "$work/brss$i" | tail -1) / 1024 )) \
      "$(spread "$work/brss$i")" $(( $(sort -g "$work/rrss" | tail -1) / 1024 ))
  done
done
