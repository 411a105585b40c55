from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns and covenants")

    def ready(self):
        # Declares the workflows of campaigns, covenants, signatures, reports and reviews, and
        # the kinds of background job.
        from campaigns import events, jobs, workflows  # noqa: F401
