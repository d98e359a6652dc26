from django.contrib.auth.middleware import LoginRequiredMiddleware as BaseLoginRequired


class LoginRequiredMiddleware(BaseLoginRequired):
    """Every page needs a login, except what is marked ``login_not_required``.

    The JSON API authenticates each request itself (bearer token or session) and
    answers 401 in JSON, so it is left to its own auth rather than redirected to a page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
