"""The built-in questionnaires and their loader (survey/instruments)."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import unicodedata

import pytest

from survey.instruments import (
    NO_OPINION,
    Instrument,
    InstrumentError,
    builtin_instruments,
    default_scale,
    load_instrument,
    load_scale,
    parse_instrument,
)

BUILTIN_KEYS = ("admin", "health", "education")
KINDS = {"admin": "administrative", "health": "health", "education": "education"}
DIMENSIONS = {
    "admin": ["tiep_can", "thu_tuc", "cong_chuc", "ket_qua", "phan_anh"],
    "health": ["tiep_can", "minh_bach", "co_so_vat_chat", "nhan_vien_y_te", "ket_qua"],
    "education": ["tiep_can", "co_so_vat_chat", "moi_truong", "hoat_dong", "ket_qua"],
}
# Letters that only Vietnamese (not plain ASCII) spells with.
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]",
                        re.IGNORECASE)


def toml_value(value) -> str:
    """Just enough of a TOML writer for the test documents (everything inline)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def toml_document(data: dict) -> str:
    return "".join(f"{key} = {toml_value(value)}\n" for key, value in data.items())


def t(vi: str, en: str) -> dict:
    return {"vi": vi, "en": en}


BASE = {
    "key": "mini",
    "version": 1,
    "kind": "health",
    "overall": "overall",
    "title": t("Phiếu thử", "Test form"),
    "intro": t("Một câu giới thiệu.", "One sentence."),
    "dimensions": [
        {"key": "a", "title": t("Tiếp cận", "Access")},
        {"key": "b", "title": t("Kết quả", "Result")},
    ],
    "items": [
        {"key": "overall", "type": "rating", "text": t("Nhìn chung?", "Overall?")},
        {"key": "a1", "dimension": "a", "type": "rating", "text": t("Câu A?", "Item A?")},
        {"key": "b1", "dimension": "b", "type": "rating", "text": t("Câu B?", "Item B?")},
        {"key": "visits", "type": "choice", "text": t("Mấy lần?", "How many?"),
         "options": [{"value": "0", "vi": "Không", "en": "None"},
                     {"value": "1", "vi": "Một", "en": "One"}]},
        {"key": "comment", "type": "text", "required": False,
         "text": t("Góp ý?", "Comments?")},
    ],
}


def write(tmp_path, data: dict | str, name: str = "mini.toml"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else toml_document(data), encoding="utf-8")
    return path


def item(data: dict, key: str) -> dict:
    return next(entry for entry in data["items"] if entry["key"] == key)


# ---------------------------------------------------------------------------
# The built-in instruments


@pytest.fixture(scope="module")
def builtins() -> dict[str, Instrument]:
    return builtin_instruments()


def test_the_three_builtins_load(builtins):
    assert sorted(builtins) == sorted(BUILTIN_KEYS)
    for key, instrument in builtins.items():
        assert instrument.key == key
        assert instrument.version == 1
        assert instrument.kind == KINDS[key]
        assert instrument.source == f"{key}.toml"


@pytest.mark.parametrize("key", BUILTIN_KEYS)
def test_builtin_dimensions_in_order(builtins, key):
    assert list(builtins[key].dimension_keys) == DIMENSIONS[key]


@pytest.mark.parametrize("key", BUILTIN_KEYS)
def test_builtin_structure(builtins, key):
    instrument = builtins[key]
    overall = instrument.overall_item
    assert overall.type == "rating"
    assert overall.dimension is None
    assert instrument.items[0] is overall
    # exactly one rating item without a dimension: the overall one
    assert [i.key for i in instrument.items if i.is_rating and i.dimension is None] == [overall.key]
    assert overall.text.vi.startswith("Nhìn chung, Ông/Bà hài lòng với")
    assert overall.text.vi.endswith("ở mức nào?")
    # one short rating item per dimension, so the form takes under a minute
    for dimension in instrument.dimension_keys:
        assert len(instrument.items_in(dimension)) == 1
    assert len(instrument.items) <= 8
    comment = instrument.comment_item
    assert comment is not None
    assert comment.type == "text"
    assert comment.dimension is None
    assert instrument.items[-1] is comment
    # every question may be skipped
    assert not any(i.required for i in instrument.items)


@pytest.mark.parametrize("key", BUILTIN_KEYS)
def test_builtin_texts(builtins, key):
    instrument = builtins[key]
    texts = [instrument.title, instrument.intro]
    texts += [d.title for d in instrument.dimensions]
    texts += [i.text for i in instrument.items]
    for text in texts:
        for value in (text.vi, text.en):
            assert value.strip() == value
            assert value
            assert unicodedata.is_normalized("NFC", value)
        assert VIETNAMESE.search(text.vi), text.vi
        assert text.en.isascii(), text.en
    for entry in instrument.items:
        if entry.is_rating:
            assert len(entry.text.vi) <= 90, entry.text.vi
        for option in entry.options:
            assert unicodedata.is_normalized("NFC", option.vi)
            assert option.en.isascii()


def test_builtin_audiences(builtins):
    health = " ".join(i.text.vi for i in builtins["health"].items) + builtins["health"].intro.vi
    assert "người bệnh" in health
    education = builtins["education"].intro.vi
    assert "phụ huynh" in education
    assert "học sinh" in education


def test_admin_visits_item(builtins):
    visits = builtins["admin"].item("so_lan_di_lai")
    assert visits.type == "choice"
    assert visits.dimension is None
    assert visits.choice_values == ("0", "1", "2+")


def test_scale():
    scale = default_scale()
    assert [(level.value, level.vi, level.en) for level in scale] == [
        (1, "Rất không hài lòng", "Very dissatisfied"),
        (2, "Không hài lòng", "Dissatisfied"),
        (3, "Bình thường", "Neutral"),
        (4, "Hài lòng", "Satisfied"),
        (5, "Rất hài lòng", "Very satisfied"),
        (0, "Không ý kiến", "No opinion"),
    ]
    assert [level.scored for level in scale] == [True] * 5 + [False]
    assert NO_OPINION == 0
    for instrument in builtin_instruments().values():
        assert instrument.scale == scale
        assert instrument.scale_values == frozenset(range(6))


def test_lookups(builtins):
    admin = builtins["admin"]
    assert admin.rating_keys == ("overall", "tiep_can", "thu_tuc", "cong_chuc", "ket_qua",
                                 "phan_anh")
    assert admin.aspect_keys == admin.rating_keys[1:]
    assert admin.item("cong_chuc").text.get("en").startswith("How satisfied")
    assert admin.item("cong_chuc").text["vi"] == admin.item("cong_chuc").text.get("vi")
    assert admin.dimension_of("cong_chuc") == "cong_chuc"
    assert admin.dimension_of("overall") is None
    assert admin.dimension_of("comment") is None
    assert admin.dimension("phan_anh").title.vi.startswith("Tiếp nhận")
    with pytest.raises(KeyError):
        admin.item("nope")
    with pytest.raises(KeyError):
        admin.dimension_of("nope")


def test_builtins_are_frozen_and_cached(builtins):
    admin = builtins["admin"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        admin.version = 2  # type: ignore[misc]
    again = builtin_instruments()
    assert again is not builtins
    assert again["admin"] is admin
    hash(admin)


# ---------------------------------------------------------------------------
# to_dict: the `questionnaires show KEY --format json` contract


@pytest.mark.parametrize("key", BUILTIN_KEYS)
def test_to_dict_contract(builtins, key):
    instrument = builtins[key]
    data = json.loads(json.dumps(instrument.to_dict(), ensure_ascii=False))
    contract = {"key", "version", "overall", "items"}
    extras = {"kind", "title", "intro", "dimensions", "scale"}
    assert set(data) == contract | extras
    assert data["key"] == key
    assert data["version"] == 1
    assert data["overall"] == "overall"
    for entry, source in zip(data["items"], instrument.items, strict=True):
        expected = {"key", "dimension", "type", "text"}
        if entry["type"] == "choice":
            expected.add("options")
        assert set(entry) == expected
        assert entry["type"] in ("rating", "choice", "text")
        assert set(entry["text"]) == {"vi", "en"}
        assert entry["key"] == source.key
        assert entry["dimension"] == source.dimension
    assert data["items"][0]["dimension"] is None
    assert [d["key"] for d in data["dimensions"]] == DIMENSIONS[key]
    assert [level["value"] for level in data["scale"]] == [1, 2, 3, 4, 5, 0]


@pytest.mark.parametrize("key", BUILTIN_KEYS)
def test_to_dict_round_trip(builtins, key):
    instrument = builtins[key]
    stored = json.loads(json.dumps(instrument.to_dict()))
    again = parse_instrument(stored, source="stored")
    assert again == instrument
    assert again.fingerprint == instrument.fingerprint


def test_fingerprint_follows_wording(tmp_path):
    data = copy.deepcopy(BASE)
    first = load_instrument(write(tmp_path, data))
    item(data, "a1")["text"]["vi"] = "Câu A, viết lại?"
    second = load_instrument(write(tmp_path, data))
    assert first.fingerprint != second.fingerprint


# ---------------------------------------------------------------------------
# Malformed files


def test_minimal_document_is_valid(tmp_path):
    instrument = load_instrument(write(tmp_path, BASE))
    assert instrument.key == "mini"
    assert instrument.item_keys == ("overall", "a1", "b1", "visits", "comment")
    assert instrument.item("visits").choice_values == ("0", "1")


def _set(key, field, value):
    def change(data):
        item(data, key)[field] = value
    return change


def _top(field, value):
    def change(data):
        data[field] = value
    return change


def _add_item(entry):
    def change(data):
        data["items"].append(entry)
    return change


DECOMPOSED = unicodedata.normalize("NFD", "Ông/Bà hài lòng?")

MALFORMED = {
    "missing key": (lambda d: d.pop("key"), "missing top-level 'key'"),
    "missing version": (lambda d: d.pop("version"), "missing top-level 'version'"),
    "missing overall": (lambda d: d.pop("overall"), "missing top-level 'overall'"),
    "missing title": (lambda d: d.pop("title"), "missing top-level 'title'"),
    "missing intro": (lambda d: d.pop("intro"), "'intro' is missing"),
    "version not integer": (_top("version", "1"), "'version' must be a positive integer"),
    "version zero": (_top("version", 0), "'version' must be a positive integer"),
    "unknown kind": (_top("kind", "hospital"), "'kind' must be one of"),
    "unknown top field": (_top("dimesions", []), "unknown field 'dimesions'"),
    "bad instrument key": (_top("key", "Mini-Form"), "key 'Mini-Form' is not ascii snake_case"),
    "overall unknown": (_top("overall", "nothing"), "'overall' names unknown item 'nothing'"),
    "overall not rating": (_top("overall", "comment"),
                           "the overall item 'comment' must be of type 'rating'"),
    "overall with dimension": (_set("overall", "dimension", "a"),
                               "the overall item 'overall' must not have a dimension"),
    "duplicate item key": (_add_item({"key": "a1", "dimension": "a", "type": "rating",
                                      "text": t("Lại?", "Again?")}),
                           "duplicate item key 'a1'"),
    "duplicate dimension key": (lambda d: d["dimensions"].append(
        {"key": "a", "title": t("Lại", "Again")}), "duplicate dimension key 'a'"),
    "rating without dimension": (_add_item({"key": "a2", "type": "rating",
                                            "text": t("Câu?", "Item?")}),
                                 "rating item 'a2' has no dimension"),
    "unknown dimension": (_set("a1", "dimension", "X"),
                          "item 'a1' names unknown dimension 'X'"),
    "dimension without rating": (lambda d: d["dimensions"].append(
        {"key": "c", "title": t("Cơ sở", "Facilities")}), "dimension 'c' has no rating item"),
    "unknown type": (_set("a1", "type", "scale"), "item 'a1' has unknown type 'scale'"),
    "missing type": (lambda d: item(d, "a1").pop("type"), "item 'a1' has no 'type'"),
    "choice without options": (lambda d: item(d, "visits").pop("options"),
                               "choice item 'visits' has no options"),
    "choice with one option": (_set("visits", "options", [{"value": "0", "vi": "Không",
                                                           "en": "None"}]),
                               "choice item 'visits' needs a list of at least two options"),
    "duplicate option": (_set("visits", "options", [{"value": "0", "vi": "Không", "en": "No"},
                                                    {"value": "0", "vi": "Có", "en": "Yes"}]),
                         "item 'visits' option '0' appears twice"),
    "option without en": (_set("visits", "options", [{"value": "0", "vi": "Không"},
                                                     {"value": "1", "vi": "Có", "en": "Yes"}]),
                          "item 'visits' option '0' has no 'en' text"),
    "option value padded": (_set("visits", "options", [{"value": " 0", "vi": "Không", "en": "No"},
                                                       {"value": "1", "vi": "Có", "en": "Yes"}]),
                            "item 'visits' option 1 needs a non-empty string 'value'"),
    "options on rating": (_set("a1", "options", [{"value": "0", "vi": "Không", "en": "No"}]),
                          "item 'a1' of type 'rating' cannot have options"),
    "missing vi text": (_set("a1", "text", {"en": "Item A?"}), "item 'a1' text has no 'vi' text"),
    "missing en text": (_set("a1", "text", {"vi": "Câu A?"}), "item 'a1' text has no 'en' text"),
    "missing text": (lambda d: item(d, "a1").pop("text"), "item 'a1' text is missing"),
    "empty text": (_set("a1", "text", t("   ", "Item A?")), "item 'a1' text 'vi' is empty"),
    "non-NFC text": (_set("a1", "text", t(DECOMPOSED, "Item A?")),
                     "item 'a1' text 'vi' is not NFC-normalised"),
    "non-NFC title": (_top("title", t(DECOMPOSED, "Title")), "'title' 'vi' is not NFC"),
    "dimension title missing en": (lambda d: d["dimensions"][0].update(title={"vi": "Tiếp cận"}),
                                   "dimension 'a' title has no 'en' text"),
    "bad item key": (_set("a1", "key", "Câu_1"), "item 2 key 'Câu_1' is not ascii snake_case"),
    "item key with dash": (_set("a1", "key", "a-1"), "key 'a-1' is not ascii snake_case"),
    "item without key": (lambda d: item(d, "a1").pop("key"), "item 2 has no 'key'"),
    "bad dimension key": (lambda d: d["dimensions"][0].update(key="A B"),
                          "dimension 1 key 'A B' is not ascii snake_case"),
    "unknown item field": (_set("a1", "lable", "x"), "item 'a1' has unknown field 'lable'"),
    "required not boolean": (_set("a1", "required", "no"),
                             "item 'a1' 'required' must be true or false"),
    "comment not text": (_set("comment", "type", "rating"),
                         "item 'comment' must be of type 'text'"),
    "no items": (_top("items", []), "'items' must be a non-empty list"),
    "no dimensions": (_top("dimensions", []), "'dimensions' must be a non-empty list"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_document(tmp_path, case):
    change, problem = MALFORMED[case]
    data = copy.deepcopy(BASE)
    change(data)
    path = write(tmp_path, data, name="broken.toml")
    with pytest.raises(InstrumentError) as raised:
        load_instrument(path)
    message = str(raised.value)
    assert message.startswith("broken.toml: "), message
    assert problem in message, message


def test_toml_syntax_error_gives_file_and_line(tmp_path):
    good = toml_document(BASE)
    text = good + 'broken = "no closing quote\n'
    path = write(tmp_path, text, name="health.toml")
    with pytest.raises(InstrumentError) as raised:
        load_instrument(path)
    message = str(raised.value)
    assert message.startswith("health.toml: invalid TOML: ")
    assert f"line {good.count(chr(10)) + 1}" in message, message


def test_not_utf8(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(toml_document(BASE).replace("Phiếu thử", "Phi\u00e9u").encode("latin-1",
                                                                                  "replace"))
    with pytest.raises(InstrumentError, match=r"^latin\.toml: "):
        load_instrument(path)


def test_missing_file(tmp_path):
    with pytest.raises(InstrumentError, match=r"^absent\.toml: cannot read"):
        load_instrument(tmp_path / "absent.toml")


def test_parse_instrument_names_its_source():
    data = copy.deepcopy(BASE)
    item(data, "a1")["dimension"] = "X"
    with pytest.raises(InstrumentError, match=r"^stored admin@1: item 'a1' names unknown"):
        parse_instrument(data, source="stored admin@1")


# ---------------------------------------------------------------------------
# The scale file


def test_scale_file_errors(tmp_path):
    good = [{"value": v, "vi": "Mức", "en": "Level"} for v in (1, 2, 3, 4, 5, 0)]
    path = tmp_path / "scale.toml"
    path.write_text(f"levels = {toml_value(good)}\n", encoding="utf-8")
    assert [level.value for level in load_scale(path)] == [1, 2, 3, 4, 5, 0]

    path.write_text(f"levels = {toml_value(good[:-1])}\n", encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"^scale\.toml: the scale must have the values"):
        load_scale(path)

    bad = copy.deepcopy(good)
    bad[0]["value"] = "1"
    path.write_text(f"levels = {toml_value(bad)}\n", encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"^scale\.toml: scale level 1 needs an integer"):
        load_scale(path)

    bad = copy.deepcopy(good)
    del bad[2]["en"]
    path.write_text(f"levels = {toml_value(bad)}\n", encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"^scale\.toml: scale level 3 has no 'en' text"):
        load_scale(path)


def test_instrument_may_carry_its_own_scale(tmp_path):
    data = copy.deepcopy(BASE)
    data["scale"] = [level.as_dict() for level in default_scale()][:3]
    with pytest.raises(InstrumentError, match=r"^mini\.toml: the scale must have the values"):
        load_instrument(write(tmp_path, data))
