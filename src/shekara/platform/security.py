"""Passwords, sessions, CSRF tokens and rate limits of the platform.

* Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106 "low memory");
  only the encoded hash is stored and no function here logs a password.
* A session id is 256 random bits, sent in a ``Secure; HttpOnly; SameSite=Strict``
  cookie; the store keeps only its SHA-256, with the session's CSRF token. A login always
  creates a new session id (an id planted before login is never promoted: no fixation).
* Rate limits are fixed-window counters in memory, per key (client address or user).

Example:
    >>> h = hash_password("correct horse battery staple")
    >>> h.startswith("$argon2id$"), verify_password(h, "correct horse battery staple")
    (True, True)
    >>> verify_password(h, "wrong")
    False
    >>> limiter = RateLimiter(limit=2, window_s=60)
    >>> [limiter.hit("1.2.3.4", now=0.0) for _ in range(3)]
    [True, True, False]
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections import defaultdict

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

SESSION_COOKIE = "shekara_session"
SESSION_TTL_S = 8 * 3600
MIN_PASSWORD = 10
MAX_PASSWORD = 200

_HASHER = PasswordHasher()


class PasswordPolicyError(ValueError):
    """The new password is too short or too long."""


def check_password_policy(password: str) -> None:
    """Refuse passwords shorter than :data:`MIN_PASSWORD` characters (NIST SP 800-63B)."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise PasswordPolicyError(f"a password must have {MIN_PASSWORD}–{MAX_PASSWORD} characters")


def hash_password(password: str) -> str:
    """The argon2id hash of *password* (salted; encodes its own parameters)."""
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether *password* matches *stored_hash* (constant-time inside argon2)."""
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


#: A hash to verify against when the user does not exist, so that the answer takes
#: as long as for a real user (no user enumeration by timing).
DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def new_secret() -> str:
    """256 random bits, URL-safe (session ids and CSRF tokens)."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """Hex SHA-256 of a session id (what the store keeps)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_token(expected: str, given: str | None) -> bool:
    """Constant-time comparison of a CSRF token."""
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


class RateLimiter:
    """At most *limit* hits per key in each window of *window_s* seconds (fixed window).

    In memory, per process: enough for one server process; several workers would each
    allow *limit* (documented in ``docs/platform.md``).
    """

    def __init__(self, limit: int, window_s: float):
        self.limit = limit
        self.window_s = window_s
        self._hits: dict[str, tuple[float, int]] = defaultdict(lambda: (0.0, 0))
        self._lock = threading.Lock()

    def hit(self, key: str, *, now: float) -> bool:
        """Count one hit of *key*; ``False`` when the key is over its limit."""
        with self._lock:
            start, count = self._hits[key]
            if now - start >= self.window_s:
                start, count = now, 0
            count += 1
            self._hits[key] = (start, count)
            if len(self._hits) > 100_000:  # bounded memory under a flood of new keys
                self._hits.clear()
            return count <= self.limit

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
