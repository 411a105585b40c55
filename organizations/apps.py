from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organisation")

    def ready(self):
        # Declares the workflows of the organisation's records, its kinds of job and the
        # checks of the portal's settings.
        from organizations import checks, exports, imports, workflows  # noqa: F401
