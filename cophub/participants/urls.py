from django.urls import path

from cophub.participants.views import checkin, exports, field, gate, imports, registering, roster

app_name = "participants"

A = "activities/<int:activity_id>/"
R = "registrations/<int:registration_id>/"

urlpatterns = [
    # a participant: register, see their registration and personal QR, cancel
    path(A + "register/", registering.register_self, name="register"),
    path("my/registrations/", registering.my_registrations, name="mine"),
    path(R, registering.registration_detail, name="registration"),
    path(R + "qr.svg", registering.registration_qr, name="registration_qr"),
    path(R + "cancel/", registering.registration_cancel, name="cancel"),
    # a coordinator nominates their organisation's staff
    path(A + "nominate/", registering.nominate, name="nominate"),
    # the organiser: roster with statuses, registration settings and quotas
    path(A + "participants/", roster.roster, name="roster"),
    path(A + "participants/settings/", roster.policy_edit, name="policy"),
    path(R + "status/", roster.status_change, name="status"),
    # participant lists: upload → preview → confirm
    path(A + "participants/import/", imports.import_upload, name="import"),
    path(A + "participants/import/<uuid:job_id>/", imports.import_preview, name="import_preview"),
    # exports
    path(A + "participants.xlsx", exports.export_xlsx, name="export_xlsx"),
    path(A + "signin.pdf", exports.signin_pdf, name="signin_pdf"),
    path(A + "badges.pdf", exports.badges_pdf, name="badges_pdf"),
    # the door: the phone check-in page, its name search, the activity's own QR
    path(A + "checkin/", checkin.checkin_page, name="checkin"),
    path(A + "checkin/search/", checkin.checkin_search, name="checkin_search"),
    path(A + "checkin/poster/", checkin.checkin_poster, name="checkin_poster"),
    path(A + "checkin/qr.svg", checkin.activity_qr, name="activity_qr"),
    # the field kit: late and duplicate scans of offline phones; the paper sheet entered
    path(A + "checkin/review/", field.checkin_review, name="checkin_review"),
    path(A + "checkin/sheet/", field.checkin_sheet, name="checkin_sheet"),
    # what the activity's QR opens: self check-in during the activity, the survey after it
    path("a/<str:code>/", gate.gate, name="gate"),
]
