#!/usr/bin/env bash
# Pour water: the kettle, taken by its handle, pours hot water into the mug.
set -euo pipefail
oor motion --context "A kettle pouring hot water into a mug" --seed 0 --out "${1:-out/motion/pour_water}"
