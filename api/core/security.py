"""Password hashing (argon2 through pwdlib) and bearer tokens (JWT, HS256)."""

from __future__ import annotations

import datetime as dt

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

ALGORITHM = "HS256"
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 128

_hasher = PasswordHash((Argon2Hasher(),))
# Verifying against this when the user does not exist keeps a failed login as slow as a real one,
# so response times do not tell which usernames exist.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class TokenError(ValueError):
    """The token is malformed, forged or expired."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _hasher.verify(password, _DUMMY_HASH)
        return False
    try:
        return _hasher.verify(password, password_hash)
    except Exception:  # noqa: BLE001 - a corrupt stored hash is a failed login, not a server error
        return False


def check_password_strength(password: str, username: str | None = None) -> None:
    """Raise ValueError with a reason if the password is too weak to accept."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise ValueError(f"the password must have at most {MAX_PASSWORD_CHARS} characters")
    if username and password.lower() == username.lower():
        raise ValueError("the password must not be the username")


def create_token(*, user_id: int, role: str, secret: str, minutes: int) -> str:
    now = dt.datetime.now(dt.timezone.utc)
    claims = {"sub": str(user_id), "role": role, "iat": now, "exp": now + dt.timedelta(minutes=minutes)}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_token(token: str, *, secret: str) -> int:
    """The user id in a valid token.

    Raises:
        TokenError: the token is malformed, has a bad signature or has expired.
    """
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
        return int(claims["sub"])
    except jwt.ExpiredSignatureError:
        raise TokenError("the login token has expired: log in again") from None
    except (jwt.InvalidTokenError, ValueError):
        raise TokenError("the login token is not valid: log in again") from None
