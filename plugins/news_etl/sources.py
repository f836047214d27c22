"""Local inputs: which files a path names, and how each becomes RawDocuments (or Failures)."""

from __future__ import annotations

import gzip
import json
import logging
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from news_etl.metadata import normalize_language
from news_etl.records import Failure, Hints, RawDocument

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt",)
RECORD_SUFFIXES = (".json", ".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc",)  # also .warc.gz
SUPPORTED_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + RECORD_SUFFIXES + WARC_SUFFIXES


def _base_suffix(path: str) -> str:
    """'a.html.gz' -> '.html'; 'a.JSONL' -> '.jsonl'."""
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return os.path.splitext(name)[1]


def is_supported(path: str) -> bool:
    return _base_suffix(path) in SUPPORTED_SUFFIXES


def iter_files(given: str | os.PathLike[str]) -> Iterator[str]:
    """The files a path names, as paths joined onto it (not resolved): a directory is walked recursively
    for the files we can read (hidden ones skipped); a file named explicitly is always kept, so that an
    unsupported one becomes a failure row rather than vanishing."""
    root = os.fspath(given)
    if not os.path.isdir(root):
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and is_supported(name):
                yield os.path.join(dirpath, name)


def list_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, str]]:
    """(absolute path, source name) for every input under `paths`, sorted, each once.

    The source name is "files:<the directory or file name given>": the origin the user named.
    """
    found: dict[str, str] = {}
    for given in paths:
        root = Path(given).expanduser().resolve()
        source = f"files:{root.name or root}"
        for path in iter_files(root):
            found.setdefault(path, source)
    return sorted(found.items())


class ReadError(Exception):
    """An input whose bytes cannot be had; carries the error class to record."""

    def __init__(self, error_class: str, message: str) -> None:
        super().__init__(message)
        self.error_class = error_class


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The file's bytes, gunzipped when it ends in .gz, never more than `max_bytes` in memory."""
    try:
        size = os.path.getsize(path)
        if not path.lower().endswith(".gz"):
            if size > max_bytes:
                raise ReadError("TooLarge", f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
            with open(path, "rb") as fh:
                return fh.read()
        with gzip.open(path, "rb") as gz:
            data = gz.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise ReadError("FileNotFound", f"no such file: {path}") from exc
    except IsADirectoryError as exc:
        raise ReadError("IsADirectory", f"{path} is a directory") from exc
    except PermissionError as exc:
        raise ReadError("PermissionDenied", f"cannot read {path}: permission denied") from exc
    except EOFError as exc:
        raise ReadError("TruncatedGzip", "gzip stream ends before its end marker (truncated file)") from exc
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise ReadError("CorruptGzip", f"not a valid gzip file: {exc}") from exc
    if len(data) > max_bytes:
        raise ReadError("TooLarge", f"decompressed content exceeds the {max_bytes:,}-byte limit")
    return data


def _hints(record: dict[str, Any]) -> Hints:
    authors = record.get("authors") or record.get("author") or ()
    if isinstance(authors, str):
        authors = (authors,)
    elif not isinstance(authors, list | tuple):
        authors = ()  # `true`, a number, an object: not a byline we can read
    return Hints(
        title=_str(record.get("title")),
        authors=tuple(a for a in (_str(x) for x in authors) if a),
        published_at=_str(record.get("published_at") or record.get("date_publish") or record.get("date")),
        language=normalize_language(_str(record.get("language"))),
        description=_str(record.get("description")),
        site_name=_str(record.get("site_name")),
    )


def _str(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def record_document(record: Any, raw: bytes, locator: str, source: str) -> RawDocument | Failure:
    """One scraper-export object ({url, html} or {text, title?, authors?, published_at?, language?})."""
    if not isinstance(record, dict):
        return Failure(locator, source, "parse", "NotAnObject",
                       f"expected a JSON object, got {type(record).__name__}")
    html, text = _str(record.get("html")), _str(record.get("text"))
    if html is None and text is None:
        return Failure(locator, source, "parse", "NoContent", "record has neither an 'html' nor a 'text' field")
    return RawDocument(
        locator=locator,
        kind="record",
        content=raw,
        source_name=source,
        url=_str(record.get("url")),
        body=html if html is not None else text,
        body_kind="html" if html is not None else "text",
        hints=_hints(record),
    )


def read_records(path: str, data: bytes, source: str) -> Iterator[RawDocument | Failure]:
    """JSON (an object or an array of objects) or JSON Lines: one RawDocument per record. A file that holds
    no record at all (`[]`, blank lines) is a failure, so that it does not vanish from the run."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield Failure(path, source, "decode", "UnicodeDecodeError", f"JSON must be UTF-8: {exc}")
        return
    if _base_suffix(path) in (".jsonl", ".ndjson"):
        lines = 0
        for lineno, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            lines += 1
            locator = f"{path}#L{lineno}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Failure(locator, source, "parse", "JSONDecodeError",
                              f"line {lineno}: {exc.msg} at column {exc.colno}")
                continue
            except RecursionError:
                yield Failure(locator, source, "parse", "RecursionError", f"line {lineno}: JSON nested too deeply")
                continue
            yield record_document(record, line.encode("utf-8"), locator, source)
        if lines == 0:
            yield Failure(path, source, "parse", "NoRecords", "the JSON Lines file holds no record")
        return
    try:
        parsed = json.loads(content)
    except json.JSONDecodeError as exc:
        yield Failure(path, source, "parse", "JSONDecodeError", f"{exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    except RecursionError:
        yield Failure(path, source, "parse", "RecursionError", "JSON nested too deeply to parse")
        return
    if isinstance(parsed, dict):
        yield record_document(parsed, data, path, source)
        return
    if not isinstance(parsed, list):
        yield Failure(path, source, "parse", "NotAnObject", "expected a JSON object or an array of objects")
        return
    if not parsed:
        yield Failure(path, source, "parse", "NoRecords", "the JSON array is empty")
        return
    for index, record in enumerate(parsed):
        try:
            raw = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
        except RecursionError:
            yield Failure(f"{path}#{index}", source, "parse", "RecursionError", "JSON nested too deeply")
            continue
        yield record_document(record, raw, f"{path}#{index}", source)


def read_input(path: str, source: str, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """Every document in one input file; a file that cannot be read is one Failure."""
    suffix = _base_suffix(path)
    if suffix not in SUPPORTED_SUFFIXES:
        yield Failure(path, source, "read", "UnsupportedFormat",
                      f"unsupported file type {suffix or '(none)'}; expected one of {', '.join(SUPPORTED_SUFFIXES)}")
        return
    if suffix in WARC_SUFFIXES:
        from news_etl.warc import read_warc  # streamed record by record: archives are larger than memory

        yield from read_warc(path, source, max_bytes)
        return
    try:
        data = read_bytes(path, max_bytes)
    except ReadError as exc:
        yield Failure(path, source, "read", exc.error_class, str(exc))
        return
    if suffix in RECORD_SUFFIXES:
        yield from read_records(path, data, source)
    else:
        yield RawDocument(path, "html" if suffix in HTML_SUFFIXES else "text", data, source)
