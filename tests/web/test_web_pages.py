"""Dashboard pages through the in-process ASGI client, on the fixture province."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from hatang.views.scorecard import STATUS_CLASS

PAGES = [
    "/",
    "/map",
    "/commune/N1",
    "/commune/C3",
    "/dead-spots",
    "/speeds",
    "/services",
    "/scenarios",
    "/data",
    "/dataset/sites",
    "/dataset/admin-units",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_the_synthetic_banner(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert 'data-testid="synthetic-banner"' in r.text
    assert "dữ liệu mô phỏng / synthetic data" in r.text


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_nothing_from_other_machines(client, path):
    html = client.get(path).text
    # every script, stylesheet, image and font is ours (relative URL)
    for attr in re.findall(r'(?:src|href)="([^"]*)"', html):
        if re.search(r"<link[^>]+href=\"" + re.escape(attr), html) or re.search(
            r"src=\"" + re.escape(attr), html
        ):
            assert not attr.startswith(("http:", "https:", "//")), attr
    assert "cdn." not in html


def test_real_workspace_has_no_banner(make_client, fresh_ws):
    fresh_ws.settings.workspace.synthetic = False
    r = make_client(fresh_ws).get("/")
    assert r.status_code == 200
    assert "synthetic-banner" not in r.text


def test_vietnamese_by_default_english_switch_remembered(make_client, web_ws):
    c = make_client(web_ws)
    vi = c.get("/")
    assert '<html lang="vi">' in vi.text and "Tổng quan" in vi.text
    en = c.get("/?lang=en")
    assert '<html lang="en">' in en.text and "Overview" in en.text
    assert en.cookies.get("lang") == "en"
    again = c.get("/map")  # the cookie carries the choice
    assert '<html lang="en">' in again.text
    assert '<html lang="vi">' in c.get("/map?lang=vi").text
    c.cookies.set("lang", "zz")
    assert '<html lang="vi">' in c.get("/?lang=xx").text


def test_overview_key_figures_match_the_fixture(client):
    html = client.get("/?lang=en").text
    vi = client.get("/?lang=vi").text

    def figure(testid: str, page: str = html) -> str:
        m = re.search(rf'data-testid="{testid}"><span class="n">([^<]*)</span>', page)
        assert m, testid
        return m.group(1).strip()

    # latest period 2025Q4: 7 sites, 3 shared (S1, S5, S6) → 42.9 %, in each language's way
    assert figure("fig-sites") == "7"
    assert figure("fig-shared") == "42.9%"
    assert figure("fig-shared", vi) == "42,9 %"
    # 2025Q4 village services: every village has both
    assert figure("fig-no-mobile-broadband") == "0"
    assert figure("fig-no4g") == "—"  # the fixture's reports carry no 4G column
    assert figure("fig-nofibre") == "0"


def test_overview_shows_every_plan_target(client):
    html = client.get("/?lang=en").text
    rows = re.findall(
        r'<tr class="target-row" data-indicator="([^"]+)" data-status="([^"]+)"', html
    )
    assert len(rows) == 14  # Plan 137/KH-UBND's 14 targets
    assert {s for _, s in rows} <= set(STATUS_CLASS.values())
    assert "missed" in {s for _, s in rows}  # 2025Q4 is the deadline: a miss is missed
    # the fixture's 2025Q4 shared-site share: 3 of 7 sites, below the 30 % target? no: 42.9 % ≥ 30 %
    shared = next(s for i, s in rows if i == "shared_sites")
    assert shared == "met"


def test_map_figure_has_its_layers(client):
    html = client.get("/map?lang=en").text
    m = re.search(r'<script id="figure" type="application/json">(.*?)</script>', html, re.S)
    fig = json.loads(m.group(1))
    metas = [t.get("meta") for t in fig["data"]]
    assert metas[0] == "communes"
    communes = fig["data"][0]
    assert communes["type"] == "choroplethmap"
    assert sorted(communes["locations"]) == ["N1", "N2"]  # current (2025) map
    assert {
        "shared-sites",
        "dead-spots",
        "villages-no-mobile_broadband",
        "villages-no-fixed_broadband",
    } <= set(metas)
    ops = {m for m in metas if m and m.startswith("sites-")}
    assert ops == {"sites-viettel", "sites-vnpt", "sites-mobifone"}
    assert fig["layout"]["map"]["style"] == "white-bg"
    assert '<script src="/assets/plotly.min.js">' in html


def test_map_uses_a_configured_tile_url(make_client, fresh_ws):
    fresh_ws.settings.web.tile_url = "http://127.0.0.1:9/tiles/{z}/{x}/{y}.png"
    html = make_client(fresh_ws).get("/map").text
    fig = json.loads(
        re.search(r'<script id="figure" type="application/json">(.*?)</script>', html, re.S).group(
            1
        )
    )
    style = fig["layout"]["map"]["style"]
    assert style["sources"]["tiles"]["tiles"] == ["http://127.0.0.1:9/tiles/{z}/{x}/{y}.png"]


def test_map_indicator_choice_is_checked(client):
    r = client.get("/map?indicator=%27%3B%20DROP%20TABLE%20units%3B--")
    assert r.status_code == 200
    assert "DROP TABLE" not in r.text  # not a known indicator: ignored, never echoed
    assert client.get("/map").status_code == 200


def test_plotly_is_served_locally(client):
    r = client.get("/assets/plotly.min.js")
    assert r.status_code == 200
    assert len(r.content) > 1_000_000
    assert b"plotly" in r.content[:2000].lower()


def test_commune_page_lists_its_villages_sites_and_dead_spots(client):
    html = client.get("/commune/N2?lang=en").text
    assert "V5" in html  # the one village of N2
    assert "<td>S5</td>" in html and "<td>S7</td>" in html  # the sites standing in N2
    assert "<td>S1</td>" not in html and "<td>S3</td>" not in html
    c3 = client.get("/commune/C3?lang=en").text
    assert "V5" in c3 and "V6" in c3


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_commune_and_village_tables_name_the_operators(client, lang):
    """A site's operators, stored 'mobifone;viettel', read 'MobiFone, Viettel' on the
    commune's page in both languages; the sites download keeps the codes."""
    html = client.get(f"/commune/N2?lang={lang}").text
    assert "<td>S5</td><td>MobiFone, Viettel</td>" in html
    assert "<td>S7</td><td>VNPT-VinaPhone</td>" in html
    assert "mobifone;viettel" not in html and "<td>vnpt</td>" not in html
    n1 = client.get(f"/commune/N1?lang={lang}").text
    assert "<td>S1</td><td>Viettel, VNPT-VinaPhone</td>" in n1
    rows = list(csv.DictReader(io.StringIO(client.get("/dataset/sites/sites.csv").text)))
    assert {r["site_id"]: r["operators"] for r in rows}["S5"] == "mobifone;viettel"


def test_operator_names_of_codes():
    from hatang.web.render import operator_names

    assert operator_names("mobifone;vnpt", "vi") == "MobiFone, VNPT-VinaPhone"
    assert operator_names("viettel", "en") == "Viettel"
    assert operator_names("all", "vi") == "tất cả" and operator_names("all", "en") == "all"
    assert operator_names("fpt", "vi") == "fpt"  # an ISP not on the list: as it is
    assert operator_names(None, "vi") == "" and operator_names(float("nan"), "en") == ""


@pytest.mark.parametrize(
    ("path", "vietnamese"),
    [
        ("/commune/XYZ", "không có xã mã &#39;XYZ&#39;"),
        ("/scenario/nope", "không có kịch bản tên &#39;nope&#39;"),
        ("/reports/nope.pdf", "không có tệp báo cáo tên &#39;nope.pdf&#39;"),
    ],
)
def test_a_404_page_in_vietnamese_names_what_was_asked_for(client, path, vietnamese):
    """The error page shows an uncoded message's Vietnamese half: it names the code."""
    r = client.get(f"{path}?lang=vi")
    assert r.status_code == 404 and vietnamese in r.text


def test_unknown_commune_is_404_page(client):
    r = client.get("/commune/XYZ%27%3B--")
    assert r.status_code == 404
    assert "text/html" in r.headers["content-type"]


@pytest.mark.parametrize(
    "path,dataset,key",
    [("/dead-spots", "dead-spots", "dead_spot_id"), ("/services", "public-services", "code")],
)
def test_lists_download_as_csv(client, path, dataset, key):
    """The list's CSV is the published dataset's rows (the services list: its latest
    period), every field in order, values as the dataset file writes them."""
    r = client.get(path + "?format=csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    published = client.get(f"/dataset/{dataset}/{dataset}.csv").content.decode("utf-8-sig")
    full = list(csv.DictReader(io.StringIO(published)))
    assert r.content.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads UTF-8
    assert r.content.decode("utf-8-sig").splitlines()[0] == published.splitlines()[0]
    if "period" in full[0]:  # only the latest period unless asked
        latest = max(x["period"] for x in full)
        full = [x for x in full if x["period"] == latest]
    assert rows and len(rows) == len(full)
    assert {x[key]: x for x in rows} == {x[key]: x for x in full}


def test_speed_list_is_empty_when_every_group_is_small(client):
    """The fixture's speed tests come in groups of fewer than MIN_GROUP_TESTS per
    commune, operator, kind and period: none is published, the CSV is its header."""
    from hatang.publish.registry import DATASETS

    r = client.get("/speeds?format=csv")
    fields = next(d for d in DATASETS if d.name == "speed-aggregates").field_names
    assert r.content.decode("utf-8-sig").splitlines() == [",".join(fields)]


#: the fixture's reported dead spots (hatang/testing.py): id → (village, its people,
#: lon, lat, reported, resolved, status)
DEAD_SPOTS = {
    "DS1": ("V5", "150", "106.275", "20.06", "2024-05-01", "2025-08-15", "resolved"),
    "DS2": ("V5", "150", "106.276", "20.04", "2024-06-01", "", "open"),
    "DS3": ("V3", "100", "106.13", "20.06", "2025-01-10", "2025-05-20", "resolved"),
    "DS4": ("V6", "150", "106.225", "20.06", "2025-09-01", "", "open"),
    "DS5": ("", "", "106.03", "20.02", "2025-02-01", "", "open"),
}


def test_dead_spot_list_csv_values(client):
    """Every reported dead spot, with its village and its people, dates and status;
    sorted by the village's people, largest first, the one without a village last."""
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/dead-spots?format=csv").content.decode("utf-8-sig"))
        )
    )
    fields = ("village_code", "village_population", "lon", "lat")
    fields += ("reported_on", "resolved_on", "status")
    got = {r["dead_spot_id"]: tuple(r[f] for f in fields) for r in rows}
    assert got == DEAD_SPOTS
    assert [r["dead_spot_id"] for r in rows][-2:] == ["DS3", "DS5"]
    by_id = {r["dead_spot_id"]: r for r in rows}
    assert by_id["DS1"]["commune_code"] == by_id["DS2"]["commune_code"] != ""
    assert by_id["DS5"]["commune_code"] == ""


def test_list_search_matches_text_and_skips_missing_cells(client):
    """?q= finds rows by any cell's text (missing cells are no text, never 'nan')."""
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/dead-spots?format=csv").content.decode("utf-8-sig"))
        )
    )
    name = rows[0]["village_name"]
    hit = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    "/dead-spots", params={"format": "csv", "q": name.lower()}
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert hit and all(name.lower() in " ".join(r.values()).lower() for r in hit)
    assert client.get("/dead-spots?q=nan&format=csv").text.count("\n") == 1  # header only
    assert client.get("/dead-spots?q=x").status_code == 200


def test_services_list_filters_and_sorts(client):
    all_rows = list(
        csv.DictReader(io.StringIO(client.get("/services?format=csv").content.decode("utf-8-sig")))
    )
    assert all_rows, "fixture has services"
    full = [r for r in all_rows if r["level"] == "full"]
    got = list(
        csv.DictReader(
            io.StringIO(client.get("/services?format=csv&level=full").content.decode("utf-8-sig"))
        )
    )
    assert [r["code"] for r in got] == [r["code"] for r in full]
    desc = list(
        csv.DictReader(
            io.StringIO(
                client.get("/services?format=csv&sort=code&order=desc").content.decode("utf-8-sig")
            )
        )
    )
    assert [r["code"] for r in desc] == sorted((r["code"] for r in all_rows), reverse=True)
    # hostile filter values are just values that match nothing
    bad = client.get(
        "/services?format=csv&level=%27%20OR%201%3D1--&sort=%22%3B%20DROP%20TABLE%20services"
    )
    assert bad.status_code == 200
    assert list(csv.DictReader(io.StringIO(bad.content.decode("utf-8-sig")))) == []


def test_dead_spot_list_sorted_by_population_by_default(client):
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/dead-spots?format=csv").content.decode("utf-8-sig"))
        )
    )
    pops = [float(r["village_population"] or 0) for r in rows]
    assert pops == sorted(pops, reverse=True)


def test_catalogue_lists_every_published_dataset(client):
    from hatang.publish.registry import DATASETS

    html = client.get("/data").text
    for ds in DATASETS:
        assert f'data-testid="dataset-{ds.name}"' in html


def test_i18n_has_both_languages():
    from hatang.i18n import TEXT

    for key, (vi, en) in TEXT.items():
        assert vi.strip() and en.strip(), key


def test_templates_only_use_known_text_keys():
    from pathlib import Path

    import hatang.web
    from hatang.i18n import TEXT

    folder = Path(hatang.web.__file__).parent / "templates"
    used = set()
    for f in folder.glob("*.html"):
        used |= set(re.findall(r"t\('([a-z_ ]+)'\)", f.read_text(encoding="utf-8")))
    assert used, "no text keys found"
    assert used <= set(TEXT), sorted(used - set(TEXT))


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    return re.findall(r'<option value="([^"]*)"', select.group(1)) if select else []


def test_map_picker_lists_a_per_operator_indicator_once_with_an_operator_choice(client):
    from hatang.web.picker import operator_variants

    variants = operator_variants()
    html = client.get("/map?lang=en").text
    entries = _options(html, "indicator")
    assert entries and not set(entries) & set(variants)  # no per-operator entry one by one
    assert "register_open_cases" in entries
    assert _options(html, "operator") == []  # not a per-operator figure: no operator choice
    html = client.get("/map?lang=en&indicator=register_open_cases&operator=viettel").text
    assert 'value="register_open_cases" selected' in html
    ops = _options(html, "operator")
    assert ops[0] == "" and "viettel" in ops and 'value="viettel" selected' in html
    same = client.get("/map?lang=en&indicator=register_open_cases_viettel").text
    assert 'value="viettel" selected' in same  # an old link to the operator's id still works
