"""Sending a stored file: from the local folder as a file (so USE_X_SENDFILE or a proxy's
X-Accel-Redirect can take over as before), from object storage as a stream through the app."""

from flask import Response, send_file

from workflows import storage


def send_stored(
    key: str, *, mimetype: str, download_name: str, as_attachment: bool, etag: str
) -> Response:
    """The file under key, conditional on its ETag; raises storage.Missing or Unavailable."""
    files = storage.backend()
    options = {
        "mimetype": mimetype,
        "as_attachment": as_attachment,
        "download_name": download_name,
        "etag": etag,
        "conditional": True,
        "max_age": 0,
    }
    path = files.local_path(key)
    if path is not None:
        if not path.is_file():
            raise storage.Missing(key)
        return send_file(path, **options)
    stored = files.open(key)
    response = send_file(stored.stream, **options)
    if response.status_code == 200:
        response.content_length = stored.size
    else:  # 304 or 412: no body goes out, so let go of the connection to the store now
        stored.stream.close()
    # The stream cannot seek: answer every Range request with the whole file (200).
    response.headers.pop("Accept-Ranges", None)
    return response
