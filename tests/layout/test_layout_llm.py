"""The LLM relation source against a canned OpenAI-compatible server on 127.0.0.1 (never anything else)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from oorkit.cli.layout_cmd import parse_assets
from oorkit.data.llm import Endpoint, LLMError
from oorkit.layout import solve_layout
from oorkit.layout.llm import extract_json, llm_spec

ASSETS = parse_assets("bed, nightstand x2, desk, office_chair")
UNITS = {
    "units": [
        {"id": "sleeping", "anchor": "bed_0", "members": ["bed_0", "nightstand_0", "nightstand_1"]},
        {"id": "work", "anchor": "desk_0", "members": ["desk_0", "office_chair_0"]},
    ],
    "independent": [],
}
LOCAL = {
    "relations": [
        {"type": "left_of", "source": "nightstand_0", "target": "bed_0", "clearance": 0.05, "percentile": 0},
        {"type": "right_of", "source": "nightstand_1", "target": "bed_0", "clearance": 0.05, "percentile": 0},
        {"type": "in_front_of", "source": "office_chair_0", "target": "desk_0", "clearance": 0.05},
        {"type": "facing", "source": "office_chair_0", "target": "desk_0", "mode": "radial"},
    ]
}
GLOBAL_BAD = {"relations": [{"type": "against_wall", "source": "nightstand_0", "wall": "T"}]}
GLOBAL = {
    "relations": [
        {"type": "against_wall", "source": "sleeping", "wall": "T"},
        {"type": "horizontal", "source": "sleeping", "percentile": 0.4},
        {"type": "corner", "source": "work", "corner": "BR", "wall": "B"},
    ]
}


class FakeLLM:
    """Replies in order; records every request body."""

    def __init__(self) -> None:
        self.replies: list[str] = []
        self.requests: list[dict[str, Any]] = []


@pytest.fixture
def server() -> Iterator[tuple[str, FakeLLM]]:
    fake = FakeLLM()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append({"body": body, "auth": self.headers.get("Authorization")})
            reply = fake.replies.pop(0)
            data = json.dumps({"choices": [{"message": {"role": "assistant", "content": reply}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", fake
    httpd.shutdown()


def test_three_steps_with_a_retry(server: tuple[str, FakeLLM], monkeypatch: pytest.MonkeyPatch) -> None:
    url, fake = server
    monkeypatch.setenv("LAYOUT_TEST_KEY", "sk-test")
    fake.replies = [
        "Here you go:\n```json\n" + json.dumps(UNITS) + "\n```",
        json.dumps(LOCAL),
        json.dumps(GLOBAL_BAD),  # a member in a global relation: rejected, sent back with the problem
        json.dumps(GLOBAL),
    ]
    spec, log = llm_spec(
        "a bedroom with a work corner", (5, 4), ASSETS, Endpoint(url, "m", "LAYOUT_TEST_KEY")
    )
    assert [u.id for u in spec.units] == ["sleeping", "work"]
    assert len(spec.relations) == len(LOCAL["relations"]) + len(GLOBAL["relations"])
    assert len(fake.requests) == 4 and fake.requests[0]["auth"] == "Bearer sk-test"
    retry = fake.requests[3]["body"]["messages"][-1]["content"]
    assert "nightstand_0" in retry and "unit member" in retry
    assert any("attempt 1 invalid" in line for line in log)
    prompts = " ".join(m["content"] for m in fake.requests[3]["body"]["messages"] if m["role"] == "user")
    assert "decomposition" in prompts and "local assembly" in prompts and "global integration" in prompts
    res = solve_layout(spec, seed=0, restarts=2, steps=150)
    assert res.result.feasible


def test_gives_up_with_one_line_error(server: tuple[str, FakeLLM]) -> None:
    url, fake = server
    fake.replies = ["no json here"] * 3
    with pytest.raises(LLMError, match="decomposition: no valid answer after 3 requests") as info:
        llm_spec("x", (5, 4), ASSETS, Endpoint(url, "m"), max_retries=2)
    assert "\n" not in str(info.value)


def test_extract_json_and_assets() -> None:
    assert extract_json('text {"a": 1} more') == {"a": 1}
    with pytest.raises(ValueError, match="no JSON"):
        extract_json("nothing")
    assert [a["id"] for a in parse_assets("chair x2, table")] == ["chair_0", "chair_1", "table_0"]


def test_wrong_typed_json_is_asked_again(server: tuple[str, FakeLLM]) -> None:
    url, fake = server
    fake.replies = [
        json.dumps({"units": [{"id": 1, "anchor": ["bed_0"], "members": "bed_0"}], "independent": 3}),
        json.dumps({"units": UNITS["units"], "independent": 7}),
        json.dumps(UNITS),
        json.dumps({"relations": [{"type": "left_of", "source": "nightstand_0", "sources": 5}]}),
        json.dumps(LOCAL),
        json.dumps(GLOBAL),
    ]
    spec, log = llm_spec("a bedroom", (5, 4), ASSETS, Endpoint(url, "m"))
    assert [u.id for u in spec.units] == ["sleeping", "work"] and len(fake.requests) == 6
    assert sum("invalid" in line for line in log) == 3
