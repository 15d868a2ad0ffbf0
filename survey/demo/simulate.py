"""The simulation: one unit's responses, month by month, from its own random stream.

`UnitSimulation` draws a unit's `Draft` responses (ratings, choices, timing, comments and how
they were handled), its receipt codes and its service volume from a random stream seeded by
the seed and the unit's code, so units do not disturb one another. Comments get plausible
personal data (phone numbers, e-mail addresses, identity numbers) for the masking to find.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .. import integrity
from ..instruments import Instrument
from . import names as data
from .plan import ROLE_QUALITY, Period, UnitPlan, month_end

SPECIAL_FLOOR = 50  # below-target and burst units get at least this many a month
FLAGS_OF_A_BURST = "fast,straight-line,burst"  # the names the live survey uses


@dataclass(frozen=True)
class Outlet:
    """A stored channel, as the simulation needs it."""

    id: int
    kind: str
    weight: float


@dataclass(slots=True)
class Note:
    """A comment, how it was handled, and the phone number left with consent (if any)."""

    text: str
    status: str = "new"
    handled_by: int | None = None
    handled_at: dt.datetime | None = None
    reply: str | None = None
    phone: str | None = None


@dataclass(slots=True)
class Draft:
    channel: Outlet
    at: dt.datetime  # naive UTC
    day: dt.date  # the local day it was drawn for
    seconds: int
    ratings: list[tuple[str, int]]
    choices: list[tuple[str, str]]
    language: str = "vi"
    flags: str = ""
    note: Note | None = None


def utc(day: dt.date, minutes: float, zone: ZoneInfo) -> dt.datetime:
    """Local wall-clock time `minutes` after midnight of `day`, as naive UTC."""
    local = dt.datetime(day.year, day.month, day.day, tzinfo=zone)
    local += dt.timedelta(seconds=int(minutes * 60))
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def open_days(first: dt.date, start: dt.date | None = None,
              stop: dt.date | None = None) -> list[dt.date]:
    """Monday to Saturday of the month, within [start, stop] when given."""
    days = [first + dt.timedelta(days=n) for n in range(month_end(first).day)]
    return [d for d in days if d.weekday() < 6 and (start is None or d >= start)
            and (stop is None or d <= stop)]


class UnitSimulation:
    def __init__(self, seed: int, unit: UnitPlan, form: Instrument, outlets: list[Outlet],
                 period: Period, zone: ZoneInfo, scale: float, handlers: list[int]) -> None:
        self.rng = random.Random(f"{seed}/unit/{unit.code}")
        self.unit, self.form, self.outlets = unit, form, outlets
        self.period, self.zone, self.scale, self.handlers = period, zone, scale, handlers
        self.cum = [sum(o.weight for o in outlets[:n + 1]) for n in range(len(outlets))]
        self.horizon = utc(period.last_day, 17 * 60, zone)
        aspects = form.aspect_keys
        self.weak_key = aspects[int(unit.weak * len(aspects))] if aspects else None
        self.choice_items = [(i.key, i.choice_values) for i in form.items if i.type == "choice"]
        self.has_comment = form.comment_item is not None
        self.templates = {tone: [t for kind, tn, t in data.COMMENTS
                                 if tn == tone and kind in (unit.kind, "any")]
                          for tone in ("praise", "complaint", "suggestion")}
        months = len(period.months)
        picked = self.rng.sample(range(months), max(1, months // 4))
        self.burst_months = set(picked) if unit.role == "burst" else set()

    # -- volume and timing ---------------------------------------------------

    def month(self, index: int, first: dt.date) -> list[Draft]:
        days = open_days(first, self.unit.valid_from, self.unit.valid_to)
        if not days:
            return []
        rng = self.rng
        count = self.count(first, len(days) / len(open_days(first)))
        q = self.quality(index)
        cum = [0.0]
        for day in days:
            cum.append(cum[-1] + (0.35 if day.weekday() == 5 else 1.0))
        drafts = [self.response(q, day) for day in rng.choices(days, cum_weights=cum[1:], k=count)]
        if index in self.burst_months:
            drafts += self.burst(days)
        drafts.sort(key=lambda d: d.at)
        return drafts

    def count(self, first: dt.date, fraction: float) -> int:
        unit = self.unit
        if unit.role == "tiny":
            return self.rng.randint(2, 9)
        base = unit.volume * self.scale
        if unit.role in ROLE_QUALITY:
            base = max(base, SPECIAL_FLOOR)
        season = data.SEASONS[unit.kind][first.month - 1]
        return max(0, round(base * season * fraction * self.rng.gauss(1, 0.08)))

    def quality(self, index: int) -> float:
        months = len(self.period.months)
        position = index / (months - 1) - 0.5 if months > 1 else 0.0
        q = self.unit.quality + self.unit.trend * position + self.rng.gauss(0, 0.015)
        return min(0.98, max(0.3, q))

    def moment(self, day: dt.date) -> dt.datetime:
        """Office hours 7:30-17:00 local, a quiet lunch; Saturday mornings only."""
        rng = self.rng
        r = rng.random()
        if day.weekday() == 5 or r < 0.55:
            minutes = 450 + 240 * rng.random()
        elif r < 0.62:
            minutes = 690 + 120 * rng.random()
        else:
            minutes = 810 + 210 * rng.random()
        return utc(day, minutes, self.zone)

    # -- one response ----------------------------------------------------------

    def response(self, q: float, day: dt.date) -> Draft:
        rng = self.rng
        outlet = rng.choices(self.outlets, cum_weights=self.cum)[0]
        overall = self.overall(q)
        ratings = [] if overall is None else [(self.form.overall, overall)]
        anchor = overall or (4 if rng.random() < q else 3)
        for key in self.form.aspect_keys:
            value = self.aspect(key, anchor)
            if value is not None:
                ratings.append((key, value))
        if not ratings:
            ratings.append((self.form.overall, anchor))
        choices = self.choices(anchor)
        language = "en" if rng.random() < 0.005 else "vi"
        at = self.moment(day)
        note = self.note(anchor, at) if language == "vi" and self.has_comment else None
        seconds = min(400, max(12, round(math.exp(rng.gauss(math.log(45), 0.45)))))
        seconds += rng.randint(20, 90) if note else 0
        return Draft(outlet, at, day, seconds, ratings, choices, language,
                     live_flags(seconds, ratings, choices), note)

    def overall(self, q: float) -> int | None:
        rng = self.rng
        r = rng.random()
        if r < 0.01:
            return None  # skipped
        if r < 0.016:
            return 0  # no opinion
        if rng.random() < q:
            return 5 if rng.random() < self.unit.five_share else 4
        r = rng.random()
        return 3 if r < 0.6 else 2 if r < 0.88 else 1

    def aspect(self, key: str, anchor: int) -> int | None:
        """Mostly the overall rating, sometimes a step either way; the weak aspect lags."""
        rng = self.rng
        r = rng.random()
        if r < 0.03:
            return None
        if r < 0.03 + data.NO_OPINION_SHARES.get(key, data.NO_OPINION_DEFAULT):
            return 0
        r = rng.random()
        delta = 0 if r < 0.70 else 1 if r < 0.84 else -1 if r < 0.96 else -2 if r < 0.98 else 2
        if key == self.weak_key and rng.random() < 0.2:
            delta -= 1
        return min(5, max(1, anchor + delta))

    def choices(self, anchor: int) -> list[tuple[str, str]]:
        rng = self.rng
        picked = []
        for key, values in self.choice_items:
            if rng.random() < 0.25:
                continue
            table = data.CHOICE_WEIGHTS.get(key, {})
            weights = table.get("low" if anchor < 4 else "high") or table.get("high", {})
            known = [v for v in values if v in weights]
            if known:
                picked.append((key, rng.choices(known, [weights[v] for v in known])[0]))
            else:
                picked.append((key, rng.choice(values)))
        return picked

    def note(self, anchor: int, at: dt.datetime) -> Note | None:
        rng = self.rng
        low = anchor < 4
        if rng.random() >= (0.12 if low else 0.035):
            return None
        if low:
            tone = "complaint" if rng.random() < 0.8 else "suggestion"
        else:
            tone = "praise" if rng.random() < 0.7 else "suggestion"
        note = Note(personalise(rng, rng.choice(self.templates[tone])))
        if tone != "praise":
            self.handle(note, at)
        if tone == "complaint" and rng.random() < 0.2:
            note.phone = phone_number(rng).replace(" ", "")
        return note

    def handle(self, note: Note, at: dt.datetime) -> None:
        """Older complaints are mostly dealt with; last month's mostly wait."""
        rng = self.rng
        r = rng.random()
        if (self.horizon - at).days > 30:
            status = ("resolved" if r < 0.5 else "in_progress" if r < 0.65
                      else "dismissed" if r < 0.72 else "new")
        else:
            status = "resolved" if r < 0.1 else "in_progress" if r < 0.25 else "new"
        note.status = status
        if status != "new":
            note.handled_by = rng.choice(self.handlers)
            note.handled_at = min(self.horizon, at + dt.timedelta(hours=rng.uniform(4, 240)))
            note.reply = rng.choice(data.REPLIES) if status == "resolved" else None

    def burst(self, days: list[dt.date]) -> list[Draft]:
        """Someone at the desk filling in forms: a kiosk or desk, minutes apart, all 5s."""
        rng = self.rng
        kinds = [o for o in self.outlets if o.kind == "kiosk"] or [
            o for o in self.outlets if o.kind == "desk"]
        outlet = kinds[0]
        day = rng.choice([d for d in days if d.weekday() < 5] or days)
        at = utc(day, rng.uniform(960, 990), self.zone)
        choices = [(key, values[0]) for key, values in self.choice_items]
        drafts = []
        for _ in range(rng.randint(20, 45)):
            at += dt.timedelta(seconds=rng.randint(8, 40))
            ratings = [(key, 5) for key in self.form.rating_keys]
            drafts.append(Draft(outlet, at, day, rng.randint(3, 8), ratings, list(choices),
                                flags=FLAGS_OF_A_BURST))
        return drafts

    # -- what goes with the month: receipt codes and the service volume --------

    def tokens(self, drafts: list[Draft], first: dt.date
               ) -> list[tuple[int, str, dt.datetime, dt.datetime | None]]:
        """(channel id, code hash, issued, used) for each code printed this month: one
        per verified response, plus the ones nobody used. Shuffled, so token order says
        nothing about response order."""
        rng = self.rng
        rows = []
        for outlet in (o for o in self.outlets if o.kind == "receipt"):
            used = [d for d in drafts if d.channel is outlet]
            for d in used:
                back = rng.randint(0, 12)
                issued = (d.at - dt.timedelta(minutes=rng.uniform(5, 90)) if back == 0
                          else self.moment(d.day - dt.timedelta(days=back)))
                rows.append((outlet.id, f"{rng.getrandbits(256):064x}", issued, d.at))
            unused = round(len(used) * (1 / self.unit.redemption - 1))
            days = open_days(first, self.unit.valid_from, self.unit.valid_to)
            for day in rng.choices(days, k=unused) if days else []:
                rows.append((outlet.id, f"{rng.getrandbits(256):064x}", self.moment(day), None))
        rng.shuffle(rows)
        return rows

    def served(self, drafts: list[Draft]) -> int | None:
        rate = self.unit.response_rate
        genuine = sum(1 for d in drafts if d.flags != FLAGS_OF_A_BURST)
        if rate is None or not genuine:
            return None
        return math.ceil(genuine / (rate * self.rng.uniform(0.9, 1.1)))


def live_flags(seconds: int, ratings: list[tuple[str, int]],
               choices: list[tuple[str, str]]) -> str:
    """The flags the live survey would raise on an ordinary response with the default
    thresholds: a happy citizen who answers 5 everywhere is flagged straight-line too."""
    limits = integrity.Thresholds()
    return ",".join(integrity.flags(
        fast=integrity.is_fast(seconds, len(ratings) + len(choices), limits),
        repeat_device=False, burst=False,
        straight_line=integrity.is_straight_line(dict(ratings), limits)))


def personalise(rng: random.Random, template: str) -> str:
    if "{" not in template:
        return template
    return template.format(phone=phone_number(rng), email=email_address(rng), cccd=id_number(rng))


def phone_number(rng: random.Random) -> str:
    prefix = rng.choice(("091", "094", "098", "097", "090", "086", "088", "083", "035", "039"))
    digits = f"{prefix}{rng.randint(0, 9_999_999):07d}"
    style = rng.random()
    if style < 0.5:
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return digits if style < 0.8 else f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def email_address(rng: random.Random) -> str:
    return f"{rng.choice(data.EMAIL_NAMES)}{rng.randint(70, 99)}@gmail.com"


def id_number(rng: random.Random) -> str:
    """A 12-digit citizen identity number: province code 017 (Hòa Bình), century-sex digit."""
    return f"017{rng.choice('0123')}{rng.randint(0, 99):02d}{rng.randint(0, 999_999):06d}"

