from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns and covenants")

    def ready(self):
        # Declares the workflows of campaigns, covenants, signatures, reports and reviews.
        from campaigns import events, workflows  # noqa: F401
