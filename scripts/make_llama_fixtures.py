#!/usr/bin/python3
"""Writes tiny LLaMA-family checkpoints (llama, mistral, qwen2) in the exact Hugging Face
layout, each with a tokenizer.json, and golden PromptEOL embeddings.

Independent reference for sentemb.model.llama: the decoder forward below is plain PyTorch
written from the architecture (transformers' modeling_llama.py / modeling_mistral.py /
modeling_qwen2.py, eager attention): RMSNorm in fp32, rotary embeddings with HF's
rotate_half convention (cos/sin of cat(freqs, freqs)), linear and llama3 rope scaling,
grouped-query attention by repeating k/v heads, SwiGLU MLP, Qwen2's q/k/v biases, the final
norm. Nothing here comes from the Java code under test.

The tokenizer is a byte-level BPE without merges (every UTF-8 byte is one token), so this
script can tokenize without the `tokenizers` package: a prompt's ids are its bytes plus an
offset, with BOS in front where the family adds one. The Java side loads the same
tokenizer.json through DJL's Hugging Face tokenizers, and the tests compare its ids too.

Run with Debian's python3-torch (1.13):  /usr/bin/python3 scripts/make_llama_fixtures.py
Output: trainer/src/test/resources/fixtures/llama/{llama,mistral,qwen2}/ and the same tiny
llama model in data/tiny-llama/ (for recipes/tiny-llama.conf). Deterministic.
"""
import collections
import json
import math
import os
import shutil
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_opt_fixtures import write_index, write_safetensors  # noqa: E402  (same file writers)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "trainer", "src", "test", "resources", "fixtures", "llama")
DATA_MODEL = os.path.join(ROOT, "data", "tiny-llama")

DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}

TEMPLATE_HEAD, TEMPLATE_TAIL = 'This sentence : "', '" means in one word:"'
SENTENCES = [
    "A man is playing a guitar.",
    "Dogs run.",
    "The quick brown fox jumps over the lazy dog near the river bank.",
    "Caf\u00e9 \u2014 na\u00efve r\u00e9sum\u00e9?",
]
DEMONSTRATION = ("A jockey riding a horse.", "Equestrian")


# ---------------------------------------------------------------- tokenizer

def bytes_to_unicode():
    """GPT-2's reversible byte -> printable character table (tokenizers' ByteLevel)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1)) \
        + list(range(ord("\u00ae"), ord("\u00ff") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def tokenizer_json(specials_first, specials_after, bos_template):
    """specials_first: [(id, token)] before the 256 byte tokens; specials_after after them."""
    offset = len(specials_first)
    vocab = collections.OrderedDict()
    for i, t in specials_first:
        vocab[t] = i
    b2u = bytes_to_unicode()
    for b in range(256):
        vocab[b2u[b]] = offset + b
    for i, t in specials_after:
        vocab[t] = i
    added = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for i, t in specials_first + specials_after]
    post = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": True}
    if bos_template is not None:
        bos_id, bos = bos_template
        post = {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": bos, "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {bos: {"id": bos, "ids": [bos_id], "tokens": [bos]}},
        }
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": post,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": []},
    }


def encode(text, byte_offset, bos_id):
    ids = [byte_offset + b for b in text.encode("utf-8")]
    return ([bos_id] if bos_id is not None else []) + ids


# ---------------------------------------------------------------- families

FAMILIES = {
    # LLaMA: GQA 4 query / 2 kv heads, BOS <s> = 1 via the post-processor, no pad anywhere,
    # llama3 rope scaling (covers all three wavelength bands at head_dim 8), lm_head present.
    "llama": dict(
        config={
            "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_act": "silu",
            "hidden_size": 32, "intermediate_size": 48, "num_hidden_layers": 2, "num_attention_heads": 4,
            "num_key_value_heads": 2, "max_position_embeddings": 256, "rms_norm_eps": 1e-6,
            "rope_theta": 10000.0, "attention_bias": False, "attention_dropout": 0.0, "mlp_bias": False,
            "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                             "original_max_position_embeddings": 64},
            "bos_token_id": 1, "eos_token_id": 2, "tie_word_embeddings": False, "torch_dtype": "float32",
            "vocab_size": 259, "use_cache": True,
        },
        specials_first=[(0, "<unk>"), (1, "<s>"), (2, "</s>")], specials_after=[], bos=(1, "<s>"),
        tokenizer_config={"add_bos_token": True, "add_eos_token": False, "bos_token": "<s>", "eos_token": "</s>",
                          "unk_token": "<unk>", "pad_token": None, "tokenizer_class": "LlamaTokenizer",
                          "model_max_length": 256, "clean_up_tokenization_spaces": False},
        layout="safetensors", lm_head=True, seed=101),
    # Mistral: 4 query / 1 kv head, explicit head_dim 12 (not 32 / 4), linear rope scaling,
    # sliding_window larger than any test sequence, bf16 weights in two shards.
    "mistral": dict(
        config={
            "architectures": ["MistralForCausalLM"], "model_type": "mistral", "hidden_act": "silu",
            "hidden_size": 32, "intermediate_size": 40, "num_hidden_layers": 2, "num_attention_heads": 4,
            "num_key_value_heads": 1, "head_dim": 12, "max_position_embeddings": 256, "rms_norm_eps": 1e-5,
            "rope_theta": 10000.0, "rope_scaling": {"type": "linear", "factor": 2.0}, "sliding_window": 200,
            "attention_dropout": 0.0, "bos_token_id": 1, "eos_token_id": 2, "tie_word_embeddings": False,
            "torch_dtype": "bfloat16", "vocab_size": 259, "use_cache": True,
        },
        specials_first=[(0, "<unk>"), (1, "<s>"), (2, "</s>")], specials_after=[], bos=(1, "<s>"),
        tokenizer_config={"add_bos_token": True, "add_eos_token": False, "bos_token": "<s>", "eos_token": "</s>",
                          "unk_token": "<unk>", "pad_token": None, "tokenizer_class": "LlamaTokenizer",
                          "model_max_length": 256},
        layout="sharded-safetensors", lm_head=True, seed=202),
    # Qwen2: q/k/v biases, no BOS (tokenizer adds nothing; config still names a bos id),
    # rope_theta 1e6, tied embeddings (no lm_head in the file), pad <|endoftext|>, f16 weights.
    "qwen2": dict(
        config={
            "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_act": "silu",
            "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
            "num_key_value_heads": 2, "max_position_embeddings": 256, "rms_norm_eps": 1e-6,
            "rope_theta": 1000000.0, "sliding_window": 256, "use_sliding_window": False, "max_window_layers": 2,
            "attention_dropout": 0.0, "bos_token_id": 256, "eos_token_id": 256, "tie_word_embeddings": True,
            "torch_dtype": "float16", "vocab_size": 258, "use_cache": True,
        },
        specials_first=[], specials_after=[(256, "<|endoftext|>"), (257, "<|im_start|>")], bos=None,
        tokenizer_config={"bos_token": None, "eos_token": "<|endoftext|>", "pad_token": "<|endoftext|>",
                          "unk_token": None, "tokenizer_class": "Qwen2Tokenizer", "model_max_length": 256},
        layout="safetensors", lm_head=False, seed=303),
}


def head_dim(cfg):
    return cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]


def make_weights(cfg, seed):
    g = torch.Generator().manual_seed(seed)

    def rnd(*shape, std=0.2):
        return torch.randn(*shape, generator=g) * std

    h, d = cfg["hidden_size"], head_dim(cfg)
    nh, kv, ff = cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["intermediate_size"]
    bias = cfg["model_type"] == "qwen2"
    w = collections.OrderedDict()
    w["embed_tokens.weight"] = rnd(cfg["vocab_size"], h, std=1.0)
    for i in range(cfg["num_hidden_layers"]):
        p = "layers.%d." % i
        w[p + "self_attn.q_proj.weight"] = rnd(nh * d, h)
        w[p + "self_attn.k_proj.weight"] = rnd(kv * d, h)
        w[p + "self_attn.v_proj.weight"] = rnd(kv * d, h)
        w[p + "self_attn.o_proj.weight"] = rnd(h, nh * d)
        if bias:
            w[p + "self_attn.q_proj.bias"] = rnd(nh * d)
            w[p + "self_attn.k_proj.bias"] = rnd(kv * d)
            w[p + "self_attn.v_proj.bias"] = rnd(kv * d)
        w[p + "mlp.gate_proj.weight"] = rnd(ff, h)
        w[p + "mlp.up_proj.weight"] = rnd(ff, h)
        w[p + "mlp.down_proj.weight"] = rnd(h, ff)
        w[p + "input_layernorm.weight"] = 1 + rnd(h, std=0.1)
        w[p + "post_attention_layernorm.weight"] = 1 + rnd(h, std=0.1)
    w["norm.weight"] = 1 + rnd(h, std=0.1)
    return w


# ---------------------------------------------------------------- reference forward

def inv_freq(cfg):
    d = head_dim(cfg)
    base = cfg.get("rope_theta", 10000.0)
    f = 1.0 / (base ** (torch.arange(0, d, 2, dtype=torch.int64).float() / d))
    rs = cfg.get("rope_scaling")
    if rs is None:
        return f
    kind = rs.get("rope_type", rs.get("type"))
    if kind == "linear":
        return f / rs["factor"]  # HF divides the positions by factor; the same product
    if kind == "llama3":
        factor, lo, hi = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"]
        old = rs["original_max_position_embeddings"]
        low_wavelen, high_wavelen = old / lo, old / hi
        wavelen = 2 * math.pi / f
        scaled = torch.where(wavelen > low_wavelen, f / factor, f)
        smooth = (old / wavelen - lo) / (hi - lo)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = ~(wavelen < high_wavelen) & ~(wavelen > low_wavelen)
        return torch.where(medium, smoothed, scaled)
    raise ValueError(kind)


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def rms_norm(x, w, eps):
    x32 = x.float()
    var = x32.pow(2).mean(-1, keepdim=True)
    return w * (x32 * torch.rsqrt(var + eps)).to(x.dtype)


def llama_forward(W, cfg, ids, mask, positions):
    B, T = ids.shape
    h, d = cfg["hidden_size"], head_dim(cfg)
    nh, kv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    eps = cfg["rms_norm_eps"]
    x = W["embed_tokens.weight"][ids]
    freqs = positions[:, :, None].float() * inv_freq(cfg)[None, None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos()[:, None], emb.sin()[:, None]  # B x 1 x T x d
    causal = torch.arange(T)[None, :] <= torch.arange(T)[:, None]
    allowed = causal[None, None] & mask.bool()[:, None, None, :]
    window = cfg.get("sliding_window") if cfg["model_type"] == "mistral" else None
    if window is not None:
        allowed = allowed & ((torch.arange(T)[:, None] - torch.arange(T)[None, :]) < window)[None, None]
    neg = torch.finfo(torch.float32).min

    def lin(v, name):
        out = v @ W[name + ".weight"].t()
        b = W.get(name + ".bias")
        return out if b is None else out + b

    for i in range(cfg["num_hidden_layers"]):
        p = "layers.%d." % i
        r = x
        y = rms_norm(x, W[p + "input_layernorm.weight"], eps)
        q = lin(y, p + "self_attn.q_proj").view(B, T, nh, d).transpose(1, 2)
        k = lin(y, p + "self_attn.k_proj").view(B, T, kv, d).transpose(1, 2)
        v = lin(y, p + "self_attn.v_proj").view(B, T, kv, d).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(nh // kv, dim=1)  # repeat_kv: head j uses kv head j // n_rep
        v = v.repeat_interleave(nh // kv, dim=1)
        s = (q @ k.transpose(2, 3)) / math.sqrt(d)
        s = s.masked_fill(~allowed, neg)
        a = F.softmax(s.float(), dim=-1).to(q.dtype) @ v
        a = a.transpose(1, 2).reshape(B, T, nh * d)
        x = r + lin(a, p + "self_attn.o_proj")
        r = x
        y = rms_norm(x, W[p + "post_attention_layernorm.weight"], eps)
        x = r + lin(F.silu(lin(y, p + "mlp.gate_proj")) * lin(y, p + "mlp.up_proj"), p + "mlp.down_proj")
    return rms_norm(x, W["norm.weight"], eps)


def embed_one(W, cfg, ids):
    t = torch.tensor([ids])
    return llama_forward(W, cfg, t, torch.ones_like(t), torch.arange(len(ids))[None])[0, -1]


def left_pad(seqs, pad):
    T = max(len(s) for s in seqs)
    ids = torch.tensor([[pad] * (T - len(s)) + s for s in seqs])
    mask = torch.tensor([[0] * (T - len(s)) + [1] * len(s) for s in seqs])
    return ids, mask


# ---------------------------------------------------------------- writers

def write_family(name, fam, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for f in os.listdir(out_dir):
        os.remove(os.path.join(out_dir, f))
    cfg = fam["config"]
    dtype = DTYPES[cfg["torch_dtype"]]
    stored = collections.OrderedDict((k, v.to(dtype)) for k, v in make_weights(cfg, fam["seed"]).items())
    W = collections.OrderedDict((k, v.float()) for k, v in stored.items())
    hf = collections.OrderedDict(("model." + k, v) for k, v in stored.items())
    if fam["lm_head"]:
        hf["lm_head.weight"] = (torch.randn(cfg["vocab_size"], cfg["hidden_size"],
                                            generator=torch.Generator().manual_seed(fam["seed"] + 1)) * 0.2).to(dtype)
    if fam["layout"] == "safetensors":
        files = ["model.safetensors"]
        write_safetensors(os.path.join(out_dir, files[0]), hf, {"format": "pt"})
    else:
        first = collections.OrderedDict((k, v) for k, v in hf.items() if not k.startswith("model.layers.1.")
                                        and not k.startswith("model.norm.") and not k.startswith("lm_head."))
        second = collections.OrderedDict((k, v) for k, v in hf.items() if k not in first)
        files = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]
        total = sum(write_safetensors(os.path.join(out_dir, f), s, {"format": "pt"}) for s, f in zip([first, second], files))
        write_index(os.path.join(out_dir, "model.safetensors.index.json"), [first, second], files, total)
    with open(os.path.join(out_dir, "config.json"), "w") as fh:
        json.dump(cfg, fh, indent=2)
        fh.write("\n")
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as fh:
        json.dump(tokenizer_json(fam["specials_first"], fam["specials_after"], fam["bos"]), fh, indent=1,
                  ensure_ascii=False)
        fh.write("\n")
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w") as fh:
        json.dump(fam["tokenizer_config"], fh, indent=2)
        fh.write("\n")
    return W, files


def golden(name, fam, W, files):
    cfg = fam["config"]
    offset = len(fam["specials_first"])
    bos = fam["bos"][0] if fam["bos"] else None
    # pad: config pad_token_id, else the tokenizer's pad token, else 0 (LLaMA/Mistral ship none)
    pad_token = fam["tokenizer_config"].get("pad_token")
    pad = dict((t, i) for i, t in fam["specials_first"] + fam["specials_after"])[pad_token] if pad_token else 0
    with torch.no_grad():
        prompts = [TEMPLATE_HEAD + s + TEMPLATE_TAIL for s in SENTENCES]
        demo_prefix = TEMPLATE_HEAD + DEMONSTRATION[0] + TEMPLATE_TAIL + DEMONSTRATION[1] + '".'
        icl_prompts = [demo_prefix + p for p in prompts]
        seqs = [encode(p, offset, bos) for p in prompts]
        icl_seqs = [encode(p, offset, bos) for p in icl_prompts]
        singles = torch.stack([embed_one(W, cfg, s) for s in seqs])
        icl = torch.stack([embed_one(W, cfg, s) for s in icl_seqs])
        # Self-checks of the reference. (1) HF's plain left-padded forward (arange positions, so
        # every padded row is shifted) equals the unpadded rows up to rounding, because RoPE sees
        # only relative positions. (2) Mask-derived positions give the same.
        ids, mask = left_pad(seqs, pad)
        T = ids.shape[1]
        hf_last = llama_forward(W, cfg, ids, mask, torch.arange(T)[None].expand(len(seqs), T))[:, -1]
        pos = (mask.cumsum(1) - 1).clamp(min=0)
        mask_last = llama_forward(W, cfg, ids, mask, pos)[:, -1]
        rel = lambda a, b: ((a - b).abs().max() / b.abs().max()).item()  # noqa: E731
        assert rel(hf_last, singles) < 1e-5, ("HF left padding", rel(hf_last, singles))
        assert rel(mask_last, singles) < 1e-5, ("mask positions", rel(mask_last, singles))
    return {
        "format": "sentemb-llama-golden-1",
        "model_type": cfg["model_type"],
        "weights_dtype": cfg["torch_dtype"],
        "weight_files": files,
        "bos_id": bos,
        "pad_id": pad,
        "template": "This_sentence_:_\"*sent_0*\"_means_in_one_word:\"",
        "sentences": SENTENCES,
        "prompt_ids": seqs,
        "embeddings": singles.tolist(),
        "demonstration": {"sentence": DEMONSTRATION[0], "word": DEMONSTRATION[1]},
        "icl_prompt_ids": icl_seqs,
        "icl_embeddings": icl.tolist(),
        "hf_left_padded_rel_diff": rel(hf_last, singles),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, fam in FAMILIES.items():
        d = os.path.join(OUT, name)
        W, files = write_family(name, fam, d)
        g = golden(name, fam, W, files)
        with open(os.path.join(d, "golden.json"), "w", encoding="utf-8") as fh:
            json.dump(g, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
        print(name, "written; HF left-padded vs unpadded rel diff %.2e" % g["hf_left_padded_rel_diff"])
    if os.path.isdir(DATA_MODEL):
        shutil.rmtree(DATA_MODEL)
    os.makedirs(DATA_MODEL)
    for f in os.listdir(os.path.join(OUT, "llama")):
        if f != "golden.json":
            shutil.copy(os.path.join(OUT, "llama", f), os.path.join(DATA_MODEL, f))
    with open(os.path.join(OUT, "README.md"), "w") as fh:
        fh.write("Written by scripts/make_llama_fixtures.py (plain PyTorch reference, not the Java code).\n"
                 "llama: GQA 4/2, BOS <s>=1, llama3 rope scaling, f32 single safetensors + lm_head.\n"
                 "mistral: 4/1 heads, head_dim 12, linear rope scaling, sliding_window 200, bf16, 2 shards.\n"
                 "qwen2: q/k/v bias, no BOS, rope_theta 1e6, tied embeddings, f16.\n"
                 "golden.json: PromptEOL last-token embeddings of each prompt run alone (no padding).\n")


if __name__ == "__main__":
    main()
