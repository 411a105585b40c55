"""Choose the interface language: the person's explicit choice, else Vietnamese."""

from django.conf import settings
from django.utils import translation


class PortalLanguageMiddleware:
    """Activate the language from the language cookie, ignoring the browser's Accept-Language.

    Agency workstations often run English browsers; the portal is still Vietnamese first, and
    English only when the person picks it with the switch on every page.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response
