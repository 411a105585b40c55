from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Titles and commendations")

    def ready(self):
        # Registers how the awards events read in recent changes, and declares the workflows.
        from awards import events, workflows  # noqa: F401
