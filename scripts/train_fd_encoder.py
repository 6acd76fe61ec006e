"""Train the learned-FD autoencoder shipped in oorkit/eval/data/ (the OOR paper's Appendix D).

    nice -n 15 python scripts/train_fd_encoder.py --steps 2000 --batch 2048 --hidden 128 --lr 0.003 --seed 0

Every step draws a fresh batch from `random_relations` (no data set, no epochs to overfit), so the
model sees steps × batch distinct samples. Writes fd_encoder.safetensors + fd_encoder.json (config,
input statistics, the recipe and held-out reconstruction errors).
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import torch
from safetensors.torch import save_file

from oorkit.eval.learned_fd import (
    DATA_DIR,
    LATENT_DIM,
    RelationAutoencoder,
    inputs_to_parts,
    random_relations,
)


def held_out_errors(model: RelationAutoencoder, x: torch.Tensor) -> dict[str, float]:
    """Reconstruction errors: rotation angle (deg, SVD-projected), translation (base units), log-scales."""
    with torch.no_grad():
        y = model.decode(model.encode(x))
    u, _, vt = torch.linalg.svd(y[:, :9].reshape(-1, 3, 3))
    r_hat = u @ vt
    r = x[:, :9].reshape(-1, 3, 3)
    cos = ((r.transpose(1, 2) @ r_hat).diagonal(dim1=1, dim2=2).sum(1) - 1) / 2
    angle = torch.rad2deg(torch.arccos(cos.clamp(-1, 1)))
    t, t_hat = (torch.as_tensor(inputs_to_parts(v.numpy())[1]) for v in (x, y))
    t_err = (t_hat - t).norm(dim=1)
    t_rel = t_err / t.norm(dim=1).clamp_min(1e-3)
    s_err = (y[:, 12:] - x[:, 12:]).abs()
    return {
        "rotation_deg_median": float(angle.median()),
        "rotation_deg_p95": float(angle.quantile(0.95)),
        "translation_median": float(t_err.median()),
        "translation_relative_median": float(t_rel.median()),
        "log_scale_abs_median": float(s_err.median()),
        "log_scale_abs_p95": float(s_err.flatten().quantile(0.95)),
    }


def main() -> None:
    """Train, evaluate on held-out samples and write the weights + config."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=2048)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    held_gen = torch.Generator().manual_seed(args.seed + 1)  # held-out draws never overlap training draws

    model = RelationAutoencoder(hidden=args.hidden, latent=LATENT_DIM)
    stats = random_relations(1_000_000, gen)
    model.input_mean.copy_(stats.mean(0))
    model.input_std.copy_(stats.std(0).clamp_min(1e-3))
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: 0.5 * (1 + math.cos(math.pi * min(s / args.steps, 1.0))) * 0.99 + 0.01
    )
    start = time.time()
    for step in range(args.steps):
        x = random_relations(args.batch, gen)
        xn = (x - model.input_mean) / model.input_std
        loss = torch.nn.functional.mse_loss(model.decoder(model.encoder(xn)), xn)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 200 == 0 or step == args.steps - 1:
            print(f"step {step:5d}  loss {loss.item():.2e}  {time.time() - start:.0f}s", flush=True)
    model.eval()
    errors = held_out_errors(model, random_relations(100_000, held_gen))
    print(json.dumps(errors, indent=1))

    args.out.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.contiguous() for k, v in model.state_dict().items()}
    save_file(tensors, str(args.out / "fd_encoder.safetensors"))
    config = {
        "hidden": args.hidden,
        "latent": LATENT_DIM,
        "input": "R (9, row-major), asinh(t / 0.1) (3, t in base units), log s^{T->B} (3), log s^B (3)",
        "distribution": "oorkit.eval.learned_fd.random_relations",
        "training": {
            "command": "nice -n 15 python scripts/train_fd_encoder.py "
            f"--steps {args.steps} --batch {args.batch} --hidden {args.hidden} --lr {args.lr} "
            f"--seed {args.seed}",
            "samples": args.steps * args.batch,
            "seconds": round(time.time() - start),
            "final_loss": float(loss.item()),
        },
        "held_out_100k": errors,
    }
    (args.out / "fd_encoder.json").write_text(json.dumps(config, indent=1) + "\n")
    print(f"wrote {args.out / 'fd_encoder.safetensors'} and fd_encoder.json")


if __name__ == "__main__":
    main()
