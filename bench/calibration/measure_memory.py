#!/usr/bin/env python3
"""Measure the GPU memory of LLM inference and training runs, for calibrating the sizing model.

Method (the same as docs/calibration-h100.md and the reference H100 measurements):

* Models are built from their published architecture numbers with RANDOM weights; nothing is
  downloaded. Attention runs through PyTorch SDPA (transformers ``attn_implementation="sdpa"``).
  When transformers is not installed, an equivalent plain-torch Llama/Qwen2 (RMSNorm, RoPE,
  grouped-query attention through SDPA, SwiGLU MLP) is used instead, and the output says so.
* Inference (bf16): prefill ``batch x prompt`` tokens in ONE forward pass (use_cache, only the
  last position's logits computed), then decode 16 tokens greedily, one forward pass each, with
  the KV cache. The cache then holds ``prompt + 16`` positions.
* Full training: the first AdamW step from a fresh optimizer (torch.optim.AdamW with its default
  foreach/fused choice); ``--train-steps N`` runs N steps and takes the peak over all of them.
  "mixed-bf16" = fp32 weights under ``torch.autocast(bfloat16)``; "bf16" = bf16 weights, so the
  gradients and AdamW states are bf16 too.
* LoRA training: frozen bf16 base weights; rank-16 fp32 A/B adapters on q,k,v,o,gate,up,down;
  AdamW on the adapters only; bf16 autocast; optionally with gradient checkpointing.
* The reference value of a run is ``torch.cuda.max_memory_allocated()`` (peak allocated by
  PyTorch, weights included). Peak reserved, device memory in use after the run (CUDA context
  included) and the bare CUDA context are recorded as well. Peak statistics are reset before
  every run; caches are emptied between runs and models.

Each row is written to ``<out>/h100-extra.json`` as soon as it finishes, so a run cut short still
leaves every finished row. An out-of-memory error is recorded on its row and the next row runs.

Usage: ``python3 bench/calibration/measure_memory.py --out DIR [--budget-s 420] [--only ID,...]``;
``--tiny`` runs scaled-down shapes on the CPU to check the code paths (no memory figures).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import gc
import json
import math
import os
import platform
import sys
import time

try:
    import torch
    import torch.nn.functional as F
    import torch.utils.checkpoint
    from torch import nn
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("measure_memory.py needs PyTorch (pip install torch); transformers is optional")

try:  # transformers is the reference implementation; plain torch is the fallback.
    import transformers
    from transformers import AutoModelForCausalLM, LlamaConfig, MistralConfig, Qwen2Config
except ImportError:  # pragma: no cover - depends on the machine
    transformers = None

DECODE_TOKENS = 16
LORA_RANK = 16
LORA_ALPHA = 32
LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


@dataclasses.dataclass(frozen=True)
class Arch:
    """Published architecture numbers of one model family member."""

    family: str  # "llama" | "qwen2" | "mistral"
    hidden: int
    inter: int
    layers: int
    heads: int
    kv_heads: int
    head_dim: int
    vocab: int
    tied: bool
    qkv_bias: bool
    rope_theta: float
    rms_eps: float


ARCHS = {
    "llama-3.1-8b": Arch("llama", 4096, 14336, 32, 32, 8, 128, 128256, False, False, 500000.0, 1e-5),
    "qwen2.5-7b": Arch("qwen2", 3584, 18944, 28, 28, 4, 128, 152064, False, True, 1000000.0, 1e-6),
    "mistral-7b": Arch("mistral", 4096, 14336, 32, 32, 8, 128, 32000, False, False, 1000000.0, 1e-5),
    "llama-3.2-1b": Arch("llama", 2048, 8192, 16, 32, 8, 64, 128256, True, False, 500000.0, 1e-5),
}


@dataclasses.dataclass(frozen=True)
class Row:
    """One measurement: which model, which workload, which shape."""

    id: str
    kind: str  # "inference" | "training"
    model: str
    precision: str  # "bf16" | "mixed-bf16"
    method: str  # "prefill+decode" | "full" | "lora"
    batch: int
    tokens: int  # prompt tokens (inference) or sequence length (training)
    checkpointing: bool = False


ROWS = [  # ordered by value: if time runs short, the first rows are the ones to have.
    Row("inf-llama8b-1x4096", "inference", "llama-3.1-8b", "bf16", "prefill+decode", 1, 4096),
    Row("inf-llama8b-8x2048", "inference", "llama-3.1-8b", "bf16", "prefill+decode", 8, 2048),
    Row("inf-llama8b-32x1024", "inference", "llama-3.1-8b", "bf16", "prefill+decode", 32, 1024),
    Row("inf-llama8b-4x512", "inference", "llama-3.1-8b", "bf16", "prefill+decode", 4, 512),
    Row("inf-qwen7b-8x2048", "inference", "qwen2.5-7b", "bf16", "prefill+decode", 8, 2048),
    Row("inf-mistral7b-16x1024", "inference", "mistral-7b", "bf16", "prefill+decode", 16, 1024),
    Row("train-llama1b-mixed-2x2048", "training", "llama-3.2-1b", "mixed-bf16", "full", 2, 2048),
    Row("train-llama1b-mixed-8x512", "training", "llama-3.2-1b", "mixed-bf16", "full", 8, 512),
    Row("train-llama1b-bf16-4x1024", "training", "llama-3.2-1b", "bf16", "full", 4, 1024),
    Row("lora-llama8b-1x2048", "training", "llama-3.1-8b", "bf16", "lora", 1, 2048),
    Row("lora-llama8b-4x1024", "training", "llama-3.1-8b", "bf16", "lora", 4, 1024),
    Row("lora-llama8b-1x2048-gc", "training", "llama-3.1-8b", "bf16", "lora", 1, 2048, True),
    Row("lora-llama8b-4x1024-gc", "training", "llama-3.1-8b", "bf16", "lora", 4, 1024, True),
    # Further shapes: other vocabularies and widths, checkpointed full training, longer prefills.
    Row("lora-qwen7b-2x1024", "training", "qwen2.5-7b", "bf16", "lora", 2, 1024),
    Row("lora-mistral7b-2x2048", "training", "mistral-7b", "bf16", "lora", 2, 2048),
    Row("lora-llama8b-8x512", "training", "llama-3.1-8b", "bf16", "lora", 8, 512),
    Row("train-llama1b-mixed-4x2048-gc", "training", "llama-3.2-1b", "mixed-bf16", "full", 4, 2048, True),
    Row("train-llama1b-bf16-8x1024", "training", "llama-3.2-1b", "bf16", "full", 8, 1024),
    Row("inf-qwen7b-32x512", "inference", "qwen2.5-7b", "bf16", "prefill+decode", 32, 512),
    Row("inf-llama8b-16x4096", "inference", "llama-3.1-8b", "bf16", "prefill+decode", 16, 4096),
    # Repeats of two reference rows: they show this script reproduces the reference method.
    Row("check-inf-llama1b-8x2048", "inference", "llama-3.2-1b", "bf16", "prefill+decode", 8, 2048),
    Row("check-train-llama1b-mixed-4x1024", "training", "llama-3.2-1b", "mixed-bf16", "full", 4, 1024),
]


# ---------------------------------------------------------------- plain-torch fallback model


class RMSNorm(nn.Module):
    """Root-mean-square norm computed in fp32, as Llama and Qwen2 do."""

    def __init__(self, dim: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        h = x.float()
        h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * h.to(x.dtype)


def rotate(x, cos, sin):
    """Rotary position embedding, in the half-split layout of the transformers models."""
    half = x.shape[-1] // 2
    rotated = torch.cat((-x[..., half:], x[..., :half]), dim=-1)
    return x * cos + rotated * sin


class Attention(nn.Module):
    """Grouped-query attention through SDPA, with an optional growing KV cache."""

    def __init__(self, a: Arch):
        super().__init__()
        self.a = a
        self.q_proj = nn.Linear(a.hidden, a.heads * a.head_dim, bias=a.qkv_bias)
        self.k_proj = nn.Linear(a.hidden, a.kv_heads * a.head_dim, bias=a.qkv_bias)
        self.v_proj = nn.Linear(a.hidden, a.kv_heads * a.head_dim, bias=a.qkv_bias)
        self.o_proj = nn.Linear(a.heads * a.head_dim, a.hidden, bias=False)

    def forward(self, x, cos, sin, cache):
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, -1, self.a.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, t, -1, self.a.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, t, -1, self.a.head_dim).transpose(1, 2)
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        if cache is not None:  # grows by concatenation, like transformers' DynamicCache
            if cache[0] is not None:
                k, v = torch.cat([cache[0], k], dim=-2), torch.cat([cache[1], v], dim=-2)
            cache[0], cache[1] = k, v
        # A causal mask is only needed while the query covers more than one position.
        out = F.scaled_dot_product_attention(q, k, v, is_causal=t > 1, enable_gqa=True)
        return self.o_proj(out.transpose(1, 2).reshape(b, t, -1))


class Mlp(nn.Module):
    """SwiGLU feed-forward block."""

    def __init__(self, a: Arch):
        super().__init__()
        self.gate_proj = nn.Linear(a.hidden, a.inter, bias=False)
        self.up_proj = nn.Linear(a.hidden, a.inter, bias=False)
        self.down_proj = nn.Linear(a.inter, a.hidden, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Block(nn.Module):
    """Pre-norm decoder layer; the child names match transformers so LoRA finds the same projections."""

    def __init__(self, a: Arch):
        super().__init__()
        self.input_layernorm = RMSNorm(a.hidden, a.rms_eps)
        self.self_attn = Attention(a)
        self.post_attention_layernorm = RMSNorm(a.hidden, a.rms_eps)
        self.mlp = Mlp(a)

    def forward(self, x, cos, sin, cache=None):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, cache)
        return x + self.mlp(self.post_attention_layernorm(x))


@dataclasses.dataclass
class CausalLMOutput:
    """The fields of a transformers causal-LM output that this script reads."""

    logits: torch.Tensor
    past_key_values: list | None
    loss: torch.Tensor | None


class TorchCausalLM(nn.Module):
    """Llama/Qwen2/Mistral decoder in plain torch, with the transformers call signature used here."""

    def __init__(self, a: Arch):
        super().__init__()
        self.a = a
        self.embed_tokens = nn.Embedding(a.vocab, a.hidden)
        self.layers = nn.ModuleList(Block(a) for _ in range(a.layers))
        self.norm = RMSNorm(a.hidden, a.rms_eps)
        self.lm_head = nn.Linear(a.hidden, a.vocab, bias=False)
        if a.tied:
            self.lm_head.weight = self.embed_tokens.weight
        self.checkpointing = False

    def gradient_checkpointing_enable(self):
        self.checkpointing = True

    def gradient_checkpointing_disable(self):
        self.checkpointing = False

    def forward(self, input_ids, past_key_values=None, use_cache=False, logits_to_keep=0, labels=None):
        start = past_key_values[0][0].shape[-2] if past_key_values and past_key_values[0][0] is not None else 0
        t = input_ids.shape[1]
        inv = 1.0 / (self.a.rope_theta ** (torch.arange(0, self.a.head_dim, 2, device=input_ids.device).float() / self.a.head_dim))
        freqs = torch.outer(torch.arange(start, start + t, device=input_ids.device).float(), inv)
        emb = torch.cat((freqs, freqs), dim=-1)
        x = self.embed_tokens(input_ids)
        cos, sin = emb.cos().to(x.dtype), emb.sin().to(x.dtype)
        if use_cache and past_key_values is None:
            past_key_values = [[None, None] for _ in self.layers]
        for i, layer in enumerate(self.layers):
            cache = past_key_values[i] if use_cache else None
            if self.checkpointing and self.training:
                x = torch.utils.checkpoint.checkpoint(layer, x, cos, sin, use_reentrant=False)
            else:
                x = layer(x, cos, sin, cache)
        x = self.norm(x)
        logits = self.lm_head(x[:, -logits_to_keep:] if logits_to_keep else x)
        loss = None
        if labels is not None:
            loss = F.cross_entropy(logits[:, :-1].float().flatten(0, 1), labels[:, 1:].flatten())
        return CausalLMOutput(logits, past_key_values, loss)


# ---------------------------------------------------------------- model building


def hf_config(a: Arch):
    """The transformers config of an architecture. RoPE base and scaling change no memory and stay default."""
    common = dict(
        hidden_size=a.hidden, intermediate_size=a.inter, num_hidden_layers=a.layers,
        num_attention_heads=a.heads, num_key_value_heads=a.kv_heads, vocab_size=a.vocab,
        tie_word_embeddings=a.tied, rms_norm_eps=a.rms_eps, max_position_embeddings=131072,
    )
    if a.family == "qwen2":
        return Qwen2Config(**common, use_sliding_window=False)
    if a.family == "mistral":
        return MistralConfig(**common, head_dim=a.head_dim, sliding_window=None)
    return LlamaConfig(**common, head_dim=a.head_dim, attention_bias=a.qkv_bias)


FORCE_PLAIN_TORCH = False


def use_transformers() -> bool:
    """Whether models come from transformers (the reference) rather than the plain-torch fallback."""
    return transformers is not None and not FORCE_PLAIN_TORCH


def scaled(a: Arch) -> Arch:
    """A small model of the same family, for checking code paths on the CPU."""
    return dataclasses.replace(a, hidden=64, inter=128, layers=2, heads=4, kv_heads=2, head_dim=16, vocab=512)


def build_model(name: str, dtype: torch.dtype, device: str, tiny: bool):
    """A randomly initialised model of the named shape, created directly on the device."""
    a = scaled(ARCHS[name]) if tiny else ARCHS[name]
    with torch.device(device):  # parameters are created and initialised directly on the device
        if use_transformers():
            cfg = hf_config(a)
            model = AutoModelForCausalLM.from_config(cfg, dtype=dtype, attn_implementation="sdpa")
        else:
            prev = torch.get_default_dtype()
            torch.set_default_dtype(dtype)
            try:
                model = TorchCausalLM(a)
            finally:
                torch.set_default_dtype(prev)
    return model, a


class LoRALinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update ``B @ A`` (fp32 adapters)."""

    def __init__(self, base: nn.Linear, rank: int, alpha: int):
        super().__init__()
        self.base = base
        dev = base.weight.device
        self.lora_A = nn.Parameter(torch.empty(rank, base.in_features, device=dev, dtype=torch.float32))
        self.lora_B = nn.Parameter(torch.zeros(base.out_features, rank, device=dev, dtype=torch.float32))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
        self.scale = alpha / rank

    def forward(self, x):
        return self.base(x) + F.linear(F.linear(x, self.lora_A), self.lora_B) * self.scale


def add_lora(model: nn.Module) -> None:
    """Freeze every weight and wrap each LoRA target projection in a ``LoRALinear``."""
    for p in model.parameters():
        p.requires_grad_(False)
    targets = [(m, n) for m in model.modules() for n, c in m.named_children()
               if n in LORA_TARGETS and isinstance(c, nn.Linear)]
    for parent, n in targets:
        setattr(parent, n, LoRALinear(getattr(parent, n), LORA_RANK, LORA_ALPHA))


def param_bytes(params) -> int:
    """Bytes held by the given tensors."""
    return sum(p.numel() * p.element_size() for p in params)


# ---------------------------------------------------------------- measuring


class Meter:
    """Peak-memory bookkeeping; every figure is None (or absent) on the CPU."""

    def __init__(self, device: str):
        self.cuda = device == "cuda"
        self.peak_allocated = self.peak_reserved = 0

    def reset(self):
        gc.collect()
        self.peak_allocated = self.peak_reserved = 0
        if self.cuda:
            torch.cuda.synchronize()
            torch.cuda.empty_cache()
            torch.cuda.reset_peak_memory_stats()

    def phase(self):
        """Peak allocated since the last reset or phase, then start counting the next phase."""
        if not self.cuda:
            return None
        torch.cuda.synchronize()
        peak = torch.cuda.max_memory_allocated()
        self.peak_allocated = max(self.peak_allocated, peak)
        self.peak_reserved = max(self.peak_reserved, torch.cuda.max_memory_reserved())
        torch.cuda.reset_peak_memory_stats()  # the run's overall peak is kept in self.peak_*
        return peak

    def read(self) -> dict:
        if not self.cuda:
            return {}
        torch.cuda.synchronize()
        free, total = torch.cuda.mem_get_info()
        return {
            "allocatedAfterBytes": torch.cuda.memory_allocated(),
            "peakAllocatedBytes": max(self.peak_allocated, torch.cuda.max_memory_allocated()),
            "peakReservedBytes": max(self.peak_reserved, torch.cuda.max_memory_reserved()),
            "deviceUsedAfterBytes": total - free,
        }

    def allocated(self):
        return torch.cuda.memory_allocated() if self.cuda else None


def kv_cache_bytes(cache) -> int:
    """Bytes held by the key and value tensors of a cache, whichever cache class holds them."""
    if isinstance(cache, list):  # plain-torch fallback
        tensors = [t for pair in cache for t in pair if t is not None]
    elif hasattr(cache, "layers"):  # transformers >= 4.56 DynamicCache
        tensors = [t for layer in cache.layers for t in (layer.keys, layer.values) if t is not None]
    else:
        tensors = list(cache.key_cache) + list(cache.value_cache)
    return sum(t.numel() * t.element_size() for t in tensors)


def run_inference(model, a: Arch, row: Row, device: str, meter: Meter) -> dict:
    """One prefill of ``batch x prompt`` tokens and 16 greedy decode steps; returns the row's figures."""
    ids = torch.randint(0, a.vocab, (row.batch, row.tokens), device=device)
    meter.reset()
    with torch.inference_mode():
        out = model(input_ids=ids, use_cache=True, logits_to_keep=1)
        past = out.past_key_values
        nxt = out.logits[:, -1].argmax(-1, keepdim=True)
        del out
        for _ in range(DECODE_TOKENS):
            out = model(input_ids=nxt, past_key_values=past, use_cache=True, logits_to_keep=1)
            past = out.past_key_values
            nxt = out.logits[:, -1].argmax(-1, keepdim=True)
            del out
        measured = meter.read()
        kv = kv_cache_bytes(past)
    formula = 2 * a.layers * a.kv_heads * a.head_dim * 2 * row.batch * (row.tokens + DECODE_TOKENS)
    return {**measured, "kvCacheBytes": kv, "kvCacheFormulaBytes": formula}


def run_training_steps(model, row: Row, a: Arch, device: str, meter: Meter, autocast: bool, steps: int) -> dict:
    """``steps`` AdamW steps on the trainable parameters, from a fresh optimizer; returns the row's figures."""
    model.train()
    if row.checkpointing:
        model.gradient_checkpointing_enable()
    else:
        model.gradient_checkpointing_disable()
    trainable = [p for p in model.parameters() if p.requires_grad]
    ids = torch.randint(0, a.vocab, (row.batch, row.tokens), device=device)
    meter.reset()
    opt = torch.optim.AdamW(trainable, lr=1e-5)
    # The first step allocates the AdamW states inside opt.step(); from the second step on they
    # are resident during forward and backward too, so the phases show where each step peaks.
    phases = []
    for _ in range(steps):
        with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=autocast):
            loss = model(input_ids=ids, labels=ids, use_cache=False).loss
        forward = meter.phase()
        loss.backward()
        del loss
        backward = meter.phase()
        opt.step()
        opt.zero_grad(set_to_none=True)
        phases.append({"forward": forward, "backward": backward, "optimizer": meter.phase()})
    measured = meter.read()
    state = param_bytes([t for s in opt.state.values() for t in s.values() if torch.is_tensor(t)])
    del opt
    return {**measured, "steps": steps, "phasePeakAllocatedBytes": phases,
            "optimizerStateBytes": state, "trainableBytes": param_bytes(trainable)}


class Runner:
    """Keeps one model resident across rows that share it, and builds the next one when needed."""

    def __init__(self, device: str, tiny: bool, train_steps: int):
        self.device, self.tiny, self.meter, self.train_steps = device, tiny, Meter(device), train_steps
        self.key, self.model, self.arch = None, None, None

    def model_for(self, row: Row):
        key = (row.model, row.precision, row.method, row.kind)
        if key != self.key:
            self.model = self.arch = None
            self.key = None
            self.meter.reset()
            dtype = torch.float32 if row.precision == "mixed-bf16" else torch.bfloat16
            self.model, self.arch = build_model(row.model, dtype, self.device, self.tiny)
            if row.method == "lora":
                add_lora(self.model)
            self.key = key
        return self.model, self.arch

    def run(self, row: Row) -> dict:
        """Measure one row and return its figures; raises what the run raised (out of memory included)."""
        model, a = self.model_for(row)
        base = [p for n, p in model.named_parameters() if "lora_" not in n]
        adapters = [p for n, p in model.named_parameters() if "lora_" in n]
        info = {"weightsBytes": param_bytes(base), "parameters": sum(p.numel() for p in base),
                "allocatedBeforeBytes": self.meter.allocated()}
        if adapters:
            info["adapterBytes"] = param_bytes(adapters)
        try:
            if row.kind == "inference":
                model.eval()
                info.update(run_inference(model, a, row, self.device, self.meter))
            else:
                autocast = row.precision == "mixed-bf16" or row.method == "lora"
                info.update(run_training_steps(model, row, a, self.device, self.meter, autocast, self.train_steps))
        finally:
            model.zero_grad(set_to_none=True)  # a failed step must not leave gradients for the next row
        return info


def environment(device: str) -> dict:
    """Versions and device facts; must be the first CUDA call, so the context size is measured bare."""
    env = {"torch": torch.__version__, "python": platform.python_version(),
           "transformers": transformers.__version__ if transformers is not None else None,
           "implementation": "transformers" if use_transformers() else "plain-torch",
           "attention": "sdpa", "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
    if device == "cuda":
        free, total = torch.cuda.mem_get_info()  # first CUDA call: the context is all that is in use
        props = torch.cuda.get_device_properties(0)
        env.update(gpu=torch.cuda.get_device_name(0), cuda=torch.version.cuda, sms=props.multi_processor_count,
                   totalMemoryBytes=total, cudaContextBytes=total - free, **gpu_facts())
    return env


def method_text() -> str:
    """The method bullets of the module docstring, as one line each."""
    body = __doc__.split("\n\n")[2]
    text = " ".join(line.strip() for line in body.splitlines()).replace("* ", "\n* ")
    return "\n".join(item.strip() for item in text.splitlines() if item.strip())


def gpu_facts() -> dict:
    """Driver version and MIG mode through NVML, when its Python binding is installed."""
    try:
        import pynvml

        pynvml.nvmlInit()
        handle = pynvml.nvmlDeviceGetHandleByIndex(0)
        facts = {"driver": pynvml.nvmlSystemGetDriverVersion()}
        try:
            facts["migMode"] = "Enabled" if pynvml.nvmlDeviceGetMigMode(handle)[0] else "Disabled"
        except pynvml.NVMLError:  # GPUs without MIG answer "not supported"
            facts["migMode"] = "n/a"
        pynvml.nvmlShutdown()
        return facts
    except Exception:  # the figures are a courtesy: their absence must not stop the measurements
        return {}


def write(path: str, doc: dict) -> None:
    """Write the JSON document atomically."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)  # a reader never sees half a file, even if the run is killed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="folder to write h100-extra.json into")
    ap.add_argument("--budget-s", type=float, default=420.0, help="start no new row after this many seconds")
    ap.add_argument("--train-steps", type=int, default=1,
                    help="AdamW steps per training row; the peak is over all of them (1 = the first step alone)")
    ap.add_argument("--only", default="", help="comma-separated row ids to run (default: all)")
    ap.add_argument("--tiny", action="store_true", help="scaled-down shapes on the CPU, to check the code")
    ap.add_argument("--plain-torch", action="store_true", help="use the plain-torch model even if transformers is there")
    args = ap.parse_args()
    global FORCE_PLAIN_TORCH
    FORCE_PLAIN_TORCH = args.plain_torch
    device = "cpu" if args.tiny or not torch.cuda.is_available() else "cuda"
    if device == "cpu" and not args.tiny:
        print("no CUDA device: pass --tiny to check the code on the CPU", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "h100-extra.json")
    wanted = {s for s in args.only.split(",") if s}
    rows = [r for r in ROWS if not wanted or r.id in wanted]
    torch.manual_seed(0)  # the token ids are random, but the same on every run
    env = environment(device)
    print("environment:", json.dumps(env), flush=True)
    doc = {"method": method_text(), "environment": env, "rows": []}
    runner, t0 = Runner(device, args.tiny, args.train_steps), time.time()
    for row in rows:
        rec = {"id": row.id, "kind": row.kind, "model": row.model, "precision": row.precision, "method": row.method,
               "batch": row.batch, ("promptTokens" if row.kind == "inference" else "sequenceLength"): row.tokens,
               "gradientCheckpointing": row.checkpointing}
        if time.time() - t0 > args.budget_s:
            rec["status"] = "skipped: time budget spent"
        else:
            start = time.time()
            try:
                rec.update(runner.run(row))
                rec["status"] = "ok"
            except torch.cuda.OutOfMemoryError as exc:
                rec.update(status="oom", error=str(exc).splitlines()[0][:300], **runner.meter.read())
            except Exception as exc:  # keep going: one broken row must not lose the others
                rec.update(status="error", error=f"{type(exc).__name__}: {exc}"[:500])
            rec["seconds"] = round(time.time() - start, 2)
            runner.meter.reset()
        doc["rows"].append(rec)
        write(path, doc)
        print(json.dumps(rec), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
