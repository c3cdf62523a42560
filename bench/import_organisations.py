"""Benchmark: import the CORDIS development organisations (17,283 lines) into PostgreSQL, twice.

usage: python bench/import_organisations.py [--file PATH]
Prints the time of the first import, the time of the idempotent second run and the counts,
ending with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from benchdb import SHARED, fresh_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--file", type=Path, default=SHARED / "data" / "cordis" / "dev" / "organisations.jsonl"
    )
    args = parser.parse_args()
    fresh_database("import")
    from marketplace.imports.organisations import import_organisations
    from marketplace.models import Organisation

    with open(args.file, encoding="utf-8") as handle:
        lines = sum(1 for line in handle if line.strip())
    started = time.perf_counter()
    first = import_organisations(args.file)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    second = import_organisations(args.file)
    second_s = time.perf_counter() - started
    total = Organisation.objects.count()
    print(f"file: {args.file} ({lines} lines)")
    print(f"first run:  {first_s:.2f} s  {first.summary().splitlines()[0]}")
    print(f"second run: {second_s:.2f} s  {second.summary().splitlines()[0]}")
    print(f"organisations in the database: {total}")
    print(
        json.dumps(
            {
                "lines": lines,
                "organisations": total,
                "first_import_s": round(first_s, 2),
                "first_lines_per_s": round(lines / first_s),
                "second_import_s": round(second_s, 2),
                "first_created": first.created,
                "second_created": second.created,
                "second_updated": second.updated,
                "rejected": len(first.rejected),
            }
        )
    )


if __name__ == "__main__":
    main()
