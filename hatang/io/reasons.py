"""The importers' reasons: a code and its parameters, said in English or Vietnamese.

A check records what is wrong as `reason(code, **params)`: a `Reason`, which *is* its
English text (the quarantine file, the import report and the English CLI keep that
text, byte for byte as before) and keeps the code and parameters it was made from, so
the problem line can be said in the reader's language when it is shown (`text`,
`line`). The Vietnamese is in the catalogue (hatang.po, msgctxt `import_<code>`, msgid
the English with `{placeholders}`), read only when a reason is shown in Vietnamese.

A reason stored as text (a filing's report, a quarantine file) or written by another
module (a period or an operator the model refuses) is recognised by its English shape
(`recognise`), so it too can be shown in Vietnamese.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: code → the English text, a `str.format` template: what the importers have always written
ENGLISH: dict[str, str] = {
    # one value of its column's type (hatang.io.values, parsing, columns)
    "formula_stored": (
        "a spreadsheet formula without a computed value, not a value: open the file in Excel "
        "and save it again, or paste the values / ô chứa công thức, không phải giá trị"
    ),
    "formula_text": (
        "a spreadsheet formula written as text, not a value: open the file in Excel "
        "and save it again, or paste the values / ô chứa công thức, không phải giá trị"
    ),
    "not_number": "not a number",
    "true_false_number": "not a number (a true/false value)",
    "mixed_separators": "not a number (mixed separators)",
    "bad_grouping": "not a number (bad thousands grouping)",
    "not_finite": "not a finite number",
    "not_finite_large": "not a finite number (too large)",
    "not_whole": "not a whole number",
    "too_large": "a whole number too large to store (beyond ±9,223,372,036,854,775,807)",
    "not_date": "not a date",
    "date_shape": "not a date (expected dd/mm/yyyy or yyyy-mm-dd)",
    "invalid_date": "not a valid date",
    "invalid_date_day_first": "not a valid date — dates are read day first (dd/mm/yyyy)",
    "yes_no_number": "not a yes/no value (expected 1 or 0)",
    "yes_no": "not a yes/no value (expected có/không, x, 1/0, yes/no, true/false)",
    "not_allowed": "not an allowed value (allowed: {allowed})",
    "not_quadkey": "not a quadkey (1 to 23 digits 0–3)",
    "too_long": (
        "a value of {length:,} characters, over the {max_chars:,} accepted "
        "([imports] max_cell_chars) / giá trị quá dài"
    ),
    "nul_byte": "holds a NUL byte (0x00): the file is damaged here / giá trị chứa byte NUL",
    # written by hatang.model (recognised by their text)
    "not_period": "not a period: {value} (expected e.g. 2025Q3 or 2025)",
    "unknown_operator": "unknown operator {value} (known: {known})",
    "unknown_technology": "unknown technology {value} (expected 2G, 3G, 4G or 5G)",
    # a row's checks (hatang.io.checks, tabular, scope)
    "period_clash": "period clash: the file says {file_period}, --period says {period}",
    "missing_required": "missing value (required) / thiếu giá trị",
    "above_maximum": "above the maximum {maximum:g}{unit}",
    "below_minimum": "below the minimum {minimum:g}{unit}",
    "negative_count": "negative count",
    "future_date": (
        "a date in the future: a reported or measured date cannot be / ngày trong tương lai"
    ),
    "early_date": (
        "a date before {earliest}: too early for a reported or measured date / ngày quá sớm"
    ),
    "date_order": "before {earlier} ({date}) / ngày xử lý trước ngày báo cáo",
    "swapped_lonlat": "longitude and latitude look swapped (lon/lat đảo chỗ): swap the columns",
    "outside_extent": "outside the province's extent ({extent}) / nằm ngoài tỉnh",
    "no_units": "unknown unit code: the workspace has no units yet (import units first)",
    "unknown_unit_on_map": (
        "unknown unit code on the {map} map (in force in {period}) / mã đơn vị không tồn tại"
    ),
    "unknown_unit": "unknown unit code on any map / mã đơn vị không tồn tại",
    "unknown_site": (
        "unknown site: no site {site} in {period} (import the sites of {period} first)"
    ),
    "unknown_parent": ("unknown parent unit on the {map} map (not in the file nor the workspace)"),
    "parent_loop": "the chain of parent units loops: {chain} / chuỗi đơn vị cấp trên lặp vòng",
    "half_position": (
        "missing value: give both lon and lat, or neither to place the facility at "
        "its village / thiếu toạ độ"
    ),
    "no_position": "no position: give lon and lat, or a village_code / thiếu toạ độ và mã thôn",
    "unit_without_position": (
        "no position: give lon and lat — unit {unit} has no position in the workspace "
        "to place the facility at / thôn không có toạ độ"
    ),
    "not_a_point": (
        "a {geometry} where a point is expected: this layer takes Point features (or lon "
        "and lat properties) / cần đối tượng điểm"
    ),
    "invalid_geometry": "invalid geometry ({error})",
    "empty_geometry": "empty geometry",
    "unclosed_quote": (
        'a quote (") opens a value and is never closed: the rest of the file, from this row '
        "on, was read as one value / dấu ngoặc kép không được đóng"
    ),
    "other_operator": (
        "not a row of {name}: a filing carries only the filer's own rows / dòng không thuộc {name}"
    ),
    "no_period_column": "no period column and no --period given",
    "no_header": "no header row found (expected columns: {expected})",
    "missing_column_names": "missing required column (accepted names: {names})",
    # the whole file (hatang.io.run)
    "duplicate_key": "duplicate key ({key}): also on row {row}",
    "header_only": "no data rows: the file holds a header and nothing under it",
    "no_rows": "no data rows: the file is empty",
    "too_many": (
        "more than {limit:,} problems ([imports] max_problems): the first {limit:,} are "
        "listed and the rest of the file was not read — is it the right kind and layout?"
    ),
    # OpenCelliD and Ookla files (hatang.io.opencellid, ookla)
    "missing_column": "missing required column",
    "missing_value": "missing value",
    "unknown_radio": "unknown radio (expected {expected})",
    "bad_lonlat": "not a valid longitude/latitude",
    "duplicate_cell": (
        "duplicate cell (radio={radio}, net={net}, area={area}, cell={cell}): also on row {row}"
    ),
    "no_tile_inside": "no tile inside the province",
    # a terrain profile (hatang.io.profile)
    "profile_too_short": "a profile needs at least two rows",
    "distances_increase": "distances must increase from the transmitter",
    "finite_not_negative": "must be a finite number ≥ 0",
    "finite": "must be finite",
    # a file refused as a whole: its encoding (hatang.io.encoding)
    "legacy_font": (
        "text is in the legacy {font} font encoding (e.g. {sample}); convert it to Unicode "
        "(e.g. with UniKey's converter, {short} → Unicode) and import again "
        "/ tệp dùng phông {font}, hãy chuyển sang Unicode rồi nhập lại"
    ),
    "utf16_without_bom": (
        "UTF-16 ({order}) text without a byte-order mark (a NUL byte beside every letter); "
        "save the file as CSV UTF-8 / tệp UTF-16 thiếu BOM: hãy lưu dạng CSV UTF-8"
    ),
    "binary_file": "binary data, not a text (CSV) file",
    "not_text": (
        "not valid UTF-8 or Windows-1258 text (byte {byte} at offset {offset}); "
        "save the file as CSV UTF-8 / không đọc được: hãy lưu tệp dạng CSV UTF-8"
    ),
    "bad_bom": (
        "declares {encoding} (byte-order mark) but is not valid {encoding}: {error} at offset "
        "{offset}"
    ),
    # ... its format (hatang.io.sources, sheets, csvfile)
    "empty_file": "the file is empty (0 bytes) / tệp rỗng",
    "blank_file": "the file holds only blank lines / tệp rỗng",
    "old_xls": "old Excel 97–2003 (.xls) files are not read; save as .xlsx or CSV UTF-8 in Excel",
    "not_csv": "not a readable CSV file: {error}",
    "not_json": "not valid JSON: {error} at line {line}",
    "not_feature_collection": "not a GeoJSON FeatureCollection (no 'features' list)",
    "geojson_too_large": (
        "a GeoJSON file of {size:,} MB, over the {limit:,} MB read whole "
        "([imports] max_uncompressed_mb): give a large point layer as CSV or Parquet "
        "/ tệp GeoJSON quá lớn"
    ),
    "not_parquet": "cannot read as Parquet ({error})",
    "not_xlsx": (
        "not an XLSX file (not a ZIP container: truncated, or another format renamed .xlsx) "
        "/ không phải tệp XLSX hợp lệ"
    ),
    "xlsx_damaged": (
        "cannot open as XLSX ({error}); the file may be truncated or damaged / tệp XLSX bị hỏng"
    ),
    "sheet_damaged": (
        "sheet {sheet!r} cannot be read ({error}); the file may be truncated / tệp XLSX bị hỏng"
    ),
    "no_sheet": "the workbook has no sheet",
    "no_such_sheet": "no sheet named {sheet!r} (sheets: {sheets})",
    "sheet_too_large": (
        "the sheet {sheet!r} holds more than {limit:,} cells ([imports] max_cells) "
        "/ bảng tính quá lớn"
    ),
    "sheet_declares_too_many": (
        "a sheet ({sheet}) declares {cells:,} cells, over the {limit:,} accepted "
        "([imports] max_cells) / bảng tính quá lớn"
    ),
    "workbook_too_large": (
        "the workbook unpacks to {size:,} MB, over the {limit:,} MB accepted "
        "([imports] max_uncompressed_mb): a ZIP bomb, or a workbook to split "
        "/ tệp giải nén quá lớn"
    ),
    # ... its header, its period, its rows (the Error line of hatang.io.tabular, ookla,
    # opencellid: FILE: reason)
    "no_header_in_head": (
        "no header row found in the first rows (expected columns: {expected}) "
        "/ không tìm thấy dòng tiêu đề"
    ),
    "missing_columns": "missing required column(s): {columns} / thiếu cột bắt buộc",
    "no_period": (
        "no period — add a 'period' column or pass --period (e.g. --period 2025Q3) "
        "/ thiếu kỳ báo cáo"
    ),
    "no_tile_of": "none of the {n} tiles lies in the province's extent / không có ô nào trong tỉnh",
    "not_opencellid": "not an OpenCelliD file, missing column(s) {columns}",
    # ... a DEM (hatang.io.dem)
    "dem_unreadable": "not a raster GDAL can read ({error})",
    "dem_no_crs": "the raster has no coordinate reference system",
    "dem_bands": "a DEM has one band of heights, this raster has {bands}",
    "dem_no_height": "no cell holds a plausible height (−500 to 9,000 m)",
    # the dead-spot register's bulk files (hatang.register.bulk, machine, steps, codes)
    "register_not_report_code": "not a report reason code (known: {known})",
    "register_no_case": "no such case in the register / không có hồ sơ",
    "register_case_assigned": "case {case} is assigned to {assigned}",
    "register_case_unassigned": "case {case} is not assigned to an operator",
    "register_needs": "{response} needs {column}",
    "register_role_may_not": ("{role} may not {step} a case (who may: {roles}) / không có quyền"),
    "register_not_own_case": (
        "the case is assigned to {assigned}; a token of {operator} may only act on its "
        "own cases / hồ sơ không giao cho nhà mạng này"
    ),
    "register_not_own_unassigned": (
        "the case is not assigned to an operator; a token of {operator} may only act on "
        "its own cases / hồ sơ không giao cho nhà mạng này"
    ),
    "register_state_step": (
        "a case in state {state!r} cannot be taken to {action!r} "
        "(allowed next steps: {steps}) / bước không hợp lệ"
    ),
    "register_not_day": (
        "{name}: {value!r} is not a date (YYYY-MM-DD or DD/MM/YYYY) / ngày không hợp lệ"
    ),
    "register_not_action": (
        "{name}: {value!r} is not an action (known: {known}) / biện pháp không hợp lệ"
    ),
    "register_not_whole": "{name}: {value!r} is not a whole number",
    "register_outside": "{name}: {value} is outside {lo} … {hi}",
    "register_in_future": "{name}: {value} is in the future",
    "register_before_opened": "{name}: {value} is before the case was opened ({opened})",
    "register_unknown_code": (
        "unknown {kind} reason code {value!r} (known: {known}) / mã lý do không hợp lệ"
    ),
    # a case or its evidence asked for and not found (hatang.web.routes.register,
    # hatang.register.queries, actions): the error page names what was asked for
    "register_unknown_case": "no case {case!r} in the register",
    "register_unknown_case_list": "no case {case!r} in the register (see `hatang register list`)",
    "register_no_evidence": "no evidence file {file}… on {case}",
}

#: a parameter's shape, where "any text" would let this reason's English read another
#: text as it ('… needs …'): code → parameter → regular expression
SHAPES: dict[str, dict[str, str]] = {
    "register_case_assigned": {"case": r"\S+"},
    "register_case_unassigned": {"case": r"\S+"},
    "register_needs": {"response": "accept|dispute|fixed", "column": r"\w+"},
    "register_role_may_not": {"role": r"an? \w+"},
    "register_not_day": {"name": r"\w+"},
    "register_not_action": {"name": r"\w+"},
    "register_not_whole": {"name": r"\w+"},
    "register_outside": {
        "name": r"\w+",
        "value": r"-?[0-9]+",
        "lo": r"-?[0-9]+",
        "hi": r"-?[0-9]+",
    },
    "register_in_future": {"name": r"\w+_on"},
    "register_before_opened": {"name": r"\w+_on"},
    "register_unknown_code": {"kind": r"\w+"},
}

#: parameters said in words in Vietnamese: name → the catalogue prefix of its code(s)
#: (a comma-separated list is said item by item; `step` is a step's English name,
#: which hatang.register.text names too)
WORDS: dict[str, str] = {
    "state": "reg_state_",
    "action": "reg_step_",
    "step": "reg_step_named_",
    "steps": "reg_step_",
    "role": "role_",
    "roles": "role_",
    "kind": "reg_code_kind_",
    "order": "byte_order_",
}

#: the catalogue's key of a reason's Vietnamese is this prefix + its code
KEY = "import_"

_FIELD = re.compile(r"\{(\w+)(![rsa])?(:[^}]*)?\}")


class Reason(str):
    """An importer's reason: its English text, with the `code` and `params` it was made
    from (to say it in another language when it is shown)."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, params: dict[str, Any], english: str | None = None) -> Reason:
        self = super().__new__(cls, ENGLISH[code].format(**params) if english is None else english)
        self.code = code
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Reason, (self.code, self.params, str(self)))


class Said(str):
    """A message written in both languages, 'English / Vietnamese' (the CLI's style),
    that keeps its Vietnamese whole (`vi`), so a Vietnamese reader is shown all of it
    (a file name, a count) rather than what follows the last ' / '."""

    vi: str

    def __new__(cls, text: str, vi: str) -> Said:
        self = super().__new__(cls, text)
        self.vi = vi
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Said, (str(self), self.vi))


def bilingual(english: str, vietnamese: str, *, prefix: str = "") -> Said:
    """`prefix + 'english / vietnamese'`, its Vietnamese `prefix + vietnamese`; `prefix`
    is what both languages share (a file name and ': ')."""
    return Said(f"{prefix}{english} / {vietnamese}", prefix + vietnamese)


def vi_number(value: int | float) -> str:
    """A count as Vietnamese writes it (1.234)."""
    return _vi_value(value, True)


def reason(code: str, **params: Any) -> Reason:
    """The reason `code` with its parameters (a value, a bound, a column)."""
    return Reason(code, params)


def reason_of(e: BaseException) -> str:
    """The reason an exception carries: the `Reason` it was raised with, else its text
    (recognised when it has the shape of a known reason, e.g. the model's periods)."""
    arg = e.args[0] if len(e.args) == 1 else None
    if isinstance(arg, Reason):
        return arg
    said = str(e)
    return recognise(said) or said


def raised(e: BaseException) -> str | None:
    """The code of the `Reason` an exception was raised with (None for any other: no
    text is read, so a loop over many refused cells may ask it)."""
    arg = e.args[0] if len(e.args) == 1 else None
    return arg.code if isinstance(arg, Reason) else None


def code_of(text: str) -> str | None:
    """The code of a reason (None for a text that is none of them)."""
    r = text if isinstance(text, Reason) else recognise(text)
    return r.code if r is not None else None


def template(code: str) -> str:
    """A reason's English with plain `{name}` placeholders: the catalogue's msgid."""
    return _FIELD.sub(r"{\1}", ENGLISH[code])


# ---- reading a reason back from its English --------------------------------------------


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for code, english in ENGLISH.items():
        parts, seen, at = [r"\A"], set(), 0
        shapes = SHAPES.get(code, {})
        for m in _FIELD.finditer(english):
            parts.append(re.escape(english[at : m.start()]))
            name, spec = m[1], m[3] or ""
            if name in seen:
                parts.append(f"(?P={name})")
            elif name in shapes:
                shape = f"'(?:{shapes[name]})'" if m[2] == "!r" else shapes[name]
                parts.append(f"(?P<{name}>{shape})")
            elif m[2] == "!r":
                parts.append(f"(?P<{name}>'[^']*'|\"[^\"]*\"|.+?)")
            elif spec:
                parts.append(f"(?P<{name}>-?[0-9][0-9.,e+-]*)")
            else:
                parts.append(f"(?P<{name}>.+?)")
            seen.add(name)
            at = m.end()
        parts.append(re.escape(english[at:]) + r"\Z")
        out.append((code, re.compile("".join(parts), re.DOTALL)))
    return out


def recognise(text: str) -> Reason | None:
    """The reason whose English `text` is (its parameters as the text shows them), or None."""
    if isinstance(text, Reason):
        return text
    for code, pattern in _patterns():
        m = pattern.match(text)
        if m:
            return Reason(code, _unquoted(code, m.groupdict()), text)
    return None


def _unquoted(code: str, params: dict[str, str]) -> dict[str, Any]:
    """The parameters a text shows with `!r` ('reported') as the values they are."""
    import ast

    for m in _FIELD.finditer(ENGLISH[code]):
        value = params.get(m[1])
        if m[2] == "!r" and value and value[0] in "'\"" and value[-1] == value[0]:
            try:
                params[m[1]] = ast.literal_eval(value)
            except (ValueError, SyntaxError):
                pass
    return params


# ---- saying it ---------------------------------------------------------------------------


def _number(value: Any) -> Any:
    """A number a recognised text shows in English ('131,073', '0.5') as a number."""
    if not isinstance(value, str):
        return value
    plain = value.replace(",", "")
    try:
        return int(plain)
    except ValueError:
        pass
    try:
        return float(plain)
    except ValueError:
        return value


def _vi_value(value: Any, numeric: bool) -> str:
    if numeric:
        value = _number(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    from babel.numbers import format_decimal

    return format_decimal(value, locale="vi", group_separator=True)


def vietnamese(r: Reason) -> str:
    """A reason in Vietnamese, its numbers written as Vietnamese writes them."""
    from hatang import i18n

    numeric = {m[1] for m in _FIELD.finditer(ENGLISH[r.code]) if m[3]}
    params = {
        k: _vi_words(k, v) if k in WORDS else _vi_value(v, k in numeric)
        for k, v in r.params.items()
    }
    return i18n.fill(i18n.t(KEY + r.code, "vi"), **params)


def _vi_words(name: str, value: Any) -> str:
    """A code (or a comma-separated list of codes) said in Vietnamese words: a case's
    state, a step, a role ('reported' → 'đã tiếp nhận'); a code the catalogue does not
    name is kept as it is."""
    from hatang import i18n

    items = [v.strip() for v in str(value).split(",") if v.strip()]
    if name == "role":  # 'an operator' → 'operator'
        items = [re.sub(r"^an? ", "", v) for v in items]
    if items == ["none"]:
        return i18n.t("reg_steps_none", "vi")
    return ", ".join(i18n.label(WORDS[name], v, "vi") for v in items)


def text(said: str, lang: str) -> str:
    """A reason in `lang`: English as it was written; Vietnamese from the catalogue (a
    text that is no known reason: its Vietnamese half after ' / ' when it has one, else
    as it is)."""
    if lang == "en":
        return str(said)
    if isinstance(said, Said):
        return said.vi
    r = recognise(said)
    if r is not None:
        return vietnamese(r)
    english, sep, other = said.rpartition(" / ")
    return other if sep and english else said


def known(said: str, lang: str) -> str:
    """A message in `lang` when it is a known reason, else as it was written (its
    English and Vietnamese halves both: the Vietnamese half alone may leave out what
    the English names, a size or a code)."""
    if lang != "en" and isinstance(said, Said):
        return said.vi
    r = recognise(said) if lang != "en" and said else None
    return vietnamese(r) if r is not None else said


def line(problem: Any, lang: str) -> str:
    """A problem's line FILE:ROW:COLUMN: VALUE — reason, the reason in `lang` (English:
    the line as it always was)."""
    shown = str(problem)
    if lang == "en" or not problem.reason or not shown.endswith(problem.reason):
        return shown
    return shown[: len(shown) - len(problem.reason)] + text(problem.reason, lang)
