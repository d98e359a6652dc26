"""The demo a newcomer sees after `make run`: something in every place, loaded once."""

from django.core.management import call_command
from django.urls import reverse

from cophub.accounts.models import User
from cophub.certificates.models import Certificate
from cophub.demo.services import TRAINING_TITLE, UPCOMING_TITLE
from cophub.knowledge.models import Comment, Community, KnowledgeItem, Membership, Role
from cophub.programs.models import Program, Registration
from cophub.surveys.models import Survey


def test_the_demo_fills_every_place_and_loads_twice_without_adding(db, client):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def counts():
        return (Program.objects.count(), Community.objects.count(),
                KnowledgeItem.objects.count(), Comment.objects.count(), User.objects.count(),
                Registration.objects.count(), Certificate.objects.count())  # fmt: skip

    before = counts()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert before == counts()
    assert Community.objects.count() == 2
    # Every KM role is filled in each community.
    for community in Community.objects.all():
        roles = set(Membership.objects.filter(community=community).values_list("role", flat=True))
        assert roles >= {Role.FACILITATOR, Role.NOTE_TAKER, Role.PRACTITIONER}
    assert KnowledgeItem.objects.filter(kind="question", comments__isnull=False).exists()
    assert KnowledgeItem.objects.filter(kind="lesson", activity__isnull=False).count() == 2
    # Every demo user has an organisation, so registration and reports know where they work.
    assert not User.objects.filter(person__organization__isnull=True).exists()
    # This year's visit takes registrations: six seats held, one waiting, a coordinator's
    # nominations within the quota, and an attendees-only survey for the door.
    upcoming = Registration.objects.filter(activity__program__title=UPCOMING_TITLE)
    assert sorted(upcoming.values_list("status", flat=True)) == ["registered"] * 6 + ["waiting"]
    assert upcoming.filter(source="nominated", nominated_by__username="coordinator").count() == 2
    assert Survey.objects.get(activity__program__title=UPCOMING_TITLE).attendees_only
    # Last year's training: six of its seven attended and hold a valid certificate; the
    # demo member's is on the profile and the public page confirms it.
    training = Registration.objects.filter(activity__program__title=TRAINING_TITLE)
    assert sorted(training.values_list("status", flat=True)) == ["attended"] * 6 + ["registered"]
    held = Certificate.objects.filter(activity__program__title=TRAINING_TITLE)
    assert held.filter(status="valid").count() == 6
    mine = held.get(person__user__username="member")
    # Its follow-up went out to the six attendees; two answered (one applied it, one partly).
    from cophub.followups.models import Invitation

    invited = Invitation.objects.filter(followup__activity__program__title=TRAINING_TITLE)
    assert invited.count() == 6 and invited.filter(answered_at__isnull=False).count() == 2
    assert client.get(reverse("certificates:verify", args=[mine.code])).status_code == 200
    # A member's first view is not empty.
    client.force_login(User.objects.get(username="member"))
    page = client.get(reverse("knowledge:communities")).content.decode()
    assert mine.number in client.get(reverse("accounts:profile")).content.decode()
    assert "ชุมชนนักปฏิบัติด้านการบริการประชาชน" in page
    # The facilitator works the door and reads the results of the demo's programs, through
    # their place on each program's team, and nowhere else.
    from cophub.testing import ActivityFactory

    client.force_login(User.objects.get(username="facilitator"))
    visit = Survey.objects.get(activity__program__title=UPCOMING_TITLE).activity_id
    assert client.get(reverse("participants:checkin", args=[visit])).status_code == 200
    assert client.get(reverse("surveys:results", args=[visit])).status_code == 200
    elsewhere = ActivityFactory().pk
    assert client.get(reverse("participants:checkin", args=[elsewhere])).status_code == 403
