#!/usr/bin/env python3
"""Independent reference for sentemb.data.nli: epoch shuffles, batch plans, file fingerprints.

Written from the algorithm descriptions in EpochSampler / NoDuplicateTextBatchPlanner /
NliDataset.fingerprint, not from the Java code; reads the CSV files with Python's csv module
(an RFC 4180 parser independent of the Java one). Plain python3, no dependencies.

    python3 scripts/nli_sampler_reference.py ../shared/data trainer/src/test/resources/fixtures/nli

Writes sampler_reference.json, repair_synthetic.csv and repair_impossible.csv into the output folder.
"""
import csv
import hashlib
import json
import os
import sys

M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix64(z):
    z &= M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


class SplitMix64:
    def __init__(self, state):
        self.state = state & M64

    def next(self):
        self.state = (self.state + GOLDEN) & M64
        return mix64(self.state)

    def below(self, bound):
        return self.next() % bound


def epoch_rng(seed, epoch):
    return SplitMix64(mix64((seed & M64) ^ mix64((epoch + 1) * GOLDEN)))


def permutation(n, seed, epoch):
    p = list(range(n))
    rng = epoch_rng(seed, epoch)
    for i in range(n - 1, 0, -1):
        j = rng.below(i + 1)
        p[i], p[j] = p[j], p[i]
    return p


def batch_sizes(n, b, drop_last):
    if drop_last:
        return [b] * (n // b)
    k = (n + b - 1) // b
    return [b] * (k - 1) + [n - b * (k - 1)]


def consecutive(order, sizes):
    out, s = [], 0
    for size in sizes:
        out.append(order[s:s + size])
        s += size
    return out


def no_duplicate(rows, order, sizes):
    """rows: list of tuples of texts. Returns (batches, repairs) or raises RuntimeError."""
    texts = [set(r) for r in rows]
    batches = []
    deferred = []
    nxt = 0
    for size in sizes:
        batch, seen, still = [], set(), []
        for r in deferred:
            if len(batch) < size and not (texts[r] & seen):
                batch.append(r)
                seen |= texts[r]
            else:
                still.append(r)
        deferred = still
        while len(batch) < size and nxt < len(order):
            r = order[nxt]
            nxt += 1
            if texts[r] & seen:
                deferred.append(r)
            else:
                batch.append(r)
                seen |= texts[r]
        batches.append(batch)
    leftovers = deferred + order[nxt:]
    repairs = 0
    for t, size in enumerate(sizes):
        while len(batches[t]) < size:
            in_t = set().union(*[texts[r] for r in batches[t]]) if batches[t] else set()
            placed = False
            for i, x in enumerate(leftovers):
                if not (texts[x] & in_t):
                    batches[t].append(leftovers.pop(i))
                    placed = True
                    break
            if not placed:
                for i, x in enumerate(leftovers):
                    for b, batch in enumerate(batches):
                        if b == t:
                            continue
                        for j, y in enumerate(batch):
                            others = set().union(*[texts[r] for k, r in enumerate(batch) if k != j])
                            if not (texts[y] & in_t) and not (texts[x] & others):
                                batch[j] = x
                                batches[t].append(y)
                                leftovers.pop(i)
                                placed = True
                                break
                        if placed:
                            break
                    if placed:
                        break
            if not placed:
                raise RuntimeError("cannot complete batch %d" % t)
            repairs += 1
    return batches, repairs


def digest(batches):
    h = hashlib.sha256()
    for k, b in enumerate(batches):
        h.update(("%d:%s\n" % (k, ",".join(map(str, b)))).encode())
    return h.hexdigest()


def fingerprint(rows):
    """64-bit FNV-1a over UTF-16 code units of every text, 0x1E after each text, 0x1F for a missing one."""
    h = 0xcbf29ce484222325
    prime = 0x100000001b3

    def step(h, v):
        return ((h ^ v) * prime) & M64

    for row in rows:
        for text in row:
            if text is None:
                h = step(h, 0x1F)
                continue
            units = text.encode("utf-16-le")
            for i in range(0, len(units), 2):
                h = step(h, units[i] | (units[i + 1] << 8))
            h = step(h, 0x1E)
    return h - (1 << 64) if h >= (1 << 63) else h  # as a Java long


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], [tuple(r) for r in rows[1:]]


def synthetic_rows(trial):
    """40 rows whose 4 positives each occur 10 times: exactly once per batch of 4 (10 batches)."""
    rng = SplitMix64(trial)
    return [("anchor %d" % i, "pos %d" % (i % 4), "neg %d" % rng.below(8)) for i in range(40)]


def synthetic_cases():
    """The first tight case that needs repair swaps and the first that greedy+repair cannot solve."""
    repaired = failed = None
    for trial in range(1000):
        rows = synthetic_rows(trial)
        sizes = batch_sizes(len(rows), 4, False)
        freq = {}
        for r in rows:
            for t in set(r):
                freq[t] = freq.get(t, 0) + 1
        if max(freq.values()) > len(sizes):
            continue
        try:
            batches, repairs = no_duplicate(rows, permutation(len(rows), 7, 0), sizes)
            if repairs > 0 and repaired is None:
                repaired = (rows, batches, repairs)
        except RuntimeError:
            if failed is None:
                failed = rows
        if repaired and failed:
            return repaired, failed
    raise SystemExit("synthetic cases not found")


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["sent0", "sent1", "hard_neg"])
        w.writerows(rows)


def main():
    shared, out = sys.argv[1], sys.argv[2]
    ref = {"splitmix64_seed0_first3": [mix64((k + 1) * GOLDEN) for k in range(3)]}
    ref["splitmix64_seed0_first3"] = [v - (1 << 64) if v >= (1 << 63) else v for v in ref["splitmix64_seed0_first3"]]
    ref["perm_n10_seed42"] = [permutation(10, 42, e) for e in range(3)]
    ref["perm_n10_seed43_epoch0"] = permutation(10, 43, 0)

    files = {}
    for name in ("snli_triplets.csv", "sick_train_triplets.csv"):
        header, rows = read_csv(os.path.join(shared, "nli", name))
        files[name] = {"header": header, "rows": len(rows), "fingerprint": fingerprint(rows),
                       "first": list(rows[0]), "last": list(rows[-1])}
    ref["files"] = files

    _, snli = read_csv(os.path.join(shared, "nli", "snli_triplets.csv"))
    plans = []
    for batch, seed, epoch, drop in ((256, 42, 0, False), (256, 42, 1, False), (64, 1234, 0, True)):
        order = permutation(len(snli), seed, epoch)
        sizes = batch_sizes(len(snli), batch, drop)
        plain = consecutive(order, sizes)
        nodup, repairs = no_duplicate(snli, order, sizes)
        plans.append({"batchSize": batch, "seed": seed, "epoch": epoch, "dropLast": drop,
                      "permutationFirst20": order[:20], "plainSha256": digest(plain),
                      "noDupSha256": digest(nodup), "noDupFirstBatch": nodup[0], "noDupRepairs": repairs,
                      "plainBatchesWithDuplicates": sum(
                          1 for b in plain if len({t for r in b for t in set(snli[r])}) < sum(len(set(snli[r])) for r in b))})
    ref["snli_plans"] = plans

    (rows, batches, repairs), failed = synthetic_cases()
    write_csv(os.path.join(out, "repair_synthetic.csv"), rows)
    write_csv(os.path.join(out, "repair_impossible.csv"), failed)
    ref["repair_synthetic"] = {"batchSize": 4, "seed": 7, "epoch": 0, "batches": batches, "repairs": repairs}
    ref["repair_impossible"] = {"batchSize": 4, "seed": 7, "epoch": 0}

    with open(os.path.join(out, "sampler_reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")
    print(json.dumps({"plans": [{k: p[k] for k in ("batchSize", "noDupRepairs", "plainBatchesWithDuplicates")} for p in plans],
                      "repair_synthetic_repairs": repairs}))


if __name__ == "__main__":
    main()
