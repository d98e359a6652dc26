"""Every route sent an empty form as the organiser (who may do the most there): never a
500, and a Thai page shows no English sentence. An empty form is what a double click, a
stale tab or a hand-made request sends; each answer is a refusal or a form to correct.
Each request runs in a transaction rolled back afterwards, so one route's write (a
delete) never changes what the next one finds."""

import pytest
from django.db import transaction

from cophub.core.tests import test_reads_never_write as sweep

pytestmark = pytest.mark.django_db
world = sweep.world  # the same one of everything a URL can name

NOT_FORMS = {"logout"}  # it ends the session every later request needs


def test_an_empty_post_to_any_route_is_refused_or_asked_again_in_thai(world, organiser_client):
    checked = []
    for route, name in sweep.routes():
        if name in NOT_FORMS:
            continue
        path = sweep.fill(route, world)
        with transaction.atomic():
            response = organiser_client.post(path, {})
            transaction.set_rollback(True)
        assert response.status_code < 500, (path, response.status_code)
        if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
            assert sweep.english_sentences(response.content.decode()) == [], f"POST {path} in Thai"
        checked.append(path)
    assert len(checked) > 60
