"""Every page type under load through gunicorn, as a ratio to a bare Django view served the same way.

Run with `make bench` (PostgreSQL database from DATABASE_URL, seeded with seed_scale when nearly empty).
Three gunicorn servers with the same workers: the bare view (scripts/bench_baseline_wsgi.py), the site with
its page cache off (what rendering costs, story bodies and facet counts still cached), and the site as
deployed (pages from the page cache). wrk loads each page in turn, round after round (interleaved, so a
busy moment of a shared machine falls on every page alike); the table gives medians over the rounds.
`--source DIR` serves another checkout of the code (e.g. main, for a before/after table).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ensure_database import ensure_database

ROOT = Path(__file__).resolve().parent.parent
STORY = "/articles/ice-dallas-charter-china-june-2025/"
FLIGHT = "/flights/2025-06-03-dallas-prc-shrc/"
PORTS = {"bare": 8170, "render": 8171, "cached": 8172}


@dataclass
class Case:
    name: str
    server: str
    path: str
    target: float | None
    rates: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    queries: str = ""


CASES = [
    Case("bare view", "bare", "/", None),
    Case("story (June 2025), rendered", "render", STORY, 0.25),
    Case("flight (June 2025), rendered", "render", FLIGHT, 0.15),
    Case("home, rendered", "render", "/", 0.15),
    Case("/articles/?q=china, rendered", "render", "/articles/?q=china", 0.15),
    Case("/flights/, rendered", "render", "/flights/", 0.15),
    Case("story, page cache", "cached", STORY, 0.7),
    Case("flight, page cache", "cached", FLIGHT, 0.7),
    Case("home, page cache", "cached", "/", 0.7),
    Case("/articles/?q=china, page cache", "cached", "/articles/?q=china", 0.7),
    Case("/flights/, page cache", "cached", "/flights/", 0.7),
    Case("whitenoise static file", "render", "/static/css/site.css", None),
]

# Counts the SQL statements of one request to each page, in the served code's own process (cold, then warm).
COUNT_QUERIES = """
import json, os, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client, counts = Client(), {}
for path in json.loads(sys.argv[1]):
    cache.clear()
    seen = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        seen.append(len(captured))
    counts[path] = seen
print(json.dumps(counts))
"""


# CPU time of one request through the whole WSGI application, in one process, no network: on a shared, busy
# machine this is steadier than throughput, and its ratio to the bare view predicts the throughput ratio.
CPU_PER_REQUEST = """
import json, statistics, sys, time
from importlib import import_module
from wsgiref.util import setup_testing_defaults
module, paths, repeat = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
application = import_module(module).application
def call(path):
    route, _, query = path.partition("?")
    environ = {"PATH_INFO": route, "QUERY_STRING": query, "HTTP_HOST": "127.0.0.1", "REQUEST_METHOD": "GET"}
    setup_testing_defaults(environ)
    body = application(environ, lambda status, headers: None)
    for _ in body:
        pass
    if hasattr(body, "close"):
        body.close()
result = {}
for path in paths:
    for _ in range(5):
        call(path)
    samples = []
    for _ in range(repeat):
        started = time.process_time()
        call(path)
        samples.append((time.process_time() - started) * 1000)
    result[path] = statistics.median(samples)
print(json.dumps(result))
"""


def cpu_per_request(source: Path, server: str, paths: list[str], repeat: int) -> dict[str, float]:
    """Median CPU ms per request of each path, for the bare view or the site with its page cache off or on."""
    if server == "bare":
        env, module, where = env_for(ROOT, page_cache=False), "bench_baseline_wsgi", ROOT / "scripts"
        env["PYTHONPATH"] = f"{ROOT}:{ROOT / 'scripts'}"
    else:
        env, module, where = env_for(source, page_cache=server == "cached"), "newsroom.wsgi", source
    done = subprocess.run(
        [sys.executable, "-c", CPU_PER_REQUEST, module, json.dumps(paths), str(repeat)],
        env=env, cwd=where, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


def redis_reachable(url: str) -> bool:
    host, _, port = url.split("//", 1)[1].split("/", 1)[0].partition(":")
    try:
        socket.create_connection((host, int(port or 6379)), timeout=0.5).close()
        return True
    except OSError:
        return False


# Served as in production: with the shared Redis cache when one answers (its own database number, emptied first).
SHARED_CACHE = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
SHARED_CACHE = SHARED_CACHE if redis_reachable(SHARED_CACHE) else ""


def flush_shared_cache() -> None:
    if SHARED_CACHE:
        import redis

        redis.Redis.from_url(SHARED_CACHE).flushdb()


def env_for(source: Path, page_cache: bool) -> dict[str, str]:
    env = dict(os.environ)
    if SHARED_CACHE:
        env["REDIS_URL"] = SHARED_CACHE
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", "benchmark-only"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_PLAIN_STATIC="1",
        DJANGO_SECURE_COOKIES="0",
        PAGE_CACHE="1" if page_cache else "0",
        REQUEST_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        PYTHONPATH=str(source),
    )
    return env


def start(name: str, source: Path, workers: int) -> subprocess.Popen[bytes]:
    port = PORTS[name]
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    if name == "bare":
        args = [gunicorn, "--chdir", str(ROOT / "scripts"), "bench_baseline_wsgi:application"]
        env = env_for(ROOT, page_cache=False)
        env["PYTHONPATH"] = f"{ROOT}:{ROOT / 'scripts'}"
    else:
        args = [gunicorn, "--chdir", str(source), "newsroom.wsgi:application"]
        if (source / "gunicorn.conf.py").exists():
            args += ["-c", str(source / "gunicorn.conf.py")]
        env = env_for(source, page_cache=name == "cached")
    # The same workers and address options for every server, whatever its config file says.
    args += ["--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--error-logfile", "-", "--log-level", "warning"]
    # Gunicorn puts its working directory first on the import path: start it in the code it serves.
    where = ROOT / "scripts" if name == "bare" else source
    process = subprocess.Popen(args, env=env, cwd=where, stdout=subprocess.DEVNULL, stderr=sys.stderr)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(
                f"http://127.0.0.1:{port}/robots.txt" if name != "bare" else f"http://127.0.0.1:{port}/"
            )
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"the {name} server did not start on port {port}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def wrk(url: str, seconds: int, connections: int) -> tuple[float, float, float]:
    """Requests per second, p50 and p99 latency in ms."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} error answers under load")

    def percentile(label: str) -> float:
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return rate, percentile("50"), percentile("99")


def timed_get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT, help="checkout whose code is served")
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per page per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "0")) or None)
    parser.add_argument("--cpu-repeat", type=int, default=100, help="requests per page for CPU time (0: skip)")
    parser.add_argument("--cpu-only", action="store_true", help="measure CPU time per request only, no wrk")
    parser.add_argument("--only", default="", help="only pages whose names contain this, and the bare view")
    args = parser.parse_args()
    if args.only:
        CASES[1:] = [case for case in CASES[1:] if args.only in case.name]
    source = args.source.resolve()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    workers = args.workers or (os.cpu_count() or 1) * 2 + 1
    env = env_for(source, page_cache=False)
    ensure_database(env["DATABASE_URL"])
    manage = [sys.executable, str(source / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=source)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=source)
    count = subprocess.run(
        [*manage, "shell", "-c", "from articles.models import Article; print(Article.objects.count())"],
        env=env, capture_output=True, text=True, check=True, cwd=source,
    )  # fmt: skip
    if int(count.stdout.split()[-1]) < 1000:
        subprocess.run([*manage, "load_demo"], env=env, check=True, cwd=source)
        subprocess.run([*manage, "seed_scale", "--articles", "100000", "--flights", "50000"], env=env, check=True)

    paths = sorted({case.path for case in CASES if case.server != "bare" and "static" not in case.path})
    counted = subprocess.run(
        [sys.executable, "-c", COUNT_QUERIES, json.dumps(paths)], env=env, capture_output=True, text=True, cwd=source
    )
    counts = json.loads(counted.stdout.strip().splitlines()[-1]) if counted.returncode == 0 else {}
    if counted.returncode != 0:
        print(f"counting queries failed:\n{counted.stderr[-2000:]}", file=sys.stderr)
    for case in CASES:
        if case.path in counts and case.server != "bare":  # the bare view is not the site's "/"
            cold, warm = counts[case.path]
            rendered = f"{warm}" if cold == warm else f"{warm} ({cold} cold)"
            case.queries = "0 (hit)" if case.server == "cached" else rendered

    cpu: dict[str, float] = {}
    if args.cpu_repeat:
        for server in ("bare", "render", "cached"):
            paths = [case.path for case in CASES if case.server == server]
            for path, ms in cpu_per_request(source, server, paths, args.cpu_repeat).items():
                cpu[f"{server} {path}"] = ms

    if args.cpu_only:
        print("| page | SQL queries | CPU ms/request | × bare (CPU) |\n|---|---|---|---|")
        for case in CASES:
            ms = cpu.get(f"{case.server} {case.path}")
            ratio = f"{cpu['bare /'] / ms:.3f}" if ms and cpu.get("bare /") else ""
            print(f"| {case.name} | {case.queries} | {ms or 0:.2f} | {ratio} |")
        return

    # Cold start: a freshly started server's first story request, against the same server warmed up. A deploy
    # starts new processes beside a shared cache that outlives them (Redis, when it runs here): measured both
    # with that cache emptied (the first deploy) and kept (every later one).
    flush_shared_cache()
    render = start("render", source, workers)
    cold_empty = timed_get(f"http://127.0.0.1:{PORTS['render']}{STORY}")
    warm = statistics.median(timed_get(f"http://127.0.0.1:{PORTS['render']}{STORY}") for _ in range(40))
    stop(render)
    render = start("render", source, workers)
    cold = timed_get(f"http://127.0.0.1:{PORTS['render']}{STORY}")
    servers = {"render": render, "bare": start("bare", source, workers), "cached": start("cached", source, workers)}
    try:
        for case in CASES:  # warm every worker's caches and connections
            wrk(f"http://127.0.0.1:{PORTS[case.server]}{case.path}", 1, args.connections)
        for _ in range(args.rounds):
            for case in CASES:
                url = f"http://127.0.0.1:{PORTS[case.server]}{case.path}"
                rate, p50, p99 = wrk(url, args.seconds, args.connections)
                case.rates.append(rate)
                case.p50.append(p50)
                case.p99.append(p99)
                print(f"  {case.name}: {rate:,.0f} req/s", file=sys.stderr, flush=True)
    finally:
        for process in servers.values():
            stop(process)

    bare = statistics.median(CASES[0].rates)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{source.name}: gunicorn {workers} workers per server, wrk -t1 -c{args.connections}, "
        f"{args.rounds} rounds × {args.seconds} s per page, medians; load average {load} on {os.cpu_count()} CPUs\n"
    )
    bare_cpu = cpu.get("bare /")
    print("| page | req/s | p50 ms | p99 ms | SQL queries | × bare view | target | CPU ms/request | × bare (CPU) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for case in CASES:
        rate = statistics.median(case.rates)
        ratio = rate / bare
        target = "" if case.target is None else f"≥ {case.target}× {'met' if ratio >= case.target else 'MISSED'}"
        ms = cpu.get(f"{case.server} {case.path}")
        cpu_cells = f"{ms:.2f} | {bare_cpu / ms:.3f}" if ms and bare_cpu else " | "
        print(
            f"| {case.name} | {rate:,.0f} | {statistics.median(case.p50):.1f} | {statistics.median(case.p99):.1f} "
            f"| {case.queries} | {ratio:.3f} | {target} | {cpu_cells} |"
        )
    shared = f"shared cache {SHARED_CACHE}" if SHARED_CACHE else "no shared cache (each worker's own memory)"
    print(
        f"\nCold start (first story request after the server starts; {shared}): {cold:.0f} ms with the cache "
        f"kept, {cold_empty:.0f} ms emptied; warm median {warm:.1f} ms; {cold / warm:.1f}× and "
        f"{cold_empty / warm:.1f}× (target ≤ 3×)"
    )


if __name__ == "__main__":
    main()
