"""What the benchmarks share: the peak memory of the process that measures."""

from __future__ import annotations

import resource


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB.

    VmHWM from /proc where there is one: ``ru_maxrss`` survives ``exec``, so a process
    started from a big one (a spawned worker, the cold run) would report its parent's
    peak when that is higher.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
