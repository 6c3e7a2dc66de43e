"""Text encodings of CSV files: UTF-8 (with or without BOM), UTF-16 (with BOM),
Windows-1258; legacy TCVN3 (ABC) and VNI text is refused.

A file's encoding is decided on the whole file, read in blocks (memory stays bounded
however large the file): a byte-order mark decides; else UTF-8 when every byte is
valid UTF-8, else Windows-1258. The TCVN3/VNI check reads the file's first MiB.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from hatang.errors import ImportFailed, Problem
from hatang.io.reasons import reason

#: bytes read at a time when checking or decoding a whole file
BLOCK = 1 << 22
#: text the TCVN3 / VNI check reads (the header and the first rows)
LEGACY_CHECK_BYTES = 1 << 20


def fail(
    file: str, reason: str, type: str, value: object = None, row: int | None = None
) -> ImportFailed:
    """The file is refused as a whole: one problem of `type` (see hatang.errors.PROBLEM_TYPES)."""
    return ImportFailed(f"{file}: {reason}", [Problem(file, row, None, value, reason, type)])


# ---- legacy fonts ----------------------------------------------------------------------

#: Latin-1 symbols that TCVN3 (ABC) puts where Vietnamese letters should be, e.g.
#: 'µ' = à, '¸' = á, '¶' = ả, '·' = ã, '¹' = ạ, '§' = Đ, '®' = đ, '­' = ư, '¬' = ơ,
#: '«' = ô, 'ª' = ê, '©' = â, '¨' = ă, 'Þ' = ị. None of them occurs inside a
#: Vietnamese word written in Unicode. ('°', '²', '³' are left out: units use them.)
_TCVN3_SYMBOLS = "¡¢£¤¥¦§¨©ª«¬\u00ad®¯±´µ¶·¸¹º»¼½¾¿"
#: ... and VNI puts tone marks after the vowel as Latin-1 letters ('Haø Noäi' = Hà Nội,
#: 'Ñoàng Thaùp' = Đồng Tháp: ø, ä, Ñ, ö, û, ï, å …). Latin-1 letters that are not
#: Vietnamese letters count for both ('Ð'/'ð' are left out: some Unicode files use
#: them by mistake for Đ/đ).
_NON_VIETNAMESE_LETTERS = "ÄÅÆÇËÎÏÑÖ×ØÛÜÞßäåæçëîïñö÷øûüþÿ"
TCVN3_MARKERS = frozenset(_TCVN3_SYMBOLS + _NON_VIETNAMESE_LETTERS)
_MARKER_RE = re.compile("[" + re.escape("".join(sorted(TCVN3_MARKERS))) + "]")
_WORD = re.compile(r"[^\s,;:\"'()\[\]{}/|\t0-9.\-]+")


def tcvn3_words(text: str) -> list[str]:
    """Words that mix ASCII letters with TCVN3 marker characters ('Hµ', 'Néi', '§Þnh')."""
    out = []
    for word in _WORD.findall(text):
        if any(c in TCVN3_MARKERS for c in word) and any(c.isascii() and c.isalpha() for c in word):
            out.append(word)
    return out


def looks_tcvn3(text: str) -> list[str]:
    """The TCVN3 evidence in `text` (empty when it reads as Unicode Vietnamese).

    Text is TCVN3 when at least two words mix ASCII letters with marker characters and
    they are at least a third of the words holding any non-ASCII letter.
    """
    if not _MARKER_RE.search(text):
        return []
    words = tcvn3_words(text)
    if len(words) < 2:
        return []
    non_ascii = sum(1 for w in _WORD.findall(text) if not w.isascii())
    return words if len(words) * 3 >= non_ascii else []


def check_tcvn3(text: str, file: str) -> None:
    """Refuse legacy-font text: TCVN3 (ABC), or VNI when no TCVN3-only symbol occurs."""
    evidence = looks_tcvn3(text)
    if evidence:
        sample = ", ".join(dict.fromkeys(evidence[:5]))
        tcvn3 = any(c in _TCVN3_SYMBOLS for w in evidence for c in w)
        name = "TCVN3 (ABC)" if tcvn3 else "VNI"
        raise fail(
            file,
            reason("legacy_font", font=name, sample=sample, short=name.split()[0]),
            "encoding",
            value=evidence[0],
        )


# ---- deciding and checking an encoding ---------------------------------------------------


def first_error(path: Path, encoding: str) -> tuple[int, str] | None:
    """(offset, reason) of the first byte of `path` not valid in `encoding`, read in
    blocks; None when the whole file decodes. Offsets are those a one-shot
    `bytes.decode(encoding)` reports (counted after the BOM for utf-8-sig)."""
    start = 3 if encoding == "utf-8-sig" else 0
    decoder = codecs.getincrementaldecoder("utf-8" if start else encoding)()
    pos = 0
    with open(path, "rb") as f:
        f.seek(start)
        while True:
            block = f.read(BLOCK)
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as e:
                return pos - pending + e.start, e.reason
            except UnicodeError as e:  # UTF-16 without its byte-order mark
                return 0, str(e)
            if not block:
                return None
            pos += len(block)


_CONTROL = frozenset(range(1, 32)) - {9, 10, 11, 12, 13}


def nul_fault(head: bytes) -> str | None:
    """Why a file whose first bytes hold NUL bytes is not read as text: UTF-16 saved
    without its byte-order mark (a NUL beside every letter), or binary data; None when
    it is text with stray NULs (each is then a problem on its row)."""
    nuls = head.count(0)
    if not nuls:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    half = len(head) / 2
    if odd >= 0.4 * half and even <= 0.1 * odd:
        order = "little-endian"
    elif even >= 0.4 * half and odd <= 0.1 * even:
        order = "big-endian"
    else:
        order = ""
    if order:
        return reason("utf16_without_bom", order=order)
    if (nuls > 4 and nuls > 0.1 * len(head)) or any(b in _CONTROL for b in head):
        return reason("binary_file")
    return None


def _byte_at(path: Path, offset: int) -> int:
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read(1)[0]


def file_encoding(path: Path, file: str) -> str:
    """The encoding of a text file, checked on every byte; ImportFailed when none fits."""
    with open(path, "rb") as f:
        head = f.read(4096)
    if head.startswith(b"\xef\xbb\xbf"):
        return _declared(path, file, "utf-8-sig")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _declared(path, file, "utf-16")
    fault = nul_fault(head)
    if fault:
        raise fail(file, fault, "encoding")
    if first_error(path, "utf-8") is None:
        return "utf-8"
    error = first_error(path, "cp1258")
    if error is not None:
        offset = error[0]
        raise fail(
            file,
            reason("not_text", byte=f"0x{_byte_at(path, offset):02x}", offset=offset),
            "encoding",
        )
    return "cp1258"


def _declared(path: Path, file: str, encoding: str) -> str:
    error = first_error(path, encoding)
    if error is not None:
        raise fail(
            file,
            reason("bad_bom", encoding=encoding, error=error[1], offset=error[0]),
            "encoding",
        )
    return encoding


def decode(data: bytes, file: str) -> tuple[str, str]:
    """Decode bytes held in memory (small files: GeoJSON, OpenCelliD) as a CSV file is:
    returns (NFC text, encoding used); ImportFailed for binary data, bytes valid in no
    supported encoding, and TCVN3 legacy-font text."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _try(data, "utf-8-sig", file), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = _try(data, "utf-16", file), "utf-16"
    else:
        fault = nul_fault(data[:4096])
        if fault:
            raise fail(file, fault, "encoding")
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, enc = data.decode("cp1258"), "cp1258"
            except UnicodeDecodeError as e:
                raise fail(
                    file,
                    reason("not_text", byte=f"0x{data[e.start]:02x}", offset=e.start),
                    "encoding",
                ) from None
    text = unicodedata.normalize("NFC", text)
    check_tcvn3(text, file)
    return text, enc


def _try(data: bytes, encoding: str, file: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise fail(
            file,
            reason("bad_bom", encoding=encoding, error=e.reason, offset=e.start),
            "encoding",
        ) from None
