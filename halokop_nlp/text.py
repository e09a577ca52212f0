"""Normalization of informal Indonesian questions, and the analyzer behind the lexical signal.

Two outputs come from one pipeline:

- ``Normalizer.normalize(text)`` gives the readable form that is embedded and shown to staff
  ("gmn cara bikin nib utk warung sy?" -> "bagaimana cara membuat nib untuk warung saya").
- ``Analyzer.analyze(text)`` gives lexical tokens: normalized words, domain phrases folded to one
  canonical token, stopwords removed, stemmed with Sastrawi (each unique word once, cached).

The pipeline is versioned: ``NORMALIZATION_VERSION`` is written into every saved index, and an
index built with another version is refused on load, because its lexical tokens and vectors were
made from differently normalized text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

NORMALIZATION_VERSION = "2"

# Sastrawi's known mistakes on words this domain uses; checked before the stemmer.
STEM_OVERRIDES: dict[str, str] = {
    "penarikan": "tarik",  # Sastrawi: tari
    "berikan": "beri",  # Sastrawi: ikan
    "perpajakan": "pajak",  # Sastrawi: paja
    "mengajukan": "aju",  # pinned: ajukan/diajukan/pengajuan all give aju
    "pengajuan": "aju",
    "anggaran": "anggaran",  # Sastrawi: anggar (fencing)
    "pameran": "pameran",  # Sastrawi: pamer (show off)
    "perseroan": "perseroan",
    "koperasi": "koperasi",
}

_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|id|co\.id|go\.id|net|org|ly|me|xyz|info)(?:/\S*)?"
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_MENTION = re.compile(r"(?<!\w)@[\w.]+")
_HASHTAG = re.compile(r"#(\w+)")
_ELONGATION = re.compile(r"([a-z])\1{2,}")
_REDUPLICATION = re.compile(r"\b([a-z]{2,})2\b")
_TOKEN = re.compile(r"[a-z0-9]+(?:[-/.,'][a-z0-9]+)*")


def _resource_lines(name: str) -> list[str]:
    text = resources.files("halokop_nlp.resources").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@cache
def load_slang() -> dict[str, str]:
    """The curated informal -> formal map (``resources/slang.tsv``)."""
    out: dict[str, str] = {}
    for line in _resource_lines("slang.tsv"):
        informal, _, formal = line.partition("\t")
        if formal.strip():
            out[informal.strip()] = formal.strip()
    return out


@cache
def load_drop_phrases() -> frozenset[str]:
    """Greetings, forms of address and fillers that carry no meaning (``resources/greetings.txt``)."""
    return frozenset(_resource_lines("greetings.txt"))


@cache
def load_stopwords() -> frozenset[str]:
    """Stopwords for the lexical signal; question words are deliberately kept out."""
    return frozenset(_resource_lines("stopwords.txt"))


@cache
def load_synonyms() -> dict[str, str]:
    """Domain synonyms -> canonical terms for the lexical signal (``resources/synonyms.tsv``)."""
    out: dict[str, str] = {}
    for line in _resource_lines("synonyms.tsv"):
        variant, _, canonical = line.partition("\t")
        out[variant.strip()] = canonical.strip()
    return out


@cache
def load_abbreviations() -> tuple[tuple[str, str], ...]:
    """Domain abbreviations and their spelled-out forms (``resources/abbreviations.tsv``).

    An abbreviation may have several lines ("ukm" for "usaha kecil menengah" and "usaha kecil dan menengah").
    """
    pairs = []
    for line in _resource_lines("abbreviations.tsv"):
        abbr, _, expansion = line.partition("\t")
        pairs.append((abbr.strip(), expansion.strip()))
    return tuple(pairs)


def _strip_symbols(text: str) -> str:
    # Emoji and other pictographs are category So/Sk/Cs/Co; variation selectors are Mn.
    return "".join(
        " " if unicodedata.category(ch) in {"So", "Sk", "Cs", "Co", "Cn"} else ch
        for ch in text
        if ch not in "\u200d\ufe0f\ufe0e"
    )


def _phrase_table(phrases: Iterable[str]) -> dict[str, list[tuple[str, ...]]]:
    """Index multi-word phrases by their first word, longest first, for greedy matching."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(phrase.split())
        if words:
            table.setdefault(words[0], []).append(words)
    for options in table.values():
        options.sort(key=len, reverse=True)
    return table


def _match_at(tokens: Sequence[str], i: int, table: dict[str, list[tuple[str, ...]]]) -> int:
    """Length of the longest phrase of ``table`` starting at ``tokens[i]`` (0 if none)."""
    for words in table.get(tokens[i], ()):
        if tuple(tokens[i : i + len(words)]) == words:
            return len(words)
    return 0


@dataclass
class Normalizer:
    """Turns a raw message into normalized Indonesian words.

    Args:
        slang: informal -> formal map; keys may be two words ("ol shop").
        drop_phrases: greetings and fillers to remove; may be several words ("terima kasih").
    """

    slang: dict[str, str] = field(default_factory=load_slang)
    drop_phrases: frozenset[str] = field(default_factory=load_drop_phrases)

    def __post_init__(self) -> None:
        self._slang_multi = _phrase_table(k for k in self.slang if " " in k)
        self._drop = _phrase_table(self.drop_phrases)

    def clean(self, text: str) -> str:
        """Unicode NFKC, lowercase; URLs, e-mails, mentions and emoji removed; hashtags kept as words."""
        text = unicodedata.normalize("NFKC", text).lower()
        text = _EMAIL.sub(" ", text)
        text = _URL.sub(" ", text)
        text = _MENTION.sub(" ", text)
        text = _HASHTAG.sub(r" \1 ", text)
        text = _strip_symbols(text)
        text = _ELONGATION.sub(r"\1", text)
        return _REDUPLICATION.sub(r"\1-\1", text)

    def tokens(self, text: str) -> list[str]:
        """Normalized words of ``text``: cleaned, informal words mapped, greetings dropped."""
        raw = [t.strip(".,'") for t in _TOKEN.findall(self.clean(text))]
        raw = [t for t in raw if t]
        mapped: list[str] = []
        i = 0
        while i < len(raw):
            n = _match_at(raw, i, self._drop)
            if n:
                i += n
                continue
            n = _match_at(raw, i, self._slang_multi)
            if n:
                mapped.extend(self.slang[" ".join(raw[i : i + n])].split())
                i += n
                continue
            mapped.extend(self.slang.get(raw[i], raw[i]).split())
            i += 1
        # A second pass drops phrases that only exist after mapping (mksh -> terima kasih).
        out: list[str] = []
        i = 0
        while i < len(mapped):
            n = _match_at(mapped, i, self._drop)
            if n:
                i += n
            else:
                out.append(mapped[i])
                i += 1
        return out

    def normalize(self, text: str) -> str:
        """The readable normalized form: the words of ``tokens`` joined by spaces."""
        return " ".join(self.tokens(text))


class Stemmer:
    """Sastrawi stemming with an override map and a cache, so each unique word is stemmed once."""

    def __init__(self, overrides: dict[str, str] | None = None) -> None:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

        self._stemmer = StemmerFactory().create_stemmer()
        self._cache: dict[str, str] = dict(STEM_OVERRIDES if overrides is None else overrides)

    def stem(self, word: str) -> str:
        """Stem one word (cached)."""
        stem = self._cache.get(word)
        if stem is None:
            # Numbers, codes and abbreviations are not Indonesian words: leave them alone.
            stem = self._stemmer.stem(word) if word.isalpha() and len(word) > 3 else word
            self._cache[word] = stem or word
            stem = stem or word
        return stem

    def stem_many(self, docs: Sequence[Sequence[str]]) -> list[list[str]]:
        """Stem token lists, stemming the set of unique words once and mapping back."""
        for word in {w for doc in docs for w in doc}:
            self.stem(word)
        return [[self._cache[w] for w in doc] for doc in docs]


class Analyzer:
    """Lexical tokens: normalized words, domain phrases folded, stopwords removed, stemmed.

    Args:
        normalizer: shared ``Normalizer``; a new default one if not given.
        stemmer: shared ``Stemmer``; a new default one if not given.
        stopwords: words to drop; the bundled list (which keeps question words) if not given.
    """

    def __init__(
        self,
        normalizer: Normalizer | None = None,
        stemmer: Stemmer | None = None,
        stopwords: frozenset[str] | None = None,
    ) -> None:
        self.normalizer = normalizer or Normalizer()
        self.stemmer = stemmer or Stemmer()
        self.stopwords = load_stopwords() if stopwords is None else stopwords
        # "nomor induk berusaha" and "nib" must meet in one token.
        self._synonyms = load_synonyms()
        self._synonym_phrases = _phrase_table(self._synonyms)
        self._phrases = _phrase_table(phrase for _, phrase in load_abbreviations())
        self._phrase_to_abbr = {tuple(phrase.split()): abbr for abbr, phrase in load_abbreviations()}

    def _fold_synonyms(self, tokens: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            n = _match_at(tokens, i, self._synonym_phrases)
            if n:
                out.extend(self._synonyms[" ".join(tokens[i : i + n])].split())
                i += n
            else:
                out.append(tokens[i])
                i += 1
        return out

    def words(self, text: str) -> list[str]:
        """Unstemmed lexical words of ``text``."""
        tokens = self._fold_synonyms(self.normalizer.tokens(text))
        out: list[str] = []
        i = 0
        while i < len(tokens):
            n = _match_at(tokens, i, self._phrases)
            if n:
                out.append(self._phrase_to_abbr[tuple(tokens[i : i + n])])
                i += n
                continue
            for part in re.split(r"[-/]", tokens[i]):
                if part and part not in self.stopwords and (not out or out[-1] != part):
                    out.append(part)
            i += 1
        return out

    def analyze(self, text: str) -> list[str]:
        """Stemmed lexical tokens of one text."""
        return self.analyze_many([text])[0]

    def analyze_many(self, texts: Sequence[str]) -> list[list[str]]:
        """Stemmed lexical tokens of many texts; each unique word is stemmed once."""
        return self.stemmer.stem_many([self.words(t) for t in texts])
