"""The review page in a real browser: `monitor serve` runs as a subprocess on 127.0.0.1
and headless Chromium (Debian's, driven by Playwright) opens the alert list, marks one
alert read, sees its status change, and saves a screenshot."""

from __future__ import annotations

import re
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


def test_keyboard_triage_and_save_as_rule_in_a_browser(
    served: tuple[str, dict[str, int]], tmp_path: Path,
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is "
                                   "not installed: pip install -e .[test]")
    expect = sync_api.expect
    url, ids = served
    order = [ids["loudiyi"], ids["jf17"], ids["harbour"]]  # newest first
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(10_000)
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                    if r.status >= 400 else None)
            page.goto(url + "/")
            expect(page.locator(".keys-hint")).to_be_visible()  # the script ran (CSP allows it)
            page.keyboard.press("?")
            expect(page.locator("#keys-help")).to_be_visible()
            page.keyboard.press("Escape")
            expect(page.locator("#keys-help")).to_be_hidden()
            page.keyboard.press("j")
            page.keyboard.press("j")
            expect(page.locator(f"#alert-{order[1]}")).to_have_class(re.compile(r"\bcurrent\b"))
            page.keyboard.press("k")
            expect(page.locator(f"#alert-{order[0]}")).to_have_class(re.compile(r"\bcurrent\b"))
            page.keyboard.press("j")
            page.keyboard.press("r")  # read, and back on the same row
            page.wait_for_url(f"**/?done=read&n=1#alert-{order[1]}")
            expect(page.locator(f"#alert-{order[1]} .status")).to_have_text("read")
            expect(page.locator(f"#alert-{order[1]}")).to_have_class(re.compile(r"\bcurrent\b"))
            page.keyboard.press("s")
            page.wait_for_url("**/?done=starred&n=1#*")
            expect(page.locator(f"#alert-{order[1]} .starred")).to_have_count(1)
            expect(page.locator(f"#alert-{order[1]} .status")).to_have_text("read")  # a flag
            page.keyboard.press("d")  # dismissed: gone from the list, the next row is current
            page.wait_for_url(f"**/?done=dismissed&n=1#alert-{order[2]}")
            expect(page.locator(".alert")).to_have_count(2)
            expect(page.locator(f"#alert-{order[2]}")).to_have_class(re.compile(r"\bcurrent\b"))
            page.screenshot(path=str(tmp_path / "triage.png"), full_page=True)
            page.keyboard.press("o")
            page.wait_for_url(f"**/alerts/{order[2]}")

            page.goto(url + "/rules?q=Morocco+AND+JF-17")
            form = page.locator("form.save-rule")
            form.locator('input[name="id"]').fill("jf17-morocco")
            form.locator('input[name="name"]').fill("JF-17 for Morocco")
            form.locator('select[name="severity"]').select_option("high")
            form.get_by_role("button", name="Save").click()
            page.wait_for_url("**/rules?saved=jf17-morocco#rule-jf17-morocco")
            expect(page.locator("#rule-jf17-morocco")).to_be_visible()
            expect(page.get_by_role("status")).to_contain_text("Saved rule jf17-morocco")
            page.screenshot(path=str(tmp_path / "saved.png"), full_page=True)
            assert not errors, errors
        finally:
            browser.close()
    saved = (tmp_path / "rules" / "local.toml").read_text(encoding="utf-8")
    assert 'id = "jf17-morocco"' in saved and 'severity = "high"' in saved
    shutil.copy(tmp_path / "triage.png", "/tmp/web_triage.png")
    shutil.copy(tmp_path / "saved.png", "/tmp/web_saved.png")
