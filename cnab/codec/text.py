"""Text as banks accept it: upper case, no accents, a restricted character set."""

from __future__ import annotations

import functools
import unicodedata

DEFAULT_CHARSET = frozenset(chr(c) for c in range(0x20, 0x7F))


def normalise(text: str) -> str:
    """Upper case with accents removed (ÇÃO → CAO); other characters are left for the check."""
    if text.isascii():  # nothing to decompose
        return text.upper()
    return _normalise(text)


@functools.lru_cache(maxsize=4096)
def _normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def charset_from_spec(spec: str | None) -> frozenset:
    """A layout's `charset:` like "A-Z0-9 .,-" expanded to a set of characters."""
    if not spec:
        return DEFAULT_CHARSET
    chars = set()
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            chars.update(chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1))
            i += 3
        else:
            if spec[i] == "\\" and i + 1 < len(spec):
                i += 1
            chars.add(spec[i])
            i += 1
    return frozenset(chars)
