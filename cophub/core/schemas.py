"""API schemas every router shares: the body of an error (``cophub.api.domain_error``)."""

from ninja import Schema


class ErrorItem(Schema):
    path: str
    message: str


class Error(Schema):
    code: str
    detail: str
    errors: list[ErrorItem] = []
