#!/usr/bin/env bash
# Checks the release bundle as a user installs it (CI runs this after the tests): builds
# trainer/target/sentemb-<version>.tar.gz with `mvn package` if it is missing or older than the
# sources, unpacks it into an empty temp folder outside the checkout, and from there runs
# `bin/sentemb --version` and a short `bin/sentemb demo` (a few steps) under the launcher's
# variables. Only a JRE is used: the bundle has no pom.xml, so its launcher never calls Maven.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/trainer/target"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)"
bundle="$target/sentemb-$version.tar.gz"
if [[ ! -f "$bundle" || -n "$(find "$root/trainer/src/main" "$root/trainer/src/assembly" "$root/scripts/sentemb" "$root/recipes" \
      "$root/data" "$root/pom.xml" "$root/trainer/pom.xml" -newer "$bundle" -print -quit)" ]]; then
  echo "bundle-check: mvn -B -DskipTests package" >&2
  (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package 2>&1 | sed $'s/\x1b\\[[0-9;]*m//g' >&2)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar xzf "$bundle" -C "$work"
home="$work/sentemb-$version"
for f in bin/sentemb lib/sentemb-trainer-$version.jar recipes/tiny.conf data/tokenizer/vocab.json data/nli-sample.csv README.md; do
  [[ -e "$home/$f" ]] || { echo "bundle-check: $bundle lacks $f" >&2; exit 1; }
done
[[ ! -e "$home/pom.xml" ]] || { echo "bundle-check: the bundle must not hold a pom.xml" >&2; exit 1; }
echo "bundle-check: $(du -sh "$home/lib" | cut -f1) in $(ls "$home/lib" | wc -l) jars under lib/" >&2

cd "$work"
got="$("$home/bin/sentemb" --version)"
[[ "$got" == "sentemb $version" ]] || { echo "bundle-check: --version printed '$got', expected 'sentemb $version'" >&2; exit 1; }
out="$(SENTEMB_THREADS=1 SENTEMB_GPU=0 SENTEMB_DEBUG=1 "$home/bin/sentemb" demo -q schedule.max-steps=6 eval.every=3 \
  checkpoint.save-every=3)"
echo "$out"
grep -q "Before and after training" <<<"$out" || { echo "bundle-check: the demo printed no results table" >&2; exit 1; }
ls "$work"/checkpoints/demo-*/final/results.json >/dev/null
echo "bundle-check: ok ($bundle runs from $work with only a JRE)" >&2
