#!/usr/bin/python3
"""Golden values for sentemb.train (AdamW, linear warmup schedule, global-norm clipping, InfoNCE).

Independent reference for the Java code: real torch.optim.AdamW, torch LambdaLR,
torch.nn.utils.clip_grad_norm_ and the SimCSE / scaling_sentemb loss written the way
simcse/models.py cl_forward writes it (nn.CosineSimilarity on broadcast (B,1,d) x (1,B,d),
the hard-negative weight matrix built row by row, nn.CrossEntropyLoss).
transformers is not installed here, so two of its pieces are written out from their
definitions:
  * get_linear_schedule_with_warmup's lr_lambda (transformers/optimization.py), used
    through torch.optim.lr_scheduler.LambdaLR exactly as HF does;
  * transformers.AdamW ("adamw_hf", the Trainer default until transformers PR #25109,
    July 2023), whose step is: state.step += 1; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
    denom = sqrt(v) + eps; step_size = lr * sqrt(1-b2^t) / (1-b1^t);
    p.addcdiv_(m, denom, -step_size); then, if wd > 0, p.add_(p, alpha=-lr*wd).

Run with Debian's python3-torch 1.13 (keep it out of CI):
    /usr/bin/python3 scripts/make_optim_fixtures.py
Writes trainer/src/test/resources/fixtures/optim/{adamw,schedule,clip,infonce}.json.
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "trainer", "src", "test",
                   "resources", "fixtures", "optim")


def flat(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def tensor_json(t):
    return {"shape": list(t.shape), "data": flat(t)}


def write(name, obj):
    path = os.path.normpath(os.path.join(OUT, name))
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")
    print("wrote", path)


# ---------------------------------------------------------------- schedule

def hf_linear_lambda(current_step, num_warmup_steps, num_training_steps):
    # transformers.optimization._get_linear_schedule_with_warmup_lr_lambda
    if current_step < num_warmup_steps:
        return float(current_step) / float(max(1, num_warmup_steps))
    return max(0.0, float(num_training_steps - current_step) / float(max(1, num_training_steps - num_warmup_steps)))


def lrs_seen_by_optimizer(base_lr, warmup, total, steps):
    """The lr each optimizer.step() uses when the scheduler steps after it (HF Trainer order)."""
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=base_lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: hf_linear_lambda(s, warmup, total))
    seen = []
    for _ in range(steps):
        seen.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return seen


def make_schedule():
    cases = []
    for base_lr, warmup, total, steps in [(5e-4, 100, 1000, 1005), (1e-3, 0, 10, 12), (2e-5, 3, 3, 6),
                                          (1.0, 1, 2, 4), (3e-4, 7, 5, 9)]:
        cases.append({"base_lr": base_lr, "warmup": warmup, "total": total,
                      "lambdas": [hf_linear_lambda(s, warmup, total) for s in range(steps)],
                      "lrs": lrs_seen_by_optimizer(base_lr, warmup, total, steps)})
    write("schedule.json", {"cases": cases})


# ---------------------------------------------------------------- AdamW

def hf_adamw_step(params, grads, state, lr, betas, eps, wds):
    b1, b2 = betas
    with torch.no_grad():
        for p, g, wd in zip(params, grads, wds):
            st = state.setdefault(id(p), {"step": 0, "m": torch.zeros_like(p), "v": torch.zeros_like(p)})
            st["step"] += 1
            st["m"].mul_(b1).add_(g, alpha=1.0 - b1)
            st["v"].mul_(b2).addcmul_(g, g, value=1.0 - b2)
            denom = st["v"].sqrt().add_(eps)
            step_size = lr * math.sqrt(1.0 - b2 ** st["step"]) / (1.0 - b1 ** st["step"])
            p.addcdiv_(st["m"], denom, value=-step_size)
            if wd > 0.0:
                p.add_(p, alpha=-lr * wd)


def make_adamw():
    gen = torch.Generator().manual_seed(1234)
    specs = [("layers.0.fc1.weight", (3, 4), True, 1.0),
             ("layers.0.fc1.bias", (4,), False, 0.5),
             ("layers.0.final_layer_norm.weight", (4,), False, 2.0),
             # tiny gradients: sqrt(v_hat) ~ 1e-7 is comparable to eps, so the place where eps
             # enters (torch vs HF) changes the update by ~10%
             ("lora_A.weight", (2, 3), True, 1e-7)]
    steps = 5
    init = {n: torch.randn(s, generator=gen) for n, s, _, _ in specs}
    grads = {n: [torch.randn(s, generator=gen) * scale for _ in range(steps)] for n, s, _, scale in specs}
    cases = []
    for variant, wd, base_lr, warmup, total in [("torch", 0.0, 1e-2, 2, 6), ("torch", 0.1, 5e-2, 1, 5),
                                                ("hf", 0.0, 1e-2, 2, 6), ("hf", 0.1, 5e-2, 1, 5)]:
        params = [torch.nn.Parameter(init[n].clone()) for n, _, _, _ in specs]
        decay = [d for _, _, d, _ in specs]
        wds = [wd if d else 0.0 for d in decay]
        lrs = lrs_seen_by_optimizer(base_lr, warmup, total, steps)
        trajectory = []
        if variant == "torch":
            # HF Trainer's two parameter groups: decay / no decay
            opt = torch.optim.AdamW([{"params": [p for p, d in zip(params, decay) if d], "weight_decay": wd},
                                     {"params": [p for p, d in zip(params, decay) if not d], "weight_decay": 0.0}],
                                    lr=base_lr, betas=(0.9, 0.999), eps=1e-8)
            sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: hf_linear_lambda(s, warmup, total))
            for k in range(steps):
                assert opt.param_groups[0]["lr"] == lrs[k]
                for p, (n, _, _, _) in zip(params, specs):
                    p.grad = grads[n][k].clone()
                opt.step()
                sched.step()
                opt.zero_grad()
                trajectory.append([flat(p) for p in params])
            state = {n: {"exp_avg": flat(opt.state[p]["exp_avg"]), "exp_avg_sq": flat(opt.state[p]["exp_avg_sq"]),
                         "step": float(opt.state[p]["step"])} for p, (n, _, _, _) in zip(params, specs)}
        else:
            st = {}
            for k in range(steps):
                hf_adamw_step(params, [grads[n][k] for n, _, _, _ in specs], st, lrs[k], (0.9, 0.999), 1e-8, wds)
                trajectory.append([flat(p) for p in params])
            state = {n: {"exp_avg": flat(st[id(p)]["m"]), "exp_avg_sq": flat(st[id(p)]["v"]),
                         "step": float(st[id(p)]["step"])} for p, (n, _, _, _) in zip(params, specs)}
        cases.append({"variant": variant, "weight_decay": wd, "base_lr": base_lr, "warmup": warmup, "total": total,
                      "betas": [0.9, 0.999], "eps": 1e-8, "lrs": lrs,
                      "params_after_step": trajectory, "state": state})
    # the fixture must tell the variants apart on the tiny-gradient parameter
    t, h = cases[0]["params_after_step"][-1][3], cases[2]["params_after_step"][-1][3]
    t0 = flat(init["lora_A.weight"])
    assert max(abs((a - a0) - (b - a0)) / abs(a - a0) for a, b, a0 in zip(t, h, t0)) > 1e-2
    write("adamw.json", {
        "params": [{"name": n, "shape": list(s), "weight_decay": d, "init": flat(init[n]),
                    "grads": [flat(g) for g in grads[n]]} for n, s, d, _ in specs],
        "steps": steps, "cases": cases})


# ---------------------------------------------------------------- clipping

def make_clip():
    gen = torch.Generator().manual_seed(99)
    shapes = [(3, 5), (5,), (2, 2, 3)]
    base = [torch.randn(s, generator=gen) for s in shapes]
    cases = []
    for scale, max_norm in [(1.0, 1.0), (0.05, 1.0), (3.0, 0.5), (0.0, 1.0)]:
        params = [torch.nn.Parameter(torch.zeros(s)) for s in shapes]
        for p, b in zip(params, base):
            p.grad = (b * scale).clone()
        before = [flat(p.grad) for p in params]
        total = torch.nn.utils.clip_grad_norm_(params, max_norm)
        cases.append({"max_norm": max_norm, "shapes": [list(s) for s in shapes], "grads": before,
                      "total_norm": float(total), "clipped": [flat(p.grad) for p in params]})
    write("clip.json", {"cases": cases})


# ---------------------------------------------------------------- InfoNCE (SimCSE cl_forward)

class Similarity(torch.nn.Module):
    def __init__(self, temp):
        super().__init__()
        self.temp = temp
        self.cos = torch.nn.CosineSimilarity(dim=-1)

    def forward(self, x, y):
        return self.cos(x, y) / self.temp


def simcse_logits(z1, z2, z3, temp, z3_weight):
    """simcse/models.py cl_forward, from the similarity to the weighted logits."""
    sim = Similarity(temp)
    cos_sim = sim(z1.unsqueeze(1), z2.unsqueeze(0))
    if z3 is not None:
        z1_z3_cos = sim(z1.unsqueeze(1), z3.unsqueeze(0))
        cos_sim = torch.cat([cos_sim, z1_z3_cos], 1)
        weights = torch.tensor(
            [[0.0] * (cos_sim.size(-1) - z1_z3_cos.size(-1)) + [0.0] * i + [z3_weight]
             + [0.0] * (z1_z3_cos.size(-1) - i - 1) for i in range(z1_z3_cos.size(-1))], dtype=cos_sim.dtype)
        cos_sim = cos_sim + weights
    return cos_sim


def make_infonce():
    gen = torch.Generator().manual_seed(7)
    B, d = 4, 6
    z1 = torch.randn(B, d, generator=gen, dtype=torch.float64) * 3.0
    z2 = z1 * 0.15 + torch.randn(B, d, generator=gen, dtype=torch.float64)
    z3 = z1 * 0.1 + torch.randn(B, d, generator=gen, dtype=torch.float64) * 0.7
    # the embeddings are exactly representable in float32, so both dtypes see the same inputs
    z1, z2, z3 = (t.float().double() for t in (z1, z2, z3))
    cases = []
    for dtype in (torch.float64, torch.float32):
        for mode, temp, w, offset, rows in [("triplet", 0.05, 0.0, 0, B), ("triplet", 0.05, 1.3, 0, B),
                                            ("triplet", 0.1, -0.8, 0, B), ("pair", 0.05, 0.0, 0, B),
                                            ("triplet", 0.05, 1.3, 1, 2), ("pair", 0.05, 0.0, 2, 2)]:
            a = z1.to(dtype).detach().clone().requires_grad_(True)
            b = z2.to(dtype).detach().clone().requires_grad_(True)
            c = z3.to(dtype).detach().clone().requires_grad_(True) if mode == "triplet" else None
            logits = simcse_logits(a, b, c, temp, w)
            labels = torch.arange(logits.size(0)).long()
            # a local slice of anchors (rows offset..offset+rows) against the whole batch: the
            # data-parallel view where each replica's anchors see the gathered positives/negatives
            local = logits[offset:offset + rows]
            loss = torch.nn.CrossEntropyLoss()(local, labels[offset:offset + rows])
            loss.backward()
            cases.append({"dtype": str(dtype).replace("torch.", ""), "mode": mode, "temperature": temp,
                          "hard_negative_weight": w, "offset": offset, "rows": rows,
                          "loss": float(loss), "logits": tensor_json(local),
                          "grad_z1": tensor_json(a.grad), "grad_z2": tensor_json(b.grad),
                          "grad_z3": tensor_json(c.grad) if c is not None else None})
    write("infonce.json", {"z1": tensor_json(z1), "z2": tensor_json(z2), "z3": tensor_json(z3),
                           "cases": cases})


if __name__ == "__main__":
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    print("torch", torch.__version__)
    make_schedule()
    make_adamw()
    make_clip()
    make_infonce()
