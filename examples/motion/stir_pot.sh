#!/usr/bin/env bash
# Stir a pot: the ladle, held by its grip, stirs the soup in the pot.
set -euo pipefail
oor motion --context "A ladle stirring soup in a pot" --seed 0 --out "${1:-out/motion/stir_pot}"
