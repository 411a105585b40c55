"""The portal's own middleware: the client's address behind a proxy, the interface language, and
no caching of what a signed-in person sees or downloads."""

import ipaddress

from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers


def forwarded_client_address(header: str, proxy_count: int) -> str | None:
    """Return the client's address from X-Forwarded-For behind `proxy_count` trusted proxies.

    Each trusted proxy appends the address it received the request from, so the entry
    `proxy_count` places from the right is the client as the outermost proxy saw it. Entries
    further left were sent by the client and prove nothing. None when the header is too short or
    that entry is not an IP address: the proxies are not set up as the settings say.
    """
    entries = [entry.strip() for entry in header.split(",")] if header else []
    if proxy_count < 1 or len(entries) < proxy_count:
        return None
    try:
        return str(ipaddress.ip_address(entries[-proxy_count]))
    except ValueError:
        return None


class ForwardedClientMiddleware:
    """Put the client's address in REMOTE_ADDR when the portal runs behind trusted proxies.

    Behind nginx every request arrives from the proxy, so the sign-in lock-out (django-axes keys
    on username and REMOTE_ADDR) and the public comments' flood limit would take every client for
    one. With TRUSTED_PROXY_COUNT at 0 (the default) X-Forwarded-For is ignored: a client talking
    to gunicorn directly cannot choose the address it is locked out by.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        proxy_count = settings.TRUSTED_PROXY_COUNT
        if proxy_count:
            address = forwarded_client_address(
                request.META.get("HTTP_X_FORWARDED_FOR", ""), proxy_count
            )
            if address:
                request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


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


class NoStoreMiddleware:
    """Forbid caching every response to a signed-in person and every download.

    Pages behind the sign-in hold personal data (ratings, discipline, nominations); a shared
    workstation's browser cache or an agency's caching proxy must not keep them, nor the PDFs and
    workbooks, which an anonymous page such as a certificate's verification may also hand out.
    Public pages to anonymous visitors are left to the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = response.get("Content-Disposition", "").lower().startswith("attachment")
        if signed_in or download:
            add_never_cache_headers(response)
        return response
