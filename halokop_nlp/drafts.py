"""Deterministic Indonesian draft answers for staff to edit.

No language model writes here (none is available offline, and staff must stay the authors): a
draft is a greeting, the best matching published answer, and "lihat juga" pointers to other close
Q&A. When no earlier answer fits, the draft is a template that says so. Every draft is labelled
as a draft.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

DRAFT_LABEL = "[DRAF — periksa dan sunting sebelum diajukan untuk persetujuan]"
GREETING = "Halo Sahabat KOP-UKM, terima kasih atas pertanyaannya."
CLOSING = (
    "Jika masih ada yang ingin ditanyakan, silakan hubungi HALO KOP-UKM "
    "Dinas Koperasi dan UKM Kabupaten Bogor."
)


class _MatchLike(Protocol):
    ref: str
    question: str
    answer: str
    published_at: str | None


def _reference(match: _MatchLike) -> str:
    when = f", {match.published_at[:10]}" if match.published_at else ""
    return f"- {match.question} ({match.ref}{when})"


def make_draft(verdict: str, matches: Sequence[_MatchLike], see_also: int = 2) -> str:
    """Compose a draft answer.

    Args:
        verdict: ``duplicate``, ``related`` or ``new``.
        matches: ranked matches, best first.
        see_also: how many further matches to list under "Lihat juga".

    Returns:
        The draft text, first line the draft label.
    """
    lines = [DRAFT_LABEL, "", GREETING, ""]
    if verdict == "new" or not matches:
        lines += [
            "Pertanyaan ini belum pernah dijawab di HALO KOP-UKM; belum ada jawaban terdahulu yang sesuai.",
            "[Tulis jawaban baru di sini: langkah-langkah, dasar aturan, dan ke mana warga dapat datang.]",
        ]
        others = list(matches[:see_also])
    else:
        best = matches[0]
        if verdict == "related":
            lines += [
                "Pertanyaan serupa pernah kami jawab. Mohon sesuaikan jawaban berikut dengan pertanyaan ini:",
                "",
            ]
        lines.append(best.answer)
        others = list(matches[1 : 1 + see_also])
    if others:
        lines += ["", "Lihat juga:"] + [_reference(m) for m in others]
    lines += ["", CLOSING]
    return "\n".join(lines)
