import pytest


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    """Uploaded files go to a temporary MEDIA_ROOT, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
