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


# C0 control characters other than tab, newline and carriage return: never meaningful in an
# address, and PostgreSQL refuses a NUL in any text it is given (a 500 before this check).
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}


def _has_control(text: str) -> bool:
    return any(ch in _CONTROL for ch in text)


class RefuseControlCharactersMiddleware:
    """Refuse, in one place, a path or query parameter holding control characters: 400 in
    the API's JSON error shape under /api/, a plain Thai/English 400 page elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        if _has_control(request.path) or any(
            _has_control(key) or any(_has_control(v) for v in query.getlist(key)) for key in query
        ):
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request):
        from django.http import HttpResponseBadRequest, JsonResponse
        from django.template.loader import render_to_string

        from cophub.core.errors import DomainError

        error = DomainError("bad_characters")
        if request.path.startswith("/api/"):
            return JsonResponse({"code": error.code, "detail": error.message}, status=400)
        return HttpResponseBadRequest(render_to_string("400.html", {"message": error.message}))


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (settings
    ``CONTENT_SECURITY_POLICY`` and ``PERMISSIONS_POLICY``; empty: not sent).

    Django 5.2 has no CSP of its own (6.0 will). The policy is one fixed string: no page
    carries an inline script or event handler (scripts are files, htmx needs no eval), so
    no nonce is needed; a test renders every page and looks for inline scripts.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.headers = {
            name: value
            for name, value in (
                ("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY),
                ("Permissions-Policy", settings.PERMISSIONS_POLICY),
            )
            if value
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response
