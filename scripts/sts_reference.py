#!/usr/bin/python3
"""Independent reference for sentemb's STS evaluation (sentemb.data.sts + sentemb.eval).

Writes, under trainer/src/test/resources/fixtures/sts/:
  downstream/...   small synthetic SentEval-layout folders (STS12, STS13, SICK) with the
                   quirks SentEval's loaders must survive (CRLF, empty gold lines, extra
                   columns, non-breaking spaces, odd spacing, UTF-8, no final newline);
  expected.json    what SentEval's reading + cosine + scipy correlations give for them with a
                   bag-of-letters encoder, and facts about the real STS-B files
                   (row counts, text hashes, spot rows, bag-of-letters correlations).

The loading follows the semantics of SentEval's senteval/sts.py and sick.py as used by
kongds/scaling_sentemb (split on tabs, str.splitlines / text-mode line iteration, str.split()
tokenisation joined back with single spaces by the evaluation batcher, empty gold skipped,
'all' = all subsets pooled into one correlation). Written for this project, not copied.

Run: /usr/bin/python3 scripts/sts_reference.py [--shared /work/shared]   (needs numpy, scipy)
"""
import argparse
import hashlib
import io
import json
import os
import random
import string

import numpy as np
from scipy.stats import pearsonr, spearmanr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "trainer", "src", "test", "resources", "fixtures", "sts")
DOWN = os.path.join(FIX, "downstream")

SUBSETS = {
    "STS12": ["MSRpar", "MSRvid", "SMTeuroparl", "surprise.OnWN", "surprise.SMTnews"],
    "STS13": ["FNWN", "headlines", "OnWN"],
}

SUBJECTS = ["A man", "A woman", "The dog", "Two kids", "A chef", "The cat", "An old man"]
VERBS = ["is playing", "is cutting", "rides", "is eating", "jumps over", "watches"]
OBJECTS = ["a guitar.", "an onion.", "a horse.", "the fence.", "some bread.", "the news."]


def sentence(rng):
    return "%s %s %s" % (rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS))


def gold(rng):
    # multiples of 0.4 in [0, 5]: many ties on the gold side
    return "%.1f" % (0.4 * rng.randint(0, 12))


def write_bytes(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))


def make_sts12(rng):
    """Five subsets, each with its own quirk. Returns nothing; files are the truth."""
    d = os.path.join(DOWN, "STS", "STS12-en-test")
    for name in SUBSETS["STS12"]:
        n = 9
        pairs = []
        for i in range(n):
            a = sentence(rng)
            b = a if i % 4 == 0 else sentence(rng)  # identical pairs: cosine ties at 1
            pairs.append([a, b, gold(rng)])
        eol = "\n"
        extra_cols = False
        final_newline = True
        if name == "MSRpar":
            eol = "\r\n"                       # CRLF files
            pairs[2][2] = ""                   # empty gold: pair dropped
            pairs[6][2] = ""
        elif name == "MSRvid":
            pairs[0][0] = "  A man\u00a0is   playing  a guitar. "   # NBSP + runs of spaces
            pairs[1][1] = "The\u3000dog rides a horse."               # ideographic space
            pairs[3] = ["1234", "5678", "2.0"]                        # no letters: cosine 0
        elif name == "SMTeuroparl":
            extra_cols = True                  # some lines carry a third column
            pairs[1][2] = " 3.2"               # Python float() allows surrounding spaces
        elif name == "surprise.OnWN":
            pairs[0][0] = "Th\u00e9 caf\u00e9 \u201cserves\u201d na\u00efve bread."
            pairs[4][2] = "5"
        elif name == "surprise.SMTnews":
            final_newline = False              # input file without a final newline
            pairs[5][2] = ""
        lines = []
        for i, (a, b, _) in enumerate(pairs):
            line = a + "\t" + b
            if extra_cols and i % 3 == 0:
                line += "\tsource-%d" % i
            lines.append(line)
        text = eol.join(lines) + (eol if final_newline else "")
        write_bytes(os.path.join(d, "STS.input.%s.txt" % name), text)
        write_bytes(os.path.join(d, "STS.gs.%s.txt" % name), eol.join(p[2] for p in pairs) + eol)


def make_sts13(rng):
    d = os.path.join(DOWN, "STS", "STS13-en-test")
    for name in SUBSETS["STS13"]:
        pairs = [(sentence(rng), sentence(rng), gold(rng)) for _ in range(7)]
        write_bytes(os.path.join(d, "STS.input.%s.txt" % name), "".join(a + "\t" + b + "\n" for a, b, _ in pairs))
        write_bytes(os.path.join(d, "STS.gs.%s.txt" % name), "".join(g + "\n" for _, _, g in pairs))


def make_sick(rng):
    d = os.path.join(DOWN, "SICK")
    header = "pair_ID\tsentence_A\tsentence_B\trelatedness_score\tentailment_judgment\n"
    for fname, n in [("SICK_test_annotated.txt", 15), ("SICK_trial.txt", 8)]:
        rows = []
        for i in range(n):
            a = sentence(rng)
            b = a if i % 5 == 0 else sentence(rng)
            score = "%.1f" % (1 + 0.2 * rng.randint(0, 20))
            rows.append("%d\t%s\t%s\t%s\tNEUTRAL\n" % (i + 1, a, b, score))
        write_bytes(os.path.join(d, fname), header + "".join(rows))


# ---------- SentEval-semantics reading (independent of the Java code) ----------

def read_yearly_subset(task_dir, name):
    inp = io.open(os.path.join(task_dir, "STS.input.%s.txt" % name), encoding="utf8").read().splitlines()
    cols = [l.split("\t") for l in inp]
    s1 = [c[0] for c in cols]
    s2 = [c[1] for c in cols]
    raw = io.open(os.path.join(task_dir, "STS.gs.%s.txt" % name), encoding="utf8").read().splitlines()
    assert len(raw) == len(inp)
    keep = [i for i, g in enumerate(raw) if g != ""]
    return ([" ".join(s1[i].split()) for i in keep],
            [" ".join(s2[i].split()) for i in keep],
            [float(raw[i]) for i in keep])


def read_columns(path, ia, ib, iscore, skip_header):
    a, b, y = [], [], []
    with io.open(path, "r", encoding="utf-8") as f:
        first = True
        for line in f:
            if skip_header and first:
                first = False
                continue
            t = line.strip().split("\t")
            a.append(" ".join(t[ia].split()))
            b.append(" ".join(t[ib].split()))
            y.append(float(t[iscore]))
    return a, b, y


def bag_of_letters(s):
    v = np.zeros(26, dtype=np.float64)
    for ch in s:
        if ch in string.ascii_letters:
            v[ord(ch.lower()) - ord("a")] += 1
    return v


def cosine(a, b):
    u, v = bag_of_letters(a), bag_of_letters(b)
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.nan_to_num(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v))))


def correl(sys_scores, gold_scores):
    return {"spearman": float(spearmanr(sys_scores, gold_scores)[0]),
            "pearson": float(pearsonr(sys_scores, gold_scores)[0])}


def score_subset(a, b, y):
    cos = [cosine(x, z) for x, z in zip(a, b)]
    out = {"pairs": len(y), "sentence1": a, "sentence2": b, "gold": y, "cosines": cos}
    out.update(correl(cos, y))
    return out


def yearly_expected(task):
    task_dir = os.path.join(DOWN, "STS", task + "-en-test")
    subsets = {}
    all_cos, all_gold = [], []
    for name in SUBSETS[task]:
        r = score_subset(*read_yearly_subset(task_dir, name))
        subsets[name] = r
        all_cos += r["cosines"]
        all_gold += r["gold"]
    w = [subsets[n]["pairs"] for n in SUBSETS[task]]
    res = {"pairs": len(all_gold), "subsets": subsets, "all": correl(all_cos, all_gold)}
    for key in ("spearman", "pearson"):
        vals = np.array([subsets[n][key] for n in SUBSETS[task]])
        res.setdefault("mean", {})[key] = float(np.average(vals))
        res.setdefault("wmean", {})[key] = float(np.average(vals, weights=w))
    return res


def stsb_expected(shared):
    d = os.path.join(shared, "data", "downstream", "STS", "STSBenchmark")
    out = {}
    spots = {"train": [0, 5552], "dev": [686], "test": [407, 648, 625]}
    for split in ("train", "dev", "test"):
        a, b, y = read_columns(os.path.join(d, "sts-%s.csv" % split), 5, 6, 4, False)
        h = hashlib.sha256("".join(x + "\t" + z + "\n" for x, z in zip(a, b)).encode("utf-8")).hexdigest()
        r = {"pairs": len(y), "goldSum": float(sum(y)), "textSha256": h,
             "rows": [{"index": i, "sentence1": a[i], "sentence2": b[i], "gold": y[i]} for i in spots[split]]}
        cos = [cosine(x, z) for x, z in zip(a, b)]
        r.update(correl(cos, y))
        out[split] = r
    return out


def python_text_facts():
    """What Python's own str methods do, for sentemb.data.sts.PythonText."""
    samples = ["a\r\nb\rc\x85d\u2028e\n", "a\n\nb\n", "", "\n", "x\x0by\x0cz\x1c", "\r\n\r\n",
               " \u00a0a \u3000 b\t\u200bc\u202f ", "\x1f\x85tail", "\tx\t\t"]
    facts = {
        "whitespace": [c for c in range(0x10000) if chr(c).isspace()],
        "lineBreaks": [c for c in range(0x10000) if len(("a" + chr(c) + "b").splitlines()) > 1],
        "samples": [],
    }
    for t in samples:
        facts["samples"].append({
            "text": t,
            "splitlines": t.splitlines(),
            "textModeLines": [l.rstrip("\r\n") if l.endswith(("\r", "\n")) else l
                              for l in io.StringIO(t, newline=None).readlines()],
            "strip": t.strip(),
            "split": t.split(),
            "splitTab": t.split("\t"),
        })
    # "%.2f" rounds the exact binary value half-to-even
    facts["format2"] = [[x, "%.2f" % x] for x in
                        [2.675, 0.125, 0.375, 1.005, -0.001, -0.0, 84.785, 79.005, 12.345, 99.995, 0.5 * 0.3]]
    return facts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    args = ap.parse_args()
    rng = random.Random(20230731)
    make_sts12(rng)
    make_sts13(rng)
    make_sick(rng)
    sick = os.path.join(DOWN, "SICK")
    expected = {
        "generatedBy": "scripts/sts_reference.py (numpy %s, scipy via spearmanr/pearsonr)" % np.__version__,
        "STS12": yearly_expected("STS12"),
        "STS13": yearly_expected("STS13"),
        "SICKRelatedness": {
            "test": score_subset(*read_columns(os.path.join(sick, "SICK_test_annotated.txt"), 1, 2, 3, True)),
            "dev": score_subset(*read_columns(os.path.join(sick, "SICK_trial.txt"), 1, 2, 3, True)),
        },
        "STSBenchmark": stsb_expected(args.shared),
    }
    with open(os.path.join(FIX, "python_text.json"), "w", encoding="utf-8") as f:
        json.dump(python_text_facts(), f, indent=1, ensure_ascii=True)
        f.write("\n")
    with open(os.path.join(FIX, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote", FIX)


if __name__ == "__main__":
    main()
