"""Who may run a survey and who may read its results."""

from cophub.programs.models import Activity
from cophub.programs.permissions import can_edit_program, can_work_on_program


def can_manage_survey(user, activity: Activity) -> bool:
    """The program's organisers (and system admins) build, open and close its surveys."""
    return can_edit_program(user, activity.program)


def can_see_results(user, activity: Activity) -> bool:
    """Results include free-text comments: the program's organisers, its facilitators and
    system admins only; a facilitator of another program is refused."""
    return can_work_on_program(user, activity.program)
