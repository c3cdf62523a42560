"""A fresh PostgreSQL database for a benchmark run, so benchmarks never touch real data.

Uses the server in DATABASE_URL (default: the local one on 127.0.0.1:5432), creates the
database `kruispunt_bench_<name>` anew, points DATABASE_URL at it and sets Django up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KRUISPUNT_SHARED", ROOT.parent / "shared"))


def fresh_database(name: str, migrate: bool = True, keep: bool = False) -> None:
    """Create the database anew and set Django up on it; unless ``keep``, the database is
    dropped when the benchmark ends (a 100,000-organisation run leaves gigabytes otherwise)."""
    import atexit

    import psycopg

    base = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    parsed = urlparse(base)
    dbname = f"kruispunt_bench_{name}"
    admin_url = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{dbname}"')
    if not keep:
        atexit.register(_drop, admin_url, dbname)
    os.environ["DATABASE_URL"] = urlunparse(parsed._replace(path=f"/{dbname}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("KRUISPUNT_TESTING", "1")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_taxonomies", verbosity=0)


def _drop(admin_url: str, dbname: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
