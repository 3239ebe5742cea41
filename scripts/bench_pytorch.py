#!/usr/bin/python3
"""PyTorch-eager baseline for sentemb's benchmark (see docs/bench.md).

Reads the inputs the Java benchmark wrote (sentemb.bench.Benchmark: exact token sequences,
OPT shapes, thread count, repeats) and runs the same computations the way Hugging Face
transformers + PEFT would, in plain PyTorch eager (transformers is not installed here):

  * embedding: left-padded batches, the whole decoder over every position, last position
    taken (no prefix sharing), under torch.no_grad();
  * training: anchors, positives and hard negatives in one forward, SimCSE InfoNCE
    (cosine / 0.05, cross-entropy over [z2 | z3]), backward, torch.optim.AdamW, zero_grad;
    each phase timed on its own too (a `phases` row: forward, loss, backward, optimizer);
  * the STS suite (when the inputs carry one): each task's distinct sentences in file order,
    batches of 16, as the seed's SentEval evaluation runs them;
    LoRA written by hand as PEFT computes it (base(x) + B(A(dropout(x))) * alpha/r,
    A Kaiming-uniform, B zero, base frozen), or full fine-tuning.

The decoder mirrors transformers' models/opt/modeling_opt.py (eager attention, 4.3x) as
nn.Modules, with dropout; masks and positions are imported from make_opt_fixtures.py, the
independent reference the model tests use. Weights are random (HF's init); speed does not
depend on their values.

Writes a results JSON in the Java benchmark's row format and, given the Java results,
prints the Java / PyTorch table (scripts/bench_report.py). Run with Debian's python3-torch:

  /usr/bin/python3 scripts/bench_pytorch.py --inputs bench-out/bench-inputs.json \\
      --out bench-out/bench-pytorch.json --java bench-out/bench-java.json
"""
import argparse
import ctypes
import json
import math
import os
import platform
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_opt_fixtures import four_d_mask, position_ids  # noqa: E402  (HF's mask and positions)
import bench_report  # noqa: E402

FORMAT = "sentemb-bench-results/1"
VARIANT = "torch-eager"


# ---------------------------------------------------------------- model (HF OPT, eager)

class LoraLinear(nn.Module):
    """PEFT's LoRA Linear: frozen base plus scale * B(A(dropout(x)))."""

    def __init__(self, base, r, alpha, dropout):
        super().__init__()
        self.base = base
        self.lora_A = nn.Linear(base.in_features, r, bias=False)
        self.lora_B = nn.Linear(r, base.out_features, bias=False)
        nn.init.kaiming_uniform_(self.lora_A.weight, a=math.sqrt(5))
        nn.init.zeros_(self.lora_B.weight)
        self.dropout = nn.Dropout(dropout)
        self.scaling = alpha / r

    def forward(self, x):
        return self.base(x) + self.lora_B(self.lora_A(self.dropout(x))) * self.scaling


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        h = cfg["hidden_size"]
        self.heads = cfg["num_attention_heads"]
        self.head_dim = h // self.heads
        self.scaling = self.head_dim ** -0.5
        self.dropout = cfg["attention_dropout"]
        bias = cfg["enable_bias"]
        self.k_proj = nn.Linear(h, h, bias=bias)
        self.v_proj = nn.Linear(h, h, bias=bias)
        self.q_proj = nn.Linear(h, h, bias=bias)
        self.out_proj = nn.Linear(h, h, bias=bias)

    def _shape(self, t, T, B):
        return t.view(B, T, self.heads, self.head_dim).transpose(1, 2).contiguous()

    def forward(self, x, mask):
        B, T, h = x.shape
        q = self.q_proj(x) * self.scaling
        k = self._shape(self.k_proj(x), T, B)
        v = self._shape(self.v_proj(x), T, B)
        shape = (B * self.heads, -1, self.head_dim)
        q = self._shape(q, T, B).view(*shape)
        k = k.view(*shape)
        v = v.view(*shape)
        w = torch.bmm(q, k.transpose(1, 2)).view(B, self.heads, T, T) + mask
        w = torch.max(w, torch.tensor(torch.finfo(w.dtype).min))
        w = F.softmax(w.view(B * self.heads, T, T), dim=-1)
        w = F.dropout(w, p=self.dropout, training=self.training)
        out = torch.bmm(w, v).view(B, self.heads, T, self.head_dim).transpose(1, 2).reshape(B, T, h)
        return self.out_proj(out)


class DecoderLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        h = cfg["hidden_size"]
        affine = cfg["layer_norm_elementwise_affine"]
        self.pre = cfg["do_layer_norm_before"]
        self.dropout = cfg["dropout"]
        self.self_attn = Attention(cfg)
        self.self_attn_layer_norm = nn.LayerNorm(h, elementwise_affine=affine)
        self.fc1 = nn.Linear(h, cfg["ffn_dim"], bias=cfg["enable_bias"])
        self.fc2 = nn.Linear(cfg["ffn_dim"], h, bias=cfg["enable_bias"])
        self.final_layer_norm = nn.LayerNorm(h, elementwise_affine=affine)

    def forward(self, x, mask):
        residual = x
        if self.pre:
            x = self.self_attn_layer_norm(x)
        x = F.dropout(self.self_attn(x, mask), p=self.dropout, training=self.training)
        x = residual + x
        if not self.pre:
            x = self.self_attn_layer_norm(x)
        shape = x.shape
        x = x.reshape(-1, x.size(-1))
        residual = x
        if self.pre:
            x = self.final_layer_norm(x)
        x = self.fc2(F.relu(self.fc1(x)))
        x = F.dropout(x, p=self.dropout, training=self.training)
        x = (residual + x).view(shape)
        if not self.pre:
            x = self.final_layer_norm(x)
        return x


class OptDecoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        h, w = cfg["hidden_size"], cfg["word_embed_proj_dim"]
        self.embed_tokens = nn.Embedding(cfg["vocab_size"], w, cfg["pad_token_id"])
        self.embed_positions = nn.Embedding(cfg["max_position_embeddings"] + 2, h)
        self.project_in = nn.Linear(w, h, bias=False) if w != h else None
        self.project_out = nn.Linear(h, w, bias=False) if w != h else None
        pre, removed = cfg["do_layer_norm_before"], cfg["_remove_final_layer_norm"]
        self.final_layer_norm = nn.LayerNorm(h, elementwise_affine=cfg["layer_norm_elementwise_affine"]) \
            if pre and not removed else None
        self.layers = nn.ModuleList(DecoderLayer(cfg) for _ in range(cfg["num_hidden_layers"]))

    def forward(self, ids, mask):
        x = self.embed_tokens(ids)
        if self.project_in is not None:
            x = self.project_in(x)
        x = x + self.embed_positions(position_ids(mask) + 2)
        m = four_d_mask(mask, ids.shape[1])
        for layer in self.layers:
            x = layer(x, m)
        if self.final_layer_norm is not None:
            x = self.final_layer_norm(x)
        if self.project_out is not None:
            x = self.project_out(x)
        return x


def build(cfg, seed):
    """HF's OPT init: Linear and Embedding weights N(0, 0.02), biases 0, padding row 0."""
    torch.manual_seed(seed)
    model = OptDecoder(cfg)
    for mod in model.modules():
        if isinstance(mod, (nn.Linear, nn.Embedding)):
            mod.weight.data.normal_(0.0, 0.02)
        if isinstance(mod, nn.Linear) and mod.bias is not None:
            mod.bias.data.zero_()
    model.embed_tokens.weight.data[cfg["pad_token_id"]].zero_()
    return model


def inject_lora(model, targets, r, alpha, dropout):
    """Freezes the base model and wraps the target linears of every layer; returns the adapter params."""
    for p in model.parameters():
        p.requires_grad_(False)
    params = []
    for layer in model.layers:
        for name in targets:
            owner = layer.self_attn if name.endswith("_proj") else layer
            wrapped = LoraLinear(getattr(owner, name), r, alpha, dropout)
            setattr(owner, name, wrapped)
            params += [wrapped.lora_A.weight, wrapped.lora_B.weight]
    return params


def left_pad(seqs, pad):
    T = max(len(s) for s in seqs)
    ids = torch.tensor([[pad] * (T - len(s)) + s for s in seqs])
    mask = torch.tensor([[0] * (T - len(s)) + [1] * len(s) for s in seqs])
    return ids, mask


# ---------------------------------------------------------------- analytic FLOPs (as FlopCount.java)

def forward_flops(cfg, rows, T, lora=None):
    """(base linear, adapter, attention) FLOPs of a full forward over rows x T positions."""
    h, f, L = cfg["hidden_size"], cfg["ffn_dim"], cfg["num_hidden_layers"]
    base = L * 2.0 * rows * T * (4 * h * h + 2 * h * f)
    attn = L * 4.0 * rows * T * T * h
    adapter = 0.0
    if lora:
        dims = {"q_proj": (h, h), "k_proj": (h, h), "v_proj": (h, h), "out_proj": (h, h), "fc1": (h, f), "fc2": (f, h)}
        adapter = L * sum(2.0 * rows * T * lora["r"] * sum(dims[t]) for t in lora["targets"])
    w = cfg["word_embed_proj_dim"]
    if w != h:
        base += 2 * 2.0 * rows * T * w * h
    return base, adapter, attn


def training_flops(fwd, lora):
    base, adapter, attn = fwd
    return 2 * base + 3 * (adapter + attn) if lora else 3 * (base + adapter + attn)


# ---------------------------------------------------------------- measurement helpers

LIBC = ctypes.CDLL("libc.so.6") if platform.system() == "Linux" else None


def start_case():
    """Frees what earlier cases left (glibc keeps freed memory) and resets VmHWM; False if not possible."""
    if LIBC is not None:
        LIBC.malloc_trim(0)
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def rss_mb():
    """(VmRSS, VmHWM) in MiB, NaN where unavailable."""
    cur = peak = float("nan")
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    cur = int(line.split()[1]) / 1024.0
                elif line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return cur, peak


def timed(warmup, repeats, fn):
    """(wall seconds, process CPU seconds) per timed repeat, after warm-up runs."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(repeats):
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return wall, cpu


def profiled_ops(fn):
    """Top-level operators of one run of fn under torch's profiler (as sentemb.bench.OpTrace counts
    them in Java: ops not nested in another op) and their summed time in seconds."""
    with torch.autograd.profiler.profile() as prof:
        fn()
    top = [e for e in prof.function_events if e.cpu_parent is None]
    return len(top), sum(e.cpu_time_total for e in top) / 1e6


def row(section, shape, case, **values):
    r = {"section": section, "shape": shape, "case": case, "variant": VARIANT}
    r.update({k: v for k, v in values.items() if v is not None and not (isinstance(v, float) and math.isnan(v))})
    return r


def timing_values(timing, flops, peak):
    seconds, cpu = timing
    med = statistics.median(seconds)
    g = flops / 1e9 / med
    return dict(median_s=med, min_s=min(seconds), cpu_s=statistics.median(cpu), repeats=len(seconds),
                gflop=flops / 1e9, gflops=g, peak_fraction=g / peak if peak else None)


# ---------------------------------------------------------------- benchmarks

def bench_matmul(spec):
    a = torch.randn(spec["m"], spec["k"])
    b = torch.randn(spec["k"], spec["n"])
    s = timed(3, 10, lambda: a @ b)
    flops = 2.0 * spec["m"] * spec["k"] * spec["n"]
    peak = flops / 1e9 / statistics.median(s[0])
    return row("kernels", "-", "matmul %dx%dx%d" % (spec["m"], spec["k"], spec["n"]), **timing_values(s, flops, peak),
               note="reference peak: median of 10 after 3 warm-up"), peak


class EmbeddingCase:
    """One embedding case as HF runs it: every batch left-padded, the whole decoder, last position."""

    def __init__(self, item, cfg, inputs):
        self.model = build(cfg, inputs["seed"])
        self.model.eval()
        self.batches = [left_pad(b, cfg["pad_token_id"]) for b in item["batches"]]

    def run(self):
        with torch.no_grad():
            for ids, mask in self.batches:
                self.model(ids, mask)[:, -1, :].numpy()

    step = run  # what the peer mode times


def bench_embedding(item, cfg, inputs, peak):
    case = EmbeddingCase(item, cfg, inputs)
    batches, run = case.batches, case.run

    ok = start_case()
    s = timed(inputs["warmup"], inputs["repeats"], run)
    cur, hwm = rss_mb()
    sentences = sum(len(b) for b in item["batches"])
    flops = sum(sum(forward_flops(cfg, ids.shape[0], ids.shape[1])) for ids, _ in batches)
    return row("embed", item["shape"], item["case"], batch=len(item["batches"][0]), sequences=sentences,
               tokens=sum(len(x) for b in item["batches"] for x in b),
               padded_tokens=sum(ids.numel() for ids, _ in batches), throughput=sentences / statistics.median(s[0]),
               unit="sentences/s", peak_rss_mb=hwm, rss_mb=cur, **timing_values(s, flops, peak),
               note=None if ok else "peak RSS is process-wide (VmHWM not resettable)")


def info_nce(z, B, temperature):
    z1, z2, z3 = z[:B], z[B:2 * B], z[2 * B:]
    cos12 = F.cosine_similarity(z1.unsqueeze(1), z2.unsqueeze(0), dim=-1) / temperature
    cos13 = F.cosine_similarity(z1.unsqueeze(1), z3.unsqueeze(0), dim=-1) / temperature
    return F.cross_entropy(torch.cat([cos12, cos13], 1), torch.arange(B))


class TrainingCase:
    """One training case (shape, mode) as HF + PEFT runs it: model, optimizer and the padded batch."""

    def __init__(self, shape, mode, cfg, inputs):
        tr = inputs["training"]
        self.B = len(tr["anchors"])
        self.ids, self.mask = left_pad(tr["anchors"] + tr["positives"] + tr["negatives"], cfg["pad_token_id"])
        lora_spec = inputs["lora"]
        targets = lora_spec["modes"][mode]
        self.model = build(cfg, inputs["seed"])
        self.model.train()
        self.lora = None
        if targets:
            self.lora = {"r": lora_spec["r"], "targets": targets}
            params = inject_lora(self.model, targets, lora_spec["r"], lora_spec["alpha"], lora_spec["dropout"])
        else:
            params = list(self.model.parameters())
        self.opt = torch.optim.AdamW(params, lr=inputs["learning_rate"], weight_decay=0.0)
        self.temperature = inputs["temperature"]
        self.flops = training_flops(forward_flops(cfg, self.ids.shape[0], self.ids.shape[1], self.lora),
                                    self.lora is not None)
        self.phases = []  # (forward, loss, backward, optimizer) seconds of every step

    def step(self):
        t0 = time.perf_counter()
        z = self.model(self.ids, self.mask)[:, -1, :]
        t1 = time.perf_counter()
        loss = info_nce(z, self.B, self.temperature)
        loss.item()
        t2 = time.perf_counter()
        loss.backward()
        t3 = time.perf_counter()
        self.opt.step()
        self.opt.zero_grad()
        self.phases.append((t1 - t0, t2 - t1, t3 - t2, time.perf_counter() - t3))


def bench_training(shape, mode, cfg, inputs, peak):
    ok = start_case()
    case = TrainingCase(shape, mode, cfg, inputs)
    B, ids, mask = case.B, case.ids, case.mask
    s = timed(inputs["warmup"], inputs["train_repeats"], case.step)
    cur, hwm = rss_mb()
    timed_phases = case.phases[inputs["warmup"]:]
    ops, op_s = profiled_ops(case.step)
    med = [statistics.median(p[k] for p in timed_phases) for k in range(4)]
    phase_row = row("phases", shape, mode, batch=B, repeats=len(timed_phases),
                    median_s=statistics.median(sum(p) for p in timed_phases), forward_s=med[0], loss_s=med[1],
                    backward_s=med[2], optimizer_s=med[3], ops=ops, op_s=op_s,
                    note="profiled step: %d top-level ops taking %.1f ms" % (ops, 1e3 * op_s))
    return row("train", shape, mode, batch=B, sequences=3 * B, tokens=int(mask.sum()), padded_tokens=ids.numel(),
               forwards=1, throughput=B / statistics.median(s[0]), unit="triplets/s", peak_rss_mb=hwm, rss_mb=cur,
               **timing_values(s, case.flops, peak), note=None if ok else "peak RSS is process-wide (VmHWM not resettable)"), \
        phase_row


def serve(inputs):
    """Peer mode (--serve): the Java benchmark times training steps of both engines in alternation.

    One command a line on stdin, one JSON object a line on stdout in reply:
      train SHAPE MODE  builds the case and runs one untimed step    -> {"ok": true}
      embed SHAPE CASE  builds an embedding case (inputs' batches), one untimed run -> {"ok": true}
      step              one timed step (or run over the batches)     -> {"wall_s": .., "cpu_s": ..}
      end               drops the case                               -> {"ok": true}
    End of input ends the process. Errors go to stderr and end it with status 1."""
    print(json.dumps({"ready": True, "engine": "PyTorch " + torch.__version__, "threads": torch.get_num_threads(),
                      "blas": loaded_blas()}), flush=True)
    case = None
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == "train" and len(cmd) == 3:
            case = None
            start_case()
            case = TrainingCase(cmd[1], cmd[2], inputs["shapes"][cmd[1]], inputs)
            case.step()
            reply = {"ok": True, "tokens": int(case.mask.sum()), "padded_tokens": case.ids.numel(),
                     "gflop": case.flops / 1e9}
        elif cmd[0] == "embed" and len(cmd) == 3:
            case = None
            start_case()
            items = [i for i in inputs["embedding"] if i["shape"] == cmd[1] and i["case"] == cmd[2]]
            if not items:
                sys.exit("bench_pytorch --serve: no embedding case %s %s in the inputs" % (cmd[1], cmd[2]))
            case = EmbeddingCase(items[0], inputs["shapes"][cmd[1]], inputs)
            case.run()
            reply = {"ok": True}
        elif cmd[0] == "step" and case is not None:
            c0 = time.process_time()
            t0 = time.perf_counter()
            case.step()
            reply = {"wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0}
        elif cmd[0] == "end":
            case = None
            reply = {"ok": True, "peak_rss_mb": rss_mb()[1]}
        else:
            sys.exit("bench_pytorch --serve: unexpected command %r" % line.strip())
        print(json.dumps(reply), flush=True)


def bench_sts(suite, cfg, inputs, peak):
    """The STS suite the seed's way: each task's distinct sentences in file order, batches of 16, padded."""
    model = build(cfg, inputs["seed"])
    model.eval()
    pad, bsize = cfg["pad_token_id"], suite["batch"]
    batches = [left_pad(t["sequences"][i:i + bsize], pad) for t in suite["tasks"]
               for i in range(0, len(t["sequences"]), bsize)]

    def run(part):
        with torch.no_grad():
            for ids, mask in part:
                model(ids, mask)[:, -1, :].numpy()

    run(batches[:2])  # warm-up, as the Java side
    s = timed(0, 1, lambda: run(batches))
    sentences = sum(len(t["sequences"]) for t in suite["tasks"])
    flops = sum(sum(forward_flops(cfg, ids.shape[0], ids.shape[1])) for ids, _ in batches)
    return row("sts", suite["shape"], "suite", batch=bsize, sequences=sentences,
               tokens=sum(len(x) for t in suite["tasks"] for x in t["sequences"]),
               padded_tokens=sum(ids.numel() for ids, _ in batches), throughput=sentences / statistics.median(s[0]),
               unit="sentences/s", **timing_values(s, flops, peak),
               note=" ".join("%s:%d" % (t["task"], len(t["sequences"])) for t in suite["tasks"]))


def loaded_blas():
    """The BLAS library this process's matmuls load (after one matmul), from /proc/self/maps."""
    torch.ones(64, 64) @ torch.ones(64, 64)
    try:
        with open("/proc/self/maps") as fh:
            libs = {line.split()[-1] for line in fh if "blas" in line.lower() or "mkl" in line.lower()}
    except OSError:
        return None
    return ", ".join(sorted(l for l in libs if l.startswith("/"))) or None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--inputs", required=True, help="bench-inputs.json written by the Java benchmark")
    ap.add_argument("--out", help="where to write this baseline's results JSON")
    ap.add_argument("--serve", action="store_true",
                    help="peer mode: run training steps on request from the Java benchmark (see serve())")
    ap.add_argument("--java", help="the Java results JSON, to print the Java / PyTorch table")
    args = ap.parse_args()

    with open(args.inputs) as fh:
        inputs = json.load(fh)
    if inputs.get("format") != "sentemb-bench-inputs/1":
        sys.exit("%s: not a sentemb benchmark inputs file (format %r)" % (args.inputs, inputs.get("format")))
    threads = inputs["threads"]
    blas = loaded_blas()
    if blas is None or "/blas/libblas" in blas:
        # Debian's python3-torch takes its BLAS from the libblas.so.3 alternative; with only
        # libblas3 installed that is netlib's reference BLAS, ~50x slower than OpenBLAS, which
        # would make any Java/PyTorch ratio meaningless
        sys.exit("bench_pytorch: torch's matmul runs on %s, not an optimised BLAS; install one "
                 "(apt-get install libopenblas0-pthread) and run again" % (blas or "an unknown BLAS"))
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    if args.serve:
        serve(inputs)
        return
    if not args.out:
        sys.exit("bench_pytorch: --out is required (except with --serve)")
    env = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "engine": "PyTorch " + torch.__version__,
           "python": platform.python_version(), "cores": os.cpu_count(), "intra_op_threads": torch.get_num_threads(),
           "interop_threads": torch.get_num_interop_threads(), "load_average_start": os.getloadavg()[0],
           "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"), "dtype": "float32", "blas": blas}
    rows = []
    mm, peak = bench_matmul(inputs["matmul"])
    rows.append(mm)
    env["matmul_peak_gflops"] = peak
    shapes = inputs["shapes"]
    for item in inputs["embedding"]:
        print("pytorch: embedding %s %s" % (item["shape"], item["case"]), file=sys.stderr)
        rows.append(bench_embedding(item, shapes[item["shape"]], inputs, peak))
    for shape in inputs["training"]["shapes"]:
        for mode in inputs["lora"]["modes"]:
            print("pytorch: training %s %s" % (shape, mode), file=sys.stderr)
            rows.extend(bench_training(shape, mode, shapes[shape], inputs, peak))
    if inputs.get("sts"):
        print("pytorch: the STS suite (%s)" % inputs["sts"]["shape"], file=sys.stderr)
        rows.append(bench_sts(inputs["sts"], shapes[inputs["sts"]["shape"]], inputs, peak))
    env["matmul_peak_gflops_end"] = bench_matmul(inputs["matmul"])[1]
    env["load_average_end"] = os.getloadavg()[0]
    env["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    result = {"format": FORMAT, "engine": "pytorch-eager", "environment": env, "rows": rows}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as fh:
        json.dump(result, fh, indent=2)
        fh.write("\n")
    if args.java:
        with open(args.java) as fh:
            java = json.load(fh)
        print(bench_report.comparison_markdown(java, result))


if __name__ == "__main__":
    main()
