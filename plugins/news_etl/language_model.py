"""py3langid's model, unpacked once per machine instead of once per process.

The wheel ships the model xz-compressed; unpacking it takes 0.5-0.7 s in every new process, and every
Airflow task is a new process. The unpacked arrays are cached as an uncompressed `.npz` (no pickle) under
NEWS_ETL_DATA_DIR/cache, keyed on py3langid's version and the model file's size, and load in about a
tenth of that. The classifier built from the cache is the one the wheel's loader builds (same arrays,
same types): a cache that cannot be read or written only costs the slow path.
"""

from __future__ import annotations

import array
import logging
import os
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

_IDENTIFIER: Any = None


def identifier() -> Any:
    """The process's py3langid LanguageIdentifier (loaded on first use)."""
    global _IDENTIFIER
    if _IDENTIFIER is None:
        _IDENTIFIER = _load()
    return _IDENTIFIER


def cache_path() -> Path:
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    from news_etl.config import settings

    size = (MODEL_DIR / MODEL_FILE).stat().st_size
    return settings().data_dir / "cache" / f"py3langid-{py3langid.__version__}-{size}.npz"


def _load() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    path = cache_path()
    try:
        with np.load(path, allow_pickle=False) as data:
            return LanguageIdentifier(
                data["nb_ptc"], data["nb_pc"], data["nb_classes"].tolist(),
                array.array(str(data["nextmove_type"]), data["tk_nextmove"].tobytes()),
                data["tk_output"].tolist(),
                tk_row=array.array(str(data["row_type"]), data["tk_row"].tobytes()))
    except (OSError, ValueError, KeyError) as exc:
        if not isinstance(exc, FileNotFoundError):
            log.warning("language model cache %s unreadable (%s): unpacking the model again", path, exc)
    found = LanguageIdentifier.from_model_file(MODEL_FILE)
    _save(found, path)
    return found


def _save(found: Any, path: Path) -> None:
    """Write the cache atomically (a concurrent task reads the old file or the whole new one)."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            np.savez(fh, nb_ptc=found.nb_ptc, nb_pc=found.nb_pc, nb_classes=np.array(found.nb_classes),
                     tk_nextmove=np.frombuffer(found.tk_nextmove, dtype=found.tk_nextmove.typecode),
                     nextmove_type=np.array(found.tk_nextmove.typecode),
                     tk_output=np.array(found.tk_output, dtype=np.int64),
                     tk_row=np.frombuffer(found.tk_row, dtype=found.tk_row.typecode),
                     row_type=np.array(found.tk_row.typecode))
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("cannot cache the language model in %s (%s): each process will unpack it", path, exc)
        tmp.unlink(missing_ok=True)
