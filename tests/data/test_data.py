"""The dataset format, splits, normalisation, the torch Dataset and the track importer."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import trimesh

from oorkit.assets import canonicalize, scale_normalize
from oorkit.data.dataset import OORDataset, samples_per_context
from oorkit.data.format import (
    PromptRow,
    SampleRow,
    context_split,
    read_info,
    read_samples,
    write_dataset,
)
from oorkit.data.stats import compute_stats, denormalize, load_stats, normalize
from oorkit.data.tracks import TrackedObject, read_tracks, tracks_to_samples
from oorkit.errors import InvalidFileError
from oorkit.geometry import apply, make_transform, matrix_to_quat, random_rotation
from oorkit.oor import from_instance_transforms


def toy_dataset(tmp_path, n_contexts: int = 30, per_context: int = 5):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    samples, prompts = [], []
    for c in range(n_contexts):
        cid = f"ctx_{c:03d}"
        for _ in range(per_context):
            phi = rng.normal(size=15) + c
            phi[9:] = np.abs(phi[9:]) + 0.1
            samples.append(SampleRow(cid, f"A mug on a table {c}", "table", "mug", phi, "table/procedural"))
        prompts += [
            PromptRow(cid, f"A mug on a table {c}", "table", "mug", "canonical", False),
            PromptRow(cid, f"A mug resting on a table {c}", "table", "mug", "template", False),
            PromptRow(cid, f"A cup on a table {c}", "table", "teacup", "substitution", True),
        ]
    write_dataset(tmp_path, samples, prompts, {"command": "test"})
    return samples


def test_round_trip_splits_and_stats(tmp_path) -> None:  # type: ignore[no-untyped-def]
    samples = toy_dataset(tmp_path)
    info = read_info(tmp_path)
    assert info.counts["samples"] == 150 and info.counts["contexts"] == 30
    assert sorted(c for cs in info.splits.values() for c in cs) == sorted({s.context_id for s in samples})
    assert all(context_split(c) == split for split, cs in info.splits.items() for c in cs)
    assert len(info.splits["train"]) > len(info.splits["val"]) and info.splits["test"]
    table = read_samples(tmp_path).to_pydict()
    np.testing.assert_allclose(np.asarray(table["phi"]), np.asarray([s.phi for s in samples]))
    train = set(info.splits["train"])
    stats = load_stats(tmp_path / "stats.json")
    expected = compute_stats(np.asarray([s.phi for s in samples if s.context_id in train]))
    np.testing.assert_allclose(stats.mean, expected.mean)
    assert samples_per_context(tmp_path)["ctx_000"] == 5


def test_torch_dataset(tmp_path) -> None:  # type: ignore[no-untyped-def]
    toy_dataset(tmp_path)
    train = OORDataset(tmp_path, "train")
    test = OORDataset(tmp_path, "test")
    assert not set(train.context_ids) & set(test.context_ids)
    item = train[0]
    assert item["phi"].shape == (15,) and item["phi"].dtype == torch.float32
    assert item["prompt"].startswith("A mug") and item["target"] == "mug"
    # Normalised over the training split: roughly zero mean, unit std there.
    assert train.phi.mean(0).abs().max() < 1e-4
    raw = OORDataset(tmp_path, "train", standardize=False)
    np.testing.assert_allclose(denormalize(train.phi.double(), train.stats), raw.phi.double(), atol=1e-4)
    held = OORDataset(tmp_path, "train", prompts="held_out")
    assert {held[i]["prompt"].split(" on ")[0] for i in range(len(held))} == {"A cup"}
    assert held[0]["target"] == "teacup"
    loader = torch.utils.data.DataLoader(train, batch_size=8, shuffle=True)
    batch = next(iter(loader))
    assert batch["phi"].shape == (8, 15) and len(batch["prompt"]) == 8


def test_normalize_round_trip() -> None:
    phi = np.random.default_rng(1).normal(size=(20, 15))
    stats = compute_stats(phi)
    np.testing.assert_allclose(denormalize(normalize(phi, stats), stats), phi)
    with pytest.raises(ValueError):
        compute_stats(np.zeros((3, 14)))


def test_pinned_splits_override_the_hash(tmp_path) -> None:  # type: ignore[no-untyped-def]
    samples = toy_dataset(tmp_path)
    held = sorted({s.context_id for s in samples if context_split(s.context_id) != "train"})
    info = write_dataset(tmp_path, samples, [], pinned_splits={held[0]: "train", "ctx_000": "test"})
    assert held[0] in info.splits["train"] and "ctx_000" in info.splits["test"]
    assert all(context_split(c) == "train" for c in info.splits["train"] if c != held[0])
    with pytest.raises(InvalidFileError, match="pinned splits"):
        write_dataset(tmp_path, samples, [], pinned_splits={"ctx_000": "dev"})


def test_invalid_rows_and_dirs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="15 finite"):
        write_dataset(tmp_path, [SampleRow("c", "t", "a", "b", np.zeros(14))], [])
    with pytest.raises(ValueError, match="source"):
        write_dataset(tmp_path, [SampleRow("c", "t", "a", "b", np.ones(15), source="dreamed")], [])
    with pytest.raises(InvalidFileError, match="oor data build"):
        read_info(tmp_path / "nothing")


def test_track_import_with_bbox_sizes() -> None:
    rng = np.random.default_rng(2)
    base = make_transform(random_rotation(12).numpy(), rng.normal(size=(12, 3)))
    target = make_transform(random_rotation(12).numpy(), rng.normal(size=(12, 3)))
    sb, st = (1.6, 0.75, 0.9), (0.1, 0.1, 0.08)
    rows = tracks_to_samples(
        base, target, TrackedObject("table", size=sb), TrackedObject("mug", size=st), "c", "t"
    )
    expected = from_instance_transforms(base @ np.diag([*sb, 1]), target @ np.diag([*st, 1]))
    np.testing.assert_allclose(np.asarray([r.phi for r in rows]), expected, atol=1e-9)
    kept = tracks_to_samples(
        base,
        target,
        TrackedObject("table", size=sb),
        TrackedObject("mug", size=st),
        "c",
        "t",
        keep_middle=0.5,
    )
    assert len(kept) == 6
    np.testing.assert_allclose(kept[0].phi, rows[3].phi)


def test_track_import_with_mesh_in_its_own_frame(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A z-up mesh in centimetres, off its origin; the tracked pose maps its frame (scaled to metres) → world.
    mesh = trimesh.creation.box(extents=[30.0, 10.0, 50.0])
    mesh.apply_translation([3.0, -2.0, 25.0])
    mesh.export(tmp_path / "thing.obj")
    obj = TrackedObject("thing", mesh=str(tmp_path / "thing.obj"), up="+z", front="-y", units="cm")
    pose = make_transform(random_rotation(1).numpy()[0], np.array([1.0, 2.0, 3.0]))
    world = apply(pose, mesh.vertices * 0.01)
    canonical, _ = canonicalize(mesh, "+z", "-y")
    via_canonical = apply(pose @ obj.canonical_from_mesh_frame(), scale_normalize(canonical).vertices)
    np.testing.assert_allclose(via_canonical, world, atol=1e-9)


def test_track_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(3)
    r = random_rotation(4).numpy()
    q = matrix_to_quat(r)
    p = rng.normal(size=(4, 3))
    np.savez(tmp_path / "t.npz", base_position=p, base_quaternion=q, target=make_transform(r, p))
    base, target = read_tracks(tmp_path / "t.npz")
    np.testing.assert_allclose(base, target, atol=1e-9)
    lines = ["frame,object,x,y,z,qx,qy,qz,qw"]
    for i in range(4):
        for obj in ("base", "target"):
            lines.append(",".join([str(i), obj, *map(str, p[i]), *map(str, q[i])]))
    (tmp_path / "t.csv").write_text("\n".join(lines))
    base_csv, _ = read_tracks(tmp_path / "t.csv")
    np.testing.assert_allclose(base_csv, base, atol=1e-9)
    (tmp_path / "bad.csv").write_text("frame,object,x\n0,base,1\n")
    with pytest.raises(InvalidFileError, match="header"):
        read_tracks(tmp_path / "bad.csv")
    np.savez(tmp_path / "bad.npz", base=np.zeros((3, 3)))
    with pytest.raises(InvalidFileError, match="'base' must be"):
        read_tracks(tmp_path / "bad.npz")
    (tmp_path / "x.txt").write_text("")
    with pytest.raises(InvalidFileError, match=r"\.npz or \.csv"):
        read_tracks(tmp_path / "x.txt")
