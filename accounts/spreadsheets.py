"""CSV cells that stay text in a spreadsheet, for every CSV download.

Spreadsheets run a cell that starts with one of FORMULA_STARTS as a formula
(OWASP "CSV injection"): a note like =HYPERLINK(...) must stay text, so such
a cell gets a leading apostrophe. Here, in the app every other app builds
on, so every export (assessment and audit CSV, the plan's CSV and XLSX)
uses one rule.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralized(text: str) -> str:
    """`text` as a spreadsheet keeps it: a leading apostrophe stops a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cells(row: list[str]) -> list[str]:
    return [neutralized(cell) for cell in row]
