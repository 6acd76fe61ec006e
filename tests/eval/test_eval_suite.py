"""Evaluation suite: learned-feature FD, the VLM score through a local fake endpoint, the user-study page."""

from __future__ import annotations

import csv
import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from oorkit import oor
from oorkit.data.llm import Endpoint
from oorkit.errors import OORKitError
from oorkit.eval.learned_fd import (
    DEFAULT_WEIGHTS,
    encoder_inputs,
    inputs_to_parts,
    learned_fd,
    learned_features,
    pairwise_feature_fn,
    random_relations,
    reconstruct,
)
from oorkit.eval.user_study import build_user_study, summarize_user_study
from oorkit.eval.vlm import (
    SampleSet,
    endpoint_judge,
    parse_verdict,
    read_sample_set,
    vlm_compare,
    vlm_messages,
)
from oorkit.geometry import axis_angle_to_matrix

# ----- learned FD ------------------------------------------------------------------------------------------


def _phi_from_inputs(x: torch.Tensor) -> np.ndarray:
    return np.asarray(oor.pack(*inputs_to_parts(x.double().numpy())))


def _cup_on_table(n: int, rng: np.random.Generator, shift: float = 0.0) -> np.ndarray:
    """Teacups on a table top (base units), random spots and yaws; `shift` moves them along x."""
    yaw = np.stack([axis_angle_to_matrix(np.array([0.0, a, 0.0])) for a in rng.uniform(-np.pi, np.pi, n)])
    t = np.stack([rng.uniform(-0.35, 0.35, n) + shift, np.full(n, 0.34), rng.uniform(-0.25, 0.25, n)], axis=1)
    size = np.array([0.09, 0.054, 0.075]) * rng.uniform(0.9, 1.1, (n, 1))
    return np.asarray(oor.pack(yaw, t, size, np.array([1.0, 0.625, 0.667])))


def test_shipped_encoder_is_small_and_reconstructs_held_out_relations() -> None:
    assert DEFAULT_WEIGHTS.stat().st_size < 2_000_000
    config = json.loads(DEFAULT_WEIGHTS.with_suffix(".json").read_text())
    assert config["latent"] == 128 and config["training"]["samples"] >= 1_000_000
    # Seed 12345 is not the training seed: these draws were never seen.
    x = random_relations(4000, torch.Generator().manual_seed(12345))
    phi = _phi_from_inputs(x)
    np.testing.assert_allclose(encoder_inputs(phi), x.double().numpy(), atol=1e-5)
    y = reconstruct(phi)
    u, _, vt = np.linalg.svd(y[:, :9].reshape(-1, 3, 3))
    r, r_hat = x[:, :9].double().numpy().reshape(-1, 3, 3), u @ vt
    cos = (np.trace(np.swapaxes(r, 1, 2) @ r_hat, axis1=1, axis2=2) - 1) / 2
    angle = np.degrees(np.arccos(np.clip(cos, -1, 1)))
    t_err = np.linalg.norm(inputs_to_parts(y)[1] - inputs_to_parts(x.double().numpy())[1], axis=1)
    s_err = np.abs(y[:, 12:] - x[:, 12:].double().numpy())
    # Held-out errors of the shipped weights: see docs/evaluation.md and fd_encoder.json.
    assert np.median(angle) < 2.0 and np.quantile(angle, 0.95) < 5.0
    assert np.median(t_err) < 0.05
    assert np.median(s_err) < 0.05


def test_learned_fd_separates_shifted_sets() -> None:
    rng = np.random.default_rng(0)
    n = 2000  # FD's finite-sample bias shrinks like 1/n; "same" is that bias
    a, b = _cup_on_table(n, rng), _cup_on_table(n, rng)
    assert learned_features(a).shape == (n, 128)
    np.testing.assert_array_equal(learned_features(a[:5]), learned_features(a[:5]))  # deterministic
    same = learned_fd(a, b)
    shifted = learned_fd(a, _cup_on_table(n, rng, shift=0.2))  # 20 % of the table's length
    flipped = learned_fd(a, np.asarray(oor.pack(
        np.asarray(oor.unpack(b).rotation) @ axis_angle_to_matrix(np.array([np.pi, 0.0, 0.0])),
        *(np.asarray(p) for p in oor.unpack(b)[1:]),
    )))  # fmt: skip
    assert same < shifted / 10 and same < flipped / 10, (same, shifted, flipped)


def test_pairwise_feature_fn() -> None:
    rng = np.random.default_rng(1)
    ref = _cup_on_table(50, rng)
    fixed = pairwise_feature_fn("fixed", ref)(ref)
    assert fixed.shape == (50, 18) and abs(fixed[:, 9].mean()) < 1e-9  # standardised by the reference
    assert pairwise_feature_fn("learned")(ref).shape == (50, 128)
    with pytest.raises(OORKitError, match="fixed or learned"):
        pairwise_feature_fn("pca")


# ----- VLM score through a local fake endpoint --------------------------------------------------------------


class FakeEndpoint:
    """A chat-completions server on 127.0.0.1 (port 0) returning canned bodies in order; records requests."""

    def __init__(self, bodies: list[tuple[int, str]]) -> None:
        self.bodies, self.requests = list(bodies), []  # type: list[tuple[int, str]], list[dict[str, Any]]
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                owner.requests.append(
                    {"path": self.path, "auth": self.headers.get("Authorization"),
                     "json": json.loads(self.rfile.read(length))}
                )  # fmt: skip
                status, body = owner.bodies.pop(0) if owner.bodies else (200, _reply("Cannot choose"))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _reply(text: str) -> str:
    return json.dumps({"choices": [{"message": {"role": "assistant", "content": text}}]})


@pytest.fixture
def endpoint() -> Iterator[Any]:
    servers: list[FakeEndpoint] = []

    def start(bodies: list[tuple[int, str]]) -> FakeEndpoint:
        servers.append(FakeEndpoint(bodies))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("Method A is better.\n\nChoose: Method A", "A"),
        ("**Choose: Method_B**", "B"),
        ("choose: method b.", "B"),
        ("Choose Method A", "A"),
        ("Choose: Method A ... on reflection, Choose: Method B", "B"),
        ("Both are equally good. Cannot choose", "tie"),
        ("Choose: Method A. Actually I cannot choose.", "tie"),
        ("I like the first one.", "invalid"),
        ("", "invalid"),
    ],
)
def test_parse_verdict(reply: str, verdict: str) -> None:
    assert parse_verdict(reply) == verdict


def _set(text: str, n: int = 2) -> SampleSet:
    return SampleSet(Path(text), text, "teacup", "teapot", _cup_on_table(n, np.random.default_rng(0)))


def _fake_views(s: SampleSet, i: int) -> np.ndarray:
    return np.full((3, 8, 8, 3), 40 * i + len(s.text) % 200, dtype=np.uint8)


def test_vlm_messages_follow_fig15() -> None:
    views = np.zeros((10, 8, 8, 3), np.uint8)
    grids = vlm_messages("A teapot pours tea into a teacup", ("teacup", "teapot"), views, views)
    assert grids[0]["role"] == "system" and "evaluator" in grids[0]["content"]
    content = grids[1]["content"]
    assert "'teacup' and 'teapot'" in content[0]["text"] and "Choose: Method_" in content[0]["text"]
    assert "Cannot choose" in content[0]["text"] and "grid of 10" in content[0]["text"]
    assert [c["type"] for c in content[1:]] == ["image_url"] * 2
    assert content[1]["image_url"]["url"].startswith("data:image/png;base64,")
    per_view = vlm_messages("p", ("a", "b"), views, views, send="views")
    assert len(per_view[1]["content"]) == 21 and "total of 20 images" in per_view[1]["content"][0]["text"]


def test_vlm_compare_through_local_endpoint(endpoint: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    server = endpoint(
        [
            (200, _reply("Choose: Method A")),
            (500, "oops"),  # retried
            (200, _reply("**Choose: Method_B**")),
            (200, "this is not json"),  # malformed: an invalid question, not a crash
            (200, _reply("Cannot choose")),
            (200, _reply("no verdict here")),
        ]
    )
    monkeypatch.setenv("TEST_VLM_KEY", "sk-test")
    judge = endpoint_judge(Endpoint(server.url, "fake-vlm", "TEST_VLM_KEY", timeout=120, retries=1))
    rows = [[_set(f"prompt {i}"), _set(f"prompt {i}")] for i in range(5)]
    report = vlm_compare(rows, judge, samples=1, seed=3, render=_fake_views)
    outcomes = [c["outcome"] for c in report["comparisons"]]
    shown = [c["asked"][0]["first_shown_as"] for c in report["comparisons"]]
    # Verdict letters map back to methods through the (seeded) order shown.
    expected = [("first" if s == v else "second") for s, v in zip(shown[:2], "AB", strict=True)]
    assert outcomes == [*expected, "invalid", "tie", "invalid"]
    s = report["summary"]
    assert (s["questions"], s["valid"], s["invalid"]) == (5, 3, 2)
    assert abs(s["win"] + s["tie"] + s["loss"] - 1) < 1e-9
    assert abs(s["score_first"] + s["score_second"] - 100) < 1e-9
    assert len(server.requests) == 6
    first = server.requests[0]
    assert first["path"] == "/v1/chat/completions" and first["auth"] == "Bearer sk-test"
    assert first["json"]["model"] == "fake-vlm" and first["json"]["temperature"] == 0
    assert "prompt 0" in first["json"]["messages"][1]["content"][0]["text"]
    # Same seed, same order shown.
    again = endpoint([(200, _reply("Choose: Method A"))] * 5)
    report2 = vlm_compare(
        rows,
        endpoint_judge(Endpoint(again.url, "m", "UNSET_KEY_VAR", timeout=120, retries=2)),
        seed=3,
        render=_fake_views,
    )
    assert [c["asked"][0]["first_shown_as"] for c in report2["comparisons"]] == shown
    assert again.requests[0]["auth"] is None


def test_vlm_both_orders_and_errors(endpoint: Any) -> None:
    server = endpoint([(200, _reply("Choose: Method A"))] * 2 + [(401, "no")])
    judge = endpoint_judge(Endpoint(server.url, "m", timeout=120, retries=2))
    report = vlm_compare([[_set("p"), _set("p")]], judge, both_orders=True, render=_fake_views)
    assert report["comparisons"][0]["outcome"] == "tie"  # A then A with the order swapped: disagreement
    with pytest.raises(OORKitError, match="HTTP 401"):
        vlm_compare([[_set("p"), _set("p")]], judge, render=_fake_views)
    port = server.server.server_address[1]
    server.close()
    with pytest.raises(OORKitError, match="cannot reach the endpoint"):
        endpoint_judge(Endpoint(f"http://127.0.0.1:{port}/v1", "m", timeout=5, retries=2))([])


# ----- user study ----------------------------------------------------------------------------------------


def test_user_study_page_key_and_summary(tmp_path: Path) -> None:
    methods = ["ours", "baseline_1", "baseline_2"]
    images = {m: np.full((12, 20, 3), 60 * i, np.uint8) for i, m in enumerate(methods)}
    questions = [(f"A knife cuts an apple #{q} <b>", images) for q in range(12)]
    written = build_user_study(questions, tmp_path / "study", seed=7)
    page = written["page"].read_text()
    assert page.count('class="question"') == 12 and "&lt;b&gt;" in page and "downloadAnswers()" in page
    assert "Which set of multi-view images best illustrates" in page
    key = json.loads(written["key"].read_text())
    orders = [tuple(key["questions"][q][letter] for letter in "ABC") for q in sorted(key["questions"])]
    assert len(set(orders)) > 1  # randomised per question
    assert (
        build_user_study(questions, tmp_path / "again", seed=7)
        and json.loads((tmp_path / "again" / "key.json").read_text()) == key
    )  # seeded
    assert (tmp_path / "study" / "images" / "q01_A.png").is_file()
    template = list(csv.reader(written["template"].open()))
    assert template[0] == ["participant", "question", "choice"] and len(template) == 13
    # Two participants: one always picks "ours", one picks "baseline_1" except an unanswered question.
    inverse = {q: {m: letter for letter, m in key["questions"][q].items()} for q in key["questions"]}
    answers = tmp_path / "answers.csv"
    with answers.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["participant", "question", "choice"])
        for q in key["questions"]:
            w.writerow(["p1", q, inverse[q]["ours"]])
            w.writerow(["p2", q, "" if q == "q03" else inverse[q]["baseline_1"].lower()])
    result = summarize_user_study(answers, written["key"])
    assert result["answers"] == 23 and result["skipped"] == 1 and result["participants"] == 2
    assert result["preference"] == pytest.approx({"ours": 12 / 23, "baseline_1": 11 / 23, "baseline_2": 0.0})
    with pytest.raises(OORKitError, match="2 or 3 methods"):
        build_user_study([("p", {"a": images["ours"]})], tmp_path / "bad")


# ----- CLI end to end (real renders, local endpoint) ---------------------------------------------------


def _write_samples(folder: Path, text: str, phi: np.ndarray) -> Path:
    folder.mkdir(parents=True)
    doc = {"text": text, "base": "table", "target": "teacup", "samples": [{"phi": p.tolist()} for p in phi]}
    (folder / "samples.json").write_text(json.dumps(doc))
    return folder


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from oorkit.cli.main import main

    monkeypatch.setattr(sys, "argv", ["oor", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_cli_vlm_user_study_and_fd(
    tmp_path: Path, endpoint: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = np.random.default_rng(0)
    a = _write_samples(tmp_path / "ours" / "cup", "A teacup on a table", _cup_on_table(40, rng))
    b = _write_samples(tmp_path / "other" / "cup", "A teacup on a table", _cup_on_table(40, rng, 0.3))
    assert read_sample_set(a).phi.shape == (40, 15)
    server = endpoint([(200, _reply("Choose: Method A"))])
    out = tmp_path / "eval"
    small = ["--views", "2", "--resolution", "64"]
    code, text = _run(monkeypatch, capsys, "eval", "vlm", str(a.parent), str(b.parent),
                      "--base-url", server.url, "--model", "m", *small, "--out", str(out))  # fmt: skip
    assert code == 0, text
    report = json.loads((out / "vlm.json").read_text())
    assert report["summary"]["questions"] == 1 and report["summary"]["valid"] == 1
    assert "VLM score ours" in (out / "vlm.md").read_text()
    sent = server.requests[0]["json"]["messages"][1]["content"]
    assert len(sent) == 3 and "A teacup on a table" in sent[0]["text"]

    code, text = _run(monkeypatch, capsys, "eval", "user-study", str(a), str(b), "--names", "ours,other",
                      *small, "--out", str(tmp_path / "study"))  # fmt: skip
    assert code == 0, text
    key = json.loads((tmp_path / "study" / "key.json").read_text())
    assert sorted(key["questions"]["q01"].values()) == ["other", "ours"]
    answers = tmp_path / "answers.csv"
    answers.write_text("participant,question,choice\nx,q01,A\n")
    code, text = _run(monkeypatch, capsys, "eval", "user-study-summary", str(answers), "--key",
                      str(tmp_path / "study" / "key.json"), "--out", str(out))  # fmt: skip
    assert code == 0, text
    preference = json.loads((out / "user_study.json").read_text())["preference"]
    assert preference[key["questions"]["q01"]["A"]] == 1.0

    code, text = _run(monkeypatch, capsys, "eval", "fd", str(a.parent), str(b.parent), "--out", str(out))
    assert code == 0, text
    assert json.loads((out / "fd.json").read_text())["prompts"][0]["fd"] > 0

    code, text = _run(monkeypatch, capsys, "eval", "vlm", str(a), str(tmp_path / "missing"), "--base-url",
                      server.url)  # fmt: skip
    assert code == 2 and "error:" in text and "Traceback" not in text
