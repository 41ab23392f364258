"""Phone numbers a patient taps to call: written as people write them, dialled as digits."""

import pytest

from webapp.domain.phone import phone_number, tel_href


@pytest.mark.parametrize(
    "written,href",
    [
        ("112", "tel:112"),
        ("020 - 123 45 67", "tel:0201234567"),
        ("(0900) 15 15", "tel:09001515"),
        ("+31 20 123 4567", "tel:+31201234567"),
    ],
)
def test_a_written_number_becomes_a_tap_to_call_link(written, href):
    assert tel_href(phone_number(written)) == href


@pytest.mark.parametrize("text", ["", "huisarts", "12", "0612345678 ext 3", "+" + "1" * 16, "1+2"])
def test_what_is_not_a_phone_number_is_refused(text):
    assert phone_number(text) is None


def test_spaces_are_tidied_but_the_number_stays_as_written():
    assert phone_number("  020   123 4567 ") == "020 123 4567"
