"""The portal's URLs, plus the benchmark's floor: a signed-in page that renders only the layout.

Every page costs at least what the floor costs (the session, the user, the middleware, the
navigation); the benchmark prints each page's median as a multiple of it. The floor exists only
while the benchmark runs (it overrides ROOT_URLCONF); the portal itself has no such page.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path
from django.views.decorators.http import require_safe


@login_required
@require_safe
def floor(request):
    return render(request, "base.html")


urlpatterns = [
    path("benchmark/floor/", floor, name="benchmark_floor"),
    path("", include("emulation.urls")),
]
