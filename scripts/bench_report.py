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
COLUMNS = ["section", "shape", "case", "variant", "batch", "sequences", "tokens", "padded_tokens", "repeats",
           "median_s", "min_s", "cpu_s", "throughput", "unit", "gflop", "gflops", "peak_fraction", "peak_rss_mb", "rss_mb",
           "heap_mb", "managed_arrays", "note"]


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
    """Embedding and training rows matched across engines on (section, shape, case)."""
    out = []
    for section in ("embed", "train"):
        keys = []
        for r in rows_of(java, section):
            if (r["shape"], r["case"]) not in keys:
                keys.append((r["shape"], r["case"]))
        for shape, case in keys:
            t = find(torch, section, shape, case, "torch-eager") if torch else None
            plain = find(java, section, shape, case, "no-share")
            share = find(java, section, shape, case, "share")
            out.append({
                "section": section, "shape": shape, "case": case, "unit": (plain or share)["unit"],
                "pytorch": num(t, "throughput"), "java_no_share": num(plain, "throughput"),
                "java_share": num(share, "throughput"),
                "ratio_no_share": ratio(num(plain, "throughput"), num(t, "throughput")),
                "ratio_share": ratio(num(share, "throughput"), num(t, "throughput")),
                "share_speedup": ratio(num(share, "throughput"), num(plain, "throughput")),
                "padded_tokens_no_share": num(plain, "padded_tokens"), "gflop_no_share": num(plain, "gflop"),
                "gflop_share": num(share, "gflop"),
                "gflops_pytorch": num(t, "gflops"), "gflops_java_no_share": num(plain, "gflops"),
                "gflops_java_share": num(share, "gflops"),
                "peak_fraction_pytorch": num(t, "peak_fraction"), "peak_fraction_java_no_share": num(plain, "peak_fraction"),
                "peak_fraction_java_share": num(share, "peak_fraction"),
                "cores_pytorch": ratio(num(t, "cpu_s"), num(t, "median_s")),
                "cores_java_no_share": ratio(num(plain, "cpu_s"), num(plain, "median_s")),
                "cores_java_share": ratio(num(share, "cpu_s"), num(share, "median_s")),
                "peak_rss_mb_pytorch": num(t, "peak_rss_mb"), "peak_rss_mb_java_no_share": num(plain, "peak_rss_mb"),
                "peak_rss_mb_java_share": num(share, "peak_rss_mb"),
            })
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


def cores(c):
    """CPU seconds per wall second: the cores a run actually got (2 = the whole machine here)."""
    return " / ".join("%.2f" % c[k] if not math.isnan(c[k]) else "–"
                      for k in ("cores_pytorch", "cores_java_no_share", "cores_java_share"))


def comparison_markdown(java, torch):
    comp = comparison(java, torch)
    parts = ["### Embedding (sentences/s; ratio > 1: Java faster)", "",
             table(["shape", "prompt", "PyTorch eager", "Java no-share", "Java share", "Java/PT no-share",
                    "Java/PT share", "share speedup", "GFLOP no-share → share", "% of peak PT / no-share / share",
                    "CPU/wall PT / no-share / share", "peak RSS MB PT / no-share / share"],
                   [[c["shape"], c["case"], c["pytorch"], c["java_no_share"], c["java_share"], c["ratio_no_share"],
                     c["ratio_share"], c["share_speedup"], "%s → %s" % (fmt(c["gflop_no_share"]), fmt(c["gflop_share"])),
                     " / ".join(pct(c[k]) for k in ("peak_fraction_pytorch", "peak_fraction_java_no_share",
                                                     "peak_fraction_java_share")),
                     cores(c),
                     " / ".join(fmt(c[k]) for k in ("peak_rss_mb_pytorch", "peak_rss_mb_java_no_share",
                                                     "peak_rss_mb_java_share"))]
                    for c in comp if c["section"] == "embed"]),
             "", "### Training step: forward + InfoNCE + backward + AdamW (triplets/s)", "",
             table(["shape", "mode", "PyTorch eager", "Java no-share", "Java share", "Java/PT no-share",
                    "Java/PT share", "GFLOP/s PT / no-share / share", "% of peak PT / no-share / share",
                    "CPU/wall PT / no-share / share", "peak RSS MB PT / no-share / share"],
                   [[c["shape"], c["case"], c["pytorch"], c["java_no_share"], c["java_share"], c["ratio_no_share"],
                     c["ratio_share"],
                     " / ".join(fmt(c[k]) for k in ("gflops_pytorch", "gflops_java_no_share", "gflops_java_share")),
                     " / ".join(pct(c[k]) for k in ("peak_fraction_pytorch", "peak_fraction_java_no_share",
                                                     "peak_fraction_java_share")),
                     cores(c),
                     " / ".join(fmt(c[k]) for k in ("peak_rss_mb_pytorch", "peak_rss_mb_java_no_share",
                                                     "peak_rss_mb_java_share"))]
                    for c in comp if c["section"] == "train"])]
    return "\n".join(parts)


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
    train = [c for c in comp if c["section"] == "train" and c["shape"] != "tiny"]
    for c in train:
        best = max(c["ratio_no_share"], c["ratio_share"])
        lines.append("- training ≥ PyTorch eager, %s %s: Java/PyTorch %s (no-share) / %s (share): %s" % (
            c["shape"], c["case"], fmt(c["ratio_no_share"]), fmt(c["ratio_share"]),
            "met" if best >= 1 else "missed (%.0f%% slower)" % (100 * (1 - best))))
    for c in comp:
        if c["section"] == "embed" and c["case"] == "demo" and c["shape"] != "tiny":
            lines.append("- demonstration, prefix sharing ≥ 2× vs not, %s: %s× (padded-token FLOPs %s → %s GFLOP): %s" % (
                c["shape"], fmt(c["share_speedup"]), fmt(c["gflop_no_share"]), fmt(c["gflop_share"]),
                "met" if c["share_speedup"] >= 2 else "missed"))
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
    if isinstance(v, list):
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
