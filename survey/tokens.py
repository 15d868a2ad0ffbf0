"""One-time receipt codes and the API keys that issue them.

A code is 12 characters of Crockford base32 (60 random bits), printed as ABCD-EFGH-JKMN
so that it can also be typed: lower case, spaces, hyphens, O for 0 and I/L for 1 are
all accepted. Only the SHA-256 of the normalised code is stored (Token.code_hash), so a
copy of the database cannot be used to vote. Redeeming is an INSERT into
token_redemption, whose primary key is the token id: "once" is the database's promise,
not the application's, and it holds for simultaneous posts from many clients.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import secrets

from sqlalchemy.orm import Session

from .models import ApiKey, Channel, Token, TokenRedemption, Unit

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 12  # 60 bits
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})
API_KEY_PREFIX = "hl_"


class TokenState(enum.Enum):
    VALID = "valid"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(raw: str | None) -> str | None:
    """The canonical code for what a citizen typed or scanned, or None if it cannot be one."""
    if not raw or len(raw) > 40:
        return None
    code = raw.upper().replace("-", "").replace(" ", "").translate(_TYPO)
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def display(code: str) -> str:
    """ABCDEFGHJKMN -> ABCD-EFGH-JKMN, for printing."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def issue(session: Session, channel: Channel, *, now: dt.datetime, days: int) -> str:
    """Create one token for a receipt channel; returns the code (never stored)."""
    if channel.kind != "receipt":
        raise ValueError(f"channel {channel.code} is a {channel.kind} channel, not receipt")
    code = new_code()
    session.add(Token(code_hash=sha256(code), channel=channel, issued_at=now,
                      expires_at=now + dt.timedelta(days=days)))
    return code


def issue_many(session: Session, channel: Channel, count: int, *, now: dt.datetime,
               days: int) -> list[str]:
    return [issue(session, channel, now=now, days=days) for _ in range(count)]


def state_of(token: Token | None, now: dt.datetime) -> TokenState:
    if token is None or not token.channel.active:
        return TokenState.UNKNOWN
    if token.redemption is not None:
        return TokenState.USED
    if token.expires_at <= now:
        return TokenState.EXPIRED
    return TokenState.VALID


def redeem(session: Session, token: Token, day: dt.date) -> None:
    """Mark used, in the caller's transaction: the commit raises IntegrityError if another
    request redeemed it first."""
    session.add(TokenRedemption(token_id=token.id, used_on=day))


def new_api_key(session: Session, unit: Unit, label: str) -> str:
    """Create a key for a unit's one-stop software; returns it once, stores its hash."""
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiKey(unit=unit, key_hash=sha256(key), label=label))
    return key
