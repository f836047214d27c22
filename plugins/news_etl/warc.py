"""WARC archives (.warc, .warc.gz; e.g. Common Crawl CC-NEWS): HTTP response records -> RawDocuments."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from news_etl.fetch import FetchResult, http_date_iso, page_document
from news_etl.records import Failure, Hints, RawDocument
from news_etl.urls import url_host

log = logging.getLogger(__name__)


def read_warc(path: str, source: str, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """Every HTTP response record of a WARC file, streamed (archives are gigabytes; records are not).

    A record's locator is `<file>#<byte offset>`, its url the WARC-Target-URI, and its HTTP headers become
    hints (Last-Modified, charset). Request, metadata and warcinfo records are not documents and are
    skipped; a response that is not a 2xx HTML page is a Failure saying so.
    """
    try:
        with open(path, "rb") as fh:
            records = ArchiveIterator(fh)
            seen = 0
            for record in records:
                seen += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                body = record.content_stream().read(max_bytes + 1)
                offset = records.get_record_offset()  # after the body: asking first reads the record to its end
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                locator = f"{path}#{offset}"
                name = url_host(url) or source
                headers = record.http_headers
                status = int(headers.get_statuscode() or 0)
                if len(body) > max_bytes:
                    yield Failure(locator, name, "read", "TooLarge",
                                  f"record {url} exceeds the {max_bytes:,}-byte limit")
                    continue
                error = None if 200 <= status < 300 else f"HTTP{status}"
                result = FetchResult(purpose="archive", url=url, final_url=locator, status=status, content=body,
                                     content_type=headers.get_header("Content-Type"),
                                     last_modified=headers.get_header("Last-Modified"),
                                     error_class=error,
                                     error=f"archived response has status {status}" if error else None)
                hints = Hints(origin="http", http_last_modified=http_date_iso(result.last_modified))
                item = page_document(result, name, hints)
                yield item if isinstance(item, RawDocument) else Failure(
                    locator, item.source_name, "read", item.error_class, f"{url}: {item.message}")
            if seen == 0:
                yield Failure(path, source, "read", "CorruptWARC", "no WARC record could be read from the file")
    except FileNotFoundError:
        yield Failure(path, source, "read", "FileNotFound", f"no such file: {path}")
    except ArchiveLoadFailed as exc:
        yield Failure(path, source, "read", "CorruptWARC", f"not a readable WARC file: {exc}")
    except (OSError, EOFError) as exc:
        yield Failure(path, source, "read", "CorruptWARC", f"WARC file ends early or is corrupt: {exc}")
    except (ValueError, AttributeError, zlib.error) as exc:
        # warcio surfaces damaged headers and bodies as these (an AttributeError from inside its record
        # parser on a mangled header block); the archive is what is broken, so it is a failure row.
        yield Failure(path, source, "read", "CorruptWARC", f"WARC file is corrupt: {type(exc).__name__}: {exc}")
