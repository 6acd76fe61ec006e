"""Make docs/images/viewer.png: start `oor view`, type the prompt in headless Chromium, sample, screenshot.

    .venv/bin/python docs/make_viewer_screenshot.py            # needs viser and the Debian chromium

The same browser driver as tests/viewer/test_viewer.py (`oorkit.viewer.browser`): the prompt is typed into the
panel and Sample / Next / Bounding boxes are clicked in the page, as a user would.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from PIL import Image

from oorkit.viewer.app import DEFAULT_PROMPT, ViewerApp, ViewerConfig
from oorkit.viewer.browser import Browser

HIDE_NOTICES = "document.querySelectorAll('.mantine-Notification-root').forEach(e => e.remove())"


def main() -> None:
    """Parse the options, drive the viewer and write the PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "images" / "viewer.png")
    parser.add_argument("--prompt", default=DEFAULT_PROMPT)
    parser.add_argument("--sample", type=int, default=1, help="Which sample to show (Next clicks).")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args()

    app = ViewerApp(ViewerConfig(port=0, out=Path("out/view")))
    try:
        with Browser(width=args.width, height=args.height) as browser:
            browser.goto(app.url)
            browser.type_into("Prompt", args.prompt)
            browser.wait_until(lambda: app.gui.prompt.value == args.prompt, 10, "the prompt on the server")
            browser.click("Sample")
            browser.wait_until(lambda: app.status.startswith(("base:", "error")), 120, "sampling")
            for k in range(args.sample):
                browser.click("Next ▶")
                browser.wait_until(lambda k=k: app.index == k + 1, 10, f"sample {k + 1}")
            browser.click("Bounding boxes", "input")
            browser.wait_until(lambda: app.view.show_bboxes, 10, "bounding boxes")
            time.sleep(2.0)  # meshes load and the frame settles
            # viser warns that WebGL runs in software (headless); keep that notice out of the picture.
            browser.evaluate(HIDE_NOTICES)
            time.sleep(0.3)
            path = browser.save_screenshot(args.out)
    finally:
        app.stop()
    # A 256-colour palette keeps the PNG small (the view is mostly greys); the look does not change.
    Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)
    print(f"wrote {path} ({app.status}, sample {app.index})")


if __name__ == "__main__":
    main()
