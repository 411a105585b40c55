"""Mark the process as a test run before pytest-django imports the settings."""

import os

os.environ.setdefault("DJANGO_TESTING", "1")
