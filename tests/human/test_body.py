"""The body adapter and the pose prior on the real Anny model: frames, joint axes, limits, balance."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from oorkit.human.body import JOINTS
from oorkit.human.prior import (
    balance,
    hand_frame,
    limit_violations,
    project_to_limits,
    rest_prior,
    support_polygon,
)

JOINT = {j.bone: i for i, j in enumerate(JOINTS)}


def posed(body, **angles_deg: tuple[float, float, float]) -> np.ndarray:
    a, g = body.rest_angles()
    for bone, value in angles_deg.items():
        a[0, JOINT[bone.replace("_", ".")]] = torch.as_tensor(np.radians(value))
    with torch.no_grad():
        return body.pose(a, g)[0].numpy()


def test_rest_body_stands_on_the_floor_facing_plus_z(body) -> None:
    v = body.rest_vertices
    assert v[:, 1].min() == pytest.approx(0.0, abs=1e-9)
    assert 1.5 < v[:, 1].max() < 1.9  # an adult, in metres
    toes = v[body.regions["soles"]]
    assert toes[:, 2].max() > 0.1 > -toes[:, 2].min()  # the feet point to +z
    left, right = v[body.regions["hand.L"]].mean(0), v[body.regions["hand.R"]].mean(0)
    assert left[0] > 0.3 and right[0] < -0.3  # left hand at +x
    with torch.no_grad():
        a, g = body.rest_angles()
        np.testing.assert_allclose(body.pose(a, g)[0].numpy(), v, atol=1e-9)


def test_joint_axes_are_orthonormal_frames(body) -> None:
    for axes in body.axes.numpy():
        np.testing.assert_allclose(axes.T @ axes, np.eye(3), atol=1e-6)


def test_flexion_moves_forward_and_closes_hinges(body) -> None:
    rest = body.rest_vertices
    head = rest[:, 1] > 1.45
    bent = posed(body, spine05=(40, 0, 0))
    assert bent[head, 2].mean() > rest[head, 2].mean() + 0.3  # bending at the hips: the head goes forward
    raised = posed(body, upperarm01_R=(90, 0, 0))
    hand = body.regions["hand.R"]
    assert raised[hand, 2].mean() > rest[hand, 2].mean() + 0.2  # shoulder flexion: the arm goes forward
    assert raised[hand, 1].mean() > rest[hand, 1].mean() + 0.4  # and up, to shoulder height
    elbow = posed(body, lowerarm01_R=(120, 0, 0))
    shoulder = rest[body.regions["shoulder.R"]].mean(0)
    d_rest = np.linalg.norm(rest[hand].mean(0) - shoulder)
    assert np.linalg.norm(elbow[hand].mean(0) - shoulder) < d_rest - 0.2  # the hinge closes the arm


def test_palm_faces_the_thigh_at_rest_and_a_grip_closes_the_fingers(body) -> None:
    v = torch.as_tensor(body.rest_vertices)[None]
    palm, normal, _ = hand_frame(body, v, "R")
    assert normal[0, 0] > 0.5  # the right palm faces +x, towards the body's midline
    a, g = body.rest_angles()
    g[0, 0] = 1.0
    with torch.no_grad():
        fist = body.pose(a, g)
    tips = body.regions["tips.R"]
    before = (v[0, tips] - palm[0]).norm(dim=-1).mean()
    after = (fist[0, tips] - hand_frame(body, fist, "R")[0][0]).norm(dim=-1).mean()
    assert after < before - 0.03


def test_limits_are_projected_and_counted(body) -> None:
    a, g = body.rest_angles()
    assert limit_violations(body, a) == 0
    a[0, JOINT["lowerarm01.R"], 0] = np.radians(-40)  # an elbow bent the wrong way
    a[0, JOINT["spine03"], 1] = np.radians(30)  # a spine bent far sideways
    g[0] = torch.tensor([1.7, -0.2])
    assert limit_violations(body, a) == 2
    project_to_limits(body, a, g)
    assert limit_violations(body, a) == 0
    assert a[0, JOINT["lowerarm01.R"], 0] == pytest.approx(np.radians(-5))
    assert g.tolist() == [[1.0, 0.0]]


def test_rest_prior_holds_sideways_bending_hardest(body) -> None:
    a, _ = body.rest_angles()
    forward, sideways = a.clone(), a.clone()
    forward[0, JOINT["spine03"], 0] = 0.1
    sideways[0, JOINT["spine03"], 1] = 0.1
    assert rest_prior(body, a).item() == 0.0
    assert rest_prior(body, sideways).item() > 3 * rest_prior(body, forward).item()


def test_balance_is_zero_standing_and_positive_leaning_far(body) -> None:
    polygon = support_polygon(body)
    rest = torch.as_tensor(body.rest_vertices)[None]
    assert balance(body, rest, polygon).item() == 0.0
    com = body.centre_of_mass(rest)[0].numpy()
    assert 0.85 < com[1] < 1.1  # about the navel's height
    upper = rest.clone()
    upper[0, upper[0, :, 1] > 0.9, 2] += 0.5  # everything above the hips half a metre forward, feet still
    assert balance(body, upper, polygon).item() > 0.01**2
