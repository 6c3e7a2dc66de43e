"""Run `hatang --help` and every command's `--help`, each in a fork of one process
that has imported only `hatang.cli`, and print which modules each one loaded.

    python tests/cli/startup_probe.py   → JSON {"": [...], "import": [...], ...}

(tests/cli/test_cli_startup.py runs it in a fresh interpreter.)
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys


def commands(group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name)
        if hasattr(cmd, "commands"):
            yield from commands(cmd, (*prefix, name))


def loaded_by(args: list[str]) -> list[str]:
    """The modules loaded by `hatang ARGS --help`, run in a child process."""
    from hatang.cli import main

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run the help, report sys.modules, leave at once
        os.close(read)
        before = set(sys.modules)
        sys.argv = ["hatang", *args, "--help"]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            main()
        with os.fdopen(write, "w") as out:
            json.dump(sorted(set(sys.modules) - before), out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as got:
        mods = json.load(got)
    os.waitpid(pid, 0)
    return mods


def main() -> None:
    start = set(sys.modules)
    import typer.main

    from hatang.cli import app

    base = sorted(set(sys.modules) - start)
    cli = typer.main.get_command(app)
    out = {"": base + loaded_by([])}
    for path in commands(cli):
        out[" ".join(path)] = base + loaded_by(list(path))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
