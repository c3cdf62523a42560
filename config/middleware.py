"""Language selection that also serves the API.

Pages use URL prefixes (/en/, /fr/; Dutch unprefixed). Django's LocaleMiddleware then treats
every unprefixed path as Dutch, which is right for pages but wrong for /api/ and /ws/, which
have no prefix: there the language comes from the language cookie, then Accept-Language.

The language switcher (/i18n/setlang/) translates its `next` URL by resolving it in the active
language; activate the language of that URL, or /en/… would not resolve from Dutch.

Both run inside translation.override, so the language never outlives the request.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

UNPREFIXED = ("/api/", "/ws/")


class KruispuntLocaleMiddleware(LocaleMiddleware):
    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        if path.startswith(UNPREFIXED):
            language = translation.get_language_from_request(request, check_path=False)
            vary = True
        elif path.startswith("/i18n/"):
            target = request.POST.get("next") or request.GET.get("next") or ""
            language = translation.get_language_from_path(target) or settings.LANGUAGE_CODE
            vary = False
        else:
            return super().__call__(request)
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
            if vary:
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
