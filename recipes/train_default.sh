#!/usr/bin/env bash
# The recipe of the embedded default model: build the bundled procedural dataset, train, and copy the
# exported model (weights + config + φ statistics + training history) into the package.
# Usage: recipes/train_default.sh [cpu|cuda]   (the shipped model: cpu, a 2-core machine, 29 min data + 31 min training)
set -euo pipefail
device="${1:-cpu}"
oor data build --out out/data --seed 0 --samples 60
oor train --data out/data --out out/model --config recipes/default_model.json --device "$device" \
  --embeddings out/embeddings.safetensors
mkdir -p oorkit/models/default
cp out/model/model.safetensors out/model/config.json out/model/stats.json out/model/history.json oorkit/models/default/
echo "embedded model updated: oorkit/models/default"
