"""Objects on furniture placed by the OOR model on top of the solved floor layout."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely

from oorkit.layout import solve, spec_from_dict
from oorkit.layout.export import layout_dict
from oorkit.layout.furniture import _corners, _footprint, floor_instance, furniture_pairs, place_on_furniture

DOC = {
    "room": {"size": [4, 3.5]},
    "assets": [
        {"id": "table", "category": "table"},
        {"id": "cup", "category": "teacup", "on": "table"},
        {"id": "cup2", "category": "teacup"},
        {"id": "chair", "category": "chair"},
    ],
    "relations": [
        {"type": "on", "source": "cup2", "target": "table", "context": "A teacup on a table"},
        {"type": "against_wall", "source": "table", "wall": "T"},
        {"type": "in_front_of", "source": "chair", "target": "table", "clearance": 0.1},
    ],
}


def _solved() -> tuple[object, object]:
    spec = spec_from_dict(DOC)
    return spec, solve(spec, seed=0, restarts=2, steps=150)


def test_objects_on_furniture_rest_on_the_top(tiny_model: Path) -> None:
    spec, res = _solved()
    assert [a.id for a in spec.floor_assets()] == ["table", "chair"]  # type: ignore[attr-defined]
    assert [(o.id, b.id) for o, b, _ in furniture_pairs(spec)] == [("cup", "table"), ("cup2", "table")]  # type: ignore[arg-type]
    placed = place_on_furniture(spec, res.ids, res.poses, tiny_model, n=16)  # type: ignore[arg-type, attr-defined]
    table = spec.assets[0]  # type: ignore[attr-defined]
    furniture = floor_instance(table, res.poses[0])  # type: ignore[attr-defined]
    top = _footprint(_corners(furniture))
    feet = []
    for p in placed:
        assert p.status == "placed", p
        assert p.pose is not None and p.size is not None
        corners = _corners(p.pose @ np.diag([*p.size, 1.0]))
        assert abs(corners[:, 1].min() - table.height) < 1e-6  # bottom on the table top
        assert top.covers(_footprint(corners))  # within the table's footprint
        feet.append(_footprint(corners))
    assert feet[0].intersection(feet[1]).area <= 1e-4  # the two cups do not collide
    doc = layout_dict(spec, res, [], placed)  # type: ignore[arg-type]
    assert [d["status"] for d in doc["on_furniture"]] == ["placed", "placed"]
    assert shapely.area(top) > 0


def test_pending_without_a_model(tmp_path: Path) -> None:
    spec, res = _solved()
    placed = place_on_furniture(spec, res.ids, res.poses, tmp_path / "no-model")  # type: ignore[arg-type, attr-defined]
    assert [p.status for p in placed] == ["pending", "pending"]
    assert "not an OORKit model directory" in placed[0].note


def test_yaml_on_key_is_the_on_field(tmp_path: Path) -> None:
    from oorkit.layout import load_spec

    path = tmp_path / "room.yaml"
    path.write_text(
        "room: {size: [4, 4]}\nassets:\n  - {id: t, category: table}\n  - {id: c, category: teacup, on: t}\n"
    )
    spec = load_spec(path)
    assert spec.assets[1].on == "t" and [a.id for a in spec.floor_assets()] == ["t"]
