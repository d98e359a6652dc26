"""Participant lists from XLSX and CSV: reading the file (``reading``), finding its columns
(``headers``), and turning each row into a person to register or a problem (``rows``).

Nothing here writes: ``services.imports`` previews and applies what these modules find.
"""
