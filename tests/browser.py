"""A small driver for headless Chromium over the DevTools protocol, standard library only.

Chromium is started with ``--remote-debugging-pipe``: it reads protocol
commands from file descriptor 3 and writes replies and events to descriptor
4, each message JSON ended by a NUL byte (what Playwright and Puppeteer use
under the hood). No port, no websocket, no network: the flags turn off
every background service, and a fresh profile folder is used for each run.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

#: Debian's package installs ``chromium``; other names for the same browser.
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
)


def find() -> str | None:
    """The Chromium executable: ``$CHROMIUM`` or the first of ``NAMES`` on PATH."""
    given = os.environ.get("CHROMIUM")
    if given:
        return given
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    """The browser answered a command with an error, or went away."""


class Chromium:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(
        self, executable: str, *, width: int = 1200, height: int = 900, timeout: float = 60
    ):
        self.timeout = timeout
        self.events: list[dict[str, Any]] = []
        self._profile = tempfile.mkdtemp(prefix="cleaner-chromium-")
        # Chromium logs a lot on stderr; a file never fills up and blocks it as a pipe would.
        self._log = open(os.path.join(self._profile, "stderr.log"), "w+b")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire() -> None:  # in the child: the pipe ends at fds 3 and 4
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self._proc = subprocess.Popen(
            [
                executable,
                *FLAGS,
                f"--user-data-dir={self._profile}",
                f"--window-size={width},{height}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=wire,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        target = self._command("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self._command("Target.attachToTarget", {"targetId": target, "flatten": True})
        self._session = attached["sessionId"]
        for domain in ("Page", "Network", "Runtime"):
            self.send(f"{domain}.enable")

    # -- protocol ------------------------------------------------------------

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise BrowserError("no answer from Chromium in time")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                self._log.seek(0)
                err = self._log.read().decode("utf-8", "replace")
                raise BrowserError(f"Chromium went away: {err[-2000:]}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _command(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> Any:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def send(self, method: str, params: dict[str, Any] | None = None) -> Any:
        """A command to the page's session; returns its result."""
        return self._command(method, params, self._session)

    def wait_for_event(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        seen = 0
        while True:
            for event in self.events[seen:]:
                if event.get("method") == method:
                    self.events.remove(event)
                    return event
            seen = len(self.events)
            reply = self._read_message(deadline)
            if "method" in reply:
                self.events.append(reply)

    # -- what a test does ---------------------------------------------------

    def open(self, url: str) -> None:
        """Load ``url`` and wait for its load event."""
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_for_event("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-able values)."""
        got = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in got:
            raise BrowserError(f"{expression!r}: {got['exceptionDetails']}")
        return got["result"].get("value")

    def center_of(self, selector: str) -> tuple[float, float]:
        """Scroll the first element matching ``selector`` into view; its centre on screen."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        return box[0], box[1]

    def hover(self, selector: str) -> None:
        x, y = self.center_of(selector)
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def click(self, selector: str) -> None:
        x, y = self.center_of(selector)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            params = {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
            self.send("Input.dispatchMouseEvent", params)

    def screenshot(self, path: Path, *, full_page: bool = False, scale: float = 1.0) -> None:
        """A PNG of the viewport (or of the whole page), scaled by ``scale``."""
        if full_page:
            width, height = self.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            x, y = 0, 0
        else:
            x, y, width, height = self.evaluate(
                "[window.scrollX, window.scrollY, window.innerWidth, window.innerHeight]"
            )
        clip = {"x": x, "y": y, "width": width, "height": height, "scale": scale}
        params = {"format": "png", "clip": clip, "captureBeyondViewport": full_page}
        data = self.send("Page.captureScreenshot", params)["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def requested_urls(self) -> list[str]:
        """Every URL the page asked for since it was opened."""
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    # -- lifetime -------------------------------------------------------------

    def close(self) -> None:
        try:
            self._command("Browser.close")
        except (BrowserError, OSError):
            pass
        try:
            self._proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        self._log.close()
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.browser docs/report.png``: the README's screenshot, made
    from the report of ``examples/corpus.jsonl`` with a removed line's reason shown."""
    import sys

    from cleaner.cli import main as cleaner_main

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tests.browser OUTPUT.png", file=sys.stderr)
        return 2
    executable = find()
    if executable is None:
        print("Chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    out = Path(args[0]).resolve()
    os.chdir(Path(__file__).resolve().parent.parent)  # the page names the input as given
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        argv = ["report", "--no-config", "examples/corpus.jsonl", "--site-field", "url"]
        if cleaner_main([*argv, "--sample", "2", "-o", str(page)]):
            return 1
        with Chromium(executable, width=1000, height=900) as chromium:
            chromium.open(page.as_uri())
            # a window as tall as the page: nothing scrolls, the toolbar stays in place
            height = chromium.evaluate("document.documentElement.scrollHeight")
            metrics = {"width": 1000, "height": height, "deviceScaleFactor": 1, "mobile": False}
            chromium.send("Emulation.setDeviceMetricsOverride", metrics)
            chromium.hover("article.doc .rm")
            chromium.screenshot(out, scale=0.65)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
