"""Django's password length rule with its number in the screen's digits.

Django's ``MinimumLengthValidator`` writes the length with ``%d`` ("at least 8
characters"), which a Thai screen must show as ๘; the other validators name no number
and are used as Django ships them (their Thai is in our catalogue, core/form_messages.py).
"""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from cophub.core.thai import screen_number


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(self.get_error_message(), code="password_too_short")

    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)s character.",
            "This password is too short. It must contain at least %(min_length)s characters.",
            self.min_length,
        ) % {"min_length": screen_number(self.min_length)}

    def get_help_text(self):
        return ngettext(
            "Your password must contain at least %(min_length)s character.",
            "Your password must contain at least %(min_length)s characters.",
            self.min_length,
        ) % {"min_length": screen_number(self.min_length)}
