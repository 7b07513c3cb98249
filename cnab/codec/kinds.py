"""How each kind of field turns text into a value and back.

Decoders here run only after the record's regular expression has checked the shape (digits where
digits belong), so they convert without re-checking. `explain` gives the reason a slice is bad
when that check fails; encoders raise ValueError with the reason a value cannot be written.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from cnab.codec.text import DEFAULT_CHARSET, normalise
from cnab.layout.model import Field

_ZERO_DATE = {"0" * 6, "0" * 8, " " * 6, " " * 8}


def _year2(yy: int) -> int:
    return 2000 + yy if yy < 70 else 1900 + yy


@functools.lru_cache(maxsize=8192)
def parse_date(text: str, fmt: str) -> dt.date | None:
    if text in _ZERO_DATE:
        return None
    if fmt == "DDMMAAAA":
        return dt.date(int(text[4:8]), int(text[2:4]), int(text[0:2]))
    if fmt == "AAAAMMDD":
        return dt.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    if fmt == "DDMMAA":
        return dt.date(_year2(int(text[4:6])), int(text[2:4]), int(text[0:2]))
    if fmt == "AAMMDD":
        return dt.date(_year2(int(text[0:2])), int(text[2:4]), int(text[4:6]))
    raise ValueError(f"unknown date format {fmt}")


def format_date(value, fmt: str) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise ValueError(f"{value!r} is not a date")
    if fmt in ("DDMMAA", "AAMMDD") and not 1970 <= value.year <= 2069:
        raise ValueError(f"year {value.year} cannot be written with 2 digits (1970-2069)")
    if not 1 <= value.year <= 9999:
        raise ValueError(f"year {value.year} out of range")
    d, m, y4, y2 = f"{value.day:02d}", f"{value.month:02d}", f"{value.year:04d}", \
        f"{value.year % 100:02d}"
    return {"DDMMAAAA": d + m + y4, "AAAAMMDD": y4 + m + d, "DDMMAA": d + m + y2,
            "AAMMDD": y2 + m + d}[fmt]


@functools.lru_cache(maxsize=4096)
def parse_time(text: str, fmt: str) -> dt.time | None:
    if not text.strip():
        return None
    if fmt == "HHMMSS":
        return dt.time(int(text[0:2]), int(text[2:4]), int(text[4:6]))
    return dt.time(int(text[0:2]), int(text[2:4]))


def format_time(value, fmt: str) -> str:
    if isinstance(value, dt.datetime):
        value = value.time()
    if not isinstance(value, dt.time):
        raise ValueError(f"{value!r} is not a time")
    text = f"{value.hour:02d}{value.minute:02d}"
    return text + f"{value.second:02d}" if fmt == "HHMMSS" else text


def make_decoder(f: Field):
    """text -> value for one field (shape already checked by the record pattern)."""
    null = f.null
    if f.kind in ("const", "filler"):
        return None  # the raw slice is the value
    if f.kind == "str":
        if null in ("blank", "blank_or_zero"):
            return lambda s: s.rstrip(" ") or None
        return lambda s: s.rstrip(" ")
    if f.kind == "date":
        fmt = f.fmt
        return lambda s: parse_date(s, fmt)
    if f.kind == "time":
        fmt = f.fmt
        return lambda s: parse_time(s, fmt)
    blank_ok = null in ("blank", "blank_or_zero")
    zero_null = null in ("zero", "blank_or_zero")
    if f.kind == "int":
        if blank_ok or zero_null:
            def dec_int(s):
                if s[0] == " ":
                    return None
                v = int(s)
                return None if (zero_null and v == 0) else v
            return dec_int
        return int
    if f.kind == "digits":
        if blank_ok or zero_null:
            def dec_digits(s):
                if s[0] == " " or (zero_null and not s.strip("0")):
                    return None
                return s
            return dec_digits
        return None
    if f.kind == "decimal":
        exp = -f.decimals

        def dec_decimal(s):
            if s[0] == " ":
                return None
            v = Decimal(s).scaleb(exp)
            return None if (zero_null and not v) else v
        return dec_decimal
    raise ValueError(f"unknown kind {f.kind}")


def pattern(f: Field) -> str:
    """The regular-expression piece that accepts exactly the valid texts of the field."""
    n = f.length
    alpha = f"[^\\x00-\\x1f\\x7f]{{{n}}}"
    if f.kind == "const":
        import re
        return "(" + re.escape(f.const) + ")"
    if f.kind in ("str", "filler") or not f.numeric:
        return f"({alpha})"
    digits = f"[0-9]{{{n}}}"
    if f.kind in ("date", "time") or f.null in ("blank", "blank_or_zero"):
        return f"({digits}| {{{n}}})"
    return f"({digits})"


def explain(f: Field, text: str) -> tuple[str, str] | None:
    """(rule, message) saying why `text` is not valid for the field, or None if it is."""
    n = f.length
    if len(text) != n:
        return "length", f"{len(text)} characters where {n} are expected"
    bad = [c for c in text if ord(c) < 0x20 or ord(c) == 0x7F]
    if bad:
        return "control-character", f"control character {bad[0]!r} in {text!r}"
    if f.kind == "const":
        if text != f.const:
            return "constant", f"{text!r} where the layout requires {f.const!r}"
        return None
    if f.kind in ("str", "filler") or not f.numeric:
        if f.kind == "date":
            return _explain_date(f, text)
        return None
    if text == " " * n and (f.kind in ("date", "time") or f.null in ("blank", "blank_or_zero")):
        return None
    if not (text.isascii() and text.isdigit()):
        return "not-numeric", f"{text!r} is not numeric (picture {f.pic})"
    if f.kind == "date":
        return _explain_date(f, text)
    if f.kind == "time":
        try:
            parse_time(text, f.fmt)
        except ValueError:
            return "invalid-time", f"{text!r} is not a valid time ({f.fmt})"
    return None


def _explain_date(f: Field, text: str):
    try:
        parse_date(text, f.fmt)
    except ValueError:
        return "invalid-date", f"{text!r} is not a valid date ({f.fmt})"
    return None


def make_encoder(f: Field, charset: frozenset):
    """value -> text of exactly f.length characters; ValueError with the reason otherwise."""
    n = f.length
    empty = ("0" * n) if f.numeric else (" " * n)
    if f.null == "blank" or (f.kind in ("date", "time") and f.empty == "blank"):
        none_text = " " * n
    else:
        none_text = empty

    def fit(text: str, what) -> str:
        if len(text) > n:
            raise ValueError(f"{what!r} needs {len(text)} positions, the field has {n}")
        return text

    if f.kind == "const":
        const = f.const

        def enc_const(v):
            if v is None or v == const or (f.numeric and _same_number(v, const)):
                return const
            raise ValueError(f"{v!r} differs from the constant {const!r}")
        return enc_const
    if f.kind == "filler":
        def enc_filler(v):
            if v is None or v == "":
                return empty
            s = str(v)
            return fit(s, v).ljust(n) if not f.numeric else fit(s, v).zfill(n)
        return enc_filler
    if f.kind == "str":
        def enc_str(v):
            if v is None:
                return none_text
            if isinstance(v, int) and not isinstance(v, bool):
                v = str(v)
            if not isinstance(v, str):
                raise ValueError(f"{v!r} is not text")
            s = normalise(v).rstrip(" ")
            if not charset.issuperset(s):
                for c in s:
                    if c not in charset:
                        raise ValueError(f"character {c!r} is not accepted by the bank")
            if len(s) > n:
                raise ValueError(f"{v!r} needs {len(s)} positions, the field has {n}")
            return s.ljust(n)
        return enc_str
    if f.kind == "date":
        def enc_date(v):
            return none_text if v is None else format_date(v, f.fmt)
        return enc_date
    if f.kind == "time":
        def enc_time(v):
            return none_text if v is None else format_time(v, f.fmt)
        return enc_time
    if f.kind in ("int", "digits"):
        def enc_int(v):
            if type(v) is int and v >= 0:  # the common case, checked the quick way
                s = str(v)
                if len(s) <= n:
                    return s.zfill(n)
            if v is None:
                return none_text
            if isinstance(v, bool) or not isinstance(v, (int, str)):
                raise ValueError(f"{v!r} is not a whole number")
            s = str(v)
            if not (s.isascii() and s.isdigit()):
                raise ValueError(f"{v!r} is not a non-negative whole number")
            return fit(s, v).zfill(n)
        return enc_int
    if f.kind == "decimal":
        places = f.decimals

        def enc_decimal(v):
            if v is None:
                return none_text
            if isinstance(v, float):
                raise ValueError(f"{v!r} is a float: money must be Decimal or int")
            if isinstance(v, bool) or not isinstance(v, (int, Decimal, str)):
                raise ValueError(f"{v!r} is not a decimal amount")
            try:
                d = Decimal(v)
            except Exception:
                raise ValueError(f"{v!r} is not a decimal amount") from None
            if not d.is_finite() or d < 0:
                raise ValueError(f"{v!r} must be a non-negative amount")
            scaled = d.scaleb(places)
            if scaled != scaled.to_integral_value():
                raise ValueError(f"{v!r} has more than {places} decimal places")
            return fit(str(int(scaled)), v).zfill(n)
        return enc_decimal
    raise ValueError(f"unknown kind {f.kind}")


_TWO = tuple(f"{i:02d}" for i in range(100))
_DATE_SOURCE = {"DDMMAAAA": "P2[_v.day] + P2[_v.month] + str(_y)",
                "AAAAMMDD": "str(_y) + P2[_v.month] + P2[_v.day]",
                "DDMMAA": "P2[_v.day] + P2[_v.month] + P2[_y % 100]",
                "AAMMDD": "P2[_y % 100] + P2[_v.month] + P2[_v.day]"}


def encoder_source(f: Field, charset: frozenset | None, i: int) -> tuple[list, dict]:
    """One field's usual values converted inline, for a record's generated encoder: a list of
    (type, condition, text) -- when `type(_v) is type` and `condition` (None: always), the
    field's text is the Python expression `text` -- and the names those expressions use. Any
    other value goes through the field's encoder, which the caller binds as `e{i}`, so the
    same text or the same error comes out either way.

    The inline texts are never shorter than the field and skip two checks the caller makes
    once per line instead: that the line has the record's length (no value overflowed its
    field) and, when `charset` is the default one, that the line is printable ASCII. Text
    fields are inlined only when the charset is given."""
    n = f.length
    if f.kind == "const":
        return [("str", f"_v == K{i}", f"K{i}")], {f"K{i}": f.const}
    if f.kind == "str" and charset == DEFAULT_CHARSET:
        # trailing blanks need no rstrip: ljust gives them back, or the line is too long
        text = f"(_v.upper() if _v.isascii() else norm(_v)).ljust({n})"
        return [("str", None, text)], {"norm": normalise}
    if f.kind == "str" and charset is not None:
        text = "(_v.upper() if _v.isascii() else norm(_v)).rstrip(' ')"  # normalise(_v)
        return [("str", f"cs{i}(_s := {text})", f"_s.ljust({n})")], \
            {"norm": normalise, f"cs{i}": charset.issuperset}
    if f.kind in ("int", "digits"):
        digits = "_v.isdigit()"  # a non-ASCII digit fails the line's ASCII check, if made
        if charset != DEFAULT_CHARSET:
            digits += " and _v.isascii()"
        return [("int", "_v >= 0", f"str(_v).zfill({n})"),
                ("str", digits, f"_v.zfill({n})")], {}
    if f.kind == "decimal" and f.decimals:
        # an amount with exactly its places prints as "I.FF" (no exponent, no leading zeros):
        # its digits without the point are the scaled integer
        p = f.decimals
        exact = (f"(_t := str(_v))[-{p + 1}:-{p}] == '.' "
                 f"and (_u := _t[:-{p + 1}] + _t[-{p}:]).isdigit()")
        return [("Decimal", exact, f"_u.zfill({n})")], {"Decimal": Decimal}
    if f.kind == "date" and f.fmt in _DATE_SOURCE:
        # a date (not a datetime); years before 1000 and 2-digit years out of 1970-2069 go to
        # format_date, which pads or refuses them
        year = "1000 <= (_y := _v.year)" if "AAAA" in f.fmt else "1970 <= (_y := _v.year) <= 2069"
        return [("date", year, _DATE_SOURCE[f.fmt])], {"date": dt.date, "P2": _TWO}
    return [], {}


def _same_number(v, const: str) -> bool:
    try:
        return not isinstance(v, bool) and int(v) == int(const)
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(Decimal("Infinity"))
        return False
