"""Training the OOR score model: AdamW, warm-up + cosine decay, EMA, gradient clipping, AMP on CUDA,
resumable checkpoints, validation loss per epoch, and DDP when launched with `torchrun`.

Text embeddings of every prompt and category name are computed once up front, so a training step
is pure tensor work: draw samples, draw one of each sample's prompts, look up embeddings, DSM loss.
"""

from __future__ import annotations

import copy
import json
import math
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from tqdm import tqdm

from oorkit.assets.descriptors import DESCRIPTOR_DIM, PAIR_DESCRIPTOR_DIM, object_descriptor
from oorkit.data.dataset import OORDataset
from oorkit.diffusion.loss import dsm_loss
from oorkit.diffusion.model import ScoreNet, ScoreNetConfig
from oorkit.diffusion.pipeline import OORPipeline, PipelineConfig, category_text
from oorkit.diffusion.schedule import VESchedule
from oorkit.errors import OORKitError
from oorkit.files import dataclass_from_dict, write_json
from oorkit.text import CachedEncoder, PrecomputedEncoder, TextEncoder, load_text_encoder, save_embeddings


@dataclass
class TrainConfig:
    """A training recipe (round-trips to JSON); the defaults are the shipped recipe, default_model.json."""

    text_encoder: str = "minilm"
    model: ScoreNetConfig = field(default_factory=ScoreNetConfig)
    schedule: VESchedule = field(default_factory=VESchedule)
    epochs: int = 45
    batch_size: int = 1024
    lr: float = 2e-3
    weight_decay: float = 1e-4
    warmup_steps: int = 300
    ema_decay: float = 0.999
    grad_clip: float = 1.0
    noise_draws: int = 2
    seed: int = 0
    device: str = "cpu"
    checkpoint_every: int = 1000
    # bfloat16 autocast on CUDA: faster for wide models (docs/benchmarks.md); the CPU ignores it.
    amp: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        d = asdict(self)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], where: str = "training recipe") -> TrainConfig:
        """Inverse of `to_dict`: unknown keys, wrong types and out-of-range values are one-line errors."""
        config = dataclass_from_dict(cls, d, where)
        config.check(where)
        return config

    def check(self, where: str = "training recipe") -> None:
        """Refuse values no training can run with (each error names the field and the range)."""
        m, s = self.model, self.schedule
        rules = [
            ("epochs", self.epochs >= 1, ">= 1"),
            ("batch_size", self.batch_size >= 1, ">= 1"),
            ("lr", self.lr > 0, "> 0"),
            ("weight_decay", self.weight_decay >= 0, ">= 0"),
            ("warmup_steps", self.warmup_steps >= 0, ">= 0"),
            ("ema_decay", 0 <= self.ema_decay < 1, "in [0, 1)"),
            ("grad_clip", self.grad_clip > 0, "> 0"),
            ("noise_draws", self.noise_draws >= 1, ">= 1"),
            ("seed", 0 <= self.seed < 2**32, "in [0, 2**32)"),
            ("checkpoint_every", self.checkpoint_every >= 1, ">= 1"),
            ("model.hidden", m.hidden >= 1, ">= 1"),
            ("model.depth", m.depth >= 1, ">= 1"),
            ("model.time_dim", m.time_dim >= 2 and m.time_dim % 2 == 0, "an even number >= 2"),
            ("model.dropout", 0 <= m.dropout < 1, "in [0, 1)"),
            ("model.parameterization", m.parameterization in ("genpose", "edm"), "genpose or edm"),
            ("model.conditioning", m.conditioning in ("concat", "film"), "concat or film"),
            ("model.geometry_dim", m.geometry_dim in (0, PAIR_DESCRIPTOR_DIM), f"0 or {PAIR_DESCRIPTOR_DIM}"),
            ("schedule.sigma_min", 0 < s.sigma_min < s.sigma_max, "> 0 and < sigma_max"),
            ("schedule.eps", 0 < s.eps < 1, "in (0, 1)"),
        ]
        for name, ok, expected in rules:
            if not ok:
                raise OORKitError(f"{where}: {name} must be {expected}")


@dataclass
class ConditionTable:
    """Embeddings of every text and, per sample, the (prompt, base, target) rows it may be conditioned on."""

    embeddings: torch.Tensor  # (T, dim)
    options: torch.Tensor  # (K, 3) rows into embeddings: prompt, base category, target category
    offset: torch.Tensor  # (N,) first option of each sample
    count: torch.Tensor  # (N,) number of options of each sample
    descriptors: torch.Tensor | None = None  # (T, G/2) object descriptor of each category text row

    def draw(self, index: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """Condition vectors (B, 3·dim [+ G]) for samples `index`, one random prompt each."""
        u = torch.rand(index.shape, generator=generator, device=index.device)
        pick = self.offset[index] + (u * self.count[index]).long().clamp_max(self.count[index] - 1)
        rows = self.options[pick]
        cond = self.embeddings[rows].flatten(1)
        if self.descriptors is None:
            return cond
        return torch.cat([cond, self.descriptors[rows[:, 1]], self.descriptors[rows[:, 2]]], dim=-1)


def condition_table(dataset: OORDataset, encoder: CachedEncoder, geometry: bool = False) -> ConditionTable:
    """Build the condition table of a dataset split (every sample's context prompts [and descriptors])."""
    texts: dict[str, int] = {}

    def row(text: str) -> int:
        return texts.setdefault(text, len(texts))

    per_context: dict[str, list[tuple[int, int, int]]] = {}
    for cid, options in dataset.prompts.items():
        per_context[cid] = [(row(p), row(category_text(b)), row(category_text(t))) for p, b, t in options]
    offsets: list[int] = []
    counts: list[int] = []
    flat: list[tuple[int, int, int]] = []
    for i, cid in enumerate(dataset.context_ids):
        opts = per_context.get(cid) or [
            (
                row(dataset.context_text[i]),
                row(category_text(dataset.base[i])),
                row(category_text(dataset.target[i])),
            )
        ]
        offsets.append(len(flat))
        counts.append(len(opts))
        flat.extend(opts)
    embeddings = encoder.encode(list(texts))
    table = ConditionTable(
        embeddings, torch.tensor(flat, dtype=torch.long), torch.tensor(offsets), torch.tensor(counts)
    )
    if geometry:
        categories = {b for _, b, _ in flat} | {t for _, _, t in flat}
        table.descriptors = row_descriptors(list(texts), categories, embeddings.dtype)
    return table


def row_descriptors(texts: list[str], category_rows: set[int], dtype: torch.dtype) -> torch.Tensor:
    """(T, DESCRIPTOR_DIM) object descriptors of the rows that name a category (zeros elsewhere)."""
    out = np.zeros((len(texts), DESCRIPTOR_DIM), dtype=np.float32)
    for i in category_rows:
        out[i] = object_descriptor(texts[i].replace(" ", "_"))
    return torch.as_tensor(out).to(dtype)


def _distributed() -> tuple[int, int]:
    """(rank, world size); initialises torch.distributed when launched by torchrun."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1 and not torch.distributed.is_initialized():
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        torch.distributed.init_process_group(backend)
    return (torch.distributed.get_rank() if world > 1 else 0), world


def _lr_factor(step: int, warmup: int, total: int, decay_fraction: float = 0.3) -> float:
    """Linear warm-up, constant, then cosine decay to 5% over the last `decay_fraction` of training."""
    if step < warmup:
        return (step + 1) / warmup
    decay_start = max(warmup, int(total * (1 - decay_fraction)))
    if step < decay_start:
        return 1.0
    progress = (step - decay_start) / max(1, total - decay_start)
    return 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))


@dataclass
class _TrainingData:
    """The splits, the training φ on the device, and the condition tables of both splits."""

    train_set: OORDataset
    val_set: OORDataset
    phi: torch.Tensor
    table: ConditionTable
    val_table: ConditionTable | None
    encoder: CachedEncoder


def train(
    data: str | Path,
    out: str | Path,
    config: TrainConfig,
    resume: bool = True,
    progress: bool = True,
    encoder: TextEncoder | None = None,
    embeddings: str | Path | None = None,
) -> dict[str, Any]:
    """Train on a dataset directory and export the EMA pipeline to `out`; returns a summary.

    `embeddings` is a text-embedding cache file: read when it exists (the text encoder then loads only for
    texts it lacks), written after encoding, so later runs skip the encoding of every prompt.
    """
    rank, world = _distributed()
    device = _training_device(config)
    torch.manual_seed(config.seed + rank)
    out = Path(out)
    ckpt = out / "checkpoint"
    d = _training_data(data, config, encoder, embeddings, rank, device)
    model = ScoreNet(config.model).to(device)
    ema = copy.deepcopy(model).eval().requires_grad_(False)
    net: torch.nn.Module = model
    if world > 1:
        net = torch.nn.parallel.DistributedDataParallel(
            model, device_ids=[device.index] if device.type == "cuda" else None
        )
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    steps_per_epoch = max(1, len(d.phi) // (config.batch_size * world))
    total = steps_per_epoch * config.epochs
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: _lr_factor(s, config.warmup_steps, total)
    )
    step, history = 0, list[dict[str, Any]]()
    found = _latest_checkpoint(ckpt) if resume else None
    generator = torch.Generator(device=device).manual_seed(config.seed * 7919 + rank)
    if found is not None:
        step, history = _load_checkpoint(found, config, model, ema, optimizer, scheduler, generator)
    start = time.perf_counter()
    bar = tqdm(total=total, initial=step, desc="train", unit="step", disable=not progress or rank != 0)
    while step < total:
        loss = _train_step(net, model, ema, optimizer, scheduler, config, d, generator, step, device)
        step += 1
        bar.update()
        if step % 20 == 0:
            bar.set_postfix(loss=f"{loss.item():.3f}", lr=f"{scheduler.get_last_lr()[0]:.2e}")
        if step % steps_per_epoch == 0:
            history.append(_epoch_record(step // steps_per_epoch, step, loss, ema, config, d, device))
            if rank == 0 and progress:
                _report_epoch(history[-1], config.epochs, step == total)
        if rank == 0 and (step % config.checkpoint_every == 0 or step == total):
            _save_checkpoint(ckpt, config, model, ema, optimizer, scheduler, generator, step, history)
    bar.close()
    summary = {
        "steps": step,
        "seconds": round(time.perf_counter() - start, 1),
        "device": str(device),
        "device_name": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "world_size": world,
        "final": history[-1] if history else None,
    }
    if rank == 0:
        _export(out, ema, config, d, summary, history)
    if world > 1:
        torch.distributed.destroy_process_group()
    return summary


def _training_device(config: TrainConfig) -> torch.device:
    """The recipe's device; under torchrun, `cuda` is this process's GPU (LOCAL_RANK)."""
    device = torch.device(
        config.device if config.device != "cuda" else f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}"
    )
    if device.type == "cuda" and not torch.cuda.is_available():
        raise OORKitError("--device cuda asked for, but no CUDA device is available")
    return device


def _training_data(
    data: str | Path,
    config: TrainConfig,
    encoder: TextEncoder | None,
    embeddings: str | Path | None,
    rank: int,
    device: torch.device,
) -> _TrainingData:
    """Load the splits and encode every prompt once (through the embedding cache when one is given)."""
    if encoder is None and embeddings is not None and Path(embeddings).is_file():
        spec = config.text_encoder
        encoder = PrecomputedEncoder(embeddings, spec=spec, fallback=lambda: load_text_encoder(spec))
    enc = CachedEncoder(encoder or load_text_encoder(config.text_encoder))
    if enc.dim != config.model.text_dim:
        config.model = ScoreNetConfig(**{**asdict(config.model), "text_dim": enc.dim})
    train_set, val_set = OORDataset(data, "train"), OORDataset(data, "val")
    if len(train_set) == 0:
        raise OORKitError(f"{data}: the training split is empty")
    geometry = bool(config.model.geometry_dim)
    table = condition_table(train_set, enc, geometry)
    val_table = condition_table(val_set, enc, geometry) if len(val_set) else None
    if embeddings is not None and rank == 0:
        save_embeddings(embeddings, enc)
    table = ConditionTable(
        table.embeddings.to(device),
        table.options.to(device),
        table.offset.to(device),
        table.count.to(device),
        None if table.descriptors is None else table.descriptors.to(device),
    )
    return _TrainingData(train_set, val_set, train_set.phi.to(device), table, val_table, enc)


def _train_step(
    net: torch.nn.Module,
    model: ScoreNet,
    ema: ScoreNet,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    config: TrainConfig,
    d: _TrainingData,
    generator: torch.Generator,
    step: int,
    device: torch.device,
) -> torch.Tensor:
    """One optimiser step on a random batch, then the EMA update; the batch's loss."""
    model.train()
    index = torch.randint(0, len(d.phi), (config.batch_size,), generator=generator, device=device)
    cond = d.table.draw(index, generator)
    # bfloat16 has float32's range: no loss scaling needed (unlike float16).
    with torch.autocast(device.type, dtype=torch.bfloat16, enabled=config.amp and device.type == "cuda"):
        loss = dsm_loss(net, config.schedule, d.phi[index], cond, config.noise_draws, generator)  # type: ignore[arg-type]
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
    optimizer.step()
    scheduler.step()
    with torch.no_grad():
        decay = min(config.ema_decay, (1 + step) / (10 + step))
        # One fused launch for all parameters: per-tensor lerps dominate a GPU step of a small model.
        torch._foreach_lerp_(list(ema.parameters()), list(model.parameters()), 1 - decay)
    return loss


def _epoch_record(
    epoch: int,
    step: int,
    loss: torch.Tensor,
    ema: ScoreNet,
    config: TrainConfig,
    d: _TrainingData,
    device: torch.device,
) -> dict[str, Any]:
    """The history entry of an epoch: the last batch's loss and the EMA model's validation loss."""
    record: dict[str, Any] = {"epoch": epoch, "step": step, "loss": float(loss.item())}
    if d.val_table is not None:
        record["val_loss"] = validation_loss(ema, config.schedule, d.val_set, d.val_table, device)
    return record


def _report_epoch(record: dict[str, Any], epochs: int, last: bool) -> None:
    """A line about every twentieth of the epochs, and the last."""
    if record["epoch"] % max(1, epochs // 20) == 0 or last:
        tqdm.write(
            f"epoch {record['epoch']}: loss {record['loss']:.4f}"
            + (f", val {record['val_loss']:.4f}" if "val_loss" in record else "")
        )


def _export(
    out: Path,
    ema: ScoreNet,
    config: TrainConfig,
    d: _TrainingData,
    summary: dict[str, Any],
    history: list[dict[str, Any]],
) -> None:
    """Save the EMA model as a pipeline directory (with its recipe and summary) and the training history."""
    pairs = sorted({(b, t) for b, t in zip(d.train_set.base, d.train_set.target, strict=True)})
    pipeline_config = PipelineConfig(
        config.model,
        config.schedule,
        d.encoder.spec,
        [list(p) for p in pairs],
        {"recipe": config.to_dict(), **summary},
    )
    OORPipeline(ema, d.train_set.stats, pipeline_config).save_pretrained(out)
    write_json(out / "history.json", history, non_finite="null")


@torch.no_grad()
def validation_loss(
    model: ScoreNet,
    schedule: VESchedule,
    dataset: OORDataset,
    table: ConditionTable,
    device: torch.device,
    batches: int = 4,
    batch_size: int = 512,
) -> float:
    """DSM loss on the validation split with a fixed generator, so epochs are comparable."""
    generator = torch.Generator(device="cpu").manual_seed(1234)
    phi = dataset.phi
    total = 0.0
    for _ in range(batches):
        index = torch.randint(0, len(phi), (min(batch_size, len(phi)),), generator=generator)
        cond = table.draw(index, generator)
        total += float(
            dsm_loss(
                model,
                schedule,
                phi[index].to(device),
                cond.to(device),
                1,
                torch.Generator(device=device).manual_seed(int(index[0])),
            ).item()
        )
    return total / batches


# Settings that do not change the trained weights: a run may resume with other values of these.
_RESUMABLE_CHANGES = ("device", "checkpoint_every")


def _recipe_changes(saved: dict[str, Any], config: TrainConfig) -> list[str]:
    """The recipe fields (model.hidden, lr, …) whose values differ from a checkpoint's recipe."""
    now = {k: v for k, v in config.to_dict().items() if k not in _RESUMABLE_CHANGES}
    saved = {k: v for k, v in saved.items() if k not in _RESUMABLE_CHANGES}

    def flat(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in d.items():
            out |= flat(v, f"{prefix}{k}.") if isinstance(v, dict) else {f"{prefix}{k}": v}
        return out

    a, b = flat(saved), flat(now)
    return [f"{k} {a.get(k)!r} → {b.get(k)!r}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


def _load_checkpoint(
    found: Path,
    config: TrainConfig,
    model: ScoreNet,
    ema: ScoreNet,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    generator: torch.Generator,
) -> tuple[int, list[dict[str, Any]]]:
    """Restore weights, optimiser, schedule and random state; (step, history). The recipe must match."""
    state = json.loads((found / "state.json").read_text())
    changes = _recipe_changes(state["recipe"], config) if "recipe" in state else []
    if changes:
        raise OORKitError(
            f"{found} was written by another recipe ({', '.join(changes[:3])}); "
            "resume with the same recipe, or train into another --out (or --no-resume)"
        )
    device = next(model.parameters()).device
    try:
        model.load_state_dict(load_file(found / "model.safetensors", device=str(device)))
        ema.load_state_dict(load_file(found / "ema.safetensors", device=str(device)))
    except RuntimeError as exc:
        raise OORKitError(
            f"{found}: the checkpoint does not fit this model ({str(exc).splitlines()[0]})"
        ) from None
    extra = torch.load(found / "optimizer.pt", map_location=device, weights_only=True)
    optimizer.load_state_dict(extra["optimizer"])
    scheduler.load_state_dict(extra["scheduler"])
    if "generator" in extra:  # the batch order and noise continue exactly where they stopped
        generator.set_state(extra["generator"])
        torch.set_rng_state(extra["torch_rng"])
    else:  # checkpoints from before the generator state was saved
        generator.manual_seed(int(generator.initial_seed()) + int(state["step"]))
    return int(state["step"]), list(state["history"])


def _save_checkpoint(
    ckpt: Path,
    config: TrainConfig,
    model: ScoreNet,
    ema: ScoreNet,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    generator: torch.Generator,
    step: int,
    history: list[dict[str, Any]],
) -> None:
    # Write a complete new checkpoint beside the old one, then swap: a crash at any point leaves one whole.
    tmp, old = ckpt.with_name(ckpt.name + ".tmp"), ckpt.with_name(ckpt.name + ".old")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    save_file(
        {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}, tmp / "model.safetensors"
    )
    save_file(
        {k: v.detach().cpu().contiguous() for k, v in ema.state_dict().items()}, tmp / "ema.safetensors"
    )
    torch.save(
        {
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "generator": generator.get_state(),
            "torch_rng": torch.get_rng_state(),
        },
        tmp / "optimizer.pt",
    )
    doc = {"step": step, "history": history, "recipe": config.to_dict()}
    write_json(tmp / "state.json", doc, indent=None, non_finite="null")
    shutil.rmtree(old, ignore_errors=True)
    if ckpt.exists():
        ckpt.rename(old)
    tmp.rename(ckpt)
    shutil.rmtree(old, ignore_errors=True)


def _latest_checkpoint(ckpt: Path) -> Path | None:
    """The checkpoint to resume from (the previous one if a swap was interrupted)."""
    for candidate in (ckpt, ckpt.with_name(ckpt.name + ".old")):
        if (candidate / "state.json").is_file():
            return candidate
    return None
