"""Read a response the way the tests assert on it: its markup, its visible text, its messages."""

import html
import re

from django.contrib.messages import get_messages


def html_of(response) -> str:
    """Return the page's HTML with entities decoded, for assertions on markup (links, test ids)."""
    return html.unescape(response.content.decode())


def text_of(response) -> str:
    """Return the page's visible text: tags dropped, runs of whitespace folded to one space."""
    return " ".join(re.sub(r"<[^>]+>", " ", html_of(response)).split())


def messages_of(response) -> list[str]:
    """Return the Django messages of the request, whether the response redirects or renders them."""
    return [str(message) for message in get_messages(response.wsgi_request)]
