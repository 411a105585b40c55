"""Vietnamese text helpers: names sorted the Vietnamese way, and search without diacritics."""

import unicodedata

# The Vietnamese alphabet, with the Latin letters Vietnamese lacks slotted in where a dictionary
# would put them, so foreign names still sort sensibly.
_ALPHABET = [
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
# Dictionary order of the tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SHAPE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)


def _code(n: int) -> str:
    """Encode 0..675 as two lowercase letters, so any database collation orders keys the same."""
    return chr(97 + n // 26) + chr(97 + n % 26)


_LETTER_CODES = {letter: _code(index + 1) for index, letter in enumerate(_ALPHABET)}
_SEPARATOR = _code(0)  # "aa": sorts before every letter, so "An" comes before "Anh"


def _split_word(word: str) -> tuple[list[str], int]:
    """Return the letters of a word with their shape marks kept, and the word's tone (0-5)."""
    letters: list[str] = []
    tone = 0
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in _TONES:
            tone = _TONES[char]
        elif char in _SHAPE_MARKS and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + char)
        elif unicodedata.category(char) == "Mn":
            continue
        else:
            letters.append(char)
    return letters, tone


def name_sort_key(full_name: str) -> str:
    """Return a key that orders full names by given name (the last word), then family and middle.

    Letters follow the Vietnamese alphabet (a ă â b c d đ e ê …) and tones break ties in dictionary
    order. The key uses only the letters a-z, so PostgreSQL and SQLite order it identically.
    """
    words = full_name.split()
    if not words:
        return ""
    ordered = [words[-1], *words[:-1]]
    primary: list[str] = []
    tones: list[str] = []
    for word in ordered:
        letters, tone = _split_word(word)
        primary.append("".join(_LETTER_CODES.get(letter, "zz") for letter in letters))
        tones.append(_code(tone + 1))
    return _SEPARATOR.join(primary) + _SEPARATOR + _SEPARATOR + "".join(tones)


def fold(text: str) -> str:
    """Return text lower-cased and without diacritics, for searching with or without accents."""
    text = text.replace("đ", "d").replace("Đ", "d")
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return " ".join(stripped.split())


def given_name(full_name: str) -> str:
    """Return the given name: the last word of 'Họ và tên'."""
    words = full_name.split()
    return words[-1] if words else ""
