"""Reading mesh files (OBJ, GLB/glTF, PLY, STL, OFF via trimesh; Panda3D .egg/.egg.pz via panda3d)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import trimesh

from oorkit.errors import InvalidFileError

MESH_SUFFIXES = (".obj", ".glb", ".gltf", ".ply", ".stl", ".off", ".dae", ".egg", ".egg.pz")


def package_dir(package: str) -> Path | None:
    """Directory of an installed package, found without importing it (None when not installed)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def load_mesh_file(path: str | Path) -> trimesh.Trimesh:
    """Load one mesh file as a single Trimesh (multi-part scenes are flattened with their transforms)."""
    path = Path(path)
    if not path.is_file():
        raise InvalidFileError(f"{path}: no such mesh file")
    name = path.name.lower()
    try:
        if name.endswith((".egg", ".egg.pz")):
            mesh = _load_egg(path)
        else:
            loaded = trimesh.load(path, force="mesh", process=False)
            if not isinstance(loaded, trimesh.Trimesh):
                raise ValueError("no triangle geometry")
            mesh = loaded
    except InvalidFileError:
        raise
    except Exception as exc:  # trimesh raises many types for corrupt files; the user needs one message
        raise InvalidFileError(f"{path}: cannot read mesh ({type(exc).__name__}: {exc})") from None
    if len(mesh.faces) == 0 or not np.isfinite(mesh.vertices).all():
        raise InvalidFileError(f"{path}: mesh has no faces or has non-finite vertices")
    return mesh


def _load_egg(path: Path) -> trimesh.Trimesh:
    """Read a Panda3D egg model through Panda3D's own loader (handles .pz compression)."""
    if package_dir("panda3d") is None:
        raise InvalidFileError(f"{path}: reading .egg models needs panda3d (pip install panda3d)")
    from panda3d.core import Filename, GeomVertexReader, Loader, LoaderOptions, NodePath

    node = Loader.get_global_ptr().load_sync(
        Filename.from_os_specific(str(path)),
        LoaderOptions(LoaderOptions.LF_no_cache | LoaderOptions.LF_report_errors),
    )
    if node is None:
        raise InvalidFileError(f"{path}: Panda3D could not load this model")
    vertices, faces, offset = [], [], 0
    for geom_path in NodePath(node).find_all_matches("**/+GeomNode"):
        mat = geom_path.get_net_transform().get_mat()
        # Panda3D matrices act on row vectors: p' = p · M.
        matrix = np.array([[mat.get_cell(i, j) for j in range(4)] for i in range(4)])
        geom_node = geom_path.node()
        for gi in range(geom_node.get_num_geoms()):
            geom = geom_node.get_geom(gi).decompose()
            reader = GeomVertexReader(geom.get_vertex_data(), "vertex")
            points = []
            while not reader.is_at_end():
                v = reader.get_data3()
                points.append((v[0], v[1], v[2]))
            pts = np.c_[np.asarray(points, dtype=np.float64), np.ones(len(points))] @ matrix
            for pi in range(geom.get_num_primitives()):
                prim = geom.get_primitive(pi)
                idx = np.array([prim.get_vertex(k) for k in range(prim.get_num_vertices())], dtype=np.int64)
                faces.append(idx.reshape(-1, 3) + offset)
            vertices.append(pts[:, :3])
            offset += len(pts)
    if not faces:
        raise InvalidFileError(f"{path}: model has no triangles")
    return trimesh.Trimesh(np.concatenate(vertices), np.concatenate(faces), process=True)
