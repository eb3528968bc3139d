"""CSV cells that stay text in a spreadsheet, for every CSV download.

Spreadsheets run a cell that starts with one of FORMULA_STARTS as a formula
(OWASP "CSV injection"): a note like =HYPERLINK(...) must stay text, so such
a cell gets a leading apostrophe. Here, in the app every other app builds
on, so each CSV export (assessments, the audit log, plans) uses one rule.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cells(row: list[str]) -> list[str]:
    return ["'" + cell if cell.startswith(FORMULA_STARTS) else cell for cell in row]
