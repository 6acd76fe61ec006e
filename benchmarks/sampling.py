"""Sampling speed of the OOR model: time to first sample, latency of 8 samples, throughput vs batch size.

    python benchmarks/sampling.py [--model DIR] [--device cpu|cuda] [--sizes 1,64,4096,131072]
        [--precisions fp32,bf16] [--compile] [--embeddings FILE] [--json OUT]

Every figure is measured in the same run; ratios are against the fixed-step Heun solver at the same batch
size (solver comparison) and against n = 1 (batching gain). Without an embedded model the script uses a
randomly initialised model of the default architecture: speed does not depend on the weights, but the
adaptive solver's step count does, so dopri5 figures are only meaningful with a trained model.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch

from oorkit.data.stats import compute_stats
from oorkit.diffusion.model import ScoreNet, ScoreNetConfig
from oorkit.diffusion.pipeline import Condition, OORPipeline, PipelineConfig, default_model_dir

PROMPT = ("A teapot pouring tea into a teacup", "teacup", "teapot")


def _sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def timed(fn, device: str, repeats: int = 3) -> float:  # type: ignore[no-untyped-def]
    """Median wall time of `fn()` over `repeats` runs after one warm-up; repeats=0: one cold run."""
    if repeats == 0:
        _sync(device)
        start = time.perf_counter()
        fn()
        _sync(device)
        return time.perf_counter() - start
    fn()
    times = []
    for _ in range(repeats):
        _sync(device)
        start = time.perf_counter()
        fn()
        _sync(device)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load(model: Path | None, device: str, embeddings: Path | None = None) -> tuple[OORPipeline, str]:
    """The pipeline to measure and a note on where it came from."""
    root = model or default_model_dir()
    if (root / "model.safetensors").is_file():
        pipe = OORPipeline.from_pretrained(root, device=device)
        return (pipe.use_embeddings(embeddings) if embeddings else pipe), str(root)
    config = PipelineConfig(ScoreNetConfig())
    stats = compute_stats(torch.randn(64, 15).double().numpy())
    return OORPipeline(ScoreNet(config.model), stats, config).to(device), "random-init default architecture"


def main() -> None:
    """Run the benchmark and print a Markdown table (and JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--sizes", default="1,64,4096,131072")
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--precisions", default="fp32", help="comma-separated: fp32, bf16")
    parser.add_argument("--compile", action="store_true", help="also time torch.compile'd networks")
    parser.add_argument("--embeddings", type=Path, help="text-embedding cache (machines without MiniLM)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    torch.set_grad_enabled(False)

    start = time.perf_counter()
    pipe, source = load(args.model, args.device, args.embeddings)
    text, base, target = PROMPT
    pipe.sample([Condition(text, base, target)], n=1, steps=args.steps)
    _sync(args.device)
    first = time.perf_counter() - start

    def run(n: int, solver: str, precision: str = "fp32") -> float:
        # Large CPU batches take minutes per run: one timed run, no warm-up (the warm-up only matters for
        # small batches, where allocation and first-call overheads are a visible share of the time).
        repeats = 3 if n <= 4096 or args.device.startswith("cuda") else 0
        return timed(
            lambda: pipe.sample(
                [Condition(text, base, target)], n=n, solver=solver, steps=args.steps, precision=precision
            ),
            args.device,
            repeats,
        )

    latency8 = run(8, "heun")
    rows = []
    sizes = [int(s) for s in args.sizes.split(",")]
    variants = [(p, False) for p in args.precisions.split(",")]
    if args.compile:
        variants += [(p, True) for p in args.precisions.split(",")]
    for precision, compiled in variants:
        if compiled:
            # In place (the pipeline keeps its module); dynamic shapes: one graph serves every batch size.
            pipe.model.compile(dynamic=True)
        for n in sizes:
            for solver in ("heun", "euler", "dopri5"):
                seconds = run(n, solver, precision)
                rows.append(
                    {
                        "n": n,
                        "solver": solver,
                        "precision": precision + ("+compile" if compiled else ""),
                        "seconds": seconds,
                        "samples_per_s": n / seconds,
                    }
                )
                # Progress on stderr: a run cut short still shows what it measured.
                print(f"{rows[-1]['precision']} {solver} n={n}: {n / seconds:.0f}/s", file=sys.stderr)
    reference = {(r["n"], r["precision"]): r["seconds"] for r in rows if r["solver"] == "heun"}
    per_sample_1 = rows[0]["seconds"] / sizes[0]  # fp32 Heun at the smallest n
    for r in rows:
        r["vs_heun"] = reference[(r["n"], r["precision"])] / r["seconds"]
        r["batching_gain"] = per_sample_1 / (r["seconds"] / r["n"])
    device_name = (
        torch.cuda.get_device_name()
        if args.device.startswith("cuda")
        else f"cpu ({torch.get_num_threads()} threads)"
    )
    report = {
        "device": device_name,
        "model": source,
        "steps": args.steps,
        "time_to_first_sample_s": first,
        "latency_8_samples_s": latency8,
        "rows": rows,
    }
    print(f"device: {device_name}; model: {source}; fixed steps: {args.steps}")
    print(
        f"time to first sample (load + encode + sample): {first:.2f} s; "
        f"8 samples of one prompt: {latency8 * 1000:.0f} ms"
    )
    print("| n | solver | precision | seconds | samples/s | speed vs heun | gain vs fp32 heun n=1 |")
    print("|---:|---|---|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['n']} | {r['solver']} | {r['precision']} | {r['seconds']:.4f} | {r['samples_per_s']:.0f} "
            f"| {r['vs_heun']:.2f}× | {r['batching_gain']:.0f}× |"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
