"""Reading JSON Lines with line numbers, reporting progress and the outcome of an import."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO, TypeVar

from django.db import transaction

MAX_LINE_BYTES = 1_000_000


class LineError(ValueError):
    """A line that cannot be imported, with the reason shown to the user."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    def reject(self, line_no: int, reason: str) -> None:
        self.rejected.append((line_no, reason))

    def warn(self, line_no: int, reason: str) -> None:
        self.warnings.append((line_no, reason))

    def summary(self) -> str:
        lines = [
            f"created: {self.created}, updated: {self.updated}, unchanged: {self.unchanged}, "
            f"rejected: {len(self.rejected)}, warnings: {len(self.warnings)}"
        ]
        for title, entries in (
            ("rejected", self.rejected),
            ("imported with a warning", self.warnings),
        ):
            if entries:
                lines.append(f"{title}:")
            for line_no, reason in entries[:100]:
                lines.append(f"  line {line_no}: {reason}")
            if len(entries) > 100:
                lines.append(f"  … and {len(entries) - 100} more lines")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [{"line": n, "reason": r} for n, r in self.rejected],
            "warnings": [{"line": n, "reason": r} for n, r in self.warnings],
        }


class Progress:
    """A progress bar on a terminal stream, by bytes read; quiet when not a terminal unless
    forced, so logs stay readable."""

    def __init__(self, total_bytes: int, stream: TextIO | None = None, enabled: bool = True):
        self.total = max(total_bytes, 1)
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.done = 0
        self.items = 0
        self.started = time.monotonic()
        self._last = 0.0

    def advance(self, nbytes: int, items: int = 1) -> None:
        self.done += nbytes
        self.items += items
        now = time.monotonic()
        if self.enabled and now - self._last >= 0.2:
            self._last = now
            self._draw()

    def _draw(self, final: bool = False) -> None:
        share = min(self.done / self.total, 1.0)
        width = 30
        filled = int(share * width)
        rate = self.items / max(time.monotonic() - self.started, 1e-6)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {share:6.1%} "
            f"{self.items} lines, {rate:,.0f}/s"
        )
        if final:
            self.stream.write("\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self._draw(final=True)


def read_lines(path: Path, progress: Progress | None = None) -> Iterator[tuple[int, Any]]:
    """Yield (line number, parsed object or LineError) for every non-blank line."""
    with open(path, "rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            if progress is not None:
                progress.advance(len(raw))
            if not raw.strip():
                continue
            if len(raw) > MAX_LINE_BYTES:
                yield line_no, LineError(f"line is longer than {MAX_LINE_BYTES:,} bytes")
                continue
            try:
                # Files saved by spreadsheet tools often start with a byte-order mark.
                obj = json.loads(raw.decode("utf-8-sig" if line_no == 1 else "utf-8"))
            except UnicodeDecodeError:
                yield line_no, LineError("line is not valid UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield line_no, LineError(f"invalid JSON: {exc.msg} at column {exc.colno}")
                continue
            except RecursionError:
                yield line_no, LineError("invalid JSON: nested too deeply")
                continue
            if not isinstance(obj, dict):
                yield line_no, LineError("expected a JSON object")
                continue
            yield line_no, obj


class ParsedLine(Protocol):
    warnings: list[str]


Line = TypeVar("Line", bound=ParsedLine)


def run_import(
    path: Path,
    progress: Progress | None,
    parse: Callable[[int, dict[str, Any]], Line],
    write_batch: Callable[[list[Line], ImportReport], None],
    batch_size: int,
) -> ImportReport:
    """The loop every import shares: parse each line completely (a bad line is reported with
    its number and skipped), then write the good ones in batches, one transaction each, so a
    bad line never leaves half a record."""
    report = ImportReport()
    batch: list[Line] = []

    def flush() -> None:
        if batch:
            with transaction.atomic():
                write_batch(batch, report)
            batch.clear()

    for line_no, obj in read_lines(path, progress):
        if isinstance(obj, LineError):
            report.reject(line_no, str(obj))
            continue
        try:
            parsed = parse(line_no, obj)
        except LineError as exc:
            report.reject(line_no, str(exc))
            continue
        for warning in parsed.warnings:
            report.warn(line_no, warning)
        batch.append(parsed)
        if len(batch) >= batch_size:
            flush()
    flush()
    if progress is not None:
        progress.finish()
    return report
