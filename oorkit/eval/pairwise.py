"""Pairwise OOR quality: Fréchet distance between generated and held-out samples, over a noise floor.

Features are fixed, not learned: the rotation as 9 numbers, translation, target scale and base scale
(18 numbers), standardised by the dataset's feature statistics. A context's reference samples are split
into two disjoint halves A and B; the model draws |A| samples and its score is FD(generated, B) / FD(A, B).
A ratio of 1 means the model's samples are as close to B as fresh data from the same distribution is;
the finite-sample bias of FD cancels because both distances use sets of the same sizes.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from oorkit.data.format import read_info, read_prompts, read_samples
from oorkit.diffusion.pipeline import Condition, OORPipeline
from oorkit.errors import OORKitError
from oorkit.eval.fd import FEATURE_GROUPS, frechet_distance, relation_features
from oorkit.oor import PHI_DIM
from oorkit.sampling import PAIR_SAMPLING


@dataclass(frozen=True)
class PairwiseCase:
    """One evaluated condition set: a context and the prompts its samples were generated from."""

    context_id: str
    kind: str  # "held_out_context" | "held_out_prompts"
    base: str
    target: str
    prompts: list[str]
    reference: np.ndarray  # (N, 15) held-out samples of the context
    novelty: str = "context"  # what training never saw: "context", its "pair", or a "category" of it


def pairwise_cases(
    data: str | Path, split: str = "both", max_prompts: int = 4, max_contexts: int | None = None
) -> list[PairwiseCase]:
    """Evaluation cases: unseen (test-split) contexts, and held-out prompts of training contexts.

    `max_contexts` keeps at most that many contexts of each kind, a fixed subset (by hash of the id).
    """
    if split not in ("test", "prompts", "both"):
        raise OORKitError(f"split must be test, prompts or both, got {split!r}")
    info = read_info(data)
    samples = read_samples(data).to_pydict()
    prompts = read_prompts(data).to_pydict()
    phi_by_context: dict[str, list[list[float]]] = {}
    pair: dict[str, tuple[str, str, str]] = {}
    for cid, text, base, target, phi in zip(
        samples["context_id"],
        samples["context_text"],
        samples["base"],
        samples["target"],
        samples["phi"],
        strict=True,
    ):
        phi_by_context.setdefault(cid, []).append(phi)
        pair[cid] = (text, base, target)
    own_prompts: dict[str, list[str]] = {}
    held_prompts: dict[str, list[str]] = {}
    for cid, text, base, target, held in zip(
        prompts["context_id"],
        prompts["prompt"],
        prompts["base"],
        prompts["target"],
        prompts["held_out"],
        strict=True,
    ):
        if cid not in pair or (base, target) != pair[cid][1:]:
            continue  # substituted categories have no reference samples of their own
        own_prompts.setdefault(cid, []).append(text)
        if held:
            held_prompts.setdefault(cid, []).append(text)
    cases = []
    if split in ("test", "both"):
        trained = [pair[c][1:] for c in info.splits.get("train", []) if c in pair]
        for cid in info.splits.get("test", []):
            if cid in pair:
                texts = own_prompts.get(cid) or [pair[cid][0]]
                case = _case(cid, "held_out_context", pair[cid], texts[:max_prompts], phi_by_context[cid])
                cases.append(dataclasses.replace(case, novelty=novelty(pair[cid][1:], trained)))

    if split in ("prompts", "both"):
        for cid in info.splits.get("train", []):
            if cid in pair and held_prompts.get(cid):
                cases.append(
                    _case(
                        cid,
                        "held_out_prompts",
                        pair[cid],
                        held_prompts[cid][:max_prompts],
                        phi_by_context[cid],
                    )
                )
    return cases if max_contexts is None else _subset(cases, max_contexts)


def _subset(cases: list[PairwiseCase], per_kind: int) -> list[PairwiseCase]:
    """At most `per_kind` cases of each kind, the same ones whatever the order (by hash of the id)."""
    import hashlib

    def key(c: PairwiseCase) -> str:
        return hashlib.sha256(c.context_id.encode()).hexdigest()

    kept = {
        id(c)
        for kind in {c.kind for c in cases}
        for c in sorted((c for c in cases if c.kind == kind), key=key)[:per_kind]
    }
    return [c for c in cases if id(c) in kept]


def novelty(pair: tuple[str, str], trained: Sequence[tuple[str, str]]) -> str:
    """What training lacked of a held-out context: a "category", its "pair", or only the "context"."""
    seen_categories = {c for p in trained for c in p}
    if not set(pair) <= seen_categories:
        return "category"
    return "context" if frozenset(pair) in {frozenset(p) for p in trained} else "pair"


def _case(
    cid: str, kind: str, pair: tuple[str, str, str], texts: list[str], phi: list[list[float]]
) -> PairwiseCase:
    return PairwiseCase(cid, kind, pair[1], pair[2], texts, np.asarray(phi, dtype=np.float64))


def evaluate_pairwise(
    pipeline: OORPipeline,
    data: str | Path,
    split: str = "both",
    seed: int = 0,
    solver: str = PAIR_SAMPLING.solver,
    steps: int = PAIR_SAMPLING.steps,
    max_prompts: int = 4,
    progress: bool = True,
    learned: bool = True,
    precision: str = "fp32",
    max_contexts: int | None = None,
) -> dict[str, Any]:
    """FD ratios per case and their medians per kind (see the module docstring).

    With `learned`, each case also gets the ratio in the paper's learned 128-D feature space (Appendix D,
    `oorkit.eval.learned_fd`), which weighs rotation, translation and log-scale errors on one footing.
    """
    cases = pairwise_cases(data, split, max_prompts, max_contexts)
    if not cases:
        raise OORKitError(f"{data}: no evaluation cases for split {split!r}")
    all_features = relation_features(np.asarray(read_samples(data).column("phi").to_pylist()))
    mean, std = all_features.mean(0), np.maximum(all_features.std(0), 1e-3)
    rng = np.random.default_rng(seed)
    sampling = {"seed": seed, "solver": solver, "steps": steps, "precision": precision}
    results = []
    for case in tqdm(cases, desc="eval pairwise", unit="context", disable=not progress):
        order = rng.permutation(len(case.reference))
        if len(order) // 2 >= 8:
            results.append(_evaluate_case(pipeline, case, order, (mean, std), sampling, learned))
    summary = {kind: _summarise(results, kind, learned) for kind in ("held_out_context", "held_out_prompts")}
    for what in ("pair", "category"):  # the held-out contexts whose pair or a category training never saw
        rows = [{**r, "kind": f"held_out_{what}"} for r in results if r.get("novelty") == what]
        summary[f"held_out_{what}"] = _summarise(rows, f"held_out_{what}", learned)
    return {
        "summary": {kind: row for kind, row in summary.items() if row is not None},
        "cases": results,
        "settings": sampling,
    }


def _evaluate_case(
    pipeline: OORPipeline,
    case: PairwiseCase,
    order: np.ndarray,
    standardise: tuple[np.ndarray, np.ndarray],
    sampling: dict[str, Any],
    learned: bool,
) -> dict[str, Any]:
    """One case: |A| generated samples against reference half B, over the noise floor FD(A, B)."""
    half = len(order) // 2
    ref_a, ref_b = case.reference[order[:half]], case.reference[order[half : 2 * half]]
    per_prompt = -(-half // len(case.prompts))
    conditions = [Condition(p, case.base, case.target) for p in case.prompts]
    generated = pipeline.sample(conditions, n=per_prompt, **sampling).reshape(-1, PHI_DIM)[:half]
    mean, std = standardise
    feats = [(relation_features(x) - mean) / std for x in (generated, ref_a, ref_b)]
    model_fd = frechet_distance(feats[0], feats[2])
    floor = frechet_distance(feats[1], feats[2])
    groups = {
        name: {
            "fd": frechet_distance(feats[0][:, cols], feats[2][:, cols]),
            "noise_floor": frechet_distance(feats[1][:, cols], feats[2][:, cols]),
        }
        for name, cols in FEATURE_GROUPS.items()
    }
    extra: dict[str, float] = {}
    if learned:
        from oorkit.eval.learned_fd import learned_features  # loads its network only when asked for

        lf = [learned_features(x) for x in (generated, ref_a, ref_b)]
        extra["learned_fd"] = frechet_distance(lf[0], lf[2])
        extra["learned_noise_floor"] = frechet_distance(lf[1], lf[2])
        extra["learned_ratio"] = extra["learned_fd"] / max(extra["learned_noise_floor"], 1e-9)
    return {
        **extra,
        "context_id": case.context_id,
        "kind": case.kind,
        "novelty": case.novelty,
        "base": case.base,
        "target": case.target,
        "prompts": case.prompts,
        "n": half,
        "fd": model_fd,
        "noise_floor": floor,
        "ratio": model_fd / max(floor, 1e-9),
        "groups": groups,
    }


def _summarise(results: list[dict[str, Any]], kind: str, learned: bool) -> dict[str, Any] | None:
    """Medians, mean and worst ratio of one kind of case (None when it has none)."""
    rows = [r for r in results if r["kind"] == kind]
    if not rows:
        return None
    ratios = [r["ratio"] for r in rows]
    summary: dict[str, Any] = {
        "contexts": len(ratios),
        "median_ratio": statistics.median(ratios),
        "mean_ratio": statistics.fmean(ratios),
        "worst": max(ratios),
    }
    if learned:
        summary["median_learned_ratio"] = statistics.median(r["learned_ratio"] for r in rows)
    # Median FD per feature group: where the distance comes from (floors alongside).
    summary["median_group_fd"] = {
        name: statistics.median(r["groups"][name]["fd"] for r in rows) for name in FEATURE_GROUPS
    }
    summary["median_group_noise_floor"] = {
        name: statistics.median(r["groups"][name]["noise_floor"] for r in rows) for name in FEATURE_GROUPS
    }
    return summary


def pairwise_table(summary: dict[str, Any]) -> str:
    """The per-kind summary of `evaluate_pairwise` as a Markdown table."""
    lines = [
        "| cases | contexts | median FD ratio | mean | worst | median ratio, learned features |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, row in summary.items():
        learned = row.get("median_learned_ratio")
        learned_cell = "—" if learned is None else f"{learned:.2f}"
        lines.append(
            f"| {kind.replace('_', ' ')} | {row['contexts']} | {row['median_ratio']:.2f} "
            f"| {row['mean_ratio']:.2f} | {row['worst']:.2f} | {learned_cell} |"
        )
    groups = [kind for kind, row in summary.items() if "median_group_fd" in row]
    if groups:
        lines += [
            "",
            "| median FD per group (noise floor) | "
            + " | ".join(name.replace("_", " ") for name in summary[groups[0]]["median_group_fd"])
            + " |",
        ]
        lines.append("|---|" + "---:|" * len(summary[groups[0]]["median_group_fd"]))
        for kind in groups:
            row = summary[kind]
            cells = [
                f"{row['median_group_fd'][g]:.3f} ({row['median_group_noise_floor'][g]:.3f})"
                for g in row["median_group_fd"]
            ]
            lines.append(f"| {kind.replace('_', ' ')} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
