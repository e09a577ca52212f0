"""The recommender the running service answers with.

One ``LiveIndex`` holds the current ``Recommender``. Requests read it under a shared lock; the rare
in-place changes (a published edition, a new alternate phrasing) take the lock exclusively, because
the index is not safe to search while it is being changed. Switching to another index version
swaps one reference: requests already running finish on the old recommender, new ones use the new
one, and none fails.

When the encoder cannot run, the index is kept with a stand-in encoder, so the lexical signals
still answer (``Recommender.suggest_lexical``) and ``/health`` reports the service as degraded.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from halokop_nlp import EmptyQuestionError, EncoderError, KBEntry, Match, Recommender, Suggestion

log = logging.getLogger("api.index")


class RWLock:
    """Many readers or one writer; a waiting writer goes before readers that arrive after it."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._waiting_writers -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class UnavailableEncoder:
    """Stands in for an encoder that could not be loaded: same name and size, every call fails.

    A saved index loads with it, so lexical search keeps working while the encoder is down.
    """

    def __init__(self, name: str, dim: int, reason: str) -> None:
        self.name = name
        self.dim = dim
        self.reason = reason

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        raise EncoderError(f"the encoder is not available: {self.reason}")

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        raise EncoderError(f"the encoder is not available: {self.reason}")


@dataclass
class Outcome:
    """What the engine produced for one question."""

    status: str  # ready | lexical | unavailable
    suggestion: Suggestion | None
    error: str | None = None


def _refresh(rec: Recommender) -> None:
    """Let the recommender refit what a change made stale now, under the write lock.

    The library refits its category model lazily, inside the next ``suggest``; done there it would
    run in whichever readers come first, several at once. One throw-away suggestion does it here.
    """
    try:
        rec.suggest("koperasi", k=1)
    except Exception:  # noqa: BLE001 - the encoder may be down; the refit then happens later
        pass


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 500 else text[:497] + "..."


class LiveIndex:
    """The live recommender, its version, and what is wrong with it if anything."""

    def __init__(self, encoder_name: str, encoder_error: str | None = None) -> None:
        self._rec: Recommender | None = None
        self._version: str | None = None
        self._rw = RWLock()
        # Serializes changes and swaps, so an edition published during a switch lands in the new index.
        self._writer = threading.RLock()
        self.encoder_name = encoder_name
        self.encoder_error = encoder_error
        self.load_error: str | None = None
        self.runtime_error: str | None = None
        self.runtime_error_at: dt.datetime | None = None
        self.sync_error: str | None = None

    # ----------------------------------------------------------------- state
    @property
    def recommender(self) -> Recommender | None:
        return self._rec

    @property
    def version(self) -> str | None:
        return self._version

    @property
    def encoder_available(self) -> bool:
        rec = self._rec
        if rec is not None:
            return not isinstance(rec.encoder, UnavailableEncoder)
        return self.encoder_error is None

    def problems(self) -> list[str]:
        """Why the service is degraded (empty when it is not)."""
        out = []
        if self._rec is None:
            out.append(f"no index is loaded: {self.load_error or 'unknown reason'}")
        if self.encoder_error:
            out.append(f"encoder {self.encoder_name} is not available: {self.encoder_error}")
        elif self._rec is not None and isinstance(self._rec.encoder, UnavailableEncoder):
            out.append(f"the index's encoder is not available: {self._rec.encoder.reason}")
        if self.runtime_error:
            when = self.runtime_error_at.isoformat(timespec="seconds") if self.runtime_error_at else "?"
            out.append(f"the engine failed at {when}: {self.runtime_error}")
        if self.sync_error:
            out.append(self.sync_error)
        return out

    def _failed(self, exc: BaseException) -> None:
        log.warning("engine failure: %s", exc, exc_info=not isinstance(exc, EncoderError))
        self.runtime_error = _short(exc)
        self.runtime_error_at = dt.datetime.now(dt.timezone.utc)

    def _succeeded(self) -> None:
        self.runtime_error = None
        self.runtime_error_at = None

    # ---------------------------------------------------------------- reading
    @contextmanager
    def reading(self) -> Iterator[Recommender | None]:
        """The current recommender, safe to use until the block ends."""
        with self._rw.read():
            yield self._rec

    def suggest(self, text: str, k: int) -> Outcome:
        """Suggestions for a question; lexical ones if the encoder fails; never raises for engine faults.

        Raises:
            EmptyQuestionError: the text is empty.
        """
        with self.reading() as rec:
            if rec is None:
                return Outcome("unavailable", None, self.load_error or "no index is loaded")
            try:
                suggestion = rec.suggest(text, k=k)
            except EmptyQuestionError:
                raise
            except Exception as exc:  # noqa: BLE001 - any engine fault degrades, never fails the request
                self._failed(exc)
                error = _short(exc)
            else:
                self._succeeded()
                return Outcome("ready", suggestion)
            try:
                return Outcome("lexical", rec.suggest_lexical(text, k=k), error)
            except EmptyQuestionError:
                raise
            except Exception as exc:  # noqa: BLE001
                log.exception("lexical fallback failed too")
                return Outcome("unavailable", None, f"{error}; lexical fallback failed: {_short(exc)}")

    def search(self, text: str, k: int, category: str | None) -> tuple[list[Match] | None, str]:
        """Ranked entries and how they were found: ``semantic``, ``lexical``, or (None, ``none``)."""
        with self.reading() as rec:
            if rec is None:
                return None, "none"
            try:
                matches = rec.search(text, k=k, category=category)
            except EmptyQuestionError:
                return [], "semantic"
            except Exception as exc:  # noqa: BLE001
                self._failed(exc)
            else:
                self._succeeded()
                return matches, "semantic"
            try:
                pool = rec.suggest_lexical(text, k=max(k * 5, 50) if category else k).matches
            except Exception:  # noqa: BLE001
                log.exception("lexical search failed")
                return None, "none"
            pool = [m for m in pool if not category or m.category == category]
            return pool[:k], "lexical"

    def group(self, texts: Sequence[str]) -> list[list[int]] | None:
        """Groups of questions asking the same thing, or None when the encoder cannot run."""
        with self.reading() as rec:
            if rec is None:
                return None
            try:
                groups = rec.group_duplicates(list(texts))
            except Exception as exc:  # noqa: BLE001
                self._failed(exc)
                return None
            self._succeeded()
            return groups

    # --------------------------------------------------------------- changing
    def mutate(self, change: Callable[[Recommender], object], what: str) -> bool:
        """Apply an in-place change to the live recommender; False (and degraded) if it fails."""
        with self._writer, self._rw.write():
            rec = self._rec
            if rec is None:
                return False
            try:
                change(rec)
            except Exception as exc:  # noqa: BLE001
                log.exception("could not %s in the live index", what)
                self.sync_error = (
                    f"could not {what} in the live index ({_short(exc)}); the database has it: "
                    "rebuild or re-activate the index to catch up"
                )
                return False
            _refresh(rec)
            return True

    def add_entries(self, entries: Sequence[KBEntry]) -> bool:
        return self.mutate(lambda rec: rec.add(entries), f"add {len(entries)} published entries")

    def add_alternate(self, ref: str, text: str) -> bool:
        return self.mutate(lambda rec: rec.add_alternate(ref, text), f"add an alternate phrasing to {ref}")

    def swap(
        self,
        rec: Recommender | None,
        version: str | None,
        prepare: Callable[[Recommender], None] | None = None,
        load_error: str | None = None,
    ) -> None:
        """Make ``rec`` the live recommender; ``prepare`` runs first, while no other change can happen."""
        with self._writer:
            if rec is not None and prepare is not None:
                prepare(rec)  # not visible to readers yet: no read lock needed
            with self._rw.write():
                self._rec, self._version = rec, version
                self.load_error = load_error
                self.sync_error = None
                self._succeeded()
