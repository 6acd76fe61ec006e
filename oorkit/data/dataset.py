"""A torch Dataset over an OOR dataset directory: (φ, prompt, base, target) per item."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.utils.data import Dataset

from oorkit.data.format import SPLITS, read_info, read_prompts, read_samples
from oorkit.data.stats import PhiStats, load_stats, normalize
from oorkit.errors import OORKitError
from oorkit.oor import PHI_DIM


class OORDataset(Dataset[dict[str, Any]]):
    """Samples of the contexts in one split; each item pairs a sample with one of its context's prompts.

    `prompts` picks which prompts are used: "train" (not held out), "held_out", or "all". The prompt of an
    item is drawn with torch's RNG, so every epoch sees other phrasings and DataLoader seeding applies.
    With `standardize`, φ is standardised with the dataset's training statistics (stats.json).
    """

    def __init__(
        self, directory: str | Path, split: str = "train", prompts: str = "train", standardize: bool = True
    ):
        if split not in (*SPLITS, "all"):
            raise OORKitError(f"split must be one of {', '.join((*SPLITS, 'all'))}, got {split!r}")
        if prompts not in ("train", "held_out", "all"):
            raise OORKitError(f"prompts must be train, held_out or all, got {prompts!r}")
        root = Path(directory)
        info = read_info(root)
        contexts = set(info.splits.get(split, [])) if split != "all" else None
        samples = read_samples(root).to_pydict()
        keep = [i for i, c in enumerate(samples["context_id"]) if contexts is None or c in contexts]
        self.stats: PhiStats = load_stats(root / "stats.json")
        self.phi = torch.tensor(
            np.asarray([samples["phi"][i] for i in keep], dtype=np.float32).reshape(-1, PHI_DIM)
        )
        if standardize:
            self.phi = normalize(self.phi, self.stats)
        self.context_ids = [samples["context_id"][i] for i in keep]
        self.context_text = [samples["context_text"][i] for i in keep]
        self.base = [samples["base"][i] for i in keep]
        self.target = [samples["target"][i] for i in keep]
        table = read_prompts(root).to_pydict()
        by_context: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for cid, text, base, target, held in zip(
            table["context_id"],
            table["prompt"],
            table["base"],
            table["target"],
            table["held_out"],
            strict=True,
        ):
            if prompts == "all" or held == (prompts == "held_out"):
                by_context[cid].append((text, base, target))
        self.prompts = dict(by_context)

    def __len__(self) -> int:
        return len(self.phi)

    def __getitem__(self, index: int) -> dict[str, Any]:
        cid = self.context_ids[index]
        options = self.prompts.get(cid)
        if options:
            text, base, target = options[int(torch.randint(len(options), ()))]
        else:
            # A context without prompts of this kind still trains on its canonical text.
            text, base, target = self.context_text[index], self.base[index], self.target[index]
        return {"phi": self.phi[index], "prompt": text, "base": base, "target": target, "context_id": cid}


def contexts_by_split(directory: str | Path) -> dict[str, list[str]]:
    """Context ids of each split."""
    return {k: list(v) for k, v in read_info(directory).splits.items()}


def samples_per_context(directory: str | Path) -> dict[str, int]:
    """Number of samples per context id."""
    counts: dict[str, int] = defaultdict(int)
    for cid in read_samples(directory).column("context_id").to_pylist():
        counts[cid] += 1
    return dict(counts)
