"""`oor lift`: contexts → per-sample stages (Ray, a process pool or in-process) → a `lifted` dataset.

Resumable: finished samples are skipped (their manifests say so) and unfinished ones continue from their
last finished stage, so killing the command and starting it again redoes no finished work and gives the
same dataset.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from oorkit.data.format import PromptRow, SampleRow, write_dataset
from oorkit.errors import OORKitError
from oorkit.lift.config import LiftConfig
from oorkit.lift.stages import SampleSpec, read_manifest, run_sample, sample_folder
from oorkit.lift.store import atomic_write_json, read_json

WORK = "lift"


@dataclass
class LiftReport:
    """What a run produced: counts per outcome and per rejection reason, how it ran, φ errors."""

    samples: int
    accepted: int
    rejected: dict[str, int] = field(default_factory=dict)  # by the first check that failed
    failed_checks: dict[str, int] = field(default_factory=dict)  # every check that failed, per sample
    executor: str = "serial"
    ran: int = 0  # samples that had unfinished stages in this run
    sfm_backends: dict[str, int] = field(default_factory=dict)
    errors: dict[str, float] = field(default_factory=dict)  # medians vs ground truth (offline source)


def sample_seed(seed: int, context_id: str, index: int) -> int:
    """A per-sample seed independent of order and worker count."""
    return int(hashlib.sha256(f"{seed}:{context_id}:{index}".encode()).hexdigest()[:12], 16)


def plan(config: LiftConfig) -> list[SampleSpec]:
    """Every sample of every context, in a fixed order."""
    return [
        SampleSpec(c, k, sample_seed(config.seed, c.id, k)) for c in config.contexts for k in range(c.samples)
    ]


def _run_one(args: tuple[SampleSpec, LiftConfig, str, str]) -> tuple[str, str]:
    spec, config, root, run_id = args
    # One thread per library per worker: the workers are the parallelism.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    manifest = run_sample(spec, config, Path(root), run_id)
    return spec.id, str(manifest["status"])


def _executor(workers: int, ray_address: str | None) -> tuple[str, Callable[[list[Any]], Iterator[Any]]]:
    """(name, map function): Ray when installed (local, or the cluster at `ray_address`), else processes."""
    ray: Any
    try:
        ray = importlib.import_module("ray")
    except ImportError:
        ray = None
    if ray_address and ray is None:
        raise OORKitError("--ray-address needs Ray: pip install 'ray>=2.9'")
    if ray is not None and (ray_address or workers > 1):

        def ray_map(items: list[Any]) -> Iterator[Any]:
            started = not ray.is_initialized()
            if started and ray_address:
                ray.init(address=ray_address, log_to_driver=False)
            elif started:
                ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
            try:
                remote = ray.remote(num_cpus=1)(_run_one)
                pending = [remote.remote(item) for item in items]
                while pending:
                    done, pending = ray.wait(pending, num_returns=1)
                    yield ray.get(done[0])
            finally:
                if started:  # leave a Ray the caller started alone
                    ray.shutdown()

        return ("ray " + (ray_address or "local")), ray_map
    if workers > 1:

        def pool_map(items: list[Any]) -> Iterator[Any]:
            # spawn: forked children would inherit the parent's OpenGL/EGL state.
            with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
                futures = [pool.submit(_run_one, item) for item in items]
                for f in as_completed(futures):
                    yield f.result()

        return ("process pool (ray not installed)" if ray is None else "process pool"), pool_map

    def serial(items: list[Any]) -> Iterator[Any]:
        return (_run_one(item) for item in items)

    return "serial", serial


def run_lift(
    config: LiftConfig,
    out: str | Path,
    workers: int = 1,
    ray_address: str | None = None,
    progress: bool = True,
) -> LiftReport:
    """Lift every context of `config` into the dataset folder `out` (work files under out/lift)."""
    root = Path(out)
    work = root / WORK
    work.mkdir(parents=True, exist_ok=True)
    stamp = read_json(work / "config.json")
    if stamp is not None and stamp.get("fingerprint") != config.fingerprint():
        raise OORKitError(f"{root} holds a lift run with a different config; use another --out or delete it")
    atomic_write_json(work / "config.json", {"fingerprint": config.fingerprint()})
    specs = plan(config)
    todo = [
        s
        for s in specs
        if read_manifest(sample_folder(work, s)).get("status") not in ("accepted", "rejected")
    ]
    name, mapper = _executor(workers, ray_address)
    run_id = uuid.uuid4().hex[:12]
    bar = tqdm(
        total=len(specs), initial=len(specs) - len(todo), desc="lift", unit="sample", disable=not progress
    )
    for _ in mapper([(s, config, str(work), run_id) for s in todo]):
        bar.update(1)
    bar.close()
    report = collect(config, root, specs)
    report.executor, report.ran = name, len(todo)
    atomic_write_json(root / "lift_report.json", report.__dict__)
    return report


def collect(config: LiftConfig, root: Path, specs: Iterable[SampleSpec]) -> LiftReport:
    """Gather accepted samples into the dataset and count what each filter removed."""
    work = root / WORK
    rows, rejected, backends, checks = [], Counter[str](), Counter[str](), Counter[str]()
    errors: dict[str, list[float]] = {"rotation_deg": [], "translation": [], "scale": []}
    specs = list(specs)
    for s in specs:
        m = read_manifest(sample_folder(work, s))
        sfm = m["stages"].get("sfm", {}).get("info", {})
        if "backend" in sfm:
            backends[sfm["backend"]] += 1
        if m.get("status") != "accepted":
            rejected[str(m.get("reason", "unfinished"))] += 1
            if m.get("reason") in ("chamfer", "feature_agreement", "vlm"):
                checks.update(str(m.get("detail", "")).split(", "))
            else:
                checks[str(m.get("reason", "unfinished"))] += 1
            continue
        reg = read_json(sample_folder(work, s) / "registration.json")
        feats = m["stages"]["features"]["info"]
        ctx = s.context
        rows.append(
            SampleRow(
                ctx.id,
                ctx.text,
                ctx.base,
                ctx.target,
                np.asarray(reg["phi"]),
                feats["base_template"],
                feats["target_template"],
                "lifted",
                float(m["stages"]["filter"]["info"]["quality"]),
            )
        )
        for k, v in m["stages"]["register"]["info"].get("error", {}).items():
            errors[k].append(v)
    prompts = [PromptRow(c.id, c.text, c.base, c.target, "canonical") for c in config.contexts]
    if rows:
        write_dataset(
            root,
            rows,
            prompts,
            made_by={"command": "oor lift", "config": config.fingerprint(), "seed": config.seed},
        )
    return LiftReport(
        samples=len(specs),
        accepted=len(rows),
        rejected=dict(rejected),
        failed_checks=dict(checks),
        sfm_backends=dict(backends),
        errors={f"median_{k}": float(np.median(v)) for k, v in errors.items() if v},
    )
