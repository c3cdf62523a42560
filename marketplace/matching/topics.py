"""Call-topic structure: the query's topic codes and programme parts, matched against projects.

A tag with several segments is a hierarchical call-topic code ("SC5-14-2016-2017"); its
year-free key ("^sc5-14") names the topic across call rounds and its parent key ("^sc5") the
topic family. A one-segment tag ("SC1", "Marie-Curie Actions") names a programme part.
Organisations that worked on the same topic, in the same family or mostly in the same part
are the usual applicants of the next call; the per-project indicators below let the features
count, share and walk through those projects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from marketplace.matching.index import MatchingIndex
from marketplace.matching.vectors import tag_keys


@dataclass
class TopicMatch:
    """Per project (float32 0/1): same topic family, same programme part."""

    family: np.ndarray
    part: np.ndarray


def _projects_with(index: MatchingIndex, keys: Sequence[str]) -> np.ndarray:
    """0/1 per project: carries any of ``keys`` (tag keys as in :func:`tag_keys`)."""
    out = np.zeros(len(index.proj_refs), dtype=np.float32)
    tags = index.proj_tags
    for key in set(keys):
        j = index.tag_space.position.get(key)
        if j is not None:
            out[tags.indices[tags.indptr[j] : tags.indptr[j + 1]]] = 1.0
    return out


def topic_keys(tags: Sequence[str]) -> tuple[list[str], list[str]]:
    """The query's (family, part) keys; see the module docstring.

    The topic's own year-free key is not used: too few past projects carry it to teach a
    weight (measured), while its family carries the same evidence more often.
    """
    family, part = [], []
    for tag in tags:
        keys = tag_keys(tag)
        prefixes = keys[1:]  # most specific first
        if len(prefixes) >= 2:
            family.append(prefixes[1])
        elif prefixes:
            part.append(keys[0])
    return family, part


def match(index: MatchingIndex, tags: Sequence[str]) -> TopicMatch:
    """Which projects share the query's topic family and programme part."""
    family, part = topic_keys(tags)
    return TopicMatch(
        family=_projects_with(index, family),
        part=_projects_with(index, part),
    )
