"""Index versions for the running service: build from the database, evaluate, activate, roll back.

A rebuild runs in a background thread and writes a new version directory; activating a version
loads it, adds whatever the database published since it was built, and swaps it in atomically (see
``LiveIndex.swap``). The ``CURRENT_VERSION`` pointer is then moved, so a restart loads the same one.

Calibration of a rebuild, in order of preference:

1. labelled data from the database, when there is enough of it: questions staff marked duplicates
   and accepted suggestions give (question, entry) pairs; questions with a suggestion rejected as
   "not related" (and not themselves published) give out-of-scope questions;
2. the calibration of the version running now (same encoder), carried over;
3. the library's default calibration for the encoder, or the small labelled set if it has both kinds.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from api.errors import Conflict, NotFound, Unavailable
from api.models import BuildStatus, IndexBuild, User, utcnow
from api.repository import audit
from api.repository import builds as builds_repo
from api.repository import entries as entries_repo
from api.repository import questions as questions_repo
from api.services.index_versions import (
    VersionError,
    list_versions,
    load_version,
    new_version_name,
    read_pointer,
    sync_with_db,
    to_kb_entry,
    version_dir,
    write_pointer,
)
from api.services.keys import normalize_text
from api.state import ServiceState
from halokop_nlp import Calibration, Encoder, IndexMismatchError, Recommender

log = logging.getLogger("api.index")


class BuildError(RuntimeError):
    """A build could not be made (nothing published, no calibration possible, ...)."""


@dataclass
class BuildResult:
    recommender: Recommender
    version: str
    directory: Path
    entries: int
    calibration_source: str
    evaluation: dict = field(default_factory=dict)


# ------------------------------------------------------------------ labelled data
def labelled_from_db(session: Session, refs: set[str]) -> list[dict]:
    """Labelled queries from staff's decisions (see the module docstring), for entries in ``refs``."""
    rows: dict[tuple[str, str | None], dict] = {}
    positive_questions: set[int] = set()
    for text, ref in questions_repo.confirmed_duplicates(session=session):
        if ref in refs:
            rows.setdefault(
                (normalize_text(text), ref), {"q": text, "target": ref, "style": "staff_duplicate"}
            )
    for qid, text, ref in questions_repo.accepted_suggestions(session=session):
        positive_questions.add(qid)
        if ref in refs:
            rows.setdefault((normalize_text(text), ref), {"q": text, "target": ref, "style": "accepted"})
    in_scope = {key[0] for key in rows}
    for qid, text in questions_repo.rejected_not_related(session=session):
        key = normalize_text(text)
        if qid not in positive_questions and key not in in_scope:
            rows.setdefault((key, None), {"q": text, "style": "oos"})
    return list(rows.values())


def _counts(labelled: list[dict]) -> tuple[int, int]:
    positives = sum(1 for row in labelled if row.get("target"))
    return positives, len(labelled) - positives


def build_from_db(
    *,
    session: Session,
    encoder: Encoder,
    root: Path,
    min_positives: int,
    min_negatives: int,
    previous: Calibration | None = None,
    previous_name: str | None = None,
    extra_labelled: list[dict] | None = None,
    extra_name: str | None = None,
    evaluate_on: list[dict] | None = None,
    evaluate_name: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> BuildResult:
    """Build, calibrate, evaluate and save a new index version from the database's published entries.

    Raises:
        BuildError: nothing is published, or no calibration can be had.
    """
    from halokop_nlp.evaluation import evaluate

    entries = [to_kb_entry(e) for e in entries_repo.list_all(session=session)]
    if not entries:
        raise BuildError(
            "the database has no published entries: import a knowledge base (halokop kb import FILE) "
            "or publish an edition first"
        )
    refs = {e.ref for e in entries}
    labelled = labelled_from_db(session, refs)
    db_pos, db_neg = _counts(labelled)
    sources = [f"database feedback ({db_pos} matches, {db_neg} out of scope)"]
    if extra_labelled:
        usable = [row for row in extra_labelled if not row.get("target") or row["target"] in refs]
        labelled = usable + labelled
        sources.insert(0, f"{extra_name or 'labelled file'} ({len(usable)} usable)")
    positives, negatives = _counts(labelled)

    calibration: Calibration | None = None
    use_labelled: list[dict] | None = None
    if positives >= min_positives and negatives >= min_negatives:
        use_labelled, source = labelled, " + ".join(sources)
    elif previous is not None and previous.encoder == encoder.name:
        calibration = previous
        source = f"carried over from {previous_name or 'the previous version'} ({previous.source})"
        log.info("too little labelled data (%d matches, %d out of scope): %s", positives, negatives, source)
    else:
        source = "library default calibration"
    try:
        rec = Recommender.build(
            entries,
            encoder,
            calibration=calibration,
            labelled=use_labelled,
            labelled_name=source,
            progress=progress,
        )
    except ValueError as exc:
        if use_labelled is None and positives and negatives:
            # No default calibration for this encoder: a small labelled set beats none.
            source = " + ".join(sources) + " (below the recommended size)"
            rec = Recommender.build(
                entries, encoder, labelled=labelled, labelled_name=source, progress=progress
            )
        else:
            raise BuildError(
                f"cannot calibrate: {exc}. Give a labelled file (--labelled data/eval/dev.jsonl) or record "
                "staff feedback first"
            ) from None

    evaluation: dict = {}
    rows, name = (evaluate_on, evaluate_name or "evaluation file") if evaluate_on else (labelled, source)
    rows = [row for row in rows or [] if not row.get("target") or row["target"] in refs]
    if rows:
        # in_sample: measured on the data it was calibrated on, so optimistic.
        evaluation = {"set": name, "in_sample": not evaluate_on, **evaluate(rec, rows)}
    # The manifest names where the calibration came from (a carried-over one keeps its original source).
    evaluation["calibration"] = source
    version = new_version_name(root)
    directory = Path(root) / version
    rec.save(directory, evaluation=evaluation)
    return BuildResult(rec, version, directory, len(entries), source, evaluation)


# ------------------------------------------------------------------ activation
def install(state: ServiceState, rec: Recommender, version: str) -> dict:
    """Bring ``rec`` up to date with the database and make it the live recommender."""
    synced: dict = {}

    def prepare(candidate: Recommender) -> None:
        with state.sessions() as session:
            synced.update(sync_with_db(session, candidate))

    state.live.swap(rec, version, prepare=prepare)
    return synced


def load_at_startup(state: ServiceState) -> None:
    """Load the version ``CURRENT_VERSION`` names; degrade (never fail) if that is not possible."""
    root = state.settings.index_root
    live = state.live
    version = read_pointer(root)
    if version is None:
        live.swap(
            None,
            None,
            load_error=(
                f"no current index version in {root}: build one with `halokop index build --from-db` "
                "or POST /api/admin/index/rebuild"
            ),
        )
        return
    try:
        rec = load_version(root, version, state.encoder, live.encoder_error, lexical_only_ok=True)
    except Exception as exc:  # noqa: BLE001 - a broken index must not stop the service
        log.exception("could not load index version %s", version)
        live.swap(None, None, load_error=f"could not load index version {version}: {exc}")
        return
    if state.schema_problem:
        live.swap(rec, version)
        return
    try:
        synced = install(state, rec, version)
        if any(synced.values()):
            log.info("index %s: added %s from the database", version, synced)
    except Exception as exc:  # noqa: BLE001
        log.warning("could not sync index %s with the database: %s", version, exc)
        live.swap(rec, version)
        live.sync_error = f"the index lacks entries published since it was built ({exc})"


def activate_version(*, state: ServiceState, session: Session, version: str, user: User) -> dict:
    """Switch the running service to a saved version (or back to an earlier one) and point at it."""
    root = state.settings.index_root
    try:
        version_dir(root, version)
    except VersionError as exc:
        raise NotFound(str(exc)) from None
    if state.encoder is None:
        raise Unavailable(f"cannot activate: the encoder is not available ({state.live.encoder_error})")
    try:
        rec = load_version(root, version, state.encoder, None, lexical_only_ok=False)
    except IndexMismatchError as exc:
        raise Conflict(str(exc)) from None
    previous = state.live.version
    try:
        synced = install(state, rec, version)
    except Exception as exc:  # noqa: BLE001
        log.exception("activation of %s failed", version)
        raise Unavailable(f"could not bring version {version} up to date with the database: {exc}") from None
    write_pointer(root, version)
    audit.record(
        session=session,
        actor=user,
        action="index.activate",
        object_type="index",
        object_id=version,
        detail={"previous": previous, "synced": synced},
    )
    session.commit()
    return {"version": version, "previous": previous, "entries": len(rec.index), "synced": synced}


# ------------------------------------------------------------------ background rebuilds
class BuildManager:
    """Runs one rebuild at a time in a background thread; its progress is stored in ``index_builds``."""

    def __init__(self, state: ServiceState) -> None:
        self.state = state
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._build_id: int | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, *, session: Session, user: User, activate: bool) -> IndexBuild:
        with self._lock:
            if self.running:
                raise Conflict(f"index build {self._build_id} is still running: wait for it to finish")
            if self.state.encoder is None:
                raise Unavailable(
                    f"cannot rebuild: the encoder is not available ({self.state.live.encoder_error})"
                )
            build = builds_repo.create(session=session, requested_by_id=user.id, activate=activate)
            audit.record(
                session=session,
                actor=user,
                action="index.rebuild",
                object_type="index_build",
                object_id=build.id,
                detail={"activate": activate},
            )
            session.commit()
            self._build_id = build.id
            self._thread = threading.Thread(
                target=self._run, args=(build.id,), name=f"index-build-{build.id}", daemon=True
            )
            self._thread.start()
            return build

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the running build; True when none is running any more."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.running

    def _update(self, build_id: int, **fields) -> None:
        with self.state.sessions() as session:
            build = builds_repo.get(session=session, build_id=build_id)
            if build is None:
                return
            for name, value in fields.items():
                setattr(build, name, value)
            if fields.get("status") in (BuildStatus.succeeded.value, BuildStatus.failed.value):
                audit.record(
                    session=session,
                    actor=None,
                    actor_name="system",
                    action=f"index.build_{fields['status']}",
                    object_type="index_build",
                    object_id=build_id,
                    detail={"version": build.version, "message": build.message},
                )
            session.commit()

    def _run(self, build_id: int) -> None:
        state = self.state
        self._update(build_id, status=BuildStatus.running.value, started_at=utcnow())
        try:
            with state.sessions() as session:
                build = builds_repo.get(session=session, build_id=build_id)
                activate = bool(build and build.activate)
                eval_rows = _read_labelled(state.settings.eval_file) if state.settings.eval_file else None
                current = state.live.recommender
                result = build_from_db(
                    session=session,
                    encoder=state.encoder,  # type: ignore[arg-type]
                    root=state.settings.index_root,
                    min_positives=state.settings.calibration_min_positives,
                    min_negatives=state.settings.calibration_min_negatives,
                    previous=current.calibration if current is not None else None,
                    previous_name=state.live.version,
                    evaluate_on=eval_rows,
                    evaluate_name=str(state.settings.eval_file) if eval_rows else None,
                )
            message = f"built {result.entries} entries into {result.version}"
            if activate:
                install(state, result.recommender, result.version)
                write_pointer(state.settings.index_root, result.version)
                message += " and activated it"
            self._update(
                build_id,
                status=BuildStatus.succeeded.value,
                finished_at=utcnow(),
                version=result.version,
                entries=result.entries,
                calibration_source=result.calibration_source[:200],
                evaluation=result.evaluation.get("overall") if result.evaluation else None,
                message=message,
            )
        except Exception as exc:  # noqa: BLE001 - the failure is reported through the build's status
            log.exception("index build %s failed", build_id)
            self._update(
                build_id,
                status=BuildStatus.failed.value,
                finished_at=utcnow(),
                message=str(exc)[:2000] or type(exc).__name__,
            )


def _read_labelled(path: Path) -> list[dict] | None:
    from halokop_nlp.kb import read_jsonl

    try:
        return [row for row in read_jsonl(path) if isinstance(row.get("q"), str) and row["q"].strip()]
    except (OSError, ValueError) as exc:
        log.warning("cannot read the evaluation file %s: %s", path, exc)
        return None


def overview(*, state: ServiceState, session: Session) -> dict:
    live_version = state.live.version
    current = read_pointer(state.settings.index_root)
    versions = [
        {**v, "live": v["version"] == live_version, "current": v["version"] == current}
        for v in list_versions(state.settings.index_root)
    ]
    rec = state.live.recommender
    return {
        "live_version": live_version,
        "current_version": current,
        "encoder": rec.encoder.name if rec is not None else state.settings.encoder,
        "degraded": bool(state.live.problems()),
        "problems": state.live.problems(),
        "versions": versions,
        "builds": builds_repo.list_recent(session=session, limit=10),
    }


def interrupted_builds(state: ServiceState) -> None:
    """Builds a previous run left unfinished can never finish: say so."""
    with state.sessions() as session:
        n = builds_repo.fail_unfinished(
            session=session, message="interrupted: the service stopped during the build"
        )
        session.commit()
        if n:
            log.warning("%d index build(s) were interrupted by a restart", n)
