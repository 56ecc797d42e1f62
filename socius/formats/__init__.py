"""Date and number formats per language (``FORMAT_MODULE_PATH``).

One format per language everywhere: "2. december 2026" in Danish and "2 December 2026" in
English. Templates write ``{{ value|date }}`` and ``{{ value|date:"DATETIME_FORMAT" }}``,
Python ``formats.date_format(value)``; no page, mail or PDF spells out its own pattern.
Only the names set here differ from Django's own locale formats.
"""
