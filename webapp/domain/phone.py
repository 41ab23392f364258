"""Phone numbers a patient can tap to call: 112, their GP, the huisartsenpost."""

from __future__ import annotations

import re

EMERGENCY = "112"
# Digits, with the spaces, dashes, dots and brackets people write; one leading plus.
WRITTEN = re.compile(r"\+?[0-9 ()./-]+")
MIN_DIGITS, MAX_DIGITS = 3, 15  # 112 up to the longest international number (E.164)


def phone_number(text: str) -> str | None:
    """The number as the patient wrote it, tidied; None when it is not a phone number."""
    written = " ".join(text.split())
    if not WRITTEN.fullmatch(written):
        return None
    digits = re.sub(r"\D", "", written)
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return None
    return written


def tel_href(number: str) -> str:
    """The tel: link of a number: its digits, with the plus of an international one."""
    digits = re.sub(r"\D", "", number)
    return f"tel:{'+' if number.strip().startswith('+') else ''}{digits}"
