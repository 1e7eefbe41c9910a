"""Where uploaded files live: a folder on this machine, or an S3-compatible bucket that every
web machine reaches (STORAGE_BACKEND=s3), so one machine serves what another received.

A key is a relative, `/`-separated name such as `materials/<32 hex>`: the database stores only
the last part (MaterialVersion.stored_name), and the local backend keeps the file exactly where
it has always been (UPLOAD_FOLDER/materials/…), so existing files need no migration. In a bucket
the same key lies under S3_PREFIX.
"""

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from flask import current_app

KEY = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")
CHUNK = 64 * 1024
Source = bytes | IO[bytes]


class Missing(LookupError):
    """No file under this key (deleted, or lost outside the app)."""


class Unavailable(RuntimeError):
    """The storage did not answer or refused: try again later."""


@dataclass
class Stored:
    """An open file: read `stream` (and close it), `size` bytes of `content_type`."""

    stream: IO[bytes]
    size: int
    content_type: str


class Storage(Protocol):
    """What every backend offers; keys are checked by `check_key` before any use."""

    def put(self, key: str, source: Source, content_type: str) -> None: ...
    def put_file(self, key: str, path: Path, content_type: str) -> None: ...
    def open(self, key: str) -> Stored: ...
    def get(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...
    def local_path(self, key: str) -> Path | None: ...
    def staging_dir(self, key: str) -> Path: ...
    def ping(self) -> None: ...


def check_key(key: str) -> str:
    """The key itself if it is a plain relative name (no `..`, no leading `/`); else ValueError."""
    if not KEY.fullmatch(key) or ".." in key.split("/"):
        raise ValueError(f"unexpected storage key {key!r}")
    return key


def _chunks(source: Source) -> Iterator[bytes]:
    if isinstance(source, bytes):
        yield source
        return
    while chunk := source.read(CHUNK):
        yield chunk


class LocalStorage:
    """Files under one folder; writes land atomically (a temporary file, fsync, rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        """Where the file for a key lies (whether or not it exists)."""
        return self.root / check_key(key)

    def staging_dir(self, key: str) -> Path:
        """A folder on the same file system as the key's place, so `put_file` is a rename."""
        folder = self.path(key).parent
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def put(self, key: str, source: Source, content_type: str) -> None:
        """Write bytes or a stream under key, replacing what was there."""
        fd, tmp = tempfile.mkstemp(dir=self.staging_dir(key), prefix=".put-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in _chunks(source):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            self.put_file(key, Path(tmp), content_type)
        finally:
            Path(tmp).unlink(missing_ok=True)

    def put_file(self, key: str, path: Path, content_type: str) -> None:
        """Move a finished file (from `staging_dir`) into place under key."""
        os.replace(path, self.path(key))

    def open(self, key: str) -> Stored:
        """The file for reading; Missing if there is none."""
        path = self.path(key)
        try:
            stream = path.open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as e:
            raise Missing(key) from e
        return Stored(stream, os.fstat(stream.fileno()).st_size, "application/octet-stream")

    def get(self, key: str) -> bytes:
        """The whole file; Missing if there is none."""
        with self.open(key).stream as f:
            return f.read()

    def delete(self, key: str) -> None:
        """Remove the file; nothing happens if it is already gone."""
        self.path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        """Whether a file lies under key."""
        return self.path(key).is_file()

    def local_path(self, key: str) -> Path | None:
        """The file's path: the web server may send it itself (send_file, X-Sendfile)."""
        return self.path(key)

    def ping(self) -> None:
        """Nothing to ask: the folder is made on the first upload."""


# --- S3-compatible object storage -----------------------------------------------------------

S3_SETTINGS = (
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_PREFIX",
)
NOT_FOUND = {"404", "NoSuchKey", "NotFound"}


class S3Storage:
    """Objects in one bucket under an optional prefix (AWS S3, MinIO, Ceph RGW, moto, …)."""

    def __init__(self, client, probe, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.probe = probe  # short timeouts, no retries: for the readiness check
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def name(self, key: str) -> str:
        """The object's name in the bucket."""
        return self.prefix + check_key(key)

    def _call(self, method, key: str, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return method(Bucket=self.bucket, Key=self.name(key), **kwargs)
        except ClientError as e:
            code = str(e.response.get("Error", {}).get("Code", ""))
            if code in NOT_FOUND:
                raise Missing(key) from e
            raise Unavailable(f"S3 {code or 'error'} for {key}") from e
        except BotoCoreError as e:
            raise Unavailable(f"S3 unreachable for {key}: {e}") from e

    def staging_dir(self, key: str) -> Path:
        """Uploads are checked in a local temporary file before they go to the bucket."""
        check_key(key)
        return Path(tempfile.gettempdir())

    def put(self, key: str, source: Source, content_type: str) -> None:
        """Write bytes or a stream under key, replacing what was there (one PUT)."""
        if isinstance(source, bytes) or source.seekable():
            self._call(self.client.put_object, key, Body=source, ContentType=content_type)
            return
        with tempfile.SpooledTemporaryFile(8 * 1024 * 1024) as spool:
            for chunk in _chunks(source):
                spool.write(chunk)
            spool.seek(0)
            self._call(self.client.put_object, key, Body=spool, ContentType=content_type)

    def put_file(self, key: str, path: Path, content_type: str) -> None:
        """Upload a finished local file under key, then remove the local file."""
        try:
            with path.open("rb") as f:
                self.put(key, f, content_type)
        finally:
            path.unlink(missing_ok=True)

    def open(self, key: str) -> Stored:
        """The object as a stream (close it when done); Missing if there is none."""
        answer = self._call(self.client.get_object, key)
        return Stored(answer["Body"], int(answer["ContentLength"]), answer.get("ContentType", ""))

    def get(self, key: str) -> bytes:
        """The whole object; Missing if there is none."""
        stored = self.open(key)
        try:
            return stored.stream.read()
        finally:
            stored.stream.close()

    def delete(self, key: str) -> None:
        """Remove the object; nothing happens if it is already gone."""
        with contextlib.suppress(Missing):
            self._call(self.client.delete_object, key)

    def exists(self, key: str) -> bool:
        """Whether an object lies under key."""
        try:
            self._call(self.client.head_object, key)
        except Missing:
            return False
        return True

    def local_path(self, key: str) -> Path | None:
        """None: the object is streamed through the app."""
        return None

    def ping(self) -> None:
        """Unavailable unless the bucket answers (HEAD bucket, short timeouts, no retry)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.probe.head_bucket(Bucket=self.bucket)
        except (ClientError, BotoCoreError) as e:
            raise Unavailable(f"S3 bucket {self.bucket!r}: {e}") from e


def _s3_client(config, fast: bool):
    import boto3
    from botocore.config import Config as BotoConfig

    endpoint = config.get("S3_ENDPOINT_URL") or None
    options = BotoConfig(
        connect_timeout=2 if fast else 5,
        read_timeout=2 if fast else 30,
        retries={"max_attempts": 1 if fast else 3, "mode": "standard"},
        # MinIO and Ceph are usually reached by address, where bucket subdomains do not exist.
        s3={"addressing_style": "path" if endpoint else "auto"},
        # Checksums only where S3 requires them: several S3-compatible servers refuse the rest.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    session = boto3.session.Session()  # clients are thread-safe; the default session is not
    return session.client(
        "s3",
        endpoint_url=endpoint,
        region_name=config.get("S3_REGION") or ("us-east-1" if endpoint else None),
        aws_access_key_id=config.get("S3_ACCESS_KEY_ID") or None,
        aws_secret_access_key=config.get("S3_SECRET_ACCESS_KEY") or None,
        config=options,
    )


def s3_backend(app) -> S3Storage:
    """The app's S3 storage, made once per process (and again if its settings change)."""
    settings = tuple(app.config.get(name) or "" for name in S3_SETTINGS)
    cached = app.extensions.get("storage.s3")
    if cached is None or cached[0] != settings:
        client, probe = _s3_client(app.config, False), _s3_client(app.config, True)
        bucket, prefix = app.config["S3_BUCKET"], app.config.get("S3_PREFIX") or ""
        cached = (settings, S3Storage(client, probe, bucket, prefix))
        app.extensions["storage.s3"] = cached
    return cached[1]


def backend() -> Storage:
    """The storage this installation is configured for (STORAGE_BACKEND)."""
    config = current_app.config
    if config.get("STORAGE_BACKEND", "local") == "s3":
        return s3_backend(current_app)
    return LocalStorage(Path(config["UPLOAD_FOLDER"]))
