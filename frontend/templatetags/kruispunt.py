"""Template helpers for the pages."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import template
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import get_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from marketplace.models.organisations import LANGUAGE_NAMES

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced, e.g. for the next page link
    that keeps the filters: href="?{% query_with page=3 %}"."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def reason_sentence(reason: dict[str, Any]) -> SafeString:
    """A reason's sentence with each project it quotes linked in place (a title is not said
    twice); the projects it does not quote follow it as links, after "Also:" when the sentence
    named some (else they read as a stray fragment after its full stop)."""
    text = str(reason.get("text", ""))
    parts: list[str] = []
    after: list[dict[str, Any]] = []
    cursor = 0
    for link in reason.get("links") or []:
        quoted = str(link.get("quoted") or "")
        at = text.find(quoted, cursor) if quoted else -1
        if at < 0:
            after.append(link)
            continue
        parts.append(conditional_escape(text[cursor:at]))
        parts.append(format_html('<a href="{}">{}</a>', link["url"], quoted))
        cursor = at + len(quoted)
    parts.append(conditional_escape(text[cursor:]))
    sentence = format_html_join("", "{}", ((part,) for part in parts))
    if not after:
        return sentence
    links = format_html_join(
        " · ",
        '<a href="{}">{}</a>',
        ((link["url"], Truncator(link["title"]).chars(60)) for link in after),
    )
    if len(after) < len(reason.get("links") or []):
        label = pgettext("more projects after a reason", "Also:")
        return format_html('{} <span class="evidence">{} {}</span>', sentence, label, links)
    return format_html('{} <span class="evidence">{}</span>', sentence, links)


@register.filter
def language_names(codes: Any) -> str:
    """Language codes ("nl", "ar") as their names in themselves ("Nederlands, العربية")."""
    return ", ".join(LANGUAGE_NAMES.get(code, code) for code in codes or ())


@register.filter
def active_filters(form: Any) -> int:
    """How many of a bound filter form's fields the reader has set (the page number and the
    sort order are not filters): the count on the button behind which a phone keeps them."""
    if form is None or not getattr(form, "is_bound", False):
        return 0
    count = 0
    for name in form.fields:
        if name in {"page", "ordering"}:
            continue
        values = form.data.getlist(name) if hasattr(form.data, "getlist") else [form.data.get(name)]
        if any(str(value).strip() for value in values if value is not None):
            count += 1
    return count


def _moment(value: datetime | str | None) -> datetime | None:
    if isinstance(value, str):
        value = parse_datetime(value)  # the ISO times of chat events and history
    if value is None:
        return None
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def clock(value: datetime | str | None) -> str:
    """The time of day in the reader's zone and language's TIME_FORMAT ("18:32"), as the
    chat client writes live messages."""
    moment = _moment(value)
    return dateformat.time_format(moment, get_format("TIME_FORMAT")) if moment else ""


@register.filter
def ago(value: datetime | str | None) -> str:
    """How long ago, as a phrase of the reader's language: "5 minuten geleden", "5 minutes
    ago", "il y a 5 minutes"; "just now" under a minute."""
    moment = _moment(value)
    if moment is None:
        return ""
    if timezone.now() - moment < timedelta(minutes=1):
        return _("just now")
    return _("%(delta)s ago") % {"delta": timesince(moment, depth=1)}


@register.filter
def named_in_another_language(skills: Any) -> bool:
    """Whether any of these ESCO skills is shown by a name in another language than the
    page's (ESCO's English where it has no Dutch or French label)."""
    language = (get_language() or "nl")[:2]
    return any(skill.name_language != language for skill in skills)
