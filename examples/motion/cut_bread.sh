#!/usr/bin/env bash
# Cut bread, two hands: the right hand slices with the knife, the left holds the loaf still.
set -euo pipefail
oor motion --context "A knife slicing a loaf of bread" --seed 0 --out "${1:-out/motion/cut_bread}"
