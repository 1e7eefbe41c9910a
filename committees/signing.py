"""Signed links: the current key signs, every key in rotation still verifies.

Flask honours SECRET_KEY_FALLBACKS for the session; every link and token we sign ourselves goes
through `serializer`, so rotating the key does not break a link already in someone's inbox.
A link that acts on an account or an application also binds a random value stored with it
(`bind`), so knowing the signing key alone forges nothing.
"""

import hashlib
import hmac
import secrets

from flask import current_app
from itsdangerous import URLSafeTimedSerializer


def keys() -> list[str]:
    """The keys that verify, oldest first: itsdangerous signs with the last one."""
    fallbacks = [k for k in current_app.config.get("SECRET_KEY_FALLBACKS") or () if k]
    return [*fallbacks, current_app.config["SECRET_KEY"]]


def serializer(salt: str) -> URLSafeTimedSerializer:
    """A URL-safe, timed serializer over every key in rotation."""
    return URLSafeTimedSerializer(keys(), salt=salt)


def new_link_secret() -> str:
    """A random value stored server-side with an account or an application."""
    return secrets.token_urlsafe(24)


def bind(link_secret: str | None, *parts: object) -> str:
    """A short MAC of `parts` under the stored random value (never under the signing key)."""
    message = "\x1f".join(str(p) for p in parts).encode()
    return hmac.new((link_secret or "").encode(), message, hashlib.sha256).hexdigest()[:32]


def same(a: object, b: object) -> bool:
    """Constant-time comparison of two bound values."""
    return isinstance(a, str) and isinstance(b, str) and hmac.compare_digest(a, b)
