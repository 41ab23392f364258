"""The signed tokens in emails: round trips, every kind of tampering, expiry and scope."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support.clock import FixedClock
from webapp.services.reminders.tokens import (
    KINDS,
    LinkError,
    LogLink,
    log_token,
    read_log_token,
    read_unsubscribe_token,
    unsubscribe_token,
)

NOW = datetime(2026, 11, 25, 17, 30, tzinfo=UTC)
DAY = date(2026, 11, 25)


@pytest.fixture
def clock() -> FixedClock:
    """The clock the tokens are issued and read against."""
    return FixedClock(NOW)


class Signer:
    """The secret and the clock tokens are issued and read with; tokens need nothing else."""

    def __init__(self, clock: FixedClock) -> None:
        self.secret = "a-test-secret-of-enough-length"
        self.clock = clock

    def log(self, user_id: int, plan_id: int, day: date) -> str:
        """A log token issued now."""
        return log_token(self.secret, user_id, plan_id, day, self.clock())

    def read_log(self, token: str) -> LogLink:
        """A log token read now."""
        return read_log_token(self.secret, token, self.clock())

    def stop(self, user_id: int, kind: str) -> str:
        """An unsubscribe token."""
        return unsubscribe_token(self.secret, user_id, kind)

    def read_stop(self, token: str) -> tuple[int, str]:
        """An unsubscribe token read back."""
        return read_unsubscribe_token(self.secret, token)


@pytest.fixture
def ctx(clock) -> Signer:
    """Tokens signed with a test secret against the fixed clock."""
    return Signer(clock)


def _refused(reader, token: str, expired: bool = False) -> None:
    with pytest.raises(LinkError) as caught:
        reader(token)
    assert caught.value.expired is expired


def test_a_log_token_reads_back_its_scope(ctx):
    token = ctx.log(12, 34, DAY)
    assert ctx.read_log(token) == LogLink(12, 34, DAY)
    assert all(c.isalnum() or c in "._-" for c in token)  # fits in a URL path unescaped


def test_a_log_token_lasts_seven_days_against_the_clock(ctx, clock):
    token = ctx.log(12, 34, DAY)
    clock.advance(days=7)
    assert ctx.read_log(token).day == DAY
    clock.advance(seconds=1)
    _refused(ctx.read_log, token, expired=True)


def test_a_log_token_from_far_in_the_future_is_refused(ctx, clock):
    clock.advance(hours=1)
    token = ctx.log(12, 34, DAY)
    clock.set(NOW)
    _refused(ctx.read_log, token)
    clock.advance(minutes=59)  # a few minutes of difference between hosts is fine
    assert ctx.read_log(token).user_id == 12


@pytest.mark.parametrize("field", range(4))
def test_changing_any_field_of_a_log_token_breaks_it(ctx, field):
    token = ctx.log(12, 34, DAY)
    parts = token.split(".")
    parts[field] = {0: "13", 1: "35", 2: "20261126", 3: format(int(parts[3], 16) + 1, "x")}[field]
    _refused(ctx.read_log, ".".join(parts))


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-token",
        "12.34.20261125",
        "12.34.20261125.0.",
        "12.34.2026-11-25.1.AAAA",
        "12.34.20261125.abc." + "A" * 22,
        "x" * 500,
        "12.34.20261325.abc." + "A" * 22,
    ],
)
def test_malformed_log_tokens_are_refused(ctx, token):
    _refused(ctx.read_log, token)


def test_the_tag_is_checked_not_just_its_shape(ctx):
    token = ctx.log(12, 34, DAY)
    last = token[-1]
    _refused(ctx.read_log, token[:-1] + ("A" if last != "A" else "B"))


def test_a_token_signed_with_another_secret_is_refused(ctx):
    token = ctx.log(12, 34, DAY)
    ctx.secret = "another-secret-entirely-different"
    _refused(ctx.read_log, token)


def test_unsubscribe_tokens_name_a_patient_and_a_kind_and_never_expire(ctx, clock):
    tokens = {kind: ctx.stop(7, kind) for kind in KINDS}
    clock.advance(days=400)
    assert {kind: ctx.read_stop(t) for kind, t in tokens.items()} == {
        kind: (7, kind) for kind in KINDS
    }
    assert len(set(tokens.values())) == len(KINDS)


def test_an_unsubscribe_token_cannot_be_moved_to_another_patient_or_kind(ctx):
    token = ctx.stop(7, "daily")
    _refused(ctx.read_stop, token.replace("7.", "8.", 1))
    _refused(ctx.read_stop, token.replace(".daily.", ".weekly."))
    _refused(ctx.read_stop, "7.everything." + token.rsplit(".", 1)[1])


def test_one_kind_of_link_is_never_accepted_as_the_other(ctx):
    # Same shape of payload, different key: an unsubscribe tag never signs a log link.
    log = ctx.log(7, 1, DAY)
    stop = ctx.stop(7, "daily")
    _refused(ctx.read_stop, log)
    _refused(ctx.read_log, stop)
    forged = f"{log.rsplit('.', 1)[0]}.{stop.rsplit('.', 1)[1]}"
    _refused(ctx.read_log, forged)


def test_no_unsubscribe_token_for_an_unknown_kind(ctx):
    with pytest.raises(ValueError, match="no unsubscribe link"):
        ctx.stop(7, "everything")


def test_tokens_differ_per_day_and_issue_time(ctx, clock):
    first = ctx.log(12, 34, DAY)
    assert ctx.log(12, 34, DAY + timedelta(days=1)) != first
    clock.advance(seconds=1)
    assert ctx.log(12, 34, DAY) != first
