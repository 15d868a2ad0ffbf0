"""HTML to PDF with WeasyPrint, fetching nothing but the packaged static files.

A report is built from citizens' comments and unit names typed by administrators; the
renderer must not become a way to read server files or call other hosts. So the URL
fetcher resolves `static:fonts/x.ttf`, a relative URL, or a `file:` URL strictly inside
the static directory, and raises `RefusedURL` for anything else (http, https, data,
file outside the directory, `..` escapes, symlinks pointing out). Rendering stops on
the first refused or missing resource rather than printing a report with a missing font.

The FontConfiguration and the parsed report stylesheet (with its @font-face rules) are
built once per static directory and reused: loading fonts is most of a cold render.
WeasyPrint's font objects are not meant to be shared between threads, so rendering is
serialised with a lock; run several processes to render in parallel.
"""

from __future__ import annotations

import mimetypes
import threading
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
REPORT_STYLESHEET = "reports/report.css"

_render_lock = threading.Lock()


class RefusedURL(ValueError):
    """A report asked for a resource outside the packaged static files."""


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves files under one directory and nothing else."""

    def __init__(self, static_dir: Path | str = STATIC_DIR):
        super().__init__(fail_on_errors=True)
        self.root = Path(static_dir).resolve()

    @property
    def base_url(self) -> str:
        """What relative URLs in a report are resolved against."""
        return self.root.as_uri() + "/"

    def resolve(self, url: str) -> Path:
        """The file a URL names, or RefusedURL."""
        parts = urlsplit(url)
        if parts.scheme in ("static", "") and not parts.netloc:
            relative = unquote(parts.path).lstrip("/")
            candidate = self.root / relative
        elif parts.scheme == "file" and parts.netloc in ("", "localhost"):
            candidate = Path(url2pathname(parts.path))
        else:
            raise RefusedURL(f"reports fetch packaged static files only, not {url!r}")
        path = candidate.resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedURL(f"not a file in {self.root}: {url!r}")
        return path

    def fetch(self, url, headers=None):
        path = self.resolve(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type})


@lru_cache(maxsize=4)
def _resources(static_dir: Path, stylesheet: str):
    fetcher = StaticOnlyFetcher(static_dir)
    font_config = FontConfiguration()
    css_path = fetcher.resolve("static:" + stylesheet)
    css = CSS(string=css_path.read_text(encoding="utf-8"), base_url=fetcher.base_url,
              url_fetcher=fetcher, font_config=font_config)
    return fetcher, font_config, css


def render_pdf(html: str, *, static_dir: Path | str | None = None,
               stylesheet: str = REPORT_STYLESHEET) -> bytes:
    """Render an HTML document to PDF bytes with the report stylesheet and fonts.

    Relative URLs in `html` resolve against `static_dir` (default: the repository's
    static/ beside survey/); `stylesheet` is a path inside it.
    """
    root = Path(static_dir or STATIC_DIR).resolve()
    fetcher, font_config, css = _resources(root, stylesheet)
    with _render_lock:
        document = HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[css], font_config=font_config)
