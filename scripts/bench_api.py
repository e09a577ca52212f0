"""HTTP suggestion latency of the service against the engine called in-process, in one run.

A real server (``halokop serve``: uvicorn, its own process) runs on 127.0.0.1 over a fresh SQLite
database holding the sample knowledge base; the same index version is loaded in this process for the
in-process baseline. Each client runs a bounded loop over the labelled test questions:

- ``suggest``: ``POST /api/questions`` (store the question, then verdict, matches, draft; staff route)
  against ``Recommender.suggest``;
- ``search``: ``GET /api/public/search`` against ``Recommender.search``.

Latencies are measured per request at 1 and 8 concurrent clients (threads, one keep-alive connection
each) and printed as a table with the ratio to the in-process figure at the same concurrency.

Usage: python scripts/bench_api.py [--requests 200] [--index DIR] [--kb data/sample/kb.jsonl]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

import api  # noqa: F401 - first: sets the OpenMP wait policy before any engine loads

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_clients(clients: int, per_client: int, call: Callable[[int, int], None]) -> list[float]:
    """Run ``clients`` threads, each calling ``call(client, i)`` ``per_client`` times; latencies in ms."""
    latencies: list[float] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(clients)

    def worker(c: int) -> None:
        mine = []
        start_gate.wait()
        for i in range(per_client):
            t0 = time.perf_counter()
            call(c, i)
            mine.append((time.perf_counter() - t0) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(workdir: Path, kb: Path, labelled: Path | None, index: Path | None, env: dict) -> None:
    """Migrate a fresh SQLite database, load the KB, put an index version in place, create a user."""

    def halokop(*args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "api", *args], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL
        )

    halokop("db", "upgrade")
    halokop("kb", "import", str(kb))
    if index is not None:
        shutil.copytree(index, workdir / "index" / "bench")
        from api.services.index_versions import write_pointer

        write_pointer(workdir / "index", "bench")
    else:
        print(f"building the index from {kb} (calibrated on {labelled}) ...", file=sys.stderr)
        halokop("index", "build", "--from-db", *(["--labelled", str(labelled)] if labelled else []))
    halokop("users", "create", "bench", "--role", "staf", "--password", "bench-password-123")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="Requests per scenario and concurrency.")
    parser.add_argument("--kb", type=Path, default=ROOT / "data/sample/kb.jsonl")
    parser.add_argument("--labelled", type=Path, default=ROOT / "data/eval/dev.jsonl")
    parser.add_argument("--queries", type=Path, default=ROOT / "data/eval/test.jsonl")
    parser.add_argument(
        "--index", type=Path, default=None, help="Use this saved index instead of building one."
    )
    args = parser.parse_args()

    from halokop_nlp import Recommender, get_encoder
    from halokop_nlp.kb import read_jsonl

    queries = [row["q"] for row in read_jsonl(args.queries)]
    load_before = f"{os.getloadavg()[0]:.2f}"
    workdir = Path(tempfile.mkdtemp(prefix="halokop-bench-"))
    env = {
        **os.environ,
        "HALOKOP_DATA_DIR": str(workdir / "var"),
        "HALOKOP_INDEX_ROOT": str(workdir / "index"),
        "HALOKOP_DATABASE_URL": f"sqlite:///{workdir / 'var' / 'bench.sqlite3'}",
    }
    env.pop("HALOKOP_SECRET_KEY", None)
    server = None
    try:
        prepare(workdir, args.kb, args.labelled if args.labelled.is_file() else None, args.index, env)
        from api.services.index_versions import read_pointer

        version = read_pointer(workdir / "index")
        encoder = get_encoder("bundled:e5-small")
        rec = Recommender.load(workdir / "index" / version, encoder=encoder)
        rows: list[tuple[str, str, int, list[float]]] = []

        # --- in-process baseline (before the server starts: the two never share the CPU)
        for name, fn in (
            ("suggest", lambda q: rec.suggest(q, k=5)),
            ("search", lambda q: rec.search(q, k=10)),
        ):
            for _ in range(10):
                fn(queries[0])
            for clients in (1, 8):
                per = max(args.requests // clients, 1)
                lat = run_clients(clients, per, lambda c, i, fn=fn: fn(queries[(c * 997 + i) % len(queries)]))
                rows.append((name, "in-process", clients, lat))

        # --- the real server
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "api",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise SystemExit("the server did not start")
        health = httpx.get(f"{base}/health").json()
        token = httpx.post(
            f"{base}/api/auth/token", data={"username": "bench", "password": "bench-password-123"}
        ).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        http_clients = [httpx.Client(base_url=base, timeout=60) for _ in range(8)]

        server_ms: dict[tuple[str, int], list[float]] = {}

        def timed(name: str, clients: int, response: httpx.Response) -> None:
            # Server-Timing: time inside the service, without the network and the HTTP client
            dur = float(response.headers["server-timing"].split("dur=")[1])
            server_ms.setdefault((name, clients), []).append(dur)

        def suggest(c: int, i: int, tag: str) -> None:
            # a different sender each time, so every request is a new question (no deduplication shortcut)
            body = {
                "channel": "whatsapp",
                "text": queries[(c * 997 + i) % len(queries)],
                "sender_handle": f"@bench-{tag}-{c}-{i}",
            }
            response = http_clients[c].post("/api/questions", json=body, headers=auth)
            assert response.status_code == 201 and response.json()["suggestions_status"] == "ready", (
                response.text
            )
            timed("suggest", int(tag) if tag.isdigit() else 0, response)

        def search(c: int, i: int, tag: str) -> None:
            response = http_clients[c].get(
                "/api/public/search", params={"q": queries[(c * 997 + i) % len(queries)]}
            )
            assert response.status_code == 200 and response.json()["mode"] == "semantic", response.text
            timed("search", int(tag) if tag.isdigit() else 0, response)

        for name, fn in (("suggest", suggest), ("search", search)):
            for i in range(10):
                fn(0, i, "warmup")
            for clients in (1, 8):
                per = max(args.requests // clients, 1)
                lat = run_clients(clients, per, lambda c, i, fn=fn, tag=f"{clients}": fn(c, i, tag))
                rows.append((name, "HTTP", clients, lat))
        for client in http_clients:
            client.close()

        # --- report
        baseline = {(n, c): lat for n, kind, c, lat in rows if kind == "in-process"}
        print(
            f"halokop API benchmark: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, encoder {health['encoder']['name']}, "
            f"index {health['index']['entries']} entries, {len(queries)} test questions, SQLite"
        )
        print()
        print(
            "| scenario | path | clients | requests | p50 ms | p95 ms | p50 ratio | p95 ratio "
            "| in service p50 ms |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, kind, clients, lat in rows:
            p50, p95 = percentile(lat, 0.5), percentile(lat, 0.95)
            b50, b95 = percentile(baseline[(name, clients)], 0.5), percentile(baseline[(name, clients)], 0.95)
            ratio = (f"{p50 / b50:.2f}x", f"{p95 / b95:.2f}x") if kind == "HTTP" else ("1.00x", "1.00x")
            path = {"suggest": "POST /api/questions", "search": "GET /api/public/search"}[name]
            where = path if kind == "HTTP" else f"Recommender.{name}"
            inside = f"{percentile(server_ms[(name, clients)], 0.5):.1f}" if kind == "HTTP" else "-"
            print(
                f"| {name} | {where} | {clients} | {len(lat)} | {p50:.1f} | {p95:.1f} "
                f"| {ratio[0]} | {ratio[1]} | {inside} |"
            )
        one = [lat for n, kind, c, lat in rows if (n, kind, c) == ("suggest", "HTTP", 1)][0]
        target = percentile(one, 0.95) / percentile(baseline[("suggest", 1)], 0.95)
        print()
        print(
            f"target p95 at 1 client <= 2x in-process: {target:.2f}x -> {'met' if target <= 2 else 'NOT met'}"
        )
        print(
            f"(mean in-process suggest at 1 client: {statistics.mean(baseline[('suggest', 1)]):.1f} ms; "
            f"load average before/after: {load_before} / {os.getloadavg()[0]:.2f})"
        )
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
