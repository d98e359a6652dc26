import pytest


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    """Uploaded files go to a temporary MEDIA_ROOT, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """What a commit does at the end of the block: the indexing jobs run (the test's own
    transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
