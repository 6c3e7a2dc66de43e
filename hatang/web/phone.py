"""The pages on a phone: how wide each one is at 390 px, and whether its tables scroll
inside their own box (issue 14). The browser test and `capture`'s phone screenshot use
it; like `screenshots`, it drives Debian's chromium through Playwright."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hatang.web.screenshots import CHROMIUM, CHROMIUM_ARGS

PHONE = {"width": 390, "height": 844}

#: measured in the page: its width, the widest element, and every table's scroll box
_MEASURE = """() => {
  const vw = window.innerWidth;
  const scroller = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return p;
    }
    return null;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '');
  let widest = '', right = 0;
  for (const el of document.body.querySelectorAll('*')) {
    if (scroller(el)) continue;
    const r = el.getBoundingClientRect().right;
    if (r > right) { right = r; widest = name(el) + ' ends at ' + Math.round(r) + ' px'; }
  }
  const tables = [...document.querySelectorAll('main table')];
  const outside = tables.filter(t => t.getBoundingClientRect().width > 0)
    .filter(t => { const s = scroller(t); return !s || s.getBoundingClientRect().right > vw + 1; })
    .map(name);
  const scrolling = tables.filter(t => { const s = scroller(t); return s && s.scrollWidth > s.clientWidth; });
  return {scroll_width: document.scrollingElement.scrollWidth, inner_width: vw, widest: widest,
          tables: tables.length, outside: outside, scrolling: scrolling.length};
}"""


@dataclass
class PhonePage:
    path: str
    status: int
    scroll_width: int
    inner_width: int
    #: the element that reaches furthest right outside any scroll box
    widest: str
    tables: int
    #: tables in main that are not inside a horizontally scrolling box within the screen
    tables_outside_a_scroller: list[str] = field(default_factory=list)
    #: tables wider than their box (they scroll there)
    scrolling_tables: int = 0


def phone_layout(
    base_url: str,
    paths: list[str],
    *,
    lang: str = "vi",
    out_dir: Path | None = None,
    inject: str | None = None,
    executable: str = CHROMIUM,
) -> list[PhonePage]:
    """Open each of `paths` at 390 × 844 px and measure it (`inject`: a script run first,
    for the test that proves the check can fail); a screenshot per page in `out_dir`."""
    from playwright.sync_api import sync_playwright

    pages = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport=PHONE)
            for i, path in enumerate(paths):
                pages.append(_measure(page, base_url, path, lang, inject))
                if out_dir is not None:
                    page.screenshot(path=str(Path(out_dir) / f"phone-{i:02d}.png"))
        finally:
            browser.close()
    return pages


def _measure(page, base_url: str, path: str, lang: str, inject: str | None) -> PhonePage:  # type: ignore[no-untyped-def]
    sep = "&" if "?" in path else "?"
    answer = page.goto(f"{base_url}{path}{sep}lang={lang}", wait_until="networkidle")
    if page.locator("#map").count():
        page.wait_for_selector('#map[data-ready="1"]', timeout=30_000)
    if inject:
        page.evaluate(inject)
    m = page.evaluate(_MEASURE)
    return PhonePage(
        path=path,
        status=answer.status if answer else 0,
        scroll_width=m["scroll_width"],
        inner_width=m["inner_width"],
        widest=m["widest"],
        tables=m["tables"],
        tables_outside_a_scroller=m["outside"],
        scrolling_tables=m["scrolling"],
    )
