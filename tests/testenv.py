"""Loaded by pytest before Django (see `-p tests.testenv` in pyproject.toml): the suite runs
with test defaults for what production would read from the environment."""

import os

os.environ.setdefault("KRUISPUNT_TESTING", "1")
os.environ.setdefault("DEBUG", "0")
