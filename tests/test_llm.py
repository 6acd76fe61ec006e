"""The LLM augmentation backend against a local OpenAI-compatible server started by the test."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from oorkit.data.llm import LLMError, llm_augment, llm_similar_categories, parse_list
from oorkit.relations.context import Context

CONTEXT = Context("teapot_pours", "A teapot pouring tea into a teacup", "teacup", "teapot", "pour_into")


class FakeLLM:
    """Replies in order; records every request body."""

    def __init__(self, replies: list[Any]):
        self.replies = list(replies)
        self.requests: list[dict[str, Any]] = []


@pytest.fixture
def server() -> Iterator[tuple[str, FakeLLM]]:
    fake = FakeLLM([])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
            reply = fake.replies.pop(0)
            if isinstance(reply, int):
                self.send_response(reply)
                self.end_headers()
                return
            data = (
                reply.encode()
                if isinstance(reply, str) and reply.startswith("RAW:")
                else json.dumps({"choices": [{"message": {"role": "assistant", "content": reply}}]}).encode()
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data.removeprefix(b"RAW:"))

        def log_message(self, *args: Any) -> None:
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", fake
    httpd.shutdown()


def test_retries_with_the_violations_and_keeps_valid_sentences(server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url, fake = server
    monkeypatch.setenv("TEST_KEY", "sk-test")
    fake.replies = [
        json.dumps(
            [
                "A teapot pouring tea into a teacup on a table.",
                "Teapot pours tea.",
                "A teacup filled by a teapot.",
            ]
        ),
        "1. The teapot tilts over the teacup\n2. A teacup receiving tea from a teapot\n"
        "3. A teapot pouring tea into a teacup",
    ]
    prompts = llm_augment(CONTEXT, 3, base_url=url, model="m", api_key_env="TEST_KEY")
    assert [p.text for p in prompts] == [
        "A teacup filled by a teapot",
        "The teapot tilts over the teacup",
        "A teacup receiving tea from a teapot",
    ]
    assert all(p.source == "llm" for p in prompts)
    first = fake.requests[0]["body"]["messages"][0]["content"]
    assert 'must start with "A", "An", or "The"' in first and "a teapot and a teacup" in first
    assert fake.requests[0]["path"] == "/v1/chat/completions" and fake.requests[0]["auth"] == "Bearer sk-test"
    retry = fake.requests[1]["body"]["messages"][-1]["content"]
    assert "names other objects: table" in retry and "must start with 'A', 'An' or 'The'" in retry


def test_errors_are_one_line(server) -> None:  # type: ignore[no-untyped-def]
    url, fake = server
    fake.replies = [500]
    with pytest.raises(LLMError, match="HTTP 500"):
        llm_augment(CONTEXT, 3, base_url=url, model="m")
    fake.replies = ["RAW:not json"]
    with pytest.raises(LLMError, match="not JSON"):
        llm_augment(CONTEXT, 3, base_url=url, model="m")
    with pytest.raises(LLMError, match="cannot reach"):
        llm_augment(CONTEXT, 3, base_url="http://127.0.0.1:9/v1", model="m", timeout=2)


def test_similar_categories_keep_only_known_ones(server) -> None:  # type: ignore[no-untyped-def]
    url, fake = server
    fake.replies = ['["kettle", "samovar", "tea pot", "Mug"]']
    assert llm_similar_categories("teapot", CONTEXT.text, base_url=url, model="m") == ["kettle", "mug"]


def test_parse_list_is_forgiving() -> None:
    assert parse_list('Here you go: ["A b", "C d"]') == ["A b", "C d"]
    assert parse_list("['A b', 'C d']") == ["A b", "C d"]
    assert parse_list("Sentences:\n1) A b\n- C d\n• E f") == ["A b", "C d", "E f"]
