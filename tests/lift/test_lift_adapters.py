"""Adapters: tiny local models where possible, otherwise a skip naming exactly the missing weights."""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from oorkit.lift.adapters import MissingPackage, MissingWeights, require_path

WEIGHT_ENV = {  # environment variables that point the adapter tests at real local weights
    "flux": "OORKIT_FLUX_PATH",
    "sv3d": "OORKIT_SV3D_REPO",
    "vggsfm": "OORKIT_VGGSFM_CKPT",
    "sam2": "OORKIT_SAM2_CKPT",
    "i2v": "OORKIT_I2V_PATH",
}


def test_dinov2_tiny_random_model(tmp_path: Path) -> None:
    transformers = pytest.importorskip("transformers")
    config = transformers.Dinov2Config(
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        patch_size=8,
        image_size=64,
    )
    transformers.Dinov2Model(config).save_pretrained(tmp_path / "dino")
    from oorkit.lift.adapters.dinov2 import DinoDescriptor

    desc = DinoDescriptor(tmp_path / "dino", image_size=64)
    image = np.random.default_rng(0).integers(0, 255, (48, 40, 3), dtype=np.uint8)
    xy = np.array([[0.0, 0.0], [20.0, 30.0], [39.0, 47.0]])
    out = desc(image, np.ones((48, 40), bool), xy)
    assert out.shape == (3, 16) and np.isfinite(out).all()
    assert not np.allclose(out[0], out[1])


def test_dinov2_missing_weights_names_them(tmp_path: Path) -> None:
    from oorkit.lift.adapters.dinov2 import DinoDescriptor

    with pytest.raises(MissingWeights, match="DINOv2"):
        DinoDescriptor(tmp_path / "nope")


@pytest.mark.parametrize("name", sorted(WEIGHT_ENV))
def test_large_model_adapters_need_named_weights(name: str, tmp_path: Path) -> None:
    """Without weights every adapter fails with a one-line error naming them; with weights, it runs."""
    image = np.full((64, 64, 3), 255, np.uint8)
    path = os.environ.get(WEIGHT_ENV[name])
    calls = {
        "flux": lambda p: __import__("oorkit.lift.adapters.flux", fromlist=["x"]).generate_images(
            "A mug next to a teapot. White background.", p, 1, 0, size=256, steps=2
        ),
        "sv3d": lambda p: __import__("oorkit.lift.adapters.sv3d", fromlist=["x"]).novel_views(image, p, 0),
        "vggsfm": lambda p: __import__("oorkit.lift.adapters.vggsfm", fromlist=["x"]).run_vggsfm(
            np.stack([image] * 3), os.environ.get("OORKIT_VGGSFM_REPO") or tmp_path, p
        ),
        "sam2": lambda p: __import__("oorkit.lift.adapters.sam2", fromlist=["x"]).segment_views(
            np.stack([image] * 2), np.array([[0, 0, 32, 32]]), p
        ),
        "i2v": lambda p: __import__("oorkit.lift.adapters.video", fromlist=["x"]).image_to_video(image, p, 0),
    }
    if not path:
        with pytest.raises(MissingWeights) as err:
            calls[name](str(tmp_path / "missing"))
        pytest.skip(f"{name}: no real weights here ({err.value}); set {WEIGHT_ENV[name]} to run it")
    try:
        calls[name](path)
    except MissingPackage as exc:
        pytest.skip(str(exc))


def test_require_path_messages(tmp_path: Path) -> None:
    with pytest.raises(MissingWeights, match="no local path given for X"):
        require_path(None, "X")
    assert require_path(tmp_path, "X") == tmp_path


def test_frames_from_user_video(tmp_path: Path) -> None:
    from oorkit.lift.adapters.video import frames_from_video

    frames = [Image.fromarray(np.full((8, 8, 3), 40 * i, np.uint8)) for i in range(5)]
    frames[0].save(tmp_path / "v.gif", save_all=True, append_images=frames[1:])
    out = frames_from_video(tmp_path / "v.gif", every=2)
    assert out.shape == (3, 8, 8, 3)


class _FakeVLM(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint that accepts when the prompt names a teapot, and records requests."""

    requests: list[dict[str, Any]] = []  # noqa: RUF012 - shared on purpose, read by the test

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        text = body["messages"][1]["content"][0]["text"]
        verdict = "yes" if "teapot" in text else "no"
        reply = {"choices": [{"message": {"content": f"Both objects are visible. Verdict: {verdict}"}}]}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


def test_vlm_judge_against_local_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    from oorkit.data.llm import Endpoint
    from oorkit.lift.adapters.vlm import VLMError, judge

    server = HTTPServer(("127.0.0.1", 0), _FakeVLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/v1"
        monkeypatch.setenv("TEST_VLM_KEY", "secret")
        images = np.zeros((2, 16, 16, 3), np.uint8)
        yes = judge(
            images, "A mug next to a teapot", "teapot", "mug", Endpoint(url, "m", "TEST_VLM_KEY", 120)
        )
        no = judge(images, "A mug next to a laptop", "laptop", "mug", Endpoint(url, "m", "", 120))
        assert yes.accepted is True and no.accepted is False
        first = _FakeVLM.requests[0]
        assert first["path"] == "/v1/chat/completions" and first["auth"] == "Bearer secret"
        content = first["body"]["messages"][1]["content"]
        assert sum(c["type"] == "image_url" for c in content) == 2
        assert "spatial relationship" in content[0]["text"]
    finally:
        server.shutdown()
    with pytest.raises(VLMError):
        judge(
            images, "x", "a", "b", Endpoint(f"http://127.0.0.1:{server.server_port}/v1", "m", "", timeout=2)
        )
