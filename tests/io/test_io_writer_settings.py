"""The import's writer tunes DuckDB for its transaction and gives the settings back,
and the CSV reader's one pass over the file finds lines and NUL bytes alike."""

from __future__ import annotations

from pathlib import Path

import duckdb

from hatang.io import csvfile
from hatang.store.imports import ImportWriter


def _settings(con: duckdb.DuckDBPyConnection) -> tuple[str, int]:
    [(memory, threads)] = con.execute(
        "SELECT current_setting('memory_limit'), current_setting('threads')"
    ).fetchall()
    return memory, int(threads)


def test_the_writer_runs_on_one_thread_and_gives_the_settings_back(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("SET threads = 3")
    con.execute("SET memory_limit = '700MB'")
    before = _settings(con)
    writer = ImportWriter(con, memory_mb=64)
    assert _settings(con)[1] == 1
    assert _settings(con)[0] != before[0]
    writer.close()
    assert _settings(con) == before == (before[0], 3)


def test_one_pass_counts_the_lines_and_finds_a_nul(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"a,b\r\n1,2\n3,\x004\r\n\r\n")
    assert csvfile.scan_lines(path, 0) == (3, True)
    assert csvfile.scan_lines(path, 5) == (2, True)
    assert csvfile.scan_lines(path, 9) == (1, True)
    path.write_bytes(b"a,b\n1,2\n")
    assert csvfile.scan_lines(path, 0) == (2, False)
    assert csvfile.count_lines(path, 0) == 2
