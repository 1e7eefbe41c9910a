"""An S3 server on loopback for the tests: moto's standalone server as a subprocess."""

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT, free_port

BIN = Path(sys.executable).parent
KEYS = {"S3_ACCESS_KEY_ID": "test-key-id", "S3_SECRET_ACCESS_KEY": "test-secret-access-key"}


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/moto-api/", timeout=1) as resp:  # noqa: S310 (http)
            return resp.status == 200
    except OSError:
        return False


@contextmanager
def running_s3_server(log: Path) -> Iterator[str]:
    """Start `moto_server` on a free loopback port; yields its endpoint URL, stops it after."""
    url = f"http://127.0.0.1:{free_port()}"
    port = url.rsplit(":", 1)[1]
    with log.open("a") as out:
        proc = subprocess.Popen(
            [BIN / "moto_server", "-H", "127.0.0.1", "-p", port],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 20
        while not _answers(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"moto_server did not start\n{log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def s3_settings(endpoint: str, bucket: str, prefix: str = "") -> dict[str, str]:
    """The settings that point the app at the test server's bucket."""
    return {
        "STORAGE_BACKEND": "s3",
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "eu-north-1",
        "S3_PREFIX": prefix,
        **KEYS,
    }


def make_bucket(endpoint: str, bucket: str):
    """A boto3 client of the test's own, with the bucket created; for looking behind the app."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-north-1",
        aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    return client
