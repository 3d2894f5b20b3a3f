"""On-disk cache for everything fetched from CBS and PDOK.

Entries are JSON files under ``settings.cache_dir``. Writes are atomic (a temporary
file in the same folder, then ``os.replace``), so an interrupted download never leaves a
half-written entry that a later run would trust.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..settings import settings


def cache_path(*parts: str) -> Path:
    """Path of a cache entry, e.g. ``cache_path("cbs", "85984NED_GM0626.json")``."""
    return Path(settings.cache_dir).joinpath(*parts)


def read(*parts: str) -> Any | None:
    """Return the cached JSON value, or None when absent, switched off or unreadable."""
    if not settings.use_cache:
        return None
    path = cache_path(*parts)
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, json.JSONDecodeError):
        # A damaged entry is worth nothing; drop it so it is fetched again.
        path.unlink(missing_ok=True)
        return None


def write(value: Any, *parts: str) -> Path | None:
    """Store a JSON-serialisable value atomically; return its path (None when caching is off)."""
    if not settings.use_cache:
        return None
    path = cache_path(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def clear_cache(service: str | None = None) -> None:
    """Remove cached responses: all of them, or only those of ``"cbs"`` or ``"pdok"``.

    Example
    -------
    >>> import wijkscan
    >>> wijkscan.clear_cache("cbs")
    """
    target = cache_path(service) if service else Path(settings.cache_dir)
    shutil.rmtree(target, ignore_errors=True)
