"""Options several commands share: `--seed`, `--device`, `--out` (checked before work starts), endpoints."""

from __future__ import annotations

import functools
import inspect
import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from oorkit.errors import OORKitError

# The options of an OpenAI-compatible endpoint, shared by `layout --llm`, `data augment` and `eval vlm`.
BaseUrl = Annotated[
    str | None,
    typer.Option("--base-url", help="OpenAI-compatible endpoint (…/v1), e.g. http://localhost:8000/v1."),
]
ChatModel = Annotated[str | None, typer.Option("--model", help="Chat model name at --base-url, e.g. gpt-4o.")]
ApiKeyEnv = Annotated[
    str,
    typer.Option(
        "--api-key-env", help="Environment variable holding the API key (sent only over https or locally)."
    ),
]
MAX_SEED = 2**32 - 1  # every generator we seed takes it, and seed + offsets stay within 64 bits
_DEVICE = re.compile(r"(cpu|cuda|mps)(?::(\d+))?")


def check_seed(seed: int | None) -> None:
    """A seed is an integer in [0, 2**32 - 1]."""
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise OORKitError(f"--seed {seed}: a seed is an integer from 0 to {MAX_SEED}")


def check_device(device: str | None) -> None:
    """`cpu`, `cuda`, `cuda:N` or `mps`, and present on this machine."""
    if device is None or device == "cpu":
        return
    match = _DEVICE.fullmatch(device)
    if match is None:
        raise OORKitError(f"--device {device!r}: expected cpu, cuda, cuda:N or mps")
    import torch

    kind, index = match.group(1), int(match.group(2) or 0)
    if kind == "cuda" and not torch.cuda.is_available():
        raise OORKitError(f"--device {device}: no CUDA device is available (use --device cpu)")
    if kind == "cuda" and index >= torch.cuda.device_count():
        raise OORKitError(f"--device {device}: only {torch.cuda.device_count()} CUDA device(s) here")
    if kind == "mps" and not torch.backends.mps.is_available():
        raise OORKitError(f"--device {device}: no Apple MPS device is available (use --device cpu)")


def check_output(path: Path | None, is_file: bool = False) -> None:
    """`--out` is a folder (a file with `is_file`) that can be made: not under a file, in a writable place."""
    if path is None:
        return
    if path.exists():
        if is_file and path.is_dir():
            raise OORKitError(f"--out {path}: is a folder, expected a file name")
        if not is_file and not path.is_dir():
            raise OORKitError(f"--out {path}: is a file, expected a folder")
    existing = path.parent if is_file or not path.exists() else path
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise OORKitError(f"--out {path}: {existing} is a file, so nothing can be written under it")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OORKitError(f"--out {path}: {existing} is not writable")


def _file_output(fn: Callable[..., Any]) -> bool:
    # An `--out` whose default has a suffix (asset.png) names a file; the others name a folder.
    param = inspect.signature(fn).parameters.get("out")
    return param is not None and isinstance(param.default, Path) and bool(param.default.suffix)


def checked(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a command so that its `seed`, `device` and `out` options are checked before it runs."""
    file_output = _file_output(fn)

    @functools.wraps(fn)
    def wrapper(**kwargs: Any) -> Any:
        for name, value in kwargs.items():
            if isinstance(value, float) and not math.isfinite(value):
                raise OORKitError(f"--{name.replace('_', '-')} {value}: expected a finite number")
        check_seed(kwargs.get("seed"))
        check_device(kwargs.get("device"))
        check_output(kwargs.get("out"), is_file=file_output)
        return fn(**kwargs)

    return wrapper
