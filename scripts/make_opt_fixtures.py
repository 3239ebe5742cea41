#!/usr/bin/python3
"""Writes tiny OPT checkpoints in the exact Hugging Face layout, with golden outputs.

Independent reference for sentemb.model.weights (checkpoint readers) and for the DJL OPT
model: the decoder forward below is plain PyTorch that mirrors transformers'
models/opt/modeling_opt.py (OPTModel.forward, eager attention) line by line. Nothing here
comes from the Java code under test.

Run with Debian's python3-torch (1.13):  /usr/bin/python3 scripts/make_opt_fixtures.py
Output: trainer/src/test/resources/fixtures/opt/  (see README.md written there).
Deterministic: fixed seeds and ids; re-running with the same torch version rewrites
byte-identical files.
"""
import collections
import hashlib
import io
import json
import os
import struct
import sys
import zipfile

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "trainer", "src", "test", "resources", "fixtures", "opt")

VOCAB, HIDDEN, LAYERS, HEADS, FFN, MAX_POS = 64, 16, 2, 4, 32, 64
PAD, BOS = 1, 2
LN_EPS = 1e-5  # nn.LayerNorm default; OPT does not override it

DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}
ST_NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}


# ---------------------------------------------------------------- config and weights

def make_config(**over):
    cfg = {
        "_name_or_path": "sentemb-tiny-opt",
        "_remove_final_layer_norm": False,
        "activation_dropout": 0.0,
        "activation_function": "relu",
        "architectures": ["OPTForCausalLM"],
        "attention_dropout": 0.0,
        "bos_token_id": BOS,
        "do_layer_norm_before": True,
        "dropout": 0.0,
        "enable_bias": True,
        "eos_token_id": 2,
        "ffn_dim": FFN,
        "hidden_size": HIDDEN,
        "init_std": 0.02,
        "layer_norm_elementwise_affine": True,
        "layerdrop": 0.0,
        "max_position_embeddings": MAX_POS,
        "model_type": "opt",
        "num_attention_heads": HEADS,
        "num_hidden_layers": LAYERS,
        "pad_token_id": PAD,
        "prefix": "</s>",
        "torch_dtype": "float32",
        "transformers_version": "4.36.0",
        "use_cache": True,
        "vocab_size": VOCAB,
        "word_embed_proj_dim": HIDDEN,
    }
    cfg.update(over)
    return cfg


def make_weights(cfg, seed):
    """Canonical (prefix-free) OPTDecoder state dict, in HF's module order, fp32."""
    g = torch.Generator().manual_seed(seed)

    def rnd(*shape, std=1.0, mean=0.0):
        return torch.randn(*shape, generator=g) * std + mean

    h, w, f = cfg["hidden_size"], cfg["word_embed_proj_dim"], cfg["ffn_dim"]
    bias, affine = cfg["enable_bias"], cfg["layer_norm_elementwise_affine"]
    sd = collections.OrderedDict()
    sd["embed_tokens.weight"] = rnd(cfg["vocab_size"], w, std=0.5)
    sd["embed_positions.weight"] = rnd(cfg["max_position_embeddings"] + 2, h, std=0.5)
    if w != h:
        sd["project_out.weight"] = rnd(w, h, std=h ** -0.5)
        sd["project_in.weight"] = rnd(h, w, std=w ** -0.5)
    if cfg["do_layer_norm_before"] and not cfg["_remove_final_layer_norm"] and affine:
        sd["final_layer_norm.weight"] = rnd(h, std=0.1, mean=1.0)
        sd["final_layer_norm.bias"] = rnd(h, std=0.1)

    def linear(prefix, n_out, n_in):
        sd[prefix + ".weight"] = rnd(n_out, n_in, std=n_in ** -0.5)
        if bias:
            sd[prefix + ".bias"] = rnd(n_out, std=0.1)

    def norm(prefix):
        if affine:
            sd[prefix + ".weight"] = rnd(h, std=0.1, mean=1.0)
            sd[prefix + ".bias"] = rnd(h, std=0.1)

    for i in range(cfg["num_hidden_layers"]):
        p = "layers.%d." % i
        for proj in ("k_proj", "v_proj", "q_proj", "out_proj"):
            linear(p + "self_attn." + proj, h, h)
        norm(p + "self_attn_layer_norm")
        linear(p + "fc1", f, h)
        linear(p + "fc2", h, f)
        norm(p + "final_layer_norm")
    return sd


# ---------------------------------------------------------------- reference forward

def layer_norm(x, W, prefix, cfg):
    if cfg["layer_norm_elementwise_affine"]:
        return F.layer_norm(x, (x.shape[-1],), W[prefix + ".weight"], W[prefix + ".bias"], LN_EPS)
    return F.layer_norm(x, (x.shape[-1],), None, None, LN_EPS)


def linear(x, W, prefix, cfg, bias=True):
    b = W.get(prefix + ".bias") if (bias and cfg["enable_bias"]) else None
    return F.linear(x, W[prefix + ".weight"], b)


def position_ids(attention_mask):
    """OPTLearnedPositionalEmbedding: cumsum(mask) * mask - 1 (the +2 offset is added at lookup)."""
    m = attention_mask.long()
    return (torch.cumsum(m, dim=1) * m - 1).long()


def four_d_mask(attention_mask, T):
    """_prepare_4d_causal_attention_mask_with_cache_position with no cache: additive fp32 mask."""
    B = attention_mask.shape[0]
    min_v = torch.finfo(torch.float32).min
    causal = torch.triu(torch.full((T, T), min_v), diagonal=1)
    causal = causal[None, None, :, :].expand(B, 1, T, T).clone()
    padding = (causal + attention_mask[:, None, None, :].float()) == 0
    return causal.masked_fill(padding, min_v)


def opt_forward(W, cfg, input_ids, attention_mask):
    """Returns (last_hidden_state, hidden_states) exactly as OPTModel(output_hidden_states=True)."""
    B, T = input_ids.shape
    h_dim, heads = cfg["hidden_size"], cfg["num_attention_heads"]
    hd = h_dim // heads
    scaling = hd ** -0.5
    pre = cfg["do_layer_norm_before"]

    x = W["embed_tokens.weight"][input_ids]
    pos = W["embed_positions.weight"][position_ids(attention_mask) + 2]
    if cfg["word_embed_proj_dim"] != h_dim:
        x = F.linear(x, W["project_in.weight"])
    h = x + pos
    mask = four_d_mask(attention_mask, T)

    all_hidden = []
    for i in range(cfg["num_hidden_layers"]):
        p = "layers.%d." % i
        all_hidden.append(h)
        residual = h
        if pre:
            h = layer_norm(h, W, p + "self_attn_layer_norm", cfg)
        q = linear(h, W, p + "self_attn.q_proj", cfg) * scaling
        k = linear(h, W, p + "self_attn.k_proj", cfg)
        v = linear(h, W, p + "self_attn.v_proj", cfg)
        q, k, v = (t.view(B, T, heads, hd).transpose(1, 2) for t in (q, k, v))
        scores = torch.matmul(q, k.transpose(-1, -2)) + mask
        probs = F.softmax(scores, dim=-1, dtype=torch.float32)
        a = torch.matmul(probs, v).transpose(1, 2).reshape(B, T, h_dim)
        h = residual + linear(a, W, p + "self_attn.out_proj", cfg)
        if not pre:
            h = layer_norm(h, W, p + "self_attn_layer_norm", cfg)
        residual = h
        if pre:
            h = layer_norm(h, W, p + "final_layer_norm", cfg)
        h = linear(F.relu(linear(h, W, p + "fc1", cfg)), W, p + "fc2", cfg)
        h = residual + h
        if not pre:
            h = layer_norm(h, W, p + "final_layer_norm", cfg)
    if pre and not cfg["_remove_final_layer_norm"]:
        h = layer_norm(h, W, "final_layer_norm", cfg)
    if cfg["word_embed_proj_dim"] != h_dim:
        h = F.linear(h, W["project_out.weight"])
    all_hidden.append(h)
    return h, all_hidden


# ---------------------------------------------------------------- file writers (no safetensors package)

def tensor_bytes(t):
    assert sys.byteorder == "little"
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def write_safetensors(path, tensors, metadata=None):
    """Safetensors layout: u64 LE header length, JSON header (space padded to 8), raw data."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    blobs, offset = [], 0
    for name, t in tensors.items():
        b = tensor_bytes(t)
        header[name] = {"dtype": ST_NAMES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    hb = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(path, "wb") as fh:
        fh.write(struct.pack("<Q", len(hb)))
        fh.write(hb)
        for b in blobs:
            fh.write(b)
    return offset


def split_in_two(sd):
    """Shard 1: embeddings, projections and layer 0; shard 2: layer 1, the decoder's final
    layer norm and lm_head. Keeps HF order inside each shard."""
    first, second = collections.OrderedDict(), collections.OrderedDict()
    for k, v in sd.items():
        canonical = k.split("decoder.", 1)[-1]
        late = canonical.startswith("layers.1.") or canonical.startswith("final_layer_norm.") \
            or k.startswith("lm_head.")
        (second if late else first)[k] = v
    return [first, second]


def write_index(path, shards, names, total):
    weight_map = {}
    for shard, fname in zip(shards, names):
        for k in shard:
            weight_map[k] = fname
    with open(path, "w") as fh:
        json.dump({"metadata": {"total_size": total},
                   "weight_map": dict(sorted(weight_map.items()))}, fh, indent=2)
        fh.write("\n")


# ---------------------------------------------------------------- golden values

def checksum(t):
    """Python-computed summary of a stored tensor, widened to fp32 then summed in fp64."""
    v = t.float().reshape(-1).double()
    weights = (torch.arange(v.numel(), dtype=torch.float64) % 7) + 1
    return {
        "shape": list(t.shape),
        "sum": v.sum().item(),
        "abs_sum": v.abs().sum().item(),
        "weighted_sum": (v * weights).sum().item(),
        "first": v[:8].tolist(),
        "last": v[-1].item(),
    }


def nested(t):
    return t.tolist()


def make_batch(seed):
    """Three sequences (BOS first), lengths 7, 4 and 1, left-padded with pad id 1."""
    g = torch.Generator().manual_seed(seed)
    lengths = [7, 4, 1]
    seqs = [[BOS] + torch.randint(3, VOCAB, (n - 1,), generator=g).tolist() for n in lengths]
    T = max(lengths)
    ids = [[PAD] * (T - len(s)) + s for s in seqs]
    mask = [[0] * (T - len(s)) + [1] * len(s) for s in seqs]
    return seqs, torch.tensor(ids), torch.tensor(mask)


def golden(cfg, W32, stored, prefix, files, batch_seed):
    seqs, ids, mask = make_batch(batch_seed)
    with torch.no_grad():
        last, hidden = opt_forward(W32, cfg, ids, mask)
        singles = []
        for s in seqs:
            one, _ = opt_forward(W32, cfg, torch.tensor([s]), torch.ones(1, len(s), dtype=torch.long))
            singles.append({"input_ids": s, "last_hidden_state": nested(one[0])})
        # self-checks of the reference: left padding leaves real positions unchanged
        for b, s in enumerate(seqs):
            n = len(s)
            one = torch.tensor(singles[b]["last_hidden_state"])
            diff = (last[b, -n:] - one).abs().max().item()
            assert diff < 1e-5, ("padding invariance", b, diff)
            # causality: a prefix gives the same states as the same positions of the full sequence
            if n > 2:
                pre, _ = opt_forward(W32, cfg, torch.tensor([s[:n - 1]]), torch.ones(1, n - 1, dtype=torch.long))
                assert (pre[0] - one[:n - 1]).abs().max().item() < 1e-5, "causality"
    return {
        "format": "sentemb-opt-golden-1",
        "weights_dtype": cfg["torch_dtype"],
        "key_prefix": prefix,
        "weight_files": files,
        "tensors": {k: dict(checksum(v), dtype=str(v.dtype).replace("torch.", "")) for k, v in stored.items()},
        "batch": {
            "input_ids": nested(ids),
            "attention_mask": nested(mask),
            "position_ids": nested(position_ids(mask)),
            "last_hidden_state": nested(last),
            "hidden_states": [nested(x) for x in hidden],
            "last_token": nested(last[:, -1, :]),
        },
        "singles": singles,
    }


# ---------------------------------------------------------------- variants

def rounded(sd, dtype):
    """Stored tensors (dtype) and the fp32 weights computed from them (what golden uses)."""
    stored = collections.OrderedDict((k, v.to(dtype)) for k, v in sd.items())
    return stored, collections.OrderedDict((k, v.float()) for k, v in stored.items())


def with_prefix(sd, prefix):
    return collections.OrderedDict((prefix + k, v) for k, v in sd.items())


def write_variant(name, cfg, seed, prefix, layout, lm_head=None):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    dtype = DTYPES[cfg["torch_dtype"]]
    stored, W32 = rounded(make_weights(cfg, seed), dtype)
    hf = with_prefix(stored, prefix)
    if lm_head == "copy":
        hf["lm_head.weight"] = stored["embed_tokens.weight"].clone()
    elif lm_head == "tied":  # same tensor object: torch.save writes one shared storage
        hf["lm_head.weight"] = stored["embed_tokens.weight"]

    if layout == "safetensors":
        files = ["model.safetensors"]
        write_safetensors(os.path.join(d, files[0]), hf, {"format": "pt"})
    elif layout == "bin":
        files = ["pytorch_model.bin"]
        torch.save(hf, os.path.join(d, files[0]))
    elif layout == "sharded-safetensors":
        shards = split_in_two(hf)
        files = ["model-%05d-of-%05d.safetensors" % (i + 1, len(shards)) for i in range(len(shards))]
        total = sum(write_safetensors(os.path.join(d, f), s, {"format": "pt"}) for s, f in zip(shards, files))
        write_index(os.path.join(d, "model.safetensors.index.json"), shards, files, total)
    elif layout == "sharded-bin":
        shards = split_in_two(hf)
        files = ["pytorch_model-%05d-of-%05d.bin" % (i + 1, len(shards)) for i in range(len(shards))]
        total = 0
        for s, f in zip(shards, files):
            torch.save(s, os.path.join(d, f))
            total += sum(v.numel() * v.element_size() for v in s.values())
        write_index(os.path.join(d, "pytorch_model.bin.index.json"), shards, files, total)
    else:
        raise ValueError(layout)

    with open(os.path.join(d, "config.json"), "w") as fh:
        json.dump(cfg, fh, indent=2, sort_keys=True)
        fh.write("\n")
    g = golden(cfg, W32, hf, prefix, files, batch_seed=seed + 1000)
    g["variant"] = name
    with open(os.path.join(d, "golden.json"), "w") as fh:
        json.dump(g, fh, separators=(",", ":"))
        fh.write("\n")


# ---------------------------------------------------------------- extra fixtures

def write_evil():
    """Torch-zip archives whose data.pkl calls os.system / builtins.exec: hand-made bytes, never loaded."""
    # protocol 2: GLOBAL 'os system', argument tuple ('echo pwned',), REDUCE, STOP
    arg = b"echo pwned"
    pkl = (b"\x80\x02" + b"cos\nsystem\n" + b"q\x00" + b"X" + struct.pack("<I", len(arg)) + arg
           + b"\x85" + b"R" + b".")
    # protocol 4: STACK_GLOBAL 'builtins' 'exec'
    code = b"import os"
    pkl4 = (b"\x80\x04" + b"\x8c\x08builtins" + b"\x94" + b"\x8c\x04exec" + b"\x94" + b"\x93" + b"\x94"
            + b"\x8c" + bytes([len(code)]) + code + b"\x85" + b"R" + b".")
    for fname, data in (("evil.bin", pkl), ("evil_stack_global.bin", pkl4)):
        archive = fname[:-4]
        with zipfile.ZipFile(os.path.join(OUT, fname), "w", zipfile.ZIP_STORED) as z:
            for entry, payload in ((archive + "/data.pkl", data), (archive + "/version", b"3\n")):
                z.writestr(zipfile.ZipInfo(entry, date_time=(2020, 1, 1, 0, 0, 0)), payload)  # fixed time: same bytes


def write_torch_features():
    """State dicts exercising the unpickler: views with storage offsets, transposed (strided)
    tensors, a shared storage, Parameters, a 0-d tensor, f16/bf16, nn.Module metadata (BUILD),
    protocol 2 (torch default) and protocol 4 (FRAME, MEMOIZE, SHORT_BINUNICODE)."""
    g = torch.Generator().manual_seed(7)
    base = torch.randn(40, generator=g)
    lin = torch.nn.Linear(3, 2)
    with torch.no_grad():
        lin.weight.copy_(torch.randn(2, 3, generator=g))
        lin.bias.copy_(torch.randn(2, generator=g))
    sd = lin.state_dict()  # OrderedDict with a _metadata attribute -> BUILD opcode
    sd["view_offset"] = base[5:11].view(2, 3)
    sd["transposed"] = base[:12].view(3, 4).t()
    sd["strided"] = base[::3][:5]
    sd["shared_a"] = base[20:26]
    sd["param"] = torch.nn.Parameter(torch.randn(2, 2, generator=g))
    sd["scalar"] = torch.tensor(3.25)
    sd["half"] = torch.randn(3, 2, generator=g).half()
    sd["bf16"] = torch.randn(2, 3, generator=g).bfloat16()
    sd["empty"] = torch.zeros(0, 4)
    expect = {}
    for k, v in sd.items():
        v = v.detach()
        expect[k] = {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""),
                     "values": v.float().reshape(-1).tolist()}
    torch.save(sd, os.path.join(OUT, "torch_features.bin"))
    torch.save(sd, os.path.join(OUT, "torch_features_p4.bin"), pickle_protocol=4)
    with open(os.path.join(OUT, "torch_features.json"), "w") as fh:
        json.dump(expect, fh, indent=1)
        fh.write("\n")


def f32_bits(bits):
    return torch.tensor(bits, dtype=torch.int64).to(torch.int32).view(torch.float32)


def write_dtype_conversions():
    """torch's fp16/bf16 conversions, as bit patterns, for the Java HalfFloats tests."""
    h_all = torch.arange(65536, dtype=torch.int32).to(torch.int16).view(torch.float16)
    h_f32 = h_all.float().view(torch.int32).numpy().astype("<i4").tobytes()
    b_all = torch.arange(65536, dtype=torch.int32).to(torch.int16).view(torch.bfloat16)
    b_f32 = b_all.float().view(torch.int32).numpy().astype("<i4").tobytes()

    # f32 -> f16 / bf16 over a spread of bit patterns (k * 65521 mod 2^32), NaN inputs kept apart
    pats = [(k * 65521) & 0xFFFFFFFF for k in range(65536)]
    f = f32_bits([p - (1 << 32) if p >= 1 << 31 else p for p in pats])
    finite_or_inf = ~torch.isnan(f)
    to_h = f.half().view(torch.int16).numpy().astype("<i2").tobytes()
    to_b = f[finite_or_inf].bfloat16().view(torch.int16).numpy().astype("<i2").tobytes()

    special = [0.0, -0.0, 1.0, -2.0, 65504.0, 65519.99, 65520.0, 1e-8, 2.0 ** -24, 2.0 ** -25,
               3 * 2.0 ** -26, 2.0 ** -14, 2.0 ** -14 - 2.0 ** -25, 1.0 + 2.0 ** -11, 1.0 + 3 * 2.0 ** -11,
               1 / 3, -1e5, float("inf"), float("-inf"), 3.4028234663852886e38, 1.17549435e-38, 1e-45]
    sf = torch.tensor(special, dtype=torch.float32)
    rows = []
    for x, h, b in zip(sf.tolist(), sf.half().view(torch.int16).tolist(), sf.bfloat16().view(torch.int16).tolist()):
        xb = struct.unpack("<I", struct.pack("<f", x))[0]
        hf = torch.tensor([h], dtype=torch.int16).view(torch.float16).float().view(torch.int32).item()
        bf = torch.tensor([b], dtype=torch.int16).view(torch.bfloat16).float().view(torch.int32).item()
        rows.append({"f32": "%08x" % xb, "f16": "%04x" % (h & 0xFFFF), "f16_back": "%08x" % (hf & 0xFFFFFFFF),
                     "bf16": "%04x" % (b & 0xFFFF), "bf16_back": "%08x" % (bf & 0xFFFFFFFF)})
    out = {
        "note": "bit patterns from torch %s; little-endian byte sequences hashed with sha256" % torch.__version__,
        "f16_all_to_f32_sha256": hashlib.sha256(h_f32).hexdigest(),
        "bf16_all_to_f32_sha256": hashlib.sha256(b_f32).hexdigest(),
        "f32_pattern_multiplier": 65521,
        "f32_pattern_count": 65536,
        "f32_patterns_to_f16_sha256": hashlib.sha256(to_h).hexdigest(),
        "f32_patterns_non_nan_to_bf16_sha256": hashlib.sha256(to_b).hexdigest(),
        "special": rows,
    }
    with open(os.path.join(OUT, "dtype_conversions.json"), "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    # a) pre-LN (like opt-125m), model.safetensors, f32, model.decoder.* keys + lm_head.weight
    write_variant("a_preln_safetensors_f32", make_config(), 11, "model.decoder.", "safetensors", lm_head="copy")
    # b) post-LN with project_in/out (like opt-350m), pytorch_model.bin, f16, lm_head tied (shared storage)
    write_variant("b_postln_proj_bin_f16",
                  make_config(do_layer_norm_before=False, word_embed_proj_dim=8, torch_dtype="float16"),
                  22, "model.decoder.", "bin", lm_head="tied")
    # c) pre-LN, 2 safetensors shards + index, bf16, decoder.* keys (OPTModel layout)
    write_variant("c_preln_sharded_safetensors_bf16", make_config(torch_dtype="bfloat16"),
                  33, "decoder.", "sharded-safetensors")
    # d) pre-LN, 2 pytorch_model.bin shards + index, f32, enable_bias false, decoder.* keys
    write_variant("d_preln_sharded_bin_nobias", make_config(enable_bias=False), 44, "decoder.", "sharded-bin")
    write_evil()
    write_torch_features()
    write_dtype_conversions()
    total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(OUT) for f in fs)
    print("wrote %s (%d bytes)" % (OUT, total))


if __name__ == "__main__":
    sys.exit(main())
