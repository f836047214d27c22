"""Extraction quality benchmark: our `extract()` against bare trafilatura on the same labelled pages.

Reads a directory laid out like ../shared/eval/wcxb-dev-articles (``html/<id>.html.gz`` and
``ground-truth/<id>.json`` with url, title, author, publish_date, main_content, with, without), runs
``trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)`` and
``news_etl.extract.extract()`` on every page in the same run, and prints a side-by-side table.

    .venv/bin/python bench/extraction_quality.py [DIR] [--processes N] [--limit N] [--misses FIELD]

Metrics (per page, averaged over pages):
- body word-F1: lower-cased bags of ``\\w+`` tokens, precision/recall/F1 (the set's own metric); a page
  that yields nothing scores 0;
- with / without: share of the ``with`` snippets found in the text (higher is better) and of the
  ``without`` boilerplate snippets found in it (lower is better), both lower-cased, whitespace-collapsed;
- title / author exact: lower-cased, whitespace-collapsed strings equal, over pages whose ground truth
  has a value; several authors are joined the way the set writes them ("A, B and C"; ", " for two or
  more names joined by commas in the label is accepted too, see `_author_forms`);
- date same-day: the first 10 characters equal the label, over pages with a labelled date.
Throughput: pages per CPU-second of each extractor (times the process count), both run interleaved page by
page in the same worker processes, so machine load weighs on both alike.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

DEFAULT_DIR = ROOT.parent / "shared" / "eval" / "wcxb-dev-articles"
_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")

Page = tuple[str, str, dict[str, Any]]  # id, html, ground truth
Output = dict[str, Any]  # text, title, author (joined), date


def load_pages(directory: Path, limit: int | None) -> list[Page]:
    pages: list[Page] = []
    for truth_path in sorted((directory / "ground-truth").glob("*.json")):
        page_id = truth_path.stem
        html_path = directory / "html" / f"{page_id}.html.gz"
        if not html_path.exists():
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        pages.append((page_id, gzip.decompress(html_path.read_bytes()).decode("utf-8", "replace"), truth))
        if limit and len(pages) >= limit:
            break
    return pages


def norm(value: str | None) -> str:
    return _SPACE.sub(" ", (value or "")).strip().lower()


def word_f1(predicted: str, truth: str) -> float:
    pred, gold = Counter(_TOKEN.findall(predicted.lower())), Counter(_TOKEN.findall(truth.lower()))
    if not pred or not gold:
        return 1.0 if not pred and not gold else 0.0
    overlap = sum((pred & gold).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def join_authors(names: list[str]) -> str:
    """How the set's labels write several people: 'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _author_forms(names: list[str]) -> set[str]:
    """The joined strings we accept for a list of names: the labels use both 'A, B and C' and 'A, B, C'."""
    forms = {norm(join_authors(names)), norm(", ".join(names))}
    if len(names) > 2:
        forms.add(norm(", ".join(names[:-1]) + ", and " + names[-1]))
    return forms


# --- the two extractors, run in worker processes --------------------------------------------------------

def run_bare(page: Page) -> Output:
    import trafilatura

    _page_id, html, truth = page
    doc = trafilatura.bare_extraction(html, url=truth.get("url"), with_metadata=True, include_comments=False)
    if doc is None:
        return {"text": "", "title": None, "authors": [], "date": None}
    # trafilatura joins several authors with "; "
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {"text": doc.text or "", "title": doc.title, "authors": authors, "date": doc.date}


def run_ours(page: Page) -> Output:
    from news_etl.extract import extract
    from news_etl.records import Article, RawDocument

    page_id, html, truth = page
    raw = RawDocument(locator=f"wcxb:{page_id}", kind="html", content=html.encode("utf-8"), source_name="bench",
                      url=truth.get("url"))
    outcome = extract(raw, timeout_s=0)
    if not isinstance(outcome, Article):
        return {"text": "", "title": None, "authors": [], "date": None}
    return {"text": outcome.text, "title": outcome.title if not outcome.title_derived else None,
            "authors": list(outcome.authors), "date": outcome.published_at, "method": outcome.extraction_method,
            "access": outcome.access_status}


def run_both(indexed: tuple[int, Page]) -> tuple[Output, Output, float, float]:
    """Both extractors on one page, timed in CPU seconds of this process.

    CPU time rather than wall time, and the two interleaved page by page (alternating which goes first), so
    that other load on the machine and cache warmth weigh on both sides alike.
    """
    index, page = indexed
    order = (run_bare, run_ours) if index % 2 else (run_ours, run_bare)
    results: dict[Any, tuple[Output, float]] = {}
    for fn in order:
        start = time.process_time()
        out = fn(page)
        results[fn] = (out, time.process_time() - start)
    (bare, bare_s), (ours, ours_s) = results[run_bare], results[run_ours]
    return bare, ours, bare_s, ours_s


def run_all(pages: list[Page], processes: int) -> tuple[list[Output], list[Output], float, float, float]:
    start = time.perf_counter()
    if processes <= 1:
        rows = [run_both(item) for item in enumerate(pages)]
    else:
        with Pool(processes) as pool:
            rows = pool.map(run_both, list(enumerate(pages)), chunksize=4)
    wall = time.perf_counter() - start
    return ([r[0] for r in rows], [r[1] for r in rows], sum(r[2] for r in rows), sum(r[3] for r in rows), wall)


# --- scoring -------------------------------------------------------------------------------------------

def score(pages: list[Page], outputs: list[Output]) -> dict[str, float]:
    f1s: list[float] = []
    with_hits = with_total = without_hits = without_total = 0
    title_ok = title_n = author_ok = author_n = date_ok = date_n = 0
    for (_id, _html, truth), out in zip(pages, outputs, strict=True):
        text = norm(out["text"])
        f1s.append(word_f1(out["text"], truth.get("main_content") or ""))
        for snippet in truth.get("with") or []:
            with_total += 1
            with_hits += norm(snippet) in text
        for snippet in truth.get("without") or []:
            without_total += 1
            without_hits += bool(text) and norm(snippet) in text
        if truth.get("title"):
            title_n += 1
            title_ok += norm(out["title"]) == norm(truth["title"])
        if truth.get("author"):
            author_n += 1
            author_ok += norm(truth["author"]) in _author_forms(out["authors"])
        if truth.get("publish_date"):
            date_n += 1
            date_ok += (out["date"] or "")[:10] == truth["publish_date"][:10]
    return {
        "body word-F1": sum(f1s) / max(1, len(f1s)),
        "with snippets found": with_hits / max(1, with_total),
        "without snippets found (lower is better)": without_hits / max(1, without_total),
        "title exact": title_ok / max(1, title_n),
        "author exact": author_ok / max(1, author_n),
        "date same-day": date_ok / max(1, date_n),
    }


def misses(pages: list[Page], ours: list[Output], bare: list[Output], field: str) -> None:
    """Print the pages where we miss a field (for looking at failure classes, not for tuning single pages)."""
    for (page_id, _html, truth), out, base in zip(pages, ours, bare, strict=True):
        if field == "title" and truth.get("title") and norm(out["title"]) != norm(truth["title"]):
            print(f"{page_id}\tgold={truth['title']!r}\tours={out['title']!r}\tbare={base['title']!r}")
        elif field == "author" and truth.get("author") and norm(truth["author"]) not in _author_forms(out["authors"]):
            print(f"{page_id}\tgold={truth['author']!r}\tours={out['authors']!r}\tbare={base['authors']!r}")
        elif field == "date" and truth.get("publish_date") and (out["date"] or "")[:10] != truth["publish_date"]:
            print(f"{page_id}\tgold={truth['publish_date']!r}\tours={out['date']!r}\tbare={base['date']!r}"
                  f"\t{truth.get('url')}")
        elif field == "body":
            ours_f1 = word_f1(out["text"], truth.get("main_content") or "")
            bare_f1 = word_f1(base["text"], truth.get("main_content") or "")
            if ours_f1 < 0.8 or ours_f1 < bare_f1 - 0.02:
                print(f"{page_id}\tours={ours_f1:.3f}\tbare={bare_f1:.3f}\t{out.get('method')}\t{out.get('access')}"
                      f"\t{truth.get('url')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--processes", type=int, default=1, help="worker processes for each extractor (default 1)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--misses", choices=("title", "author", "date", "body"), default=None,
                        help="also list the pages where our extractor misses this field")
    args = parser.parse_args(argv)

    pages = load_pages(args.directory, args.limit)
    if not pages:
        print(f"no pages found under {args.directory}", file=sys.stderr)
        return 2
    # Warm both code paths once (imports, model loading) so neither pays it inside the timed run.
    run_bare(pages[0])
    run_ours(pages[0])
    bare_out, ours_out, bare_cpu, ours_cpu, wall = run_all(pages, args.processes)
    bare_scores, ours_scores = score(pages, bare_out), score(pages, ours_out)

    print(f"{len(pages)} pages from {args.directory}, {args.processes} process(es)\n")
    print("| metric | bare trafilatura | news_etl |\n|---|---:|---:|")
    for name in bare_scores:
        fmt = "{:.3f}" if name.startswith("body") else "{:.1%}"
        print(f"| {name} | {fmt.format(bare_scores[name])} | {fmt.format(ours_scores[name])} |")
    # pages per second of one process's CPU, times the process count: what each extractor sustains
    bare_rate, ours_rate = len(pages) / bare_cpu * args.processes, len(pages) / ours_cpu * args.processes
    print(f"| pages/second ({args.processes} process(es), CPU time) | {bare_rate:.1f} | {ours_rate:.1f} |")
    print(f"| throughput ratio (ours / bare) | 1.00 | {ours_rate / bare_rate:.2f} |")
    print(f"\nwall time for both extractors, interleaved: {wall:.1f} s")
    if args.misses:
        print()
        misses(pages, ours_out, bare_out, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
