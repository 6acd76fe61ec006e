"""Seeded outputs of the main jobs (pairwise samples, a joint scene, a rearrange edit, a layout) in one file.

A refactor must not change what users get: write the reference before, check it after.

    python scripts/behaviour_snapshot.py --write tests/fixtures/behaviour_reference.json
    python scripts/behaviour_snapshot.py --check tests/fixtures/behaviour_reference.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 1e-5  # float32 sampling; the same code on the same machine agrees to the last bit


def snapshot() -> dict[str, Any]:
    """Arrays (as nested lists) of every job, each run with the defaults and a fixed seed."""
    import oorkit
    from oorkit.edit import perturb_poses
    from oorkit.edit.optimize import EDIT_DEFAULTS, optimize_relations
    from oorkit.layout import load_spec as load_layout
    from oorkit.layout import solve_layout
    from oorkit.scene.joint import sample_scene
    from oorkit.scene.spec import load_spec

    pipeline = oorkit.load_pipeline()
    pair = oorkit.sample("A teapot pouring tea into a teacup", n=8, seed=0, model=pipeline)
    ranked = oorkit.sample("A knife cutting an apple", n=8, seed=1, rank=True, model=pipeline)
    spec = load_spec(ROOT / "examples" / "scenes" / "tea_time.yaml")
    scene = sample_scene(pipeline, spec, n=2, seed=0).scenes
    noisy = perturb_poses(scene[0], {r.target for r in spec.relations}, 0.3, 0)
    edited = optimize_relations(
        pipeline, list(noisy.objects), list(spec.relations), EDIT_DEFAULTS["rearrange"]
    )
    layout = solve_layout(load_layout(ROOT / "examples" / "layouts" / "bedroom_0.yaml"), seed=0)

    def poses(s: Any) -> list[Any]:
        return [np.asarray(o.instance_transform()).tolist() for o in s.objects]

    return {
        "pair_phi": pair.phi.tolist(),
        "ranked_phi": ranked.phi.tolist(),
        "scene_transforms": [poses(s) for s in scene],
        "rearrange_transforms": poses(edited.scene),
        "layout_poses": np.asarray(layout.result.poses).tolist(),
    }


def compare(reference: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """One line per job whose arrays differ from the reference by more than TOLERANCE."""
    out = []
    for key in sorted(set(reference) | set(now)):
        if key not in reference or key not in now:
            out.append(f"{key}: missing on one side")
            continue
        a, b = np.asarray(reference[key], dtype=float), np.asarray(now[key], dtype=float)
        if a.shape != b.shape:
            out.append(f"{key}: shape {a.shape} → {b.shape}")
        elif not np.allclose(a, b, rtol=TOLERANCE, atol=TOLERANCE):
            out.append(f"{key}: differs by up to {np.abs(a - b).max():.3g}")
    return out


def main() -> int:
    """Write or check the reference file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the snapshot here")
    group.add_argument("--check", type=Path, help="compare with this snapshot")
    args = parser.parse_args()
    now = snapshot()
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(json.dumps(now) + "\n")
        print(f"wrote {args.write}")
        return 0
    problems = compare(json.loads(args.check.read_text()), now)
    for line in problems:
        print(line)
    print("same behaviour" if not problems else f"{len(problems)} job(s) changed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
