from django.urls import path

from cophub.search import views

app_name = "search"

urlpatterns = [path("search/", views.search_page, name="search")]
