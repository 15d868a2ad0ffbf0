"""The demo province: units, desks, users and a year of synthetic responses.

`build_demo` fills an empty database from a seed. The same seed gives the same units,
channel codes, responses and passwords; another seed gives other data. The province is data
(survey/demo_names.py). This module plans it from the seed (pure), writes units, channels and
users through the ORM, then simulates the responses unit by unit and month by month. The
responses go in with Core bulk inserts whose ids are assigned here, so answers, comments and
tokens can reference them without a round trip. The caller commits.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import random
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from . import demo_names as data
from .instruments import Instrument, builtin_instruments, parse_instrument
from .models import (
    Answer,
    ApiKey,
    AuditEvent,
    Channel,
    Comment,
    Contact,
    Response,
    ServiceVolume,
    Token,
    TokenRedemption,
    Unit,
    User,
)
from .questionnaires import current, sync_builtin
from .timeutil import local_date

DEFAULT_SEED = 2843  # the number of the decision the platform was built from
ADMIN, HEALTH, EDUCATION = "administrative", "health", "education"
CHUNK = 5000  # responses per bulk insert (their answers, comments and tokens go along)
SPECIAL_FLOOR = 50  # below-target and burst units get at least this many a month
FLAGS_OF_A_BURST = "fast,straight-line,burst"  # the names the live survey uses
QUALITY = {  # share satisfied on the overall item, by level: (low, high)
    "department": (0.84, 0.93), "district": (0.80, 0.90), "commune": (0.80, 0.94),
    "hospital": (0.78, 0.88), "health_centre": (0.80, 0.90),
    "health_station": (0.82, 0.95), "school": (0.85, 0.95),
}
ROLE_QUALITY = {"below": (0.58, 0.66), "burst": (0.70, 0.78)}


class DemoError(RuntimeError):
    """The demo cannot run as asked; the message says why and what to do."""


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    scope_code: str | None


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    first_day: dt.date
    last_day: dt.date
    units: int
    channels: int
    responses: int
    answers: int
    comments: int
    tokens: int
    service_volumes: int
    admin_username: str
    admin_password: str
    users: tuple[DemoUser, ...]
    merged_codes: tuple[str, ...]  # the two communes that merged
    successor_code: str
    merge_date: dt.date
    below_target: tuple[str, ...]
    tiny: tuple[str, ...]
    burst: tuple[str, ...]
    seconds: float


# ---------------------------------------------------------------------------
# The period: whole months ending with the last complete month before `end`


@dataclass(frozen=True)
class Period:
    months: tuple[dt.date, ...]  # first days

    @classmethod
    def ending_before(cls, end: dt.date, count: int) -> Period:
        year, month = end.year, end.month
        firsts = []
        for _ in range(count):
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            firsts.append(dt.date(year, month, 1))
        return cls(tuple(reversed(firsts)))

    @property
    def first_day(self) -> dt.date:
        return self.months[0]

    @property
    def last_day(self) -> dt.date:
        return month_end(self.months[-1])

    @property
    def merge_date(self) -> dt.date:
        """Mid-period: the first day of the middle month (mid-month for a single month)."""
        if len(self.months) == 1:
            return self.months[0].replace(day=16)
        return self.months[len(self.months) // 2]


def month_end(first: dt.date) -> dt.date:
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


# ---------------------------------------------------------------------------
# The plan: units with their channels and character, all from the seed


@dataclass
class ChannelPlan:
    kind: str
    label: str
    service_area: str | None = None
    weight: float = 1.0
    code: str = ""


@dataclass
class UnitPlan:
    code: str
    name: str
    kind: str
    level: str
    parent: str | None
    volume: float = 0.0  # typical responses a month at scale 1
    channels: list[ChannelPlan] = field(default_factory=list)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str | None = None
    role: str = ""  # "", "below" (target), "tiny", "burst"
    quality: float = 0.85
    trend: float = 0.0
    five_share: float = 0.45
    weak: float = 0.0  # which aspect lags (a fraction of the aspect list)
    response_rate: float | None = None  # responses / served, for the service volume
    redemption: float = 0.5  # share of printed receipt codes that get used


def plan_province(seed: int, period: Period) -> list[UnitPlan]:
    rng = random.Random(f"{seed}/province")
    units = [UnitPlan(data.PROVINCE["code"], data.PROVINCE["name"], ADMIN, "province", None)]
    units += plan_departments(units[0].code)
    units += plan_districts(rng, units[0].code, period.merge_date)
    units += plan_health(rng)
    units += plan_schools(rng)
    assign_roles(rng, units)
    for unit in units:
        characterise(rng, unit)
    assign_codes(random.Random(f"{seed}/codes"), units)
    return units


def desks(pairs, start: int = 1) -> list[ChannelPlan]:
    return [ChannelPlan("desk", f"Quầy {number} - {label}", area,
                        1.5 if area == "dat_dai" else 1.0)
            for number, (label, area) in enumerate(pairs, start)]


def receipt(channels: list[ChannelPlan]) -> ChannelPlan:
    """One-time codes on the dossier receipt: about a third of a unit's responses."""
    return ChannelPlan("receipt", "Mã trên giấy hẹn trả kết quả",
                       weight=0.5 * sum(c.weight for c in channels))


def kiosk() -> ChannelPlan:
    return ChannelPlan("kiosk", "Máy tính bảng tại sảnh", weight=0.5)


def plan_departments(root: str) -> list[UnitPlan]:
    units = []
    for code, name, volume, pairs, receipts in data.DEPARTMENTS:
        channels = desks(pairs)
        extra = [receipt(channels)] if receipts else []
        extra += [kiosk()] if code in data.DEPARTMENT_KIOSKS else []
        units.append(UnitPlan(code, name, ADMIN, "department", root, volume, channels + extra))
    return units


def plan_districts(rng: random.Random, root: str, merge_date: dt.date) -> list[UnitPlan]:
    units = []
    for district in data.DISTRICTS:
        code = "H-" + district["code"]
        areas = [a for a in data.DISTRICT_AREAS if rng.random() < 0.7] or ["dat_dai"]
        channels = desks([(data.SERVICE_AREAS[a], a) for a in areas[:3]])
        channels += [receipt(channels)] + ([kiosk()] if district["modern"] else [])
        units.append(UnitPlan(code, "UBND " + district["name"], ADMIN, "district", root,
                              district["volume"], channels))
        for number, name in enumerate(district["communes"], 1):
            units.append(plan_commune(rng, f"X-{district['code']}-{number:02d}", name, code))
        if district["code"] == data.MERGER["district"]:
            units.append(plan_merger(rng, units, district, merge_date))
    return units


def plan_commune(rng: random.Random, code: str, name: str, parent: str) -> UnitPlan:
    low, high = data.VOLUME_RANGES["commune"]
    urban = 1.4 if name.startswith(("phường", "thị trấn")) else 1.0
    pairs = [("Tư pháp - Hộ tịch", "tu_phap")]
    if rng.random() < 0.6:
        pairs.append(("Đất đai", "dat_dai"))
    channels = desks(pairs)
    if rng.random() < 0.4:
        channels.append(receipt(channels))
    return UnitPlan(code, "UBND " + name, ADMIN, "commune", parent,
                    rng.uniform(low, high) * urban, channels)


def plan_merger(rng: random.Random, units: list[UnitPlan], district: dict,
                merge_date: dt.date) -> UnitPlan:
    """Two communes end the day before the merger; their successor starts on it."""
    merged = [units[-len(district["communes"]) + number - 1] for number in data.MERGER["communes"]]
    number = len(district["communes"]) + 1
    successor = plan_commune(rng, f"X-{district['code']}-{number:02d}", data.MERGER["successor"],
                             merged[0].parent)
    successor.valid_from = merge_date
    successor.volume = sum(unit.volume for unit in merged)
    for unit in merged:
        unit.valid_to = merge_date - dt.timedelta(days=1)
        unit.successor = successor.code
    return successor


def plan_health(rng: random.Random) -> list[UnitPlan]:
    units = []
    for code, name, volume, labels, has_kiosk in data.HOSPITALS:
        channels = [ChannelPlan("desk", label) for label in labels]
        channels += [kiosk()] if has_kiosk else []
        units.append(UnitPlan(code, name, HEALTH, "hospital", "SO-YT", volume, channels))
    for district in data.DISTRICTS:
        centre = f"TTYT-{district['code']}"
        channels = [ChannelPlan("desk", "Khoa Khám bệnh")]
        if rng.random() < 0.5:
            channels.append(ChannelPlan("desk", "Khoa Nội", weight=0.6))
        units.append(UnitPlan(centre, "Trung tâm Y tế " + district["name"], HEALTH,
                              "health_centre", "SO-YT", draw(rng, "health_centre"), channels))
        for number in district["stations"]:
            units.append(UnitPlan(
                f"TYT-{district['code']}-{number:02d}",
                "Trạm Y tế " + district["communes"][number - 1], HEALTH, "health_station",
                centre, draw(rng, "health_station"), [ChannelPlan("desk", "Phòng khám")]))
    return units


def plan_schools(rng: random.Random) -> list[UnitPlan]:
    def school(code: str, name: str, parent: str, size: str) -> UnitPlan:
        channels = [ChannelPlan("desk", "Văn phòng nhà trường", weight=0.6),
                    ChannelPlan("link", "Đường dẫn gửi phụ huynh qua Zalo")]
        return UnitPlan(code, name, EDUCATION, "school", parent, draw(rng, size), channels)

    units = [school(*data.HIGH_SCHOOL_EXTRA, "SO-GDDT", "high_school")]
    for district in data.DISTRICTS:
        units.append(school("THPT-" + district["code"], district["high_school"], "SO-GDDT",
                            "high_school"))
        for prefix, name in zip(data.SCHOOL_PREFIXES, district["schools"], strict=True):
            units.append(school(f"{prefix}-{district['code']}", name,
                                "H-" + district["code"], "school"))
    return units


def draw(rng: random.Random, size: str) -> float:
    low, high = data.VOLUME_RANGES[size]
    return rng.uniform(low, high)


def assign_roles(rng: random.Random, units: list[UnitPlan]) -> None:
    """Bursts, clearly-below-target units and tiny units: never the merged communes."""
    def free(*levels: str) -> list[UnitPlan]:
        return [u for u in units if u.level in levels and not u.role and u.channels
                and u.valid_to is None and u.valid_from is None]

    pools = (("commune",), ("district",), ("health_centre", "health_station"))
    for levels in pools[:rng.choice((2, 3))]:
        rng.choice(free(*levels)).role = "burst"
    large = [u for u in free("department", "district", "hospital", "health_centre")
             if u.volume >= 150]
    for unit in rng.sample(large, rng.randint(3, 5)):
        unit.role = "below"
    for level, count in (("commune", 4), ("health_station", 3)):
        for unit in rng.sample(free(level), count):
            unit.role = "tiny"


def characterise(rng: random.Random, unit: UnitPlan) -> None:
    low, high = ROLE_QUALITY.get(unit.role) or QUALITY.get(unit.level, (0.82, 0.9))
    unit.quality = rng.uniform(low, high)
    unit.trend = rng.uniform(-0.04, 0.06)
    unit.five_share = rng.uniform(0.3, 0.6)
    unit.weak = rng.random()
    unit.redemption = rng.uniform(0.35, 0.7)
    if unit.kind == ADMIN and unit.channels and rng.random() < 0.85:
        unit.response_rate = rng.uniform(0.05, 0.40)


def assign_codes(rng: random.Random, units: list[UnitPlan]) -> None:
    """64 random bits, URL-safe base64 (11 characters): from the seed, not from secrets."""
    seen: set[str] = set()
    for unit in units:
        for channel in unit.channels:
            while not channel.code or channel.code in seen:
                raw = rng.getrandbits(64).to_bytes(8, "big")
                channel.code = base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
            seen.add(channel.code)


def plan_users(seed: int, units: list[UnitPlan]) -> tuple[DemoUser, ...]:
    """An administrator, a Sở Nội vụ supervisor over the whole province, a district manager."""
    rng = random.Random(f"{seed}/users")

    def password() -> str:
        return f"demo-{rng.choice(data.WORDS)}-{rng.randint(0, 9999):04d}"

    district = rng.choice([u for u in units if u.level == "district"])
    return (
        DemoUser(f"admin-{rng.choice(data.WORDS)}", password(), "admin", None),
        DemoUser(f"snv-{rng.choice(data.WORDS)}", password(), "supervisor", units[0].code),
        DemoUser(f"{district.code[2:].lower()}-{rng.choice(data.WORDS)}", password(),
                 "unit_manager", district.code),
    )


# ---------------------------------------------------------------------------
# The simulation: one unit's responses, month by month, from its own random stream


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
        return Draft(outlet, at, day, seconds, ratings, choices, language, "", note)

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
        genuine = sum(1 for d in drafts if not d.flags)
        if rate is None or not genuine:
            return None
        return math.ceil(genuine / (rate * self.rng.uniform(0.9, 1.1)))


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


# ---------------------------------------------------------------------------
# Bulk writing


class BulkWriter:
    """Buffers rows and writes them with Core bulk inserts, assigning ids itself."""

    ORDER = (Response, Answer, Comment, Contact, Token, TokenRedemption, ServiceVolume)
    NUMBERED = (Response, Answer, Comment, Contact, Token)

    def __init__(self, session: Session, timezone: str, token_days: int) -> None:
        self.session, self.timezone = session, timezone
        self.token_life = dt.timedelta(days=token_days)
        self.next_id = {model: (session.scalar(select(func.max(model.id))) or 0) + 1
                        for model in self.NUMBERED}
        self.rows: dict[type, list[dict]] = {model: [] for model in self.ORDER}
        self.counts = dict.fromkeys(self.ORDER, 0)

    def take(self, model: type) -> int:
        number = self.next_id[model]
        self.next_id[model] = number + 1
        return number

    def responses(self, unit_id: int, questionnaire_id: int, drafts: list[Draft]) -> None:
        responses, answers = self.rows[Response], self.rows[Answer]
        for d in drafts:
            rid = self.take(Response)
            responses.append({
                "id": rid, "channel_id": d.channel.id, "unit_id": unit_id,
                "questionnaire_id": questionnaire_id, "submitted_at": d.at,
                "local_date": local_date(d.at, self.timezone), "language": d.language,
                "verified": d.channel.kind == "receipt", "seconds_spent": d.seconds,
                "flags": d.flags, "excluded": False, "exclusion_reason": None,
                "device_hash": None, "idempotency_key": None})
            for key, value in d.ratings:
                answers.append({"id": self.take(Answer), "response_id": rid, "item_key": key,
                                "value": value, "choice": None})
            for key, choice in d.choices:
                answers.append({"id": self.take(Answer), "response_id": rid, "item_key": key,
                                "value": None, "choice": choice})
            if d.note:
                self.comment(rid, d.at, d.note)
        if len(responses) >= CHUNK:
            self.flush()

    def comment(self, response_id: int, at: dt.datetime, note: Note) -> None:
        cid = self.take(Comment)
        self.rows[Comment].append({
            "id": cid, "response_id": response_id, "text": note.text, "status": note.status,
            "handled_by_id": note.handled_by, "handled_at": note.handled_at,
            "reply": note.reply})
        if note.phone:
            self.rows[Contact].append({"id": self.take(Contact), "comment_id": cid,
                                       "phone": note.phone, "email": None, "consented_at": at})

    def tokens(self, rows: list[tuple[int, str, dt.datetime, dt.datetime | None]]) -> None:
        for channel_id, code_hash, issued, used in rows:
            tid = self.take(Token)
            self.rows[Token].append({"id": tid, "code_hash": code_hash, "channel_id": channel_id,
                                     "issued_at": issued, "expires_at": issued + self.token_life})
            if used is not None:
                self.rows[TokenRedemption].append(
                    {"token_id": tid, "used_on": local_date(used, self.timezone)})

    def volume(self, unit_id: int, month: dt.date, served: int) -> None:
        self.rows[ServiceVolume].append({"unit_id": unit_id, "month": month, "served": served})

    def flush(self) -> None:
        for model in self.ORDER:
            rows = self.rows[model]
            if rows:
                self.session.execute(insert(model.__table__), rows)
                self.counts[model] += len(rows)
                rows.clear()

    def finish(self) -> None:
        """Flush, and on PostgreSQL move each id sequence past the ids assigned here."""
        self.flush()
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for model in self.NUMBERED:
            table = model.__table__.name
            self.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - model names
                f"(SELECT max(id) FROM {table}))"))


# ---------------------------------------------------------------------------
# Writing the structure


def make_room(session: Session, replace: bool) -> None:
    count = session.scalar(select(func.count(Unit.id))) or 0
    if count and not replace:
        raise DemoError(
            f"the database already holds {count} units; the demo fills an empty database "
            "only. Run it with --replace to delete every unit, channel, response, token, "
            "user and audit event first.")
    if count or replace:
        for model in (Contact, Comment, Answer, Response, TokenRedemption, Token, ApiKey,
                      ServiceVolume, Channel, AuditEvent, User):
            session.execute(delete(model.__table__))
        session.execute(update(Unit.__table__).values(parent_id=None, successor_id=None))
        session.execute(delete(Unit.__table__))


def load_forms(session: Session) -> dict[str, tuple[int, Instrument]]:
    """The current questionnaire of each unit kind, by kind: (row id, instrument)."""
    sync_builtin(session)
    session.flush()
    forms = {}
    for inst in builtin_instruments().values():
        row = current(session, inst.key)
        forms[inst.kind] = (row.id, parse_instrument(row.spec, source=f"{inst.key}@{row.version}"))
    return forms


def write_units(session: Session, plan: list[UnitPlan], forms: dict, period: Period
                ) -> tuple[dict[str, Unit], dict[str, list[Outlet]]]:
    units: dict[str, Unit] = {}
    for p in plan:
        units[p.code] = Unit(code=p.code, name=p.name, kind=p.kind, level=p.level,
                             parent=units[p.parent] if p.parent else None,
                             valid_from=p.valid_from, valid_to=p.valid_to)
    for p in plan:
        if p.successor:
            units[p.code].successor = units[p.successor]
    session.add_all(units.values())
    channels: dict[str, list[tuple[Channel, float]]] = {}
    for p in plan:
        if p.channels and p.kind not in forms:
            raise DemoError(f"no questionnaire for {p.kind} units; check survey/instruments")
        since = p.valid_from or period.first_day - dt.timedelta(days=30)
        channels[p.code] = [(Channel(
            code=c.code, unit=units[p.code], questionnaire_id=forms[p.kind][0], kind=c.kind,
            label=c.label, service_area=c.service_area, active=p.valid_to is None,
            created_at=dt.datetime.combine(since, dt.time(1))), c.weight) for c in p.channels]
        session.add_all(row for row, _ in channels[p.code])
    session.flush()
    outlets = {code: [Outlet(row.id, row.kind, weight) for row, weight in rows]
               for code, rows in channels.items()}
    return units, outlets


def write_users(session: Session, users: tuple[DemoUser, ...], units: dict[str, Unit]
                ) -> list[int]:
    """Add the demo users; returns the ids of those who handle comments."""
    names = [u.username for u in users]
    taken = session.scalars(select(User.username).where(User.username.in_(names))).all()
    if taken:
        raise DemoError(f"user {taken[0]} already exists; run the demo with --replace")
    rows = []
    for u in users:
        row = User(username=u.username, role=u.role, active=True,
                   scope_unit=units[u.scope_code] if u.scope_code else None)
        row.set_password(u.password)
        rows.append(row)
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows if row.role in ("admin", "supervisor")]


# ---------------------------------------------------------------------------
# The entry points


def build_demo(session: Session, *, seed: int, months: int = 12, end: dt.date | None = None,
               timezone: str, scale: float = 1.0, replace: bool = False,
               token_days: int = 30) -> DemoSummary:
    """Fill the database with the demo province; the caller commits.

    `end`: the months end with the last complete month before it (default: today in
    `timezone`). `scale` multiplies the volumes (tests use 0.05); tiny units, bursts and
    the floor of the below-target units do not scale, so every feature stays visible.
    """
    started = time.perf_counter()
    if not 1 <= months <= 60:
        raise DemoError("months must be between 1 and 60")
    if not 0 < scale <= 10:
        raise DemoError("scale must be above 0 and at most 10")
    zone = ZoneInfo(timezone)
    period = Period.ending_before(end or dt.datetime.now(zone).date(), months)
    make_room(session, replace)
    forms = load_forms(session)
    plan = plan_province(seed, period)
    users = plan_users(seed, plan)
    units, outlets = write_units(session, plan, forms, period)
    handlers = write_users(session, users, units)
    writer = BulkWriter(session, timezone, token_days)
    for unit in plan:
        if unit.channels:
            simulate(writer, UnitSimulation(seed, unit, forms[unit.kind][1], outlets[unit.code],
                                            period, zone, scale, handlers),
                     units[unit.code].id, forms[unit.kind][0])
    writer.finish()
    return summarise(seed, period, plan, users, writer, time.perf_counter() - started)


def simulate(writer: BulkWriter, sim: UnitSimulation, unit_id: int, questionnaire_id: int
             ) -> None:
    for index, first in enumerate(sim.period.months):
        drafts = sim.month(index, first)
        writer.responses(unit_id, questionnaire_id, drafts)
        writer.tokens(sim.tokens(drafts, first))
        served = sim.served(drafts)
        if served:
            writer.volume(unit_id, first, served)


def summarise(seed: int, period: Period, plan: list[UnitPlan], users: tuple[DemoUser, ...],
              writer: BulkWriter, seconds: float) -> DemoSummary:
    def role(name: str) -> tuple[str, ...]:
        return tuple(u.code for u in plan if u.role == name)

    merged = tuple(u.code for u in plan if u.successor)
    return DemoSummary(
        seed=seed, first_day=period.first_day, last_day=period.last_day, units=len(plan),
        channels=sum(len(u.channels) for u in plan), responses=writer.counts[Response],
        answers=writer.counts[Answer], comments=writer.counts[Comment],
        tokens=writer.counts[Token], service_volumes=writer.counts[ServiceVolume],
        admin_username=users[0].username, admin_password=users[0].password, users=users,
        merged_codes=merged, successor_code=next(u.successor for u in plan if u.successor),
        merge_date=period.merge_date, below_target=role("below"), tiny=role("tiny"),
        burst=role("burst"), seconds=seconds)


@click.command("demo")
@click.option("--months", default=12, show_default=True, type=click.IntRange(1, 60),
              help="How many whole months of responses, ending with last month.")
@click.option("--seed", default=DEFAULT_SEED, show_default=True, type=int,
              help="The same seed gives the same province, codes, responses and passwords.")
@click.option("--scale", default=1.0, show_default=True, type=click.FloatRange(0.01, 10),
              help="Multiplies the response volumes (1.0: about 150,000 a year).")
@click.option("--end", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Pretend today is this date (YYYY-MM-DD).")
@click.option("--replace", is_flag=True,
              help="Delete every unit, channel, response, token, user and audit event first.")
@with_appcontext
def demo_command(months: int, seed: int, scale: float, end: dt.datetime | None,
                 replace: bool) -> None:
    """Build the demo province: units, channels, users and months of responses."""
    from .extensions import db

    try:
        summary = build_demo(db.session, seed=seed, months=months, scale=scale,
                             end=end.date() if end else None,
                             timezone=current_app.config["TIMEZONE"], replace=replace)
    except DemoError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    for line in describe(summary):
        click.echo(line)


def describe(s: DemoSummary) -> list[str]:
    lines = [
        f"Demo province (seed {s.seed}) built in {s.seconds:.1f} s: {s.units} units, "
        f"{s.channels} channels, {s.responses:,} responses from {s.first_day:%d/%m/%Y} "
        f"to {s.last_day:%d/%m/%Y}, {s.comments:,} comments, {s.tokens:,} receipt codes.",
        f"Merger on {s.merge_date:%d/%m/%Y}: {' + '.join(s.merged_codes)} -> {s.successor_code}",
        f"Below target: {', '.join(s.below_target)}",
        f"Tiny (under 10 a month): {', '.join(s.tiny)}",
        f"Suspicious bursts: {', '.join(s.burst)}",
        "",
        "Sign in at /admin/sign-in with:",
    ]
    for user in s.users:
        scope = f" (scope {user.scope_code})" if user.scope_code else ""
        lines.append(f"  {user.role:<13} {user.username} / {user.password}{scope}")
    return lines
