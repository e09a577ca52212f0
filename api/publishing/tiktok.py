"""A timed TikTok script for an edition: hook, each question with a short spoken answer, closing.

Durations come from a speaking-rate estimate (words per second; about 2.5 for relaxed spoken Indonesian).
The whole script never runs past the target length: answers are summarised by their first sentences that
fit the time left, and questions that do not fit are left for the Instagram cards.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from api.publishing.model import Branding, EditionKit, KitItem, format_date_id
from api.publishing.text import (
    ELLIPSIS,
    format_decimal_id,
    join_id,
    ordinal_id,
    split_sentences,
    word_count,
)

__all__ = [
    "DEFAULT_WORDS_PER_SECOND",
    "ScriptLine",
    "TikTokScript",
    "build_tiktok_script",
    "speaking_seconds",
]

DEFAULT_WORDS_PER_SECOND = 2.5
_LINE_KIND_LABELS = {"hook": "PEMBUKA", "question": "PERTANYAAN", "answer": "JAWABAN", "closing": "PENUTUP"}


@dataclass(frozen=True)
class ScriptLine:
    """One spoken line with its place on the timeline.

    Attributes:
        start: Start time in seconds from the beginning of the video.
        end: End time in seconds.
        kind: ``"hook"``, ``"question"``, ``"answer"`` or ``"closing"``.
        text: What the presenter says.
        item_index: Index of the Q&A item in the edition for question and answer lines.
    """

    start: float
    end: float
    kind: str
    text: str
    item_index: int | None = None


@dataclass(frozen=True)
class TikTokScript:
    """The script of one edition's TikTok video.

    Attributes:
        edition: Edition number.
        date: Publication date.
        column_name: Name of the column, for the script's title.
        target_seconds: Length the script was fitted to.
        words_per_second: Speaking rate used for the timings.
        lines: Spoken lines in order; times increase and the last ``end`` is at most ``target_seconds``.
        omitted_items: Indexes of Q&A items left out for lack of time.
    """

    edition: int
    date: datetime.date
    column_name: str
    target_seconds: float
    words_per_second: float
    lines: list[ScriptLine] = field(default_factory=list)
    omitted_items: list[int] = field(default_factory=list)

    @property
    def total_seconds(self) -> float:
        """Estimated length of the spoken script in seconds."""
        return self.lines[-1].end if self.lines else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The script as JSON-ready data (for video editors and automatic subtitles).

        Returns:
            A dict with the edition, timing parameters, ``lines`` (start, end, kind, item_index, text) and
            ``omitted_items``.
        """
        return {
            "edition": self.edition,
            "date": self.date.isoformat(),
            "target_seconds": self.target_seconds,
            "words_per_second": self.words_per_second,
            "total_seconds": self.total_seconds,
            "lines": [
                {
                    "start": ln.start,
                    "end": ln.end,
                    "kind": ln.kind,
                    "item_index": ln.item_index,
                    "text": ln.text,
                }
                for ln in self.lines
            ],
            "omitted_items": list(self.omitted_items),
        }

    def to_text(self) -> str:
        """The script as a plain-text document for the presenter, in Indonesian.

        Returns:
            A title, the timing summary, then each line as ``[00:05,2 – 00:09,8] PERTANYAAN 1`` followed by
            the words to say.
        """
        out = [
            f"NASKAH TIKTOK — {self.column_name} Edisi {self.edition} ({format_date_id(self.date)})",
            f"Target durasi: {format_decimal_id(self.target_seconds)} detik · perkiraan durasi: "
            f"{format_decimal_id(self.total_seconds)} detik · kecepatan bicara: "
            f"{format_decimal_id(self.words_per_second)} kata/detik",
            "",
        ]
        for ln in self.lines:
            label = _LINE_KIND_LABELS.get(ln.kind, ln.kind.upper())
            if ln.item_index is not None:
                label = f"{label} {ln.item_index + 1}"
            out.append(f"[{_timecode(ln.start)} – {_timecode(ln.end)}] {label}")
            out.append(ln.text)
            out.append("")
        out.append(
            "Catatan: jawaban di naskah ini ringkasan; jawaban lengkap ada di kartu Instagram edisi ini."
        )
        if self.omitted_items:
            numbers = join_id([str(i + 1) for i in self.omitted_items], "dan")
            out.append(f"Pertanyaan nomor {numbers} tidak masuk naskah karena batas durasi video.")
        return "\n".join(out) + "\n"


def _timecode(seconds: float) -> str:
    tenths = round(seconds * 10)
    return f"{tenths // 600:02d}:{(tenths % 600) // 10:02d},{tenths % 10}"


def speaking_seconds(text: str, words_per_second: float = DEFAULT_WORDS_PER_SECOND) -> float:
    """Estimate how long a line takes to say, rounded up to a tenth of a second.

    Args:
        text: The line.
        words_per_second: Speaking rate.

    Returns:
        Seconds, e.g. ``2.0`` for five words at 2.5 words per second.
    """
    return _tenths(text, words_per_second) / 10


def _tenths(text: str, words_per_second: float) -> int:
    # Integer tenths of a second keep the timeline free of float drift.
    return math.ceil(word_count(text) * 10 / words_per_second - 1e-9)


def _take_words(text: str, n: int) -> str:
    words = text.split()
    if len(words) <= n:
        return " ".join(words)
    if n <= 0:
        return ""
    return " ".join(words[:n]).rstrip(",;:.-–—") + ELLIPSIS


def _spoken_question(item: KitItem) -> str:
    # Citizens often give context first; the sentences ending in "?" are what a listener needs to hear.
    sentences = split_sentences(item.question)
    asked = [s for s in sentences if s.endswith("?")]
    return " ".join(asked or sentences[:1])


# Courtesies that open many written answers but waste seconds of a short video.
_COURTESY_OPENINGS = ("terima kasih", "salam", "halo", "selamat pagi", "selamat siang", "selamat sore")


def _answer_summary(answer: str, words: int) -> str:
    """The first sentences of the answer within ``words`` words; the first sentence is cut if it is longer."""
    sentences = split_sentences(answer)
    substantive = [s for s in sentences if not s.lower().startswith(_COURTESY_OPENINGS)]
    sentences = substantive or sentences
    kept: list[str] = []
    used = 0
    for sentence in sentences:
        n = word_count(sentence)
        if used + n > words:
            break
        kept.append(sentence)
        used += n
    if kept:
        return " ".join(kept)
    return _take_words(" ".join(sentences), words)


def build_tiktok_script(
    kit: EditionKit,
    branding: Branding | None = None,
    *,
    target_seconds: float = 60.0,
    words_per_second: float = DEFAULT_WORDS_PER_SECOND,
    pause_seconds: float = 0.4,
    min_item_seconds: float = 12.0,
) -> TikTokScript:
    """Write the spoken script of an edition's TikTok video, timed to a target length.

    Each Q&A gets a question line and an answer line (the answer's first sentences that fit). Time is shared
    equally between the items that fit, each needing at least ``min_item_seconds``; time an item does not use
    passes to the next. The total never exceeds ``target_seconds``.

    Args:
        kit: The edition.
        branding: Column name and handles; defaults to :class:`Branding()`.
        target_seconds: Length of the video in seconds (at least 10).
        words_per_second: Speaking-rate estimate.
        pause_seconds: Silence between two lines.
        min_item_seconds: Least time a Q&A may get; items beyond what fits are listed in ``omitted_items``.

    Returns:
        The timed script.

    Raises:
        ValueError: ``target_seconds`` is under 10 or ``words_per_second`` is not positive.
    """
    branding = branding or Branding()
    if target_seconds < 10:
        raise ValueError(f"target_seconds must be at least 10, got {target_seconds}.")
    if words_per_second <= 0:
        raise ValueError(f"words_per_second must be positive, got {words_per_second}.")
    target = math.floor(target_seconds * 10 + 1e-9)
    pause = math.ceil(pause_seconds * 10 - 1e-9)
    min_item = math.ceil(min_item_seconds * 10 - 1e-9)

    def tenths(text: str) -> int:
        return _tenths(text, words_per_second)

    def words_in(ds: int) -> int:
        return max(math.floor(ds * words_per_second / 10 + 1e-9), 0)

    column = branding.column_name
    instagram = branding.instagram.strip()
    closing = "Punya pertanyaan seputar koperasi atau UMKM? Kirim lewat DM, ya."
    if instagram:
        closing += f" Jawaban lengkapnya ada di Instagram {instagram}."
    closing += " Sampai jumpa pekan depan!"
    closing_short = "Kirim pertanyaanmu lewat DM. Sampai jumpa!"
    if tenths(closing) > target // 4:  # a short video cannot spend a quarter of itself saying goodbye
        closing = closing_short

    # How many items fit, each with at least min_item of time (a question line, a pause, an answer, a pause).
    def hook_for(count: int) -> str:
        if count == 0:
            return f"Halo, Sobat UMKM! Ini {column} edisi {kit.number}."
        greeting = f"Halo, Sobat UMKM! Ini {column} edisi {kit.number}"
        return f"{greeting}, menjawab {count} pertanyaan warga. Simak, ya!"

    count = len(kit.items)
    while count > 0 and tenths(hook_for(count)) + tenths(closing) + count * (min_item + 2 * pause) > target:
        count -= 1
    hook = hook_for(count)
    if tenths(hook) + pause + tenths(closing) > target:
        hook = f"Halo! Ini {column} edisi {kit.number}."
    if tenths(hook) + pause + tenths(closing) > target:
        raise ValueError(f"target_seconds={target_seconds} is too short for even a greeting and a closing.")

    lines: list[tuple[str, str, int | None]] = [("hook", hook, None)]
    remaining = target - tenths(hook) - pause - tenths(closing)
    for position, item in enumerate(kit.items[:count]):
        budget = remaining // (count - position) - 2 * pause
        question = f"Pertanyaan {ordinal_id(position + 1)}: {_spoken_question(item)}"
        # A long question may take at most 40 % of the item's time; the answer needs the rest.
        if tenths(question) > budget * 2 // 5:
            question = _take_words(question, max(words_in(budget * 2 // 5), 3))
        answer = _answer_summary(item.answer, words_in(budget - tenths(question)))
        used = tenths(question) + tenths(answer) + 2 * pause
        lines.append(("question", question, position))
        if answer:
            lines.append(("answer", answer, position))
        else:
            used -= pause
        remaining -= used
    lines.append(("closing", closing, None))

    timed: list[ScriptLine] = []
    clock = 0
    for kind, text, index in lines:
        start = clock
        clock += tenths(text)
        timed.append(ScriptLine(start / 10, clock / 10, kind, text, index))
        clock += pause
    if timed and timed[-1].end * 10 > target + 1e-6:  # the arithmetic above should make this impossible
        raise AssertionError("TikTok script exceeded its target length")
    return TikTokScript(
        edition=kit.number,
        date=kit.date,
        column_name=column,
        target_seconds=float(target_seconds),
        words_per_second=float(words_per_second),
        lines=timed,
        omitted_items=list(range(count, len(kit.items))),
    )
