"""The only way letter HTML gets into the database: through this allowlist."""

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "ol",
    "ul",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=set(),
    strip_comments=True,
    link_rel=None,
)


def clean_html(html: str) -> str:
    """Sanitised letter body; an editor's empty paragraph becomes an empty string."""
    cleaned = _cleaner.clean(html or "").strip()
    return "" if cleaned in ("", "<p></p>", "<p><br></p>") else cleaned
