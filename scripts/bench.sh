#!/usr/bin/env bash
# Speed and memory benchmark: the Java (DJL) benchmark, then the PyTorch-eager baseline on the
# identical inputs it wrote, back to back (never at the same time: they would share the cores),
# then docs/bench-results.{csv,json} and the generated section of docs/bench.md. The training
# steps of both engines are also timed in alternation, in the same rounds: the Java benchmark
# runs bench_pytorch.py --serve as a peer process and asks it for one step at a time.
#
#   scripts/bench.sh                 # default suite (a few minutes on an idle 2-core machine)
#   scripts/bench.sh --full          # adds opt-350m (embedding, training) and a longer memory sweep
#   scripts/bench.sh --sections embed --embed-shapes opt-125m   # any sentemb.bench.Benchmark option
#   scripts/bench.sh --sections parallel   # 2 cpu replicas x 1 thread: prints concurrent/sequential per shape
#   scripts/bench.sh --sections sts --sts-data ../shared/data/downstream   # whole STS suite vs PyTorch
#
# Environment: BENCH_THREADS (intra-op threads of both engines; default: all cores),
# BENCH_OUT (raw outputs; default trainer/target/bench), JAVA_OPTS (default -Xmx3g),
# OMP_WAIT_POLICY (default PASSIVE: with busy-waiting OpenMP threads, a machine shared with other
# work slows small kernels by 10-40x; see docs/bench.md), PYTHON (default /usr/bin/python3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/trainer/target"
out="${BENCH_OUT:-$target/bench}"
threads="${BENCH_THREADS:-$(nproc)}"
python="${PYTHON:-/usr/bin/python3}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"

if [[ ! -f "$target/sentemb-trainer.jar" || ! -d "$target/lib" \
      || -n "$(find "$root/trainer/src/main" -newer "$target/sentemb-trainer.jar" -print -quit)" ]]; then
  echo "bench: building the trainer..." >&2
  (cd "$root" && mvn -q -B -o -DskipTests package >&2)
fi
mkdir -p "$out"

echo "bench: Java (DJL), $threads threads, load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -Xms128m -Xmn64m -XX:+AlwaysPreTouch ${JAVA_OPTS:--Xmx3g} -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
  -Dai.djl.pytorch.num_interop_threads=1 -cp "$target/sentemb-trainer.jar:$target/lib/*" \
  sentemb.bench.Benchmark --out "$out" --threads "$threads" --tokenizer "$root/data/tokenizer" \
  --pytorch-peer "$root/scripts/bench_pytorch.py" --pytorch-python "$python" "$@"

echo "bench: PyTorch eager, $threads threads, load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$python" "$root/scripts/bench_pytorch.py" --inputs "$out/bench-inputs.json" --out "$out/bench-pytorch.json"

"$python" "$root/scripts/bench_report.py" --java "$out/bench-java.json" --pytorch "$out/bench-pytorch.json" \
  --csv "$root/docs/bench-results.csv" --json "$root/docs/bench-results.json" --markdown "$root/docs/bench.md"
