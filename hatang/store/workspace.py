"""A workspace folder: hatang.toml, hatang.duckdb, raw/ (archive) and quarantine/."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hatang import settings as settings_mod
from hatang.errors import WorkspaceError
from hatang.store import db, lock

if TYPE_CHECKING:
    import duckdb

CONFIG = "hatang.toml"
DATABASE = "hatang.duckdb"
ENV_VAR = "HATANG_WORKSPACE"


def find_workspace(given: str | os.PathLike[str] | None = None) -> Path:
    """--workspace, else $HATANG_WORKSPACE, else the current folder."""
    root = Path(given or os.environ.get(ENV_VAR) or ".").expanduser().resolve()
    if not (root / CONFIG).is_file() or not (root / DATABASE).is_file():
        raise WorkspaceError(
            f"{root} is not a hatang workspace (no {CONFIG} / {DATABASE}). "
            f"Create one with `hatang init DIR --province CODE` or `hatang demo DIR`, "
            f"then pass --workspace DIR or set {ENV_VAR}."
        )
    return root


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Workspace:
    root: Path
    settings: settings_mod.Settings
    #: the database's tables not checked yet (`open(..., defer_check=True)`): the first
    #: connection checks them
    schema_unchecked: bool = field(default=False, repr=False, compare=False)

    @property
    def db_path(self) -> Path:
        return self.root / DATABASE

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def quarantine_dir(self) -> Path:
        return self.root / "quarantine"

    @property
    def output_dir(self) -> Path:
        """Derived files (rasters, PNGs, exports) that can always be rebuilt."""
        return self.root / "output"

    @property
    def terrain_dir(self) -> Path:
        """The imported DEM tiles (`tiles/`) and their merge, `dem.tif`, that coverage reads."""
        return self.root / "terrain"

    @property
    def dem_path(self) -> Path:
        return self.terrain_dir / "dem.tif"

    @property
    def synthetic(self) -> bool:
        return self.settings.workspace.synthetic

    @classmethod
    def open(
        cls, given: str | os.PathLike[str] | None = None, *, defer_check: bool = False
    ) -> Workspace:
        """The workspace at `given` (`find_workspace`), its tables brought up to the
        declared schema; with `defer_check` by its first connection instead, so that a
        command that reads once (a no-op `hatang compute`) opens the database once."""
        root = find_workspace(given)
        ws = cls(root, settings_mod.load(root / CONFIG), schema_unchecked=True)
        if not defer_check:
            with ws.connect(read_only=True, light=True):
                pass
        return ws

    @classmethod
    def create(
        cls, root: Path, settings: settings_mod.Settings, *, exist_ok: bool = False
    ) -> Workspace:
        root = Path(root).expanduser().resolve()
        if (root / CONFIG).exists() and not exist_ok:
            raise WorkspaceError(
                f"{root} is already a workspace ({CONFIG} exists); use another folder or --force"
            )
        root.mkdir(parents=True, exist_ok=True)
        for sub in ("raw", "quarantine", "output"):
            (root / sub).mkdir(exist_ok=True)
        settings_mod.save(settings, root / CONFIG)
        ws = cls(root, settings)
        with ws.connect() as con:
            db.ensure_schema(con)
            db.set_meta(con, "province", settings.workspace.province)
            db.set_meta(con, "synthetic", "true" if settings.workspace.synthetic else "false")
        return ws

    @contextmanager
    def connect(
        self, read_only: bool = False, *, blocking: bool = True, light: bool = False
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection under the workspace lock (hatang.store.lock): shared
        to read, exclusive to write, waiting up to `lock_wait_s`; `blocking=False` raises
        WorkspaceBusy at once instead of waiting; `light`: SQL through `execute` only,
        without duckdb's Python package (`db.connect`)."""
        if self.schema_unchecked:
            self.schema_unchecked = False
            with self.connect(read_only, blocking=blocking, light=light) as con:
                current = not db.schema_missing(con)
                if current:
                    yield con
            if current:
                return
            # an older workspace: add what its tables lack (needs the write lock)
            with self.connect() as con:
                db.ensure_schema(con)
        wait_s = lock.wait_limit(self.settings.workspace.lock_wait_s)
        with lock.workspace_lock(
            self.root, exclusive=not read_only, wait_s=wait_s, blocking=blocking
        ):
            con = db.connect_waiting(
                self.db_path,
                read_only=read_only,
                wait_s=wait_s if blocking else 0.0,
                light=light,
            )
            try:
                yield con
            finally:
                con.close()

    def archive(self, path: Path) -> tuple[str, Path]:
        """Keep an imported file as raw/<sha256><suffix>; never modified afterwards."""
        digest = sha256_file(path)
        target = self.raw_dir / f"{digest}{''.join(path.suffixes[-2:]).lower()}"
        if not target.exists():
            tmp = target.with_name(target.name + ".part")
            shutil.copyfile(path, tmp)
            os.chmod(tmp, 0o444)
            tmp.replace(target)
        return digest, target
