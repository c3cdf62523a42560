"""Language selection that also serves the API.

Pages use URL prefixes (/en/, /fr/; Dutch unprefixed). Django's LocaleMiddleware then treats
every unprefixed path as Dutch, which is right for pages but wrong for /api/ and /ws/, which
have no prefix: there the language comes from the language cookie, then Accept-Language.
"""

from __future__ import annotations

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
        super().process_request(request)
