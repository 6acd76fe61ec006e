"""Tests for oorkit.render export: GLB, USD and PLY round trips and input checking."""

from __future__ import annotations

import json
import math
import struct
import sys

import numpy as np
import pytest
import trimesh
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from oorkit.render import export_glb, export_ply, export_usd
from oorkit.render.renderer import _linear_to_srgb

RED = (200, 40, 35, 255)
BLUE = (50, 90, 180, 255)
GREEN = (60, 150, 60, 255)


def pose(
    translation=(0.0, 0.0, 0.0), scale=(1.0, 1.0, 1.0), axis=(0.0, 1.0, 0.0), angle_deg=0.0
) -> np.ndarray:
    """x ↦ R·(s ⊙ x) + t as a 4x4."""
    m = trimesh.transformations.rotation_matrix(math.radians(angle_deg), axis)
    m[:3, :3] = m[:3, :3] @ np.diag(scale)
    m[:3, 3] = translation
    return m


def two_tone_box() -> trimesh.Trimesh:
    """Unit box, red with a green +y face: neighbouring faces of different colour share vertices."""
    box = trimesh.creation.box(extents=(0.4, 0.2, 0.3))
    colors = np.tile(np.asarray(RED, dtype=np.uint8), (len(box.faces), 1))
    colors[box.face_normals[:, 1] > 0.5] = GREEN
    box.visual.face_colors = colors
    return box


def blue_sphere() -> trimesh.Trimesh:
    sphere = trimesh.creation.icosphere(subdivisions=2, radius=0.1)
    sphere.visual.face_colors = BLUE
    return sphere


def textured_quad() -> trimesh.Trimesh:
    quad = trimesh.Trimesh(
        vertices=[[-0.5, -0.5, 0], [0.5, -0.5, 0], [0.5, 0.5, 0], [-0.5, 0.5, 0]],
        faces=[[0, 1, 2], [0, 2, 3]],
        process=False,
    )
    image = np.zeros((4, 8, 3), dtype=np.uint8)
    image[:, :4] = (220, 30, 30)
    image[:, 4:] = (30, 200, 30)
    uv = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    quad.visual = trimesh.visual.TextureVisuals(uv=uv, image=Image.fromarray(image))
    return quad


@pytest.fixture
def scene_objects() -> tuple[list[str], list[trimesh.Trimesh], list[np.ndarray]]:
    names = ["table box", "sphere", "poster"]
    meshes = [two_tone_box(), blue_sphere(), textured_quad()]
    transforms = [
        pose((0.1, 0.2, -0.3), (1.5, 0.7, 1.2), (0.3, 1.0, 0.2), 35.0),  # anisotropic + rotation
        pose((0.6, 0.1, 0.0)),
        pose((0.0, 1.0, -0.5), (0.5, 0.5, 0.5), (1.0, 0.0, 0.0), -10.0),
    ]
    return names, meshes, transforms


def world_triangles(mesh: trimesh.Trimesh, transform: np.ndarray) -> np.ndarray:
    return trimesh.transform_points(mesh.vertices, transform)[mesh.faces]


def loaded_face_colors(geom: trimesh.Trimesh) -> np.ndarray:
    """sRGB face colours of a mesh loaded from our GLB (vertex colours or material colour, linear)."""
    visual = geom.visual
    if "color" in visual.vertex_attributes:
        linear = np.asarray(visual.vertex_attributes["color"])[geom.faces[:, 0]]
    else:
        linear = np.tile(np.asarray(visual.material.baseColorFactor), (len(geom.faces), 1))
    return np.round(_linear_to_srgb(linear[:, :3] / 255.0) * 255.0)


# --------------------------------------------------------------------------------------------------------
# GLB
# --------------------------------------------------------------------------------------------------------


def test_glb_round_trip(tmp_path, scene_objects) -> None:
    names, meshes, transforms = scene_objects
    path = export_glb(names, meshes, transforms, tmp_path / "scene.glb")
    assert path.is_file()
    loaded = trimesh.load(path)
    assert isinstance(loaded, trimesh.Scene)
    assert set(names) <= set(loaded.graph.nodes_geometry)
    for name, mesh, transform in zip(names, meshes, transforms, strict=True):
        matrix, geom_name = loaded.graph[name]
        np.testing.assert_allclose(matrix, transform, atol=1e-9)
        geom = loaded.geometry[geom_name]
        # Geometry stays in the object frame; node matrix x geometry = the input object in the world.
        np.testing.assert_allclose(world_triangles(geom, matrix), world_triangles(mesh, transform), atol=1e-5)

    # Face colours survive exactly per face (vertices are split where colours meet).
    box = loaded.geometry[loaded.graph["table box"][1]]
    expected = np.asarray(meshes[0].visual.face_colors)[:, :3]
    np.testing.assert_allclose(loaded_face_colors(box), expected, atol=2)
    sphere = loaded.geometry[loaded.graph["sphere"][1]]
    np.testing.assert_allclose(loaded_face_colors(sphere), np.tile(BLUE[:3], (len(sphere.faces), 1)), atol=2)
    # Non-metallic, so viewers without an environment map do not render it black.
    assert box.visual.material.metallicFactor == 0.0

    # The texture is embedded and the UVs survive.
    quad = loaded.geometry[loaded.graph["poster"][1]]
    image = quad.visual.material.baseColorTexture
    assert image is not None and image.size == (8, 4)
    uv_by_corner = quad.visual.uv[quad.faces]
    np.testing.assert_allclose(uv_by_corner, meshes[2].visual.uv[meshes[2].faces], atol=1e-6)


@settings(max_examples=15, deadline=None)
@given(
    axis=st.tuples(*[st.floats(-1, 1)] * 3).filter(lambda a: np.linalg.norm(a) > 0.1),
    angle=st.floats(-180, 180),
    scale=st.tuples(*[st.floats(0.05, 5.0)] * 3),
    translation=st.tuples(*[st.floats(-10, 10)] * 3),
)
def test_glb_node_matrix_round_trip(tmp_path_factory, axis, angle, scale, translation) -> None:
    transform = pose(translation, scale, axis, angle)
    mesh = two_tone_box()
    path = export_glb(["obj"], [mesh], [transform], tmp_path_factory.mktemp("glb") / "one.glb")
    loaded = trimesh.load(path)
    matrix, geom_name = loaded.graph["obj"]
    np.testing.assert_allclose(matrix, transform, atol=1e-9)
    geom = loaded.geometry[geom_name]
    np.testing.assert_allclose(
        world_triangles(geom, matrix),
        world_triangles(mesh, transform),
        atol=1e-5 * max(1, max(scale)) + 1e-5 * np.abs(translation).max(),
    )


def glb_json(path) -> dict:
    """The JSON chunk of a GLB file."""
    data = path.read_bytes()
    (length,) = struct.unpack("<I", data[12:16])
    return json.loads(data[20 : 20 + length])


def test_glb_node_names_are_written_verbatim(tmp_path) -> None:
    names = ["world", "mug #2", "b"]  # "world" is also trimesh's root frame name
    transforms = [np.eye(4), pose((1.0, 0, 0)), pose((0, 2.0, 0))]
    path = export_glb(names, [blue_sphere()] * 3, transforms, tmp_path / "w.glb")
    gltf = glb_json(path)
    nodes = gltf["nodes"]
    assert sorted(n["name"] for n in nodes) == sorted(names)
    for node in nodes:
        if "matrix" in node:
            expected = transforms[names.index(node["name"])]
            np.testing.assert_allclose(np.reshape(node["matrix"], (4, 4)).T, expected)
    assert all(m["pbrMetallicRoughness"]["metallicFactor"] == 0.0 for m in gltf["materials"])


def test_glb_keeps_objects_without_faces_as_posed_nodes(tmp_path) -> None:
    transform = pose((0.0, 1.0, 0.0))
    path = export_glb(
        ["empty", "ball"], [trimesh.Trimesh(), blue_sphere()], [transform, np.eye(4)], tmp_path / "e.glb"
    )
    nodes = {n["name"]: n for n in glb_json(path)["nodes"]}
    assert "mesh" not in nodes["empty"] and "mesh" in nodes["ball"]
    np.testing.assert_allclose(np.reshape(nodes["empty"]["matrix"], (4, 4)).T, transform)


# --------------------------------------------------------------------------------------------------------
# USD
# --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".usda", ".usdc", ".usdz"])
def test_usd_round_trip(tmp_path, scene_objects, suffix) -> None:
    pxr = pytest.importorskip("pxr")
    from pxr import Usd, UsdGeom

    names, meshes, transforms = scene_objects
    path = export_usd(names, meshes, transforms, tmp_path / f"scene{suffix}")
    stage = Usd.Stage.Open(str(path))
    assert stage is not None and pxr is not None
    assert UsdGeom.GetStageUpAxis(stage) == UsdGeom.Tokens.y
    assert UsdGeom.GetStageMetersPerUnit(stage) == 1.0
    assert stage.GetDefaultPrim().GetPath() == "/World"

    prims = {p.GetAttribute("oorkit:name").Get(): p for p in stage.GetPrimAtPath("/World").GetChildren()}
    assert set(prims) == set(names)
    assert prims["table box"].GetName() == "table_box"  # sanitised, original kept in oorkit:name
    cache = UsdGeom.XformCache()
    for name, mesh, transform in zip(names, meshes, transforms, strict=True):
        prim = prims[name]
        world = np.array(cache.GetLocalToWorldTransform(prim)).T  # USD stores the row-vector transpose
        np.testing.assert_allclose(world, transform, atol=1e-9)
        usd_mesh = UsdGeom.Mesh(prim.GetChild("mesh"))
        points = np.array(usd_mesh.GetPointsAttr().Get())
        assert len(points) == len(mesh.vertices)
        np.testing.assert_allclose(points, mesh.vertices, atol=1e-6)
        assert list(usd_mesh.GetFaceVertexCountsAttr().Get()) == [3] * len(mesh.faces)
        np.testing.assert_array_equal(np.array(usd_mesh.GetFaceVertexIndicesAttr().Get()), mesh.faces.ravel())
        assert len(usd_mesh.GetNormalsAttr().Get()) in (len(mesh.vertices), 3 * len(mesh.faces))
        assert usd_mesh.GetSubdivisionSchemeAttr().Get() == UsdGeom.Tokens.none

    box_color = UsdGeom.Mesh(prims["table box"].GetChild("mesh")).GetDisplayColorPrimvar()
    assert box_color.GetInterpolation() == UsdGeom.Tokens.uniform
    colors = np.array(box_color.Get())
    assert colors.shape == (len(meshes[0].faces), 3)
    srgb = np.round(_linear_to_srgb(colors) * 255.0)
    np.testing.assert_allclose(srgb, np.asarray(meshes[0].visual.face_colors)[:, :3], atol=1)
    sphere_color = UsdGeom.Mesh(prims["sphere"].GetChild("mesh")).GetDisplayColorPrimvar()
    assert sphere_color.GetInterpolation() == UsdGeom.Tokens.constant


def test_usd_prim_names_are_made_valid_and_unique(tmp_path) -> None:
    pytest.importorskip("pxr")
    from pxr import Usd

    names = ["3 mugs", "a/b", "a b", "ok"]
    meshes = [blue_sphere() for _ in names]
    path = export_usd(names, meshes, [np.eye(4)] * 4, tmp_path / "n.usda")
    stage = Usd.Stage.Open(str(path))
    children = stage.GetPrimAtPath("/World").GetChildren()
    assert len({c.GetName() for c in children}) == 4
    assert [c.GetAttribute("oorkit:name").Get() for c in children] == names


def test_usd_without_usd_core_says_how_to_install(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pxr", None)  # makes `import pxr` raise ImportError
    with pytest.raises(ImportError, match=r"oorkit\[usd\]"):
        export_usd(["a"], [blue_sphere()], [np.eye(4)], tmp_path / "a.usda")


# --------------------------------------------------------------------------------------------------------
# PLY
# --------------------------------------------------------------------------------------------------------


def test_ply_round_trip(tmp_path, scene_objects) -> None:
    names, meshes, transforms = scene_objects
    path = export_ply(names, meshes, transforms, tmp_path / "scene.ply")
    loaded = trimesh.load(path, process=False)
    assert len(loaded.faces) == sum(len(m.faces) for m in meshes)
    object_id = loaded.metadata["_ply_raw"]["face"]["data"]["object_id"]
    np.testing.assert_array_equal(object_id, np.repeat(np.arange(3), [len(m.faces) for m in meshes]))
    colors = loaded.visual.vertex_colors[loaded.faces]  # (F, 3, 4)
    start = 0
    for mesh, transform in zip(meshes, transforms, strict=True):
        part = slice(start, start + len(mesh.faces))
        start += len(mesh.faces)
        np.testing.assert_allclose(
            loaded.vertices[loaded.faces[part]], world_triangles(mesh, transform), atol=1e-5
        )
        if mesh.visual.kind == "face":
            # sRGB kept as is, and every corner of a face has exactly the face colour.
            expected = np.asarray(mesh.visual.face_colors)[:, None, :].repeat(3, axis=1)
            np.testing.assert_array_equal(colors[part], expected)
    header = path.read_bytes().split(b"end_header")[0].decode()
    for i, name in enumerate(names):
        assert f"comment object {i} {name}" in header


def test_ply_mirrored_object_keeps_outward_normals(tmp_path) -> None:
    box = trimesh.creation.box(extents=(1.0, 1.0, 1.0))
    path = export_ply(["m"], [box], [pose(scale=(-1.0, 2.0, 1.0))], tmp_path / "m.ply")
    loaded = trimesh.load(path, process=False)
    loaded.merge_vertices()
    assert loaded.is_watertight
    assert loaded.volume == pytest.approx(2.0)  # positive volume: faces wound outward


# --------------------------------------------------------------------------------------------------------
# input checking
# --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("export", [export_glb, export_usd, export_ply])
def test_bad_inputs(tmp_path, export) -> None:
    if export is export_usd:
        pytest.importorskip("pxr")
    suffix = {export_glb: ".glb", export_usd: ".usda", export_ply: ".ply"}[export]
    mesh = blue_sphere()
    out = tmp_path / f"x{suffix}"
    with pytest.raises(ValueError, match="names"):
        export(["a", "b"], [mesh], [np.eye(4)], out)
    with pytest.raises(ValueError, match="transforms"):
        export(["a", "b"], [mesh, mesh], [np.eye(4)], out)
    with pytest.raises(ValueError, match="4x4"):
        export(["a"], [mesh], [np.eye(3)], out)
    with pytest.raises(ValueError, match=r"unique.*'a'"):
        export(["a", "a"], [mesh, mesh], [np.eye(4), np.eye(4)], out)
    with pytest.raises(ValueError, match="non-empty string"):
        export([""], [mesh], [np.eye(4)], out)
    with pytest.raises(ValueError, match="must end in"):
        export(["a"], [mesh], [np.eye(4)], tmp_path / "x.obj")
    assert not out.exists()
