"""More than one machine: two web processes (gunicorn), each with its own instance and upload
folder, share the database, Redis (when REDIS_URL is set) and an S3 bucket on moto's standalone
server. A material uploaded through one is downloaded, and deleted, through the other.

Runs on the suite's database (a SQLite file locally, PostgreSQL when TEST_DATABASE_URL is set).
"""

import http.cookiejar
import io
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from committees.models import Material
from tests.conftest import PASSWORD, ROOT, free_port, redis_url
from tests.s3_server import BIN, make_bucket, running_s3_server, s3_settings
from tests.test_meeting_materials import pdf_bytes
from workflows.meetings import materials

pytestmark = pytest.mark.integration

# A logical Redis database of its own (the notices tests use 13).
REDIS_DB = 14
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _env(app, instance: Path, s3: dict[str, str]) -> dict:
    """A web machine of its own: its own instance and upload folder, the shared rest."""
    return {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "INSTANCE_PATH": str(instance),
        "UPLOAD_FOLDER": str(instance / "uploads"),
        "REDIS_URL": redis_url(REDIS_DB) or "",
        # The login form's limit is kept in Redis across runs: not what this test is about.
        "LOGIN_RATE_LIMIT": "1000 per minute",
        **s3,
    }


def _start_web(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    """One gunicorn with one worker on a free loopback port; (process, base URL)."""
    url = f"http://127.0.0.1:{free_port()}"
    command = [BIN / "gunicorn", "--bind", url[len("http://") :], "--workers", "1", "wsgi:app"]
    with log.open("a") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return proc, url


def _wait_ready(proc: subprocess.Popen, url: str, log: Path) -> None:
    """Until /readyz answers 200: database, broker and the bucket reached from that process."""
    deadline = time.monotonic() + 60
    while Browser(url).get("/readyz")[0] != 200:
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{url} did not get ready\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


@contextmanager
def _webs(*machines: tuple[dict, Path]) -> Iterator[list[str]]:
    """Several web machines started side by side; their URLs once all are ready."""
    started = [(*_start_web(env, log), log) for env, log in machines]
    try:
        for proc, url, log in started:
            _wait_ready(proc, url, log)
        yield [url for _proc, url, _log in started]
    finally:
        for proc, _url, _log in started:
            proc.terminate()
        for proc, _url, _log in started:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test looks at the 302 itself


class Browser:
    """A cookie jar that can be pointed at either web machine, like a browser behind a load
    balancer that sends each request to whichever machine it likes."""

    def __init__(self, base: str, jar: http.cookiejar.CookieJar | None = None) -> None:
        self.base = base
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        handlers = (urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        self.opener = urllib.request.build_opener(*handlers)

    def at(self, base: str) -> "Browser":
        """The same browser (same cookies), talking to another machine."""
        return Browser(base, self.jar)

    def _request(self, path: str, **kwargs) -> urllib.request.Request:
        return urllib.request.Request(self.base + path, **kwargs)  # noqa: S310 (http://127.0.0.1)

    def _open(self, request: urllib.request.Request) -> tuple[int, dict, bytes]:
        try:
            with self.opener.open(request, timeout=30) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()
        except OSError:
            return 0, {}, b""  # not listening yet

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        return self._open(self._request(path, headers=headers or {}))

    def post(self, path: str, fields: dict) -> tuple[int, dict, bytes]:
        boundary, body = encode_multipart(fields)
        kind = f"multipart/form-data; boundary={boundary}"
        request = self._request(path, data=body, method="POST")
        request.add_header("Content-Type", kind)
        return self._open(request)

    def token(self, path: str) -> str:
        status, _headers, body = self.get(path)
        assert status == 200, (path, status)
        return TOKEN.search(body.decode())[1]


@pytest.fixture
def machines(app, db, tmp_path) -> Iterator[tuple[str, str, str, object]]:
    """(url of web A, url of web B, bucket, a boto3 client) with one S3 server behind both."""
    with ExitStack() as stack:
        endpoint = stack.enter_context(running_s3_server(tmp_path / "moto.log"))
        bucket = f"bilag-{uuid.uuid4().hex[:12]}"
        client = make_bucket(endpoint, bucket)
        s3 = s3_settings(endpoint, bucket, prefix="kommune")
        a, b = tmp_path / "machine-a", tmp_path / "machine-b"
        url_a, url_b = stack.enter_context(
            _webs(
                (_env(app, a, s3), tmp_path / "web-a.log"),
                (_env(app, b, s3), tmp_path / "web-b.log"),
            )
        )
        yield url_a, url_b, bucket, client
    if redis_url(REDIS_DB):
        import redis

        redis.Redis.from_url(redis_url(REDIS_DB)).flushdb()  # tasks nobody will run


def test_a_material_uploaded_through_one_machine_is_served_by_the_other(
    machines, people, make_meeting, db, tmp_path
):
    url_a, url_b, bucket, s3 = machines
    staff = people["secretariat"]  # may upload to every committee's meetings
    meeting = make_meeting(people["committee"])
    page = f"/arbejdsrum/{meeting.committee_id}/moeder/{meeting.id}/bilag"

    # Machine A: log in and upload through the real forms, CSRF token and all.
    a = Browser(url_a)
    login = {"email": staff.email, "password": PASSWORD, "csrf_token": a.token("/konto/log-ind")}
    assert a.post("/konto/log-ind", login)[0] == 302
    data = pdf_bytes("To maskiner", pad=300_000)
    file = FileStorage(io.BytesIO(data), filename="Budget 2027.pdf", content_type="application/pdf")
    upload = {"csrf_token": a.token(page), "title": "Budget", "item_id": "", "file": file}
    status, headers, body = a.post(page, upload)
    assert status == 302, body.decode()[-2000:]

    db.session.rollback()  # what the other processes committed
    material = db.session.scalar(db.select(Material).where(Material.title == "Budget"))
    key = "kommune/" + materials.key_of(material.current)
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == data
    assert not list((tmp_path / "machine-a").rglob("materials/*"))  # nothing of it lies on A

    # Machine B, same browser: the same bytes, with the headers the local path sends.
    b = a.at(url_b)
    status, headers, body = b.get(f"/bilag/{material.id}")
    assert status == 200 and body == data
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Length"] == str(len(data))
    assert headers["Content-Disposition"].startswith("inline")
    assert "Budget 2027.pdf" in headers["Content-Disposition"]
    assert headers["Cache-Control"] == "private, no-cache"
    assert headers["ETag"] == f'"{material.current.sha256}"'
    assert b.get(f"/bilag/{material.id}", {"If-None-Match": headers["ETag"]})[0] == 304
    assert Browser(url_b).get(f"/bilag/{material.id}")[0] == 404  # not logged in: no such file

    # Deleted through B, gone for A as well.
    token = b.token(page)
    assert b.post(f"{page}/{material.id}/slet", {"csrf_token": token})[0] == 302
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    assert a.get(f"/bilag/{material.id}")[0] == 404
