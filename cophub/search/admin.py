from django.contrib import admin

from cophub.search.models import SearchDocument


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    list_display = ["type", "object_id", "title", "updated_at"]
    list_filter = ["type"]
    search_fields = ["title"]
