"""The command-line contract of DESIGN.md, driven through the test CLI runner."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import sqlalchemy as sa

from survey.extensions import db
from survey.models import Answer, Response, Unit, User

UNITS = """code,name,kind,level,parent_code,valid_from,valid_to,successor_code
PT,UBND tỉnh Phú Thọ,administrative,province,,,,
SO-TP,Sở Tư pháp,administrative,department,PT,,,
X-A,Xã Tân Lạc,administrative,commune,PT,,2026-06-30,X-C
X-B,Xã Mãn Đức,administrative,commune,PT,,2026-06-30,X-C
X-C,Xã Tân Lạc mới,administrative,commune,PT,2026-07-01,,
BV-1,Bệnh viện Đa khoa tỉnh,health,hospital,PT,,,
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_units_import_then_export_round_trips(runner, ctx, tmp_path):
    result = runner.invoke(args=["units", "import", str(write(tmp_path, "u.csv", UNITS))])
    assert result.exit_code == 0, result.output
    assert "Imported 6 units" in result.output
    merged = db.session.scalar(sa.select(Unit).where(Unit.code == "X-A"))
    assert merged.successor.code == "X-C" and merged.parent.code == "PT"
    exported = runner.invoke(args=["units", "export"]).output
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert {r["code"] for r in rows} == {"PT", "SO-TP", "X-A", "X-B", "X-C", "BV-1"}
    assert next(r for r in rows if r["code"] == "X-B")["valid_to"] == "2026-06-30"
    assert rows[0].keys() == {"code", "name", "kind", "level", "parent_code", "valid_from",
                              "valid_to", "successor_code"}


def test_units_import_is_all_or_nothing_with_row_number(runner, ctx, tmp_path):
    bad = UNITS + "X-D,Xã Lỗi,village,commune,PT,,,\n"
    result = runner.invoke(args=["units", "import", str(write(tmp_path, "bad.csv", bad))])
    assert result.exit_code == 1
    assert "row 8" in result.output and "kind 'village'" in result.output
    assert count(Unit) == 0


def test_units_import_refuses_unknown_parent_and_loops(runner, ctx, tmp_path):
    header = UNITS.splitlines()[0]
    unknown = header + "\nA,Đơn vị A,administrative,x,NOPE,,,\n"
    result = runner.invoke(args=["units", "import", str(write(tmp_path, "a.csv", unknown))])
    assert result.exit_code == 1 and "row 2" in result.output and "NOPE" in result.output
    loop = header + "\nA,A,other,x,B,,,\nB,B,other,x,A,,,\n"
    result = runner.invoke(args=["units", "import", str(write(tmp_path, "b.csv", loop))])
    assert result.exit_code == 1 and "loop" in result.output
    assert count(Unit) == 0


def test_questionnaires_show_matches_the_contract(runner):
    result = runner.invoke(args=["questionnaires", "show", "health", "--format", "json"])
    data = json.loads(result.output)
    assert {"key", "version", "overall", "items"} <= data.keys()
    assert data["key"] == "health" and data["overall"] == "overall"
    for item in data["items"]:
        assert {"key", "dimension", "type", "text"} <= item.keys()
        assert item["type"] in {"rating", "choice", "text"}
        assert item["text"]["vi"] and item["text"]["en"]
    missing = runner.invoke(args=["questionnaires", "show", "nope"])
    assert missing.exit_code == 1 and "no questionnaire" in missing.output


def import_units(runner, tmp_path):
    runner.invoke(args=["units", "import", str(write(tmp_path, "u.csv", UNITS))])


RESPONSES = """unit_code,questionnaire,submitted_at,channel_kind,overall,tiep_can,thu_tuc,comment
SO-TP,admin,2026-11-03T09:15:00+07:00,desk,5,4,0,Nhanh gọn
SO-TP,admin@1,2026-11-30T23:30:00+00:00,desk,2,,1,
X-A,admin,2026-11-04T10:00:00+07:00,receipt,4,4,4,
"""


def test_responses_import_and_export_round_trip(runner, ctx, tmp_path):
    import_units(runner, tmp_path)
    result = runner.invoke(args=["responses", "import",
                                 str(write(tmp_path, "r.csv", RESPONSES))])
    assert result.exit_code == 0, result.output
    assert count(Response) == 3 and count(Answer) == 8
    late = db.session.scalar(sa.select(Response).where(
        Response.local_date > dt.date(2026, 11, 30)))
    assert late.local_date.isoformat() == "2026-12-01"  # 23:30 UTC is December locally
    exported = runner.invoke(args=["responses", "export", "--period", "2026-11"]).output
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert len(rows) == 2
    first = rows[0]
    assert first["submitted_at"] == "2026-11-03T09:15:00+07:00"
    assert (first["overall"], first["thu_tuc"], first["comment"]) == ("5", "0", "Nhanh gọn")
    again = write(tmp_path, "again.csv", exported)
    assert runner.invoke(args=["responses", "import", str(again)]).exit_code == 0
    assert count(Response) == 5


def test_responses_import_refuses_bad_rows_and_writes_nothing(runner, ctx, tmp_path):
    import_units(runner, tmp_path)
    cases = {
        "SO-TP,admin,2026-11-03T09:15:00+07:00,desk,7,,,": "từ 0 đến 5",
        "SO-TP,admin,2026-11-03T09:15:00,desk,5,,,": "offset",
        "NOPE,admin,2026-11-03T09:15:00+07:00,desk,5,,,": "NOPE",
        "SO-TP,admin@9,2026-11-03T09:15:00+07:00,desk,5,,,": "admin@9",
        "SO-TP,admin,2026-11-03T09:15:00+07:00,fax,5,,,": "fax",
    }
    header, good = RESPONSES.splitlines()[0], RESPONSES.splitlines()[1]
    for bad_row, reason in cases.items():
        path = write(tmp_path, "bad.csv", f"{header}\n{good}\n{bad_row}\n")
        result = runner.invoke(args=["responses", "import", str(path)])
        assert result.exit_code == 1
        assert "row 3" in result.output and reason in result.output
    assert count(Response) == 0 and count(Answer) == 0


def test_channels_list_json_and_csv(runner, ctx, tmp_path):
    import_units(runner, tmp_path)
    runner.invoke(args=["responses", "import", str(write(tmp_path, "r.csv", RESPONSES))])
    data = json.loads(runner.invoke(args=["channels", "list", "--format", "json"]).output)
    assert {row["unit_code"] for row in data} == {"SO-TP", "X-A"}
    assert data[0].keys() == {"code", "unit_code", "kind", "label", "url"}
    assert data[0]["url"].startswith("https://hailong.example.vn/s/")
    csv_text = runner.invoke(args=["channels", "list", "--unit", "X-A"]).output
    assert csv_text.splitlines()[0] == "code,unit_code,kind,label,url"
    assert len(csv_text.splitlines()) == 2


def test_users_create_with_scope(runner, ctx, tmp_path):
    import_units(runner, tmp_path)
    result = runner.invoke(args=["users", "create", "hoa", "--role", "unit_manager",
                                 "--unit", "SO-TP"])
    assert result.exit_code == 0 and "Password: " in result.output
    password = result.output.split("Password: ")[1].strip()
    user = db.session.scalar(sa.select(User).where(User.username == "hoa"))
    assert user.scope_unit.code == "SO-TP" and user.check_password(password)
    assert "scrypt" in user.password_hash
    again = runner.invoke(args=["users", "create", "hoa", "--role", "admin"])
    assert again.exit_code == 1 and "already exists" in again.output
    bad = runner.invoke(args=["users", "create", "x", "--role", "god"])
    assert bad.exit_code == 1 and "role 'god'" in bad.output
