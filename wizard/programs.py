"""Finding a program claude-setup starts by name (``git``, ``aws``, ``claude-setup`` itself).

Only the absolute folders of ``PATH`` are searched. A ``.``, an empty or any other relative
entry (``PATH=.:/usr/bin``, or ``PATH=/usr/bin:`` whose empty entry means ``.``) names whatever
folder claude-setup happens to run in: a repository just cloned could then plant a ``git`` that
runs as soon as ``apply --scope local`` asks git whether the settings file is ignored.
``shutil.which`` alone would not do: it searches such entries too (and, on Windows, the current
folder first).
"""

from __future__ import annotations

import os
import sys


def absolute_path_entries() -> list[str]:
    """The folders of ``PATH`` that do not depend on the current folder."""
    entries = os.environ.get("PATH", os.defpath).split(os.pathsep)
    return [entry for entry in entries if entry and os.path.isabs(entry)]


def find(name: str) -> str | None:
    """The absolute path of the executable ``name`` in PATH's absolute folders, or ``None``."""
    for folder in absolute_path_entries():
        for candidate in _file_names(name):
            path = os.path.join(folder, candidate)
            if os.path.isfile(path) and os.access(path, os.X_OK):
                return path
    return None


def _file_names(name: str) -> list[str]:
    """``name`` as a file name: on Windows with each of ``PATHEXT``'s endings, as it is found."""
    if sys.platform != "win32":
        return [name]
    endings = [e for e in os.environ.get("PATHEXT", ".COM;.EXE;.BAT;.CMD").split(";") if e]
    if any(name.lower().endswith(e.lower()) for e in endings):
        return [name]
    return [name + ending for ending in endings]
