"""Running playtest blocks on a Ray cluster (the optional ``ray`` extra).

``--ray auto`` joins the cluster named by RAY_ADDRESS or starts a local one; any other value
is a cluster address. Each task loads the pack from its path (every node must see the same
path) and returns the block's results; the order of a wave is kept, so results equal a
local run's for the same seed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["connect", "disconnect", "map_blocks"]

_remote: Any = None


def connect(address: str, run_block: Callable[..., Any]) -> Any:
    """Start or join Ray, with ``run_block`` (what each task runs, given by the batch runner)
    as its remote function; returns the module. Raises ImportError without the extra."""
    import ray

    global _remote
    if not ray.is_initialized():
        if address == "auto":
            ray.init(include_dashboard=False, log_to_driver=False,
                     configure_logging=False)
        else:
            ray.init(address=address, log_to_driver=False, configure_logging=False)
    if _remote is None:
        _remote = ray.remote(run_block)
    return ray


def map_blocks(ray: Any, tasks: list[tuple[Any, ...]]) -> Iterator[Any]:
    """Run one wave of blocks on the cluster; gives their results in order, each as soon
    as it is in (every task is submitted first, so the cluster works on all of them)."""
    refs = [_remote.remote(*task) for task in tasks]
    for ref in refs:
        yield ray.get(ref)


def disconnect(ray: Any) -> None:
    """Leave the cluster (and stop a local one this process started)."""
    ray.shutdown()
