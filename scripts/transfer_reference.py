#!/usr/bin/env python3
"""Independent reference values for the tests of sentemb.eval.transfer (SentEval transfer tasks).

Writes small JSON fixtures to trainer/src/test/resources/fixtures/transfer/:

  loaders.json    per task and split: sample count, label counts, first sorted samples and a
                  SHA-256 of the samples in SentEval's sorted order. The loading logic follows
                  SentEval's senteval/{binary,sst,trec,mrpc}.py (encodings, splitlines vs.
                  line iteration, strip/split, MRPC header drop, TREC coarse label).
  folds.json      test-fold ids from scikit-learn's StratifiedKFold(shuffle=True, random_state)
                  on the real MR and TREC label vectors (in SentEval's order) and on toy labels.
  numpy_rng.json  numpy RandomState permutations (the generator SentEval's classifier uses).
  fit_trace.json  one SentEval-style logistic-regression fit (nn.Linear, CrossEntropyLoss,
                  Adam with weight_decay = L2, epoch_size / tenacity early stopping), run with
                  PyTorch on the CPU from known initial weights.
  protocols.json  SentEval's three validation protocols (inner k-fold, k-fold + test,
                  train/dev/test split) on toy embeddings, with the same fit.

Everything here is written from SentEval's documented behaviour, not imported from it.
Needs: Debian python3-numpy, python3-torch (1.13), python3-sklearn (1.2). Not run in CI.

Usage: /usr/bin/python3 scripts/transfer_reference.py [DOWNSTREAM_DIR]
       (default ../shared/data/downstream relative to the repository root)
"""
import copy
import hashlib
import io
import json
import os
import sys

import numpy as np
import torch
from torch import nn
from sklearn.model_selection import StratifiedKFold
from sklearn.metrics import f1_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'trainer/src/test/resources/fixtures/transfer')


# ----------------------------------------------------------------------------- loaders

def read_binary_file(path):
    # SentEval binary.py: latin-1, str.splitlines(), then str.split() per line.
    with io.open(path, 'r', encoding='latin-1') as f:
        return [line.split() for line in f.read().splitlines()]


def sort_single(tokens, labels):
    pairs = sorted(zip(tokens, labels), key=lambda z: (len(z[0]), z[1]))
    return [' '.join(t) for t, _ in pairs], [y for _, y in pairs]


def binary_task(root, folder, first, second):
    a = read_binary_file(os.path.join(root, folder, first))
    b = read_binary_file(os.path.join(root, folder, second))
    return {'all': sort_single(a + b, [1] * len(a) + [0] * len(b))}


def sst_split(path):
    # SentEval sst.py (nclasses=2): utf-8, line iteration, strip, split on TAB.
    xs, ys = [], []
    with io.open(path, 'r', encoding='utf-8') as f:
        for line in f:
            sample = line.strip().split('\t')
            ys.append(int(sample[1]))
            xs.append(sample[0].split())
    assert max(ys) == 1
    return sort_single(xs, ys)


TREC_CLASSES = {'ABBR': 0, 'DESC': 1, 'ENTY': 2, 'HUM': 3, 'LOC': 4, 'NUM': 5}


def trec_split(path):
    # SentEval trec.py: latin-1, coarse label before ':', fine label dropped with the first space.
    xs, ys = [], []
    with io.open(path, 'r', encoding='latin-1') as f:
        for line in f:
            target, sample = line.strip().split(':', 1)
            sample = sample.split(' ', 1)[1].split()
            assert target in TREC_CLASSES, target
            xs.append(sample)
            ys.append(TREC_CLASSES[target])
    return sort_single(xs, ys)


def mrpc_split(path):
    # SentEval mrpc.py: utf-8 (BOM kept in the header), line iteration, TAB fields 0/3/4,
    # first line (the header) dropped; sorted by (len A, len B, label).
    a, b, y = [], [], []
    with io.open(path, 'r', encoding='utf-8') as f:
        for line in f:
            text = line.strip().split('\t')
            a.append(text[3].split())
            b.append(text[4].split())
            y.append(text[0])
    a, b, y = a[1:], b[1:], [int(s) for s in y[1:]]
    rows = sorted(zip(a, b, y), key=lambda z: (len(z[0]), len(z[1]), z[2]))
    return [' '.join(r[0]) for r in rows], [' '.join(r[1]) for r in rows], [r[2] for r in rows]


def digest_single(sentences, labels):
    h = hashlib.sha256()
    for s, y in zip(sentences, labels):
        h.update(('%d\t%s\n' % (y, s)).encode('utf-8'))
    return h.hexdigest()


def digest_pairs(a, b, labels):
    h = hashlib.sha256()
    for x, z, y in zip(a, b, labels):
        h.update(('%d\t%s\t%s\n' % (y, x, z)).encode('utf-8'))
    return h.hexdigest()


def describe(sentences, labels):
    counts = {}
    for y in labels:
        counts[str(y)] = counts.get(str(y), 0) + 1
    return {'count': len(labels), 'labelCounts': counts, 'sha256': digest_single(sentences, labels),
            'first': [[labels[i], sentences[i]] for i in range(3)],
            'last': [labels[-1], sentences[-1]]}


def loaders(root):
    out = {}
    for task, folder, first, second in [('MR', 'MR', 'rt-polarity.pos', 'rt-polarity.neg'),
                                        ('CR', 'CR', 'custrev.pos', 'custrev.neg'),
                                        ('SUBJ', 'SUBJ', 'subj.objective', 'subj.subjective'),
                                        ('MPQA', 'MPQA', 'mpqa.pos', 'mpqa.neg')]:
        s, y = binary_task(root, folder, first, second)['all']
        out[task] = {'all': describe(s, y)}
    out['SST2'] = {k: describe(*sst_split(os.path.join(root, 'SST/binary/sentiment-' + k)))
                   for k in ('train', 'dev', 'test')}
    out['TREC'] = {'train': describe(*trec_split(os.path.join(root, 'TREC/train_5500.label'))),
                   'test': describe(*trec_split(os.path.join(root, 'TREC/TREC_10.label')))}
    out['MRPC'] = {}
    for k in ('train', 'test'):
        a, b, y = mrpc_split(os.path.join(root, 'MRPC/msr_paraphrase_%s.txt' % k))
        out['MRPC'][k] = {'count': len(y), 'labelCounts': {'0': y.count(0), '1': y.count(1)},
                          'sha256': digest_pairs(a, b, y),
                          'first': [[y[i], a[i], b[i]] for i in range(3)]}
    return out


# ----------------------------------------------------------------------------- folds / rng

def test_folds(y, k, seed):
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    folds = np.empty(len(y), dtype=int)
    for i, (_, test) in enumerate(skf.split(np.zeros((len(y), 1)), y)):
        folds[test] = i
    return ''.join(str(v) for v in folds)  # k <= 10, one digit per sample


def folds(root):
    mr = binary_task(root, 'MR', 'rt-polarity.pos', 'rt-polarity.neg')['all'][1]
    trec = trec_split(os.path.join(root, 'TREC/train_5500.label'))[1]
    toy = np.random.RandomState(7).randint(0, 3, size=37).tolist()
    cases = [
        {'name': 'MR sorted labels, k=10', 'labels': mr, 'k': 10, 'seed': 1111},
        {'name': 'TREC train sorted labels, k=10', 'labels': trec, 'k': 10, 'seed': 1111},
        {'name': 'TREC train sorted labels, k=5', 'labels': trec, 'k': 5, 'seed': 1111},
        {'name': 'toy 3 classes, k=5, seed 42', 'labels': toy, 'k': 5, 'seed': 42},
        {'name': 'labels 2,2,0,1 first-appearance order, k=2', 'labels': [2, 2, 0, 1, 0, 2, 1, 1, 0, 2],
         'k': 2, 'seed': 0},
    ]
    for c in cases:
        c['testFolds'] = test_folds(c['labels'], c['k'], c['seed'])
        c['labels'] = ''.join(str(v) for v in c['labels'])
    return cases


def numpy_rng():
    rs = np.random.RandomState(1111)
    a = rs.permutation(10).tolist()
    b = rs.permutation(1000).tolist()
    c = np.random.RandomState(2 ** 31 - 1).permutation(7).tolist()
    d = np.random.RandomState(0).permutation(70000)
    return {'seed1111_perm10': a, 'seed1111_then_perm1000': b, 'seedMax_perm7': c,
            'seed0_perm70000_first20': d[:20].tolist(),
            'seed0_perm70000_sha256': hashlib.sha256(','.join(map(str, d.tolist())).encode()).hexdigest()}


# ----------------------------------------------------------------------------- classifier

class RefLogReg:
    """SentEval's PyTorchClassifier/MLP with nhid=0, on the CPU, from given initial weights."""

    def __init__(self, d, c, l2, seed, cfg, init):
        np.random.seed(seed)
        torch.manual_seed(seed)
        self.model = nn.Sequential(nn.Linear(d, c))
        with torch.no_grad():
            self.model[0].weight.copy_(torch.tensor(init['weight'], dtype=torch.float32))
            self.model[0].bias.copy_(torch.tensor(init['bias'], dtype=torch.float32))
        self.loss_fn = nn.CrossEntropyLoss()
        self.loss_fn.size_average = False  # as SentEval does; no effect in torch >= 0.4.1 (mean stays)
        self.optimizer = torch.optim.Adam(self.model.parameters())
        self.optimizer.param_groups[0]['weight_decay'] = l2
        self.cfg = cfg

    def fit(self, x, y, validation_data=None, validation_split=None):
        cfg = self.cfg
        if validation_data is not None:
            trx, tr_y = x, y
            dvx, dv_y = validation_data
        else:
            perm = np.random.permutation(len(x))
            cut = int(validation_split * len(x))
            trx, tr_y = x[perm[cut:]], y[perm[cut:]]
            dvx, dv_y = x[perm[:cut]], y[perm[:cut]]
        trx = torch.from_numpy(trx).float()
        tr_y = torch.from_numpy(tr_y).long()
        nepoch, best, stop, count, trace = 0, -1, False, 0, []
        best_model = None
        while not stop and nepoch <= cfg['maxEpoch']:
            self.model.train()
            for _ in range(cfg['epochSize']):
                perm = np.random.permutation(len(trx))
                for i in range(0, len(trx), cfg['batchSize']):
                    idx = torch.from_numpy(perm[i:i + cfg['batchSize']]).long()
                    loss = self.loss_fn(self.model(trx[idx]), tr_y[idx])
                    self.optimizer.zero_grad()
                    loss.backward()
                    self.optimizer.step()
            nepoch += cfg['epochSize']
            acc = self.score(dvx, dv_y)
            trace.append(acc)
            if acc > best:
                best = acc
                best_model = copy.deepcopy(self.model)
            else:
                if count >= cfg['tenacity']:
                    stop = True
                count += 1
        self.model = best_model
        return best, trace, nepoch

    def predict(self, x):
        with torch.no_grad():
            return self.model(torch.from_numpy(x).float()).max(1)[1].numpy()

    def score(self, x, y):
        return 1.0 * int((self.predict(x) == y).sum()) / len(x)


def linear_init(d, c, seed):
    torch.manual_seed(seed)
    lin = nn.Linear(d, c)
    return {'weight': lin.weight.detach().numpy().tolist(), 'bias': lin.bias.detach().numpy().tolist()}


REGS = [10 ** t for t in range(-5, -1)]


def inner_kfold(x, y, nclasses, cfg, seed, init):
    k = cfg['kfold']
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=1111)
    inner = StratifiedKFold(n_splits=k, shuffle=True, random_state=1111)
    dev, test, chosen = [], [], []
    for tr, te in skf.split(x, y):
        xtr, xte, ytr, yte = x[tr], x[te], y[tr], y[te]
        scores = []
        for reg in REGS:
            rs = []
            for itr, ite in inner.split(xtr, ytr):
                clf = RefLogReg(x.shape[1], nclasses, reg, seed, cfg, init)
                clf.fit(xtr[itr], ytr[itr], validation_data=(xtr[ite], ytr[ite]))
                rs.append(clf.score(xtr[ite], ytr[ite]))
            scores.append(round(100 * np.mean(rs), 2))
        opt = REGS[int(np.argmax(scores))]
        chosen.append(opt)
        dev.append(np.max(scores))
        clf = RefLogReg(x.shape[1], nclasses, opt, seed, cfg, init)
        clf.fit(xtr, ytr, validation_split=0.05)
        test.append(round(100 * clf.score(xte, yte), 2))
    return {'devAcc': float(round(np.mean(dev), 2)), 'testAcc': float(round(np.mean(test), 2)),
            'chosenL2': chosen, 'foldDev': [float(v) for v in dev], 'foldTest': test}


def kfold(xtr, ytr, xte, yte, nclasses, cfg, seed, init):
    skf = StratifiedKFold(n_splits=cfg['kfold'], shuffle=True, random_state=seed)
    scores = []
    for reg in REGS:
        ss = []
        for tr, te in skf.split(xtr, ytr):
            clf = RefLogReg(xtr.shape[1], nclasses, reg, seed, cfg, init)
            clf.fit(xtr[tr], ytr[tr], validation_data=(xtr[te], ytr[te]))
            ss.append(clf.score(xtr[te], ytr[te]))
        scores.append(round(100 * np.mean(ss), 2))
    opt = REGS[int(np.argmax(scores))]
    clf = RefLogReg(xtr.shape[1], nclasses, opt, seed, cfg, init)
    clf.fit(xtr, ytr, validation_split=0.05)
    yhat = clf.predict(xte)
    out = {'devAcc': float(np.max(scores)), 'testAcc': round(100 * clf.score(xte, yte), 2),
           'chosenL2': [opt], 'scores': [float(s) for s in scores], 'predictions': yhat.tolist()}
    if nclasses == 2:
        out['testF1'] = float(round(100 * f1_score(yte, yhat), 2))
    return out


def split(xtr, ytr, xdv, ydv, xte, yte, nclasses, cfg, seed, init):
    scores = []
    for reg in REGS:
        clf = RefLogReg(xtr.shape[1], nclasses, reg, seed, cfg, init)
        clf.fit(xtr, ytr, validation_data=(xdv, ydv))
        scores.append(round(100 * clf.score(xdv, ydv), 2))
    opt = REGS[int(np.argmax(scores))]
    clf = RefLogReg(xtr.shape[1], nclasses, opt, seed, cfg, init)
    clf.fit(xtr, ytr, validation_data=(xdv, ydv))
    return {'devAcc': float(np.max(scores)), 'testAcc': round(100 * clf.score(xte, yte), 2),
            'chosenL2': [opt], 'scores': [float(s) for s in scores]}


def toy_data(seed, n, d, c, noise):
    rs = np.random.RandomState(seed)
    w = rs.randn(d, c)
    x = np.round(rs.randn(n, d), 4).astype(np.float32)  # 4 decimals keep the fixtures small
    y = np.argmax(x @ w + noise * rs.randn(n, c), axis=1).astype(np.int64)
    return x, y


def rows(x):
    # the toy features have 4 decimals; print them short (Java parses and casts to float32)
    return np.asarray(x, dtype=np.float64).round(4).tolist()


TEST_CFG = {'kfold': 10, 'batchSize': 64, 'tenacity': 5, 'epochSize': 4, 'maxEpoch': 200}
DEV_CFG = {'kfold': 5, 'batchSize': 128, 'tenacity': 3, 'epochSize': 2, 'maxEpoch': 200}
SMALL_CFG = {'kfold': 3, 'batchSize': 32, 'tenacity': 3, 'epochSize': 2, 'maxEpoch': 200}
TEST_3FOLD_CFG = dict(TEST_CFG, kfold=3)  # test-mode training with 3 folds: the L2 scores differ here


def fit_trace():
    x, y = toy_data(3, 400, 32, 3, 1.0)
    init = linear_init(32, 3, 1111)
    clf = RefLogReg(32, 3, 1e-3, 1111, TEST_CFG, init)
    best, trace, nepoch = clf.fit(x[:320], y[:320], validation_data=(x[320:], y[320:]))
    w = clf.model[0].weight.detach().numpy().tolist()
    b = clf.model[0].bias.detach().numpy().tolist()
    # the validation_split path: permutation of the whole set, first 5% as dev
    clf2 = RefLogReg(32, 3, 1e-4, 1111, TEST_CFG, init)
    best2, trace2, nepoch2 = clf2.fit(x, y, validation_split=0.05)
    return {'x': rows(x), 'y': y.tolist(), 'init': init, 'config': TEST_CFG,
            'devSplit': {'l2': 1e-3, 'trainRows': 320, 'best': best, 'trace': trace, 'nepoch': nepoch,
                         'weight': w, 'bias': b, 'predictions': clf.predict(x).tolist()},
            'validationSplit': {'l2': 1e-4, 'fraction': 0.05, 'best': best2, 'trace': trace2,
                                'nepoch': nepoch2, 'predictions': clf2.predict(x).tolist()}}


def protocols():
    out = {}
    x, y = toy_data(11, 200, 16, 2, 1.0)
    init = linear_init(16, 2, 1111)
    out['innerKFold'] = {'config': SMALL_CFG, 'x': rows(x), 'y': y.tolist(), 'init': init,
                         'result': inner_kfold(x, y, 2, SMALL_CFG, 1111, init)}
    x, y = toy_data(12, 300, 16, 3, 1.0)
    init = linear_init(16, 3, 1111)
    out['kFold'] = {'config': TEST_3FOLD_CFG, 'x': rows(x), 'y': y.tolist(), 'trainRows': 240, 'init': init,
                    'result': kfold(x[:240], y[:240], x[240:], y[240:], 3, TEST_3FOLD_CFG, 1111, init)}
    x, y = toy_data(13, 300, 16, 2, 1.0)
    init = linear_init(16, 2, 1111)
    out['kFoldBinary'] = {'config': DEV_CFG, 'x': rows(x), 'y': y.tolist(), 'trainRows': 240,
                          'init': init,
                          'result': kfold(x[:240], y[:240], x[240:], y[240:], 2, DEV_CFG, 1111, init)}
    x, y = toy_data(14, 400, 16, 2, 1.0)
    init = linear_init(16, 2, 1111)
    out['split'] = {'config': TEST_CFG, 'x': rows(x), 'y': y.tolist(), 'trainRows': 240, 'devRows': 80,
                    'init': init,
                    'result': split(x[:240], y[:240], x[240:320], y[240:320], x[320:], y[320:], 2,
                                    TEST_CFG, 1111, init)}
    return out


def check_loss_reduction():
    # SentEval sets loss_fn.size_average = False after construction; show it keeps 'mean'.
    torch.manual_seed(0)
    logits, target = torch.randn(8, 3), torch.randint(0, 3, (8,))
    fn = nn.CrossEntropyLoss()
    fn.size_average = False
    mean = nn.functional.cross_entropy(logits, target)
    assert torch.allclose(fn(logits, target), mean), 'size_average attribute changed the reduction'


def write(name, obj):
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
        f.write('\n')
    print('wrote', name, os.path.getsize(os.path.join(OUT, name)), 'bytes')


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, '../shared/data/downstream')
    os.makedirs(OUT, exist_ok=True)
    check_loss_reduction()
    torch.set_num_threads(1)
    write('loaders.json', loaders(root))
    write('folds.json', folds(root))
    write('numpy_rng.json', numpy_rng())
    write('fit_trace.json', fit_trace())
    write('protocols.json', protocols())


if __name__ == '__main__':
    main()
