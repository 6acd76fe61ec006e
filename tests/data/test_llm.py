"""The LLM augmentation backend against a local OpenAI-compatible server started by the test."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from oorkit.data.llm import (
    Endpoint,
    LLMError,
    check_key_transport,
    llm_augment,
    llm_similar_categories,
    parse_list,
)
from oorkit.relations.context import Context

CONTEXT = Context("teapot_pours", "A teapot pouring tea into a teacup", "teacup", "teapot", "pour_into")


class FakeLLM:
    """Replies in order; records every request body.

    A reply is the assistant's text, an int (an empty HTTP error with that status), a (status, body)
    tuple, "RAW:..." (a raw 200 body) or a float (sleep that long, then reply with nothing useful).
    """

    def __init__(self, replies: list[Any]):
        self.replies = list(replies)
        self.requests: list[dict[str, Any]] = []


class QuietServer(ThreadingHTTPServer):
    """Daemon handler threads (a handler still sleeping after the timeout test must not hold up teardown)."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the timed-out client hung up: a broken pipe is expected


Server = tuple[str, FakeLLM]


@pytest.fixture
def server() -> Iterator[Server]:
    fake = FakeLLM([])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
            reply = fake.replies.pop(0)
            if isinstance(reply, float):
                time.sleep(reply)
                reply = 503
            status, data = 200, b""
            if isinstance(reply, int):
                status = reply
            elif isinstance(reply, tuple):
                status, data = reply[0], reply[1].encode()
            elif isinstance(reply, str) and reply.startswith("RAW:"):
                data = reply.removeprefix("RAW:").encode()
            else:
                data = json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": reply}}]}
                ).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", fake
    httpd.shutdown()


def test_retries_with_the_violations_and_keeps_valid_sentences(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
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
    prompts = llm_augment(CONTEXT, 3, Endpoint(url, "m", "TEST_KEY"))
    assert [p.text for p in prompts] == [
        "A teacup filled by a teapot",
        "The teapot tilts over the teacup",
        "A teacup receiving tea from a teapot",
    ]
    assert all(p.source == "llm" for p in prompts)
    first = fake.requests[0]["body"]["messages"][0]["content"]
    assert 'must start with "A", "An", or "The"' in first and "a teapot and a teacup" in first
    assert "Provide 3 English prompts in a single-line list format" in first
    assert "Do not include any objects other than the main two (teapot, teacup)" in first
    assert fake.requests[0]["path"] == "/v1/chat/completions" and fake.requests[0]["auth"] == "Bearer sk-test"
    retry = fake.requests[1]["body"]["messages"][-1]["content"]
    assert "names other objects: table" in retry and "must start with 'A', 'An' or 'The'" in retry


def test_errors_are_one_line(server: Server) -> None:
    url, fake = server
    cases: list[tuple[Any, str]] = [
        (500, "chat/completions: HTTP 500"),
        (
            (401, '{"error": {"message": "Incorrect API key\\nprovided"}}'),
            "HTTP 401 .*: Incorrect API key provided",
        ),
        ("RAW:not json", "HTTP 200 but the reply is not JSON \\(not json\\)"),
        ('RAW:{"choices": []}', "no choices\\[0\\].message.content"),
        ('RAW:{"choices": [{"message": {"content": null}}]}', "content is NoneType"),
    ]
    for reply, message in cases:
        fake.replies = [reply]
        with pytest.raises(LLMError, match=message) as info:
            llm_augment(CONTEXT, 3, Endpoint(url, "m"))
        assert "\n" not in str(info.value) and url in str(info.value)
    fake.replies = [0.6]
    with pytest.raises(LLMError, match=r"no reply within 0\.2 s"):
        llm_augment(CONTEXT, 3, Endpoint(url, "m", timeout=0.2))
    with pytest.raises(LLMError, match="cannot reach"):
        llm_augment(CONTEXT, 3, Endpoint("http://127.0.0.1:9/v1", "m", timeout=2))
    with pytest.raises(LLMError, match="must start with http"):
        llm_augment(CONTEXT, 3, Endpoint("localhost:8000/v1", "m"))


def test_gives_up_after_max_retries_with_what_it_has(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    url, fake = server
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    fake.replies = ['["A teapot above a teacup"]', "[]", "Sorry, I cannot help."]
    prompts = llm_augment(CONTEXT, 5, Endpoint(url, "m"), max_retries=2)
    assert [p.text for p in prompts] == ["A teapot above a teacup"]
    assert (
        len(fake.requests) == 3
        and "I still need 4 more" in fake.requests[2]["body"]["messages"][-1]["content"]
    )
    assert fake.requests[0]["auth"] is None  # no key in the environment: no Authorization header


def test_similar_categories_keep_only_known_ones(server: Server) -> None:
    url, fake = server
    fake.replies = ['["kettle", "samovar", "tea pot", "Mug"]', "1. Orange\n2. lemon\n3. apple"]
    found = llm_similar_categories("teapot", Endpoint(url, "m"), prompt=CONTEXT.text)
    assert found == ["kettle", "mug"]
    question = fake.requests[0]["body"]["messages"][0]["content"]
    assert "similar shape and scale to a teapot" in question and CONTEXT.text in question
    assert llm_similar_categories("apple", Endpoint(url, "m")) == ["orange", "lemon"]
    assert "to an apple." in fake.requests[1]["body"]["messages"][0]["content"]


def test_parse_list_is_forgiving() -> None:
    assert parse_list('Here you go: ["A b", "C d"]') == ["A b", "C d"]
    assert parse_list("['A b', 'C d']") == ["A b", "C d"]
    assert parse_list("Sentences:\n1) A b\n- C d\n• E f") == ["A b", "C d", "E f"]


def test_a_reply_over_the_size_cap_is_refused(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    url, fake = server
    monkeypatch.setattr("oorkit.data.llm.MAX_REPLY_BYTES", 1000)
    fake.replies = ["x" * 2000]
    with pytest.raises(LLMError, match="the reply is over"):
        llm_augment(CONTEXT, 3, Endpoint(url, "m"))


def test_the_api_key_goes_only_over_https_or_to_this_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_KEY", "sk-secret")
    monkeypatch.delenv("OORKIT_ALLOW_HTTP_KEY", raising=False)
    # Refused before any connection is made (the host does not exist).
    with pytest.raises(LLMError, match=r"refusing to send \$TEST_KEY over plain http to llm\.invalid"):
        llm_augment(CONTEXT, 3, Endpoint("http://llm.invalid/v1", "m", "TEST_KEY"))
    for url in (
        "https://llm.invalid/v1",
        "http://localhost:8000/v1",
        "http://127.0.0.1/v1",
        "http://[::1]/v1",
    ):
        check_key_transport(url + "/chat/completions")
    monkeypatch.setenv("OORKIT_ALLOW_HTTP_KEY", "1")
    check_key_transport("http://llm.invalid/v1/chat/completions")


def test_wrong_typed_lists_are_not_a_crash() -> None:
    assert parse_list("[" * 5000 + "]" * 5000) is not None
    assert parse_list('["a", 3, null]') == ["a", "3", "None"]
