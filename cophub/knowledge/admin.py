from django.contrib import admin

from cophub.knowledge.models import Comment, Community, KnowledgeItem, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(KnowledgeItem)
class KnowledgeItemAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "community", "status", "visibility", "created_at"]
    list_filter = ["kind", "status", "visibility"]
    search_fields = ["title"]
    raw_id_fields = ["activity", "author", "host_organization"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["item", "author", "hidden", "created_at"]
    raw_id_fields = ["item", "parent", "author"]
