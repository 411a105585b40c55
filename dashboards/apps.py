from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """Leadership's dashboards: the top floor, reading the others, written by none of them."""

    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        # Declares the rights and the kinds of background job.
        from dashboards import jobs, rules  # noqa: F401
