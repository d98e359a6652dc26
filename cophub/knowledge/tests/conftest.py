import pytest


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    """Uploaded files go to a temporary MEDIA_ROOT, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def gated(facilitator):
    """A community made with the defaults: by request (a facilitator approves)."""
    from cophub.testing import make_community

    return make_community(facilitator=facilitator, name="ชุมชนนักปฏิบัติด้านกฎหมาย")
