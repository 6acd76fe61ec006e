"""LLM text augmentation through any OpenAI-compatible chat endpoint, with the paper's Fig. 12 prompt.

Every returned sentence is checked with the same rules as the offline augmenter (`validate_prompt`);
rejected ones are quoted back with their violations in the next request, up to `max_retries` times.
"""

from __future__ import annotations

import ast
import json
import os
import re
import urllib.error
import urllib.request

from oorkit.assets import Catalogue, get_category
from oorkit.data.augment import Prompt, validate_prompt
from oorkit.errors import OORKitError, UnknownCategoryError
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

SIMILAR_PROMPT = """List up to {k} everyday object categories whose shape and size are similar to a \
{category}, so that "{prompt}" would still describe the same spatial relationship with the {category} \
replaced. Answer with a single-line list of category names only."""


class LLMError(OORKitError):
    """The endpoint could not be reached or answered with something unusable."""


def chat(
    messages: list[dict[str, str]],
    *,
    base_url: str,
    model: str,
    api_key_env: str = "OPENAI_API_KEY",
    timeout: float = 60.0,
    temperature: float = 0.9,
) -> str:
    """One chat completion; the reply's text. One-line errors name the URL and the status."""
    url = base_url.rstrip("/") + "/chat/completions"
    body = json.dumps({"model": model, "messages": messages, "temperature": temperature}).encode()
    headers = {"Content-Type": "application/json"}
    key = os.environ.get(api_key_env)
    if key:
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = json.loads(response.read().decode())
    except urllib.error.HTTPError as exc:
        raise LLMError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise LLMError(f"{url}: cannot reach the endpoint ({getattr(exc, 'reason', exc)})") from None
    except json.JSONDecodeError:
        raise LLMError(f"{url}: the reply is not JSON") from None
    try:
        return str(payload["choices"][0]["message"]["content"])
    except (KeyError, IndexError, TypeError):
        raise LLMError(f"{url}: the reply has no choices[0].message.content") from None


def parse_list(reply: str) -> list[str]:
    """Sentences from a reply: a JSON or Python list, else one per line (numbering and bullets removed)."""
    match = re.search(r"\[.*\]", reply, re.DOTALL)
    if match:
        for parse in (json.loads, ast.literal_eval):
            try:
                items = parse(match.group(0))
            except (ValueError, SyntaxError):
                continue
            if isinstance(items, list):
                return [str(x).strip() for x in items if str(x).strip()]
    lines = [re.sub(r"^\s*(?:\d+[.)]|[-*•])\s*", "", line).strip().strip('"') for line in reply.splitlines()]
    return [line for line in lines if line and not line.endswith(":")]


def _clean(sentence: str) -> str:
    return sentence.strip().strip('"').rstrip(".").strip()


def llm_augment(
    context: Context,
    n: int = 50,
    *,
    base_url: str,
    model: str,
    api_key_env: str = "OPENAI_API_KEY",
    max_retries: int = 3,
    timeout: float = 60.0,
    temperature: float = 0.9,
    catalogue: Catalogue | None = None,
) -> list[Prompt]:
    """Up to n valid prompts for a context from an LLM (the canonical text is not included)."""
    obj1 = context.target.replace("_", " ")
    obj2 = context.base.replace("_", " ")
    messages = [
        {"role": "user", "content": FIG12_PROMPT.format(N=n, prompt=context.text, obj1=obj1, obj2=obj2)}
    ]
    kept: dict[str, Prompt] = {}
    for _ in range(max_retries + 1):
        reply = chat(
            messages,
            base_url=base_url,
            model=model,
            api_key_env=api_key_env,
            timeout=timeout,
            temperature=temperature,
        )
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
    prompt: str,
    *,
    base_url: str,
    model: str,
    k: int = 3,
    api_key_env: str = "OPENAI_API_KEY",
    timeout: float = 60.0,
    catalogue: Catalogue | None = None,
) -> list[str]:
    """Catalogue categories an LLM finds similar in shape and size (unknown names are dropped)."""
    name = get_category(category, catalogue).name
    text = SIMILAR_PROMPT.format(k=k, category=name.replace("_", " "), prompt=prompt)
    reply = chat(
        [{"role": "user", "content": text}],
        base_url=base_url,
        model=model,
        api_key_env=api_key_env,
        timeout=timeout,
        temperature=0.2,
    )
    found: list[str] = []
    for item in parse_list(reply):
        try:
            other = get_category(_clean(item), catalogue).name
        except UnknownCategoryError:
            continue
        if other != name and other not in found:
            found.append(other)
    return found[:k]
