from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Titles and commendations")

    def ready(self):
        # Registers how the awards events read in recent changes, declares the workflows and
        # the kinds of background job.
        from awards import events, jobs, workflows  # noqa: F401
