"""Everyday prompts outside the data, judged by the geometric predicates of `oor eval predicates`.

    python benchmarks/open_vocabulary.py [--model DIR] [--n 32]

Phrasings and category pairs the hand-written contexts never had (some now covered by compositional
contexts, some by no context at all); each prompt's samples come from `oorkit.sample` (template aspects,
Eq. 16 with the target moved along) and are judged with the predicate of the relation the prompt names.
"""

from __future__ import annotations

import argparse
import json
import warnings

import numpy as np

from oorkit.api import sample
from oorkit.eval.predicates import failure_reasons

PROMPTS = [  # (prompt, relation the prompt names)
    ("A pitcher pouring milk into a glass", "pour_into"),
    ("A frying pan placed on the stove", "on"),
    ("A chef's knife cuts into a tomato", "cut"),
    ("A stool pushed under the kitchen counter", "under"),
    ("A wine bottle standing next to a glass", "next_to"),
    ("A floor lamp beside the bed", "next_to"),
    ("A jug pouring water into a bowl", "pour_into"),
    ("An onion in a colander", "in"),
    ("A laptop resting on an ottoman", "on"),
    ("A kettle on the stove", "on"),
    ("A cucumber on a cutting board", "on"),
    ("A whisk stirring in a mixing bowl", "stir"),
    ("A piano next to a bookshelf", "next_to"),
    ("A tablet on a nightstand", "on"),
]


def main() -> None:
    """Print the pass rate per prompt and overall, then a JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=None)
    parser.add_argument("--n", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    a = parser.parse_args()
    results = {}
    for prompt, relation in PROMPTS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the unknown-noun notes
            s = sample(prompt, n=a.n, seed=a.seed, model=a.model)
        reasons = failure_reasons(relation, s.phi, s.base, s.target)
        rate = float(np.mean([not r for r in reasons]))
        common = max({x for r in reasons for x in r}, key=lambda x: sum(x in r for r in reasons), default="")
        results[prompt] = {"base": s.base, "target": s.target, "pass_rate": rate, "most_failed": common}
        print(f"{rate:5.0%}  {prompt:44s} {s.target} → {s.base}  {common}")
    overall = float(np.mean([r["pass_rate"] for r in results.values()]))
    print(f"{overall:5.0%}  mean over {len(results)} prompts")
    print(json.dumps({"prompts": results, "mean_pass_rate": overall}))


if __name__ == "__main__":
    main()
