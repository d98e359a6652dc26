"""API authentication: personal bearer tokens, or the site's own session (with CSRF)."""

from ninja.security import HttpBearer, SessionAuth

from cophub.accounts.selectors import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class Session(SessionAuth):
    """The logged-in browser session; ninja checks CSRF on unsafe methods."""


api_auth = [BearerToken(), Session()]
