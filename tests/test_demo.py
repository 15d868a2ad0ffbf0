"""The demo province: deterministic for a seed, shaped like a real province, and carrying
every feature the statistics and reports must show (merger, tiny units, below-target units,
suspicious bursts, comments with personal data to mask)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from survey.demo import DemoError, build_demo, demo_command
from survey.extensions import db
from survey.models import (
    Answer,
    Channel,
    Comment,
    Questionnaire,
    Response,
    ServiceVolume,
    Token,
    TokenRedemption,
    Unit,
    User,
)
from survey.timeutil import local_date

TZ = "Asia/Ho_Chi_Minh"
END = dt.date(2026, 11, 28)  # months September and October 2026; merger on 1 October
SMALL = {"months": 2, "end": END, "timezone": TZ, "scale": 0.05}
PHONE = re.compile(r"0\d{3}[ .]?\d{3}[ .]?\d{3}")


def build(seed: int = 7, **settings):
    summary = build_demo(db.session, seed=seed, **{**SMALL, **settings})
    db.session.commit()
    return summary


def unit_ids(codes) -> list[int]:
    return list(db.session.scalars(select(Unit.id).where(Unit.code.in_(codes))))


def fingerprint(summary) -> dict:
    session = db.session
    return {
        "units": session.execute(select(Unit.code, Unit.name, Unit.kind, Unit.level,
                                        Unit.valid_from, Unit.valid_to)
                                 .order_by(Unit.code)).all(),
        "channels": session.execute(select(Unit.code, Channel.code, Channel.kind, Channel.label)
                                    .join(Unit).order_by(Channel.code)).all(),
        "responses": session.scalar(select(func.count(Response.id))),
        "answer_sum": session.scalar(select(func.sum(Answer.value))),
        "seconds": session.scalar(select(func.sum(Response.seconds_spent))),
        "times": session.scalars(select(Response.submitted_at).order_by(Response.id)
                                 .limit(50)).all(),
        "comments": session.scalars(select(Comment.text).order_by(Comment.id)).all(),
        "tokens": session.scalar(select(func.count(Token.id))),
        "users": summary.users,
        "roles": (summary.merged_codes, summary.below_target, summary.tiny, summary.burst),
    }


def test_same_seed_gives_the_same_province_and_another_seed_differs(ctx, make_app, tmp_path):
    prints = []
    for seed, name in ((7, None), (7, "second"), (8, "third")):
        if name is None:
            prints.append(fingerprint(build(seed)))
            continue
        other = make_app(DATABASE_URL=f"sqlite:///{tmp_path}/{name}.sqlite")
        with other.app_context():
            db.create_all()
            prints.append(fingerprint(build(seed)))
            db.session.remove()
            db.engine.dispose()
    assert prints[0] == prints[1]
    differing = [key for key in prints[0] if prints[0][key] != prints[2][key]]
    assert {"channels", "responses", "answer_sum", "users"} <= set(differing)


def test_structure_is_a_plausible_province(ctx):
    summary = build()
    levels = Counter(db.session.scalars(select(Unit.level)))
    assert summary.units == sum(levels.values()) >= 150
    assert levels["province"] == 1
    assert levels["department"] >= 20 and levels["district"] >= 10
    assert levels["commune"] >= 60
    assert min(levels["hospital"], levels["health_station"], levels["school"]) > 0
    rows = db.session.execute(select(Unit.code, Unit.kind, Unit.level, Channel.kind,
                                     Channel.code, Questionnaire.kind)
                              .join(Channel, Channel.unit_id == Unit.id)
                              .join(Questionnaire)).all()
    assert len(rows) == summary.channels
    assert all(unit_kind == form_kind for _, unit_kind, _, _, _, form_kind in rows)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{11}", code) for *_, code, _ in rows)
    desks = Counter(code for code, kind, level, channel_kind, *_ in rows
                    if kind == "administrative" and channel_kind == "desk")
    admin = db.session.scalars(select(Unit.code).where(
        Unit.kind == "administrative", Unit.level != "province")).all()
    assert all(1 <= desks[code] <= 3 for code in admin)
    assert {"receipt", "kiosk", "desk"} <= {row[3] for row in rows}
    communes = db.session.scalars(select(Unit).where(Unit.level == "commune")).all()
    assert all(c.parent.level == "district" for c in communes)
    assert all("xã" in c.name or "phường" in c.name or "thị trấn" in c.name for c in communes)


def test_two_communes_merge_into_a_new_one_mid_period(ctx):
    summary = build()
    merged = db.session.scalars(select(Unit).where(Unit.code.in_(summary.merged_codes))).all()
    successor = db.session.scalar(select(Unit).where(Unit.code == summary.successor_code))
    assert len(merged) == 2 and dt.date(2026, 10, 1) == summary.merge_date
    assert all(u.level == "commune" and u.successor is successor for u in merged)
    assert all(u.valid_to == summary.merge_date - dt.timedelta(days=1) for u in merged)
    assert successor.valid_from == summary.merge_date and successor.valid_to is None

    def dates(ids):
        return db.session.execute(select(func.min(Response.local_date),
                                         func.max(Response.local_date), func.count())
                                  .where(Response.unit_id.in_(ids))).one()

    first, last, count = dates([u.id for u in merged])
    assert count > 0 and last < summary.merge_date
    first, last, count = dates([successor.id])
    assert count > 0 and first >= summary.merge_date
    old = set(db.session.scalars(select(Channel.code).where(
        Channel.unit_id.in_([u.id for u in merged]), Channel.active.is_(True))))
    assert not old  # the merged communes' QR codes are switched off
    assert db.session.scalar(select(func.count(Channel.id)).where(
        Channel.unit_id == successor.id, Channel.active.is_(True))) >= 1


def monthly_counts(codes) -> Counter:
    rows = db.session.execute(select(Unit.code, Response.local_date).join(Unit)
                              .where(Unit.code.in_(codes))).all()
    return Counter((code, day.replace(day=1)) for code, day in rows)


def test_tiny_units_have_fewer_than_ten_responses_a_month(ctx):
    summary = build()
    counts = monthly_counts(summary.tiny)
    assert len(summary.tiny) >= 3
    for code in summary.tiny:
        months = [n for (unit, _), n in counts.items() if unit == code]
        assert months and max(months) < 10


def overall_shares(codes=None) -> dict[str, tuple[int, float]]:
    satisfied = func.sum(func.coalesce((Answer.value >= 4).cast(db.Integer), 0))
    query = (select(Unit.code, func.count(), satisfied)
             .select_from(Answer).join(Response).join(Unit)
             .where(Answer.item_key == "overall", Answer.value > 0).group_by(Unit.code))
    if codes is not None:
        query = query.where(Unit.code.in_(codes))
    return {code: (n, good / n) for code, n, good in db.session.execute(query)}


def test_a_few_units_are_clearly_below_target_and_most_are_not(ctx):
    summary = build(scale=0.2)
    assert 3 <= len(summary.below_target) <= 6
    shares = overall_shares()
    for code in summary.below_target:
        n, share = shares[code]
        assert n >= 80 and share < 0.75, code
    special = set(summary.below_target) | set(summary.burst)
    ordinary = [share for code, (n, share) in shares.items() if n >= 50 and code not in special]
    assert len(ordinary) >= 15
    assert sum(share >= 0.75 for share in ordinary) >= 0.9 * len(ordinary)


def test_burst_units_carry_the_integrity_flags(ctx):
    summary = build()
    assert 2 <= len(summary.burst) <= 3
    flagged = db.session.execute(select(Unit.code, Response.id, Response.channel_id,
                                        Response.submitted_at, Response.seconds_spent,
                                        Response.flags).join(Unit)
                                 .where(Response.flags.contains("burst"))).all()
    assert {code for code, *_ in flagged} == set(summary.burst)
    for code in summary.burst:
        rows = [row for row in flagged if row[0] == code]
        assert len(rows) >= 20
        assert all(set(r[5].split(",")) == {"burst", "straight-line", "fast"} for r in rows)
        assert all(r[4] < 10 for r in rows)
        by_channel = Counter(r[2] for r in rows)
        assert max(by_channel.values()) >= 20
        values = set(db.session.scalars(select(Answer.value).where(
            Answer.response_id.in_([r[1] for r in rows]), Answer.value.is_not(None))))
        assert values == {5}


def test_ordinary_responses_get_the_live_surveys_flags(ctx):
    """Outside the bursts, the demo flags what the live survey would: every response
    with five or more ratings all at one level is flagged straight-line, no other is."""
    build()
    rows = db.session.execute(
        select(Response.id, Response.flags, Answer.value)
        .join(Answer, Answer.response_id == Response.id)
        .where(~Response.flags.contains("burst"), Answer.value.between(1, 5))).all()
    levels: dict[int, list[int]] = {}
    marks: dict[int, str] = {}
    for response_id, flags, value in rows:
        levels.setdefault(response_id, []).append(value)
        marks[response_id] = flags
    for response_id, values in levels.items():
        straight = len(values) >= 5 and len(set(values)) == 1
        assert ("straight-line" in marks[response_id]) == straight, response_id
    assert any("straight-line" in flags for flags in marks.values())


def test_no_device_trace_and_receipt_codes_are_unlinked(ctx):
    build()
    assert db.session.scalar(select(func.count(Response.id)).where(
        Response.device_hash.is_not(None) | Response.idempotency_key.is_not(None))) == 0
    columns = {c.name for c in Response.__table__.columns}
    assert not {name for name in columns if "ip" in name.split("_") or "agent" in name}
    verified = db.session.execute(select(Response.verified, Channel.kind, func.count())
                                  .join(Channel).group_by(Response.verified, Channel.kind)).all()
    assert all(flag == (kind == "receipt") for flag, kind, _ in verified)
    redeemed = db.session.scalar(select(func.count()).select_from(TokenRedemption))
    assert redeemed == sum(n for flag, _, n in verified if flag) > 0
    assert db.session.scalar(select(func.count(Token.id))) > redeemed  # some never used
    assert "response_id" not in {c.name for c in TokenRedemption.__table__.columns}


def test_comments_are_realistic_and_some_need_masking(ctx):
    summary = build(scale=0.3)
    comments = db.session.scalars(select(Comment)).all()
    share = len(comments) / summary.responses
    assert 0.02 < share < 0.1
    assert any(PHONE.search(c.text) for c in comments)
    statuses = Counter(c.status for c in comments)
    assert statuses["resolved"] > 0 and statuses["in_progress"] > 0
    handled = [c for c in comments if c.status != "new"]
    assert all(c.handled_by_id and c.handled_at for c in handled)
    assert all(c.reply for c in comments if c.status == "resolved")
    assert all(len(c.text) <= 1000 for c in comments)


def test_responses_fall_in_office_hours_and_in_the_period(ctx):
    summary = build()
    zone = ZoneInfo(TZ)
    rows = db.session.execute(select(Response.submitted_at, Response.local_date,
                                     Response.seconds_spent)).all()
    assert len(rows) == summary.responses > 500
    for at, day, seconds in rows:
        local = at.replace(tzinfo=dt.UTC).astimezone(zone)
        assert day == local_date(at, TZ) == local.date()
        assert summary.first_day <= day <= summary.last_day
        assert day.weekday() < 6
        assert dt.time(7, 30) <= local.time() <= dt.time(17, 0)
        assert 1 <= seconds <= 600
    typical = sorted(seconds for *_, seconds in rows)[len(rows) // 2]
    assert 20 <= typical <= 120


def test_answers_cover_overall_aspects_choices_and_gaps(ctx):
    build()
    rows = db.session.execute(select(Answer.item_key, Answer.value, Answer.choice)).all()
    keys = Counter(key for key, _, _ in rows)
    assert {"overall", "tiep_can", "ket_qua", "so_lan_di_lai", "nguoi_tra_loi"} <= set(keys)
    assert any(value == 0 for _, value, _ in rows)  # "Không ý kiến"
    assert keys["tiep_can"] < keys["overall"] or keys["ket_qua"] < keys["overall"]  # skips
    assert all((value is None) != (choice is None) for _, value, choice in rows)


def test_service_volumes_exceed_responses(ctx):
    build(scale=0.2)
    volumes = db.session.execute(select(ServiceVolume.unit_id, ServiceVolume.month,
                                        ServiceVolume.served, Unit.kind).join(Unit)).all()
    admin = db.session.scalar(select(func.count(Unit.id)).where(
        Unit.kind == "administrative", Unit.level != "province"))
    assert len({unit for unit, *_ in volumes}) >= 0.7 * admin
    assert all(kind == "administrative" for *_, kind in volumes)
    for unit, month, served, _ in volumes[:40]:
        answered = db.session.scalar(select(func.count(Response.id)).where(
            Response.unit_id == unit, Response.local_date >= month,
            Response.local_date < (month + dt.timedelta(days=32)).replace(day=1)))
        assert answered <= served <= answered * 25


def test_users_are_seeded_and_scoped(ctx):
    summary = build()
    admin, supervisor, manager = summary.users
    assert (admin.username, admin.password) == (summary.admin_username, summary.admin_password)
    assert re.fullmatch(r"demo-[a-z]+-\d{4}", admin.password)
    for spec in summary.users:
        user = db.session.scalar(select(User).where(User.username == spec.username))
        assert user.role == spec.role and user.check_password(spec.password)
        assert (user.scope_unit.code if user.scope_unit else None) == spec.scope_code
    assert admin.role == "admin" and admin.scope_code is None
    assert supervisor.role == "supervisor"
    assert manager.role == "unit_manager" and manager.scope_code.startswith("H-")


def test_refuses_a_database_with_units_unless_replacing(ctx):
    first = build()
    with pytest.raises(DemoError, match=f"already holds {first.units} units.*--replace"):
        build_demo(db.session, seed=7, **SMALL)
    db.session.rollback()
    second = build(replace=True)
    assert (second.units, second.responses) == (first.units, first.responses)
    assert db.session.scalar(select(func.count(Response.id))) == second.responses


def test_ordinary_inserts_work_after_the_demo(ctx):
    """Ids were assigned by the demo; the sequences (PostgreSQL) must have moved past them."""
    build()
    channel = db.session.scalar(select(Channel).where(Channel.kind == "desk").limit(1))
    now = dt.datetime(2026, 11, 27, 3, 0)
    response = Response(channel=channel, unit_id=channel.unit_id,
                        questionnaire_id=channel.questionnaire_id, submitted_at=now,
                        local_date=local_date(now, TZ), flags="")
    response.answers.append(Answer(item_key="overall", value=4))
    response.comment = Comment(text="Tốt", status="new")
    db.session.add(response)
    db.session.add(Token(code_hash="f" * 64, channel=channel, issued_at=now, expires_at=now))
    db.session.commit()
    assert response.id == db.session.scalar(select(func.max(Response.id)))


def test_cli_builds_and_prints_the_sign_in(app):
    runner = app.test_cli_runner()
    args = ["--months", "2", "--scale", "0.05", "--seed", "3", "--end", "2026-11-28"]
    result = runner.invoke(demo_command, args)
    assert result.exit_code == 0, result.output
    assert "Sign in" in result.output and "demo-" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Unit.id))) >= 150
    again = runner.invoke(demo_command, args)
    assert again.exit_code != 0 and "--replace" in again.output
