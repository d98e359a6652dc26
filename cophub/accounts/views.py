from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cophub.accounts import hooks, selectors, services
from cophub.accounts.forms import TokenCreateForm
from cophub.core.errors import DomainError
from cophub.core.views import raise_for


def profile(request):
    form = TokenCreateForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _token, new_secret = services.token_create(
            user=request.user, name=form.cleaned_data["name"]
        )
        form = TokenCreateForm()
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "tokens": selectors.tokens_of(request.user),
            "new_secret": new_secret,
            "profile_panels": hooks.PROFILE_PANELS,
            **hooks.profile_context(request.user),
        },
    )


@require_POST
def token_revoke(request, token_id: int):
    try:
        services.token_revoke(actor=request.user, token_id=token_id)
    except DomainError as exc:
        raise_for(exc)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:profile")
