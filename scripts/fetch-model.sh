#!/usr/bin/env bash
# Downloads a Hugging Face decoder checkpoint (OPT, LLaMA, Mistral, Qwen2: config, weights, tokenizer files) into models/<name>:
#   scripts/fetch-model.sh facebook/opt-1.3b
# Needs network access, curl and python3. Large weight files are verified against the
# sha256 that the hub publishes for them (Git LFS); small files have none to check.
set -euo pipefail
repo="${1:?usage: fetch-model.sh facebook/opt-1.3b [revision]}"
rev="${2:-main}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/models/${repo#*/}"
mkdir -p "$out"
api="https://huggingface.co/api/models/$repo/revision/$rev?blobs=true"
listing="$(curl -fsSL "$api")"
python3 - "$listing" > "$out/.files.tsv" <<'PY'
import json, sys
info = json.loads(sys.argv[1])
wanted = {"config.json", "vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"}
names = [s["rfilename"] for s in info.get("siblings", [])]
has_st = any(n.endswith(".safetensors") for n in names)
for s in info.get("siblings", []):
    n = s["rfilename"]
    weight = (n.endswith(".safetensors") or n == "model.safetensors.index.json") if has_st else \
             (n.startswith("pytorch_model") and (n.endswith(".bin") or n.endswith(".index.json")))
    if n in wanted or weight:
        print(n, (s.get("lfs") or {}).get("sha256", "-"), sep="\t")
PY
while IFS=$'\t' read -r name sha; do
  if [[ ! -s "$out/$name" ]]; then
    echo "downloading $name"
    curl -fL --retry 3 -o "$out/$name.part" "https://huggingface.co/$repo/resolve/$rev/$name"
    mv "$out/$name.part" "$out/$name"
  fi
  if [[ "$sha" != "-" ]]; then
    got=$(sha256sum "$out/$name" | cut -d' ' -f1)
    [[ "$got" == "$sha" ]] || { echo "sha256 mismatch for $name: $got (hub says $sha)" >&2; exit 1; }
    echo "ok  $name (sha256 verified)"
  fi
done < "$out/.files.tsv"
rm -f "$out/.files.tsv"
echo "model ready: --model $out"
