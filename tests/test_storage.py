"""The storage interface against both backends (a local folder; moto's S3 server on loopback),
the download route streaming from a bucket, readiness, and the S3 settings' review.

The two-machine test (two gunicorns, one bucket) is tests/test_storage_integration.py.
"""

import io
import os
import re
import subprocess
import uuid
from pathlib import Path

import pytest

from committees import settings
from committees.models import Material
from config import Env, TestConfig
from tests.conftest import ROOT, free_port
from tests.s3_server import KEYS, make_bucket, running_s3_server, s3_settings
from tests.test_meeting_materials import add, pdf_bytes, post_file, publish, upload_url
from tests.test_settings import BIN, GOOD_KEY
from workflows import storage
from workflows.meetings import materials


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory) -> str:
    """One moto server for the module; each test makes a bucket of its own."""
    with running_s3_server(tmp_path_factory.mktemp("moto") / "moto.log") as url:
        yield url


@pytest.fixture
def bucket(s3_endpoint):
    """(name, a boto3 client of the test's own) for a new, empty bucket."""
    name = f"bilag-{uuid.uuid4().hex[:12]}"
    return name, make_bucket(s3_endpoint, name)


@pytest.fixture
def on_s3(app, s3_endpoint, bucket):
    """The app stores in the test's bucket, under a prefix."""
    app.config.update(s3_settings(s3_endpoint, bucket[0], prefix="opgaveudvalg"))
    return bucket


@pytest.fixture(params=["local", "s3"])
def files(request, app, tmp_path) -> storage.Storage:
    """The configured backend: a local tmp folder, or the moto bucket."""
    if request.param == "s3":
        request.getfixturevalue("on_s3")
    else:
        app.config.update(STORAGE_BACKEND="local", UPLOAD_FOLDER=str(tmp_path / "files"))
    return storage.backend()


# --- the interface, on both backends ----------------------------------------------------------


def test_put_get_exists_delete(files):
    key = "materials/" + "a" * 32
    assert not files.exists(key)
    files.put(key, b"first", "application/pdf")
    assert files.exists(key) and files.get(key) == b"first"
    files.put(key, io.BytesIO(b"second, longer"), "application/pdf")  # replaces
    stored = files.open(key)
    with stored.stream:
        assert stored.stream.read() == b"second, longer" and stored.size == 14
    files.delete(key)
    assert not files.exists(key)
    with pytest.raises(storage.Missing):
        files.open(key)
    with pytest.raises(storage.Missing):
        files.get(key)
    files.delete(key)  # already gone: nothing happens


def test_put_file_takes_a_staged_file_over(files):
    key = "materials/" + "b" * 32
    staged = files.staging_dir(key) / ".upload-test"
    staged.write_bytes(b"%PDF staged")
    files.put_file(key, staged, "application/pdf")
    assert not staged.exists()
    assert files.get(key) == b"%PDF staged"


class OneWay(io.RawIOBase):
    """A stream that can only be read forward (like a socket or a pipe)."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self.data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_stream_that_cannot_seek_is_stored_whole(files):
    key = "materials/" + "c" * 32
    source = OneWay(b"x" * 200_000)  # more than one chunk
    assert not source.seekable()
    files.put(key, source, "image/png")
    assert files.get(key) == b"x" * 200_000


@pytest.mark.parametrize("key", ["", "../x", "/etc/passwd", "a//b", "a/../b", "a/.hidden/b"])
def test_keys_that_could_leave_the_store_are_refused(files, key):
    with pytest.raises(ValueError):
        files.put(key, b"x", "text/plain")
    with pytest.raises(ValueError):
        files.exists(key)


def test_the_local_backend_keeps_files_where_they_always_were(app, tmp_path):
    """Existing installations: UPLOAD_FOLDER/materials/<stored name>, no migration."""
    app.config.update(STORAGE_BACKEND="local", UPLOAD_FOLDER=str(tmp_path / "up"))
    name = "d" * 32
    (tmp_path / "up" / "materials").mkdir(parents=True)
    (tmp_path / "up" / "materials" / name).write_bytes(b"from before")
    assert storage.backend().get(materials.key_of(name)) == b"from before"
    assert storage.backend().local_path(materials.key_of(name)) == tmp_path / "up/materials" / name


def test_s3_objects_lie_under_the_prefix(on_s3):
    name, client = on_s3
    storage.backend().put("materials/" + "e" * 32, b"x", "application/pdf")
    listed = client.list_objects_v2(Bucket=name)["Contents"]
    assert [o["Key"] for o in listed] == ["opgaveudvalg/materials/" + "e" * 32]
    head = client.head_object(Bucket=name, Key=listed[0]["Key"])
    assert head["ContentType"] == "application/pdf"


def test_ping_and_readiness_ask_the_bucket(app, client, on_s3):
    storage.backend().ping()
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["storage"] == "ok"
    app.config["S3_BUCKET"] = "no-such-bucket"
    with pytest.raises(storage.Unavailable):
        storage.backend().ping()
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["storage"] == "error"
    assert client.get("/healthz").get_json()["storage"] == "error"


def test_an_unreachable_endpoint_is_unavailable_not_a_crash(app, on_s3):
    app.config["S3_ENDPOINT_URL"] = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(storage.Unavailable):
        storage.backend().ping()


# --- the download route streaming from the bucket ---------------------------------------------


def test_a_material_uploaded_to_s3_downloads_with_the_same_headers(
    setup, on_s3, client, login, db, tmp_path
):
    people, meeting = setup
    data = pdf_bytes("S3", pad=200_000)
    material = add(meeting, people["secretariat"], data, "Høringssvar.pdf")
    name, bucket_client = on_s3
    key = "opgaveudvalg/" + materials.key_of(material.current)
    assert bucket_client.get_object(Bucket=name, Key=key)["Body"].read() == data
    assert not [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()]  # none kept here
    login(people["secretariat"])
    resp = client.get(f"/bilag/{material.id}")
    assert resp.status_code == 200 and resp.get_data() == data
    assert resp.mimetype == "application/pdf" and resp.content_length == len(data)
    assert resp.headers["Content-Disposition"].startswith("inline")
    assert "filename*=UTF-8''H%C3%B8ringssvar.pdf" in resp.headers["Content-Disposition"]
    assert resp.headers["Cache-Control"] == "private, no-cache"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["ETag"] == f'"{material.current.sha256}"'
    assert "Accept-Ranges" not in resp.headers
    again = client.get(f"/bilag/{material.id}", headers={"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    ranged = client.get(f"/bilag/{material.id}", headers={"Range": "bytes=0-9"})
    assert ranged.status_code == 200 and ranged.get_data() == data  # whole file, not 206


def test_authorization_is_unchanged_on_s3(setup, on_s3, client, login, db):
    people, meeting = setup
    material = add(meeting, people["secretariat"], closed=True)
    publish(db, meeting, public=True)
    assert client.get(f"/bilag/{material.id}").status_code == 404  # anonymous
    login(people["outsider"])
    assert client.get(f"/bilag/{material.id}").status_code == 404
    login(people["member"])
    resp = client.get(f"/bilag/{material.id}")
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "private, no-store"


def test_a_missing_object_is_404_not_500(setup, on_s3, client, login, db):
    people, meeting = setup
    material = add(meeting, people["secretariat"])
    name, bucket_client = on_s3
    bucket_client.delete_object(
        Bucket=name, Key="opgaveudvalg/" + materials.key_of(material.current)
    )
    login(people["secretariat"])
    assert client.get(f"/bilag/{material.id}").status_code == 404


def test_a_bucket_that_does_not_answer_is_503_and_an_upload_is_refused(
    app, setup, on_s3, client, login, db
):
    people, meeting = setup
    material = add(meeting, people["secretariat"])
    app.config["S3_BUCKET"] = "gone-bucket"
    login(people["secretariat"])
    assert client.get(f"/bilag/{material.id}").status_code == 503
    resp = post_file(client, upload_url(meeting), pdf_bytes(), "ny.pdf")
    assert resp.status_code == 400
    assert "Filen kunne ikke gemmes lige nu" in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Material.id))) == 1


def test_deleting_a_material_removes_its_objects(setup, on_s3, db):
    people, meeting = setup
    material = add(meeting, people["secretariat"])
    materials.replace(material, io_file(pdf_bytes("v2")), people["secretariat"])
    name, bucket_client = on_s3
    assert bucket_client.list_objects_v2(Bucket=name)["KeyCount"] == 2
    materials.delete(material, people["secretariat"])
    assert bucket_client.list_objects_v2(Bucket=name)["KeyCount"] == 0


def test_a_delete_the_bucket_refuses_leaves_an_orphan_not_an_error(app, setup, on_s3, db, caplog):
    people, meeting = setup
    material = add(meeting, people["secretariat"])
    app.config["S3_BUCKET"] = "gone-bucket"
    materials.delete(material, people["secretariat"])
    assert db.session.scalar(db.select(db.func.count(Material.id))) == 0
    assert "not deleted" in caplog.text
    name, bucket_client = on_s3
    assert bucket_client.list_objects_v2(Bucket=name)["KeyCount"] == 1  # the orphan


def io_file(data: bytes):
    from werkzeug.datastructures import FileStorage

    return FileStorage(stream=io.BytesIO(data), filename="v2.pdf")


@pytest.fixture
def setup(people, make_meeting, db, tmp_path, app):
    """A meeting of the people's committee (agenda still a draft); uploads to a tmp folder."""
    app.config.update(UPLOAD_FOLDER=str(tmp_path / "uploads"))
    return people, make_meeting(people["committee"], items=2)


# --- the settings -----------------------------------------------------------------------------


def _review(**values) -> dict[str, list[str]]:
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    config.update(TESTING=False, APP_ENV="production", SECRET_KEY=GOOD_KEY, **values)
    found = settings.review(config)
    return {
        "stop": [f.setting for f in settings.stopping(config, found)],
        "warn": [f.setting for f in found if f.level == "warn" and f.setting.startswith("S3")],
    }


@pytest.mark.parametrize(
    ("values", "stops"),
    [
        ({"S3_BUCKET": ""}, ["S3_BUCKET"]),
        ({"S3_BUCKET": "Not_A_Bucket"}, ["S3_BUCKET"]),
        ({"S3_ENDPOINT_URL": "minio:9000"}, ["S3_ENDPOINT_URL"]),
        ({"S3_SECRET_ACCESS_KEY": ""}, ["S3_SECRET_ACCESS_KEY"]),
        ({"S3_ACCESS_KEY_ID": "", "S3_SECRET_ACCESS_KEY": ""}, []),  # boto3's chain: IAM role
    ],
)
def test_an_s3_configuration_that_cannot_work_stops_the_start(values, stops):
    base = s3_settings("https://s3.example.dk", "bilag")
    assert _review(**{**base, **values})["stop"] == stops


def test_s3_warnings():
    on_http = s3_settings("http://minio.internal:9000", "bilag")
    assert _review(**on_http)["warn"] == ["S3_ENDPOINT_URL"]
    assert _review(**s3_settings("http://127.0.0.1:9000", "bilag"))["warn"] == []
    assert _review(STORAGE_BACKEND="local", S3_BUCKET="bilag")["warn"] == ["S3_BUCKET"]


def test_storage_backend_is_one_of_two():
    env = Env({"STORAGE_BACKEND": "ftp"})
    assert env.choice("STORAGE_BACKEND", "local", ("local", "s3")) == "local"
    assert env.problems == ["STORAGE_BACKEND='ftp' is not one of local, s3"]
    assert (
        Env({"STORAGE_BACKEND": "S3"}).choice("STORAGE_BACKEND", "local", ("local", "s3")) == "s3"
    )


def test_config_check_reads_the_s3_secret_from_a_file_and_masks_it(tmp_path):
    secret = "s3-" + uuid.uuid4().hex
    (tmp_path / "s3-secret").write_text(secret + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "STORAGE_"))}
    env.update(
        INSTANCE_PATH=str(tmp_path),
        DATABASE_URL="",
        REDIS_URL="",
        STORAGE_BACKEND="s3",
        S3_ACCESS_KEY_ID=KEYS["S3_ACCESS_KEY_ID"],
        S3_SECRET_ACCESS_KEY_FILE=str(tmp_path / "s3-secret"),
    )
    out = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi:app", "config", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1, out.stderr[-2000:]
    assert secret not in out.stdout + out.stderr
    assert re.search(r"S3_SECRET_ACCESS_KEY\s+\*\*\*", out.stdout)
    assert "STOP: S3_BUCKET: missing" in out.stdout


def test_s3_settings_are_ignored_while_the_backend_is_local(app, tmp_path):
    app.config.update(s3_settings("http://127.0.0.1:1", "bilag"), STORAGE_BACKEND="local")
    files = storage.backend()
    assert isinstance(files, storage.LocalStorage)
    files.put("materials/" + "f" * 32, b"here", "application/pdf")
    assert (Path(app.config["UPLOAD_FOLDER"]) / "materials" / ("f" * 32)).read_bytes() == b"here"
