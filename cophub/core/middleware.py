import re

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
        from django.utils import translation

        from cophub.core.errors import DomainError

        # In the caller's language: this runs before LocaleMiddleware chooses it, and the
        # thread's language otherwise is whatever its previous request left behind.
        with translation.override(translation.get_language_from_request(request)):
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


class ApiWriteGuardMiddleware:
    """The JSON API takes writes from its own pages and from scripts, never from another
    site's page, in one place for every endpoint.

    A web page elsewhere can make its visitors' browsers POST anywhere: a form, or a
    ``fetch`` with ``Content-Type: text/plain``, needs no CORS preflight. So a write under
    /api/ (POST, PUT, PATCH, DELETE) is refused when it carries an ``Origin`` that is not
    this site (the request's own host, ``SITE_URL`` or ``CSRF_TRUSTED_ORIGINS``), or, from
    a browser too old to send one, ``Sec-Fetch-Site: cross-site`` (403
    ``cross_site_request``); and a body must be ``application/json`` (415
    ``unsupported_media_type``), which no other site's page can send without a preflight
    that this API never answers. Scripts with a token send no Origin; the site's own
    pages send their own. Reads are left alone: without CORS headers another site's page
    cannot read the answer.

    One exception to JSON: the endpoints that take a file (``UPLOADS``: the participant
    list import) take ``multipart/form-data``; they authenticate the caller themselves (a
    bearer token, or the session with its CSRF token) and answer 401 to anyone else.
    Anywhere else multipart is refused too: an endpoint that reads its body as JSON would
    read a JSON body labelled multipart (a type a page elsewhere may send without a
    preflight) as if it were JSON.
    """

    UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
    UPLOADS = (re.compile(r"^/api/v1/activities/\d+/participant-imports$"),)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.UNSAFE and request.path_info.startswith("/api/"):
            error = self.refusal(request)
            if error is not None:
                from django.http import JsonResponse

                body = {"code": error.code, "detail": error.message}
                return JsonResponse(body, status=error.status)
        return self.get_response(request)

    @classmethod
    def refusal(cls, request):
        from cophub.core.errors import DomainError

        origin = request.META.get("HTTP_ORIGIN")
        if origin is not None:
            if not cls.own_origin(request, origin):
                return DomainError("cross_site_request")
        elif request.META.get("HTTP_SEC_FETCH_SITE", "").lower() == "cross-site":
            return DomainError("cross_site_request")
        media = (request.content_type or "").lower()
        allowed = {"application/json"}
        if any(upload.match(request.path_info) for upload in cls.UPLOADS):
            allowed.add("multipart/form-data")
        if cls.has_body(request) and media not in allowed:
            return DomainError("unsupported_media_type")
        return None

    @staticmethod
    def has_body(request) -> bool:
        if "HTTP_TRANSFER_ENCODING" in request.META:
            return True
        try:
            return int(request.META.get("CONTENT_LENGTH") or 0) > 0
        except ValueError:  # Django reads a length it cannot parse as none; a body may follow
            return True

    @staticmethod
    def own_origin(request, origin: str) -> bool:
        from urllib.parse import urlsplit

        from django.conf import settings
        from django.utils.http import is_same_domain

        sent = urlsplit(origin.strip())
        if not sent.scheme or not sent.netloc:  # "null": a sandboxed frame, a file
            return False
        ours = {f"{request.scheme}://{request.get_host()}", settings.SITE_URL}
        for allowed in [*ours, *settings.CSRF_TRUSTED_ORIGINS]:
            trusted = urlsplit(allowed)
            if trusted.scheme != sent.scheme:
                continue
            if "*" in trusted.netloc:  # "https://*.example.go.th", as Django's CSRF reads it
                if is_same_domain(sent.netloc, trusted.netloc.lstrip("*")):
                    return True
            elif trusted.netloc.lower() == sent.netloc.lower():
                return True
        return False
