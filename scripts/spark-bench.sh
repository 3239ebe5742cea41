#!/usr/bin/env bash
# Scale benchmark of the Spark job: N short sentences embedded with the tiny model by
#   1. the single-process `sentemb embed` (.npy output), and
#   2. `spark-embed --master local[2]` once per partition count (Parquet output),
# one after the other (never at the same time: they would share the cores). Prints a markdown
# table (sentences/s, peak RSS, model loads, per-partition times) for docs/bench.md and the fit
# of wall time against partition count that gives the per-partition overhead.
#
#   scripts/spark-bench.sh                    # 1,000,000 sentences, partitions 2 8 32
#   scripts/spark-bench.sh 2000 "2 4"         # smoke test
#
# Environment: BENCH_OUT (default spark/target/spark-bench), MASTER (default local[2]),
# BATCH (default 32), JAVA_OPTS (default -Xmx6g). Needs /usr/bin/time and python3 (summary only).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-1000000}"
parts="${2:-2 8 32}"
out="${BENCH_OUT:-$root/spark/target/spark-bench}"
master="${MASTER:-local[2]}"
batch="${BATCH:-32}"
export JAVA_OPTS="${JAVA_OPTS:--Xmx6g}"
mkdir -p "$out"

model="$out/tiny-model"
[[ -f "$model/config.json" ]] || "$root/scripts/sentemb" init --output "$model" >&2   # hidden 64, 2 layers

corpus="$out/corpus-$n.txt"
if [[ ! -f "$corpus" ]]; then
  # short sentences (4 to 12 words) from a fixed vocabulary, the same on every run
  awk -v n="$n" 'BEGIN {
    split("the a man woman dog cat child plays runs sits eats reads on in near with under big small red old new quickly slowly park street table garden book ball", w, " ");
    x = 12345;
    for (i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) % 2147483648; len = 4 + x % 9; s = "";
      for (j = 0; j < len; j++) { x = (x * 1103515245 + 12345) % 2147483648; s = s (j ? " " : "") w[1 + x % 30]; }
      print toupper(substr(s, 1, 1)) substr(s, 2) ".";
    }
  }' > "$corpus"
fi

echo "spark-bench: $n sentences, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rm -f "$out/single.npy"
/usr/bin/time -f "%e %M" -o "$out/single.time" "$root/scripts/sentemb" embed --model "$model" --input "$corpus" \
  --output "$out/single.npy" --batch-size "$batch" >&2
for p in $parts; do
  rm -rf "$out/spark-$p.parquet"
  /usr/bin/time -f "%e %M" -o "$out/spark-$p.time" "$root/scripts/spark-embed" --master "$master" --model "$model" \
    --input "$corpus" --output "$out/spark-$p.parquet" --partitions "$p" --batch-size "$batch" --stats "$out/stats-$p.json" >&2
done

python3 - "$out" "$n" "$master" "$parts" <<'PY' | tee "$out/spark-bench.md"
import json, sys
out, n, master, parts = sys.argv[1], int(sys.argv[2]), sys.argv[3], [int(p) for p in sys.argv[4].split()]
def wall(name):
    s, kb = open(f"{out}/{name}.time").read().split()[-2:]
    return float(s), int(kb) / 1024
ws, rs = wall("single")
print(f"| run | partitions | wall s (whole command) | embed+write s | sentences/s (embed+write) | peak RSS MiB | model loads |")
print("|---|---|---|---|---|---|---|")
print(f"| `sentemb embed` (one process) | — | {ws:.1f} | — | {n / ws:,.0f} (whole command) | {rs:,.0f} | 1 |")
points = []
for p in parts:
    w, r = wall(f"spark-{p}")
    st = json.load(open(f"{out}/stats-{p}.json"))
    peak = max(st["peakRssMbPerExecutor"].values())
    print(f"| `spark-embed --master {master}` | {st['partitions']} | {w:.1f} | {st['embedAndWriteSeconds']:.1f} | "
          f"{st['sentencesPerSecond']:,.0f} | {peak:,.0f} (executor), {r:,.0f} (JVM) | {st['modelLoads']} |")
    secs = [q["seconds"] for q in st["partitionSeconds"]]
    print(f"|  per partition | | | min {min(secs):.2f} / max {max(secs):.2f} s | first vector after "
          f"{max(q['firstVectorSeconds'] for q in st['partitionSeconds']):.2f} s at most | | |")
    points.append((st["partitions"], st["embedAndWriteSeconds"]))
if len(points) >= 2:
    # least squares T(P) = a + b * P over the runs: b is the wall-clock cost of one more partition
    k = len(points); mx = sum(p for p, _ in points) / k; my = sum(t for _, t in points) / k
    b = sum((p - mx) * (t - my) for p, t in points) / max(1e-12, sum((p - mx) ** 2 for p, _ in points))
    a = my - b * mx
    print(f"\nfit over {k} runs: embed+write seconds = {a:.2f} + {b:.4f} x partitions "
          f"(per-partition overhead on {master}: {b:.4f} s of wall time)")
PY
