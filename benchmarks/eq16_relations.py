"""Do the relations of `oorkit.sample` survive Eq. 16? Mesh-level checks of model samples, t kept vs moved.

    python benchmarks/eq16_relations.py [--n 32]

"raw" is the model's φ with its own sampled aspects (the upper bound: what the model got right); Eq. 16
should not lose any of it. Each prompt's samples are drawn with the procedural templates at their size
prior (the base's longest edge sets the metres) and checked by the relation library's own checks
(`relations.checks.check_sample`).
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from oorkit import oor
from oorkit.api import sample
from oorkit.assets import canonical_extents, get_category
from oorkit.relations.checks import check_sample
from oorkit.relations.space import make_placed
from oorkit.scene.file import canonical_mesh

CASES = [  # (prompt, relation, args)
    ("A spoon in a teacup", "insert", {}),
    ("A mug on a table", "on", {}),
    ("A teacup on a table", "on", {}),
    ("An apple in a bowl", "in", {}),
    ("A book on a nightstand", "on", {}),
    ("A chair under a desk", "under", {}),
    ("A nightstand next to a bed", "next_to", {}),
]


def pass_rate(prompt: str, relation: str, args: dict, n: int, seed: int) -> dict[str, float]:
    """Fractions of n samples passing the mesh checks: raw φ, Eq. 16 with t kept, Eq. 16 with t moved."""
    raw = sample(prompt, n=n, seed=seed, keep_aspects=False)
    extents = [np.array(canonical_extents(canonical_mesh(c))) for c in (raw.base, raw.target)]
    unit = float(max(get_category(raw.base).size))
    out = {}
    variants = {"raw": lambda phi, *_: phi, "t_kept": oor.keep_mesh_aspects, "t_moved": oor.keep_relation}
    for name, fn in variants.items():
        ok = 0
        for phi in np.asarray(fn(raw.phi, *extents)):
            parts = oor.unpack(phi)
            base = make_placed(raw.base, f"{raw.base}/procedural", parts.base_scale * unit)
            target = make_placed(raw.target, f"{raw.target}/procedural", parts.target_scale * unit)
            pose = np.eye(4)
            pose[:3, :3], pose[:3, 3] = parts.rotation, parts.translation * unit
            ok += check_sample(relation, base, target, pose, **args).ok
        out[name] = ok / n
    return out


def main() -> None:
    """Print one line per prompt and a JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    a = parser.parse_args()
    results = {}
    for prompt, relation, args in CASES:
        results[prompt] = pass_rate(prompt, relation, args, a.n, a.seed)
        r = results[prompt]
        rates = "  ".join(f"{k} {v:4.0%}" for k, v in r.items())
        print(f"{prompt:28s} {relation:8s} {rates}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
