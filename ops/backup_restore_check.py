#!/usr/bin/env python3
"""Back up the database and prove the backup restores: dump, restore into a scratch
database, compare the row count of every table, drop the scratch database.

    python ops/backup_restore_check.py [--database URL] [--out FILE] [--keep-dump]

The database is DATABASE_URL (or --database). The dump is `pg_dump --format=custom` taken
in a snapshot that this script holds open, and the source's rows are counted in that same
snapshot, so the comparison is exact even while the application keeps writing. The scratch
database `<name>_restore_check` is created on the same server (the role needs CREATEDB) and
dropped afterwards. With --out the dump is kept at FILE (the nightly backup); without it, in
a temporary file that is removed.

Prints one JSON line {"tables", "rows", "mismatches", "dump_bytes", "seconds"} and exits 1
when a table's count differs or a step fails. SECURITY.md says how to schedule it.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
from psycopg import sql


def pg_tool(name: str) -> str:
    """The newest installed client tool: pg_dump must not be older than the server."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    found = candidates[0] if candidates else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} was not found: install the PostgreSQL client tools")
    return found


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    tables = conn.execute(
        "SELECT schemaname, tablename FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
    ).fetchall()
    counts = {}
    for schema, table in tables:
        query = sql.SQL("SELECT count(*) FROM {}.{}").format(
            sql.Identifier(schema), sql.Identifier(table)
        )
        row = conn.execute(query).fetchone()
        counts[f"{schema}.{table}"] = int(row[0]) if row else 0
    return counts


def check(database: str, out: Path) -> dict[str, object]:
    started = time.monotonic()
    parsed = urlparse(database)
    name = parsed.path.lstrip("/")
    scratch = f"{name}_restore_check"[:63]
    scratch_url = urlunparse(parsed._replace(path=f"/{scratch}"))
    with psycopg.connect(database) as source:
        # One snapshot for the dump and for the counts.
        source.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        row = source.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None
        snapshot = str(row[0])
        subprocess.run(
            [
                *(pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"),
                *(f"--snapshot={snapshot}", f"--file={out}", f"--dbname={database}"),
            ],
            check=True,
        )
        expected = table_counts(source)
        source.execute("COMMIT")
    with psycopg.connect(database, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    try:
        subprocess.run(
            [
                *(pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"),
                *(f"--dbname={scratch_url}", str(out)),
            ],
            check=True,
        )
        with psycopg.connect(scratch_url) as restored:
            found = table_counts(restored)
    finally:
        with psycopg.connect(database, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch))
            )
    mismatches = {
        table: {"dumped": count, "restored": found.get(table)}
        for table, count in expected.items()
        if found.get(table) != count
    }
    for table in sorted(mismatches):
        print(f"MISMATCH {table}: {mismatches[table]}", file=sys.stderr)
    return {
        "tables": len(expected),
        "rows": sum(expected.values()),
        "mismatches": len(mismatches),
        "dump_bytes": out.stat().st_size,
        "seconds": round(time.monotonic() - started, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--out", type=Path, help="keep the dump here (the backup itself)")
    args = parser.parse_args()
    if not args.database.startswith(("postgres://", "postgresql://")):
        parser.error("give a PostgreSQL URL with --database or DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="kruispunt-backup-") as workdir:
        out = args.out or Path(workdir) / "kruispunt.dump"
        try:
            result = check(args.database, out)
        except (subprocess.CalledProcessError, psycopg.Error) as exc:
            print(f"backup check failed: {exc}", file=sys.stderr)
            return 1
    print(json.dumps(result))
    return 1 if result["mismatches"] else 0


if __name__ == "__main__":
    sys.exit(main())
