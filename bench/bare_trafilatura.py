"""The baseline: bare `trafilatura.bare_extraction(with_metadata=True, include_comments=False)` over one
shard of a file list (`.html` or `.html.gz`).

    python bench/bare_trafilatura.py FILE_LIST --shard 0 --of 2

Prints one JSON object: documents, seconds (from the first file to the last), peak RSS in MiB. The runner
starts one process per shard at once, so "two processes over the same files" is what it measures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file_list")
    parser.add_argument("--shard", type=int, default=0)
    parser.add_argument("--of", type=int, default=1)
    args = parser.parse_args()
    import trafilatura

    with open(args.file_list, encoding="utf-8") as fh:
        files = [line.rstrip("\n") for n, line in enumerate(fh) if n % args.of == args.shard]
    started = time.monotonic()
    extracted = 0
    for path in files:
        with (gzip.open if path.endswith(".gz") else open)(path, "rb") as page:
            data = page.read()
        try:
            html: str | bytes = data.decode("utf-8")
        except UnicodeDecodeError:
            html = data  # trafilatura guesses the encoding itself
        if trafilatura.bare_extraction(html, with_metadata=True, include_comments=False) is not None:
            extracted += 1
    print(json.dumps({"documents": len(files), "extracted": extracted,
                      "seconds": round(time.monotonic() - started, 3),
                      "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


if __name__ == "__main__":
    main()
