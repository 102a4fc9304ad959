#!/usr/bin/env bash
# Image building: bootnode image pack against find | cpio -o -H newc | xz --check=crc32,
# on the same tree, in the same run, at the same preset and number of threads.
# Prints time and size ratios (bootnode / reference) for xz and gzip, and bootnode's peak RSS.
#
#   bench/image/image-build.sh [TREE] [THREADS]
#
# TREE defaults to a ~200 MiB tree of real files copied from /usr (lib, share, bin);
# THREADS defaults to the number of processors. Needs: java, cpio, xz, gzip, GNU time (optional).
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=bootnode-server/target/bootnode.jar
[[ -f $jar ]] || ./mvnw -B -ntp -q package -DskipTests -pl bootnode-server -am
threads=${2:-$(nproc)}
work=$(mktemp -d /tmp/bootnode-bench-image.XXXXXX)
trap 'rm -rf "$work"' EXIT

tree=${1:-}
if [[ -z $tree ]]; then
  tree=$work/tree
  mkdir -p "$tree"
  # real files: binaries, libraries, text; stop at about 200 MiB
  (cd / && find usr/lib usr/share usr/bin -xdev -type f -size -8M 2>/dev/null | head -n 20000) \
    | (cd / && cpio -pdm --quiet "$tree" 2>/dev/null) || true
  while (( $(du -sm "$tree" | cut -f1) > 200 )); do
    find "$tree" -type f | tail -n 500 | xargs rm -f
  done
fi
echo "tree: $tree, $(du -sm "$tree" | cut -f1) MiB, $(find "$tree" | wc -l) entries; threads: $threads"

seconds() { local s=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $s" | bc; }
timed_rss() {  # prints "seconds peak_kib"
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null
    cat "$work/time"
  else
    echo "$(seconds "$@") ?"
  fi
}
ref() { (cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | "$@") ; }

for c in xz gzip; do
  case $c in
    xz)   ref_cmd=(xz --check=crc32 -T"$threads" -6) ;;
    gzip) ref_cmd=(gzip -6) ;;
  esac
  read -r bt brss < <(timed_rss java -jar "$jar" image pack "$tree" --output "$work/b.img" --compression $c --threads "$threads")
  rt=$(seconds bash -c "$(declare -f ref); tree='$tree'; ref ${ref_cmd[*]} > '$work/r.img'")
  bs=$(stat -c %s "$work/b.img"); rs=$(stat -c %s "$work/r.img")
  printf '%-4s bootnode %6.1f s %11d B (peak RSS %s KiB) | reference %6.1f s %11d B | time ratio %.2f size ratio %.3f\n' \
    $c "$bt" "$bs" "$brss" "$rt" "$rs" "$(echo "$bt / $rt" | bc -l)" "$(echo "$bs / $rs" | bc -l)"
done
