"""Django's own form, auth and admin messages, and the labels of the libraries' models,
listed so our Thai catalogue can word them.

Django's Thai catalogue leaves some of these in English ("The two password fields
didn’t match.") and words others stiffly ("ฟิลด์นี้จำเป็น"). Listing the msgids here
makes `makemessages` carry them into cophub/locale, which Django reads before its
own catalogues (LOCALE_PATHS comes first), so users see plain Thai everywhere.
Nothing imports this module; it exists for the message extractor, and without it
`make messages` would drop these translations as obsolete.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure that there are no more than %(max)s digits in total."),
    gettext_noop("Ensure that there are no more than %(max)s decimal places."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    # The password rules' help and errors (the length rule's are in accounts/passwords.py).
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    # The admin's own words that Django's Thai catalogue leaves in English (5.2).
    gettext_noop("Skip to main content"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # The models of the libraries we use, as the admin lists them; neither library has
    # a Thai catalogue (django-axes: log-in throttling; django-tasks-db: the job queue).
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
]
