"""CLIP score: the scoring maths on a stand-in model, and the open_clip plumbing on a tiny random model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from oorkit.errors import OORKitError
from oorkit.eval.clip_score import ClipScorer, clip_score, clip_view_scores, evaluate_clip, load_clip
from oorkit.eval.vlm import SampleSet

# A random ViT CLIP small enough to build in well under a second (the BPE tokenizer needs 49408 tokens).
TINY_CONFIG = {
    "embed_dim": 16,
    "vision_cfg": {"image_size": 32, "layers": 1, "width": 32, "head_width": 16, "patch_size": 8},
    "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 32, "heads": 2, "layers": 1},
}


class MeanColourModel(torch.nn.Module):
    """Stand-in CLIP: an image embeds as its mean colour, a text as a fixed colour per token sum."""

    def encode_image(self, images: torch.Tensor) -> torch.Tensor:
        return images.mean(dim=(2, 3))

    def encode_text(self, tokens: torch.Tensor) -> torch.Tensor:
        return torch.tensor([[1.0, 0.0, 0.0]]) if int(tokens.sum()) % 2 else torch.tensor([[0.0, 1.0, 0.0]])


def _stand_in() -> ClipScorer:
    def preprocess(im: Any) -> torch.Tensor:
        return torch.as_tensor(np.asarray(im), dtype=torch.float32).permute(2, 0, 1) / 255

    return ClipScorer(MeanColourModel(), preprocess, lambda texts: torch.tensor([[len(texts[0])]]))


def test_clip_score_is_the_mean_cosine_over_views() -> None:
    scorer = _stand_in()
    red, green = np.zeros((8, 8, 3), np.uint8), np.zeros((8, 8, 3), np.uint8)
    red[..., 0], green[..., 1] = 200, 200
    views = np.stack([red, green, red])
    odd = clip_view_scores(scorer, "odd", views)  # 3 characters: the "red" text
    np.testing.assert_allclose(odd, [1.0, 0.0, 1.0], atol=1e-6)
    assert clip_score(scorer, "odd", views) == pytest.approx(2 / 3)
    assert clip_score(scorer, "even", views) == pytest.approx(1 / 3)
    sample = SampleSet(Path("x"), "odd", "table", "teacup", np.zeros((3, 15)))
    report = evaluate_clip([sample], scorer, samples=2, render=lambda s, i: views if i == 0 else views[:1])
    assert report["prompts"][0]["samples"] == 2
    assert report["summary"]["mean"] == pytest.approx((2 / 3 + 1.0) / 2)


def _open_clip() -> Any:
    try:
        import open_clip
    except ImportError as exc:  # open_clip needs torchvision and timm too: name what is missing
        pytest.skip(f"open_clip unavailable (missing package: {exc.name or 'open_clip_torch'})")
    return open_clip


def _tiny_model(tmp_path: Path, seed: int) -> tuple[Path, Path]:
    open_clip = _open_clip()
    config = tmp_path / "oorkit-tiny-clip.json"
    config.write_text(json.dumps(TINY_CONFIG))
    open_clip.add_model_config(config)
    torch.manual_seed(seed)
    model = open_clip.create_model("oorkit-tiny-clip")
    from safetensors.torch import save_file

    weights = tmp_path / f"tiny_{seed}.safetensors"
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(weights))
    return config, weights


def test_open_clip_tiny_model_from_local_weights(tmp_path: Path) -> None:
    config, weights = _tiny_model(tmp_path, seed=0)
    _, other = _tiny_model(tmp_path, seed=1)
    rng = np.random.default_rng(0)
    views = rng.integers(0, 256, (4, 40, 40, 3), dtype=np.uint8)
    scorer = load_clip(weights, model_config=config)
    prompt = "A teapot pouring tea into a teacup"
    scores = clip_view_scores(scorer, prompt, views)
    assert scores.shape == (4,) and np.all(np.abs(scores) <= 1.0 + 1e-6)
    again = load_clip(weights, model_config=config)
    np.testing.assert_array_equal(scores, clip_view_scores(again, prompt, views))
    # Different weights in the given file → different scores: the file is what is read.
    assert not np.allclose(scores, clip_view_scores(load_clip(other, model_config=config), prompt, views))
    # A model folder (open_clip_config.json + weights) works too.
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "open_clip_config.json").write_text(json.dumps({"model_cfg": TINY_CONFIG}))
    (folder / "open_clip_model.safetensors").write_bytes(weights.read_bytes())
    np.testing.assert_allclose(clip_view_scores(load_clip(folder), prompt, views), scores, atol=1e-6)


def test_load_clip_errors(tmp_path: Path) -> None:
    with pytest.raises(OORKitError):
        load_clip(tmp_path / "missing.safetensors")


def test_cli_clip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config, weights = _tiny_model(tmp_path, seed=0)
    from oorkit.cli.main import main

    folder = tmp_path / "ours" / "cup"
    folder.mkdir(parents=True)
    phi = [[1, 0, 0, 0, 1, 0, 0.1, 0.35, 0.0, 0.09, 0.05, 0.07, 1.0, 0.6, 0.7]]
    doc = {"text": "A teacup on a table", "base": "table", "target": "teacup", "samples": [{"phi": phi[0]}]}
    (folder / "samples.json").write_text(json.dumps(doc))
    out = tmp_path / "eval"
    args = ["eval", "clip", str(folder.parent), "--clip-weights", str(weights), "--clip-config", str(config)]
    monkeypatch.setattr("sys.argv", ["oor", *args, "--views", "2", "--resolution", "64", "--out", str(out)])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code in (0, None), capsys.readouterr()
    report = json.loads((out / "clip.json").read_text())
    assert abs(report["methods"]["ours"]["summary"]["mean"]) <= 1.0
    assert "CLIP score" in (out / "clip.md").read_text()
