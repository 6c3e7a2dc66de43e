"""Open the overview and the map in headless Chromium, check them, and save screenshots
(the overview on a desktop and on a 390 px phone: overview.png, overview-phone.png).

The browser test and the README's screenshots use this same code:

    python -m hatang.web.screenshots --workspace hatang-demo --out docs/img
    python -m hatang.web.screenshots --workspace hatang-demo --out docs/img --scenario full

(`--scenario NAME` also opens that planner scenario's page: docs/img/scenario.png;
`--register-token TOKEN --register-case ID` the register: its list, a citizen's report,
signing in with an operator's token and answering case ID — register*.png. The answer
and the report are written to the workspace: use a copy.)

It needs Debian's `chromium` (/usr/bin/chromium) and Playwright for Python (never
`playwright install`: no browser is downloaded). Every request the pages make is
recorded, so a caller can check that none leaves the machine.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class BrowserReport:
    requests: list[str] = field(default_factory=list)
    target_rows: int = 0
    not_computed: bool = False
    map_traces: list[str] = field(default_factory=list)
    map_drawn: bool = False
    #: where clicking the first commune of the map led
    commune_click_url: str = ""
    #: the overview fits a 390 px wide phone screen without sideways scrolling
    phone_fits: bool = False
    console_errors: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)
    #: Swagger UI drew the API's operations at /api/docs (offline, under the CSP)
    api_docs_drawn: bool = False

    def foreign_requests(self, host: str = "127.0.0.1") -> list[str]:
        return foreign_requests(self.requests, host)

    @property
    def csp_violations(self) -> list[str]:
        return csp_violations(self.console_errors)


def csp_violations(console_errors: list[str]) -> list[str]:
    """What the browser refused under the Content-Security-Policy (it logs each)."""
    return [e for e in console_errors if "Content Security Policy" in e]


def foreign_requests(requests: list[str], host: str = "127.0.0.1") -> list[str]:
    """Requests to any other host (data: and blob: URLs stay inside the page)."""
    out = []
    for url in requests:
        u = urlparse(url)
        if u.scheme in ("data", "blob", "about"):
            continue
        if u.hostname != host:
            out.append(url)
    return out


@contextmanager
def _recording_page(
    executable: str, width: int, height: int, requests: list[str], console_errors: list[str]
) -> Iterator[Any]:
    """A headless Chromium page that records every request and console error."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("request", lambda req: requests.append(req.url))
            page.on(
                "console",
                lambda msg: console_errors.append(msg.text) if msg.type == "error" else None,
            )
            yield page
        finally:
            browser.close()


def capture(
    base_url: str,
    out_dir: Path,
    *,
    lang: str = "vi",
    width: int = 1280,
    height: int = 900,
    executable: str = CHROMIUM,
) -> BrowserReport:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = BrowserReport()
    with _recording_page(executable, width, height, report.requests, report.console_errors) as page:
        page.goto(f"{base_url}/?lang={lang}", wait_until="networkidle")
        report.target_rows = page.locator("tr.target-row").count()
        report.not_computed = page.locator('[data-testid="not-computed"]').count() > 0
        shot = out_dir / "overview.png"
        page.screenshot(path=str(shot), full_page=True)
        report.screenshots.append(shot)
        page.set_viewport_size({"width": 390, "height": 844})
        report.phone_fits = page.evaluate(
            "() => document.documentElement.scrollWidth <= window.innerWidth + 1"
        )
        shot = out_dir / "overview-phone.png"  # the first screen of a 390 px phone
        page.screenshot(path=str(shot), full_page=False)
        report.screenshots.append(shot)
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{base_url}/map?lang={lang}", wait_until="networkidle")
        page.wait_for_selector('#map[data-ready="1"]', timeout=30_000)
        page.wait_for_timeout(1500)  # let MapLibre finish painting
        report.map_traces = page.evaluate(
            "() => document.getElementById('map').data.map(t => String(t.meta || t.name))"
        )
        report.map_drawn = page.locator("#map canvas").count() > 0
        shot = out_dir / "map.png"
        page.screenshot(path=str(shot), full_page=False)
        report.screenshots.append(shot)
        # a click on a commune (as plotly reports it) opens the commune's page
        page.evaluate(
            "() => { const gd = document.getElementById('map'); const t = gd.data[0];"
            " gd.emit('plotly_click', {points: [{data: t, location: t.locations[0]}]}); }"
        )
        page.wait_for_url("**/commune/**", timeout=15_000)
        report.commune_click_url = page.url
        page.goto(f"{base_url}/api/docs", wait_until="networkidle")
        page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
        report.api_docs_drawn = page.locator(".swagger-ui .opblock").count() > 5
    return report


@dataclass
class ScenarioReport:
    requests: list[str] = field(default_factory=list)
    action_rows: int = 0
    map_traces: list[str] = field(default_factory=list)
    map_drawn: bool = False
    console_errors: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)

    def foreign_requests(self, host: str = "127.0.0.1") -> list[str]:
        return foreign_requests(self.requests, host)


def capture_scenario(
    base_url: str,
    name: str,
    out_dir: Path,
    *,
    lang: str = "vi",
    width: int = 1280,
    height: int = 1500,
    executable: str = CHROMIUM,
) -> ScenarioReport:
    """Open a planner scenario's page, wait for its map, record every request, save
    `scenario.png` (the first `height` pixels: totals, indicators, solver, map)."""
    from urllib.parse import quote

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = ScenarioReport()
    with _recording_page(executable, width, height, report.requests, report.console_errors) as page:
        page.goto(
            f"{base_url}/scenario/{quote(name, safe='')}?lang={lang}", wait_until="networkidle"
        )
        page.wait_for_selector('#map[data-ready="1"]', timeout=30_000)
        page.wait_for_timeout(1500)  # let MapLibre finish painting
        report.action_rows = page.locator('[data-testid="actions"] tbody tr').count()
        report.map_traces = page.evaluate(
            "() => document.getElementById('map').data.map(t => String(t.meta || t.name))"
        )
        report.map_drawn = page.locator("#map canvas").count() > 0
        shot = out_dir / "scenario.png"
        page.screenshot(path=str(shot), full_page=False)
        report.screenshots.append(shot)
    return report


@dataclass
class RegisterReport:
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)
    list_rows: int = 0
    map_drawn: bool = False
    signed_in_as: str = ""
    steps_offered: list[str] = field(default_factory=list)
    state_after: str = ""
    csrf_refused_status: int = 0
    csrf_refused_text: str = ""
    state_after_refusal: str = ""
    picked_lonlat: tuple[str, str] = ("", "")
    report_done: str = ""

    def foreign_requests(self, host: str = "127.0.0.1") -> list[str]:
        return foreign_requests(self.requests, host)


def capture_register(
    base_url: str,
    token: str,
    case_id: str,
    out_dir: Path,
    *,
    lang: str = "vi",
    planned_on: str | None = None,
    executable: str = CHROMIUM,
) -> RegisterReport:
    """The register as people use it: the list (register.png); a citizen's report placed
    by a click on the map (register-report.png); signing in with an operator's `token`;
    the case page (register-case.png) and its `accept` form sent; a form whose CSRF
    token was altered, refused. `case_id` must be assigned to the token's operator."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    import datetime as dt

    planned_on = planned_on or (dt.date.today() + dt.timedelta(days=90)).isoformat()
    r = RegisterReport()
    with _recording_page(executable, 1280, 1000, r.requests, r.console_errors) as page:
        page.goto(f"{base_url}/register?lang={lang}", wait_until="networkidle")
        page.wait_for_selector('#map[data-ready="1"]', timeout=30_000)
        page.wait_for_timeout(1000)
        r.list_rows = page.locator("[data-case]").count()
        r.map_drawn = page.locator("#map canvas").count() > 0
        r.screenshots.append(_shot(page, out_dir / "register.png"))
        _citizen_report(page, base_url, lang, r, out_dir)
        page.goto(f"{base_url}/login?next=/register/{case_id}", wait_until="networkidle")
        page.fill("#token", token)
        page.click("form.login button")
        page.wait_for_url(f"**/register/{case_id}", timeout=15_000)
        r.signed_in_as = page.locator('[data-testid="signed-in"]').inner_text()
        r.steps_offered = page.eval_on_selector_all(
            "form.step", "fs => fs.map(f => f.dataset.step)"
        )
        page.wait_for_timeout(800)
        r.screenshots.append(_shot(page, out_dir / "register-case.png", full=True))
        form = 'form[data-step="accept"]'
        page.fill(f'{form} input[name="planned_on"]', planned_on)
        page.select_option(f'{form} select[name="planned_action"]', "new-site")
        page.fill(f'{form} textarea[name="note"]', "Trạm mới trong quý 2 / a new site in Q2")
        page.click(f"{form} button")
        page.wait_for_url("**#timeline", timeout=15_000)
        r.state_after = page.locator('[data-testid="state"]').inner_text()
        # a form whose CSRF token another site could not know: refused, nothing written
        form = 'form[data-step="fix"]'
        page.eval_on_selector(f'{form} input[name="csrf_token"]', "e => e.value = 'forged'")
        page.fill(f'{form} input[name="fixed_on"]', planned_on)
        page.select_option(f'{form} select[name="fix_action"]', "new-site")
        with page.expect_response(lambda resp: resp.request.method == "POST") as answer:
            page.click(f"{form} button")
        r.csrf_refused_status = answer.value.status
        r.csrf_refused_text = page.locator("main").inner_text()
        page.goto(f"{base_url}/register/{case_id}", wait_until="networkidle")
        r.state_after_refusal = page.locator('[data-testid="state"]').inner_text()
    return r


def _shot(page: Any, path: Path, full: bool = False) -> Path:
    page.screenshot(path=str(path), full_page=full)
    return path


def _citizen_report(page: Any, base_url: str, lang: str, r: RegisterReport, out: Path) -> None:
    """Click the report form's map, describe, send (no sign-in)."""
    page.goto(f"{base_url}/register/report?lang={lang}", wait_until="networkidle")
    page.wait_for_selector('#map[data-ready="1"]', timeout=30_000)
    page.wait_for_timeout(1000)
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.5)
    r.picked_lonlat = (page.input_value("#lon"), page.input_value("#lat"))
    page.fill('textarea[name="description"]', "Không có sóng 4G ở cuối thôn")
    page.check('input[name="reasons"][value="no-data"]')
    r.screenshots.append(_shot(page, out / "register-report.png"))
    page.click('form.report button[type="submit"]')
    page.wait_for_selector('[data-testid="report-done"]', timeout=15_000)
    r.report_done = page.locator('[data-testid="report-done"]').inner_text()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Screenshots of the overview and the map (docs/img)."
    )
    parser.add_argument("--workspace", "-w", default=None)
    parser.add_argument("--out", default="docs/img")
    parser.add_argument("--lang", default="vi", choices=("vi", "en"))
    parser.add_argument("--scenario", default=None, help="also a planner scenario's page")
    parser.add_argument("--register-token", default=None, help="an operator's token")
    parser.add_argument("--register-case", default=None, help="a case assigned to it")
    args = parser.parse_args(argv)

    import socket
    import threading
    import time

    import uvicorn

    from hatang.store import Workspace
    from hatang.web import create_app

    ws = Workspace.open(args.workspace)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(ws), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        report = capture(f"http://127.0.0.1:{port}", Path(args.out), lang=args.lang)
        if args.scenario:
            extra = capture_scenario(
                f"http://127.0.0.1:{port}", args.scenario, Path(args.out), lang=args.lang
            )
            report.requests += extra.requests
            report.screenshots += extra.screenshots
        if args.register_token and args.register_case:
            reg = capture_register(
                f"http://127.0.0.1:{port}",
                args.register_token,
                args.register_case,
                Path(args.out),
                lang=args.lang,
            )
            report.requests += reg.requests
            report.screenshots += reg.screenshots
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    for shot in report.screenshots:
        print(shot)
    foreign = report.foreign_requests()
    print(
        f"{len(report.requests)} requests, {len(foreign)} left the machine; "
        f"{report.target_rows} target rows; map layers: {', '.join(report.map_traces)}"
    )
    return 1 if foreign else 0


if __name__ == "__main__":
    raise SystemExit(main())
