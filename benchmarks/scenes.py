"""Joint scene sampling speed (Eq. 10 with collision and inconsistency guidance) per spec size.

    python benchmarks/scenes.py [--specs examples/scenes] [--n 1,10] [--steps 60] [--json OUT]

For every spec: wall time of one guided joint sample and of n arrangements, and the same without guidance
(the reference measured in the same run: the ratio is the guidance's cost); and the time of one `rearrange`
of a sampled arrangement with its defaults, against the paper's constants (50 steps) as the reference.
Model loading is excluded.
"""

from __future__ import annotations

import argparse
import json
from functools import partial
from pathlib import Path

import torch
from sampling import timed  # benchmarks/ is on sys.path when run as a script

from oorkit.diffusion.pipeline import OORPipeline, default_model_dir
from oorkit.edit.optimize import REARRANGE_OPTIONS, EditOptions, optimize_relations
from oorkit.scene.joint import JointOptions, sample_scene
from oorkit.scene.spec import load_spec


def main() -> None:
    """Time guided and unguided joint sampling of every spec; print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=Path, default=Path("examples/scenes"))
    parser.add_argument("--n", default="1,10")
    parser.add_argument("--steps", type=int, default=60)  # oor scene's default
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pipe = OORPipeline.from_pretrained(default_model_dir())
    sizes = [int(s) for s in args.n.split(",")]
    off = JointOptions(collision=False, inconsistency=False)
    rows = []
    edits = {}
    for path in sorted(args.specs.glob("*.yaml")):
        spec = load_spec(path)
        objects, relations = list(sample_scene(pipe, spec, n=1).scenes[0].objects), list(spec.relations)
        edit = partial(optimize_relations, pipe, objects, relations, progress=False)
        edits[path.stem] = {
            "rearrange_s": timed(partial(edit, REARRANGE_OPTIONS), "cpu"),
            "paper_edit_s": timed(partial(edit, EditOptions()), "cpu"),
        }
        for n in sizes:
            guided = timed(partial(sample_scene, pipe, spec, n=n, steps=args.steps), "cpu")
            plain = timed(partial(sample_scene, pipe, spec, n=n, steps=args.steps, options=off), "cpu")
            rows.append(
                {
                    "spec": path.stem,
                    "objects": len(spec.objects),
                    "relations": len(spec.relations),
                    "n": n,
                    "guided_s": guided,
                    "unguided_s": plain,
                    "guidance_cost": guided / plain,
                    **edits[path.stem],
                }
            )
    print(f"cpu ({torch.get_num_threads()} threads), Heun {args.steps} steps")
    print(
        f"| spec | objects | n | guided s | unguided s | guided / unguided "
        f"| rearrange s ({REARRANGE_OPTIONS.steps} steps) | paper's edit s (50 steps) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in sorted(rows, key=lambda r: (-r["objects"], r["spec"], r["n"])):
        print(
            f"| {r['spec']} | {r['objects']} | {r['n']} | {r['guided_s']:.2f} | {r['unguided_s']:.2f} "
            f"| {r['guidance_cost']:.2f}× | {r['rearrange_s']:.2f} | {r['paper_edit_s']:.2f} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
