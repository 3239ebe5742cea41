#!/usr/bin/env python3
"""Independent reference for sentemb.eval.icl.DevSelection's subsample.

DevSelection documents its choice as Collections.shuffle(indices 0..n-1, new java.util.Random(seed)),
first `limit` kept, back in file order. This script re-implements java.util.Random's 48-bit LCG and
nextInt(bound), and Collections.shuffle's swap loop, from the JDK's specification (no Java involved),
and writes the chosen pair indices for a few (limit, seed) cases over data/sts-sample's STS-B dev.

Run from the repository root: python3 scripts/icl_subsample_reference.py
"""
import json
import os

MASK = (1 << 48) - 1
MULT = 0x5DEECE66D


class JavaRandom:
    def __init__(self, seed):
        self.seed = (seed ^ MULT) & MASK

    def next(self, bits):
        self.seed = (self.seed * MULT + 0xB) & MASK
        v = self.seed >> (48 - bits)
        # Java returns it as a signed 32-bit int
        return v - (1 << 32) if v >= (1 << 31) else v

    def next_int(self, bound):
        if bound & (bound - 1) == 0:  # power of two
            return (bound * self.next(31)) >> 31
        while True:
            bits = self.next(31)
            val = bits % bound
            # Java: bits - val + (bound - 1) < 0 with int overflow
            s = bits - val + (bound - 1)
            if s < (1 << 31):
                return val


def shuffle(items, rnd):
    # Collections.shuffle on a RandomAccess list: for i = size .. 2, swap(i - 1, nextInt(i))
    for i in range(len(items), 1, -1):
        j = rnd.next_int(i)
        items[i - 1], items[j] = items[j], items[i - 1]


def chosen(n, limit, seed):
    order = list(range(n))
    shuffle(order, JavaRandom(seed))
    return sorted(order[:limit])


def main():
    path = os.path.join("data", "sts-sample", "STS", "STSBenchmark", "sts-dev.csv")
    with open(path, encoding="utf-8") as f:
        n = sum(1 for line in f if line.strip())
    cases = [(10, 42), (25, 7), (199, 123456789)]
    out = {
        "source": path,
        "pairs": n,
        "cases": [{"limit": l, "seed": s, "indices": chosen(n, l, s)} for l, s in cases],
    }
    target = os.path.join("trainer", "src", "test", "resources", "fixtures", "icl", "subsample.json")
    with open(target, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", target)


if __name__ == "__main__":
    main()
