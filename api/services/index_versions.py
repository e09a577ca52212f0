"""Index versions on disk: ``<index_root>/<version>/`` directories and the pointer to the current one.

The pointer is a one-line text file, ``<index_root>/CURRENT_VERSION``, naming the version the
service loads at startup. (Not ``CURRENT``: on a case-insensitive file system that would collide
with a ``current`` index directory, the library CLI's default.) It is replaced atomically.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from api.services.live_index import UnavailableEncoder
from halokop_nlp import Encoder, IndexMismatchError, KBEntry, Recommender

POINTER = "CURRENT_VERSION"
VERSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class VersionError(ValueError):
    """A version name is malformed or names no saved index."""


def check_version_name(version: str) -> str:
    if not VERSION_RE.match(version):
        raise VersionError(
            f"{version!r} is not a version name: use letters, digits, '.', '_' or '-' (at most 64)"
        )
    return version


def version_dir(root: Path, version: str) -> Path:
    directory = Path(root) / check_version_name(version)
    if not (directory / "manifest.json").is_file():
        raise VersionError(f"there is no index version {version!r} in {root}")
    return directory


def new_version_name(root: Path, now: dt.datetime | None = None) -> str:
    """A fresh, sortable version name: the UTC time of the build (with a suffix if taken)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    base = now.strftime("%Y%m%d-%H%M%S")
    name, n = base, 1
    while (Path(root) / name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def read_pointer(root: Path) -> str | None:
    path = Path(root) / POINTER
    if not path.is_file():
        return None
    value = path.read_text("utf-8").strip()
    return value or None


def write_pointer(root: Path, version: str) -> None:
    """Point at ``version`` (atomically: a reader sees the old name or the new one)."""
    root = Path(root)
    version_dir(root, version)
    fd, tmp = tempfile.mkstemp(prefix=f".{POINTER}.", dir=root)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(version + "\n")
    os.chmod(tmp, 0o644)  # mkstemp makes it owner-only; other accounts (a service user) must read it
    os.replace(tmp, root / POINTER)


def read_manifest(directory: Path) -> dict:
    return json.loads((Path(directory) / "manifest.json").read_text("utf-8"))


def summarize(version: str, manifest: dict) -> dict:
    cal = manifest.get("calibration") or {}
    evaluation = manifest.get("evaluation") or {}
    return {
        "version": version,
        "created_at": manifest.get("created_at"),
        "encoder": (manifest.get("encoder") or {}).get("name"),
        "entries": manifest.get("entries"),
        "phrasings": manifest.get("vectors"),
        "corpus_hash": manifest.get("corpus_hash"),
        "package_version": manifest.get("package_version"),
        "calibration": {
            "source": evaluation.get("calibration") or cal.get("source"),
            "duplicate": cal.get("duplicate"),
            "related": cal.get("related"),
        },
        # service builds store {"overall": ...}; the library's `index build --evaluate-on`, the figures only
        "evaluation": evaluation.get("overall")
        or {k: v for k, v in evaluation.items() if k not in ("calibration",)},
    }


def list_versions(root: Path) -> list[dict]:
    """Every saved version (newest first), skipping half-written temporary directories."""
    root = Path(root)
    if not root.is_dir():
        return []
    out = []
    for directory in root.iterdir():
        if directory.name.startswith(".") or not (directory / "manifest.json").is_file():
            continue
        try:
            out.append(summarize(directory.name, read_manifest(directory)))
        except (OSError, ValueError):
            continue
    return sorted(out, key=lambda v: (v["created_at"] or "", v["version"]), reverse=True)


def load_version(
    root: Path, version: str, encoder: Encoder | None, encoder_error: str | None, lexical_only_ok: bool
) -> Recommender:
    """Load a saved version with the service's encoder.

    Args:
        root: the index root.
        version: the version directory name.
        encoder: the running encoder, or None if it failed to load.
        encoder_error: why it failed to load.
        lexical_only_ok: when the encoder is missing or does not fit the index, load the index with
            a stand-in encoder (lexical matching only) instead of failing; used at startup.

    Raises:
        VersionError: no such version.
        IndexMismatchError: the index does not fit the encoder (and lexical_only_ok is False).
        EncoderError: the encoder failed to load (and lexical_only_ok is False).
    """
    from halokop_nlp import EncoderError

    directory = version_dir(root, version)
    manifest = read_manifest(directory)
    want = manifest.get("encoder") or {}
    if encoder is None:
        if not lexical_only_ok:
            raise EncoderError(encoder_error or "the encoder is not loaded")
        stand_in = UnavailableEncoder(
            want.get("name", "?"), int(want.get("dim", 0)), encoder_error or "not loaded"
        )
        return Recommender.load(directory, encoder=stand_in)
    try:
        return Recommender.load(directory, encoder=encoder)
    except IndexMismatchError as exc:
        if not lexical_only_ok or want.get("name") == encoder.name:
            raise
        stand_in = UnavailableEncoder(want["name"], int(want["dim"]), str(exc))
        return Recommender.load(directory, encoder=stand_in)


def to_kb_entry(entry) -> KBEntry:
    """A database entry (``api.models.Entry``) as the library's ``KBEntry``."""
    return KBEntry(
        ref=entry.ref,
        question=entry.question,
        answer=entry.answer,
        category=entry.category,
        published_at=entry.published_at.isoformat() if entry.published_at else None,
        alternates=[a.text for a in entry.alternates],
    )


def sync_with_db(session: Session, rec: Recommender) -> dict:
    """Bring a recommender up to date with the database's published entries, incrementally.

    Entries missing from the index or changed since it was built are (re-)added; alternate
    phrasings recorded since are added. Entries only the index has are left alone.

    Returns:
        ``{"entries": n_added, "alternates": n_added}``.
    """
    from api.repository import entries as entries_repo

    to_add: list[KBEntry] = []
    alternates: list[tuple[str, str]] = []
    for row in entries_repo.list_all(session=session):
        kb = to_kb_entry(row)
        current = rec.index.get(kb.ref)
        if current is None or (current.question, current.answer, current.category) != (
            kb.question,
            kb.answer,
            kb.category,
        ):
            to_add.append(kb)
            continue
        have = set(current.phrasings)
        alternates.extend((kb.ref, text) for text in kb.alternates if text not in have)
    if to_add:
        rec.add(to_add)
    for ref, text in alternates:
        rec.add_alternate(ref, text)
    return {"entries": len(to_add), "alternates": len(alternates)}
