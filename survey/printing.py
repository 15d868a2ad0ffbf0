"""Printable PDFs: an A4 QR poster per desk, and sheets of one-time receipt-code stickers.

Templates (templates/print/) receive plain data, never model objects; QR codes go in as
inline SVG, because the PDF renderer fetches nothing but packaged static files
(survey/reports/render.py, shared with the reports).
"""

from __future__ import annotations

import datetime as dt
import re

from flask import render_template

from . import qr, tokens
from .models import Channel, Unit
from .reports.render import render_pdf

STYLESHEET = "css/print.css"
STICKERS_PER_SHEET = 21  # 3 x 7 labels of 70 x 42.3 mm


def inline_svg(data: str) -> str:
    """The QR as an <svg> element sized by CSS (the XML prolog and fixed size dropped)."""
    text = qr.svg(data).decode()
    text = re.sub(r"^<\?xml[^>]*>\s*", "", text)
    text = re.sub(r'\sid="[^"]*"', "", text)  # many codes on one page: ids would clash
    return re.sub(r'\s(width|height)="[^"]*"', "", text, count=2)


def desk_poster(channel: Channel, public_url: str) -> dict:
    url = qr.channel_url(public_url, channel)
    return {"label": channel.label, "service_area": channel.service_area,
            "url": url, "short_url": qr.short_url(url), "qr_svg": inline_svg(url)}


def posters_pdf(unit: Unit, channels: list[Channel], public_url: str) -> bytes:
    html = render_template("print/posters.html", unit_name=unit.name,
                           desks=[desk_poster(channel, public_url) for channel in channels])
    return render_pdf(html, stylesheet=STYLESHEET)


def stickers_pdf(unit_name: str, codes: list[str], public_url: str,
                 expires: dt.date) -> bytes:
    stickers = [{"code": tokens.display(code),
                 "qr_svg": inline_svg(qr.receipt_url(public_url, code))} for code in codes]
    sheets = [stickers[i:i + STICKERS_PER_SHEET]
              for i in range(0, len(stickers), STICKERS_PER_SHEET)]
    html = render_template("print/stickers.html", unit_name=unit_name, sheets=sheets,
                           entry_url=qr.short_url(public_url.rstrip("/") + "/r"),
                           expires=expires.strftime("%d/%m/%Y"))
    return render_pdf(html, stylesheet=STYLESHEET)
