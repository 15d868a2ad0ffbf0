"""QR codes for channels and receipt codes, built on SURVEY_PUBLIC_URL.

Kiosk channels point at /k/<code>, every other channel at /s/<code>; receipt codes at
/r/<code>. A URL in upper case would allow QR alphanumeric mode, but codes are mixed
case, so the codes use byte mode with error correction M (15% damage tolerated).
"""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.constants
import qrcode.image.svg

from .models import Channel


def channel_path(channel: Channel) -> str:
    return ("/k/" if channel.kind == "kiosk" else "/s/") + channel.code


def channel_url(public_url: str, channel: Channel) -> str:
    return public_url.rstrip("/") + channel_path(channel)


def receipt_url(public_url: str, code: str) -> str:
    return public_url.rstrip("/") + "/r/" + code


def short_url(url: str) -> str:
    """What is printed under a QR code: the URL without its scheme."""
    return url.split("://", 1)[-1]


def _code(data: str, border: int = 4) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border,
                         box_size=10)
    code.add_data(data)
    code.make(fit=True)
    return code


def svg(data: str) -> bytes:
    """A scalable path-based SVG (a few KB), black on white."""
    image = _code(data).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    return image.to_string(encoding="utf-8")


def png(data: str, box_size: int = 10) -> bytes:
    code = _code(data)
    code.box_size = box_size
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def svg_data_uri(data: str) -> str:
    """For PDF templates, which may not fetch anything outside static/."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg(data)).decode()
