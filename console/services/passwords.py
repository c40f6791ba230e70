"""Password hashing and the password policy.

New hashes are argon2id (argon2-cffi) with OWASP's minimum parameters for argon2id
(19 MiB, 2 passes, 1 lane): memory-hard, about 20 ms on one core. Hashes written before
argon2 (``pbkdf2_sha256$iterations$salt$digest``) still verify, and ``needs_upgrade`` tells
the sign-in to replace them with argon2id while it holds the plain password.

The policy is checked wherever a person chooses a password (``user add``, the admin's
create and reset); demo and test accounts made in code skip it on purpose.
"""

from __future__ import annotations

import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from console.errors import InvalidInput

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
PBKDF2_PREFIX = "pbkdf2_sha256$"
MIN_LENGTH = 10
MAX_LENGTH = 200

#: Passwords that guessing tools try first (a short list: the length rule removes most of
#: the rest of the famous lists).
COMMON = frozenset(
    {
        "password", "password1", "password123", "1234567890", "12345678910", "0123456789",
        "qwertyuiop", "1q2w3e4r5t", "iloveyou123", "administrator", "admin12345",
        "letmein123", "welcome123", "dispatch123", "changeme123", "passw0rd123",
        "abc1234567", "a1234567890", "1111111111", "0000000000", "qwerty123456",
        "nightshift", "night-shift1", "dispatcher1", "supervisor1",
    }
)


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """An argon2id hash (``salt`` only for reproducible demo data)."""
    return _HASHER.hash(password, salt=salt)


def _verify_pbkdf2(password: str, stored: str) -> bool:
    try:
        _algo, iterations, salt, digest = stored.split("$")
        candidate = hashlib.pbkdf2_hmac(
            "sha256", password.encode(), bytes.fromhex(salt), int(iterations)
        )
    except ValueError:
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def verify_password(password: str, stored: str) -> bool:
    if stored.startswith(PBKDF2_PREFIX):
        return _verify_pbkdf2(password, stored)
    try:
        return bool(_HASHER.verify(stored, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_upgrade(stored: str) -> bool:
    """True for a PBKDF2 hash or an argon2 hash with older parameters."""
    if stored.startswith(PBKDF2_PREFIX):
        return True
    try:
        return bool(_HASHER.check_needs_rehash(stored))
    except InvalidHashError:
        return True


def check_policy(username: str, password: str) -> None:
    """Raise InvalidInput (field ``password``) saying which rule a new password breaks."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            f"a password needs at least {MIN_LENGTH} characters", field="password"
        )
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"a password has at most {MAX_LENGTH} characters", field="password")
    low = password.lower()
    if username and username.lower() in low:
        raise InvalidInput("a password must not contain the user name", field="password")
    if low in COMMON or len(set(low)) < 4:
        raise InvalidInput(
            "that password is among the first ones attackers guess; choose another",
            field="password",
        )
