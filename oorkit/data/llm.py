"""LLM text augmentation through any OpenAI-compatible chat endpoint, with the paper's Fig. 12 prompt.

Every returned sentence is checked with the same rules as the offline augmenter (`validate_prompt`);
rejected ones are quoted back with their violations in the next request, up to `max_retries` times.
"""

from __future__ import annotations

import ast
import http.client
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from oorkit.assets import Catalogue, get_category
from oorkit.data.augment import Prompt, article, validate_prompt
from oorkit.errors import OORKitError, UnknownCategoryError

if TYPE_CHECKING:  # importing oorkit.relations loads torch; only the type is needed here
    from oorkit.relations.context import Context

FIG12_PROMPT = """Provide {N} English prompts in a single-line list format that describe the situation of \
"{prompt}". Follow these steps sequentially to complete the task:

Step 1

Carefully check the following conditions:
1) Each sentence must start with "A", "An", or "The".

2) Each sentence must include both objects: a {obj1} and a {obj2}.

3) Either object can be the subject of the sentence (each can be the subject individually, or both can be \
the subject together).

4) Include a variety of sentence structures, such as active voice, passive voice, and noun phrases(e.g., \
'A basseball bat hitting a baseball.').

5) Do not include any objects other than the main two ({obj1}, {obj2}). Keep the sentences simple and avoid \
unnecessary embellishments.

6) If there are verbs that describe the same situation, use different words instead of using the same \
word in every sentence (increase variety). However, you must not force the use of words just to increase \
diversity. Choose words that are appropriate for the given situation of "{prompt}".

Step 2

After creating each sentence, carefully check whether it meets all the conditions. If any sentence does not \
satisfy the conditions, rewrite it."""

SIMILAR_PROMPT = """List up to {k} everyday object categories with a similar shape and scale to {a_category}\
{situation}. Answer with a single-line list of category names only."""
SIMILAR_SITUATION = """, such that each could replace the {category} in "{prompt}" and the sentence would \
still describe the same spatial relationship"""


def fig12_prompt(n: int, prompt: str, obj1: str, obj2: str) -> str:
    """The paper's Fig. 12 guided prompt, filled in ("a apple" corrected to "an apple")."""
    text = FIG12_PROMPT.format(N=n, prompt=prompt, obj1=obj1, obj2=obj2)
    return text.replace(f"a {obj1} and a {obj2}", f"{article(obj1)} {obj1} and {article(obj2)} {obj2}")


MAX_REPLY_BYTES = 8 * 2**20  # a chat completion is a few kB; a larger body is refused, not parsed


@dataclass(frozen=True)
class Endpoint:
    """An OpenAI-compatible chat-completions endpoint: base URL (…/v1), model, and where the API key is.

    The key is read from the environment variable `api_key_env` (local servers need none) and is sent only
    over https or to this machine (`check_key_transport`). HTTP 429 and 5xx are retried `retries` times.
    """

    base_url: str
    model: str
    api_key_env: str = "OPENAI_API_KEY"
    timeout: float = 60.0
    retries: int = 0

    def chat(
        self, messages: list[dict[str, Any]], temperature: float = 0.9, max_tokens: int | None = None
    ) -> str:
        """One chat completion at this endpoint; the reply's text."""
        return chat(
            messages,
            base_url=self.base_url,
            model=self.model,
            api_key_env=self.api_key_env,
            timeout=self.timeout,
            temperature=temperature,
            max_tokens=max_tokens,
            retries=self.retries,
        )


class LLMError(OORKitError):
    """The endpoint could not be reached or answered with something unusable."""


class MalformedReplyError(LLMError):
    """The endpoint answered, but not with a chat completion."""


def chat(
    messages: list[dict[str, Any]],
    *,
    base_url: str,
    model: str,
    api_key_env: str = "OPENAI_API_KEY",
    api_key: str | None = None,
    timeout: float = 60.0,
    temperature: float = 0.9,
    max_tokens: int | None = None,
    retries: int = 0,
) -> str:
    """One chat completion; the reply's text. One-line errors name the URL and the status.

    The key is `api_key`, else the variable `api_key_env` (local servers need none). HTTP 429 and 5xx
    are retried `retries` times with exponential back-off; other errors are not worth a retry.
    """
    url = base_url.rstrip("/") + "/chat/completions"
    if not url.startswith(("http://", "https://")):
        raise LLMError(f"{url}: the base URL must start with http:// or https://")
    key = api_key or os.environ.get(api_key_env)
    if key:
        check_key_transport(url, api_key_env)
    fields: dict[str, Any] = {"model": model, "messages": messages, "temperature": temperature}
    if max_tokens is not None:
        fields["max_tokens"] = max_tokens
    body = json.dumps(fields).encode()
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    for attempt in range(retries + 1):
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                raw = response.read(MAX_REPLY_BYTES + 1)
            if len(raw) > MAX_REPLY_BYTES:
                raise MalformedReplyError(f"{url}: the reply is over {MAX_REPLY_BYTES // 2**20} MiB")
            break
        except urllib.error.HTTPError as exc:
            if (exc.code == 429 or exc.code >= 500) and attempt < retries:
                time.sleep(min(2.0**attempt, 10.0))
                continue
            raise LLMError(f"{url}: HTTP {exc.code} {exc.reason}{_error_detail(exc)}") from None
        except TimeoutError:
            raise LLMError(f"{url}: no reply within {timeout:g} s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise LLMError(f"{url}: no reply within {timeout:g} s") from None
            raise LLMError(f"{url}: cannot reach the endpoint ({exc.reason})") from None
        except (OSError, http.client.HTTPException) as exc:
            raise LLMError(f"{url}: the connection failed ({type(exc).__name__}: {exc})") from None
    try:
        payload = json.loads(raw.decode())
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        raise MalformedReplyError(f"{url}: HTTP 200 but the reply is not JSON ({_snippet(raw)})") from None
    try:
        content = payload["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise MalformedReplyError(
            f"{url}: HTTP 200 but the reply has no choices[0].message.content"
        ) from None
    if not isinstance(content, str):
        raise MalformedReplyError(
            f"{url}: HTTP 200 but choices[0].message.content is {type(content).__name__}"
        )
    return content


def check_key_transport(url: str, api_key_env: str = "the API key") -> None:
    """An API key goes only over https or to this machine, unless OORKIT_ALLOW_HTTP_KEY=1 says otherwise."""
    parts = urllib.parse.urlsplit(url)
    local = parts.hostname in ("localhost", "127.0.0.1", "::1") or (parts.hostname or "").startswith("127.")
    if parts.scheme == "https" or local or os.environ.get("OORKIT_ALLOW_HTTP_KEY") == "1":
        return
    raise LLMError(
        f"{url}: refusing to send ${api_key_env} over plain http to {parts.hostname}; use https or a local "
        "server, or set OORKIT_ALLOW_HTTP_KEY=1 on a trusted network"
    )


def _snippet(raw: bytes, limit: int = 120) -> str:
    """The start of a body on one line, for error messages."""
    text = " ".join(raw.decode(errors="replace").split())
    return text[:limit] + ("…" if len(text) > limit else "") or "empty body"


def _error_detail(exc: urllib.error.HTTPError) -> str:
    """The server's own error message (OpenAI shape: {"error": {"message": ...}}), if any, on one line."""
    try:
        raw = exc.read(64 * 1024)
    except OSError:
        return ""
    try:
        message = json.loads(raw)["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return f": {_snippet(raw)}" if raw.strip() else ""
    return f": {_snippet(str(message).encode())}"


def parse_list(reply: str) -> list[str]:
    """Sentences from a reply: a JSON or Python list, else one per line (numbering and bullets removed)."""
    match = re.search(r"\[.*\]", reply, re.DOTALL)
    if match:
        for parse in (json.loads, ast.literal_eval):
            try:
                items = parse(match.group(0))
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
            if isinstance(items, list):
                return [str(x).strip() for x in items if str(x).strip()]
    lines = [re.sub(r"^\s*(?:\d+[.)]|[-*•])\s*", "", line).strip().strip('"') for line in reply.splitlines()]
    return [line for line in lines if line and not line.endswith(":")]


def _clean(sentence: str) -> str:
    return sentence.strip().strip('"').rstrip(".").strip()


def llm_augment(
    context: Context,
    n: int,
    endpoint: Endpoint,
    *,
    max_retries: int = 3,
    temperature: float = 0.9,
    catalogue: Catalogue | None = None,
) -> list[Prompt]:
    """Up to n valid prompts for a context from an LLM (the canonical text is not included)."""
    obj1 = context.target.replace("_", " ")
    obj2 = context.base.replace("_", " ")
    messages = [{"role": "user", "content": fig12_prompt(n, context.text, obj1, obj2)}]
    kept: dict[str, Prompt] = {}
    for _ in range(max_retries + 1):
        reply = endpoint.chat(messages, temperature=temperature)
        rejected = []
        for sentence in map(_clean, parse_list(reply)):
            problems = validate_prompt(sentence, context.base, context.target, catalogue)
            if problems:
                rejected.append(f'"{sentence}": {"; ".join(problems)}')
            elif sentence.lower() != context.text.lower():
                kept.setdefault(sentence.lower(), Prompt(sentence, context.base, context.target, "llm"))
        if len(kept) >= n:
            break
        feedback = f"I still need {n - len(kept)} more sentences that follow every condition."
        if rejected:
            feedback += " These broke the conditions:\n" + "\n".join(rejected[:20])
        messages += [{"role": "assistant", "content": reply}, {"role": "user", "content": feedback}]
    return list(kept.values())[:n]


def llm_similar_categories(
    category: str,
    endpoint: Endpoint,
    *,
    prompt: str | None = None,
    k: int = 3,
    catalogue: Catalogue | None = None,
) -> list[str]:
    """Catalogue categories an LLM finds similar in shape and scale (unknown names are dropped).

    With `prompt` (the context's text) the LLM is asked for stand-ins that keep that relationship.
    """
    name = get_category(category, catalogue).name
    noun = name.replace("_", " ")
    situation = SIMILAR_SITUATION.format(category=noun, prompt=prompt) if prompt else ""
    text = SIMILAR_PROMPT.format(k=k, a_category=f"{article(noun)} {noun}", situation=situation)
    reply = endpoint.chat([{"role": "user", "content": text}], temperature=0.2)
    found: list[str] = []
    for item in parse_list(reply):
        try:
            other = get_category(_clean(item), catalogue).name
        except UnknownCategoryError:
            continue
        if other != name and other not in found:
            found.append(other)
    return found[:k]
