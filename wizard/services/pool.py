"""Many independent calls at once (regions, endpoints), with a bounded number of threads.

Ten regions that each answer in 200 ms take about 200 ms, not 2 s. One failure does not stop
the others: each result is either a value or the ``ServiceError`` it raised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

from wizard.services.errors import ServiceError

K = TypeVar("K")
V = TypeVar("V")

MAX_WORKERS = 16


@dataclass(frozen=True)
class Outcome(Generic[K, V]):
    key: K
    value: V | None = None
    error: ServiceError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def gather(
    call: Callable[[K], V], keys: Iterable[K], max_workers: int = MAX_WORKERS
) -> list[Outcome[K, V]]:
    """``call(key)`` for every key in parallel; results in the order of ``keys``."""
    items = list(keys)
    if not items:
        return []

    def one(key: K) -> Outcome[K, V]:
        try:
            return Outcome(key, value=call(key))
        except ServiceError as exc:
            return Outcome(key, error=exc)

    with ThreadPoolExecutor(max_workers=min(max_workers, len(items))) as executor:
        return list(executor.map(one, items))
