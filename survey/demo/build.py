"""Building the demo province: `build_demo` fills an empty database from a seed.

The same seed gives the same units, channel codes, responses and passwords; another seed
gives other data. It plans the province (survey/demo/plan.py), writes the units, channels and
users (survey/demo/writer.py), then simulates the responses unit by unit and month by month
(survey/demo/simulate.py) and sums up what it built in a `DemoSummary`. The caller commits.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ..models import Answer, Comment, Response, ServiceVolume, Token
from .plan import DemoUser, Period, UnitPlan, plan_province, plan_users
from .simulate import UnitSimulation
from .writer import BulkWriter, DemoError, load_forms, make_room, write_units, write_users


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

