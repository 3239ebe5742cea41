#!/usr/bin/env bash
# Downloads the real training and evaluation data into the layout sentemb expects:
#   data/nli_for_simcse.csv   SimCSE's 275k NLI triplets (princeton-nlp/datasets-for-simcse)
#   data/downstream/          SentEval's STS12-16, STS-B, SICK and transfer tasks, made by
#                             SentEval's own get_transfer_data.bash (which also tokenizes them)
# Needs network access, git, curl, perl. Checksums are checked where published (STS-B's
# original CSVs); SimCSE publishes none for its CSV, so only its row count is checked.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/data"
mkdir -p "$data"

nli="$data/nli_for_simcse.csv"
if [[ ! -s "$nli" ]]; then
  echo "downloading SimCSE NLI triplets..."
  curl -fL --retry 3 -o "$nli.part" \
    "https://huggingface.co/datasets/princeton-nlp/datasets-for-simcse/resolve/main/nli_for_simcse.csv"
  mv "$nli.part" "$nli"
fi
rows=$(($(wc -l < "$nli") - 1))
echo "nli_for_simcse.csv: $rows lines after the header (SimCSE reports 275,601 triplets)"

if [[ ! -d "$data/downstream/STS" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  echo "fetching SentEval's data script..."
  git clone --depth 1 https://github.com/facebookresearch/SentEval "$tmp/SentEval"
  (cd "$tmp/SentEval/data/downstream" && bash get_transfer_data.bash)
  mkdir -p "$data/downstream"
  cp -r "$tmp/SentEval/data/downstream/." "$data/downstream/"
fi

# STS-B: the original distribution's CSVs have published md5s (see ../shared/data/README.md).
# SentEval's script tokenizes STS-B, so its files differ; check the original if present.
check() { local f="$1" want="$2"; [[ -f "$f" ]] || return 0
  got=$(md5sum "$f" | cut -d' ' -f1)
  if [[ "$got" == "$want" ]]; then echo "ok  $f"; else echo "md5 mismatch for $f: $got (expected $want)" >&2; exit 1; fi; }
orig="$data/downstream/STS/STSBenchmark-original"
check "$orig/sts-train.csv" e0a88b5f5df2159a499edb6183bd6722
check "$orig/sts-dev.csv" d8861ba32277033ed6b1315883894f78
check "$orig/sts-test.csv" f8c608a4dcfeff4ea11912ea72aacd6e
echo "data ready: --data $data/downstream, data.train = \"$nli\""
