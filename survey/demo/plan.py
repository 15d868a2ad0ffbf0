"""The province plan: units, their channels and character, and the demo users, from the seed.

Pure: nothing here touches the database. The province itself is data (survey/demo/names.py);
this module turns it into `UnitPlan`s for a `Period` of whole months, using random streams
derived from the seed, so the same seed always plans the same units, roles, channel codes and
users.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
from dataclasses import dataclass, field

from . import names as data

ADMIN, HEALTH, EDUCATION = "administrative", "health", "education"
QUALITY = {  # share satisfied on the overall item, by level: (low, high)
    "department": (0.84, 0.93), "district": (0.80, 0.90), "commune": (0.80, 0.94),
    "hospital": (0.78, 0.88), "health_centre": (0.80, 0.90),
    "health_station": (0.82, 0.95), "school": (0.85, 0.95),
}
ROLE_QUALITY = {"below": (0.58, 0.66), "burst": (0.70, 0.78)}


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    scope_code: str | None



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

