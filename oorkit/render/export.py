"""Export posed objects as GLB (one node per object), USD (one Xform per object) or one merged PLY.

Colours: meshes carry sRGB colours (as trimesh and the renders treat them). glTF vertex/material colours
and USD displayColor are linear by specification, so they are converted on the way out; that way glTF
viewers, Blender and usdview show the colours of the renders. PLY has no colour-space convention and its
viewers display the bytes as they are, so PLY keeps sRGB.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import trimesh
from PIL import Image

from oorkit.files import atomic_output, write_bytes
from oorkit.render.renderer import (
    _ROUGHNESS,
    DEFAULT_COLOR,
    _bake,
    _check_objects,
    _corner_colors,
    _corner_normals,
    _srgb_to_linear,
    _texture,
    _weld,
)


def _check_export(
    names: Sequence[str], meshes: Sequence[trimesh.Trimesh], transforms: Any
) -> tuple[list[str], list[trimesh.Trimesh], np.ndarray]:
    """Validate names / meshes / transforms for export; names must be unique non-empty strings."""
    if isinstance(names, str):
        raise TypeError("names must be a sequence of strings, not a single string")
    name_list = list(names)
    for i, name in enumerate(name_list):
        if not isinstance(name, str) or not name:
            raise ValueError(f"names[{i}] must be a non-empty string, got {name!r}")
    mesh_list, mats = _check_objects(meshes, transforms)
    if len(name_list) != len(mesh_list):
        raise ValueError(
            f"got {len(name_list)} names but {len(mesh_list)} meshes; they must match one to one"
        )
    dupes = sorted(n for n, count in Counter(name_list).items() if count > 1)
    if dupes:
        raise ValueError(f"object names must be unique; duplicated: {', '.join(map(repr, dupes))}")
    return name_list, mesh_list, mats


def _linear_uint8(srgb: np.ndarray) -> np.ndarray:
    """sRGB(A) uint8 colours → linear RGB with alpha unchanged, as uint8."""
    rgb = np.round(_srgb_to_linear(srgb[..., :3] / 255.0) * 255.0).astype(np.uint8)
    return np.concatenate([rgb, srgb[..., 3:]], axis=-1)


def _prepare(path: str | Path, suffixes: tuple[str, ...], what: str) -> Path:
    out = Path(path)
    if out.suffix.lower() not in suffixes:
        raise ValueError(f"{what} path must end in {' or '.join(suffixes)}, got {out.name!r}")
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


# --------------------------------------------------------------------------------------------------------
# glTF
# --------------------------------------------------------------------------------------------------------


def _gltf_mesh(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Copy of `mesh` in its own frame, ready for glTF: crease normals, exact face colours, PBR material."""
    vertices = np.asarray(mesh.vertices, dtype=float)
    faces = np.asarray(mesh.faces, dtype=np.int64).reshape(-1, 3)
    normals = _corner_normals(vertices, faces)
    corner_vertex = faces.ravel()
    tex = _texture(mesh)
    visual: trimesh.visual.TextureVisuals
    if tex is not None:
        uv = tex.uv[faces]
        translucent = tex.factor[3] < 1.0 or (tex.image.shape[2] == 4 and tex.image[..., 3].min() < 255)
        first, new_faces = _weld(corner_vertex, normals, uv)
        material = trimesh.visual.material.PBRMaterial(
            baseColorTexture=Image.fromarray(tex.image),
            baseColorFactor=np.round(tex.factor * 255.0).astype(np.uint8),
            metallicFactor=0.0,
            roughnessFactor=_ROUGHNESS,
            alphaMode="BLEND" if translucent else "OPAQUE",
        )
        visual = trimesh.visual.TextureVisuals(uv=uv.reshape(-1, 2)[first], material=material)
    else:
        srgb = _corner_colors(mesh)
        if srgb is None:
            first, new_faces = _weld(corner_vertex, normals)
            # No colour to keep; still non-metallic, because the glTF default material is fully metallic
            # and renders nearly black without an environment map.
            material = trimesh.visual.material.PBRMaterial(metallicFactor=0.0, roughnessFactor=_ROUGHNESS)
            visual = trimesh.visual.TextureVisuals(material=material)
        else:
            # Split vertices where differently coloured faces meet: vertex colours then equal face colours.
            first, new_faces = _weld(corner_vertex, normals, srgb)
            colors = srgb.reshape(-1, 4)[first]
            opaque = bool(colors[:, 3].min() == 255)
            uniform = bool(np.all(colors == colors[0]))
            material = trimesh.visual.material.PBRMaterial(
                baseColorFactor=_linear_uint8(colors[0]) if uniform else np.full(4, 255, dtype=np.uint8),
                metallicFactor=0.0,
                roughnessFactor=_ROUGHNESS,
                alphaMode="OPAQUE" if opaque else "BLEND",
            )
            visual = trimesh.visual.TextureVisuals(material=material)
            if not uniform:
                visual.vertex_attributes["color"] = _linear_uint8(colors)
    return trimesh.Trimesh(
        vertices=vertices[corner_vertex[first]],
        faces=new_faces,
        vertex_normals=normals.reshape(-1, 3)[first],
        visual=visual,
        process=False,
    )


def export_glb(
    names: Sequence[str],
    meshes: Sequence[trimesh.Trimesh],
    transforms: np.ndarray | Sequence[np.ndarray],
    path: str | Path,
) -> Path:
    """Write a binary glTF with one node per object: geometry in the object frame, the 4x4 as node matrix."""
    name_list, mesh_list, mats = _check_export(names, meshes, transforms)
    out = _prepare(path, (".glb",), "export_glb")
    # The scene's root frame becomes a glTF node too; keep it from clashing with an object's name.
    root = "world"
    while root in name_list:
        root = f"_{root}"
    scene = trimesh.Scene(base_frame=root)
    for name, mesh, mat in zip(name_list, mesh_list, mats, strict=True):
        if len(mesh.faces) == 0:
            # trimesh drops empty geometry; keep the object as a named, posed node without a mesh.
            scene.graph.update(frame_from=root, frame_to=name, matrix=mat)
            continue
        scene.add_geometry(
            _gltf_mesh(mesh), node_name=name, geom_name=name, parent_node_name=root, transform=mat
        )
    return write_bytes(out, trimesh.exchange.gltf.export_glb(scene, include_normals=True))


# --------------------------------------------------------------------------------------------------------
# USD
# --------------------------------------------------------------------------------------------------------


def export_usd(
    names: Sequence[str],
    meshes: Sequence[trimesh.Trimesh],
    transforms: np.ndarray | Sequence[np.ndarray],
    path: str | Path,
) -> Path:
    """Write a Y-up, metre-scale USD stage: /World/<name> Xform (the 4x4) holding a `mesh` Mesh per object.

    `.usdz` packages the stage (as .usdc) into a USDZ archive for AR viewers and Apple's tools.
    """
    try:
        from pxr import Gf, Sdf, Tf, Usd, UsdGeom, UsdUtils, Vt
    except ImportError as exc:
        raise ImportError("USD export needs usd-core: pip install 'oorkit[usd]'") from exc
    name_list, mesh_list, mats = _check_export(names, meshes, transforms)
    out = _prepare(path, (".usd", ".usda", ".usdc", ".usdz"), "export_usd")

    # Build in memory and export once: CreateNew fails if the same file is already open in this process.
    stage = Usd.Stage.CreateInMemory()
    UsdGeom.SetStageUpAxis(stage, UsdGeom.Tokens.y)
    UsdGeom.SetStageMetersPerUnit(stage, 1.0)
    world = UsdGeom.Xform.Define(stage, "/World")
    stage.SetDefaultPrim(world.GetPrim())

    used: set[str] = set()
    for name, mesh, mat in zip(name_list, mesh_list, mats, strict=True):
        prim_name = base = Tf.MakeValidIdentifier(name)
        k = 1
        while prim_name in used:
            prim_name = f"{base}_{k}"
            k += 1
        used.add(prim_name)

        xform = UsdGeom.Xform.Define(stage, f"/World/{prim_name}")
        # USD composes row vectors (p' = p·M), so it stores the transpose of our column-vector matrix.
        xform.AddTransformOp().Set(Gf.Matrix4d(mat.T.tolist()))
        prim = xform.GetPrim()
        prim.CreateAttribute("oorkit:name", Sdf.ValueTypeNames.String, custom=True).Set(name)
        if hasattr(prim, "SetDisplayName"):
            prim.SetDisplayName(name)

        vertices = np.asarray(mesh.vertices, dtype=float)
        faces = np.asarray(mesh.faces, dtype=np.int64).reshape(-1, 3)
        geom = UsdGeom.Mesh.Define(stage, xform.GetPath().AppendChild("mesh"))
        geom.CreateSubdivisionSchemeAttr(UsdGeom.Tokens.none)  # polygonal, not a Catmull-Clark cage
        geom.CreatePointsAttr(Vt.Vec3fArray.FromNumpy(vertices.astype(np.float32)))
        geom.CreateFaceVertexCountsAttr(Vt.IntArray.FromNumpy(np.full(len(faces), 3, dtype=np.int32)))
        geom.CreateFaceVertexIndicesAttr(Vt.IntArray.FromNumpy(faces.ravel().astype(np.int32)))
        if len(vertices):
            geom.CreateExtentAttr(
                Vt.Vec3fArray.FromNumpy(np.stack([vertices.min(0), vertices.max(0)]).astype(np.float32))
            )
        if len(faces):
            # Crease normals keep boxes sharp and spheres smooth; faceVarying lets a point carry several.
            normals = _corner_normals(vertices, faces)
            per_vertex = np.zeros_like(vertices)
            per_vertex[faces] = normals
            if np.array_equal(per_vertex[faces], normals):
                # No crease splits any vertex: one normal per point is equivalent and a third the size.
                geom.CreateNormalsAttr(Vt.Vec3fArray.FromNumpy(per_vertex.astype(np.float32)))
                geom.SetNormalsInterpolation(UsdGeom.Tokens.vertex)
            else:
                geom.CreateNormalsAttr(Vt.Vec3fArray.FromNumpy(normals.reshape(-1, 3).astype(np.float32)))
                geom.SetNormalsInterpolation(UsdGeom.Tokens.faceVarying)
        _usd_colors(geom, mesh, faces, UsdGeom, Sdf, Vt)
    if out.suffix.lower() != ".usdz":
        with atomic_output(out) as tmp_out:
            stage.GetRootLayer().Export(str(tmp_out))
        return out
    with tempfile.TemporaryDirectory() as tmp, atomic_output(out) as tmp_out:
        layer = Path(tmp) / f"{out.stem}.usdc"
        stage.GetRootLayer().Export(str(layer))
        if not UsdUtils.CreateNewUsdzPackage(Sdf.AssetPath(str(layer)), str(tmp_out)):
            raise OSError(f"could not write the USDZ package {out}")
    return out


def _usd_colors(geom: Any, mesh: trimesh.Trimesh, faces: np.ndarray, UsdGeom: Any, Sdf: Any, Vt: Any) -> None:
    """displayColor / displayOpacity primvars (and st UVs for textured meshes) on a UsdGeom.Mesh."""
    visual: Any = mesh.visual
    kind = getattr(visual, "kind", None)
    srgb: np.ndarray | None
    if kind == "face":
        srgb, interpolation = np.asarray(visual.face_colors, dtype=np.uint8), UsdGeom.Tokens.uniform
    elif kind in ("vertex", "texture"):
        corner = _corner_colors(mesh)
        srgb = None
        if corner is not None and len(mesh.vertices):
            # Undo the per-corner expansion: every corner of a vertex has that vertex's colour.
            srgb = np.zeros((len(mesh.vertices), 4), dtype=np.uint8)
            srgb[faces.ravel()] = corner.reshape(-1, 4)
        interpolation = UsdGeom.Tokens.vertex
    else:
        srgb = None
    if srgb is not None and len(srgb):
        if np.all(srgb == srgb[0]):
            srgb, interpolation = srgb[:1], UsdGeom.Tokens.constant
        linear = _srgb_to_linear(srgb[:, :3] / 255.0).astype(np.float32)
        geom.CreateDisplayColorPrimvar(interpolation).Set(Vt.Vec3fArray.FromNumpy(linear))
        if srgb[:, 3].min() < 255:
            opacity = (srgb[:, 3] / 255.0).astype(np.float32)
            geom.CreateDisplayOpacityPrimvar(interpolation).Set(Vt.FloatArray.FromNumpy(opacity))
    tex = _texture(mesh)
    if tex is not None and len(faces):
        st = UsdGeom.PrimvarsAPI(geom).CreatePrimvar(
            "st", Sdf.ValueTypeNames.TexCoord2fArray, UsdGeom.Tokens.faceVarying
        )
        st.Set(Vt.Vec2fArray.FromNumpy(tex.uv[faces].reshape(-1, 2).astype(np.float32)))


# --------------------------------------------------------------------------------------------------------
# PLY
# --------------------------------------------------------------------------------------------------------


def export_ply(
    names: Sequence[str],
    meshes: Sequence[trimesh.Trimesh],
    transforms: np.ndarray | Sequence[np.ndarray],
    path: str | Path,
) -> Path:
    """Write all objects as one binary PLY in world coordinates, with vertex RGBA and a face object_id."""
    name_list, mesh_list, mats = _check_export(names, meshes, transforms)
    out = _prepare(path, (".ply",), "export_ply")
    all_vertices, all_colors, all_faces, all_ids = [], [], [], []
    offset = 0
    for index, (mesh, mat) in enumerate(zip(mesh_list, mats, strict=True)):
        if len(mesh.faces) == 0:
            continue
        vertices, faces = _bake(mesh, mat)
        srgb = _corner_colors(mesh)
        if srgb is None:
            srgb = np.broadcast_to(np.asarray(DEFAULT_COLOR, dtype=np.uint8), (*faces.shape, 4))
        elif np.linalg.det(mat[:3, :3]) < 0:
            srgb = srgb[:, ::-1]  # _bake reversed the faces of this mirrored object
        # Split vertices only where differently coloured faces meet, so face colours stay exact.
        first, new_faces = _weld(faces.ravel(), srgb)
        all_vertices.append(vertices[faces.ravel()[first]])
        all_colors.append(srgb.reshape(-1, 4)[first])
        all_faces.append(new_faces + offset)
        all_ids.append(np.full(len(new_faces), index, dtype=np.int32))
        offset += len(first)

    vertex = np.zeros(offset, dtype=[("xyz", "<f4", (3,)), ("rgba", "u1", (4,))])
    n_faces = sum(len(f) for f in all_faces)
    face = np.zeros(n_faces, dtype=[("n", "u1"), ("vertex_indices", "<i4", (3,)), ("object_id", "<i4")])
    if offset:
        vertex["xyz"] = np.concatenate(all_vertices)
        vertex["rgba"] = np.concatenate(all_colors)
    if n_faces:
        face["n"] = 3
        face["vertex_indices"] = np.concatenate(all_faces)
        face["object_id"] = np.concatenate(all_ids)

    # Object names live in comments (a line each), so the merged file can still be split per object.
    comments = [f"comment object {i} {' '.join(n.split())}" for i, n in enumerate(name_list)]
    header = "\n".join(
        [
            "ply",
            "format binary_little_endian 1.0",
            "comment OORKit merged scene in world coordinates (metres, +y up)",
            "comment face object_id indexes the object names below",
            *comments,
            f"element vertex {offset}",
            "property float x",
            "property float y",
            "property float z",
            "property uchar red",
            "property uchar green",
            "property uchar blue",
            "property uchar alpha",
            f"element face {n_faces}",
            "property list uchar int vertex_indices",
            "property int object_id",
            "end_header",
        ]
    )
    return write_bytes(out, header.encode("utf-8") + b"\n" + vertex.tobytes() + face.tobytes())
