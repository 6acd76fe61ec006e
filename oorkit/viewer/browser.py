"""Headless Chromium over the DevTools protocol (CDP): open the viewer, type, click, take screenshots.

Drives the system `chromium` (Debian package) with `websockets`, which viser already depends on: no
browser download, no playwright/selenium. Used by the end-to-end test and the docs screenshot script.
"""

from __future__ import annotations

import base64
import importlib
import io
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless=new",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--no-sandbox",  # CI runs as root
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-gpu-sandbox",
    "--hide-scrollbars",
    "--mute-audio",
)
# The middle of the element showing `label` (a button's text, or the input next to a label), or null.
_FIND = """(label, what) => {
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const centre = (e) => {
    const r = e.getBoundingClientRect();
    return [r.x + r.width / 2, r.y + r.height / 2];
  };
  if (what === 'button') {
    const b = Array.from(document.querySelectorAll('button'))
      .find(b => visible(b) && !b.disabled && b.textContent.trim() === label);
    return b ? centre(b) : null;
  }
  const leaves = Array.from(document.querySelectorAll('body *'))
    .filter(e => e.children.length === 0 && e.textContent.trim() === label && visible(e));
  for (const leaf of leaves) {
    for (let p = leaf, k = 0; p && k < 5; p = p.parentElement, k++) {
      const input = Array.from(p.querySelectorAll(what)).find(visible);
      if (input) {
        const old = document.querySelectorAll('[data-oorkit-target]');
        old.forEach(e => e.removeAttribute('data-oorkit-target'));
        input.setAttribute('data-oorkit-target', '1');
        return centre(input);
      }
    }
  }
  return null;
}"""


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary on PATH, or None."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """One headless Chromium page driven over CDP; use as a context manager."""

    def __init__(self, binary: str | None = None, width: int = 1280, height: int = 800) -> None:
        self.binary = binary or find_chromium()
        if self.binary is None:
            raise FileNotFoundError("no chromium on PATH (Debian: apt-get install chromium)")
        self.width, self.height = width, height
        self._profile = tempfile.TemporaryDirectory(prefix="oorkit-chromium-")
        self._proc: subprocess.Popen[str] | None = None
        self._ws: Any = None
        self._id = 0

    def __enter__(self) -> Browser:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, timeout: float = 30.0) -> None:
        """Launch Chromium and attach to its first page."""
        connect = importlib.import_module("websockets.sync.client").connect
        args = [
            str(self.binary),
            *FLAGS,
            "--remote-debugging-port=0",
            f"--user-data-dir={self._profile.name}",
            f"--window-size={self.width},{self.height}",
            "about:blank",
        ]
        self._proc = subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        assert self._proc.stderr is not None
        deadline = time.monotonic() + timeout
        port = None
        while port is None and time.monotonic() < deadline:
            line = self._proc.stderr.readline()
            if not line and self._proc.poll() is not None:
                raise RuntimeError(f"chromium exited with code {self._proc.returncode}")
            match = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            port = int(match.group(1)) if match else None
        if port is None:
            raise TimeoutError("chromium did not open its DevTools port")
        # Keep reading stderr so chromium never blocks on a full pipe.
        _drain(self._proc.stderr)
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=timeout))
        page = next(t for t in targets if t.get("type") == "page")
        self._ws = connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=timeout)
        size = {"width": self.width, "height": self.height}
        self.send("Emulation.setDeviceMetricsOverride", deviceScaleFactor=1, mobile=False, **size)

    def close(self) -> None:
        """Close the connection and end the browser process."""
        if self._ws is not None:
            self._ws.close()
            self._ws = None
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
            self._proc = None
        self._profile.cleanup()

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """One CDP command; its result (events in between are skipped)."""
        self._id += 1
        self._ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv(timeout=60))
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message["result"])

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    def goto(self, url: str) -> None:
        """Navigate the page to `url`."""
        self.send("Page.navigate", url=url)

    def wait_until(self, check: Callable[[], Any], timeout: float = 30.0, what: str = "condition") -> Any:
        """Poll `check` until it returns something truthy; TimeoutError naming `what` otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = check()
            if value:
                return value
            time.sleep(0.1)
        raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")

    def locate(self, label: str, what: str = "button") -> tuple[float, float] | None:
        """Centre of the visible button with this text, or of the `what` element ('input') by this label."""
        found = self.evaluate(f"({_FIND})({json.dumps(label)}, {json.dumps(what)})")
        return (float(found[0]), float(found[1])) if found else None

    def click_at(self, x: float, y: float) -> None:
        """A left mouse click at page coordinates."""
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def click(self, label: str, what: str = "button", timeout: float = 30.0) -> None:
        """Click the button showing `label` (or the input labelled so), waiting for it to appear."""
        x, y = self.wait_until(lambda: self.locate(label, what), timeout, f"{what} {label!r}")
        self.click_at(x, y)

    def type_into(self, label: str, text: str, timeout: float = 30.0) -> None:
        """Click into the text input labelled `label`, select its text and type `text` (keyboard input)."""
        focused = "document.activeElement && document.activeElement.hasAttribute('data-oorkit-target')"

        def focus() -> bool:
            self.click(label, "input", timeout)
            return bool(self.evaluate(focused))

        self.wait_until(focus, timeout, f"focus on input {label!r}")
        # Select what is there (as a user's select-all would), so the typed text replaces it.
        self.evaluate("document.activeElement.select()")
        self.send("Input.insertText", text=text)

    def screenshot(self) -> np.ndarray:
        """The page as an RGB image (H, W, 3) uint8."""
        data = self.send("Page.captureScreenshot", format="png")["data"]
        return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB"))

    def save_screenshot(self, path: str | Path) -> Path:
        """Write the page as a PNG."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(self.screenshot()).save(path)
        return path


def _drain(stream: Any) -> None:
    import threading

    def run() -> None:
        for _ in iter(stream.readline, ""):
            pass

    threading.Thread(target=run, name="chromium-stderr", daemon=True).start()
