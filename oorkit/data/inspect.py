"""Inspecting a dataset: per-context summary and φ-marginal plots."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from oorkit.data.format import read_info, read_prompts, read_samples

PHI_LABELS = (
    [f"r6d[{i}]" for i in range(6)]
    + ["t.x", "t.y", "t.z"]
    + ["sT.x", "sT.y", "sT.z"]
    + ["sB.x", "sB.y", "sB.z"]
)


def dataset_summary(directory: str | Path) -> list[dict[str, Any]]:
    """Per context: split, samples, prompts, held-out prompts and rejection rate (with a build report)."""
    root = Path(directory)
    info = read_info(root)
    split_of = {c: s for s, cs in info.splits.items() for c in cs}
    samples = Counter(read_samples(root).column("context_id").to_pylist())
    prompts = read_prompts(root).to_pydict()
    n_prompts: Counter[str] = Counter(prompts["context_id"])
    held: Counter[str] = Counter(
        c for c, h in zip(prompts["context_id"], prompts["held_out"], strict=True) if h
    )
    report_path = root / "build_report.json"
    attempts = {}
    if report_path.is_file():
        report = json.loads(report_path.read_text())
        per_context = report["contexts"] if isinstance(report, dict) else report  # older datasets: a list
        attempts = {r["context_id"]: r["attempts"] for r in per_context}
    rows = []
    for cid in sorted(samples):
        tries = attempts.get(cid)
        rows.append(
            {
                "context_id": cid,
                "split": split_of.get(cid, "?"),
                "samples": samples[cid],
                "prompts": n_prompts[cid],
                "held_out_prompts": held[cid],
                "rejection_rate": None if not tries else 1.0 - samples[cid] / tries,
            }
        )
    return rows


def plot_marginals(directory: str | Path, out: str | Path, contexts: list[str] | None = None) -> list[Path]:
    """Histograms of φ's 15 dimensions, one PNG per context; returns the paths written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = read_samples(directory).to_pydict()
    by_context: dict[str, list[list[float]]] = defaultdict(list)
    text: dict[str, str] = {}
    for cid, phi, t in zip(table["context_id"], table["phi"], table["context_text"], strict=True):
        by_context[cid].append(phi)
        text[cid] = t
    wanted = contexts or sorted(by_context)
    unknown = [c for c in wanted if c not in by_context]
    if unknown:
        from oorkit.errors import OORKitError

        raise OORKitError(f"no samples of context(s) {', '.join(unknown)} in {directory}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for cid in wanted:
        phi = np.asarray(by_context[cid])
        fig, axes = plt.subplots(3, 5, figsize=(12, 6.5))
        for k, ax in enumerate(axes.flat):
            ax.hist(phi[:, k], bins=24, color="#4472c4")
            ax.set_title(PHI_LABELS[k], fontsize=9)
            ax.tick_params(labelsize=7)
        fig.suptitle(f"{cid}: {text[cid]} ({len(phi)} samples)", fontsize=11)
        fig.tight_layout()
        path = out / f"{cid}.png"
        fig.savefig(path, dpi=80)
        plt.close(fig)
        paths.append(path)
    return paths
