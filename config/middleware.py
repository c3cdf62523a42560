"""Language selection that also serves the API.

Pages use URL prefixes (/en/, /fr/; Dutch unprefixed). Django's LocaleMiddleware then treats
every unprefixed path as Dutch, which is right for pages but wrong for /api/ and /ws/, which
have no prefix: there the language comes from the language cookie, then Accept-Language.

The language switcher (/i18n/setlang/) translates its `next` URL by resolving it in the active
language; activate the language of that URL, or /en/… would not resolve from Dutch.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

UNPREFIXED = ("/api/", "/ws/")


class KruispuntLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith(UNPREFIXED):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            return
        if request.path_info.startswith("/i18n/"):
            target = request.POST.get("next") or request.GET.get("next") or ""
            language = translation.get_language_from_path(target) or settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = language
            return
        super().process_request(request)
