"""Writes for registrations, participant lists and check-in, one module a capability.

``checkin`` (the door), ``registration`` (register, nominate, cancel, the waiting list,
statuses), ``policy`` (an activity's registration settings), ``mail`` (what registration
tells people, and the personal check-in QR), ``imports`` (participant lists from XLSX/CSV).
"""
