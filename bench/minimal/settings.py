"""The yardstick of issue 17: a minimal Django project whose one view inserts one row.

No apps, no middleware: a JSON view that writes one row needs none (no session, no
user, no CSRF token, no messages). Its database settings are CoP Hub's own (read from
``cophub.settings``, so the two cannot drift: the same SQLite file with WAL and the same
busy timeout, or the same PostgreSQL database through the same pool), and it runs
under the same gunicorn command (``bench/survey_bench.py``).
"""

import os

from cophub import settings as cophub_settings

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "bench-minimal-not-secret")
ALLOWED_HOSTS = cophub_settings.ALLOWED_HOSTS
DATABASES = cophub_settings.DATABASES
USE_TZ = True
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.minimal.urls"
WSGI_APPLICATION = "bench.minimal.wsgi.application"
LOGGING_CONFIG = None
