"""Language selection that also serves the API.

Pages use URL prefixes (/en/, /fr/; Dutch unprefixed). Django's LocaleMiddleware then treats
every unprefixed path as Dutch, which is right for pages but wrong for /api/ and /ws/, which
have no prefix: there the language comes from the language cookie, then Accept-Language.

The language switcher (/i18n/setlang/) translates its `next` URL by resolving it in the active
language; activate the language of that URL, or /en/… would not resolve from Dutch.

Both run inside translation.override, so the language never outlives the request.
"""

from __future__ import annotations

from collections.abc import Awaitable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

UNPREFIXED = ("/api/", "/ws/")


class KruispuntLocaleMiddleware(LocaleMiddleware):
    def _unprefixed(self, request: HttpRequest) -> tuple[str, bool] | None:
        """(language, vary) for /api/, /ws/ and /i18n/; None for pages (Django's rules)."""
        path = request.path_info
        if path.startswith(UNPREFIXED):
            return translation.get_language_from_request(request, check_path=False), True
        if path.startswith("/i18n/"):
            target = request.POST.get("next") or request.GET.get("next") or ""
            return translation.get_language_from_path(target) or settings.LANGUAGE_CODE, False
        return None

    @staticmethod
    def _finish(request: HttpRequest, response: HttpResponseBase, vary: bool) -> HttpResponseBase:
        if vary:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if self.async_mode:  # under ASGI (Daphne) the chain is async: see __acall__
            return self.__acall__(request)
        choice = self._unprefixed(request)
        if choice is None:
            return super().__call__(request)
        language, vary = choice
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
            assert isinstance(response, HttpResponseBase)  # sync mode: a response
            return self._finish(request, response, vary)

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        choice = self._unprefixed(request)
        if choice is None:
            return await super().__acall__(request)
        language, vary = choice
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            pending = self.get_response(request)
            assert not isinstance(pending, HttpResponseBase)  # async mode: an awaitable
            return self._finish(request, await pending, vary)
