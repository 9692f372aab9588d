"""The review page in a real browser: `monitor serve` runs as a subprocess on 127.0.0.1
and headless Chromium (Debian's, driven by Playwright) opens the alert list, marks one
alert read, sees its status change, and saves a screenshot."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_web import make_site

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium"),
                             shutil.which("chromium-browser")) if p and Path(p).exists()), None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium at /usr/bin/chromium or on PATH: install Debian's `chromium` package "
    "(make test does this when it can) to run the browser test",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """`monitor serve` on a free loopback port over a state with three alerts."""
    site = make_site(tmp_path)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(site.config.path), "serve",
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                if httpx.get(url + "/static/style.css", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                out, err = process.communicate()
                pytest.fail(f"monitor serve did not start: {out} {err}")
            time.sleep(0.1)
        yield url, site.ids
    finally:
        process.terminate()
        try:
            out, _ = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            out, _ = process.communicate()
    assert f"serving on {url}" in out


def test_mark_an_alert_read_in_a_browser(served: tuple[str, dict[str, int]],
                                         tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is "
                                   "not installed: pip install -e .[test]")
    url, ids = served
    alert = f"#alert-{ids['jf17']}"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(10_000)
            page.goto(url + "/")
            sync_api.expect(page.locator(".alert")).to_have_count(3)
            sync_api.expect(page.locator(f"{alert} .status")).to_have_text("new")
            page.locator(alert).get_by_role("button", name="mark read").click()
            page.wait_for_url("**/?done=read&n=1")
            sync_api.expect(page.locator(f"{alert} .status")).to_have_text("read")
            sync_api.expect(page.get_by_role("status")).to_have_text("1 alert(s) marked read")
            others = page.locator(f".alert:not({alert}) .status")
            sync_api.expect(others).to_have_text(["new", "new"])
            shot = tmp_path / "alerts.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert shot.is_file()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
