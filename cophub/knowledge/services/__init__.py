"""Writes for the knowledge app, one module per part; callers import from here.

``communities`` (communities, members, filed activities), ``joining`` (join policies:
requests, approvals, invitations; ``mail`` writes their e-mails), ``items`` (knowledge
items, attachments, comments, useful marks) and ``imports`` (JSON Lines loading, which
calls the other two).
"""

from cophub.knowledge.services.communities import (
    COMMUNITY_FIELDS,
    community_create,
    community_leave,
    community_link_activity,
    community_unlink_activity,
    community_update,
    member_add,
    member_remove,
    member_set_role,
)
from cophub.knowledge.services.imports import LineResult, import_lines, read_line
from cophub.knowledge.services.items import (
    ATTACHMENT_TYPES,
    ITEM_FIELDS,
    MAX_ATTACHMENT_MB,
    MAX_ATTACHMENTS,
    ItemData,
    attachment_add,
    attachment_delete,
    check_attachment,
    clean_tags,
    comment_create,
    comment_set_hidden,
    item_create,
    item_delete,
    item_update,
    useful_toggle,
)
from cophub.knowledge.services.joining import (
    JoinOutcome,
    community_join,
    invitation_answer,
    invitation_create,
    invitation_withdraw,
    join_request_decide,
    join_request_withdraw,
)

__all__ = [
    "ATTACHMENT_TYPES",
    "COMMUNITY_FIELDS",
    "ITEM_FIELDS",
    "MAX_ATTACHMENTS",
    "MAX_ATTACHMENT_MB",
    "ItemData",
    "JoinOutcome",
    "LineResult",
    "attachment_add",
    "attachment_delete",
    "check_attachment",
    "clean_tags",
    "comment_create",
    "comment_set_hidden",
    "community_create",
    "community_join",
    "community_leave",
    "community_link_activity",
    "community_unlink_activity",
    "community_update",
    "import_lines",
    "invitation_answer",
    "invitation_create",
    "invitation_withdraw",
    "item_create",
    "item_delete",
    "item_update",
    "join_request_decide",
    "join_request_withdraw",
    "member_add",
    "member_remove",
    "member_set_role",
    "read_line",
    "useful_toggle",
]
