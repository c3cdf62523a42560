"""Loaded by pytest before Django (see `-p tests.testenv` in pyproject.toml): the suite runs
with test defaults for what production would read from the environment."""

import os

os.environ.setdefault("KRUISPUNT_TESTING", "1")
os.environ.setdefault("DEBUG", "0")
# Text vectors take ~30 ms a text: tests that need them ask for them (tests/marketplace/matching/
# test_text_vectors.py, test_text_vector_cache.py); the others build indexes without.
os.environ.setdefault("MATCHING_EMBEDDINGS", "off")
