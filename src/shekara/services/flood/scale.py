"""Run many independent model tasks on Dask: a local cluster by default, or an existing scheduler.

Outlooks, hindcasts and calibrations are split into tasks that are *pure*: every input,
including the seed of any random draw, travels with the task (seeds are derived from the
run's seed and the task's own keys, never from run order or worker). So the numbers are
the same whether the tasks run here one after another (``scheduler="sync"``), on a local
cluster this module starts (the default), or on a scheduler at ``tcp://host:port``.

>>> map_tasks(abs, [-1, 2, -3], scheduler="sync")
[1, 2, 3]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["ClusterSpec", "SchedulerError", "dask_client", "map_tasks"]


class SchedulerError(RuntimeError):
    """The Dask scheduler cannot be reached or the cluster cannot start (code ``FLO010``)."""

    code = "FLO010"

    def __init__(self, message: str) -> None:
        super().__init__(f"{self.code}: {message}")


@dataclass(frozen=True, slots=True)
class ClusterSpec:
    """Where tasks run: ``scheduler`` = ``"sync"``, ``None`` (local cluster) or an address."""

    scheduler: str | None = None
    workers: int = 2
    processes: bool = False
    threads_per_worker: int = 1

    def describe(self) -> str:
        if self.scheduler == "sync":
            return "in-process (no Dask)"
        if self.scheduler:
            return f"Dask scheduler {self.scheduler}"
        kind = "processes" if self.processes else "threads"
        return f"Dask local cluster, {self.workers} worker(s) as {kind}"


@contextmanager
def dask_client(spec: ClusterSpec) -> Iterator[Any]:
    """A ``distributed.Client`` for ``spec`` (starting and closing a local cluster if needed)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask[distributed] is a dependency
        raise SchedulerError(f"dask.distributed is not installed: {exc}") from None
    # distributed ships no type hints; keep its objects as Any.
    make_client: Any = Client
    make_cluster: Any = LocalCluster
    cluster: Any = None
    try:
        if spec.scheduler:
            client = make_client(spec.scheduler, timeout="10s")
        else:
            cluster = make_cluster(
                n_workers=spec.workers,
                threads_per_worker=spec.threads_per_worker,
                processes=spec.processes,
                # Threads talk in-process; worker processes listen on loopback only.
                **({"host": "127.0.0.1"} if spec.processes else {}),
                dashboard_address=None,
            )
            client = make_client(cluster)
    except (OSError, TimeoutError, RuntimeError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise SchedulerError(f"cannot reach {spec.describe()}: {exc}") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def map_tasks(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    scheduler: str | None = "sync",
    spec: ClusterSpec | None = None,
    client: Any | None = None,
) -> list[R]:
    """``[fn(x) for x in items]``, in order, run where ``spec`` (or ``scheduler``) says.

    Give an open ``client`` to reuse it across calls (benchmarks, a CLI command that maps
    several stages).
    """
    spec = spec or ClusterSpec(scheduler=scheduler)
    if client is None and spec.scheduler == "sync":
        return [fn(x) for x in items]
    if client is not None:
        return list(client.gather(client.map(fn, list(items), pure=False)))
    with dask_client(spec) as cl:
        return list(cl.gather(cl.map(fn, list(items), pure=False)))
