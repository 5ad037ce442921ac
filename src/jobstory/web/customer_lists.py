"""Participant lists in: a CSV or JSON list of people read into rows, with every problem
named by its line.

A CSV (UTF-8 with or without a BOM, or Windows-1252 as Excel saves it) whose header names
`name` and `email` ("E-mail", "Email address" and "Full name" are read as those too),
optionally `external_id`; every other column becomes a participant field usable in question
text as `{column}`. Good rows are read even when others are bad; bad rows are reported by the
line they start on. An email already earlier in the list is merged, never doubled. Storing
the rows and issuing links is `customers.py`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from jobstory.text_files import NotText, decode_text
from jobstory.untrusted import UnsafeText, check_text
from jobstory.web.accounts import normalise_email, valid_email

MAX_ROWS = 10_000
MAX_BYTES = 20 * 1024 * 1024
MAX_FIELD_CHARS = 2000
RESERVED = ("name", "email", "external_id")
#: Other headers spreadsheets and CRM exports use for the two columns every list needs.
HEADER_ALIASES = {"e_mail": "email", "email_address": "email", "e_mail_address": "email",
                  "full_name": "name"}
_LIMITS = {"name": 300, "email": 320, "external_id": 200}



class CsvError(Exception):
    """The list as a whole cannot be read (bad header, not UTF-8, too many rows)."""


@dataclass(frozen=True)
class LineProblem:
    line: int
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


@dataclass
class Row:
    line: int
    email: str
    name: str | None = None
    external_id: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedList:
    rows: list[Row]
    errors: list[LineProblem]
    merged: list[LineProblem]
    fields: list[str]


def field_key(header: str) -> str:
    """A column header as a `{field}` name: 'Company Name' -> 'company_name'."""
    key = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    if key and key[0].isdigit():
        key = "f_" + key
    return key


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if len(data) > MAX_BYTES:
        raise CsvError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        return decode_text(data).text  # Excel's plain "CSV" on Windows is Windows-1252
    except NotText as error:
        raise CsvError(f"line {error.line}: the file is not text ({error}); save it as "
                       "'CSV UTF-8'") from None


def _dialect(text: str) -> str:
    """Comma, unless the header clearly uses semicolons or tabs (as some spreadsheets save)."""
    first = text.split("\n", 1)[0]
    counts = {delimiter: first.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


def _check(row: Row, seen: dict[str, Row], parsed: ParsedList) -> None:
    """Validate a row's values, then add it or merge it into an earlier one."""
    values = {"name": row.name, "email": row.email, "external_id": row.external_id,
              **row.fields}
    for key, value in values.items():
        try:  # field values reach question texts, and so every turn of the interview
            check_text(value, key)
        except UnsafeText as error:
            parsed.errors.append(LineProblem(row.line, str(error)))
            return
    email = normalise_email(row.email)
    if not email:
        parsed.errors.append(LineProblem(row.line, "missing email"))
        return
    if not valid_email(email):
        parsed.errors.append(LineProblem(row.line, f"invalid email {row.email.strip()!r}"))
        return
    for key, limit in _LIMITS.items():
        value = email if key == "email" else getattr(row, key)
        if value and len(value) > limit:
            parsed.errors.append(LineProblem(row.line, f"{key} is longer than {limit} characters"))
            return
    for key, value in row.fields.items():
        if len(value) > MAX_FIELD_CHARS:
            parsed.errors.append(
                LineProblem(row.line, f"{key} is longer than {MAX_FIELD_CHARS} characters"))
            return
    row.email = email
    earlier = seen.get(email)
    if earlier is None:
        seen[email] = row
        parsed.rows.append(row)
        return
    _merge_into(earlier, row)
    parsed.merged.append(LineProblem(row.line, f"same email as line {earlier.line}; merged"))


def _merge_into(earlier: Row, later: Row) -> None:
    earlier.name = later.name or earlier.name
    earlier.external_id = later.external_id or earlier.external_id
    earlier.fields.update({k: v for k, v in later.fields.items() if v})


def parse_csv(data: bytes | str) -> ParsedList:
    text = _decode(data)
    if not text.strip():
        raise CsvError("the file is empty: the first line must be a header with name and email")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text), strict=False)
    try:
        header = next(reader)
    except csv.Error as error:
        raise CsvError(f"line 1: cannot read the header: {error}") from None
    keys = [field_key(h) for h in header]
    while keys and not keys[-1]:  # trailing empty header cells, as spreadsheets write them
        keys.pop()
    for index, key in enumerate(keys, start=1):
        if not key:
            raise CsvError(f"line 1: column {index} has no name")
    for alias, key in HEADER_ALIASES.items():
        if alias in keys and key not in keys:
            keys[keys.index(alias)] = key
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise CsvError(f"line 1: column {duplicates[0]!r} appears more than once")
    missing = [k for k in ("name", "email") if k not in keys]
    if missing:
        raise CsvError("line 1: the header must name the columns 'name' and 'email' "
                       f"(missing: {', '.join(missing)}; found: {', '.join(keys) or 'nothing'})")
    parsed = ParsedList(rows=[], errors=[], merged=[],
                        fields=[k for k in keys if k not in RESERVED])
    seen: dict[str, Row] = {}
    count = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            parsed.errors.append(LineProblem(start, f"cannot read this row: {error}"))
            continue
        if not any(c.strip() for c in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise CsvError(f"the list has more than {MAX_ROWS:,} rows; split it into smaller files")
        if len(cells) > len(keys) and not any(c.strip() for c in cells[len(keys):]):
            cells = cells[: len(keys)]
        if len(cells) != len(keys):
            many = "too many" if len(cells) > len(keys) else "too few"
            parsed.errors.append(LineProblem(
                start, f"{many} cells: expected {len(keys)}, found {len(cells)}"))
            continue
        values = {k: c.strip() for k, c in zip(keys, cells, strict=True)}
        _check(Row(line=start, email=values["email"], name=values["name"] or None,
                   external_id=values.get("external_id") or None,
                   fields={k: v for k, v in values.items() if k not in RESERVED}),
               seen, parsed)
    if count == 0 and not parsed.errors:
        # "0 imported" alone reads as a fault of the product; say what the file lacks
        raise CsvError("line 2: the file has a header but no rows: add one participant per "
                       "line under the header")
    return parsed


def parse_items(items: Any) -> ParsedList:
    """The JSON form: a list of objects; `line` in problems is the item's 1-based position."""
    if not isinstance(items, list):
        raise CsvError("'participants' must be a list of objects")
    if len(items) > MAX_ROWS:
        raise CsvError(f"more than {MAX_ROWS:,} participants; send them in smaller batches")
    parsed = ParsedList(rows=[], errors=[], merged=[], fields=[])
    seen: dict[str, Row] = {}
    fields: dict[str, None] = {}
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            parsed.errors.append(LineProblem(position, "not an object"))
            continue
        custom: dict[str, str] = {}
        bad = None
        for raw_key, value in item.items():
            key = field_key(str(raw_key))
            if key in RESERVED:
                continue
            if not key:
                bad = f"field name {raw_key!r} is not usable"
                break
            if isinstance(value, (dict, list)):
                bad = f"field {raw_key!r} must be text or a number"
                break
            custom[key] = "" if value is None else str(value).strip()
            fields.setdefault(key, None)
        if bad:
            parsed.errors.append(LineProblem(position, bad))
            continue

        def text(key: str, item: dict[str, Any] = item) -> str | None:
            value = item.get(key)
            return None if value is None or str(value).strip() == "" else str(value).strip()

        _check(Row(line=position, email=text("email") or "", name=text("name"),
                   external_id=text("external_id"), fields=custom), seen, parsed)
    parsed.fields = list(fields)
    return parsed
