"""What the load benchmarks share: free ports, waiting for a server, wrk runs, host steal.

On a shared virtual machine the host may take CPU time away from it ("steal"): a run that
coincides with that comes off worse through no fault of the server it measured. Each wrk run
therefore records the share of CPU time stolen meanwhile, so a reader can tell noise apart
from a real difference.
"""

from __future__ import annotations

import os
import re
import resource
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 20) -> None:
    """Wait until something accepts connections on the port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listens on port {port}")


def cpu_ticks() -> tuple[int, int]:
    """All CPU time and the time stolen by the host, in ticks since boot (0, 0 off Linux)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0, 0
    ticks = [int(field) for field in fields]
    return sum(ticks[:8]), ticks[7] if len(ticks) > 7 else 0


def run_wrk(url: str, lua: Path, seconds: int, connections: int, cookie: str) -> dict:
    """Run wrk; requests/s, MiB/s (1 MiB per request), non-2xx answers, the steal share and
    the CPU wrk itself used (core-seconds per second)."""
    total_before, steal_before = cpu_ticks()
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(lua), url],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, BENCH_COOKIE=cookie),
    ).stdout
    total_after, steal_after = cpu_ticks()
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # wrk's own CPU time per second of load: far below 1 means it was not the bottleneck.
    wrk_cpu = (
        wrk_after.ru_utime + wrk_after.ru_stime - wrk_before.ru_utime - wrk_before.ru_stime
    ) / seconds
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    steal = (steal_after - steal_before) / max(total_after - total_before, 1)
    return {
        "rps": rps,
        "mib_s": rps,
        "errors": int(non2xx.group(1)) if non2xx else 0,
        "steal": steal,
        "wrk_cpu": wrk_cpu,
    }


def median_run(results: list[dict]) -> dict:
    """The run with the median requests/s (errors summed over all runs)."""
    ranked = sorted(results, key=lambda result: result["rps"])
    return dict(ranked[len(ranked) // 2], errors=sum(r["errors"] for r in results))
