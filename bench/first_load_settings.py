"""The app's settings with static files stored as production stores them: hashed names
and compressed copies that whitenoise serves (bench/offline_first_load.py)."""

from cophub.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
