"""URLs that answer htmx with a fragment are pages too.

A panel loaded after its page (suggested partners, suggested solvers), a filter link inside
it, a picker's results, a polled state: htmx asks for them with the ``HX-Request`` header and
swaps the answer into the page. Opened directly — a link opened in a new tab, a bookmark, a
crawler, a browser without JavaScript — the same URL used to return the bare fragment, with no
title, header or language switch. ``framed_unless_htmx`` gives every such view the site's frame
in one place: htmx gets the fragment, everybody else a full page around it. ``Vary:
HX-Request`` keeps caches from mixing the two answers up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def is_htmx(request: HttpRequest) -> bool:
    """An htmx swap; a history restore (back button after an htmx change) wants a full page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


_ABOUT = "_framed_about"


def frame_about(response: HttpResponse, label: str, url: str) -> HttpResponse:
    """Name what a fragment is about (a challenge, an organisation) with a link to its page:
    the full page around the fragment shows it above its heading. htmx swaps ignore it (the
    page the fragment lands in already says it)."""
    setattr(response, _ABOUT, {"label": label, "url": url})
    return response


def framed_unless_htmx(
    title: str | Promise, *, list_items: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a fragment view: its answer is wrapped in the site's page (``title`` as the
    page's title and heading) unless htmx asked for it. ``list_items``: the fragment is a run of
    ``<li>`` and is put in a list."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if (
                not is_htmx(request)
                and response.status_code == 200
                and not response.streaming
                and response.get("Content-Type", "").startswith("text/html")
            ):
                # The fragment was rendered by our templates, autoescaped: it is safe HTML.
                html = response.content.decode(response.charset).lstrip()
                # The page's heading is the title: a fragment's own heading saying the same
                # would repeat it right below.
                html = html.removeprefix(format_html("<h2>{}</h2>", title)).lstrip()
                fragment = mark_safe(html)  # noqa: S308
                response = render(
                    request,
                    "frontend/fragment_page.html",
                    {
                        "title": title,
                        "fragment": fragment,
                        "list_items": list_items,
                        "about": getattr(response, _ABOUT, None),
                    },
                )
            patch_vary_headers(response, ["HX-Request"])
            return response

        return wrapped

    return decorator
