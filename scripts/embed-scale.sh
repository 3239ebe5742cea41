#!/usr/bin/env bash
# Scale check of `sentemb embed` (issue 11): N short generated lines through the default tiny
# random OPT (hidden 64, 2 layers), streamed to a .npy. Runs N/10 lines first, then N, and prints
# peak RSS (from /usr/bin/time) and sentences/s (embed's own summary line, model load excluded)
# for both: flat memory means the two peaks match while the row count grows tenfold.
#
#   scripts/embed-scale.sh              # 100,000 then 1,000,000 lines (the recorded run; idle machine)
#   scripts/embed-scale.sh 20000        # 2,000 then 20,000 lines (smoke test)
#
# Environment: SCALE_DIR (work folder, default trainer/target/embed-scale), SCALE_BATCH (default 64),
# JAVA_OPTS (default -Xmx64m) and SENTEMB_THREADS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-1000000}"
dir="${SCALE_DIR:-$root/trainer/target/embed-scale}"
batch="${SCALE_BATCH:-64}"
mkdir -p "$dir"
# a bounded heap: a run that held the corpus in memory would fail here instead of just growing
export JAVA_OPTS="${JAVA_OPTS:--Xmx64m}"
"$root/scripts/sentemb" init -q --force --output "$dir/tiny-opt" >/dev/null

run() {
  local lines="$1" input="$dir/lines-$1.txt"
  # short, distinct lines of 5-12 words
  awk -v n="$lines" 'BEGIN { split("a man woman dog cat plays runs eats the in on park city red small near old", w, " ");
    for (i = 0; i < n; i++) { k = 5 + i % 8; s = "line " i; for (j = 0; j < k; j++) s = s " " w[1 + (i * 7 + j * 13) % 17]; print s } }' > "$input"
  /usr/bin/time -v "$root/scripts/sentemb" embed --model "$dir/tiny-opt" --input "$input" --output "$dir/out-$lines.npy" \
    --batch-size "$batch" 2> "$dir/log-$lines.txt"
  local rss rate
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/log-$lines.txt")
  rate=$(grep -o '[0-9]* sentences/s' "$dir/log-$lines.txt" | tail -1)
  printf '%10d lines: peak RSS %7.1f MiB, %s, output %s bytes\n' "$lines" "$(echo "$rss / 1024" | bc -l)" "$rate" \
    "$(stat -c %s "$dir/out-$lines.npy")"
  rm -f "$input" "$dir/out-$lines.npy"
}

echo "embed-scale: load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, batch $batch" >&2
run $(( n / 10 ))
run "$n"
