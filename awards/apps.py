from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Titles and commendations")

    def ready(self):
        # Registers how the awards events read in recent changes.
        from awards import events  # noqa: F401
