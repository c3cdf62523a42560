"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium), never a downloaded
browser. Skipped when Chromium is not installed (see README: apt-get install chromium).

Two servers are on offer. `live_server` (pytest-django) serves HTTP through WSGI. `site` serves
the production ASGI application (HTTP and the room websockets) with Daphne, in a thread of the
test process: the database, Django's mail outbox and the channel layer are the test's own.

Pages come from `open_page(locale=..., width=...)`: a browser context per reader language and
viewport whose Content-Security-Policy violations and console errors are collected; a test
fails at teardown if any page it opened saw a CSP violation. `capture(page, name)` writes the
page's screenshots in Dutch and English at 390 and 1280 px to tests/e2e/screenshots/.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
WIDTHS = {390: 844, 1280: 900}  # width → height of the viewport (a phone, a laptop)

# Playwright's sync API runs an event loop in this thread; the Django ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Module scope: Playwright keeps an event loop running in this thread while it is open,
# which other (sync) tests of the same worker must not inherit.
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    args = [
        "--headless=new",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=args
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def pytest_collection_modifyitems(items):
    # Under ASGI, Django serves WhiteNoise's static files (a synchronous file iterator) with
    # this warning, from the server's thread; production logs it, the suite's "error" filter
    # would turn it into a 500 for the browser.
    for item in items:
        if item.path.parent == Path(__file__).parent:
            item.add_marker(
                pytest.mark.filterwarnings(
                    "ignore:StreamingHttpResponse must consume synchronous iterators"
                )
            )


# --- Daphne in a thread ---------------------------------------------------------------------


class _ThreadedDaphne:
    """The production ASGI application under Daphne, in a daemon thread of this process.

    Twisted's reactor runs once per process, so the server lives as long as the test worker.
    Database connections are closed after every request and socket frame (CONN_MAX_AGE 0), so
    none outlives a test's flush or blocks the test database from being dropped."""

    def __init__(self) -> None:
        self.port = 0
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        from django.db import connections

        connections.settings["default"]["CONN_MAX_AGE"] = 0
        self._thread = threading.Thread(target=self._run, name="e2e-daphne", daemon=True)
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError(f"Daphne did not start: {self._error!r}")
        if self._error is not None:
            raise RuntimeError("Daphne did not start") from self._error
        return f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        try:
            from daphne.endpoints import build_endpoint_description_strings
            from daphne.server import Server
            from twisted.internet import reactor

            from config.asgi import application

            self._server = Server(
                application=application,
                endpoints=build_endpoint_description_strings(host="127.0.0.1", port=0),
                signal_handlers=False,
                verbosity=0,
            )
            reactor.callLater(0.05, self._resolve_port)  # type: ignore[attr-defined]
            self._server.run()
        except BaseException as exc:
            self._error = exc
            self._ready.set()

    def stop(self) -> None:
        from twisted.internet import reactor

        if reactor.running:  # type: ignore[attr-defined]
            reactor.callFromThread(reactor.stop)  # type: ignore[attr-defined]
        if self._thread is not None:
            self._thread.join(10)

    def _resolve_port(self) -> None:
        from twisted.internet import reactor

        if self._server.listening_addresses:
            self.port = self._server.listening_addresses[0][1]
            self._ready.set()
        else:
            reactor.callLater(0.05, self._resolve_port)  # type: ignore[attr-defined]


_daphne: _ThreadedDaphne | None = None
_daphne_url = ""


@pytest.fixture(scope="session")
def _daphne_in_thread(django_db_setup, django_db_blocker) -> Iterator[str]:
    global _daphne, _daphne_url
    if _daphne is None:
        _daphne = _ThreadedDaphne()
        with django_db_blocker.unblock():
            _daphne_url = _daphne.start()
    yield _daphne_url
    _daphne.stop()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The suite's test database. Server threads of this process (Daphne's, pytest-django's
    live server) may still hold a session on it when the session ends, which a plain DROP
    DATABASE refuses ('being accessed by other users'); the drop ends them (PostgreSQL 13+)."""
    yield django_db_setup
    from django.db.backends.postgresql.creation import DatabaseCreation

    def destroy_forcing(self: Any, test_database_name: str, verbosity: int) -> None:
        with self._nodb_cursor() as cursor:
            name = self.connection.ops.quote_name(test_database_name)
            cursor.execute(f"DROP DATABASE {name} WITH (FORCE)")

    DatabaseCreation._destroy_test_db = destroy_forcing  # type: ignore[method-assign]


@dataclass
class Site:
    url: str

    def at(self, path: str, language: str = "nl") -> str:
        """The absolute URL of a page path in a language (Dutch is unprefixed)."""
        return self.url + localised(path, language)


@pytest.fixture
def site(_daphne_in_thread, transactional_db, settings) -> Site:
    """The site as a browser reaches it, with the test's own (transactional) database."""
    settings.SITE_URL = _daphne_in_thread
    return Site(_daphne_in_thread)


def localised(path: str, language: str) -> str:
    """`path` (with or without a language prefix) in `language`."""
    bare = re.sub(r"^/(en|fr)(?=/)", "", path)
    return bare if language == "nl" else f"/{language}{bare}"


# --- Pages with their CSP and console watchers ---------------------------------------------

# Reports every 'securitypolicyviolation' event of the document to the test (init scripts run
# before the page's own scripts and are not subject to its CSP).
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__kruispuntCsp(e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " on " + document.location.pathname);
});
"""


@dataclass
class Watch:
    csp: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def open_page(browser) -> Iterator[Callable[..., Any]]:
    """open_page(locale="nl", width=1280) → a new page in a browser context of its own (own
    cookies, so several people can be signed in at once). `page.watch.csp` holds the CSP
    violations seen, `page.watch.console_errors` the console errors."""
    contexts: list[tuple[Any, Watch]] = []

    def open_(locale: str = "nl", width: int = 1280, bypass_csp: bool = False) -> Any:
        context = browser.new_context(
            # Only for the axe check, whose injected script the site's CSP would refuse.
            bypass_csp=bypass_csp,
            locale={"nl": "nl-BE", "en": "en-GB", "fr": "fr-BE"}[locale],
            timezone_id="Europe/Brussels",
            viewport={"width": width, "height": WIDTHS.get(width, 900)},
        )
        context.set_default_timeout(15_000)
        watch = Watch()
        context.expose_function("__kruispuntCsp", lambda text: watch.csp.append(text))
        context.add_init_script(_CSP_LISTENER)

        def on_console(message: Any) -> None:
            if message.type != "error":
                return
            watch.console_errors.append(message.text)
            if "Content Security Policy" in message.text:
                watch.csp.append(message.text)

        context.on("console", on_console)
        contexts.append((context, watch))
        new = context.new_page()
        new.watch = watch
        return new

    yield open_
    seen = [violation for _, watch in contexts for violation in watch.csp]
    for context, _ in contexts:
        context.close()
    if seen:
        pytest.fail("CSP violations in the browser:\n" + "\n".join(dict.fromkeys(seen)))


def sign_in(page: Any, site: Site, email: str, password: str, language: str = "nl") -> None:
    """Signs in through the login form, as a person would."""
    page.goto(site.at("/accounts/login/", language))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.locator("main").inner_text()


def no_horizontal_scroll(page: Any) -> int:
    """How many pixels the page is wider than its viewport (0 when it fits)."""
    return int(
        page.evaluate(
            "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - document.documentElement.clientWidth"
        )
    )


def overflowing(page: Any) -> list[str]:
    """The outermost elements that reach past the right edge of the viewport."""
    return list(
        page.evaluate(
            """() => {
              const edge = document.documentElement.clientWidth + 1;
              const out = [];
              for (const el of document.body.querySelectorAll("*")) {
                if (el.getBoundingClientRect().right <= edge) continue;
                const up = el.parentElement;
                if (up && up !== document.body && up.getBoundingClientRect().right > edge) {
                  continue;
                }
                const classes = String(el.className || "").trim().split(/\\s+/);
                out.push([el.tagName.toLowerCase(), ...classes.filter(Boolean)].join("."));
              }
              return out.slice(0, 5);
            }"""
        )
    )


def shoot(page: Any, name: str, language: str) -> Path:
    """A full-page screenshot at the page's current width: <name>-<language>-<width>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / f"{name}-{language}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


@pytest.fixture
def capture() -> Callable[..., list[Path]]:
    """capture(page, name) → screenshots of the page's current URL in Dutch and English at
    390 and 1280 px: tests/e2e/screenshots/<name>-<nl|en>-<width>.png. The page ends where it
    started (same URL, language and width)."""

    def capture_(page: Any, name: str) -> list[Path]:
        start_url = page.url
        start_size = page.viewport_size
        origin = re.match(r"^https?://[^/]+", start_url)
        assert origin is not None
        path = start_url[origin.end() :]
        written = []
        for language in ("nl", "en"):
            page.goto(origin.group(0) + localised(path, language))
            page.wait_for_load_state("networkidle")
            for width, height in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": height})
                written.append(shoot(page, name, language))
        page.set_viewport_size(start_size)
        page.goto(start_url)
        page.wait_for_load_state()
        return written

    return capture_
