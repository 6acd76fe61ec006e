"""The category catalogue, canonical spaces and template meshes."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from oorkit.assets import (
    builtin_catalogue,
    canonicalize,
    category_templates,
    get_category,
    get_template,
    load_catalogue,
    load_mesh_file,
    load_template_mesh,
    load_user_assets,
    orientation_matrix,
    scale_normalize,
)
from oorkit.assets.procedural import build, generators
from oorkit.errors import InvalidFileError, UnknownCategoryError

CATALOGUE = builtin_catalogue()
CATEGORIES = sorted(CATALOGUE.categories)


def test_catalogue_covers_everyday_groups() -> None:
    assert len(CATALOGUE) >= 80
    groups = {c.group for c in CATALOGUE.categories.values()}
    assert {
        "kitchen",
        "food",
        "dining",
        "office",
        "living_room",
        "bedroom",
        "bathroom",
        "tools",
        "sports",
    } <= groups
    assert set(generators()) == set(CATALOGUE.categories), (
        "every category needs exactly one procedural generator"
    )


@pytest.mark.parametrize("name", CATEGORIES)
def test_default_template_is_canonical(name: str) -> None:
    mesh = load_template_mesh(name)
    assert len(mesh.faces) > 0
    assert mesh.extents.max() == pytest.approx(1.0, abs=1e-6)
    np.testing.assert_allclose(mesh.bounds.mean(0), 0.0, atol=1e-6)


@pytest.mark.parametrize("name", CATEGORIES)
def test_procedural_template_matches_size_prior(name: str) -> None:
    size = np.asarray(CATALOGUE.categories[name].size)
    mesh = build(name)
    assert len(mesh.faces) < 20000
    ratio = mesh.extents / size
    assert np.all((ratio > 0.75) & (ratio < 1.25)), f"{name}: extents {mesh.extents} vs prior {size}"
    varied = build(name, np.random.default_rng(7))
    assert np.all(np.abs(varied.extents / size - 1) < 0.35), f"{name}: variation drifts too far"


def test_package_templates_have_licences_and_load() -> None:
    found = [t for ts in CATALOGUE.templates.values() for t in ts if t.source == "package"]
    assert {"mug/pybullet", "teapot/panda3d", "rubber_duck/pybullet"} <= {t.id for t in found}
    for t in found:
        assert t.licence and "OORKit" not in t.licence
        if t.available():
            mesh = load_template_mesh(t)
            assert mesh.extents.max() == pytest.approx(1.0, abs=1e-6)
    # Real meshes from required packages are the default; robosuite (optional) never changes a default.
    assert category_templates("teapot")[0].id == "teapot/panda3d"
    assert category_templates("bottle")[0].id == "bottle/procedural"


def test_teapot_from_panda3d_is_upright_with_spout_along_x() -> None:
    mesh = load_template_mesh("teapot/panda3d")
    # The Utah teapot is longest along its spout–handle axis and lower than it is long.
    assert mesh.extents[0] == pytest.approx(1.0)
    assert mesh.extents[1] < mesh.extents[2] < 1.0


def test_category_lookup_by_synonym_and_errors() -> None:
    assert get_category("Teddy Bear").name == "teddy_bear"
    assert get_category("computer mouse").name == "mouse"
    with pytest.raises(UnknownCategoryError, match=r"did you mean.*teapot"):
        get_category("teapt")
    with pytest.raises(UnknownCategoryError, match="oor assets list"):
        get_category("zzzz")
    with pytest.raises(UnknownCategoryError):
        get_template("mug/nonexistent")


def test_canonicalize_turns_up_and_front() -> None:
    # A z-up box that is long along x, tall along z: after up=+z, front=-y it is tall along y.
    mesh = trimesh.creation.box(extents=[2.0, 1.0, 4.0])
    mesh.apply_translation([5, 5, 5])
    canonical, info = canonicalize(mesh, up="+z", front="-y")
    np.testing.assert_allclose(canonical.extents, [0.5, 1.0, 0.25])
    np.testing.assert_allclose(canonical.bounds.mean(0), 0, atol=1e-12)
    assert info.scale == pytest.approx(0.25)
    assert np.linalg.det(orientation_matrix("+z", "-y")) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="different axes"):
        orientation_matrix("+y", "-y")
    normalized = scale_normalize(canonical)
    np.testing.assert_allclose(normalized.extents, 1.0)


def test_user_assets(tmp_path) -> None:  # type: ignore[no-untyped-def]
    trimesh.creation.box(extents=[40.0, 90.0, 20.0]).export(tmp_path / "locker.obj")
    trimesh.creation.icosphere().export(tmp_path / "ball.ply")
    (tmp_path / "manifest.yaml").write_text(
        "assets:\n"
        "  - {file: locker.obj, category: locker, units: cm}\n"
        "  - {file: ball.ply, category: basketball, up: +z, front: -y}\n"
    )
    categories, _ = load_user_assets(tmp_path)
    assert [c.name for c in categories] == ["locker"]
    np.testing.assert_allclose(categories[0].size, [0.4, 0.9, 0.2])
    catalogue = load_catalogue([tmp_path])
    assert category_templates("basketball", catalogue)[0].source == "user"
    assert load_template_mesh(category_templates("locker", catalogue)[0]).extents.max() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (None, "no manifest"),
        ("assets: 3\n", "'assets' list"),
        ("assets:\n  - {file: x.obj}\n", "needs 'file' and 'category'"),
        ("assets:\n  - {file: x.txt, category: mug}\n", "not a supported mesh"),
        ("assets:\n  - {file: x.obj, category: gizmo}\n", "needs 'size'"),
        ("assets:\n  - {file: x.obj, category: mug, units: furlongs}\n", "unknown units"),
    ],
)
def test_user_asset_errors(tmp_path, manifest: str | None, message: str) -> None:  # type: ignore[no-untyped-def]
    trimesh.creation.box().export(tmp_path / "x.obj")
    if manifest is not None:
        (tmp_path / "manifest.yaml").write_text(manifest)
    with pytest.raises(InvalidFileError, match=message):
        load_user_assets(tmp_path)


def test_unreadable_mesh(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "broken.glb"
    bad.write_bytes(b"definitely not a glb")
    with pytest.raises(InvalidFileError, match="cannot read mesh"):
        load_mesh_file(bad)
    with pytest.raises(InvalidFileError, match="no such mesh"):
        load_mesh_file(tmp_path / "missing.obj")


def test_every_category_renders_with_a_non_empty_mask() -> None:
    from oorkit.render import render_views

    empty = []
    for name in CATEGORIES:
        mesh = load_template_mesh(name)
        # At its real-world size prior, from the front-top: what `oor assets show` does.
        transform = np.diag([*CATALOGUE.categories[name].size, 1.0])
        result = render_views(
            [scale_normalize(mesh)], transform[None], n_views=2, resolution=(48, 48), elevation_deg=35.0
        )
        if not (result.instance == 0).any(axis=(1, 2)).all():
            empty.append(name)
    assert not empty, f"categories with an empty mask in some view: {empty}"
