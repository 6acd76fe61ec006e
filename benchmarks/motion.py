"""Human motion speed and quality: the 60-frame pour-tea example on the CPU, after the one-time body build.

    python benchmarks/motion.py [--frames 60] [--threads 1] [--out out/bench_motion.json]

Reports the whole `oorkit.motion` call (model load, Eq. 13, grasp, tracking, metrics), the body model's
cold and warm start, and the example's metrics. The body's tensors are small: one torch thread is the
default the motion itself uses (`synthesize_motion` sets it).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch

EXAMPLE = Path(__file__).parents[1] / "examples" / "motion" / "tea_table.json"


def main() -> None:
    """Time the example and print its figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    import oorkit
    from oorkit.human import MotionOptions
    from oorkit.human.body import anny_cache_dir, load_anny, load_body

    built = any(anny_cache_dir().glob("v*/build_compact_model_data_*.safetensors"))
    start = time.perf_counter()
    load_anny()
    anny_seconds = time.perf_counter() - start
    start = time.perf_counter()
    load_body()
    body_seconds = time.perf_counter() - start
    oorkit.load_pipeline()  # the OOR model, loaded once per process like the body

    start = time.perf_counter()
    result = oorkit.motion(
        "A teapot pouring tea into a teacup",
        scene=EXAMPLE,
        hold="teapot",
        options=MotionOptions(frames=args.frames),
    )
    call = time.perf_counter() - start
    report = {
        "frames": args.frames,
        "torch_threads_outside_motion": args.threads,
        "anny_load_s": round(anny_seconds, 2),
        "anny_cache_was_built": built,
        "body_setup_s": round(body_seconds, 2),
        "motion_call_s": round(call, 2),
        "synthesis_s": result.metrics["seconds"],
        "metrics": result.metrics,
    }
    text = json.dumps(report, indent=1)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)


if __name__ == "__main__":
    main()
