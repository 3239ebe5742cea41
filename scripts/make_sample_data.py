#!/usr/bin/env python3
"""Writes the project's small synthetic data samples (plain python3, no dependencies).

    python3 scripts/make_sample_data.py [repo_root]

  data/nli-sample.csv                              600 NLI triplets, SimCSE format (sent0,sent1,hard_neg)
  data/sts-sample/STS/STSBenchmark/sts-dev.csv     200 scored pairs, original STS-B tab-separated layout
  data/sts-sample/STS/STSBenchmark/sts-test.csv    200 scored pairs

Every sentence is built here from the word lists below (written for this project, not taken
from any dataset): "<subject> is <action> <place> <time>." Each slot has a few
interchangeable wordings (man / guy / gentleman, riding a bike / cycling ...).

NLI: the positive rewords the anchor (synonyms, sometimes dropping the place or time, or
"someone" for the subject); the hard negative keeps most words but changes the action, swaps
the subject for an incompatible one, or negates the sentence. A small encoder can learn it:
wordings that mean the same must come together, shared words alone must not.

STS: sentence 2 changes some slots of sentence 1 to a different meaning and rewords the
others. Gold score = 5 - sum of the weights of the changed slots (action 2, subject 1.5,
place 1, time 0.5), so scores run 0..5 in steps of 0.5 by construction.

Output is byte-for-byte deterministic: a SplitMix64 generator written below drives all
choices (Python's own random module is not used).
"""
import csv
import os
import sys

M64 = (1 << 64) - 1


class Rng:
    """SplitMix64 (Steele, Lea, Flood 2014)."""

    def __init__(self, seed):
        self.state = seed & M64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def choice(self, items):
        return items[self.below(len(items))]

    def chance(self, percent):
        return self.below(100) < percent


# Subjects: (meaning, wordings, opposite meanings used for contradictions)
SUBJECTS = [
    ("man", ["man", "guy", "gentleman"], ["woman", "girl"]),
    ("woman", ["woman", "lady"], ["man", "boy"]),
    ("boy", ["boy", "young lad", "little boy"], ["girl", "old man"]),
    ("girl", ["girl", "young girl", "little girl"], ["boy", "old woman"]),
    ("old man", ["old man", "elderly man", "aged man"], ["girl", "woman"]),
    ("old woman", ["old woman", "elderly woman", "aged woman"], ["boy", "man"]),
    ("chef", ["chef", "cook"], ["child", "girl"]),
    ("child", ["child", "kid", "youngster"], ["old man", "old woman"]),
    ("student", ["student", "pupil"], ["old woman", "chef"]),
    ("musician", ["musician", "performer"], ["child", "chef"]),
]
SUBJECT = {s[0]: s for s in SUBJECTS}

# Places: (meaning, wordings, kind)
PLACES = [
    ("park", ["in the park", "in a park", "outdoors in a park"], "out"),
    ("beach", ["on the beach", "at the beach", "on the sand by the sea"], "water"),
    ("kitchen", ["in the kitchen", "in a kitchen", "at the stove at home"], "in"),
    ("living room", ["in the living room", "in a living room", "on the sofa at home"], "in"),
    ("street", ["on the street", "on a city street", "outside on a road"], "out"),
    ("garden", ["in the garden", "in a garden", "among the flowers in a yard"], "out"),
    ("library", ["at the library", "in a library", "among bookshelves"], "in"),
    ("lake", ["at the lake", "by a lake", "near the water of a lake"], "water"),
    ("forest", ["in the forest", "in the woods", "among tall trees"], "out"),
    ("classroom", ["in the classroom", "in a classroom", "at school"], "in"),
]
PLACE = {p[0]: p for p in PLACES}

# Actions: (meaning, wordings, group, allowed place kinds). Contradictions pick another group.
ACTIONS = [
    ("ride horse", ["riding a horse", "on horseback", "sitting on a horse"], "ride", "out water"),
    ("ride bike", ["riding a bicycle", "riding a bike", "cycling"], "ride", "out"),
    ("play guitar", ["playing the guitar", "strumming a guitar", "playing a guitar"], "music", "out in water"),
    ("play piano", ["playing the piano", "playing a piano", "at the piano"], "music", "in"),
    ("sing", ["singing a song", "singing", "performing a song"], "music", "out in water"),
    ("read", ["reading a book", "reading a novel", "looking through a book"], "quiet", "in out water"),
    ("write", ["writing a letter", "writing a note", "writing with a pen"], "quiet", "in"),
    ("eat apple", ["eating an apple", "biting into an apple", "having an apple"], "food", "in out water"),
    ("drink coffee", ["drinking coffee", "sipping coffee", "having a cup of coffee"], "food", "in out"),
    ("cook", ["cooking dinner", "preparing a meal", "making dinner"], "food", "in"),
    ("swim", ["swimming", "taking a swim", "swimming in the water"], "sport", "water"),
    ("run", ["running", "jogging", "going for a run"], "sport", "out water"),
    ("climb tree", ["climbing a tree", "climbing up a tree", "scaling a tree"], "sport", "out"),
    ("throw frisbee", ["throwing a frisbee", "tossing a frisbee", "playing frisbee"], "sport", "out water"),
    ("sleep", ["sleeping", "asleep", "taking a nap"], "rest", "in out water"),
    ("walk dog", ["walking a dog", "taking a dog for a walk", "out with a dog on a leash"], "pet", "out water"),
    ("feed cat", ["feeding a cat", "giving food to a cat", "putting out food for a cat"], "pet", "in out"),
    ("paint", ["painting a picture", "making a painting", "painting on a canvas"], "art", "in out water"),
    ("dance", ["dancing", "dancing to music", "moving to the music"], "art", "in out water"),
    ("phone", ["talking on the phone", "making a phone call", "chatting on a phone"], "talk", "in out"),
    ("wash dishes", ["washing dishes", "cleaning the dishes", "doing the dishes"], "chore", "in"),
    ("sweep", ["sweeping the floor", "cleaning the floor with a broom", "using a broom"], "chore", "in"),
]
ACTION = {a[0]: a for a in ACTIONS}

# Times of day: (meaning, wordings)
TIMES = [
    ("morning", ["in the morning", "early in the day", "this morning"]),
    ("night", ["at night", "after dark", "late at night"]),
    ("afternoon", ["in the afternoon", "after lunch", "this afternoon"]),
    ("rain", ["in the rain", "while it rains", "on a rainy day"]),
    ("sun", ["on a sunny day", "in the sunshine", "under a bright sun"]),
]
TIME = {t[0]: t for t in TIMES}


def article(word):
    return "An" if word[0] in "aeiou" else "A"


def sentence(subject_words, action_words, place_words=None, time_words=None, time_first=False):
    """Renders "<A subject> is <action> [place] [time]." with the given wordings."""
    subject = subject_words if subject_words in ("Someone", "Nobody") else article(subject_words) + " " + subject_words
    body = subject + " is " + action_words
    if place_words:
        body += " " + place_words
    if time_words and time_first:
        body = time_words[0].upper() + time_words[1:] + ", " + body[0].lower() + body[1:]
    elif time_words:
        body += " " + time_words
    return body + "."


def places_for(action):
    kinds = ACTION[action][3].split()
    return [p[0] for p in PLACES if p[2] in kinds]


def nli_triplet(rng):
    subj = rng.choice(SUBJECTS)[0]
    act = rng.choice(ACTIONS)[0]
    place = rng.choice(places_for(act))
    time = rng.choice(TIMES)[0] if rng.chance(50) else None
    time_first = time is not None and rng.chance(40)  # "In the morning, a man ..." (a quoted CSV field)

    def words(table, key, canonical):
        options = table[key][1]
        return options[0] if canonical else rng.choice(options[1:])

    anchor = sentence(words(SUBJECT, subj, True), words(ACTION, act, True), words(PLACE, place, True),
                      words(TIME, time, True) if time else None, time_first)

    # Entailment: reword every slot; sometimes generalize the subject or drop place / time.
    pos_subject = "Someone" if rng.chance(15) else words(SUBJECT, subj, False)
    pos_place = None if rng.chance(30) else words(PLACE, place, False)
    pos_time = words(TIME, time, False) if time and rng.chance(50) else None
    positive = sentence(pos_subject, words(ACTION, act, False), pos_place, pos_time)

    # Contradiction: high word overlap with the anchor, different meaning.
    kind = rng.below(4)
    if kind <= 1:  # another action from another group, same subject and place
        group = ACTION[act][2]
        others = [a[0] for a in ACTIONS if a[2] != group and place in places_for(a[0])]
        negative = sentence(SUBJECT[subj][1][0], ACTION[rng.choice(others)][1][0], PLACE[place][1][0])
    elif kind == 2:  # an incompatible subject doing the same thing
        other = rng.choice(SUBJECT[subj][2])
        negative = sentence(SUBJECT[other][1][0], ACTION[act][1][0], PLACE[place][1][0])
    else:  # negation
        negative = sentence("Nobody", ACTION[act][1][0], PLACE[place][1][0])
    return anchor, positive, negative


WEIGHTS = {"action": 2.0, "subject": 1.5, "place": 1.0, "time": 0.5}


def sts_pair(rng):
    act = rng.choice(ACTIONS)[0]
    slots = {"action": act, "subject": rng.choice(SUBJECTS)[0], "place": rng.choice(places_for(act)),
             "time": rng.choice(TIMES)[0]}
    changed = [name for name in ("action", "subject", "place", "time") if rng.chance(50)]
    other = dict(slots)
    if "action" in changed:
        # another kind of action; one that fits the place when the place stays
        group = ACTION[act][2]
        other["action"] = rng.choice([a[0] for a in ACTIONS if a[2] != group
                                      and ("place" in changed or slots["place"] in places_for(a[0]))])
    if "subject" in changed:
        other["subject"] = rng.choice([s[0] for s in SUBJECTS if s[0] != slots["subject"]])
    if "place" in changed:
        other["place"] = rng.choice([p for p in places_for(other["action"]) if p != slots["place"]])
    if "time" in changed:
        other["time"] = rng.choice([t[0] for t in TIMES if t[0] != slots["time"]])

    def render(s, first):
        pick = (lambda options: options[0]) if first else rng.choice
        return sentence(pick(SUBJECT[s["subject"]][1]), pick(ACTION[s["action"]][1]),
                        pick(PLACE[s["place"]][1]), pick(TIME[s["time"]][1]))

    score = 5.0 - sum(WEIGHTS[name] for name in changed)
    return score, render(slots, rng.chance(50)), render(other, False)


def write_nli(path, count, seed):
    rng = Rng(seed)
    seen, rows = set(), []
    while len(rows) < count:
        row = nli_triplet(rng)
        if row[0] in seen or len(set(row)) < 3:
            continue
        seen.add(row[0])
        rows.append(row)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["sent0", "sent1", "hard_neg"])
        w.writerows(rows)
    return rows


def write_sts(path, count, seed, split, exclude=frozenset()):
    rng = Rng(seed)
    seen, rows = set(exclude), []
    while len(rows) < count:
        score, s1, s2 = sts_pair(rng)
        if (s1, s2) in seen:
            continue
        seen.add((s1, s2))
        rows.append((score, s1, s2))
    with open(path, "w", newline="", encoding="utf-8") as f:
        for i, (score, s1, s2) in enumerate(rows):
            f.write("\t".join(["synthetic", "templates", split, "%04d" % i, "%.3f" % score, s1, s2]) + "\n")
    return {(s1, s2) for _, s1, s2 in rows}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    data = os.path.join(root, "data")
    sts = os.path.join(data, "sts-sample", "STS", "STSBenchmark")
    os.makedirs(sts, exist_ok=True)
    rows = write_nli(os.path.join(data, "nli-sample.csv"), 600, seed=20230901)
    dev = write_sts(os.path.join(sts, "sts-dev.csv"), 200, seed=1001, split="dev")
    write_sts(os.path.join(sts, "sts-test.csv"), 200, seed=2002, split="test", exclude=frozenset(dev))
    print("wrote %d NLI triplets and 2 x 200 STS pairs under %s" % (len(rows), data))


if __name__ == "__main__":
    main()
