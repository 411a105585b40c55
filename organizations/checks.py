"""System checks of the portal's own settings (`manage.py check --deploy`, docs/deployment.md)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.urls, deploy=True)
def portal_url_is_set(app_configs, **kwargs):
    """E-mails are sent with no request to take the portal's address from: without PORTAL_URL
    they cannot link to what they are about, and a certificate's QR code takes the address of
    whoever printed it."""
    url = settings.PORTAL_URL
    if url.startswith(("https://", "http://")):
        return []
    return [
        checks.Warning(
            "PORTAL_URL is not set to the portal's public address (https://…): e-mails are sent "
            "without a link and certificates' QR codes take the address each was printed from.",
            hint="Set PORTAL_URL, e.g. https://thiduakhenthuong.langson.gov.vn",
            id="portal.W001",
        )
    ]
