"""Integrity signals: evidence of ballot stuffing that flags a response, never rejects it.

- fast: fewer seconds on the page than INTEGRITY_FAST_SECONDS_PER_ANSWER per answer, or
  no valid signed form timestamp at all (a hand-made post).
- repeat-device: the same browser already answered for this unit today. The browser
  carries a random cookie; only HMAC(secret, day + cookie) is stored, so the value
  changes every day and says nothing about who or where.
- straight-line: at least INTEGRITY_STRAIGHT_LINE_MIN ratings, all at the same level.
- burst: at least INTEGRITY_BURST_COUNT responses on one channel within
  INTEGRITY_BURST_WINDOW_SECONDS (this one included).

No IP address and no user agent is read here. See docs/survey.md for the reasoning.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, TimestampSigner

FLAG_ORDER = ("fast", "repeat-device", "straight-line", "burst")
DEVICE_COOKIE = "hl_d"
MAX_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Thresholds:
    fast_seconds_per_answer: float = 2.0
    straight_line_min: int = 5
    burst_count: int = 5
    burst_window_seconds: int = 300

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Thresholds:
        return cls(
            fast_seconds_per_answer=float(config["INTEGRITY_FAST_SECONDS_PER_ANSWER"]),
            straight_line_min=int(config["INTEGRITY_STRAIGHT_LINE_MIN"]),
            burst_count=int(config["INTEGRITY_BURST_COUNT"]),
            burst_window_seconds=int(config["INTEGRITY_BURST_WINDOW_SECONDS"]),
        )


def _signer(secret: str) -> TimestampSigner:
    return TimestampSigner(secret, salt="survey-form-started")


def form_stamp(secret: str, channel_code: str) -> str:
    """A signed 'this form was served now' value for a hidden field."""
    return _signer(secret).sign(channel_code).decode()


def seconds_on_page(secret: str, channel_code: str, stamp: str | None,
                    now: dt.datetime) -> int | None:
    """Seconds since the form was served, or None if the stamp is missing, forged or
    belongs to another channel."""
    if not stamp or len(stamp) > 200:
        return None
    try:
        value, started = _signer(secret).unsign(stamp, return_timestamp=True)
    except (BadSignature, ValueError, UnicodeError):
        return None
    if value.decode() != channel_code:
        return None
    seconds = (now - started.astimezone(dt.UTC).replace(tzinfo=None)).total_seconds()
    return max(0, min(int(seconds), MAX_SECONDS))


def new_device_cookie() -> str:
    return secrets.token_urlsafe(16)


def device_hash(secret: str, cookie: str | None, day: dt.date) -> str | None:
    """The day's keyed hash of the device cookie; None without a plausible cookie."""
    if not cookie or not 16 <= len(cookie) <= 64:
        return None
    message = f"device:{day.isoformat()}:{cookie}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def is_fast(seconds: int | None, answers: int, limits: Thresholds) -> bool:
    if seconds is None:
        return True
    return seconds < limits.fast_seconds_per_answer * max(answers, 1)


def is_straight_line(ratings: Mapping[str, int], limits: Thresholds) -> bool:
    scored = [value for value in ratings.values() if value]  # 0 = no opinion
    return len(scored) >= limits.straight_line_min and len(set(scored)) == 1


def is_burst(recent_on_channel: int, limits: Thresholds) -> bool:
    """recent_on_channel: responses on the channel within the window, before this one."""
    return recent_on_channel + 1 >= limits.burst_count


def flags(*, fast: bool, repeat_device: bool, straight_line: bool,
          burst: bool) -> tuple[str, ...]:
    raised = {"fast": fast, "repeat-device": repeat_device,
              "straight-line": straight_line, "burst": burst}
    return tuple(name for name in FLAG_ORDER if raised[name])
