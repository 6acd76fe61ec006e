"""Headless multi-view rendering of posed meshes with pyrender: RGB, metric depth and instance masks.

Every object is a (mesh, 4x4 object→world transform) pair. The transform may scale anisotropically,
so it is baked into a copy of the vertices and the normals are recomputed from the baked geometry:
pyrender's normal handling under non-uniform node scale is not reliable.

pyrender and PyOpenGL are imported lazily, on the first render, so that importing OORKit never needs
an OpenGL context and the EGL platform default below is in place before OpenGL is first imported.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import trimesh

from oorkit.render.cameras import circle_cameras, framing_radius, look_at

if sys.platform.startswith("linux"):
    # Headless servers have no display for pyglet; EGL (Mesa llvmpipe or a GPU driver) renders without one.
    # macOS has no EGL, so leave its default alone there.
    os.environ.setdefault("PYOPENGL_PLATFORM", "egl")

#: sRGB colour of meshes that carry no colour of their own.
DEFAULT_COLOR = (180, 180, 180, 255)
#: Faces meeting at a sharper angle than this keep separate normals (flat edge); gentler ones are smoothed.
CREASE_DEG = 30.0

# Lighting in linear units, tuned so a face colour seen head-on renders close to its sRGB value and the
# top / side faces of a box stay distinguishable: ambient fill + head light from the camera + key from above.
_AMBIENT = 0.30
_HEAD_LIGHT = 1.3
_KEY_LIGHT = 2.0
_ROUGHNESS = 0.85
# Above this many (corner, neighbour) pairs the crease search costs too much; fall back to flat normals.
_MAX_NORMAL_PAIRS = 50_000_000
_PAIR_CHUNK = 2_000_000

_EGL_HELP = (
    "OORKit could not create an offscreen OpenGL context for rendering. Install Mesa EGL "
    "(Debian/Ubuntu: apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri) or use OSMesa by setting "
    "PYOPENGL_PLATFORM=osmesa before starting Python (needs libosmesa6). "
    "PYOPENGL_PLATFORM is currently {!r}. "
    "Underlying error: {}: {}"
)


@dataclass(frozen=True)
class RenderResult:
    """Images of V views: colour, metric depth and per-pixel object index, plus the cameras used."""

    rgb: np.ndarray  # (V, H, W, 3) uint8
    depth: np.ndarray  # (V, H, W) float32 metres along the view axis, 0 where background
    instance: np.ndarray  # (V, H, W) int16, -1 background, i = index of the object in the input list
    cameras: np.ndarray  # (V, 4, 4) camera-to-world, OpenGL convention
    intrinsics: np.ndarray  # (3, 3) pinhole K in pixels (OpenCV convention, pixel centres at integers)


# --------------------------------------------------------------------------------------------------------
# Input checking (shared with export.py)
# --------------------------------------------------------------------------------------------------------


def _as_numpy(x: Any) -> np.ndarray:
    # Torch tensors (possibly on a GPU) are common here; move them to host memory first.
    if hasattr(x, "detach"):
        x = x.detach().cpu().numpy()
    return np.asarray(x, dtype=float)


def _check_objects(
    meshes: Sequence[trimesh.Trimesh], transforms: Any
) -> tuple[list[trimesh.Trimesh], np.ndarray]:
    """Validate (mesh, transform) pairs; return the meshes as a list and transforms as (N, 4, 4) float64."""
    if isinstance(meshes, trimesh.Trimesh):
        raise TypeError("meshes must be a sequence of trimesh.Trimesh, not a single mesh; wrap it in a list")
    mesh_list = list(meshes)
    for i, m in enumerate(mesh_list):
        if not isinstance(m, trimesh.Trimesh):
            hint = (
                " (for a loaded trimesh.Scene use scene.to_geometry())"
                if isinstance(m, trimesh.Scene)
                else ""
            )
            raise TypeError(f"meshes[{i}] must be a trimesh.Trimesh, got {type(m).__name__}{hint}")
    if isinstance(transforms, np.ndarray) or hasattr(transforms, "detach"):
        mats = _as_numpy(transforms)
        if mats.ndim == 2:
            raise ValueError(
                "transforms must be (N, 4, 4) or a sequence of 4x4 matrices, got a single 2-D array"
            )
    else:
        items = list(transforms)
        shapes = {np.shape(_as_numpy(t)) for t in items}
        bad = sorted({str(s) for s in shapes if s != (4, 4)})
        if bad:
            raise ValueError(f"every transform must be a 4x4 matrix, got shape(s) {', '.join(bad)}")
        mats = np.stack([_as_numpy(t) for t in items]) if items else np.zeros((0, 4, 4))
    if mats.ndim != 3 or mats.shape[1:] != (4, 4):
        raise ValueError(f"transforms must have shape (N, 4, 4), got {mats.shape}")
    if len(mats) != len(mesh_list):
        raise ValueError(
            f"got {len(mesh_list)} meshes but {len(mats)} transforms; they must match one to one"
        )
    if not np.all(np.isfinite(mats)):
        bad_i = np.flatnonzero(~np.isfinite(mats).all(axis=(1, 2)))
        raise ValueError(f"transforms must be finite; transform(s) {bad_i.tolist()} contain NaN or inf")
    bottom = np.abs(mats[:, 3, :] - [0.0, 0.0, 0.0, 1.0]).max(axis=1) if len(mats) else np.zeros(0)
    if np.any(bottom > 1e-6):
        bad_i = np.flatnonzero(bottom > 1e-6)
        raise ValueError(
            f"transforms must be affine (last row 0 0 0 1); transform(s) {bad_i.tolist()} are not"
        )
    return mesh_list, mats


def _check_cameras(cameras: Any) -> np.ndarray:
    cams = _as_numpy(cameras)
    if cams.shape == (4, 4):
        cams = cams[None]
    if cams.ndim != 3 or cams.shape[1:] != (4, 4) or len(cams) == 0:
        raise ValueError(f"cameras must have shape (V, 4, 4) with V >= 1, got {cams.shape}")
    if not np.all(np.isfinite(cams)):
        raise ValueError("cameras must be finite")
    rot = cams[:, :3, :3]
    ortho = np.abs(rot @ np.swapaxes(rot, 1, 2) - np.eye(3)).max(axis=(1, 2))
    det = np.linalg.det(rot)
    bottom = np.abs(cams[:, 3, :] - [0.0, 0.0, 0.0, 1.0]).max(axis=1)
    bad = np.flatnonzero((ortho > 1e-4) | (det < 0) | (bottom > 1e-6))
    if len(bad):
        raise ValueError(
            f"cameras must be rigid camera-to-world poses (rotation + translation); "
            f"camera(s) {bad.tolist()} are not"
        )
    return cams


# --------------------------------------------------------------------------------------------------------
# Geometry and colour preparation (pure NumPy, shared with export.py)
# --------------------------------------------------------------------------------------------------------


def _srgb_to_linear(c: np.ndarray) -> np.ndarray:
    """Map sRGB values in [0, 1] to linear light."""
    c = np.clip(c, 0.0, 1.0)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _linear_to_srgb(c: np.ndarray) -> np.ndarray:
    """Map linear values in [0, 1] to sRGB."""
    c = np.clip(c, 0.0, 1.0)
    return np.where(c <= 0.0031308, c * 12.92, 1.055 * c ** (1.0 / 2.4) - 0.055)


def _bake(mesh: trimesh.Trimesh, transform: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """World-space vertices and faces of `mesh` under `transform`, winding fixed for mirroring transforms."""
    vertices = np.asarray(mesh.vertices, dtype=float) @ transform[:3, :3].T + transform[:3, 3]
    faces = np.asarray(mesh.faces, dtype=np.int64).reshape(-1, 3)
    if np.linalg.det(transform[:3, :3]) < 0:
        # A reflection turns outward normals inward; reversing the winding turns them back.
        faces = faces[:, ::-1]
    return vertices, faces


def _corner_normals(vertices: np.ndarray, faces: np.ndarray, crease_deg: float = CREASE_DEG) -> np.ndarray:
    """(F, 3, 3) unit corner normals: smooth across edges gentler than `crease_deg`, sharp otherwise."""
    n_faces = len(faces)
    tri = vertices[faces]
    # The cross product's length is twice the face area, so summing raw cross products weights by area.
    raw = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    length = np.linalg.norm(raw, axis=1, keepdims=True)
    unit = np.divide(raw, length, out=np.zeros_like(raw), where=length > 0)
    flat = np.repeat(unit[:, None, :], 3, axis=1)
    if n_faces == 0:
        return flat

    corner_vertex = faces.ravel()
    corner_face = np.repeat(np.arange(n_faces), 3)
    order = np.argsort(corner_vertex, kind="stable")
    counts = np.bincount(corner_vertex, minlength=len(vertices))
    sorted_vertex = corner_vertex[order]
    sizes = counts[sorted_vertex]
    total = int(sizes.sum())
    if total > _MAX_NORMAL_PAIRS:
        return flat
    group_start = (np.cumsum(counts) - counts)[sorted_vertex]
    sorted_face = corner_face[order]
    cos_crease = math.cos(math.radians(crease_deg))
    acc = np.zeros((3 * n_faces, 3))
    row_end = np.cumsum(sizes)
    # Pair every corner with every corner sharing its vertex, in chunks of rows to bound memory.
    lo = 0
    while lo < len(order):
        hi = int(np.searchsorted(row_end, (row_end[lo - 1] if lo else 0) + _PAIR_CHUNK, side="right"))
        hi = max(hi, lo + 1)
        rows = np.repeat(np.arange(lo, hi), sizes[lo:hi])
        first = np.repeat(row_end[lo:hi] - sizes[lo:hi], sizes[lo:hi])
        partner = group_start[rows] + (np.arange(len(rows)) + (row_end[lo - 1] if lo else 0) - first)
        fa, fb = sorted_face[rows], sorted_face[partner]
        keep = np.einsum("ij,ij->i", unit[fa], unit[fb]) >= cos_crease
        target = order[rows[keep]]
        for k in range(3):
            acc[:, k] += np.bincount(target, weights=raw[fb[keep], k], minlength=3 * n_faces)
        lo = hi
    norm = np.linalg.norm(acc, axis=1, keepdims=True)
    normals = np.divide(acc, norm, out=np.zeros_like(acc), where=norm > 0).reshape(n_faces, 3, 3)
    # Corners of degenerate faces collect nothing; give them their face normal (or any unit vector).
    empty = norm.reshape(n_faces, 3) == 0
    normals[empty] = flat[empty]
    still = np.linalg.norm(normals, axis=-1) == 0
    normals[still] = (0.0, 1.0, 0.0)
    return normals


def _corner_colors(mesh: trimesh.Trimesh) -> np.ndarray | None:
    """(F, 3, 4) uint8 sRGB colour of each face corner, or None when the mesh carries no colour."""
    visual: Any = mesh.visual
    faces = np.asarray(mesh.faces, dtype=np.int64).reshape(-1, 3)
    kind = getattr(visual, "kind", None)
    if kind == "face":
        fc = np.asarray(visual.face_colors, dtype=np.uint8)
        return np.repeat(fc[:, None, :], 3, axis=1)
    if kind == "vertex":
        return np.asarray(visual.vertex_colors, dtype=np.uint8)[faces]
    if kind == "texture":
        try:
            # Samples the texture at each vertex's UV (or uses the material colour when there are no UVs).
            vc = np.asarray(visual.to_color().vertex_colors, dtype=np.uint8)
        except Exception:
            return None
        if len(vc) == len(mesh.vertices):
            return vc[faces]
    return None


@dataclass(frozen=True)
class _Texture:
    uv: np.ndarray  # (V, 2) per vertex, origin bottom-left
    image: np.ndarray  # (h, w, 3|4) uint8, sRGB
    factor: np.ndarray  # (4,) linear RGBA multiplier


def _texture(mesh: trimesh.Trimesh) -> _Texture | None:
    """The mesh's base-colour texture with its UVs, or None when it has no usable texture."""
    visual: Any = mesh.visual
    if getattr(visual, "kind", None) != "texture" or getattr(visual, "uv", None) is None:
        return None
    uv = np.asarray(visual.uv, dtype=np.float64)
    if uv.ndim != 2 or uv.shape[0] != len(mesh.vertices) or uv.shape[1] < 2:
        return None
    material = visual.material
    image = None
    factor = np.ones(4)
    if isinstance(material, trimesh.visual.material.PBRMaterial):
        image = material.baseColorTexture
        if material.baseColorFactor is not None:
            # glTF base colour factors are already linear.
            factor = np.asarray(material.baseColorFactor, dtype=float).reshape(-1)[:4] / 255.0
    elif isinstance(material, trimesh.visual.material.SimpleMaterial):
        # OBJ exporters (Blender) write a placeholder Kd such as 0.64 next to map_Kd and mean the texture
        # as-is; importers like Blender ignore Kd then, and so do we.
        image = material.image
    if image is None:
        return None
    arr = np.asarray(image.convert("RGBA") if image.mode not in ("RGB", "RGBA") else image)
    if arr.dtype != np.uint8 or arr.ndim != 3:
        return None
    return _Texture(uv=uv[:, :2], image=arr, factor=factor)


def _weld(corner_vertex: np.ndarray, *corner_attributes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Merge corners with equal vertex and attributes: (first corner of each new vertex, (F, 3) faces)."""
    n = corner_vertex.size
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 3), dtype=np.int64)
    columns = [corner_vertex.reshape(n, 1).astype(float)]
    columns += [np.asarray(a, dtype=float).reshape(n, -1) for a in corner_attributes]
    _, first, inverse = np.unique(
        np.concatenate(columns, axis=1), axis=0, return_index=True, return_inverse=True
    )
    return first, inverse.reshape(-1, 3)


@dataclass(frozen=True)
class _Surface:
    """Per-corner render arrays of one baked object: 3 consecutive rows per triangle."""

    positions: np.ndarray  # (K, 3) float32 world
    normals: np.ndarray  # (K, 3) float32
    colors: np.ndarray | None  # (K, 4) float32 linear RGBA, None when textured
    texture: _Texture | None  # with `uv` already per corner (K, 2)
    translucent: bool


def _surface(mesh: trimesh.Trimesh, transform: np.ndarray, crease_deg: float) -> _Surface | None:
    """Bake one object into per-corner render arrays; None for meshes without faces."""
    if len(mesh.faces) == 0 or len(mesh.vertices) == 0:
        return None
    vertices, faces = _bake(mesh, transform)
    normals = _corner_normals(vertices, faces, crease_deg)
    positions = vertices[faces]
    tex = _texture(mesh)
    colors: np.ndarray | None = None
    if tex is not None:
        tex = replace(tex, uv=tex.uv[faces])
        translucent = bool(tex.factor[3] < 1.0 or (tex.image.shape[2] == 4 and tex.image[..., 3].min() < 255))
    else:
        srgb = _corner_colors(mesh)
        if srgb is None:
            srgb = np.broadcast_to(np.asarray(DEFAULT_COLOR, dtype=np.uint8), (*faces.shape, 4))
        if np.linalg.det(transform[:3, :3]) < 0:
            # `faces` were reversed by _bake; corner colours come from the unreversed mesh.
            srgb = srgb[:, ::-1]
        # pyrender multiplies vertex colours into the lit colour before its gamma step, i.e. in linear light.
        colors = np.concatenate([_srgb_to_linear(srgb[..., :3] / 255.0), srgb[..., 3:] / 255.0], axis=-1)
        translucent = bool(srgb[..., 3].min() < 255)

    if not mesh.is_watertight:
        # Open surfaces (bowls, planes, single-sided scans) show their inside. Culling stays on, so add a
        # reversed copy with flipped normals rather than going double-sided, which would light the back
        # side with the front's normal and render it black.
        positions = np.concatenate([positions, positions[:, ::-1]])
        normals = np.concatenate([normals, -normals[:, ::-1]])
        if colors is not None:
            colors = np.concatenate([colors, colors[:, ::-1]])
        if tex is not None:
            tex = replace(tex, uv=np.concatenate([tex.uv, tex.uv[:, ::-1]]))
    k = positions.shape[0] * 3
    if tex is not None:
        tex = replace(tex, uv=tex.uv.reshape(k, 2))
    return _Surface(
        positions=positions.reshape(k, 3).astype(np.float32),
        normals=normals.reshape(k, 3).astype(np.float32),
        colors=None if colors is None else colors.reshape(k, 4).astype(np.float32),
        texture=tex,
        translucent=translucent,
    )


# --------------------------------------------------------------------------------------------------------
# pyrender
# --------------------------------------------------------------------------------------------------------


def _import_pyrender() -> Any:
    try:
        import pyrender
    except Exception as exc:  # PyOpenGL raises assorted errors when no GL library can be loaded.
        raise RuntimeError(
            _EGL_HELP.format(os.environ.get("PYOPENGL_PLATFORM"), type(exc).__name__, exc)
        ) from exc
    return pyrender


def _offscreen_renderer(pyrender: Any, width: int, height: int) -> Any:
    try:
        return pyrender.OffscreenRenderer(viewport_width=width, viewport_height=height)
    except Exception as exc:
        raise RuntimeError(
            _EGL_HELP.format(os.environ.get("PYOPENGL_PLATFORM"), type(exc).__name__, exc)
        ) from exc


def _pyrender_mesh(pyrender: Any, surface: _Surface) -> Any:
    k = len(surface.positions)
    alpha_mode = "BLEND" if surface.translucent else "OPAQUE"
    if surface.texture is not None:
        tex = surface.texture
        material = pyrender.MetallicRoughnessMaterial(
            baseColorFactor=tex.factor,
            baseColorTexture=pyrender.Texture(
                source=tex.image, source_channels="RGBA" if tex.image.shape[2] == 4 else "RGB"
            ),
            metallicFactor=0.0,
            roughnessFactor=_ROUGHNESS,
            alphaMode=alpha_mode,
        )
        primitive = pyrender.Primitive(
            positions=surface.positions,
            normals=surface.normals,
            texcoord_0=surface.texture.uv.astype(np.float32),
            indices=np.arange(k, dtype=np.uint32).reshape(-1, 3),
            material=material,
        )
    else:
        # Base colour stays white: the per-corner colours carry the albedo. Non-metallic so colours read
        # true under plain lights (pyrender has no environment lighting for metals to reflect).
        material = pyrender.MetallicRoughnessMaterial(
            baseColorFactor=(1.0, 1.0, 1.0, 1.0),
            metallicFactor=0.0,
            roughnessFactor=_ROUGHNESS,
            alphaMode=alpha_mode,
        )
        primitive = pyrender.Primitive(
            positions=surface.positions,
            normals=surface.normals,
            color_0=surface.colors,
            indices=np.arange(k, dtype=np.uint32).reshape(-1, 3),
            material=material,
        )
    return pyrender.Mesh(primitives=[primitive])


def _key_light_pose(camera: np.ndarray) -> np.ndarray:
    """Key light from above, a little toward the camera and to its left, so every view is lit alike."""
    up = np.array([0.0, 1.0, 0.0])
    back = camera[:3, 2]
    left = -camera[:3, 0]
    direction = 2.0 * up + 0.7 * back + 0.5 * left
    return look_at(direction, np.zeros(3))


def _clip_range(camera: np.ndarray, bounds: np.ndarray) -> tuple[float, float]:
    """Near/far planes that enclose the scene's bounding box for this camera, for good depth precision."""
    corners = np.array(
        [[bounds[i, 0], bounds[j, 1], bounds[k, 2]] for i in (0, 1) for j in (0, 1) for k in (0, 1)]
    )
    world_to_cam = np.linalg.inv(camera)
    depth = -(corners @ world_to_cam[:3, :3].T + world_to_cam[:3, 3])[:, 2]
    far = max(float(depth.max()) * 1.05, 1e-3)
    near = float(depth.min()) * 0.95
    # Camera inside the box: anything closer than near is clipped, so go close but keep depth resolution.
    near = max(near, far * 1e-4)
    return near, far


def intrinsics_matrix(resolution: tuple[int, int], yfov_deg: float) -> np.ndarray:
    """(3, 3) pinhole K for square pixels, vertical field `yfov_deg`, `resolution` = (width, height)."""
    width, height = resolution
    fy = 0.5 * height / math.tan(math.radians(yfov_deg) / 2.0)
    return np.array([[fy, 0.0, (width - 1) / 2.0], [0.0, fy, (height - 1) / 2.0], [0.0, 0.0, 1.0]])


def render_views(
    meshes: Sequence[trimesh.Trimesh],
    transforms: np.ndarray | Sequence[np.ndarray],
    n_views: int = 10,
    resolution: tuple[int, int] = (512, 512),
    elevation_deg: float = 20.0,
    yfov_deg: float = 40.0,
    background: tuple[int, int, int] = (255, 255, 255),
    cameras: np.ndarray | None = None,
    *,
    crease_deg: float = CREASE_DEG,
) -> RenderResult:
    """Render RGB, depth and instance masks of posed meshes from `n_views` cameras circling the scene.

    `resolution` is (width, height). Without `cameras`, views sit on a circle around the scene's
    bounding-box centre at `elevation_deg`, far enough for the whole scene to fit; with `cameras`
    (V, 4, 4 camera-to-world, OpenGL convention) those poses are used and `n_views`/`elevation_deg`
    are ignored. RGB equals `background` exactly wherever `instance` is -1.
    """
    mesh_list, mats = _check_objects(meshes, transforms)
    width, height = _check_render_args(mesh_list, resolution, yfov_deg, background)
    surfaces = [_surface(m, t, crease_deg) for m, t in zip(mesh_list, mats, strict=True)]
    drawn = [s for s in surfaces if s is not None]
    if not drawn:
        raise ValueError("render_views: none of the meshes has any faces")
    all_points = np.concatenate([s.positions for s in drawn])
    bounds = np.stack([all_points.min(axis=0), all_points.max(axis=0)]).astype(float)
    if cameras is None:
        yfov = math.radians(yfov_deg)
        xfov = 2.0 * math.atan(math.tan(yfov / 2.0) * width / height)
        radius = framing_radius(bounds, min(yfov, xfov))
        cams = circle_cameras(bounds.mean(axis=0), radius, n_views=n_views, elevation_deg=elevation_deg)
    else:
        cams = _check_cameras(cameras)
    rgb, depth, instance = _render_passes(surfaces, cams, bounds, width, height, yfov_deg, background)
    return RenderResult(
        rgb=rgb,
        depth=depth,
        instance=instance,
        cameras=np.asarray(cams, dtype=float),
        intrinsics=intrinsics_matrix((width, height), yfov_deg),
    )


def _check_render_args(
    mesh_list: list[trimesh.Trimesh],
    resolution: tuple[int, int],
    yfov_deg: float,
    background: tuple[int, int, int],
) -> tuple[int, int]:
    """Validate render_views' arguments; (width, height)."""
    if not mesh_list:
        raise ValueError("render_views needs at least one mesh")
    if len(mesh_list) > np.iinfo(np.int16).max:
        raise ValueError(
            f"at most {np.iinfo(np.int16).max} objects fit int16 instance ids, got {len(mesh_list)}"
        )
    if len(resolution) != 2 or any(int(r) != r or not 1 <= r <= 16384 for r in resolution):
        raise ValueError(f"resolution must be (width, height) with positive integer sizes, got {resolution}")
    if not 0.0 < yfov_deg < 180.0:
        raise ValueError(f"yfov_deg must lie in (0, 180), got {yfov_deg}")
    if len(background) != 3 or any(not 0 <= int(c) <= 255 for c in background):
        raise ValueError(f"background must be an (r, g, b) triple of 0-255 values, got {background}")
    return int(resolution[0]), int(resolution[1])


def _render_passes(
    surfaces: list[Any],
    cams: np.ndarray,
    bounds: np.ndarray,
    width: int,
    height: int,
    yfov_deg: float,
    background: tuple[int, int, int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(V, H, W, 3) RGB, (V, H, W) depth and int16 instance ids from each camera (colour + SEG pass)."""
    pyrender = _import_pyrender()
    scene = pyrender.Scene(
        bg_color=np.array([*background, 255], dtype=float) / 255.0,
        ambient_light=np.full(3, _AMBIENT),
    )
    seg_map = {}
    for index, surface in enumerate(surfaces):
        if surface is None:
            continue
        node = scene.add(_pyrender_mesh(pyrender, surface), name=f"object_{index}")
        code = index + 1  # 0 stays the SEG pass's black background
        seg_map[node] = (code & 0xFF, (code >> 8) & 0xFF, (code >> 16) & 0xFF)
    camera = pyrender.PerspectiveCamera(yfov=math.radians(yfov_deg), aspectRatio=width / height)
    cam_node = scene.add(camera, pose=np.eye(4))
    head_node = scene.add(pyrender.DirectionalLight(color=np.ones(3), intensity=_HEAD_LIGHT), pose=np.eye(4))
    key_node = scene.add(pyrender.DirectionalLight(color=np.ones(3), intensity=_KEY_LIGHT), pose=np.eye(4))

    n = len(cams)
    rgb = np.empty((n, height, width, 3), dtype=np.uint8)
    depth = np.empty((n, height, width), dtype=np.float32)
    instance = np.empty((n, height, width), dtype=np.int16)
    bg = np.asarray(background, dtype=np.uint8)
    renderer = _offscreen_renderer(pyrender, width, height)
    try:
        for v, pose in enumerate(cams):
            camera.znear, camera.zfar = _clip_range(pose, bounds)
            scene.set_pose(cam_node, pose)
            scene.set_pose(head_node, pose)
            scene.set_pose(key_node, _key_light_pose(pose))
            color, _ = renderer.render(scene)
            # The SEG pass draws without multisampling, so its colours are exact codes and its depth agrees
            # with the mask pixel for pixel (the colour pass's depth comes from an MSAA resolve).
            seg, seg_depth = renderer.render(scene, flags=pyrender.RenderFlags.SEG, seg_node_map=seg_map)
            seg = seg.astype(np.int64)
            code = seg[..., 0] | (seg[..., 1] << 8) | (seg[..., 2] << 16)
            ids = code - 1
            ids[(code == 0) | (code > len(surfaces))] = -1
            instance[v] = ids
            background_px = ids < 0
            depth[v] = np.where(background_px, 0.0, seg_depth)
            out = np.array(color[..., :3], dtype=np.uint8)
            # Antialiased silhouettes bleed a little colour past the mask; keep the background exact so
            # masks can be used to composite or crop without halos.
            out[background_px] = bg
            rgb[v] = out
    finally:
        renderer.delete()
    return rgb, depth, instance
