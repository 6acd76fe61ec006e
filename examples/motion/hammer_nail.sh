#!/usr/bin/env bash
# Hammer a nail: the hammer, held at the end of its handle, strikes the nail.
set -euo pipefail
oor motion --context "A hammer hitting a nail" --seed 0 --out "${1:-out/motion/hammer_nail}"
