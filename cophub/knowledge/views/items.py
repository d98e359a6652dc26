"""Knowledge item pages: read, write, attachments, comments, useful marks, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cophub.core.errors import DomainError
from cophub.core.views import asks_when_sent_from_another_site, form_error, raise_for
from cophub.knowledge import selectors, services
from cophub.knowledge.forms import AttachmentForm, CommentForm, ItemForm
from cophub.knowledge.markdown import render_markdown
from cophub.knowledge.models import Attachment, Comment, Community, KnowledgeItem
from cophub.knowledge.permissions import (
    can_comment,
    can_edit_item,
    can_moderate,
    can_post,
    can_view_item,
)
from cophub.privacy.models import PersonalDataRead
from cophub.privacy.services import personal_data_read


def _visible_item(request, item_id: int) -> KnowledgeItem:
    """The item, or 404 for anyone who may not see it (its existence is not revealed)."""
    try:
        item = selectors.item_detail(item_id=item_id)
    except KnowledgeItem.DoesNotExist as exc:
        raise Http404 from exc
    if not can_view_item(request.user, item):
        raise Http404
    return item


def _editable_item(request, item_id: int) -> KnowledgeItem:
    item = _visible_item(request, item_id)
    if not can_edit_item(request.user, item):
        raise PermissionDenied
    return item


def item_detail(request, item_id: int):
    item = _visible_item(request, item_id)
    moderator = can_moderate(request.user, item.community)
    return render(
        request,
        "knowledge/item_detail.html",
        {
            "item": item,
            "body_html": render_markdown(item.body),
            "comments": selectors.item_comments(item=item, show_hidden=moderator),
            "can_edit": can_edit_item(request.user, item),
            "can_comment": can_comment(request.user, item),
            "can_moderate": moderator,
            "marked": selectors.has_marked_useful(item=item, user=request.user),
            "comment_form": CommentForm(),
            "attachment_form": AttachmentForm(),
        },
    )


def _files(request) -> list:
    f = request.FILES.get("attachment")
    return [f] if f else []


def item_create(request, community_id: int):
    community = get_object_or_404(Community, pk=community_id)
    if not can_post(request.user, community):
        raise PermissionDenied
    initial = {"activity": request.GET.get("activity")} if request.GET.get("activity") else {}
    form = ItemForm(
        request.POST or None, request.FILES or None, community=community, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                actor=request.user,
                community=community,
                data=form.item_data(),
                files=_files(request),
            )
        except DomainError as exc:
            form_error(form, exc, "attachment" if exc.code.startswith("attachment") else None)
        else:
            messages.success(request, _("Saved."))
            return redirect(item)
    return render(request, "knowledge/item_form.html", {"form": form, "community": community})


def item_edit(request, item_id: int):
    item = _editable_item(request, item_id)
    form = ItemForm(
        request.POST or None, request.FILES or None, community=item.community,
        initial=ItemForm.initial_for(item),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(
                actor=request.user, item=item, data=form.item_data(), files=_files(request)
            )
        except DomainError as exc:
            form_error(form, exc, "attachment" if exc.code.startswith("attachment") else None)
        else:
            messages.success(request, _("Saved."))
            return redirect(item)
    return render(
        request,
        "knowledge/item_form.html",
        {"form": form, "community": item.community, "item": item},
    )


def item_delete(request, item_id: int):
    item = _editable_item(request, item_id)
    if request.method == "POST":
        community = item.community
        services.item_delete(actor=request.user, item=item)
        messages.success(request, _("Deleted."))
        return redirect(community)
    return render(request, "knowledge/confirm_delete.html", {"object": item, "cancel": item})


def item_history(request, item_id: int):
    item = _visible_item(request, item_id)
    revisions = list(item.revisions.select_related("editor"))
    return render(request, "knowledge/item_history.html", {"item": item, "revisions": revisions})


@require_POST
def attachment_add(request, item_id: int):
    item = _editable_item(request, item_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect(item)
    try:
        services.attachment_add(actor=request.user, item=item, file=form.cleaned_data["file"])
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("File attached."))
    return redirect(item)


@asks_when_sent_from_another_site
def attachment_download(request, attachment_id: int):
    """Files are never served from a public URL: only people who may see the item get them."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("item__community"), pk=attachment_id
    )
    if not can_view_item(request.user, attachment.item):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # A file may hold anyone's details (a sign-in sheet, photos): who took it is recorded.
    personal_data_read(
        viewer=request.user, kind=PersonalDataRead.Kind.ATTACHMENT, instance=attachment,
        exported=True,
    )  # fmt: skip
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def attachment_delete(request, attachment_id: int):
    attachment = get_object_or_404(
        Attachment.objects.select_related("item__community"), pk=attachment_id
    )
    item = _editable_item(request, attachment.item_id)
    services.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("Attachment removed."))
    return redirect(item)


@require_POST
def comment_create(request, item_id: int):
    item = _visible_item(request, item_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment first."))
        return redirect(item)
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
        if parent is None:
            raise Http404
    try:
        services.comment_create(
            actor=request.user, item=item, body=form.cleaned_data["body"], parent=parent
        )
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Comment posted."))
    return redirect(item.get_absolute_url() + "#comments")


@require_POST
def comment_hide(request, comment_id: int):
    comment = get_object_or_404(Comment.objects.select_related("item__community"), pk=comment_id)
    if not can_view_item(request.user, comment.item):
        raise Http404
    try:
        services.comment_set_hidden(
            actor=request.user, comment=comment, hidden=request.POST.get("hidden") == "1"
        )
    except DomainError as exc:
        raise_for(exc)
    return redirect(comment.item.get_absolute_url() + "#comments")


@require_POST
def useful_toggle(request, item_id: int):
    item = _visible_item(request, item_id)
    try:
        services.useful_toggle(actor=request.user, item=item)
    except DomainError as exc:
        raise_for(exc)
    return redirect(item)
