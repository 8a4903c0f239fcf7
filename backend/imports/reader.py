"""Reading uploaded files: the size limit, text decoding, delimiter sniffing and the CSV table.

Columns are always found by header name, never by position.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Protocol

from backend.core.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType

# Room for the multipart boundaries and part headers around the file itself.
MULTIPART_OVERHEAD_BYTES = 16 * 1024

_DELIMITERS = (",", ";", "\t")
_BINARY_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive or an Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook (.xls)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
_HEADER_SEPARATORS = re.compile(r"[\s_\-]+")
_EXCEL_SEPARATOR = re.compile(r'^"?sep=(.)"?$', re.IGNORECASE)


class Upload(Protocol):
    """The part of an uploaded file that imports use (FastAPI's UploadFile fits)."""

    filename: str | None

    async def read(self, size: int = -1) -> bytes: ...


def format_size(size: int) -> str:
    """Render a byte count in binary units, for messages."""
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MiB"
    if size >= 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size} bytes"


def too_large_message(max_bytes: int) -> str:
    """Return the 413 message, which names the limit."""
    return f"File too large: the maximum upload size is {format_size(max_bytes)} ({max_bytes} bytes); split the file and import the parts"


async def read_upload(upload: Upload, *, max_bytes: int) -> bytes:
    """Read the whole upload; raise PayloadTooLarge when it is bigger than `max_bytes`."""
    data = await upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PayloadTooLarge(too_large_message(max_bytes))
    return data


def check_extension(filename: str | None, allowed: tuple[str, ...], expected: str) -> str:
    """Return the lowercased extension; raise 415 when the file name has one outside `allowed`.

    A name without an extension (browsers send `blob` for generated files) passes, and the content decides.
    """
    suffix = PurePath(filename or "").suffix.lower()
    if suffix and suffix not in allowed:
        raise UnsupportedMediaType(f"Expected {expected}; got {filename!r}. Export the data as CSV (UTF-8) and upload that file")
    return suffix


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_text(data: bytes, *, expected: str) -> DecodedText:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or else Windows-1252; line ends become `\\n`.

    Raise InvalidInput for an empty file and UnsupportedMediaType for binary content, naming `expected`.
    """
    if not data.strip():
        raise InvalidInput(f"The file is empty; expected {expected}")
    for signature, description in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UnsupportedMediaType(f"The file is {description}, not text; expected {expected}. Save it as CSV (UTF-8) first")

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _decode_or_reject(data, "utf-16", expected), "utf-16"
    elif b"\x00" in data:
        raise UnsupportedMediaType(f"The file contains binary data, not text; expected {expected}")
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_or_reject(data, "cp1252", expected), "cp1252"

    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise UnsupportedMediaType(f"The file contains binary data, not text; expected {expected}")
    return DecodedText(text, encoding)


def _decode_or_reject(data: bytes, encoding: str, expected: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"Could not decode the file as UTF-8 or Windows-1252 (invalid byte at offset {exc.start}); "
            f"expected {expected} saved as UTF-8"
        ) from exc


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n")
    return controls > max(8, len(sample) // 100)


def header_key(name: str) -> str:
    """Return the comparable form of a header name: lowercased, with runs of spaces, `_` and `-` as one space."""
    return _HEADER_SEPARATORS.sub(" ", name.strip().strip('"').lower()).strip()


def sniff_delimiter(header_line: str) -> str:
    """Pick `,`, `;` or tab by which occurs most often outside quotes in the header line; `,` on a tie."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > counts[","] else ","


def find_line(text: str, predicate: Callable[[str], bool], *, max_lines: int = 50) -> int | None:
    """Return the index of the first line, among the first `max_lines`, that satisfies `predicate`."""
    for index, line in enumerate(text.split("\n")[:max_lines]):
        if predicate(line):
            return index
    return None


def first_content_line(text: str) -> int:
    """Return the index of the first line that is not blank."""
    index = find_line(text, lambda line: bool(line.strip()), max_lines=1_000_000)
    return 0 if index is None else index


@dataclass
class Row:
    number: int  # 1-based data row, counting every record after the header, blank ones included
    cells: list[str]


@dataclass
class Table:
    header: list[str]
    rows: list[Row]
    delimiter: str
    keys: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.keys = [header_key(name) for name in self.header]

    def index(self, *names: str) -> int | None:
        """Return the position of the first column whose header key is one of `names`."""
        for name in names:
            key = header_key(name)
            if key in self.keys:
                return self.keys.index(key)
        return None


def cell(row: Row, index: int | None) -> str:
    """Return the trimmed cell at `index`, or "" when the column is absent or the row is short."""
    if index is None or index >= len(row.cells):
        return ""
    return row.cells[index].strip()


def parse_table(text: str, *, header_line: int, expected: str) -> Table:
    """Parse CSV text whose header is at line `header_line`; wholly blank rows are dropped.

    Quoted cells may hold the delimiter, doubled quotes and line breaks.
    """
    lines = text.split("\n")
    excel_hint = _EXCEL_SEPARATOR.match(lines[header_line].strip())
    if excel_hint and header_line + 1 < len(lines):
        # Excel may write `sep=;` above the header to name the delimiter.
        header_line += 1
        delimiter = excel_hint.group(1)
    else:
        delimiter = sniff_delimiter(lines[header_line])
    body = "\n".join(lines[header_line:])
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader, [])]
        rows: list[Row] = []
        for number, cells in enumerate(reader, start=1):
            if any(value.strip() for value in cells):
                rows.append(Row(number, cells))
    except csv.Error as exc:
        raise InvalidInput(f"Could not read the file as CSV near line {header_line + reader.line_num}: {exc}; expected {expected}") from exc
    if not any(header):
        raise InvalidInput(f"The file has no header row; expected {expected}")
    return Table(header=header, rows=rows, delimiter=delimiter)


def line_keys(line: str) -> list[str]:
    """Return the header keys of one line, split at its sniffed delimiter."""
    cells = next(csv.reader([line], delimiter=sniff_delimiter(line)), [])
    return [header_key(name) for name in cells]
