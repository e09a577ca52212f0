"""Deduplication keys and tracking codes.

Deduplication key (the same message twice is one question):

- ``channel + external id`` when the message has an id in its channel (Instagram comment id,
  e-mail Message-ID, WhatsApp message id, letter number, ...);
- otherwise ``channel + sender + text``, the sender being the first of handle, e-mail, phone or name
  that is given (case-folded; phone numbers as digits with 0 → 62) and the text NFKC-normalized,
  case-folded, with runs of whitespace collapsed.

The key is a SHA-256 of that string, so it is stable across versions of the NLP library.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata

from sqlalchemy.orm import Session

from api.errors import Conflict
from api.repository import questions as repo
from api.schemas.questions import QuestionCreate

TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed by citizens
TRACKING_PREFIX = "HK-"
TRACKING_LENGTH = 8


def normalize_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def sender_identity(*, handle: str | None, email: str | None, phone: str | None, name: str | None) -> str:
    if handle and handle.strip().lstrip("@"):
        return "h:" + handle.strip().lstrip("@").casefold()
    if email and email.strip():
        return "e:" + email.strip().casefold()
    digits = re.sub(r"\D", "", phone or "")
    if digits:
        return "p:" + ("62" + digits[1:] if digits.startswith("0") else digits)
    if name and name.strip():
        return "n:" + normalize_text(name)
    return ""


def dedup_key(data: QuestionCreate) -> str:
    if data.external_id:
        basis = f"{data.channel.value}\x1fid\x1f{data.external_id.strip()}"
    else:
        who = sender_identity(
            handle=data.sender_handle, email=data.sender_email, phone=data.sender_phone, name=data.sender_name
        )
        basis = f"{data.channel.value}\x1ftext\x1f{who}\x1f{normalize_text(data.text)}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def new_tracking_code(session: Session) -> str:
    for _ in range(20):
        code = TRACKING_PREFIX + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
        if not repo.tracking_code_exists(session=session, code=code):
            return code
    raise Conflict("could not make a unique tracking code; try again")  # 32^8 codes: practically never


def normalize_tracking_code(code: str) -> str:
    """Accept what a citizen types: any case, spaces, with or without the prefix."""
    compact = re.sub(r"[\s-]", "", code).upper()
    prefix = TRACKING_PREFIX.rstrip("-")
    if len(compact) == len(prefix) + TRACKING_LENGTH and compact.startswith(prefix):
        compact = compact[len(prefix) :]
    return TRACKING_PREFIX + compact
