"""Tests for oorkit.render: camera rigs, headless rendering (RGB / depth / instance) and image helpers."""

from __future__ import annotations

import math

import numpy as np
import pytest
import trimesh
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from oorkit.render import (
    RenderResult,
    circle_cameras,
    colorize_depth,
    colorize_instances,
    framing_radius,
    image_grid,
    intrinsics_matrix,
    look_at,
    render_views,
    save_png,
    save_render,
)
from oorkit.render.images import _grid_columns

RED = (200, 40, 35, 255)
BLUE = (50, 90, 180, 255)
GREEN = (60, 150, 60, 255)


def painted(mesh: trimesh.Trimesh, color: tuple[int, ...]) -> trimesh.Trimesh:
    mesh.visual.face_colors = np.tile(np.asarray(color, dtype=np.uint8), (len(mesh.faces), 1))
    return mesh


def pose(translation=(0.0, 0.0, 0.0), scale=(1.0, 1.0, 1.0), yaw_deg: float = 0.0) -> np.ndarray:
    """x ↦ R_y(yaw)·(s ⊙ x) + t as a 4x4."""
    m = trimesh.transformations.rotation_matrix(math.radians(yaw_deg), [0, 1, 0])
    m[:3, :3] = m[:3, :3] @ np.diag(scale)
    m[:3, 3] = translation
    return m


def front_camera(distance: float = 3.0) -> np.ndarray:
    """One camera on +z looking at the origin."""
    return look_at((0.0, 0.0, distance), (0.0, 0.0, 0.0))[None]


@pytest.fixture(scope="module")
def two_objects() -> tuple[list[trimesh.Trimesh], list[np.ndarray]]:
    box = painted(trimesh.creation.box(extents=(0.3, 0.3, 0.3)), RED)
    sphere = painted(trimesh.creation.icosphere(subdivisions=2, radius=0.15), BLUE)
    # The box is stretched along x (anisotropic) and turned; the sphere sits beside it.
    return [box, sphere], [pose((-0.35, 0.15, 0.0), (1.6, 1.0, 0.8), 25.0), pose((0.35, 0.15, 0.0))]


@pytest.fixture(scope="module")
def two_object_render(two_objects) -> RenderResult:
    meshes, transforms = two_objects
    bounds = np.array([[-0.6, 0.0, -0.3], [0.6, 0.3, 0.3]])
    # Diagonal views: from every one of them both objects are in sight.
    cams = circle_cameras(bounds.mean(0), 2.0, n_views=4, elevation_deg=25.0, start_azimuth_deg=45.0)
    return render_views(meshes, transforms, resolution=(96, 80), cameras=cams)


# --------------------------------------------------------------------------------------------------------
# cameras
# --------------------------------------------------------------------------------------------------------


def test_circle_cameras_geometry() -> None:
    center = np.array([0.5, 0.2, -1.0])
    cams = circle_cameras(center, radius=2.5, n_views=8, elevation_deg=30.0)
    assert cams.shape == (8, 4, 4)
    offsets = cams[:, :3, 3] - center
    np.testing.assert_allclose(np.linalg.norm(offsets, axis=1), 2.5)
    np.testing.assert_allclose(np.degrees(np.arcsin(offsets[:, 1] / 2.5)), 30.0)
    # -z looks at the centre, +y is the image's up (tilted toward world up), rotations are proper.
    np.testing.assert_allclose(-cams[:, :3, 2], -offsets / 2.5, atol=1e-12)
    assert np.all(cams[:, 1, 1] > 0)
    np.testing.assert_allclose(
        cams[:, :3, :3] @ cams[:, :3, :3].transpose(0, 2, 1),
        np.broadcast_to(np.eye(3), (8, 3, 3)),
        atol=1e-12,
    )
    np.testing.assert_allclose(np.linalg.det(cams[:, :3, :3]), 1.0)
    # Azimuth 0 is on +z; the next view (45°) moves counter-clockwise seen from above, toward +x.
    assert offsets[0, 2] > 0 and abs(offsets[0, 0]) < 1e-12
    assert offsets[2, 0] > 0 and abs(offsets[2, 2]) < 1e-12


def test_look_at_straight_down_is_well_defined() -> None:
    cam = look_at((0.0, 5.0, 0.0), (0.0, 0.0, 0.0))
    assert np.all(np.isfinite(cam))
    np.testing.assert_allclose(cam[:3, 2], [0, 1, 0], atol=1e-12)
    # Same image-up as the limit of an orbit rising over the +z side.
    np.testing.assert_allclose(cam[:3, 1], [0, 0, -1], atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(
    eye=st.tuples(*[st.floats(-10, 10)] * 3),
    target=st.tuples(*[st.floats(-10, 10)] * 3),
)
def test_look_at_is_a_rigid_pose_aimed_at_target(eye, target) -> None:
    eye_a, target_a = np.array(eye), np.array(target)
    if np.linalg.norm(eye_a - target_a) < 1e-3:
        return
    cam = look_at(eye_a, target_a)
    rot = cam[:3, :3]
    np.testing.assert_allclose(rot @ rot.T, np.eye(3), atol=1e-9)
    assert np.linalg.det(rot) == pytest.approx(1.0)
    np.testing.assert_allclose(cam[:3, 3], eye_a)
    direction = (target_a - eye_a) / np.linalg.norm(target_a - eye_a)
    np.testing.assert_allclose(-rot[:, 2], direction, atol=1e-9)
    assert rot[1, 0] == pytest.approx(0.0, abs=1e-9)  # no roll: the image's x axis stays horizontal


def test_look_at_batched() -> None:
    eyes = np.array([[0.0, 0.0, 3.0], [3.0, 1.0, 0.0]])
    cams = look_at(eyes, np.zeros(3))
    assert cams.shape == (2, 4, 4)
    np.testing.assert_allclose(cams[1], look_at(eyes[1], np.zeros(3)))


def test_framing_radius_fits_bounding_sphere() -> None:
    bounds = np.array([[-1.0, 0.0, -0.5], [1.0, 1.0, 0.5]])
    yfov = math.radians(40.0)
    d = framing_radius(bounds, yfov, margin=1.0)
    sphere = 0.5 * np.linalg.norm(bounds[1] - bounds[0])
    # The tangent cone of the bounding sphere has exactly the half field of view.
    assert math.asin(sphere / d) == pytest.approx(yfov / 2)
    assert framing_radius(bounds, yfov) == pytest.approx(1.15 * d)
    with pytest.raises(ValueError, match="radians"):
        framing_radius(bounds, 40.0)


def test_camera_argument_checks() -> None:
    with pytest.raises(ValueError, match="radius"):
        circle_cameras(np.zeros(3), radius=0.0)
    with pytest.raises(ValueError, match="n_views"):
        circle_cameras(np.zeros(3), radius=1.0, n_views=0)
    with pytest.raises(ValueError, match="distinct"):
        look_at((1.0, 1.0, 1.0), (1.0, 1.0, 1.0))


# --------------------------------------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------------------------------------


def test_render_result_layout(two_object_render: RenderResult) -> None:
    r = two_object_render
    assert r.rgb.shape == (4, 80, 96, 3) and r.rgb.dtype == np.uint8
    assert r.depth.shape == (4, 80, 96) and r.depth.dtype == np.float32
    assert r.instance.shape == (4, 80, 96) and r.instance.dtype == np.int16
    assert r.cameras.shape == (4, 4, 4)
    assert r.intrinsics.shape == (3, 3)
    assert set(np.unique(r.instance)) <= {-1, 0, 1}


def test_masks_depth_and_background_agree(two_object_render: RenderResult) -> None:
    r = two_object_render
    for v in range(len(r.rgb)):
        inst, depth, rgb = r.instance[v], r.depth[v], r.rgb[v]
        assert (inst == 0).sum() > 30 and (inst == 1).sum() > 30, f"an object is missing in view {v}"
        assert np.all(rgb[inst == -1] == 255), "background must be exactly white"
        np.testing.assert_array_equal(depth > 0, inst >= 0)
        # Face colours stay readable: the box is red, the sphere blue.
        box_px, sphere_px = rgb[inst == 0].astype(float), rgb[inst == 1].astype(float)
        assert box_px[:, 0].mean() > 1.8 * box_px[:, 1:].mean()
        assert sphere_px[:, 2].mean() > 1.4 * sphere_px[:, :2].mean()
        # Depths lie within the scene's extent as seen from the camera (2 m away, scene radius < 0.7 m).
        assert depth[inst >= 0].min() > 1.2 and depth.max() < 2.8


def test_default_rig_frames_the_whole_scene(two_objects) -> None:
    meshes, transforms = two_objects
    r = render_views(meshes, transforms, n_views=3, resolution=(64, 48))
    assert len(r.rgb) == 3
    for inst in r.instance:
        assert {0, 1} <= set(np.unique(inst).tolist())
        # Framed with a margin: nothing touches the border.
        border = np.concatenate([inst[0], inst[-1], inst[:, 0], inst[:, -1]])
        assert np.all(border == -1)
    # Cameras orbit the centre of the scene's world bounding box at 20° elevation.
    points = np.concatenate(
        [trimesh.transform_points(m.vertices, t) for m, t in zip(meshes, transforms, strict=True)]
    )
    center = 0.5 * (points.min(axis=0) + points.max(axis=0))
    offsets = r.cameras[:, :3, 3] - center
    dist = np.linalg.norm(offsets, axis=1)
    np.testing.assert_allclose(dist, dist[0])
    np.testing.assert_allclose(np.degrees(np.arcsin(offsets[:, 1] / dist)), 20.0, atol=1.0)


def test_depth_matches_known_distance_and_intrinsics() -> None:
    box = trimesh.creation.box(extents=(1.0, 1.0, 1.0))
    r = render_views([box], [np.eye(4)], resolution=(64, 64), yfov_deg=40.0, cameras=front_camera(3.0))
    inst, depth = r.instance[0], r.depth[0]
    # Only the +z face (at z = 0.5) faces the camera: depth along the view axis is 2.5 everywhere on it.
    np.testing.assert_allclose(depth[inst == 0], 2.5, atol=2e-3)
    # The silhouette matches the pinhole model K: half-width = f * 0.5 / 2.5 pixels.
    f = r.intrinsics[0, 0]
    assert f == pytest.approx(32.0 / math.tan(math.radians(20.0)))
    cols = np.flatnonzero((inst == 0).any(axis=0))
    assert cols.max() - cols.min() + 1 == pytest.approx(2 * f * 0.2, abs=1.5)


def test_intrinsics_project_points_onto_their_pixels() -> None:
    ball = trimesh.creation.icosphere(subdivisions=2, radius=0.05)
    center = np.array([0.35, -0.2, 0.1])
    cam = look_at((0.2, 0.3, 2.0), (0.0, 0.0, 0.0))
    r = render_views([ball], [pose(center)], resolution=(120, 90), cameras=cam[None])
    # OpenGL camera → OpenCV camera: flip y and z.
    p_cam = (np.linalg.inv(cam) @ np.append(center, 1.0))[:3] * [1, -1, -1]
    u, v, w = r.intrinsics @ p_cam
    rows, cols = np.nonzero(r.instance[0] == 0)
    # The blob's centroid sits within a fraction of a pixel of the projected centre.
    assert cols.mean() == pytest.approx(u / w, abs=0.6)
    assert rows.mean() == pytest.approx(v / w, abs=0.6)
    np.testing.assert_allclose(intrinsics_matrix((120, 90), 40.0), r.intrinsics)


def test_azimuth_zero_sees_the_front_face() -> None:
    box = trimesh.creation.box(extents=(1.0, 1.0, 1.0))
    front = np.abs(box.face_normals[:, 2] - 1.0) < 1e-9
    colors = np.tile(np.asarray(RED, dtype=np.uint8), (len(box.faces), 1))
    colors[front] = GREEN
    box.visual.face_colors = colors
    cams = circle_cameras(np.zeros(3), 3.0, n_views=2, elevation_deg=0.0)
    r = render_views([box], [np.eye(4)], resolution=(48, 48), cameras=cams)
    centre = r.rgb[:, 24, 24].astype(int)
    assert centre[0, 1] > centre[0, 0] + 50, "azimuth 0 must look at the +z (front) face"
    assert centre[1, 0] > centre[1, 1] + 50, "azimuth 180 sees the back"


@pytest.mark.parametrize(("scale", "expected"), [((2.0, 0.5, 1.0), 4.0), ((0.5, 1.5, 1.0), 1 / 3)])
def test_anisotropic_scale_sets_silhouette_aspect(scale, expected) -> None:
    box = trimesh.creation.box(extents=(0.4, 0.4, 0.4))
    r = render_views([box], [pose(scale=scale)], resolution=(96, 96), cameras=front_camera(3.0))
    rows, cols = np.nonzero(r.instance[0] == 0)
    aspect = (cols.max() - cols.min() + 1) / (rows.max() - rows.min() + 1)
    assert aspect == pytest.approx(expected, rel=0.08)


def test_mirroring_transform_keeps_surfaces_lit() -> None:
    box = painted(trimesh.creation.box(extents=(0.5, 0.5, 0.5)), RED)
    cam = look_at((1.0, 1.0, 2.0), (0.0, 0.0, 0.0))[None]
    plain = render_views([box], [np.eye(4)], resolution=(64, 64), cameras=cam)
    mirrored = render_views([box], [pose(scale=(-1.0, 1.0, 1.0))], resolution=(64, 64), cameras=cam)
    # Flipped winding would turn normals inward (dark faces) or cull the front faces.
    np.testing.assert_array_equal(plain.instance, mirrored.instance)
    assert abs(plain.rgb.mean() - mirrored.rgb.mean()) < 1.0


def test_hidden_and_out_of_view_objects_do_not_appear() -> None:
    big = trimesh.creation.box(extents=(1.0, 1.0, 1.0))
    small = trimesh.creation.box(extents=(0.2, 0.2, 0.2))
    far_away = trimesh.creation.box(extents=(0.2, 0.2, 0.2))
    r = render_views(
        [big, small, far_away],
        [np.eye(4), pose((0.0, 0.0, -1.0)), pose((40.0, 0.0, 0.0))],
        resolution=(48, 48),
        cameras=front_camera(3.0),
    )
    assert set(np.unique(r.instance).tolist()) == {-1, 0}


def test_texture_is_sampled_the_right_way_round_and_open_surfaces_show_both_sides() -> None:
    # A 1 x 1 quad in the z = 0 plane facing +z, texture left half red / right half green.
    quad = trimesh.Trimesh(
        vertices=[[-0.5, -0.5, 0], [0.5, -0.5, 0], [0.5, 0.5, 0], [-0.5, 0.5, 0]],
        faces=[[0, 1, 2], [0, 2, 3]],
        process=False,
    )
    image = np.zeros((8, 8, 3), dtype=np.uint8)
    image[:, :4] = (220, 30, 30)
    image[:, 4:] = (30, 200, 30)
    image[:2, :] = (30, 30, 220)  # top rows blue, to catch a vertical flip
    uv = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    quad.visual = trimesh.visual.TextureVisuals(uv=uv, image=Image.fromarray(image))
    cams = np.stack([front_camera(2.0)[0], look_at((0.0, 0.0, -2.0), (0.0, 0.0, 0.0))])
    r = render_views([quad], [np.eye(4)], resolution=(64, 64), cameras=cams)
    front = r.rgb[0].astype(int)
    # The quad covers rows/cols 10..53; sample well inside each texture region.
    assert front[40, 20, 0] > 150 > front[40, 20, 1], "left half should be red"
    assert front[40, 44, 1] > 100 > front[40, 44, 0], "right half should be green"
    assert front[14, 20, 2] > 150 > front[14, 20, 0], "top rows should be blue"
    # Seen from behind the open quad is still drawn and lit (not culled, not black); left/right swap.
    back = r.rgb[1].astype(int)
    assert (r.instance[1] == 0).sum() > 500
    assert back[40, 20, 1] > 100 > back[40, 20, 0]


def test_mesh_without_colour_renders_neutral_grey() -> None:
    r = render_views(
        [trimesh.creation.icosphere(subdivisions=1)], [np.eye(4)], resolution=(32, 32), cameras=front_camera()
    )
    px = r.rgb[0][r.instance[0] == 0].astype(float)
    assert np.ptp(px.mean(axis=0)) < 3  # grey: channels equal


def test_empty_meshes_are_skipped_and_vertex_colours_render() -> None:
    box = trimesh.creation.box(extents=(0.5, 0.5, 0.5))
    box.visual.vertex_colors = np.tile(np.asarray(GREEN, dtype=np.uint8), (len(box.vertices), 1))
    r = render_views(
        [trimesh.Trimesh(), box], [np.eye(4), np.eye(4)], resolution=(32, 32), cameras=front_camera()
    )
    assert set(np.unique(r.instance).tolist()) == {-1, 1}
    px = r.rgb[0][r.instance[0] == 1].astype(float).mean(axis=0)
    assert px[1] > px[0] + 50 and px[1] > px[2] + 50


def test_crease_normals_sharp_on_boxes_smooth_on_spheres(monkeypatch) -> None:
    from oorkit.render import renderer

    box = trimesh.creation.box()
    normals = renderer._corner_normals(box.vertices, box.faces)
    np.testing.assert_allclose(normals, np.repeat(box.face_normals[:, None], 3, axis=1), atol=1e-12)
    sphere = trimesh.creation.icosphere(subdivisions=3)
    normals = renderer._corner_normals(sphere.vertices, sphere.faces)
    radial = sphere.vertices[sphere.faces] / np.linalg.norm(
        sphere.vertices[sphere.faces], axis=-1, keepdims=True
    )
    assert np.einsum("fij,fij->fi", normals, radial).min() > 0.999
    # Chunked pairing gives the same answer as one pass.
    monkeypatch.setattr(renderer, "_PAIR_CHUNK", 7)
    np.testing.assert_allclose(renderer._corner_normals(sphere.vertices, sphere.faces), normals, atol=1e-12)


def test_bad_inputs_raise_clear_errors() -> None:
    box = trimesh.creation.box()
    with pytest.raises(ValueError, match="match"):
        render_views([box, box], [np.eye(4)])
    with pytest.raises(ValueError, match="4x4"):
        render_views([box], [np.eye(3)])
    with pytest.raises(ValueError, match="finite"):
        render_views([box], [np.full((4, 4), np.nan)])
    with pytest.raises(ValueError, match="affine"):
        render_views([box], [np.ones((4, 4))])
    with pytest.raises(ValueError, match="at least one"):
        render_views([], np.zeros((0, 4, 4)))
    with pytest.raises(ValueError, match="rigid"):
        render_views([box], [np.eye(4)], cameras=np.diag([2.0, 2.0, 2.0, 1.0])[None])
    with pytest.raises(ValueError, match="resolution"):
        render_views([box], [np.eye(4)], resolution=(0, 10))
    with pytest.raises(TypeError, match="Trimesh"):
        render_views([trimesh.Scene(box)], [np.eye(4)])


def test_missing_opengl_context_gives_actionable_error(monkeypatch) -> None:
    import pyrender

    def broken(*args, **kwargs):
        raise OSError("eglInitialize failed")

    monkeypatch.setattr(pyrender, "OffscreenRenderer", broken)
    with pytest.raises(RuntimeError, match="libegl1") as info:
        render_views([trimesh.creation.box()], [np.eye(4)], resolution=(16, 16), n_views=1)
    assert "osmesa" in str(info.value)


# --------------------------------------------------------------------------------------------------------
# images
# --------------------------------------------------------------------------------------------------------


def test_image_grid_layout() -> None:
    images = np.arange(10, dtype=np.uint8)[:, None, None, None] * np.ones((1, 6, 8, 3), dtype=np.uint8)
    grid = image_grid(images, pad=2, pad_value=255)
    # 10 views → 5 columns x 2 rows, padded around and between.
    assert grid.shape == (2 * 6 + 3 * 2, 5 * 8 + 6 * 2, 3)
    assert np.all(grid[2:8, 2:10] == 0) and np.all(grid[8 + 2 : 8 + 2 + 6, 2:10] == 5)
    assert np.all(grid[0] == 255)
    assert image_grid(np.zeros((3, 4, 4)), ncols=1).shape == (3 * 4 + 4 * 4, 4 + 2 * 4)
    assert [_grid_columns(n) for n in (1, 2, 3, 4, 8, 10, 12)] == [1, 2, 3, 2, 4, 5, 4]
    with pytest.raises(ValueError):
        image_grid(np.zeros((4, 4)))


def test_colorize_instances() -> None:
    ids = np.array([[-1, 0, 1], [2, 3, -1]], dtype=np.int16)
    img = colorize_instances(ids)
    assert img.shape == (2, 3, 3) and img.dtype == np.uint8
    assert np.all(img[ids == -1] == 255)
    colors = {tuple(c) for c in img[ids >= 0]}
    assert len(colors) == 4 and (255, 255, 255) not in colors


def test_colorize_depth() -> None:
    depth = np.array([[0.0, 1.0, 2.0, 3.0]], dtype=np.float32)
    img = colorize_depth(depth).astype(int)
    assert np.all(img[0, 0] == 255)
    brightness = img[0, 1:].sum(axis=1)
    assert brightness[0] > brightness[1] > brightness[2], "near must be brighter than far"
    assert np.all(colorize_depth(np.zeros((2, 2))) == 255)


def test_save_png_and_save_render(tmp_path, two_object_render: RenderResult) -> None:
    img = np.random.default_rng(0).integers(0, 255, (5, 7, 3), dtype=np.uint8)
    path = save_png(img, tmp_path / "a" / "b" / "img.png")
    with Image.open(path) as loaded:
        np.testing.assert_array_equal(np.asarray(loaded), img)
    with pytest.raises(ValueError, match="uint8"):
        save_png(img.astype(float), tmp_path / "f.png")

    paths = save_render(two_object_render, tmp_path / "out", prefix="scene")
    assert {p.name for p in paths.values()} == {
        "scene_rgb.png",
        "scene_depth.png",
        "scene_mask.png",
        "scene.npz",
    }
    assert all(p.is_file() for p in paths.values())
    data = np.load(paths["npz"])
    for key in ("rgb", "depth", "instance", "cameras", "intrinsics"):
        np.testing.assert_array_equal(data[key], getattr(two_object_render, key))
    with Image.open(paths["rgb"]) as grid:
        assert grid.size == (2 * 96 + 3 * 4, 2 * 80 + 3 * 4)
