"""Make the images of docs/quickstart.md and docs/gallery.md by running the commands those pages show.

    python docs/make_images.py                    # both pages (about 7 min on a 2-core CPU)
    python docs/make_images.py --only gallery     # one page
    python docs/make_images.py --list             # print the commands, run nothing

Run it from anywhere with the Python of the environment OORKit is installed in (e.g.
`.venv/bin/python docs/make_images.py`): every command of `STEPS` is run verbatim from the repository root,
with `oor` taken from that environment, and the PNG/GIF files it writes are copied to
`docs/images/<page>/`, PNGs downscaled to at most 800 px wide and optimised. The commands' own outputs stay
under `out/` (ignored by git). `tests/test_docs.py` checks that each command appears verbatim in its page.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
MAX_WIDTH = 800


@dataclass(frozen=True)
class Step:
    """One command as the docs show it, and the files it writes that the docs embed: (produced, name)."""

    command: str
    images: tuple[tuple[str, str], ...] = ()


STEPS: dict[str, list[Step]] = {
    "quickstart": [
        Step(
            "oor demo --seed 0 --out out/demo",
            (("out/demo/closeup_rgb.png", "demo_closeup.png"), ("out/demo/render_rgb.png", "demo.png")),
        ),
        Step(
            'oor sample "A teapot pouring tea into a teacup" -n 8 --seed 0 --out out/teapot',
            (("out/teapot/sample_000.png", "teapot_sample_000.png"),),
        ),
        Step(
            "oor scene examples/scenes/desk_setup.yaml -n 4 --seed 0 --out out/desk",
            (("out/desk/scene_000.png", "desk_scene_000.png"),),
        ),
        Step(
            "oor edit rearrange out/desk/scene_000.json --perturb 0.3 --seed 0 --out out/desk_edit",
            (
                ("out/desk_edit/before_after.png", "desk_edit_before_after.png"),
                ("out/desk_edit/trajectory.gif", "desk_edit_trajectory.gif"),
            ),
        ),
        Step(
            "oor edit recontext out/demo/scene.json --base teacup --target teapot "
            '--context "A teapot next to a teacup" --out out/recontext',
            (("out/recontext/before_after.png", "recontext_before_after.png"),),
        ),
        Step(
            "oor layout --room bedroom --size 5x4 --seed 0 --out out/bedroom",
            (("out/bedroom/plan.png", "bedroom_plan.png"),),
        ),
        Step(
            "oor render out/bedroom/scene.json --views 4 --resolution 320 --elevation 45 "
            "--out out/bedroom_render",
            (("out/bedroom_render/render_rgb.png", "bedroom_render.png"),),
        ),
    ],
    "gallery": [
        *[
            Step(
                f'oor sample "{text}" -n 8 --seed 0 --rank --render 1 --out out/gallery/{name}',
                ((f"out/gallery/{name}/sample_000.png", f"{name}.png"),),
            )
            for text, name in [
                ("A teapot pouring tea into a teacup", "teapot_teacup"),
                ("A knife cutting an apple", "knife_apple"),
                ("A keyboard in front of a monitor", "keyboard_monitor"),
                ("A chair pushed under a desk", "chair_desk"),
                ("A flower in a vase", "flower_vase"),
                ("A lamp on a nightstand", "lamp_nightstand"),
            ]
        ],
        *[
            Step(
                f"oor scene examples/scenes/{name}.yaml -n 4 --seed 0 --out out/gallery/{name}",
                ((f"out/gallery/{name}/scene_000.png", f"scene_{name}.png"),),
            )
            for name in ["dining_for_two", "living_room", "study_table"]
        ],
        Step(
            "oor layout examples/layouts/living_room_1.yaml --seed 0 --out out/gallery/living_room_1",
            (("out/gallery/living_room_1/plan.png", "layout_living_room_1_plan.png"),),
        ),
        Step(
            "oor render out/gallery/living_room_1/scene.json --views 4 --resolution 320 --elevation 45 "
            "--out out/gallery/living_room_1_render",
            (("out/gallery/living_room_1_render/render_rgb.png", "layout_living_room_1_render.png"),),
        ),
    ],
}


def oor_executable() -> str:
    """The `oor` of the running Python's environment (a venv's bin/), else the one on PATH."""
    here = Path(sys.executable).parent / "oor"
    if here.exists():
        return str(here)
    found = shutil.which("oor")
    if found is None:
        raise SystemExit("error: no `oor` next to this Python or on PATH; run `pip install -e .` first")
    return found


def copy_image(src: Path, dst: Path) -> None:
    """Copy a GIF as is; downscale a PNG to at most MAX_WIDTH px wide and write it optimised."""
    from PIL import Image

    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.suffix.lower() != ".png":
        shutil.copyfile(src, dst)
        return
    with Image.open(src) as im:
        image = im.convert("RGB")
    if image.width > MAX_WIDTH:
        height = round(image.height * MAX_WIDTH / image.width)
        image = image.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
    image.save(dst, optimize=True)


def run(page: str, oor: str) -> None:
    for step in STEPS[page]:
        argv = shlex.split(step.command)
        print(f"$ {step.command}", flush=True)
        start = time.perf_counter()
        subprocess.run([oor, *argv[1:]], cwd=ROOT, check=True)
        print(f"  ({time.perf_counter() - start:.0f} s)", flush=True)
        for produced, name in step.images:
            dst = IMAGES / page / name
            copy_image(ROOT / produced, dst)
            print(f"  {produced} -> {dst.relative_to(ROOT)} ({dst.stat().st_size // 1024} KiB)", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(STEPS), help="make the images of one page only")
    parser.add_argument("--list", action="store_true", help="print the commands and run nothing")
    args = parser.parse_args(argv)
    pages = [args.only] if args.only else list(STEPS)
    if args.list:
        for page in pages:
            for step in STEPS[page]:
                print(step.command)
        return
    oor = oor_executable()
    for page in pages:
        run(page, oor)


if __name__ == "__main__":
    main()
