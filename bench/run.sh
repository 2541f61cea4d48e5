#!/usr/bin/env bash
# Benchmark: build synthetic dossiers of N events and report wall time,
# user+sys CPU, peak memory and pages written; with --hugo, build the same
# corpus with Hugo in the same run for comparison. Each tool builds twice:
# into a missing output folder ("none") and again over that output ("kept").
# Not part of the tests.
#
#   bench/run.sh [--hugo] [--runs R] [N ...]      (default N: 1000 10000)
#
# The corpus comes from shared/bench/gen_corpus.py (set GEN to override);
# results are appended to bench/RESULTS.md.
#
# Before a "none" build the old output is moved aside, not deleted, and the
# moved outputs are deleted when the run ends: on this machine's ext4, a
# folder of 12k files deleted just before a build makes creating the next
# 12k files two to three times slower for a few minutes (the kernel's inode
# allocator skips recently deleted inodes: recently_deleted() and
# find_inode_bit() were half of a slow build's profile), which measured
# the filesystem rather than the tools.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
gen="${GEN:-$repo/../shared/bench/gen_corpus.py}"
work="${BENCH_DIR:-/tmp/dossier-bench}"
hugo=0; runs=1; sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --hugo) hugo=1 ;;
    --runs) runs="$2"; shift ;;
    *) sizes+=("$1") ;;
  esac
  shift
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
[ -f "$gen" ] || { echo "generator not found: $gen (set GEN=path/to/gen_corpus.py)" >&2; exit 1; }
if [ "$hugo" = 1 ] && ! command -v hugo >/dev/null; then
  echo "hugo is not installed: apt-get install hugo" >&2; exit 1
fi

(cd "$repo" && cargo build --release --locked --quiet)
bin="$repo/target/release/dossier"
mkdir -p "$work"
trash="$work/.set-aside"
mkdir -p "$trash"
trap 'rm -rf "$trash"' EXIT
# set_aside DIR: moves DIR out of the way (a rename), if it exists.
set_aside() {
  if [ -e "$1" ]; then mv "$1" "$(mktemp -d "$trash/out.XXXXXX")/"; fi
}

# measure LABEL COMMAND...: prints "wall user+sys maxrss_mib" from /usr/bin/time -v
measure() {
  local log; log="$(mktemp)"
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n=split($2,t,":"); w=(n==3)? t[1]*3600+t[2]*60+t[3] : t[1]*60+t[2] }
    /User time/ { u=$2 } /System time/ { s=$2 } /Maximum resident/ { m=$2 }
    END { printf "%.2f %.2f %.0f\n", w, u+s, m/1024 }' "$log"
  rm -f "$log"
}

stamp="$(date -u +%Y-%m-%dT%H:%MZ)"
rev="$(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
{
  echo
  echo "## $stamp, dossier $rev, $(nproc) cores"
  echo
  echo "| events | tool | output | wall s | user+sys s | peak MiB | pages | run |"
  echo "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |"
} >> "$here/RESULTS.md"

for n in "${sizes[@]}"; do
  corpus="$work/c$n"
  if [ ! -d "$corpus/dossier" ]; then
    sites="dossier"; [ "$hugo" = 1 ] && sites="dossier,hugo"
    python3 "$gen" --events "$n" --seed 1 --out "$corpus" --sites "$sites" >/dev/null
  fi
  if [ "$hugo" = 1 ] && [ ! -d "$corpus/hugo" ]; then
    python3 "$gen" --events "$n" --seed 1 --out "$corpus" --sites hugo >/dev/null
  fi
  for r in $(seq 1 "$runs"); do
    # "none": a build into a missing output folder; "kept": the same build
    # again over the output of the first (an editor's next build).
    set_aside "$corpus/dossier/public"
    for output in none kept; do
      read -r wall cpu mem < <(measure "$bin" build --root "$corpus/dossier")
      pages=$(find "$corpus/dossier/public" -name '*.html' | wc -l)
      line="| $n | dossier | $output | $wall | $cpu | $mem | $pages | $r |"
      echo "$line"; echo "$line" >> "$here/RESULTS.md"
    done
    if [ "$hugo" = 1 ]; then
      set_aside "$corpus/hugo/public"
      for output in none kept; do
        read -r wall cpu mem < <(measure hugo --quiet --source "$corpus/hugo" --destination "$corpus/hugo/public")
        pages=$(find "$corpus/hugo/public" -name '*.html' | wc -l)
        line="| $n | hugo $(hugo version | awk '{print $2}') | $output | $wall | $cpu | $mem | $pages | $r |"
        echo "$line"; echo "$line" >> "$here/RESULTS.md"
      done
    fi
  done
done
