#!/usr/bin/env bash
# Pour tea: the right hand lifts the teapot by its handle and pours into the teacup.
set -euo pipefail
oor motion --context "A teapot pouring tea into a teacup" --seed 0 --out "${1:-out/motion/pour_tea}"
