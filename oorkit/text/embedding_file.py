"""Text embeddings saved to disk: a training run encodes its ~25k prompts once, later runs (and machines
without the encoder's weights, such as a rented GPU) read them back.

The file is safetensors: one (N, dim) float32 tensor `embeddings`, the encoder spec and the N texts as
JSON in the metadata. `PrecomputedEncoder` serves texts from such a file and loads the real encoder only
for texts the file lacks (or raises a clear error when it has no fallback).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import save_file

from oorkit.errors import InvalidFileError, OORKitError
from oorkit.text.encoders import CachedEncoder, TextEncoder


def save_embeddings(path: str | Path, encoder: CachedEncoder) -> Path:
    """Write every embedding `encoder` has computed so far to `path`, keeping what the file already holds."""
    path = Path(path)
    texts = encoder.cached_texts()
    vectors = encoder.encode(texts) if texts else torch.zeros(0, encoder.dim)
    if path.is_file():
        # A cache only grows: a training run must not drop the held-out prompts an evaluation put there.
        spec, known = read_embeddings(path)
        if spec == encoder.spec:
            have = set(texts)
            extra = [t for t in known if t not in have]
            if extra:
                texts = texts + extra
                vectors = torch.cat([vectors, torch.stack([known[t] for t in extra])])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    save_file(
        {"embeddings": vectors.float().contiguous()},
        tmp,
        metadata={"spec": encoder.spec, "texts": json.dumps(texts)},
    )
    tmp.replace(path)  # a crash mid-write must not leave a truncated cache behind
    return path


def read_embeddings(path: str | Path) -> tuple[str, dict[str, torch.Tensor]]:
    """(encoder spec, {text: embedding}) of a file written by `save_embeddings`."""
    path = Path(path)
    try:
        with safe_open(str(path), "pt") as handle:  # one read: metadata and tensor
            metadata = handle.metadata() or {}
            vectors = handle.get_tensor("embeddings")
        texts = json.loads(metadata["texts"])
        spec = metadata["spec"]
    except (OSError, SafetensorError, KeyError, json.JSONDecodeError) as exc:
        raise InvalidFileError(f"{path}: not an OORKit embedding file ({exc})") from None
    if len(texts) != len(vectors):
        raise InvalidFileError(f"{path}: {len(texts)} texts but {len(vectors)} embeddings")
    return spec, dict(zip(texts, vectors, strict=True))


class PrecomputedEncoder:
    """A `TextEncoder` over an embedding file; texts it lacks go to `fallback()` (loaded on first miss)."""

    def __init__(
        self, path: str | Path, spec: str | None = None, fallback: Callable[[], TextEncoder] | None = None
    ):
        self.path = Path(path)
        file_spec, self._vectors = read_embeddings(self.path)
        if spec is not None and spec != file_spec:
            raise OORKitError(
                f"{self.path} holds {file_spec!r} embeddings, but the model uses the {spec!r} text encoder"
            )
        self.spec = file_spec
        first = next(iter(self._vectors.values()), None)
        self._fallback = fallback
        self._loaded: TextEncoder | None = None
        if first is None:
            self._loaded = self._load_fallback()
        self.dim = int(first.shape[0]) if first is not None else self._loaded.dim  # type: ignore[union-attr]

    def _load_fallback(self) -> TextEncoder:
        if self._fallback is None:
            raise OORKitError(f"{self.path} lacks some texts and no text encoder is available to encode them")
        return self._fallback()

    def encode(self, texts: list[str]) -> torch.Tensor:
        """Embeddings of `texts`, from the file where it has them."""
        missing = sorted({t for t in texts if t not in self._vectors})
        if missing:
            if self._fallback is None:
                raise OORKitError(
                    f"{self.path} has no embedding for {len(missing)} text(s), e.g. {missing[0]!r}; "
                    "re-create it on a machine with the text encoder"
                )
            self._loaded = self._loaded or self._load_fallback()
            self._vectors.update(zip(missing, self._loaded.encode(missing), strict=True))
        if not texts:
            return torch.zeros(0, self.dim)
        return torch.stack([self._vectors[t] for t in texts])
