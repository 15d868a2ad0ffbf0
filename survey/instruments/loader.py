"""Questionnaires as data: read and validate the TOML instruments.

Pure Python (no Flask, no SQLAlchemy). Every problem is reported as an
:class:`InstrumentError` whose message starts with the file name, e.g.
``health.toml: item 'd1' names unknown dimension 'X'``.

The answer scale is shared by every instrument and lives once, in ``scale.toml``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "INSTRUMENTS_DIR",
    "SCALE_FILE",
    "ITEM_TYPES",
    "UNIT_KINDS",
    "NO_OPINION",
    "InstrumentError",
    "Text",
    "ScaleLevel",
    "Choice",
    "Dimension",
    "Item",
    "Instrument",
    "load_scale",
    "default_scale",
    "load_instrument",
    "parse_instrument",
    "builtin_instruments",
]

INSTRUMENTS_DIR = Path(__file__).resolve().parent
SCALE_FILE = INSTRUMENTS_DIR / "scale.toml"

ITEM_TYPES = ("rating", "choice", "text")
UNIT_KINDS = ("administrative", "health", "education", "other")
LANGUAGES = ("vi", "en")
#: The scale value meaning "Không ý kiến": stored, but excluded from every rate.
NO_OPINION = 0

_KEY_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_TOP_FIELDS = {
    "key", "version", "kind", "title", "intro", "overall", "dimensions", "items", "scale",
}
_DIMENSION_FIELDS = {"key", "title"}
_ITEM_FIELDS = {"key", "dimension", "type", "text", "options", "required"}
_LEVEL_FIELDS = {"value", "vi", "en"}


class InstrumentError(ValueError):
    """A questionnaire or scale file is unreadable or breaks a rule."""


# ---------------------------------------------------------------------------
# The data classes


@dataclass(frozen=True)
class Text:
    """A text in both languages. ``text["en"]`` or ``text.get(lang)``."""

    vi: str
    en: str

    def get(self, lang: str | None) -> str:
        """The text in *lang*; Vietnamese for any language other than English."""
        return self.en if lang == "en" else self.vi

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return getattr(self, lang)

    def as_dict(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}


class _Option:
    """What a scale level and a choice share: a stored value and a label in each language."""

    value: Any
    vi: str
    en: str

    def label(self, lang: str | None = "vi") -> str:
        return self.en if lang == "en" else self.vi

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "vi": self.vi, "en": self.en}


@dataclass(frozen=True)
class ScaleLevel(_Option):
    """One answer of the rating scale: 1-5 scored, 0 = no opinion."""

    value: int
    vi: str
    en: str

    @property
    def scored(self) -> bool:
        return self.value != NO_OPINION


@dataclass(frozen=True)
class Choice(_Option):
    """One option of a choice item; ``value`` is what an answer stores."""

    value: str
    vi: str
    en: str


_O = TypeVar("_O", ScaleLevel, Choice)


@dataclass(frozen=True)
class Dimension:
    key: str
    title: Text

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title.as_dict()}


@dataclass(frozen=True)
class Item:
    key: str
    type: str  # rating | choice | text
    text: Text
    dimension: str | None = None
    options: tuple[Choice, ...] = ()
    required: bool = False

    @property
    def is_rating(self) -> bool:
        return self.type == "rating"

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key,
            "dimension": self.dimension,
            "type": self.type,
            "text": self.text.as_dict(),
        }
        if self.type == "choice":
            data["options"] = [option.as_dict() for option in self.options]
        return data


@dataclass(frozen=True)
class Instrument:
    """One version of a questionnaire. Immutable; compare and hash by content."""

    key: str
    version: int
    kind: str
    title: Text
    intro: Text
    overall: str
    dimensions: tuple[Dimension, ...]
    items: tuple[Item, ...]
    scale: tuple[ScaleLevel, ...]
    source: str | None = field(default=None, compare=False)

    # -- look-ups ---------------------------------------------------------

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(f"{self.key}@{self.version} has no item {key!r}")

    def dimension(self, key: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.key == key:
                return dimension
        raise KeyError(f"{self.key}@{self.version} has no dimension {key!r}")

    def dimension_of(self, key: str) -> str | None:
        """The dimension key of item *key*; None for the overall and non-rating items."""
        return self.item(key).dimension

    @property
    def item_keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)

    @property
    def rating_keys(self) -> tuple[str, ...]:
        """Every rating item, the overall one included, in form order."""
        return tuple(item.key for item in self.items if item.is_rating)

    @property
    def aspect_keys(self) -> tuple[str, ...]:
        """The rating items that belong to a dimension (all ratings but the overall one)."""
        return tuple(item.key for item in self.items if item.is_rating and item.dimension)

    @property
    def dimension_keys(self) -> tuple[str, ...]:
        return tuple(dimension.key for dimension in self.dimensions)

    def items_in(self, dimension: str) -> tuple[Item, ...]:
        """The rating items of *dimension*, in form order."""
        self.dimension(dimension)
        return tuple(i for i in self.items if i.is_rating and i.dimension == dimension)

    @property
    def overall_item(self) -> Item:
        return self.item(self.overall)

    @property
    def comment_item(self) -> Item | None:
        """The free-text item keyed ``comment``, if the instrument has one."""
        for item in self.items:
            if item.key == "comment":
                return item
        return None

    @property
    def scale_values(self) -> frozenset[int]:
        """Every value a rating answer may hold (1-5 and 0 = no opinion)."""
        return frozenset(level.value for level in self.scale)

    # -- serialisation ----------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The ``questionnaires show KEY --format json`` shape (DESIGN.md), plus
        ``kind``, ``title``, ``intro``, ``dimensions``, ``scale`` and, on choice
        items, ``options``. ``parse_instrument(inst.to_dict())`` gives it back."""
        return {
            "key": self.key,
            "version": self.version,
            "kind": self.kind,
            "title": self.title.as_dict(),
            "intro": self.intro.as_dict(),
            "overall": self.overall,
            "dimensions": [dimension.as_dict() for dimension in self.dimensions],
            "items": [item.as_dict() for item in self.items],
            "scale": [level.as_dict() for level in self.scale],
        }

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the canonical JSON of :meth:`to_dict`: changes with any wording,
        so a stored version can be checked against the file it came from."""
        canonical = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True,
                               separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------
# Validation helpers (each raises InstrumentError prefixed with the source name)


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, problem: str) -> InstrumentError:
        return InstrumentError(f"{self.source}: {problem}")

    def table(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(f"{where} must be a table, not {_kind_of(value)}")
        return value

    def no_unknown(self, data: Mapping[str, Any], allowed: set[str], where: str) -> None:
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise self.fail(f"{where} has unknown field {unknown[0]!r}"
                            f" (allowed: {', '.join(sorted(allowed))})")

    def key(self, value: Any, where: str) -> str:
        if value is None:
            raise self.fail(f"{where} has no 'key'")
        if not isinstance(value, str):
            raise self.fail(f"{where} key must be a string, not {_kind_of(value)}")
        if not _KEY_RE.match(value):
            raise self.fail(f"{where} key {value!r} is not ascii snake_case"
                            " (a-z, 0-9 and single underscores, starting with a letter)")
        return value

    def entries(self, raw: Any, what: str, allowed: set[str]
                ) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
        """Walk a non-empty list of ``[[what]]`` tables with unique, valid keys:
        yields (key, "what 'key'", table)."""
        if not isinstance(raw, list) or not raw:
            raise self.fail(f"'{what}' must be a non-empty list of [[{what}]] tables")
        seen: set[str] = set()
        singular = what.removesuffix("s")
        for position, entry in enumerate(raw, 1):
            entry = self.table(entry, f"{singular} {position}")
            name = self.key(entry.get("key"), f"{singular} {position}")
            where = f"{singular} {name!r}"
            self.no_unknown(entry, allowed, where)
            if name in seen:
                raise self.fail(f"duplicate {singular} key {name!r}")
            seen.add(name)
            yield name, where, entry

    def string(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(f"{where} must be a string, not {_kind_of(value)}")
        if not value.strip():
            raise self.fail(f"{where} is empty")
        if not unicodedata.is_normalized("NFC", value):
            raise self.fail(f"{where} is not NFC-normalised Unicode: {value!r}")
        return value

    def text(self, value: Any, where: str) -> Text:
        if value is None:
            raise self.fail(f"{where} is missing")
        data = self.table(value, where)
        for lang in LANGUAGES:
            if lang not in data:
                raise self.fail(f"{where} has no {lang!r} text")
        self.no_unknown(data, set(LANGUAGES), where)
        return Text(vi=self.string(data["vi"], f"{where} 'vi'"),
                    en=self.string(data["en"], f"{where} 'en'"))


def _kind_of(value: Any) -> str:
    return {dict: "a table", list: "a list", str: "a string", bool: "a boolean",
            int: "an integer", float: "a number"}.get(type(value), type(value).__name__)


def _labelled(raw: list[Any], where: str, check: _Checker, make: type[_O],
              value_ok: Callable[[Any], bool], value_rule: str) -> tuple[_O, ...]:
    """Parse a list of ``{value, vi, en}`` tables (scale levels, choice options)."""
    found: list[_O] = []
    for position, entry in enumerate(raw, 1):
        spot = f"{where} {position}"
        entry = check.table(entry, spot)
        check.no_unknown(entry, _LEVEL_FIELDS, spot)
        value = entry.get("value")
        if not value_ok(value):
            raise check.fail(f"{spot} needs {value_rule}")
        spot = f"{where} {value!r}"
        if any(earlier.value == value for earlier in found):
            raise check.fail(f"{spot} appears twice")
        for lang in LANGUAGES:
            if lang not in entry:
                raise check.fail(f"{spot} has no {lang!r} text")
        found.append(make(value=value, vi=check.string(entry["vi"], f"{spot} 'vi'"),
                          en=check.string(entry["en"], f"{spot} 'en'")))
    return tuple(found)


def _parse_scale(raw: Any, check: _Checker) -> tuple[ScaleLevel, ...]:
    if not isinstance(raw, list) or not raw:
        raise check.fail("the scale must be a non-empty list of levels")
    levels = _labelled(raw, "scale level", check, ScaleLevel,
                       lambda v: isinstance(v, int) and not isinstance(v, bool),
                       "an integer 'value'")
    values = sorted(level.value for level in levels)
    if values != [NO_OPINION, 1, 2, 3, 4, 5]:
        raise check.fail(f"the scale must have the values 1-5 and {NO_OPINION} (no opinion)"
                         f" once each, not {values}")
    return levels


def _parse_options(raw: Any, where: str, check: _Checker) -> tuple[Choice, ...]:
    if raw is None:
        raise check.fail(f"choice {where} has no options")
    if not isinstance(raw, list) or len(raw) < 2:
        raise check.fail(f"choice {where} needs a list of at least two options")
    return _labelled(raw, f"{where} option", check, Choice,
                     lambda v: isinstance(v, str) and bool(v) and v == v.strip(),
                     "a non-empty string 'value' without spaces around it")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise InstrumentError(f"{path.name}: invalid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise InstrumentError(f"{path.name}: not UTF-8 text: {exc}") from exc
    except OSError as exc:
        raise InstrumentError(f"{path.name}: cannot read: {exc.strerror or exc}") from exc


def load_scale(path: str | Path = SCALE_FILE) -> tuple[ScaleLevel, ...]:
    """Read a scale file (``levels = [{value, vi, en}, ...]``), in display order."""
    path = Path(path)
    data = _read_toml(path)
    check = _Checker(path.name)
    check.no_unknown(data, {"levels"}, "the scale file")
    return _parse_scale(data.get("levels"), check)


@functools.cache
def default_scale() -> tuple[ScaleLevel, ...]:
    """The shared scale of ``scale.toml`` (read once)."""
    return load_scale(SCALE_FILE)


def parse_instrument(data: Mapping[str, Any], source: str = "<instrument>",
                     scale: tuple[ScaleLevel, ...] | None = None) -> Instrument:
    """Validate a parsed TOML document (or a :meth:`Instrument.to_dict` result).

    *source* names the origin in error messages. The scale is, in order of
    preference, the ``scale`` list in *data*, the *scale* argument, ``scale.toml``.
    """
    check = _Checker(source)
    data = check.table(data, "the document")
    check.no_unknown(data, _TOP_FIELDS, "the document")

    for name in ("key", "version", "kind", "title", "overall", "dimensions", "items"):
        if name not in data:
            raise check.fail(f"missing top-level {name!r}")
    key = check.key(data["key"], "the instrument")
    version = data["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise check.fail(f"'version' must be a positive integer, not {version!r}")
    kind = data["kind"]
    if kind not in UNIT_KINDS:
        raise check.fail(f"'kind' must be one of {', '.join(UNIT_KINDS)}, not {kind!r}")
    title = check.text(data["title"], "'title'")
    intro = check.text(data.get("intro"), "'intro'")

    if "scale" in data:
        levels = _parse_scale(data["scale"], check)
    else:
        levels = scale if scale is not None else default_scale()

    dimensions = [Dimension(key=name, title=check.text(entry.get("title"), f"{where} title"))
                  for name, where, entry in check.entries(data["dimensions"], "dimensions",
                                                          _DIMENSION_FIELDS)]
    dimension_keys = {d.key for d in dimensions}

    overall = data["overall"]
    if not isinstance(overall, str):
        raise check.fail(f"'overall' must be an item key, not {_kind_of(overall)}")

    items: list[Item] = []
    for name, where, entry in check.entries(data["items"], "items", _ITEM_FIELDS):
        kind_of_item = entry.get("type")
        if kind_of_item is None:
            raise check.fail(f"{where} has no 'type' ({' | '.join(ITEM_TYPES)})")
        if kind_of_item not in ITEM_TYPES:
            raise check.fail(f"{where} has unknown type {kind_of_item!r}"
                             f" (expected {' | '.join(ITEM_TYPES)})")

        dimension = entry.get("dimension")
        if dimension is not None:
            if not isinstance(dimension, str) or dimension not in dimension_keys:
                raise check.fail(f"{where} names unknown dimension {dimension!r}")
            if name == overall:
                raise check.fail(f"the overall item {name!r} must not have a dimension")

        text = check.text(entry.get("text"), f"{where} text")

        options: tuple[Choice, ...] = ()
        if kind_of_item == "choice":
            options = _parse_options(entry.get("options"), where, check)
        elif "options" in entry:
            raise check.fail(f"{where} of type {kind_of_item!r} cannot have options")
        if name == "comment" and kind_of_item != "text":
            raise check.fail(f"{where} must be of type 'text'")

        required = entry.get("required", False)
        if not isinstance(required, bool):
            raise check.fail(f"{where} 'required' must be true or false")

        items.append(Item(key=name, type=kind_of_item, text=text, dimension=dimension,
                          options=options, required=required))

    by_key = {item.key: item for item in items}
    if overall not in by_key:
        raise check.fail(f"'overall' names unknown item {overall!r}")
    if by_key[overall].type != "rating":
        raise check.fail(f"the overall item {overall!r} must be of type 'rating',"
                         f" not {by_key[overall].type!r}")
    for entry in items:
        if entry.is_rating and entry.dimension is None and entry.key != overall:
            raise check.fail(f"rating item {entry.key!r} has no dimension"
                             f" (only the overall item {overall!r} has none)")
    for dimension in dimensions:
        if not any(i.is_rating and i.dimension == dimension.key for i in items):
            raise check.fail(f"dimension {dimension.key!r} has no rating item")

    return Instrument(key=key, version=version, kind=kind, title=title, intro=intro,
                      overall=overall, dimensions=tuple(dimensions), items=tuple(items),
                      scale=tuple(levels), source=source)


def load_instrument(path: str | Path, scale: tuple[ScaleLevel, ...] | None = None
                    ) -> Instrument:
    """Read and validate one instrument file."""
    path = Path(path)
    return parse_instrument(_read_toml(path), source=path.name, scale=scale)


@functools.cache
def _builtin() -> tuple[Instrument, ...]:
    found: list[Instrument] = []
    for path in sorted(INSTRUMENTS_DIR.glob("*.toml")):
        if path.resolve() == SCALE_FILE:
            continue
        instrument = load_instrument(path)
        if instrument.key != path.stem:
            raise InstrumentError(f"{path.name}: key {instrument.key!r} must match the"
                                  f" file name {path.stem!r}")
        found.append(instrument)
    return tuple(found)


def builtin_instruments() -> dict[str, Instrument]:
    """The instruments shipped in this package, by key (files read once per process)."""
    return {instrument.key: instrument for instrument in _builtin()}
