from django.urls import path

from cophub.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("communities/", views.community_list, name="communities"),
    path("communities/new/", views.community_create, name="community_create"),
    path("communities/<int:community_id>/", views.community_detail, name="community"),
    path("communities/<int:community_id>/edit/", views.community_edit, name="community_edit"),
    path("communities/<int:community_id>/join/", views.community_join, name="join"),
    path("communities/<int:community_id>/leave/", views.community_leave, name="leave"),
    path("communities/<int:community_id>/withdraw/", views.join_withdraw, name="withdraw"),
    path(
        "communities/<int:community_id>/invitation/",
        views.invitation_answer,
        name="invitation_answer",
    ),
    # A facilitator's waiting requests and invitations. Which one is answered travels in
    # the form, so every route here names only the community.
    path("communities/<int:community_id>/requests/", views.join_requests, name="join_requests"),
    path(
        "communities/<int:community_id>/requests/decide/",
        views.request_decide,
        name="request_decide",
    ),
    path("communities/<int:community_id>/invitations/", views.invite, name="invite"),
    path(
        "communities/<int:community_id>/invitations/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("communities/<int:community_id>/members/", views.member_add, name="member_add"),
    path("memberships/<int:membership_id>/role/", views.member_role, name="member_role"),
    path("memberships/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path("communities/<int:community_id>/activities/", views.activity_link, name="activity_link"),
    path(
        "community-activities/<int:link_id>/remove/", views.activity_unlink, name="activity_unlink"
    ),
    path("communities/<int:community_id>/knowledge/new/", views.item_create, name="item_create"),
    path("knowledge/<int:item_id>/", views.item_detail, name="item"),
    path("knowledge/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("knowledge/<int:item_id>/delete/", views.item_delete, name="item_delete"),
    path("knowledge/<int:item_id>/history/", views.item_history, name="item_history"),
    path("knowledge/<int:item_id>/attachments/", views.attachment_add, name="attachment_add"),
    path("knowledge/<int:item_id>/comments/", views.comment_create, name="comment_create"),
    path("knowledge/<int:item_id>/useful/", views.useful_toggle, name="useful"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path(
        "attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("comments/<int:comment_id>/hide/", views.comment_hide, name="comment_hide"),
]
