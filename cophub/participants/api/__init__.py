"""The participants API: check-in, registrations, participant-list imports."""

from ninja import Router

from cophub.participants.api import checkin, imports, registrations

router = Router()
router.add_router("", checkin.router)
router.add_router("", registrations.router)
router.add_router("", imports.router)
