"""Mask personal data in citizens' comments before they are printed in a report.

Citizens often write a phone number or their ID number into a complaint ("gọi lại cho tôi
0912 345 678"). Reports circulate on paper, so these are replaced by a bracketed note:

- e-mail addresses                              -> "[đã ẩn e-mail]"
- phone numbers: mobiles 0xx xxxx xxx (10 digits), landlines 02xx xxxx xxx (11 digits),
  either with +84 / 0084 / 84 in place of the leading 0, written with spaces, dots or
  hyphens between groups                        -> "[đã ẩn số điện thoại]"
- ID numbers: 9 digits (old CMND) or 12 digits (CCCD / personal ID)
                                                -> "[đã ẩn số định danh]"

Other numbers (dates, dossier codes, amounts such as "150.000 đồng") are left alone. When
in doubt a 9- or 12-digit number is masked: over-masking costs a word, a leak costs more.
"""

from __future__ import annotations

import re

MASK_PHONE = "[đã ẩn số điện thoại]"
MASK_ID = "[đã ẩn số định danh]"
MASK_EMAIL = "[đã ẩn e-mail]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# A run of digits, or groups of 2-4 digits joined by one space, dot or hyphen, optionally
# after an international prefix. Groups of at least two digits keep "tầng 2 0912345678"
# from being read as one number.
_NUMBER = re.compile(
    r"(?<![\w+])"
    r"(?P<prefix>\(?(?:\+|00)?84\)?[ .-]?(?=\d))?"
    r"(?P<body>\(?\d{2,4}\)?(?:[ .-]\d{2,4})+|\d+)"
    r"(?![\w])"
)
# "150.000.000 đồng": thousands grouping followed by a currency word is an amount.
_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})+$")
_CURRENCY_AFTER = re.compile(r"\s?(?:đồng|đ\b|vnđ|vnd)", re.IGNORECASE)


def _classify(prefix: str | None, digits: str) -> str | None:
    if prefix:
        return "phone" if len(digits) in (9, 10) else None
    if digits.startswith("84") and len(digits) in (11, 12) and digits[2] != "0":
        return "phone"
    if digits.startswith("0") and len(digits) == 10:
        return "phone"
    if digits.startswith("02") and len(digits) == 11:
        return "phone"
    if len(digits) in (9, 12):
        return "id"
    return None


def _mask_number(match: re.Match) -> str:
    body = match["body"]
    digits = re.sub(r"\D", "", body)
    kind = _classify(match["prefix"], digits)
    if kind is None:
        return match[0]
    if kind == "id" and _AMOUNT.match(body) and _CURRENCY_AFTER.match(
        match.string, match.end()
    ):
        return match[0]
    return MASK_PHONE if kind == "phone" else MASK_ID


def mask_personal(text: str | None) -> str:
    """Replace e-mail addresses, phone numbers and ID numbers in a comment."""
    if not text:
        return text or ""
    text = _EMAIL.sub(MASK_EMAIL, text)
    return _NUMBER.sub(_mask_number, text)
