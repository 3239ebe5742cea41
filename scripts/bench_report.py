#!/usr/bin/python3
"""Merges the Java benchmark's results with the PyTorch baseline's (scripts/bench_pytorch.py).

Writes one CSV (every row of both engines, an `engine` column first), one JSON (both result
files and the matched comparison rows), and regenerates the part of docs/bench.md between
the markers <!-- bench-results:begin --> and <!-- bench-results:end --> (the rest of the file is
hand-written and left alone).

  /usr/bin/python3 scripts/bench_report.py --java bench-out/bench-java.json \\
      --pytorch bench-out/bench-pytorch.json --csv docs/bench-results.csv \\
      --json docs/bench-results.json --markdown docs/bench.md
"""
import argparse
import csv
import io
import json
import math
import sys

BEGIN = "<!-- bench-results:begin -->"
END = "<!-- bench-results:end -->"
COLUMNS = ["section", "shape", "case", "variant", "batch", "sequences", "tokens", "padded_tokens", "forwards", "repeats",
           "median_s", "min_s", "cpu_s", "throughput", "unit", "gflop", "gflops", "peak_fraction", "peak_rss_mb", "rss_mb",
           "heap_mb", "managed_arrays", "data_s", "forward_s", "loss_s", "backward_s", "optimizer_s",
           "ops", "op_s", "rounds", "speedup_vs_pytorch", "speedup_vs_pytorch_min", "speedup_vs_pytorch_max",
           "speedup_vs_hf", "speedup_vs_hf_min", "speedup_vs_hf_max", "speedup_vs_no_share", "gain", "gain_min",
           "gain_max", "note"]
# Java variants (sentemb.bench.EmbedVariant): HF's step on our libtorch, padded with the other levers,
# and what a user gets (packed); embedding rows have no hf variant
VARIANTS = ["hf", "no-share", "default"]
# the PyTorch baseline's training steps timed by the Java benchmark in the same rounds (TrainingBench)
PAIRED = "pytorch-paired"


def rows_of(result, section):
    return [r for r in result["rows"] if r["section"] == section]


def find(result, section, shape, case, variant):
    for r in result["rows"]:
        if (r["section"], r["shape"], r["case"], r["variant"]) == (section, shape, case, variant):
            return r
    return None


def num(r, key):
    if r is None or key not in r:
        return float("nan")
    return float(r[key])


def ratio(a, b):
    return a / b if b and not math.isnan(a) and not math.isnan(b) else float("nan")


def fmt(v, digits=3):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, float):
        if abs(v) >= 100:
            return "%.0f" % v
        return ("%." + str(digits) + "g") % v
    return str(v)


def pct(v):
    return "–" if math.isnan(v) else "%.0f%%" % (100 * v)


def table(header, body):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(fmt(c) if not isinstance(c, str) else c for c in line) + " |" for line in body]
    return "\n".join(out)


def comparison(java, torch):
    """Embedding, training and STS-suite rows matched across engines on (section, shape, case).

    Per Java variant: throughput, its ratio to PyTorch eager, padded and real tokens; and the
    default variant against Java's own padded one (no-share: same libtorch, so that ratio is
    the work the levers save)."""
    out = []
    for section in ("embed", "train", "sts"):
        keys = []
        for r in rows_of(java, section):
            if (r["shape"], r["case"]) not in keys:
                keys.append((r["shape"], r["case"]))
        for shape, case in keys:
            t = find(torch, section, shape, case, "torch-eager") if torch else None
            paired = find(java, section, shape, case, PAIRED)
            if paired is not None:
                # the same rounds as Java's steps: the ratio is measured, not the machine's drift;
                # what only the baseline's own run measures (% of its matmul peak) comes from there
                peak = torch["environment"].get("matmul_peak_gflops") if torch else None
                gflop = num(paired, "gflop") if "gflop" in paired else num(t, "gflop")  # the same work
                gflops = gflop / num(paired, "median_s")
                t = dict(paired, gflops=gflops, peak_fraction=gflops / peak if peak else float("nan"))
            jv = {v: find(java, section, shape, case, v) for v in VARIANTS}
            any_row = next(r for r in jv.values() if r is not None)
            c = {"section": section, "shape": shape, "case": case, "unit": any_row["unit"],
                 "sequences": num(any_row, "sequences"),
                 "pytorch": num(t, "throughput"), "tokens_pytorch": num(t, "tokens"),
                 "padded_tokens_pytorch": num(t, "padded_tokens"), "gflops_pytorch": num(t, "gflops"),
                 "peak_fraction_pytorch": num(t, "peak_fraction"),
                 "cores_pytorch": ratio(num(t, "cpu_s"), num(t, "median_s")),
                 "peak_rss_mb_pytorch": num(t, "peak_rss_mb")}
            for v, r in jv.items():
                k = v.replace("-", "_")
                c["java_" + k] = num(r, "throughput")
                c["ratio_" + k] = ratio(num(r, "throughput"), num(t, "throughput"))
                c["tokens_java_" + k] = num(r, "tokens")
                c["padded_tokens_java_" + k] = num(r, "padded_tokens")
                c["forwards_java_" + k] = num(r, "forwards")
                c["gflop_" + k] = num(r, "gflop")
                c["gflops_java_" + k] = num(r, "gflops")
                c["peak_fraction_java_" + k] = num(r, "peak_fraction")
                c["cores_java_" + k] = ratio(num(r, "cpu_s"), num(r, "median_s"))
                c["peak_rss_mb_java_" + k] = num(r, "peak_rss_mb")
            c["default_vs_padded"] = ratio(c["java_default"], c["java_no_share"])
            c["default_vs_hf"] = ratio(c["java_default"], c["java_hf"])
            c["paired"] = paired is not None
            d = jv["default"] or {}
            for k in ("pytorch", "hf"):
                c["spread_" + k] = (num(d, "speedup_vs_" + k + "_min"), num(d, "speedup_vs_" + k + "_max"))
            c["rounds"] = num(d, "rounds")
            out.append(c)
    return out


def environment_lines(java, torch):
    lines = []
    for name, res in (("Java (DJL)", java), ("PyTorch eager", torch)):
        if res is None:
            continue
        e = res["environment"]
        lines.append("- %s: %s, %s intra-op threads on %s cores, OMP_WAIT_POLICY=%s, matmul peak %s GFLOP/s at the"
                     " start and %s at the end, load average %s → %s, %s → %s" % (
                         name, e.get("engine"), e.get("intra_op_threads"), e.get("cores"), e.get("omp_wait_policy"),
                         fmt(e.get("matmul_peak_gflops")), fmt(e.get("matmul_peak_gflops_end")),
                         fmt(e.get("load_average_start")), fmt(e.get("load_average_end")), e.get("started"),
                         e.get("finished")))
    return "\n".join(lines)


def triple(c, prefix, keys, f=fmt):
    return " / ".join(f(c[prefix + k]) if not math.isnan(c[prefix + k]) else "–" for k in keys)


def cores(c, variants=("no_share", "default")):
    """CPU seconds per wall second: the cores a run actually got (2 = the whole machine here)."""
    vals = [c["cores_pytorch"]] + [c["cores_java_" + v] for v in variants]
    return " / ".join("%.2f" % x if not math.isnan(x) else "–" for x in vals)


def comparison_markdown(java, torch):
    comp = comparison(java, torch)
    emb = [c for c in comp if c["section"] == "embed"]
    train = [c for c in comp if c["section"] == "train"]
    sts = [c for c in comp if c["section"] == "sts"]
    parts = ["### Embedding (sentences/s; ratio > 1: Java faster)", "",
             "The variants' runs and PyTorch eager's alternate in the same rounds (when the benchmark ran the",
             "PyTorch peer); [min, max] of the per-round ratios.", "",
             table(["shape", "prompt", "PyTorch eager", "Java no-share", "Java default",
                    "Java/PT no-share", "Java/PT default [per round]", "Java default/no-share",
                    "GFLOP no-share → default", "% of peak PT / no-share / default",
                    "CPU/wall PT / no-share / default", "peak RSS MB PT / no-share / default"],
                   [[c["shape"], c["case"], c["pytorch"], c["java_no_share"], c["java_default"],
                     c["ratio_no_share"],
                     "%s [%s, %s]" % (fmt(c["ratio_default"]), fmt(c["spread_pytorch"][0]), fmt(c["spread_pytorch"][1])),
                     c["default_vs_padded"],
                     "%s → %s" % (fmt(c["gflop_no_share"]), fmt(c["gflop_default"])),
                     " / ".join(pct(c[k]) for k in ("peak_fraction_pytorch", "peak_fraction_java_no_share",
                                                     "peak_fraction_java_default")),
                     cores(c),
                     " / ".join(fmt(c[k]) for k in ("peak_rss_mb_pytorch", "peak_rss_mb_java_no_share",
                                                     "peak_rss_mb_java_default"))]
                    for c in emb]),
             "", "### Training step: forward + InfoNCE + backward + AdamW (triplets/s)", "",
             "Java variants, all on our libtorch: *hf* = the step as Hugging Face + PEFT runs it on torch (one",
             "forward over the batch padded to its longest, every position of every layer, torch's dropout, dense",
             "embedding gradients, op-by-op AdamW: the PyTorch baseline's work); *no-share* = the padded forward with",
             "every other lever; *default* = what the recipes give (one packed forward over the real tokens, the",
             "template prefix once, sentemb's dropout masks, sparse embedding gradients, the AdamW loop). Every",
             "variant and PyTorch eager run in the same rounds, one step each per round (rotating order); the",
             "ratios are of the median steps, [min, max] of the per-round ratios. Tokens: real; positions",
             "computed by PT / hf / no-share / default.", "",
             table(["shape", "mode", "PyTorch eager", "Java hf", "Java no-share", "Java default",
                    "Java default/PT [per round]", "Java default/hf [per round]", "Java default/no-share", "rounds",
                    "tokens real; positions PT / hf / no-share / default", "% of peak PT / hf / no-share / default",
                    "CPU/wall PT / hf / no-share / default", "peak RSS MB PT / hf / no-share / default"],
                   [[c["shape"], c["case"], c["pytorch"], c["java_hf"], c["java_no_share"], c["java_default"],
                     "%s [%s, %s]" % (fmt(c["ratio_default"]), fmt(c["spread_pytorch"][0]), fmt(c["spread_pytorch"][1])),
                     "%s [%s, %s]" % (fmt(c["default_vs_hf"]), fmt(c["spread_hf"][0]), fmt(c["spread_hf"][1])),
                     c["default_vs_padded"], fmt(c["rounds"]),
                     "%s; %s / %s / %s / %s" % (fmt(c["tokens_pytorch"]), fmt(c["padded_tokens_pytorch"]),
                                                fmt(c["padded_tokens_java_hf"]), fmt(c["padded_tokens_java_no_share"]),
                                                fmt(c["padded_tokens_java_default"])),
                     " / ".join(pct(c[k]) for k in ("peak_fraction_pytorch", "peak_fraction_java_hf",
                                                     "peak_fraction_java_no_share", "peak_fraction_java_default")),
                     cores(c, ("hf", "no_share", "default")),
                     " / ".join(fmt(c[k]) for k in ("peak_rss_mb_pytorch", "peak_rss_mb_java_hf",
                                                     "peak_rss_mb_java_no_share", "peak_rss_mb_java_default"))]
                    for c in train])]
    if sts:
        parts += ["", "### The STS suite (sentences/s): Java as `sentemb eval` batches it, PyTorch the seed's way", "",
                  "PyTorch eager and Java *no-share*: each task's distinct sentences in file order, batches of 16, padded;",
                  "Java *default*: sorted by length, batches of 32, packed.", "",
                  table(["shape", "sentences", "PyTorch eager", "Java no-share", "Java default", "Java default/PT",
                         "Java default/no-share", "padded tokens PT / no-share / default", "CPU/wall PT / no-share / default"],
                        [[c["shape"], c["sequences"], c["pytorch"],
                          c["java_no_share"], c["java_default"], c["ratio_default"], c["default_vs_padded"],
                          " / ".join(fmt(c[k]) for k in ("padded_tokens_pytorch", "padded_tokens_java_no_share",
                                                          "padded_tokens_java_default")), cores(c)]
                         for c in sts])]
    phases = phases_markdown(java, torch)
    if phases:
        parts += ["", phases]
    return "\n".join(parts)


def phases_markdown(java, torch):
    """Median seconds per phase of a training step, both engines."""
    body = []
    for r in rows_of(java, "phases"):
        if r["case"] == "tokenise":
            continue
        t = find(torch, "phases", r["shape"], r["case"], "torch-eager") if torch else None
        for name, x in (("PyTorch eager", t), ("Java " + r["variant"], r)):
            if x is None or (name.startswith("PyTorch") and r["variant"] != VARIANTS[0]):
                continue
            body.append([r["shape"], r["case"], name] + [num(x, k) * 1e3 for k in
                                                         ("forward_s", "loss_s", "backward_s", "optimizer_s", "median_s")])
    if not body:
        return ""
    out = ["### Where a training step's time goes (median ms per phase)", "",
           table(["shape", "mode", "engine", "forward", "loss", "backward", "optimizer", "step"], body)]
    tok = find(java, "phases", "-", "tokenise", "java")
    if tok is not None:
        out += ["", "- tokenising one batch's %s sentences (cut to 32 tokens, template, BOS; Java): %s ms%s" % (
            fmt(num(tok, "sequences")), fmt(num(tok, "data_s") * 1e3), (" — " + tok["note"]) if "note" in tok else "")]
    return "\n".join(out)


def java_only_markdown(java, torch):
    parts = []
    kernels = rows_of(java, "kernels")
    if kernels:
        body = [[r["case"], num(r, "median_s") * 1e3, num(r, "gflops"), pct(num(r, "peak_fraction"))] for r in kernels]
        if torch:
            for r in rows_of(torch, "kernels"):
                body.append(["PyTorch 1.13 " + r["case"], num(r, "median_s") * 1e3, num(r, "gflops"), "–"])
        parts += ["### Kernels (DJL fp32; % of the Java matmul peak)", "",
                  table(["kernel", "median ms", "GFLOP/s", "% of peak"], body), ""]
    memory = rows_of(java, "memory")
    if memory:
        variants = []
        for r in memory:
            if r["variant"] not in variants:
                variants.append(r["variant"])
        batches = sorted({int(r["batch"]) for r in memory})
        body = []
        for b in batches:
            line = [str(b)]
            for v in variants:
                r = next((x for x in memory if int(x["batch"]) == b and x["variant"] == v), None)
                line.append("%s (%s s)" % (fmt(num(r, "peak_rss_mb")), fmt(num(r, "median_s"))))
            body.append(line)
        parts += ["### Peak RSS of one full-fine-tuning step against global batch (Java, %s shape)" % memory[0]["shape"],
                  "", table(["global batch (triplets)"] + ["%s: peak RSS MB (step s)" % v for v in variants], body), ""]
    levers = rows_of(java, "levers")
    if levers:
        body = [[r["shape"], r["case"], r["variant"], num(r, "median_s") * 1e3, num(r, "throughput"),
                 "–" if "gain" not in r else "%s [%s, %s]" % (fmt(num(r, "gain")), fmt(num(r, "gain_min")),
                                                               fmt(num(r, "gain_max"))),
                 fmt(num(r, "padded_tokens"))] for r in levers]
        parts += ["### What each lever gains: the training step with one lever off (Java, same rounds)", "",
                  "*default* has every lever; *-x* is the default without lever x; *hf* has none (Hugging Face's",
                  "step on our libtorch). Gain: the step's time over the default's, median [min, max] of the rounds.", "",
                  table(["shape", "mode", "step", "median ms", "triplets/s", "gain", "positions"], body), ""]
    par = [r for r in rows_of(java, "parallel") if r["variant"] == "concurrent"]
    if par:
        body = []
        for r in par:
            seq = find(java, "parallel", r["shape"], r["case"], "sequential")
            body.append([r["shape"], r["case"], num(seq, "median_s"), num(r, "median_s"),
                         ratio(num(r, "median_s"), num(seq, "median_s"))])
        parts += ["### Data parallel: one training step on 2 CPU replicas x 1 intra-op thread (Java, lora-all)", "",
                  table(["shape", "case", "sequential s", "concurrent s", "concurrent/sequential"], body), ""]
    life = rows_of(java, "lifetime")
    if life:
        parts += ["### NDArray lifetimes: %s training steps (Java, tiny, full fine-tuning, AdamW)" % life[-1]["case"].split("-")[-1],
                  "", table(["window", "median step s", "mean RSS MB", "live heap MB", "arrays in model manager"],
                            [[r["case"], num(r, "median_s"), num(r, "rss_mb"), num(r, "heap_mb"),
                              str(r.get("managed_arrays", "–"))] for r in life]), ""]
        parts += ["- " + r["case"] + ": " + r.get("note", "") for r in life]
        parts.append("")
    return "\n".join(parts)


def goals_markdown(java, torch):
    comp = comparison(java, torch)
    lines = ["### Goals", ""]
    for c in comp:
        if c["section"] != "train":
            continue
        goal = 1.0 if c["shape"] == "tiny" else 2.0
        ok = c["ratio_default"] >= goal and (c["shape"] == "tiny" or c["default_vs_hf"] >= goal)
        lines.append("- training ≥ %.1f× PyTorch eager%s, %s %s: Java default/PyTorch %s%s, default/hf %s, "
                     "default/no-share %s: %s" % (
                         goal, "" if c["shape"] == "tiny" else " and own HF-style step", c["shape"], c["case"],
                         fmt(c["ratio_default"]), " (same rounds)" if c["paired"] else " (separate runs)",
                         fmt(c["default_vs_hf"]), fmt(c["default_vs_padded"]), "met" if ok else "missed"))
    for c in comp:
        if c["section"] == "embed" and c["case"] == "demo" and c["shape"] != "tiny":
            lines.append("- demonstration embedding ≥ 2× PyTorch eager, %s: Java default %s×%s "
                         "(FLOPs %s → %s GFLOP): %s" % (
                             c["shape"], fmt(c["ratio_default"]), " (same rounds)" if c["paired"] else " (separate runs)",
                             fmt(c["gflop_no_share"]), fmt(c["gflop_default"]),
                             "met" if c["ratio_default"] >= 2 else "missed"))
        if c["section"] == "sts":
            lines.append("- the STS suite, %s: Java default / PyTorch eager %s×" % (c["shape"], fmt(c["ratio_default"])))
    life = rows_of(java, "lifetime")
    if len(life) == 2:
        a0, a1 = life[0].get("managed_arrays"), life[1].get("managed_arrays")
        lines.append("- memory flat over %s steps: managed arrays %s → %s, mean RSS %s → %s MB, live heap %s → %s MB: %s" % (
            life[1]["case"].split("-")[-1], a0, a1, fmt(num(life[0], "rss_mb")), fmt(num(life[1], "rss_mb")),
            fmt(num(life[0], "heap_mb")), fmt(num(life[1], "heap_mb")), "arrays flat" if a0 == a1 else "arrays GROW"))
    fr = [(r["shape"] + " " + r["section"] + " " + r["case"] + " " + r["variant"], num(r, "peak_fraction"))
          for r in java["rows"] if r["section"] in ("embed", "train") and r["shape"] != "tiny"]
    if fr:
        lo = min(fr, key=lambda x: x[1])
        hi = max(fr, key=lambda x: x[1])
        lines.append("- main kernels ≥ ½ matmul peak: whole-model %s (%s) to %s (%s) of the peak; linear kernels %s" % (
            pct(lo[1]), lo[0], pct(hi[1]), hi[0],
            ", ".join(pct(num(r, "peak_fraction")) for r in rows_of(java, "kernels") if r["variant"] != "peak")))
    return "\n".join(lines) + "\n"


def no_nan(v):
    """JSON has no NaN: missing numbers become null."""
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, dict):
        return {k: no_nan(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [no_nan(x) for x in v]
    return v


def csv_text(java, torch):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["engine"] + COLUMNS)
    for name, res in (("java", java), ("pytorch", torch)):
        if res is None:
            continue
        for r in res["rows"]:
            w.writerow([name] + [r.get(c, "") for c in COLUMNS])
    return buf.getvalue()


def update_markdown(path, generated):
    with open(path) as fh:
        text = fh.read()
    if BEGIN not in text or END not in text:
        sys.exit("%s: no %s ... %s markers to put the results between" % (path, BEGIN, END))
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(path, "w") as fh:
        fh.write(head + BEGIN + "\n" + generated + "\n" + END + tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--java", required=True)
    ap.add_argument("--pytorch")
    ap.add_argument("--csv")
    ap.add_argument("--json")
    ap.add_argument("--markdown", help="docs/bench.md: its generated section is replaced")
    args = ap.parse_args()
    with open(args.java) as fh:
        java = json.load(fh)
    torch = None
    if args.pytorch:
        with open(args.pytorch) as fh:
            torch = json.load(fh)
    generated = "\n".join(["Generated by scripts/bench.sh; do not edit by hand.", "",
                           environment_lines(java, torch), "", comparison_markdown(java, torch), "",
                           java_only_markdown(java, torch), goals_markdown(java, torch)])
    if args.csv:
        with open(args.csv, "w") as fh:
            fh.write(csv_text(java, torch))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(no_nan({"format": "sentemb-bench-comparison/1", "java": java, "pytorch": torch,
                              "comparison": comparison(java, torch)}), fh, indent=1, allow_nan=False)
            fh.write("\n")
    if args.markdown:
        update_markdown(args.markdown, generated)
    print(generated)


if __name__ == "__main__":
    main()
