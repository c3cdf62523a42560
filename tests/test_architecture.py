"""DESIGN.md's dependency rules hold: every import-linter contract in pyproject.toml is kept
(apps in layers, chat/realtime.py a leaf, models at the bottom, endpoint modules imported by
URL modules only, pages not built on the API, pure matching and solver cores, one module
importing stripe). A new import that breaks one fails the suite, and the message names it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports() -> str:
    beside_python = Path(sys.executable).with_name("lint-imports")
    found = str(beside_python) if beside_python.exists() else shutil.which("lint-imports")
    assert found, "import-linter is a dev dependency: run `make install`"
    return found


def test_every_import_contract_of_pyproject_is_checked_and_kept():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
    result = subprocess.run(
        [_lint_imports(), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert f"Contracts: {len(contracts)} kept, 0 broken." in report, report
