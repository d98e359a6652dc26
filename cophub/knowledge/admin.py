"""Read-only: communities, items and comments change through the knowledge services."""

from django.contrib import admin

from cophub.core.admin import ReadOnlyAdmin, ReadOnlyInline
from cophub.knowledge.models import Comment, Community, JoinRequest, KnowledgeItem, Membership


class MembershipInline(ReadOnlyInline):
    model = Membership


class JoinRequestInline(ReadOnlyInline):
    model = JoinRequest
    fk_name = "community"


@admin.register(Community)
class CommunityAdmin(ReadOnlyAdmin):
    list_display = ["name", "join_policy", "created_at"]
    list_filter = ["join_policy"]
    search_fields = ["name"]
    inlines = [MembershipInline, JoinRequestInline]


@admin.register(KnowledgeItem)
class KnowledgeItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "community", "status", "visibility", "created_at"]
    list_filter = ["kind", "status", "visibility"]
    search_fields = ["title"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["item", "author", "hidden", "created_at"]
