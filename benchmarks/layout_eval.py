"""Layout benchmark: regenerate examples/layouts/ from the planner and run `oor eval layouts` on them and
on the four R3L fixtures.  Usage: python benchmarks/layout_eval.py [--fixtures DIR] [--out DIR]"""

from __future__ import annotations

import argparse
from pathlib import Path

from oorkit.layout import plan_room, save_spec

CASES = [
    ("bedroom", (4.0, 3.5), 0),
    ("bedroom", (5.0, 4.0), 1),
    ("bedroom", (6.0, 5.0), 2),
    ("living_room", (5.0, 4.5), 0),
    ("living_room", (6.0, 5.0), 1),
    ("living_room", (7.0, 6.0), 2),
    ("office", (6.0, 5.0), 0),
    ("office", (8.0, 6.0), 1),
    ("office", (10.0, 8.0), 2),
    ("classroom", (7.0, 6.0), 0),
    ("classroom", (9.0, 8.0), 1),
    ("classroom", (10.0, 9.0), 2),
]


def write_examples(folder: Path) -> list[Path]:
    """Planner specs of the benchmark cases, as YAML files."""
    return [
        save_spec(plan_room(room, size, seed), folder / f"{room}_{seed}.yaml") for room, size, seed in CASES
    ]


def main() -> None:
    """Write the example specs, then evaluate them with the fixtures through the CLI command."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fixtures", type=Path, default=Path("tests/fixtures/r3l"))
    parser.add_argument("--examples", type=Path, default=Path("examples/layouts"))
    parser.add_argument("--out", type=Path, default=Path("out/eval_layouts"))
    args = parser.parse_args()
    write_examples(args.examples)
    from oorkit.cli.layout_cmd import eval_layouts

    fixtures = sorted(args.fixtures.glob("*.json"))
    eval_layouts([*fixtures, args.examples], seed=0, restarts=8, steps=500, out=args.out, as_json=False)


if __name__ == "__main__":
    main()
