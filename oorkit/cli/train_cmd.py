"""`oor train --data DIR --out DIR`: train the OOR score model (CPU, one GPU, or several through torchrun)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from oorkit.files import read_document


def train(
    data: Annotated[Path, typer.Option(help="Dataset directory written by `oor data build`.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Model directory (checkpoints + final model).")],
    config: Annotated[
        Path | None, typer.Option(help="Training recipe JSON (fields of oorkit.diffusion.TrainConfig).")
    ] = None,
    epochs: Annotated[int | None, typer.Option(min=1, help="Override the recipe's epochs.")] = None,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Override the batch size per device.")] = None,
    lr: Annotated[float | None, typer.Option(help="Override the peak learning rate.")] = None,
    device: Annotated[str | None, typer.Option(help="cpu or cuda (torchrun: one GPU per process).")] = None,
    text_encoder: Annotated[
        str | None, typer.Option(help="Text encoder spec: minilm, hash[:DIM], t5:PATH.")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of initialisation and batches.")] = None,
    resume: Annotated[bool, typer.Option(help="Continue from OUT/checkpoint when present.")] = True,
    embeddings: Annotated[
        Path | None,
        typer.Option(help="Text-embedding cache file: read if present, written after encoding the prompts."),
    ] = None,
) -> None:
    """Train on a dataset and write a model directory usable by `oor sample --model`."""
    from oorkit.diffusion.train import TrainConfig
    from oorkit.diffusion.train import train as run_training

    recipe = TrainConfig()
    if config is not None:
        recipe = TrainConfig.from_dict(read_document(config, "training recipe", fmt="json"), str(config))
    overrides = {
        "epochs": epochs,
        "batch_size": batch_size,
        "lr": lr,
        "device": device,
        "text_encoder": text_encoder,
        "seed": seed,
    }
    for key, value in overrides.items():
        if value is not None:
            setattr(recipe, key, value)
    recipe.check("the recipe with the command's options")
    summary = run_training(data, out, recipe, resume=resume, embeddings=embeddings)
    typer.echo(json.dumps(summary, indent=1))
    typer.echo(f"wrote the model to {out}")
