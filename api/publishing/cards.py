"""Instagram carousel cards (1080×1350 PNG) for an edition: cover, one card per Q&A, closing card.

Every piece of text is word-wrapped by measuring it with the font it is drawn in, and every card is laid out
before it is drawn: an answer that does not fit flows onto continuation cards marked "(lanjutan)". Drawing
records the measured box of every text run (:attr:`RenderedCard.text_boxes`), so tests can check that no
text leaves the card's :data:`SAFE_AREA`.

Fonts come from Debian's ``fonts-dejavu-core`` package (DejaVu Sans and DejaVu Sans Bold).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

from api.publishing.model import Branding, EditionKit, KitItem
from api.publishing.text import display_contact

__all__ = [
    "CARD_SIZE",
    "DEFAULT_FONT_DIR",
    "SAFE_AREA",
    "Box",
    "FontNotFoundError",
    "RenderedCard",
    "TextBox",
    "load_font",
    "render_cards",
    "wrap_text",
]

CARD_SIZE = (1080, 1350)
DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR_FONT_FILE = "DejaVuSans.ttf"
BOLD_FONT_FILE = "DejaVuSans-Bold.ttf"

_MARGIN = 72


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in pixels, ``right``/``bottom`` exclusive as in Pillow."""

    left: int
    top: int
    right: int
    bottom: int

    def inside(self, other: Box) -> bool:
        """Whether this box lies entirely within ``other``."""
        return (
            self.left >= other.left
            and self.top >= other.top
            and self.right <= other.right
            and self.bottom <= other.bottom
        )


# Text stays at least 72 px from every edge: clear of Instagram's rounded corners and of the 3:4 crop of
# the profile grid (which trims about 34 px from each side of a 4:5 post).
SAFE_AREA = Box(_MARGIN, _MARGIN, CARD_SIZE[0] - _MARGIN, CARD_SIZE[1] - _MARGIN)


@dataclass(frozen=True)
class TextBox:
    """One drawn run of text and the box its ink occupies (as measured by ``ImageDraw.textbbox``).

    ``role`` says what the text is: ``"question"``, ``"answer"``, ``"label"``, ``"category"``, ``"page"``,
    ``"contact"``, ``"hashtags"``, ``"title"``, ...
    """

    text: str
    box: Box
    role: str = ""


@dataclass
class RenderedCard:
    """A finished card.

    Attributes:
        filename: File name inside the kit, e.g. ``"02-tanya-jawab-01.png"``.
        kind: ``"cover"``, ``"question"``, ``"continuation"`` or ``"closing"``.
        image: The 1080×1350 RGB image.
        text_boxes: Every text run drawn on the card with its measured box.
        item_index: Index of the Q&A item in the edition (for question and continuation cards).
    """

    filename: str
    kind: str
    image: Image.Image
    text_boxes: list[TextBox] = field(default_factory=list)
    item_index: int | None = None

    def to_png(self) -> bytes:
        """Encode the card as PNG bytes."""
        buffer = io.BytesIO()
        self.image.save(buffer, format="PNG", optimize=False)
        return buffer.getvalue()


class FontNotFoundError(FileNotFoundError):
    """A DejaVu font file is missing (install the Debian package ``fonts-dejavu-core``)."""


@functools.lru_cache(maxsize=64)
def _truetype(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def load_font(size: int, *, bold: bool = False, font_dir: Path | None = None) -> ImageFont.FreeTypeFont:
    """Load DejaVu Sans (or DejaVu Sans Bold) at a pixel size; loaded fonts are cached.

    Args:
        size: Font size in pixels.
        bold: Load ``DejaVuSans-Bold.ttf`` instead of ``DejaVuSans.ttf``.
        font_dir: Directory holding the DejaVu files; defaults to :data:`DEFAULT_FONT_DIR`.

    Returns:
        The font.

    Raises:
        FontNotFoundError: The font file does not exist.
    """
    directory = Path(font_dir) if font_dir is not None else DEFAULT_FONT_DIR
    path = directory / (BOLD_FONT_FILE if bold else REGULAR_FONT_FILE)
    if not path.is_file():
        raise FontNotFoundError(
            f"Font file {path} not found. The publishing kit draws its cards with DejaVu Sans: install the "
            f"Debian package with 'apt-get install -y fonts-dejavu-core', or pass font_dir= pointing to a "
            f"directory that holds {REGULAR_FONT_FILE} and {BOLD_FONT_FILE}."
        )
    return _truetype(str(path), size)


# --------------------------------------------------------------------------------------------- wrapping


def _width(text: str, font: ImageFont.FreeTypeFont) -> float:
    # The ink can overhang the advance width by a pixel on either side ("T" starts left of its origin);
    # count the overhangs too. _Painter.text shifts such text inwards by the same amount.
    if not text:
        return 0.0
    left, _, right, _ = font.getbbox(text)
    return max(font.getlength(text), right) - min(left, 0)


_BREAK_AFTER = "/-._@?&=,"


def _split_long_word(word: str, font: ImageFont.FreeTypeFont, max_width: float) -> tuple[str, str]:
    """Split off the longest head of ``word`` that fits (maybe ``""``), preferring a break after / - . _ @."""
    low, high = 0, len(word)
    while low < high:  # largest n with word[:n] fitting
        mid = (low + high + 1) // 2
        if _width(word[:mid], font) <= max_width:
            low = mid
        else:
            high = mid - 1
    n = low
    natural = max((i + 1 for i, ch in enumerate(word[:n]) if ch in _BREAK_AFTER), default=0)
    if natural >= max(n // 2, 1) and natural < len(word):
        n = natural
    return word[:n], word[n:]


def _balanced_wrap(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Wrap into as few lines as :func:`wrap_text`, but with lines of similar length (for headings)."""
    lines = wrap_text(text, font, max_width)
    if len(lines) < 2:
        return lines
    low, high = max_width / len(lines), max_width
    while high - low > 4:
        mid = (low + high) / 2
        if len(wrap_text(text, font, mid)) <= len(lines):
            high = mid
        else:
            low = mid
    return wrap_text(text, font, high)


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Word-wrap text to a pixel width, measuring each line with the font it will be drawn in.

    Line breaks in ``text`` start new lines; blank lines between paragraphs are kept as a single ``""``
    line. A word wider than ``max_width`` (a long URL, a run of letters) is broken across lines, preferably
    after ``/``, ``-``, ``.``, ``_`` or ``@``.

    Args:
        text: The text to wrap.
        font: The font the lines will be drawn with.
        max_width: Available width in pixels.

    Returns:
        The lines, none wider than ``max_width``.
    """
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        words = paragraph.split()
        if not words:
            if lines and lines[-1] != "":
                lines.append("")
            continue
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if _width(candidate, font) <= max_width:
                current = candidate
                continue
            if current and _width(word, font) > max_width:
                # The word has to be broken anyway (a long URL): start it on this line rather than leaving
                # the line short and the word on lines of its own.
                head, rest = _split_long_word(word, font, max_width - _width(f"{current} ", font))
                joined = f"{current} {head}"
                if len(head) >= 4 and _width(joined, font) <= max_width:
                    current, word = joined, rest
            if current:
                lines.append(current)
            while _width(word, font) > max_width and len(word) > 1:
                head, word = _split_long_word(word, font, max_width)
                if not head:  # not even one character fits: keep going rather than loop forever
                    head, word = word[:1], word[1:]
                lines.append(head)
            current = word
        lines.append(current)
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _ellipsize(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> str:
    """One line of at most ``max_width`` pixels, ending in "…" when shortened (whole words when possible)."""
    flat = " ".join(text.split())
    if _width(flat, font) <= max_width:
        return flat
    words = flat.split(" ")

    def shortened(k: int) -> str:
        return " ".join(words[:k]).rstrip(" ,;:.-") + "…"

    low, high = 0, len(words) - 1  # largest k whose first k words fit; binary search keeps long texts fast
    while low < high:
        mid = (low + high + 1) // 2
        if _width(shortened(mid), font) <= max_width:
            low = mid
        else:
            high = mid - 1
    if low > 0:
        return shortened(low)
    word = words[0]
    while word and _width(word + "…", font) > max_width:
        word = word[:-1]
    return word + "…"


def _clamp_lines(
    lines: list[str], max_lines: int, font: ImageFont.FreeTypeFont, max_width: float
) -> list[str]:
    """Keep at most ``max_lines`` lines, marking the cut with "…" on the last one kept."""
    if len(lines) <= max_lines:
        return lines
    kept = lines[: max(max_lines, 0)]
    if kept:
        kept[-1] = _ellipsize(kept[-1] + " …", font, max_width)
    return kept


# ---------------------------------------------------------------------------------------------- colours


def _rgb(colour: str) -> tuple[int, int, int]:
    r, g, b = ImageColor.getrgb(colour)[:3]
    return (r, g, b)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _on(colour: str) -> str:
    """White or near-black, whichever reads better on ``colour`` (WCAG contrast)."""
    lum = _luminance(colour)
    return "#FFFFFF" if (1.05 / (lum + 0.05)) >= ((lum + 0.05) / 0.0625) else "#111827"


def _mix(a: str, b: str, t: float) -> str:
    ra, rb = _rgb(a), _rgb(b)
    return "#{:02X}{:02X}{:02X}".format(*(round(x + (y - x) * t) for x, y in zip(ra, rb, strict=True)))


# ---------------------------------------------------------------------------------------------- painter


class _Painter:
    """Draws on one card and records the measured box of every text run."""

    def __init__(self, background: str, font_dir: Path | None) -> None:
        self.image = Image.new("RGB", CARD_SIZE, _rgb(background))
        self.draw = ImageDraw.Draw(self.image)
        self.font_dir = font_dir
        self.boxes: list[TextBox] = []

    def font(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        return load_font(size, bold=bold, font_dir=self.font_dir)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        font: ImageFont.FreeTypeFont,
        fill: str,
        *,
        role: str,
        anchor: str = "la",
    ) -> Box:
        """Draw one line with its top (ascender line) at ``y``; ``anchor="ra"`` aligns it right at ``x``."""
        if not text:
            return Box(int(x), int(y), int(x), int(y))
        left, _, right, _ = self.draw.textbbox((x, y), text, font=font, anchor=anchor)
        if anchor.startswith("l") and left < x:  # ink overhanging the origin: move it inside the column
            x += x - left
        elif anchor.startswith("r") and right > x:
            x -= right - x
        self.draw.text((x, y), text, font=font, fill=_rgb(fill), anchor=anchor)
        left, top, right, bottom = self.draw.textbbox((x, y), text, font=font, anchor=anchor)
        box = Box(int(left), int(top), int(right + 0.999), int(bottom + 0.999))
        self.boxes.append(TextBox(text, box, role))
        return box

    def lines(
        self,
        x: float,
        y: float,
        lines: Sequence[str],
        font: ImageFont.FreeTypeFont,
        fill: str,
        leading: float,
        *,
        role: str,
    ) -> int:
        """Draw lines top-down; returns the y just below the last line."""
        step = _line_height(font, leading)
        for line in lines:
            self.text(x, y, line, font, fill, role=role)
            y += step
        return int(y)

    def logo(self, path: Path, box: Box) -> int:
        """Scale the logo into ``box`` (keeping its aspect ratio), right-aligned; returns its width."""
        try:
            with Image.open(path) as source:
                logo = source.convert("RGBA")
        except FileNotFoundError as exc:
            raise FileNotFoundError(f"Logo file {path} (Branding.logo_path) not found.") from exc
        logo.thumbnail((box.right - box.left, box.bottom - box.top), Image.Resampling.LANCZOS)
        x = box.right - logo.width
        y = box.top + (box.bottom - box.top - logo.height) // 2
        self.image.paste(logo, (x, y), logo)
        return logo.width


def _line_height(font: ImageFont.FreeTypeFont, leading: float = 1.0) -> int:
    ascent, descent = font.getmetrics()
    return round((ascent + descent) * leading)


def _fit_size(
    text: str, bold: bool, max_width: float, start: int, minimum: int, font_dir: Path | None
) -> int:
    size = start
    while size > minimum and _width(text, load_font(size, bold=bold, font_dir=font_dir)) > max_width:
        size -= 2
    return size


# ------------------------------------------------------------------------------------ Q&A card layout

# Vertical zones of a Q&A card.
_BAND_BOTTOM = 212
_BODY_TOP = 262
_BODY_BOTTOM = 1142  # answer text stops here; below sits the "bersambung" hint and the footer
_CONTINUED_Y = 1158
_FOOTER_RULE_Y = 1212
_FOOTER_Y = 1236
_TEXT_WIDTH = SAFE_AREA.right - SAFE_AREA.left

# (question size, answer size) tried from largest to smallest; the first that fits one card wins.
_QA_SIZES = ((48, 38), (46, 36), (44, 34), (40, 32))
_LEADING = 1.3


@dataclass
class _Row:
    kind: str  # "chip", "label", "question", "reminder", "answer", "blank", "rule", "gap"
    height: int
    text: str = ""
    keep_with_next: bool = False


@dataclass
class _QAFonts:
    question: ImageFont.FreeTypeFont
    answer: ImageFont.FreeTypeFont
    label: ImageFont.FreeTypeFont
    chip: ImageFont.FreeTypeFont
    reminder: ImageFont.FreeTypeFont


def _qa_fonts(question_size: int, answer_size: int, font_dir: Path | None) -> _QAFonts:
    return _QAFonts(
        question=load_font(question_size, bold=True, font_dir=font_dir),
        answer=load_font(answer_size, font_dir=font_dir),
        label=load_font(26, bold=True, font_dir=font_dir),
        chip=load_font(26, bold=True, font_dir=font_dir),
        reminder=load_font(30, bold=True, font_dir=font_dir),
    )


_CHIP_PAD_X, _CHIP_PAD_Y = 20, 10


def _chip_height(fonts: _QAFonts) -> int:
    return _line_height(fonts.chip) + 2 * _CHIP_PAD_Y


def _item_rows(item: KitItem, fonts: _QAFonts) -> list[_Row]:
    """The whole content of one Q&A as a flow of rows, ready to be cut into cards."""
    rows = [
        _Row("chip", _chip_height(fonts) + 30, item.category, keep_with_next=True),
        _Row("label", _line_height(fonts.label) + 12, "PERTANYAAN", keep_with_next=True),
    ]
    rows += [
        _Row("question", _line_height(fonts.question, _LEADING), line)
        for line in wrap_text(item.question, fonts.question, _TEXT_WIDTH)
    ]
    rows += [
        _Row("gap", 18),
        _Row("rule", 40, keep_with_next=True),
        _Row("label", _line_height(fonts.label) + 12, "JAWABAN", keep_with_next=True),
    ]
    for line in wrap_text(item.answer, fonts.answer, _TEXT_WIDTH):
        if line:
            rows.append(_Row("answer", _line_height(fonts.answer, _LEADING), line))
        else:
            rows.append(_Row("blank", _line_height(fonts.answer, 0.6)))
    return rows


def _continuation_head(item: KitItem, next_kind: str, answer_started: bool, fonts: _QAFonts) -> list[_Row]:
    rows = [_Row("chip", _chip_height(fonts) + 30, item.category)]
    if next_kind == "question":
        rows.append(_Row("label", _line_height(fonts.label) + 12, "PERTANYAAN (lanjutan)"))
        return rows
    # Remind the reader which question this answer belongs to.
    rows.append(_Row("reminder", _line_height(fonts.reminder, _LEADING) + 6, item.question))
    rows.append(_Row("rule", 40))
    label = "JAWABAN (lanjutan)" if answer_started else "JAWABAN"
    rows.append(_Row("label", _line_height(fonts.label) + 12, label))
    return rows


def _paginate(item: KitItem, fonts: _QAFonts) -> list[list[_Row]]:
    rows = _item_rows(item, fonts)
    available = _BODY_BOTTOM - _BODY_TOP
    pages: list[list[_Row]] = []
    i = 0
    while i < len(rows):
        if pages:
            while i < len(rows) and rows[i].kind in ("blank", "gap"):
                i += 1
            if i == len(rows):
                break
            next_kind = rows[i].kind
            answer_started = True
            if next_kind in ("rule", "label"):  # the question filled the last card; the answer starts here
                while i < len(rows) and rows[i].kind in ("rule", "label", "gap"):
                    i += 1
                next_kind, answer_started = "answer", False
            page = _continuation_head(item, next_kind, answer_started, fonts)
        else:
            page = []
        used = sum(r.height for r in page)
        placed = 0
        while i < len(rows):
            need, j = 0, i
            while rows[j].keep_with_next and j + 1 < len(rows):
                need += rows[j].height
                j += 1
            need += rows[j].height
            if used + need > available:
                break
            page.append(rows[i])
            used += rows[i].height
            i += 1
            placed += 1
        if placed == 0:  # a single row taller than a card cannot happen with these sizes; never loop forever
            page.append(rows[i])
            i += 1
        pages.append(page)
    return pages


def _plan_item(item: KitItem, font_dir: Path | None) -> tuple[_QAFonts, list[list[_Row]]]:
    """Pick the largest type that fits the item on one card; otherwise the smallest, over several cards."""
    smallest = _qa_fonts(*_QA_SIZES[-1], font_dir)
    smallest_pages = _paginate(item, smallest)
    if len(smallest_pages) > 1:  # no larger size can fit either; skip measuring them
        return smallest, smallest_pages
    for question_size, answer_size in _QA_SIZES[:-1]:
        fonts = _qa_fonts(question_size, answer_size, font_dir)
        pages = _paginate(item, fonts)
        if len(pages) == 1:
            return fonts, pages
    return smallest, smallest_pages


# ------------------------------------------------------------------------------------------- drawing


@dataclass
class _Context:
    kit: EditionKit
    branding: Branding
    font_dir: Path | None
    total: int

    @property
    def muted(self) -> str:
        return _mix(self.branding.text, self.branding.background, 0.42)


def _draw_band(p: _Painter, ctx: _Context) -> None:
    b = ctx.branding
    on_primary = _on(b.primary)
    p.draw.rectangle((0, 0, CARD_SIZE[0], _BAND_BOTTOM), fill=_rgb(b.primary))
    p.draw.rectangle((0, _BAND_BOTTOM, CARD_SIZE[0], _BAND_BOTTOM + 8), fill=_rgb(b.secondary))
    right = SAFE_AREA.right
    if b.logo_path is not None:
        right -= p.logo(b.logo_path, Box(SAFE_AREA.right - 220, SAFE_AREA.top - 8, SAFE_AREA.right, 196)) + 28
    width = right - SAFE_AREA.left
    title_font = p.font(_fit_size(b.column_name, True, width, 50, 30, ctx.font_dir), bold=True)
    p.text(
        SAFE_AREA.left,
        SAFE_AREA.top,
        _ellipsize(b.column_name, title_font, width),
        title_font,
        on_primary,
        role="band",
    )
    sub_font = p.font(30)
    sub = f"Edisi {ctx.kit.number} · {ctx.kit.date_label}"
    p.text(
        SAFE_AREA.left,
        140,
        _ellipsize(sub, sub_font, width),
        sub_font,
        _mix(on_primary, b.primary, 0.15),
        role="band",
    )


def _draw_footer(p: _Painter, ctx: _Context, page: int, dark: bool = False) -> None:
    b = ctx.branding
    colour = _mix(_on(b.primary), b.primary, 0.25) if dark else ctx.muted
    rule = _mix(colour, b.primary if dark else b.background, 0.6)
    p.draw.line((SAFE_AREA.left, _FOOTER_RULE_Y, SAFE_AREA.right, _FOOTER_RULE_Y), fill=_rgb(rule), width=2)
    number_font = p.font(26, bold=True)
    number = f"{page}/{ctx.total}"
    box = p.text(SAFE_AREA.right, _FOOTER_Y, number, number_font, colour, role="page", anchor="ra")
    name_font = p.font(26)
    name = _ellipsize(b.office_short_name, name_font, box.left - SAFE_AREA.left - 32)
    p.text(SAFE_AREA.left, _FOOTER_Y, name, name_font, colour, role="footer")


def _draw_qa_card(
    ctx: _Context, item: KitItem, fonts: _QAFonts, rows: list[_Row], page: int, continues: bool
) -> _Painter:
    b = ctx.branding
    p = _Painter(b.background, ctx.font_dir)
    _draw_band(p, ctx)
    y = _BODY_TOP
    x = SAFE_AREA.left
    for row in rows:
        if row.kind == "chip":
            on_secondary = _on(b.secondary)
            text = _ellipsize(row.text, fonts.chip, _TEXT_WIDTH - 2 * _CHIP_PAD_X)
            width = _width(text, fonts.chip)
            height = _chip_height(fonts)
            p.draw.rounded_rectangle(
                (x, y, x + width + 2 * _CHIP_PAD_X, y + height), radius=height // 2, fill=_rgb(b.secondary)
            )
            p.text(x + _CHIP_PAD_X, y + _CHIP_PAD_Y, text, fonts.chip, on_secondary, role="category")
        elif row.kind == "label":
            p.text(x, y, row.text, fonts.label, b.primary, role="label")
        elif row.kind == "question":
            p.text(x, y, row.text, fonts.question, b.text, role="question")
        elif row.kind == "reminder":
            p.text(
                x,
                y,
                _ellipsize(row.text, fonts.reminder, _TEXT_WIDTH),
                fonts.reminder,
                ctx.muted,
                role="reminder",
            )
        elif row.kind == "answer":
            p.text(x, y, row.text, fonts.answer, b.text, role="answer")
        elif row.kind == "rule":
            p.draw.rectangle((x, y + 14, x + 96, y + 20), fill=_rgb(b.secondary))
        y += row.height
    if continues:
        hint_font = p.font(26)
        p.text(
            SAFE_AREA.right,
            _CONTINUED_Y,
            "Bersambung ke kartu berikutnya »",
            hint_font,
            b.primary,
            role="continued",
            anchor="ra",
        )
    _draw_footer(p, ctx, page)
    return p


def _draw_office_head(p: _Painter, ctx: _Context) -> None:
    """Office name (and logo, top right) at the top of the dark cover and closing cards."""
    b = ctx.branding
    right = SAFE_AREA.right
    if b.logo_path is not None:
        right -= p.logo(b.logo_path, Box(SAFE_AREA.right - 240, SAFE_AREA.top, SAFE_AREA.right, 196)) + 32
    width = right - SAFE_AREA.left
    font = p.font(30, bold=True)
    lines = _clamp_lines(_balanced_wrap(b.office_name, font, width), 3, font, width)
    p.lines(
        SAFE_AREA.left, SAFE_AREA.top, lines, font, _mix(_on(b.primary), b.primary, 0.2), 1.25, role="office"
    )


def _draw_cover(ctx: _Context) -> _Painter:
    b, kit = ctx.branding, ctx.kit
    on_primary = _on(b.primary)
    soft = _mix(on_primary, b.primary, 0.2)
    p = _Painter(b.primary, ctx.font_dir)
    _draw_office_head(p, ctx)

    y = 300
    title_size = _fit_size(b.column_name, True, _TEXT_WIDTH, 116, 48, ctx.font_dir)
    title_font = p.font(title_size, bold=True)
    title = _ellipsize(b.column_name, title_font, _TEXT_WIDTH)
    box = p.text(SAFE_AREA.left, y, title, title_font, on_primary, role="title")
    y = box.bottom + 36
    p.draw.rectangle((SAFE_AREA.left, y, SAFE_AREA.left + 160, y + 10), fill=_rgb(b.secondary))
    y += 50
    edition_font = p.font(68, bold=True)
    box = p.text(SAFE_AREA.left, y, f"Edisi {kit.number}", edition_font, b.secondary, role="edition")
    y = box.bottom + 24
    date_font = p.font(44)
    box = p.text(SAFE_AREA.left, y, kit.date_label, date_font, on_primary, role="date")
    y = box.bottom + 40
    tagline_font = p.font(32)
    tagline = _balanced_wrap(
        "Tanya-jawab warga seputar koperasi dan UMKM, dijawab langsung oleh dinas.", tagline_font, _TEXT_WIDTH
    )
    y = p.lines(
        SAFE_AREA.left,
        y,
        _clamp_lines(tagline, 2, tagline_font, _TEXT_WIDTH),
        tagline_font,
        soft,
        1.3,
        role="tagline",
    )

    # "Di edisi ini" panel, anchored to the bottom so a short list leaves the space above it calm.
    if kit.items:
        head_font = p.font(28, bold=True)
        item_font = p.font(28)
        number_font = p.font(28, bold=True)
        step = _line_height(item_font, 1.45)
        head_h = _line_height(head_font, 1.6)
        panel_bottom = 1172
        pad = 36
        room = panel_bottom - (y + 40) - 2 * pad - head_h
        shown = min(len(kit.items), max(room // step, 0), 6)
        if shown < len(kit.items):
            shown = max(shown - 1, 0)  # leave a line for "+ N pertanyaan lainnya"
        extra = len(kit.items) - shown
        lines_needed = shown + (1 if extra else 0)
        panel_top = panel_bottom - 2 * pad - head_h - lines_needed * step
        p.draw.rounded_rectangle(
            (SAFE_AREA.left - 24, panel_top, SAFE_AREA.right + 24, panel_bottom),
            radius=28,
            fill=_rgb(b.background),
        )
        x = SAFE_AREA.left + 8
        ty = panel_top + pad
        p.text(x, ty, "DI EDISI INI", head_font, b.primary, role="label")
        ty += head_h
        number_width = _width("00", number_font) + 24
        width = _TEXT_WIDTH - 16 - number_width
        for index, item in enumerate(kit.items[:shown], start=1):
            p.text(x, ty, str(index), number_font, b.primary, role="list")
            p.text(
                x + number_width,
                ty,
                _ellipsize(item.question, item_font, width),
                item_font,
                b.text,
                role="list",
            )
            ty += step
        if extra:
            p.text(x + number_width, ty, f"+ {extra} pertanyaan lainnya", item_font, ctx.muted, role="list")

    swipe_font = p.font(30, bold=True)
    p.text(
        SAFE_AREA.right,
        _FOOTER_Y - 4,
        "Geser untuk membaca »",
        swipe_font,
        b.secondary,
        role="swipe",
        anchor="ra",
    )
    if b.hashtags:
        tag_font = p.font(28)
        p.text(
            SAFE_AREA.left,
            _FOOTER_Y - 2,
            _ellipsize(b.hashtags[0], tag_font, 420),
            tag_font,
            soft,
            role="hashtags",
        )
    return p


def _contact_rows(b: Branding) -> list[tuple[str, str]]:
    rows = [
        ("E-mail", b.email),
        ("DM Instagram", b.instagram),
        ("DM TikTok", b.tiktok),
        ("Formulir web", b.web_form),
    ]
    return [(label, display_contact(value)) for label, value in rows if value and value.strip()]


# (title, intro, contact value) sizes for the closing card, tried from largest until everything fits.
_CLOSING_SIZES = ((84, 34, 36), (72, 30, 32), (60, 28, 28))
_CLOSING_TOP = 236
_CLOSING_BOTTOM = _FOOTER_RULE_Y - 28


def _draw_closing(ctx: _Context, page: int) -> _Painter:
    b = ctx.branding
    on_primary = _on(b.primary)
    p = _Painter(b.primary, ctx.font_dir)
    _draw_office_head(p, ctx)

    title = "Punya pertanyaan?"
    intro_text = (
        f"Kirim pertanyaan seputar koperasi dan UMKM. Pertanyaan terpilih dijawab di {b.column_name}."
    )
    contacts = _contact_rows(b)
    inner = _TEXT_WIDTH - 16
    pad, gap = 34, 22
    for title_size, intro_size, value_size in _CLOSING_SIZES:
        title_font = p.font(_fit_size(title, True, _TEXT_WIDTH, title_size, 40, ctx.font_dir), bold=True)
        intro_font = p.font(intro_size)
        label_font = p.font(24, bold=True)
        value_font = p.font(value_size, bold=True)
        intro = _clamp_lines(_balanced_wrap(intro_text, intro_font, _TEXT_WIDTH), 3, intro_font, _TEXT_WIDTH)
        blocks = [
            (label, _clamp_lines(wrap_text(value, value_font, inner), 2, value_font, inner))
            for label, value in contacts
        ]
        label_h, value_h = _line_height(label_font, 1.25), _line_height(value_font, 1.2)
        panel_h = 2 * pad + sum(label_h + len(v) * value_h for _, v in blocks) + gap * (len(blocks) - 1)
        height = (
            _line_height(title_font)
            + 28
            + 50
            + len(intro) * _line_height(intro_font, 1.35)
            + (36 + panel_h if blocks else 0)
        )
        if _CLOSING_TOP + height <= _CLOSING_BOTTOM:
            break

    y = _CLOSING_TOP
    box = p.text(SAFE_AREA.left, y, title, title_font, on_primary, role="title")
    y = box.bottom + 28
    p.draw.rectangle((SAFE_AREA.left, y, SAFE_AREA.left + 160, y + 10), fill=_rgb(b.secondary))
    y += 50
    y = p.lines(SAFE_AREA.left, y, intro, intro_font, on_primary, 1.35, role="intro")
    if blocks:
        panel_top = y + 36
        p.draw.rounded_rectangle(
            (SAFE_AREA.left - 24, panel_top, SAFE_AREA.right + 24, panel_top + panel_h),
            radius=28,
            fill=_rgb(b.background),
        )
        ty = panel_top + pad
        for label, values in blocks:
            p.text(SAFE_AREA.left + 8, ty, label.upper(), label_font, b.primary, role="label")
            ty += label_h
            ty = p.lines(SAFE_AREA.left + 8, ty, values, value_font, b.text, 1.2, role="contact")
            ty += gap
        y = panel_top + panel_h

    if b.hashtags:
        tag_font = p.font(28)
        step = _line_height(tag_font, 1.3)
        top = y + 30
        max_lines = min(max((_CLOSING_BOTTOM - top) // step, 0), 2)
        tags = _wrap_tags(b.hashtags, tag_font, _TEXT_WIDTH)[:max_lines]
        p.lines(SAFE_AREA.left, top, tags, tag_font, b.secondary, 1.3, role="hashtags")
    _draw_footer(p, ctx, page, dark=True)
    return p


def _wrap_tags(tags: Sequence[str], font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Wrap hashtags as whole words; a hashtag too wide for a line on its own is left out, never cut."""
    lines: list[str] = []
    current = ""
    for tag in tags:
        if _width(tag, font) > max_width:
            continue
        candidate = f"{current}  {tag}" if current else tag
        if _width(candidate, font) <= max_width:
            current = candidate
        else:
            lines.append(current)
            current = tag
    if current:
        lines.append(current)
    return lines


def render_cards(
    kit: EditionKit, branding: Branding | None = None, *, font_dir: Path | None = None
) -> list[RenderedCard]:
    """Lay out and draw the whole carousel of an edition.

    Args:
        kit: The edition and its Q&A items.
        branding: Colours, logo and contacts; defaults to :class:`Branding()` (Bogor office defaults).
        font_dir: Directory with the DejaVu fonts; defaults to :data:`DEFAULT_FONT_DIR`.

    Returns:
        The cards in carousel order: cover, each Q&A (with its continuation cards), closing card. File names
        are numbered from ``01-sampul.png``.

    Raises:
        FontNotFoundError: The DejaVu fonts are not installed.
        FileNotFoundError: ``branding.logo_path`` is set but the file does not exist.
    """
    branding = branding or Branding()
    plans = [_plan_item(item, font_dir) for item in kit.items]
    total = 2 + sum(len(pages) for _, pages in plans)
    ctx = _Context(kit, branding, font_dir, total)
    digits = max(2, len(str(total)))

    cover = _draw_cover(ctx)
    cards = [RenderedCard(f"{1:0{digits}d}-sampul.png", "cover", cover.image, cover.boxes)]
    page = 1
    for index, (item, (fonts, pages)) in enumerate(zip(kit.items, plans, strict=True)):
        for part, rows in enumerate(pages):
            page += 1
            painter = _draw_qa_card(ctx, item, fonts, rows, page, continues=part < len(pages) - 1)
            if part == 0:
                name, kind = f"{page:0{digits}d}-tanya-jawab-{index + 1:02d}.png", "question"
            else:
                name, kind = (
                    f"{page:0{digits}d}-tanya-jawab-{index + 1:02d}-lanjutan-{part}.png",
                    "continuation",
                )
            cards.append(RenderedCard(name, kind, painter.image, painter.boxes, index))
    page += 1
    closing = _draw_closing(ctx, page)
    cards.append(RenderedCard(f"{page:0{digits}d}-penutup.png", "closing", closing.image, closing.boxes))
    return cards
