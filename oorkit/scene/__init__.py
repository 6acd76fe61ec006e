"""Scenes: objects placed in one world, scene files."""

from oorkit.scene.file import (
    Scene,
    SceneObject,
    load_scene,
    object_from_instance_transform,
    object_mesh,
    save_scene,
    scene_from_dict,
    scene_meshes,
    scene_schema,
    scene_to_dict,
)
from oorkit.scene.pairs import pair_scene, pair_transforms

__all__ = [
    "Scene",
    "SceneObject",
    "load_scene",
    "object_from_instance_transform",
    "object_mesh",
    "pair_scene",
    "pair_transforms",
    "save_scene",
    "scene_from_dict",
    "scene_meshes",
    "scene_schema",
    "scene_to_dict",
]
