"""Read one worksheet of an .xlsx workbook as rows of cell values, quickly and safely.

openpyxl (which parses with ``defusedxml`` once that is installed, as composer requires) reads
the workbook's structure: sheet names, shared strings and date styles.  The cells themselves,
the bulk of the file, are read here with expat directly, under the same rules as
``defusedxml`` (no entity declarations, no external references): about four times faster than
openpyxl's read-only mode, so a 20,000-row workbook loads in about a second.

Errors are :class:`~composer.errors.NominationsError` naming the file and sheet; the checks
that need the header row (merged cells in the data, no header) are in ``inputs.nominations``.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any
from xml.parsers import expat

from composer.errors import NominationsError, Problem

#: First bytes of an OLE2 compound file: old .xls, or an .xlsx encrypted with a password.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
#: The largest uncompressed part of a workbook read (a guard against zip bombs).
MAX_PART_BYTES = 1 << 30
#: Excel's own limits: a cell beyond them is damage (or an attack on memory), not data.
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384


@dataclass
class SheetData:
    """The values of one worksheet: ``rows[i]`` is spreadsheet row ``i + 1``."""

    name: str
    rows: list[list[Any]] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # merged ranges, e.g. "B5:C5"
    hidden_rows: list[int] = field(default_factory=list)  # spreadsheet row numbers
    hidden_columns: list[int] = field(default_factory=list)  # column numbers, A = 1


def _fail(source: str, summary: str, message: str, fix: str) -> NominationsError:
    return NominationsError(f"{source}: {summary}", [Problem(message, fix=fix, file=source)])


def _check_container(data: bytes, source: str) -> None:
    """Refuse files that are not .xlsx packages, saying what they are instead."""
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise _fail(
                source,
                "the workbook is protected with a password",
                "composer cannot read encrypted workbooks",
                "open it in a spreadsheet program, remove the password "
                "(File > Info > Protect Workbook, or Save As without a password) and save as .xlsx",
            )
        raise _fail(
            source,
            "not an .xlsx workbook",
            "the file is an old-format Office file (.xls), not an .xlsx workbook",
            "open it in a spreadsheet program and save it as .xlsx",
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _fail(
            source,
            "not an Excel workbook",
            "the file is not an .xlsx workbook (an .xlsx file is a zip package; "
            "this one may be a CSV or HTML file renamed, or damaged)",
            "open it in a spreadsheet program and save it as .xlsx, or save it as CSV "
            "and name it .csv",
        )


@cache
def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index


class _SheetParser:
    """expat handlers for a worksheet part: cells (values only) and merged ranges.

    Written for speed (a handler call per element of a 20,000-row sheet): unprefixed tags are
    matched first, text is collected only inside ``<v>`` and inline-string ``<t>`` elements.
    """

    def __init__(self, shared: Sequence[str], date_styles: set[int], epoch: datetime) -> None:
        self.shared = shared
        self.date_styles = date_styles
        self.epoch = epoch
        self.rows: dict[int, list[Any]] = {}
        self.merged: list[str] = []
        self.hidden_rows: list[int] = []
        self.hidden_columns: list[int] = []
        self.row = 0
        self.col = 0
        self.kind = "n"
        self.style = ""
        self.ref = ""
        self.value: str | None = None
        self.parts: list[str] = []
        self.text: str | None = None
        self.phonetic = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if ":" in name:
            name = name[name.find(":") + 1 :]
        if name == "c":
            self.ref = attrs.get("r", "")
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s", "")
            self.value = None
            if self.parts:
                self.parts = []
        elif name == "v" or (name == "t" and self.kind == "inlineStr" and not self.phonetic):
            self.text = ""
        elif name == "row":
            number = attrs.get("r")
            self.row = int(number) if number and number.isdigit() else self.row + 1
            self.col = 0
            if self.row > MAX_ROWS:
                raise ValueError(f"row {number} is beyond Excel's last row ({MAX_ROWS:,})")
            if attrs.get("hidden") in ("1", "true"):
                self.hidden_rows.append(self.row)
        elif name == "rPh":
            self.phonetic += 1
        elif name == "mergeCell":
            self.merged.append(attrs.get("ref", ""))
        elif name == "col" and attrs.get("hidden") in ("1", "true"):
            low, high = attrs.get("min", ""), attrs.get("max", "")
            if low.isdigit() and high.isdigit() and int(high) <= MAX_COLUMNS:
                self.hidden_columns.extend(range(int(low), int(high) + 1))

    def end(self, name: str) -> None:
        if ":" in name:
            name = name[name.find(":") + 1 :]
        if name == "c":
            self._finish_cell()
            self.kind = "n"
        elif self.text is not None and name == "v":
            self.value, self.text = self.text, None
        elif self.text is not None and name == "t":
            self.parts.append(self.text)
            self.text = None
        elif name == "rPh":
            self.phonetic -= 1

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text += data

    def _finish_cell(self) -> None:
        ref = self.ref
        letters = ref.rstrip("0123456789")
        if letters and len(letters) < len(ref) and letters.isupper():
            col, row = _column_index(letters), int(ref[len(letters) :])
        else:  # no (usable) reference: the next cell of the current row
            col, row = self.col + 1, self.row
        if row > MAX_ROWS or col > MAX_COLUMNS:
            raise ValueError(f"cell {ref} is beyond Excel's last row or column")
        self.col = col
        value = self._convert()
        if value is None or value == "":
            return
        cells = self.rows.get(row)
        if cells is None:
            cells = self.rows[row] = []
        if len(cells) < col:
            cells.extend([None] * (col - len(cells)))
        cells[col - 1] = value

    def _convert(self) -> Any:
        kind, text = self.kind, self.value
        if kind == "s":
            return self.shared[int(text)] if text else None
        if kind == "inlineStr":
            return "".join(self.parts) if self.parts else text
        if not text:  # no cell value (a formula never calculated has an empty <v/>)
            return None
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind in ("str", "e", "d"):
            return text
        number: float | int = (
            float(text) if any(c in text for c in ".eE") or text in ("inf", "nan") else int(text)
        )
        if self.style and int(self.style) in self.date_styles:
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(number, self.epoch)
            except (OverflowError, ValueError):  # a date serial no calendar holds: keep it
                return number
        return number


class _StringsParser:
    """expat handlers for the shared strings part: the text of each ``<si>`` (no phonetics)."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.parts: list[str] = []
        self.text: str | None = None
        self.phonetic = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if ":" in name:
            name = name[name.find(":") + 1 :]
        if name == "t" and not self.phonetic:
            self.text = ""
        elif name == "si":
            self.parts = []
        elif name == "rPh":
            self.phonetic += 1

    def end(self, name: str) -> None:
        if ":" in name:
            name = name[name.find(":") + 1 :]
        if name == "t" and self.text is not None:
            self.parts.append(self.text)
            self.text = None
        elif name == "si":
            # as openpyxl: '_x005F_' escapes a literal '_' before 'x....'
            self.strings.append("".join(self.parts).replace("x005F_", ""))
        elif name == "rPh":
            self.phonetic -= 1

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text += data


def _parse(stream: Any, handler: _SheetParser | _StringsParser) -> None:
    """Parse a worksheet part with expat, refusing what defusedxml refuses."""
    from defusedxml.common import (  # type: ignore[import-untyped]
        EntitiesForbidden,
        ExternalReferenceForbidden,
    )

    def entity(name: str, *args: Any) -> None:
        raise EntitiesForbidden(name, None, None, None, None, None)

    def external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> int:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.chars
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.ParseFile(stream)


def _unsafe(source: str, sheet: str | None, exc: Exception) -> NominationsError:
    where = f" (sheet '{sheet}')" if sheet else ""
    return _fail(
        source,
        "the workbook cannot be read safely",
        f"its XML{where} declares entities or refers to outside files ({type(exc).__name__}); "
        "composer refuses such files because they can attack the program reading them",
        "open it in a spreadsheet program and save it again as .xlsx",
    )


def _damaged(source: str, exc: Exception) -> NominationsError:
    return _fail(
        source,
        "the workbook cannot be read",
        f"{type(exc).__name__}: {exc}",
        "open it in a spreadsheet program and save it again as .xlsx",
    )


@dataclass
class _Book:
    """What the cell parser needs from the workbook: sheets, shared strings, date styles."""

    sheets: dict[str, tuple[str, bool]]  # name -> (part path, is a chart sheet)
    shared: Sequence[str]
    date_styles: set[int]
    epoch: datetime


def _open_book(data: bytes) -> _Book:
    """Read the workbook's structure with openpyxl's parsers, without touching any sheet.

    (``openpyxl.load_workbook(read_only=True)`` scans every sheet that lacks a dimension
    record, which costs seconds on a workbook with a large second sheet.)
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import SHARED_STRINGS

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    try:
        reader.read_manifest()
        strings = _StringsParser()
        part = reader.package.find(SHARED_STRINGS)
        if part is not None:  # read here: openpyxl's reader is four times slower
            with reader.archive.open(part.PartName[1:]) as stream:
                _parse(stream, strings)
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = {
            sheet.name: (rel.target, "chartsheet" in rel.Type)
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files
        }
        wb = reader.wb
        return _Book(sheets, strings.strings, set(wb._date_formats or ()), wb.epoch)
    finally:
        reader.archive.close()


def read_sheet(data: bytes, source: str, sheet: str | None = None) -> SheetData:
    """The values of one sheet of an .xlsx workbook (``sheet`` by name, case-insensitive).

    Without ``sheet``: the sheet named 'Nominations' if there is one, else the first sheet.
    """
    from defusedxml.common import DefusedXmlException

    _check_container(data, source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        huge = [i.filename for i in archive.infolist() if i.file_size > MAX_PART_BYTES]
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise _damaged(source, exc) from exc
    if huge:
        raise _fail(
            source,
            "the workbook is too large to read",
            f"the part {huge[0]} unpacks to more than {MAX_PART_BYTES >> 20} MB",
            "split the nominations into smaller workbooks, or save them as CSV",
        )
    try:
        book = _open_book(data)
    except DefusedXmlException as exc:
        raise _unsafe(source, None, exc) from exc
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise _damaged(source, exc) from exc
    names = {n.casefold(): n for n in book.sheets}
    if not names:
        raise _fail(source, "the workbook has no sheets", "no worksheets found", "add a sheet")
    if sheet is not None and sheet.casefold() not in names:
        raise _fail(
            source,
            f"no sheet named '{sheet}'",
            f"the workbook has sheets {list(book.sheets)}",
            "name one of those sheets",
        )
    chosen = names[sheet.casefold()] if sheet else names.get("nominations", next(iter(book.sheets)))
    path, is_chart = book.sheets[chosen]
    if is_chart:
        raise _fail(
            source,
            f"the sheet '{chosen}' holds no cells",
            "it is a chart sheet, not a table",
            "name the sheet that holds the nominations table",
        )
    handler = _SheetParser(book.shared, book.date_styles, book.epoch)
    try:
        with archive.open(path.lstrip("/")) as stream:
            _parse(stream, handler)
    except DefusedXmlException as exc:
        raise _unsafe(source, chosen, exc) from exc
    except (expat.ExpatError, KeyError, ValueError, IndexError, OverflowError) as exc:
        raise _damaged(source, exc) from exc
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,
        RuntimeError,
    ) as exc:  # bad CRC, bad deflate, unknown method
        raise _damaged(source, exc) from exc
    last = max(handler.rows, default=0)
    rows = [handler.rows.get(r, []) for r in range(1, last + 1)]
    return SheetData(chosen, rows, handler.merged, handler.hidden_rows, handler.hidden_columns)
