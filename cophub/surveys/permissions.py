"""Who may run a survey and who may read its results."""

from cophub.programs.models import Activity
from cophub.programs.permissions import can_edit_program


def can_manage_survey(user, activity: Activity) -> bool:
    """The program's organiser (and system admins) build, open and close its surveys."""
    return can_edit_program(user, activity.program)


def can_see_results(user, activity: Activity) -> bool:
    """Results include free-text comments: organisers, facilitators and admins only."""
    if not (user and user.is_authenticated):
        return False
    return can_manage_survey(user, activity) or user.role == "facilitator" or user.is_system_admin
