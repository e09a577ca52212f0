"""Intake: questions from every channel, one at a time or as a bulk import, stored before any NLP runs.

See ``api.services.keys`` for when two messages count as the same question.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.core.config import Settings
from api.errors import InvalidInput, TooLarge
from api.models import Channel, Question, QuestionStatus, User, utcnow
from api.repository import audit
from api.repository import questions as repo
from api.schemas.questions import ImportReport, ImportRowError, QuestionCreate
from api.services import screening
from api.services.keys import dedup_key, new_tracking_code
from api.services.live_index import LiveIndex

IMPORT_FIELDS = (
    "channel",
    "text",
    "external_id",
    "received_at",
    "sender_name",
    "sender_handle",
    "sender_email",
    "sender_phone",
)


# ------------------------------------------------------------------ checks
def check_text_length(settings: Settings, text: str, what: str = "the question") -> None:
    if len(text) > settings.max_question_chars:
        raise InvalidInput(
            f"{what} has {len(text)} characters; the limit is {settings.max_question_chars} "
            "(HALOKOP_MAX_QUESTION_CHARS)"
        )


def _received_at(settings: Settings, value: dt.datetime | None) -> dt.datetime:
    now = utcnow()
    if value is None:
        return now
    if value.tzinfo is None:
        value = value.replace(tzinfo=settings.tz)
    if value > now + dt.timedelta(minutes=5):
        raise InvalidInput(f"received_at {value.isoformat()} is in the future")
    return value.astimezone(dt.timezone.utc)


def _new_question(session: Session, settings: Settings, data: QuestionCreate, key: str) -> Question:
    return repo.create(
        session=session,
        tracking_code=new_tracking_code(session),
        channel=data.channel.value,
        external_id=data.external_id,
        dedup_key=key,
        sender_name=data.sender_name,
        sender_handle=data.sender_handle,
        sender_email=data.sender_email,
        sender_phone=data.sender_phone,
        text=data.text,
        received_at=_received_at(settings, data.received_at),
        status=QuestionStatus.pending.value,
    )


# ------------------------------------------------------------------ one question
def create_question(
    *, session: Session, live: LiveIndex, settings: Settings, data: QuestionCreate, actor: User | None
) -> tuple[Question, bool]:
    """Store a question, commit it, then screen it. Returns the question and whether it is new.

    The commit comes first: if the engine fails afterwards the question is kept, with its
    suggestions marked unavailable.
    """
    check_text_length(settings, data.text)
    key = dedup_key(data)
    existing = repo.get_by_dedup_key(session=session, key=key)
    if existing is not None:
        return existing, False
    question = _new_question(session, settings, data, key)
    audit.record(
        session=session,
        actor=actor,
        action="question.create",
        object_type="question",
        object_id=question.id,
        detail={"channel": question.channel},
    )
    try:
        session.commit()
    except IntegrityError:
        # The same message arrived twice at the same moment: the other request stored it.
        session.rollback()
        existing = repo.get_by_dedup_key(session=session, key=key)
        if existing is None:
            raise
        return existing, False
    screening.screen_question(session=session, live=live, settings=settings, question=question)
    return question, True


# ------------------------------------------------------------------ bulk import
def _row_message(exc: ValidationError) -> str:
    from api.errors import validation_message

    detail, _ = validation_message([{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors()])
    return detail


def _detect_format(fmt: str | None, filename: str | None, text: str) -> str:
    if fmt:
        return fmt
    name = (filename or "").lower()
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".csv", ".txt")):
        return "csv"
    return "jsonl" if text.lstrip().startswith("{") else "csv"


def _csv_rows(text: str) -> list[tuple[int, dict | str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput("the file is empty") from None
    except csv.Error as exc:
        raise InvalidInput(f"line 1: the CSV header cannot be read ({exc})") from None
    names = [h.strip().lower() for h in header]
    if "text" not in names:
        raise InvalidInput(
            "the CSV header has no 'text' column; expected columns: "
            + ", ".join(IMPORT_FIELDS)
            + " (only text is required; channel too unless given for the whole file)"
        )
    rows: list[tuple[int, dict | str]] = []
    line = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.append((line, f"not valid CSV ({exc})"))
            break
        if any(v.strip() for v in values):
            if len(values) > len(names):
                rows.append((line, f"{len(values)} values but the header has {len(names)} columns"))
            else:
                rows.append((line, dict(zip(names, values, strict=False))))
        line = reader.line_num + 1
    return rows


def _jsonl_rows(text: str) -> list[tuple[int, dict | str]]:
    rows: list[tuple[int, dict | str]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append((lineno, f"not valid JSON ({exc.msg})"))
            continue
        rows.append(
            (lineno, obj if isinstance(obj, dict) else f"expected a JSON object, got {type(obj).__name__}")
        )
    return rows


def import_questions(
    *,
    session: Session,
    settings: Settings,
    content: bytes,
    filename: str | None,
    fmt: str | None,
    channel: Channel | None,
    actor: User | None,
) -> ImportReport:
    """Import a channel export (CSV with a header row, or JSONL). Screening runs afterwards.

    Idempotent: rows already stored (same dedup key) and repeats within the file are counted as
    already present. Good rows are kept even when other rows are bad; each bad row is reported
    with its line number. If no row is good the import fails with 422.

    Raises:
        TooLarge: the file or its row count is over the limit.
        InvalidInput: the file is not UTF-8, not CSV/JSONL, or has no good row.
    """
    if len(content) > settings.max_import_bytes:
        raise TooLarge(
            f"the file is larger than the limit of {settings.max_import_bytes} bytes "
            "(HALOKOP_MAX_IMPORT_BYTES): split it"
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise InvalidInput(f"line {line}: the file is not UTF-8 text; save the export as UTF-8") from None
    fmt = _detect_format(fmt, filename, text)
    raw = _csv_rows(text) if fmt == "csv" else _jsonl_rows(text)
    if not raw:
        raise InvalidInput("the file has no rows")
    if len(raw) > settings.max_import_rows:
        raise TooLarge(
            f"the file has {len(raw)} rows; the limit is {settings.max_import_rows} "
            "(HALOKOP_MAX_IMPORT_ROWS): split it"
        )

    errors: list[ImportRowError] = []
    good: list[tuple[int, QuestionCreate, str]] = []
    for lineno, row in raw:
        if isinstance(row, str):
            errors.append(ImportRowError(line=lineno, message=row))
            continue
        # Channel exports carry extra columns; only the known ones are read.
        fields = {k: row[k] for k in IMPORT_FIELDS if k in row and row[k] not in (None, "")}
        if "channel" not in fields and channel is not None:
            fields["channel"] = channel.value
        try:
            data = QuestionCreate.model_validate(fields)
            check_text_length(settings, data.text, "the text")
            _received_at(settings, data.received_at)
        except ValidationError as exc:
            errors.append(ImportRowError(line=lineno, message=_row_message(exc)))
            continue
        except InvalidInput as exc:
            errors.append(ImportRowError(line=lineno, message=exc.message))
            continue
        good.append((lineno, data, dedup_key(data)))

    if not good:
        raise InvalidInput(
            f"no row could be imported ({len(errors)} bad): "
            + "; ".join(f"line {e.line}: {e.message}" for e in errors[:5]),
            errors=[e.model_dump() for e in errors],
        )

    existing = repo.existing_dedup_keys(session=session, keys=[k for _, _, k in good])
    seen: set[str] = set(existing)
    created: list[Question] = []
    present = 0
    for _lineno, data, key in good:
        if key in seen:
            present += 1
            continue
        seen.add(key)
        try:
            with session.begin_nested():
                created.append(_new_question(session, settings, data, key))
        except IntegrityError:
            present += 1  # stored by a concurrent import a moment ago
    audit.record(
        session=session,
        actor=actor,
        action="question.import",
        object_type="question",
        object_id=None,
        detail={
            "file": filename,
            "format": fmt,
            "rows": len(raw),
            "created": len(created),
            "already_present": present,
            "rejected": len(errors),
        },
    )
    session.commit()
    return ImportReport(
        format=fmt,  # type: ignore[arg-type]
        rows=len(raw),
        created=len(created),
        already_present=present,
        rejected=len(errors),
        question_ids=[q.id for q in created],
        errors=errors,
    )
