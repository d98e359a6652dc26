"""Writes for registrations, participant lists and check-in, one module a capability.

``checkin`` (the door), ``registration`` (register, nominate, cancel, the waiting list,
statuses, policy), ``imports`` (participant lists from XLSX/CSV).
"""
