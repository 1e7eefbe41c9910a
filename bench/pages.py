"""The page benchmark: every page type at 1x and 100x, in process and under gunicorn + wrk.

    python bench/pages.py [--scales 1,100] [--duration 5] [--soak 0] [--no-http]

For each scale it uses the database `<BENCH_DATABASE_URL>_x<scale>` (built by bench/volume.py
when empty; `--rebuild` builds it again), then for every page type and role:

- in process (Flask's test client, logged in through the real form): SQL statements, the median
  time of a few requests, and the HTML size;
- under gunicorn (2 workers, the deployed settings) with wrk: p50, p95 and requests/s of the page,
  interleaved with the baseline route (the login form) in the same run: baseline, page,
  baseline; the ratios are against the mean of the two baselines around the page.

`--soak N` then loads every page in turn for N seconds under gunicorn and reports worker deaths
(a worker pid that changed) and the largest worker RSS. Prints one Markdown table per scale.
Without BENCH_DATABASE_URL the databases are SQLite files in instance/bench/.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "bench-password-1234"  # noqa: S105 (the bench users' known password)
ROLES = {
    "public": None,
    "secretariat": "bench-secretariat@volume.example",
    "councillor": "bench-councillor@volume.example",
    "member": "bench-member@volume.example",
    "admin": "bench-admin@volume.example",
}
BASELINE = "/konto/log-ind"
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format('{"p50": %f, "p95": %f, "requests": %d, "seconds": %f, '
    .. '"errors": %d, "non2xx": %d}\\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.requests,
    summary.duration / 1e6, summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
"""


@dataclass
class Page:
    """One page type as one role sees it."""

    name: str
    role: str
    path: str
    statements: int = 0
    ms: float = 0.0
    kb: float = 0.0
    status: int = 0
    http: dict = field(default_factory=dict)


# --- databases -------------------------------------------------------------------------------


def database_url(scale: str) -> str:
    base = os.environ.get("BENCH_DATABASE_URL", "")
    suffix = f"_x{scale.replace('.', '_')}"
    if base:
        return base + suffix
    folder = ROOT / "instance" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / f'volume{suffix}.sqlite'}"


def ensure_database(url: str, scale: str, rebuild: bool) -> None:
    """Create the PostgreSQL database if missing; build the data when empty or asked to."""
    if url.startswith("postgresql"):
        _create_pg_database(url)
    args = [BIN / "python", ROOT / "bench" / "volume.py", "--scale", scale, "--database-url", url]
    if rebuild:
        args.append("--reset")
    elif _has_data(url):
        return
    print(f"building scale {scale} in {_mask(url)} ...", flush=True)
    subprocess.run(args, check=True, cwd=ROOT)


def _driver(url: str) -> str:
    """psycopg (3), which the app uses, not SQLAlchemy's default psycopg2."""
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def _create_pg_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(_driver(url))
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}
        )
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def _has_data(url: str) -> bool:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(_driver(url))
    try:
        if "committees" not in inspect(engine).get_table_names():
            return False
        with engine.connect() as conn:
            return bool(conn.scalar(text("SELECT count(*) FROM committees")))
    finally:
        engine.dispose()


def _mask(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


# --- the app and its pages -------------------------------------------------------------------


def bench_env(url: str) -> dict:
    """The deployed settings (no development mode), on the bench database."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48),
        "REDIS_URL": "",
        "APP_ENV": "production",
        "LOGIN_RATE_LIMIT": "10000 per minute",  # the bench logs in many times
        "INSTANCE_PATH": tempfile.mkdtemp(prefix="bench-pages-"),
        "PUBLIC_URL": "http://127.0.0.1",
        "PYTHONFAULTHANDLER": "1",
    }


def page_types(app) -> list[Page]:
    """Every page type, with ids chosen from the data as each role would reach them."""
    from bench.page_types import choose

    with app.app_context():
        return [Page(name, role, path) for name, role, path in choose()]


def login(client, email: str) -> None:
    html = client.get(BASELINE).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    token = token or re.search(r'name="csrf_token" value="([^"]+)"', html)
    resp = client.post(
        BASELINE, data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    if resp.status_code != 302:
        raise SystemExit(f"could not log in as {email}: {resp.status_code}")


def measure_in_process(app, pages: list[Page], repeat: int = 5) -> None:
    from sqlalchemy import event

    from committees.extensions import db

    with app.app_context():
        engine = db.engine
    count = {"n": 0}

    def before(*_a, **_k):
        count["n"] += 1

    event.listen(engine, "before_cursor_execute", before)
    clients = {}
    for page in pages:
        client = clients.get(page.role)
        if client is None:
            client = clients[page.role] = app.test_client()
            if ROLES[page.role]:
                login(client, ROLES[page.role])
        client.get(page.path)  # warm: templates compiled, caches filled
        times = []
        for _ in range(repeat):
            count["n"] = 0
            start = time.perf_counter()
            resp = client.get(page.path)
            times.append((time.perf_counter() - start) * 1000)
        page.statements, page.status = count["n"], resp.status_code
        page.ms, page.kb = statistics.median(times), len(resp.data) / 1024
    event.remove(engine, "before_cursor_execute", before)


# --- under gunicorn --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with 2 workers, as deployed (faulthandler on), on a free loopback port."""

    def __init__(self, env: dict, workers: int = 2):
        self.port = free_port()
        self.log = Path(env["INSTANCE_PATH"]) / "gunicorn.log"
        self.proc = subprocess.Popen(
            [
                *(BIN / "gunicorn", "--bind", f"127.0.0.1:{self.port}"),
                *("--workers", str(workers), "--error-logfile", str(self.log), "wsgi:app"),
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/livez")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not start: {self.log.read_text()[-2000:]}")

    def request(self, method: str, path: str, body: str = "", cookie: str = ""):
        conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": cookie} if cookie else {}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body or None, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, resp.getheader("Set-Cookie") or "", data.decode(errors="replace")

    def login(self, email: str) -> str:
        _status, set_cookie, html = self.request("GET", BASELINE)
        cookie = set_cookie.split(";")[0]
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        body = urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
        status, set_cookie, _ = self.request("POST", BASELINE, body, cookie)
        if status != 302:
            raise SystemExit(f"could not log in as {email} over HTTP: {status}")
        return set_cookie.split(";")[0]

    def workers(self) -> dict[int, int]:
        """Worker pid -> RSS in KiB."""
        out = {}
        for pid in subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True
        ).stdout.split():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            out[int(pid)] = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        return out

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def wrk(server: Server, path: str, seconds: float, cookie: str = "", script: str = "") -> dict:
    lua = Path(server.log.parent) / "report.lua"
    lua.write_text(script or WRK_SCRIPT)
    args = ["wrk", "-t2", "-c8", f"-d{max(1, round(seconds))}s", "-s", str(lua)]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        [*args, f"http://127.0.0.1:{server.port}{path}"], capture_output=True, text=True
    )
    lines = out.stdout.strip().splitlines()
    if not lines or not lines[-1].startswith("{"):
        raise SystemExit(f"wrk said nothing we can read:\n{out.stdout}\n{out.stderr}")
    report = json.loads(lines[-1])
    report["rps"] = report["requests"] / report["seconds"]
    return report


def measure_http(server: Server, pages: list[Page], seconds: float) -> None:
    cookies = {role: server.login(email) for role, email in ROLES.items() if email}
    wrk(server, BASELINE, 3)  # warm: each worker's first requests compile templates
    before = wrk(server, BASELINE, seconds)
    for page in pages:
        cookie = cookies.get(page.role, "")
        wrk(server, page.path, 1, cookie)  # warm
        result = wrk(server, page.path, seconds, cookie)
        after = wrk(server, BASELINE, seconds)
        base_p95 = (before["p95"] + after["p95"]) / 2
        base_rps = (before["rps"] + after["rps"]) / 2
        page.http = {
            **result,
            "p95_ratio": result["p95"] / base_p95 if base_p95 else float("nan"),
            "rps_ratio": result["rps"] / base_rps if base_rps else float("nan"),
        }
        before = after


def soak(server: Server, pages: list[Page], seconds: float) -> dict:
    """Every page in turn under load for `seconds`; worker deaths and the largest RSS."""
    cookie = server.login(ROLES["secretariat"])
    paths = [p.path for p in pages]
    script = (
        "local paths = " + json.dumps(paths).replace("[", "{").replace("]", "}") + "\n"
        "local i = 0\n"
        "request = function() i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i]) end\n' + WRK_SCRIPT
    )
    start_pids = set(server.workers())
    seen, peak = set(start_pids), 0
    lua = server.log.parent / "soak.lua"
    lua.write_text(script)
    runner = subprocess.Popen(
        [
            *("wrk", "-t2", "-c8", f"-d{int(seconds)}s", "-s", str(lua)),
            *("-H", f"Cookie: {cookie}", f"http://127.0.0.1:{server.port}/"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    while runner.poll() is None:
        rss = server.workers()
        seen |= set(rss)
        peak = max([peak, *rss.values()])
        time.sleep(1)
    out = runner.communicate()[0]
    log = server.log.read_text()
    deaths = len(seen - start_pids) + len(re.findall(r"Fatal Python error|SIGSEGV", log))
    report = json.loads(out.strip().splitlines()[-1])
    return {"seconds": seconds, "deaths": deaths, "peak_rss_mb": peak / 1024, **report}


# --- the report ------------------------------------------------------------------------------


def table(scale: str, pages: list[Page]) -> str:
    head = (
        f"\n### Scale {scale}x\n\n| page | role | SQL | ms | HTML KB | p50 ms | p95 ms | req/s "
        "| p95 / base | req/s / base |\n|---|---|---|---|---|---|---|---|---|---|\n"
    )
    rows = []
    for p in pages:
        h = p.http
        http = (
            f"{h['p50']:.1f} | {h['p95']:.1f} | {h['rps']:.0f} | {h['p95_ratio']:.2f} "
            f"| {h['rps_ratio']:.2f}"
            if h
            else "– | – | – | – | –"
        )
        status = "" if p.status == 200 else f" ({p.status})"
        rows.append(
            f"| {p.name}{status} | {p.role} | {p.statements} | {p.ms:.1f} | {p.kb:.0f} | {http} |"
        )
    return head + "\n".join(rows)


def run_scale(scale: str, args) -> str:
    url = args.database_url or database_url(scale)
    if not args.database_url:
        ensure_database(url, scale, args.rebuild)
    env = bench_env(url)
    os.environ.update({k: v for k, v in env.items() if isinstance(v, str)})
    sys.path.insert(0, str(ROOT))
    from committees import create_app

    app = create_app()
    pages = page_types(app)
    measure_in_process(app, pages)
    extra = ""
    if not args.no_http:
        server = Server(env)
        try:
            measure_http(server, pages, args.duration)
            if args.soak:
                s = soak(server, pages, args.soak)
                extra = (
                    f"\n\nSoak: {s['seconds']:.0f} s over every page, {s['requests']} requests "
                    f"({s['errors']} socket errors, {s['non2xx']} not 2xx/3xx), worker deaths "
                    f"{s['deaths']}, largest worker RSS {s['peak_rss_mb']:.0f} MB."
                )
        finally:
            server.stop()
        shutil.rmtree(env["INSTANCE_PATH"], ignore_errors=True)
    return table(scale, pages) + extra


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,100")
    parser.add_argument("--duration", type=float, default=5, help="seconds of wrk per run")
    parser.add_argument("--soak", type=float, default=0, help="seconds of mixed load at the end")
    parser.add_argument("--no-http", action="store_true", help="in process only (no gunicorn)")
    parser.add_argument("--rebuild", action="store_true", help="build the data sets again")
    parser.add_argument("--database-url", help="measure this database as it is (one scale)")
    args = parser.parse_args()
    if not args.no_http and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk), or use --no-http")
    print(f"# Page benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores")
    for scale in args.scales.split(","):
        # Each scale in its own process: the app reads its configuration once, at import.
        if "," in args.scales:
            argv = ["--scales", scale, "--duration", str(args.duration), "--soak", str(args.soak)]
            argv += ["--no-http"] * args.no_http + ["--rebuild"] * args.rebuild
            subprocess.run([sys.executable, __file__, *argv], check=True)
        else:
            print(run_scale(scale, args), flush=True)


if __name__ == "__main__":
    main()
