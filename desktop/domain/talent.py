"""Talent pipeline figures for HR: counts that never single anyone out, and who may be named.

A talent conversation is personal. HR sees counts by station, role and band only for groups of at
least `MIN_GROUP` people, and names only those who ticked the talent-pool consent in their EADR.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from typing import TypeVar

from desktop.domain.conversation import Readiness

MIN_GROUP = 3
K = TypeVar("K", bound=Hashable)


def talent_counts(readiness: str, leadership: str) -> Counter[str]:
    """One person's contribution to a group's counts."""
    counts: Counter[str] = Counter(people=1)
    if readiness == Readiness.READY_NOW.value:
        counts["ready_now"] += 1
    elif readiness == Readiness.ONE_TWO_YEARS.value:
        counts["ready_1_2_years"] += 1
    elif readiness == Readiness.NOT_AT_THIS_TIME.value:
        counts["not_at_this_time"] += 1
    if leadership in ("yes", "maybe"):
        counts[f"leadership_{leadership}"] += 1
    return counts


def merge_small(groups: dict[K, Counter[str]], merged_key: K, min_size: int = MIN_GROUP) -> dict[K, Counter[str]]:
    """Groups of fewer than `min_size` people are merged into one `merged_key` group. If that group is still
    too small, the next smallest groups join it (so no small group can be worked out by subtracting the
    shown ones from a total). If everything together is too small, nothing is shown."""
    keep = dict(groups)
    merged: Counter[str] = Counter()
    for key in sorted((k for k in groups if groups[k]["people"] < min_size), key=repr):
        merged.update(keep.pop(key))
    while 0 < merged["people"] < min_size and keep:
        smallest = min(keep, key=lambda k: (keep[k]["people"], repr(k)))
        merged.update(keep.pop(smallest))
    if 0 < merged["people"] < min_size:
        return {}
    if merged["people"]:
        keep[merged_key] = merged
    return keep
