"""Your own table: a CSV file read into a small, checked table, or refused in plain words.

A learner's file is hostile until read: it may be empty, binary, a spreadsheet saved under
the wrong name, far too large, ragged, or written in another encoding. ``read_table`` checks
the size before anything is decoded, finds the encoding and the delimiter, reads at most a
fixed number of rows and columns (so memory stays bounded however large the file claims to
be), and raises a ``ValueError`` whose message says what is wrong and what to do. pandas
does the reading; nothing is ever unpickled or evaluated.

``choose`` then takes two numeric columns and a class column from a table and checks that a
classifier page can use them: missing values are dropped (and counted), and a single class,
too many classes or too few rows per class are refused, again in words. ``choose_pair`` takes
two numeric columns and nothing else, for a page of x against y (the outliers page).

The ``read_csv`` arguments that read the file are kept (``Table.options``), so the code a
page shows reads the learner's file exactly as the page did (``read_code``).

Text from the file (its name, column names, cell values) is quoted in messages with
``ui.safe.shown``: a literal code span, so a name written as a markdown link stays text.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from datasets.readonly import readonly
from ui.safe import shown

MAX_BYTES = 2_000_000  # checked before decoding; the uploader refuses larger files too
# Data rows: as many as the synthetic sets' largest (the Points slider's end), so every page
# stays within what it is tested and timed on: points drawn one by one in the browser, fits
# on every slider move, caches of per-tree arrays. bench/tables.py measured 2,000 rows of six
# overlapping classes at 4-7 s for a cold SVM page.
MAX_ROWS = 1_000
MAX_COLUMNS = 50
MAX_CELL = 200  # characters in one cell or column name
MIN_ROWS = 20  # complete rows, once missing values are dropped
MAX_CLASSES = 6  # the boundary plot's class colours (figures/classify.py)
MIN_PER_CLASS = 5  # so that every class lands in both the training and the test part
MAX_MAGNITUDE = 1e15  # larger values lose precision in the grid and the scalers: rescale first
CLASS_NAME_LIMIT = 24  # characters of a class value in legends and axes

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with a byte-order mark",
             "cp1252": "Windows-1252", "latin-1": "Latin-1"}
SAMPLE = 16_384  # bytes the delimiter and header are guessed from
_CHUNK = 65_536  # bytes decoded at a time while checking the encoding

# Files that are not text, recognised by their first bytes, with what to do instead.
_SIGNATURES = {
    b"PK\x03\x04": "is a zip archive, which is what an Excel workbook (.xlsx) is: save the sheet as CSV",
    b"\xd0\xcf\x11\xe0": "is an old Excel workbook (.xls): save the sheet as CSV",
    b"\x1f\x8b": "is compressed (gzip): unpack it first",
    b"\x89PNG": "is a PNG image, not a table",
    b"%PDF": "is a PDF document, not a table",
    b"PAR1": "is a Parquet file: save it as CSV",
    b"\xff\xfe": "is UTF-16 text: save it as CSV UTF-8",
    b"\xfe\xff": "is UTF-16 text: save it as CSV UTF-8",
}


@dataclass(frozen=True, eq=False)
class Table:
    """A CSV file read and checked: the frame, what kind each column is, how it was read."""

    frame: pd.DataFrame  # at most MAX_ROWS rows and MAX_COLUMNS columns, named by strings
    options: tuple  # (name, value) pairs: the read_csv arguments that read it (besides the file)
    numeric: tuple[str, ...]  # columns of numbers
    categorical: tuple[str, ...]  # columns of text
    empty: tuple[str, ...]  # columns with no value at all (left out of both lists)
    missing: tuple[tuple[str, int], ...]  # (column, missing values) where any are missing
    header: bool  # False: the first row looked like data, so columns are named "column 1", ...
    digest: str  # sha256 of the file's bytes
    counts: tuple[tuple[str, int], ...] = ()  # (column, different values in it), missing ones not counted

    @property
    def encoding(self) -> str:
        return dict(self.options).get("encoding", "utf-8")

    @property
    def delimiter(self) -> str:
        return dict(self.options).get("sep", ",")

    def distinct(self, column: str) -> int:
        """How many different values a column holds (missing ones not counted)."""
        return dict(self.counts)[column]

    def class_columns(self) -> tuple[str, ...]:
        """Columns that could be a classifier page's class: 2 to MAX_CLASSES different
        values, with two numeric columns besides them to plot."""
        return tuple(c for c in self.frame.columns if c not in self.empty
                     and 2 <= self.distinct(c) <= MAX_CLASSES and len(set(self.numeric) - {c}) >= 2)

    def describe(self) -> str:
        """How the file was read, in one markdown sentence (column names through ``shown``)."""
        rows, columns = self.frame.shape
        options = dict(self.options)
        how = [f"{DELIMITERS[self.delimiter]}-separated", ENCODINGS[self.encoding]]
        if options.get("decimal") == ",":
            how.append("decimal commas")
        how.append("a header row" if self.header else "no header row (the first row looks like data)")
        text = f"{rows:,} rows and {columns} columns, read as {', '.join(how)}."
        if self.empty:
            text += f" Left out, as they hold no value: {_names(self.empty)}."
        if self.missing:
            total = sum(n for _, n in self.missing)
            marker = ' ("?" counts as missing)' if "na_values" in options else ""
            text += (f" {total:,} missing value{'s' if total > 1 else ''}{marker}, "
                     f"in {_names(c for c, _ in self.missing)}.")
        return text


@dataclass(frozen=True, eq=False)
class Labelled:
    """Two numeric columns and a class column of a table: the points a classifier page uses.

    Hashed and compared by ``digest`` (the file's and the three columns'), so it can key a
    cache cheaply: two uploads of the same file with the same columns are the same points.
    Arrays are read-only.
    """

    X: np.ndarray  # (n, 2) float, the two chosen columns, rows with a missing value dropped
    y: np.ndarray  # (n,) int, index of each row's class in ``class_names``
    class_names: tuple[str, ...]  # the class values, sorted, as text (at most CLASS_NAME_LIMIT)
    feature_names: tuple[str, str]  # the chosen columns, as written in the file
    target: str  # the class column
    dropped: int  # rows left out for a missing value in one of the three columns
    options: tuple  # the table's read_csv arguments (for the code panel)
    digest: str

    def __eq__(self, other):
        return isinstance(other, Labelled) and other.digest == self.digest

    def __hash__(self):
        return hash(self.digest)


@dataclass(frozen=True, eq=False)
class Pair:
    """Two numeric columns of a table, x and y, with no class: the points of a page that
    plots one against the other (the outliers page). Hashed and compared by ``digest``, as
    ``Labelled`` is; arrays are read-only."""

    x: np.ndarray  # (n,) float, rows with a missing value in either column dropped
    y: np.ndarray  # (n,) float
    names: tuple[str, str]  # the chosen columns, as written in the file
    dropped: int  # rows left out for a missing value in one of the two columns
    options: tuple  # the table's read_csv arguments (for the code panel)
    digest: str

    def __eq__(self, other):
        return isinstance(other, Pair) and other.digest == self.digest

    def __hash__(self):
        return hash(self.digest)


def read_table(data: bytes, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS,
               max_columns: int = MAX_COLUMNS) -> Table:
    """The CSV file in ``data``, read and checked, or a ``ValueError`` saying what is wrong.

    Limits are checked while reading: the size before decoding, the columns on the first
    line before pandas sees the file, the rows by reading one more than allowed.
    """
    if len(data) > max_bytes:
        raise ValueError(f"The file is {_size(len(data))}; this page reads CSV files up to "
                         f"{_size(max_bytes)}. Keep a sample of its rows.")
    if not data or data.isspace():  # (strip() would copy the whole file)
        raise ValueError("The file is empty.")
    for signature, what in _SIGNATURES.items():
        if data.startswith(signature):
            raise ValueError(f"This file {what}.")
    if b"\x00" in data:
        raise ValueError("This is not a text file (it holds NUL bytes): save the table as CSV.")
    encoding = _encoding(data)
    sample = _sample(data, encoding)
    delimiter, spaced = _delimiter(sample)
    first = next((row for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row), [])
    if len(first) > max_columns:
        # A first line longer than the sample was cut: its count is a lower bound.
        cut = len(data) > SAMPLE and "\n" not in sample
        count = f"more than {len(first) - 1:,}" if cut else f"{len(first):,}"
        raise ValueError(f"The first line has {count} columns; this page reads at most "
                         f"{max_columns}. Keep the columns you need.")
    options = {"sep": delimiter} if delimiter != "," else {}
    if encoding != "utf-8":
        options["encoding"] = encoding
    if spaced:  # "a, b, c": the spaces after each delimiter are not part of the values
        options["skipinitialspace"] = True
    header = _has_header(sample, first, delimiter)
    if not header:
        options["header"] = None
        options["names"] = [f"column {i}" for i in range(1, len(first) + 1)]
    frame = _read(data, options, max_rows)
    # A second look where the first read left numbers as text: decimal commas (1,5 in a
    # semicolon-separated file), or "?" for a missing value (as in the UCI tables).
    retry = dict(options)
    if delimiter != "," and any(_decimal_commas(frame[c]) for c in _text_columns(frame)):
        retry["decimal"] = ","
    if any((frame[c] == "?").any() for c in _text_columns(frame)):
        retry["na_values"] = ["?"]
    if retry != options:
        options, frame = retry, _read(data, retry, max_rows)
    _check_shape(frame, max_rows, max_columns)
    empty = tuple(c for c in frame.columns if frame[c].isna().all())
    if len(empty) == frame.shape[1]:
        raise ValueError("The file holds no values at all: every cell is empty or missing.")
    numeric = tuple(c for c in frame.columns if c not in empty and _is_numeric(frame[c]))
    categorical = tuple(c for c in frame.columns if c not in empty and c not in numeric)
    missing = tuple((c, int(n)) for c, n in frame.isna().sum().items() if n and c not in empty)
    # Counted once here: the class picker asks on every rerun of the page.
    counts = tuple((c, int(frame[c].nunique(dropna=True))) for c in frame.columns)
    return Table(frame, tuple(options.items()), numeric, categorical, empty, missing, header,
                 hashlib.sha256(data).hexdigest(), counts)


def choose(table: Table, x: str, y: str, target: str) -> Labelled:
    """Columns ``x`` and ``y`` as the plane's two features and ``target`` as the class, or a
    ``ValueError`` saying why they cannot be used. Rows missing any of the three are dropped."""
    if x == y:
        raise ValueError(f"Pick two different columns to plot ({shown(x)} is both).")
    if target in (x, y):
        raise ValueError(f"{shown(target)} cannot be both the class and a feature: pick another column.")
    _check_axes(table, (x, y, target), (x, y))
    chosen = table.frame[[x, y, target]].dropna()
    X = chosen[[x, y]].to_numpy(float)
    _check_values(X, (x, y))
    values, codes = np.unique(chosen[target].to_numpy(), return_inverse=True)
    n_classes, n_rows = len(values), len(chosen)
    dropped = len(table.frame) - n_rows
    left_out = f" ({dropped:,} of {len(table.frame):,} rows left out for a missing value)" if dropped else ""
    if n_rows < MIN_ROWS:
        raise ValueError(f"Only {n_rows} rows have all three columns filled{left_out}; "
                         f"a page needs at least {MIN_ROWS}.")
    if n_classes < 2:
        raise ValueError(f"{shown(target)} holds a single class ({shown(values[0] if n_classes else '')})"
                         f"{left_out}: a classifier needs at least two. Pick another class column.")
    if n_classes > MAX_CLASSES:
        raise ValueError(f"{shown(target)} holds {n_classes} different values; a class column here "
                         f"has 2 to {MAX_CLASSES}. Pick another column, or group the values first.")
    counts = np.bincount(codes, minlength=n_classes)
    if counts.min() < MIN_PER_CLASS:
        rare = values[counts.argmin()]
        raise ValueError(f"Class {shown(_class_name(rare))} of {shown(target)} has only "
                         f"{counts.min()} row{'s' if counts.min() > 1 else ''}{left_out}; every class "
                         f"needs at least {MIN_PER_CLASS}, "
                         "so that both the training and the test part hold some of it.")
    key = "\x00".join((table.digest, x, y, target))
    y_codes = codes.astype(int)
    readonly((X, y_codes))
    return Labelled(X, y_codes, _class_names(values), (x, y), target, dropped, table.options,
                    hashlib.sha256(key.encode()).hexdigest())


def choose_pair(table: Table, x: str, y: str) -> Pair:
    """Columns ``x`` and ``y`` as a page's two axes, with no class, or a ``ValueError`` saying
    why they cannot be used. Rows missing either value are dropped (and counted)."""
    if x == y:
        raise ValueError(f"Pick two different columns to plot ({shown(x)} is both).")
    _check_axes(table, (x, y), (x, y))
    chosen = table.frame[[x, y]].dropna()
    X = chosen.to_numpy(float)
    _check_values(X, (x, y))
    dropped = len(table.frame) - len(chosen)
    if len(chosen) < MIN_ROWS:
        left_out = (f" ({dropped:,} of {len(table.frame):,} rows left out for a missing value)"
                    if dropped else "")
        raise ValueError(f"Only {len(chosen)} rows have both columns filled{left_out}; "
                         f"a page needs at least {MIN_ROWS}.")
    key = "\x00".join((table.digest, "pair", x, y))
    xs, ys = readonly((np.ascontiguousarray(X[:, 0]), np.ascontiguousarray(X[:, 1])))
    return Pair(xs, ys, (x, y), dropped, table.options, hashlib.sha256(key.encode()).hexdigest())


def pairable(table: Table) -> None:
    """A ``ValueError`` in words if the table has no two numeric columns to plot."""
    if len(table.numeric) < 2:
        has = f": only {_names(table.numeric)}" if table.numeric else ""
        raise ValueError(f"This page plots one column of numbers against another, and this table has "
                         f"{len(table.numeric)}{has}.")


def _check_axes(table: Table, columns, axes) -> None:
    for column in columns:
        if column not in table.frame.columns:
            raise ValueError(f"The table has no column {shown(column)}.")
    for column in axes:
        if column not in table.numeric:
            raise ValueError(f"{shown(column)} does not hold numbers, so it cannot be an axis: "
                             "pick a numeric column.")


def classifiable(table: Table) -> None:
    """A ``ValueError`` in words if no choice of columns could make a classifier's points:
    two numeric columns to plot and, besides them, a column of 2 to MAX_CLASSES classes."""
    if len(table.numeric) < 2:
        has = f": only {_names(table.numeric)}" if table.numeric else ""
        raise ValueError(f"A classifier page plots two columns of numbers, and this table has "
                         f"{len(table.numeric)}{has}.")
    if not table.class_columns():
        counts = ", ".join(f"{shown(c)} {table.distinct(c):,}" for c in list(table.frame.columns)[:8]
                           if c not in table.empty)
        raise ValueError(f"No column can be the class: a class column holds 2 to {MAX_CLASSES} different "
                         f"values besides two numeric columns to plot. Different values per column: {counts}.")


def read_code(options: tuple, path: str = "your_file.csv") -> str:
    """The ``pd.read_csv`` call that reads the file as ``read_table`` did."""
    arguments = [_literal(path)]
    for name, value in options:
        if name == "names":  # "column 1", "column 2", ...: written as what it is
            value = f'[f"column {{i}}" for i in range(1, {len(value) + 1})]'
        else:
            value = _literal(value)
        arguments.append(f"{name}={value}")
    return f"pd.read_csv({', '.join(arguments)})"


def _literal(value) -> str:
    """A Python literal for a snippet, strings in double quotes. JSON's string escapes are
    all valid in Python, so a column name with quotes or newlines stays one safe literal."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(_literal, value)) + "]"
    return repr(value)


def labelled_code(table: Labelled, path: str = "your_file.csv") -> str:
    """Snippet lines that read the learner's file and make ``X``, ``y`` and ``class_names``
    as ``choose`` did (missing values dropped, classes numbered in sorted order)."""
    x, y, target = (_literal(c) for c in (*table.feature_names, table.target))
    return f'''\
import numpy as np
import pandas as pd

# Your table: save the file you uploaded as {path} next to this code.
table = {read_code(table.options, path)}
table = table[[{x}, {y}, {target}]].dropna()  # rows with a missing value left out
X = table[[{x}, {y}]].to_numpy(float)
class_names, y = np.unique(table[{target}].to_numpy(), return_inverse=True)'''


def pair_code(pair: Pair, path: str = "your_file.csv") -> str:
    """Snippet lines that read the learner's file and make ``x`` and ``y`` as ``choose_pair``
    did (rows with a missing value in either column left out)."""
    x, y = (_literal(c) for c in pair.names)
    return f'''\
import numpy as np
import pandas as pd

# Your table: save the file you uploaded as {path} next to this code.
table = {read_code(pair.options, path)}
table = table[[{x}, {y}]].dropna()  # rows with a missing value left out
x, y = table[{x}].to_numpy(float), table[{y}].to_numpy(float)'''


# --- reading ---------------------------------------------------------------------------

def _encoding(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark) if the bytes are valid UTF-8, else
    Windows-1252, else Latin-1, which accepts any bytes. Checked a chunk at a time, so no
    decoded copy of the whole file is made."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "cp1252")
    view = memoryview(data)
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(view), _CHUNK):
                decoder.decode(view[start:start + _CHUNK])
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    if candidates == ("utf-8-sig",):
        raise ValueError("The file starts as UTF-8 but holds bytes that are not: save it again as CSV UTF-8.")
    return "latin-1"


def _sample(data: bytes, encoding: str) -> str:
    """The first whole lines of the file (about SAMPLE bytes), decoded."""
    text = codecs.getincrementaldecoder(encoding)().decode(data[:SAMPLE])
    if len(data) > SAMPLE and "\n" in text:
        text = text[:text.rindex("\n")]
    return text.lstrip("\r\n")


def _delimiter(sample: str) -> tuple[str, bool]:
    """Comma, semicolon, tab or vertical bar, as Python's csv.Sniffer guesses from the sample,
    and whether a space follows every delimiter ("a, b, c").

    The sniffer wants every line to agree; where they do not (a ragged file), the candidate
    most frequent in the header line, so that the reader can say which line is wrong; a
    comma if there is none (a file of one column has no delimiter to find).
    """
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS))
        return dialect.delimiter, bool(dialect.skipinitialspace)
    except csv.Error:
        header = sample.split("\n", 1)[0]
        best = max(DELIMITERS, key=header.count)
        return (best if header.count(best) else ","), False


def _read(data: bytes, options: dict, max_rows: int) -> pd.DataFrame:
    """pandas' reader on the bytes, stopping one row past the limit."""
    try:
        # The C engine reads the file in blocks and stops after nrows, so a long file is
        # never parsed (or held decoded) in full.
        return pd.read_csv(io.BytesIO(data), engine="c", nrows=max_rows + 1, **options)
    except pd.errors.EmptyDataError:
        raise ValueError("The file holds no table: no columns were found.") from None
    except pd.errors.ParserError as err:
        raise ValueError(_ragged(str(err), options.get("sep", ","))) from None
    except (UnicodeDecodeError, ValueError, OverflowError, csv.Error):
        raise ValueError("The file could not be read as a CSV table.") from None


def _ragged(message: str, delimiter: str) -> str:
    """pandas' parser error in words (its message is not shown: only the numbers in it)."""
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if match:
        expected, line, saw = match.groups()
        return (f"Line {int(line):,} has {int(saw):,} fields where the header has {int(expected):,}: "
                f"every row needs the same columns. A {DELIMITERS[delimiter]} inside a value must be "
                "within double quotes.")
    if "EOF" in message or "quote" in message.lower():
        return "A double quote opens a value that never closes: check the quotes in the file."
    return "The file could not be read as a CSV table: its rows do not line up."


def _check_shape(frame: pd.DataFrame, max_rows: int, max_columns: int) -> None:
    rows, columns = frame.shape
    if rows == 0:
        raise ValueError("The file has a header row but no rows of data.")
    if rows > max_rows:
        raise ValueError(f"The file has more than {max_rows:,} rows; this page reads at most "
                         f"{max_rows:,}. Keep a random sample, for instance with pandas: "
                         f"`table.sample({max_rows}, random_state=0).to_csv(...)`.")
    if columns > max_columns:
        raise ValueError(f"The file has {columns:,} columns; this page reads at most {max_columns}.")
    longest = max(frame.columns, key=len)
    if len(longest) > MAX_CELL:
        raise ValueError(f"A column name is {len(longest):,} characters long; this page reads names "
                         f"of up to {MAX_CELL}.")
    for column in _text_columns(frame):
        length = frame[column].str.len().max()
        if length > MAX_CELL:
            raise ValueError(f"Column {shown(column)} holds a value {int(length):,} characters long; "
                             f"this page reads values of up to {MAX_CELL}.")


def _check_values(X: np.ndarray, names) -> None:
    for j, name in enumerate(names):
        column = X[:, j]
        if not np.all(np.isfinite(column)):
            raise ValueError(f"{shown(name)} holds a value too large to be a number (like 1e400).")
        if column.size and np.abs(column).max() > MAX_MAGNITUDE:
            raise ValueError(f"{shown(name)} holds values beyond ±{MAX_MAGNITUDE:.0e}: "
                             "rescale it (divide by a power of ten) first.")
        if column.size and column.min() == column.max():
            raise ValueError(f"{shown(name)} has the same value in every row, so it cannot "
                             "spread the points along an axis: pick another column.")


def _text_columns(frame: pd.DataFrame):
    return [c for c in frame.columns if not _is_numeric(frame[c]) and not frame[c].isna().all()]


def _is_numeric(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def _decimal_commas(column: pd.Series) -> bool:
    values = column.dropna().astype(str).str.strip()
    return bool(len(values)) and values.str.fullmatch(r"[+-]?\d*,?\d+").all() and values.str.contains(",").any()


def _has_header(sample: str, first: list[str], delimiter: str) -> bool:
    """Whether the first row names the columns. A row of numbers is data and a row without
    any is a header; a row of both (5.1,3.5,setosa, or a header naming years) goes to
    csv.Sniffer, which compares each field's type and length with the values below it."""
    numbers = [_is_number(field, delimiter) for field in first]
    if all(numbers) or not any(numbers):
        return not all(numbers)
    try:
        return csv.Sniffer().has_header(sample)
    except csv.Error:
        return True


def _is_number(field: str, delimiter: str) -> bool:
    text = field.strip()
    if delimiter != ",":
        text = text.replace(",", ".")
    try:
        float(text)
    except ValueError:
        return False
    return True


# --- naming ----------------------------------------------------------------------------

def _class_name(value) -> str:
    """A class value as text: 1.0 read from a column with gaps is still "1"."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    return str(value)


def _class_names(values) -> tuple[str, ...]:
    """The class values as short, distinct names for legends and axes."""
    names = []
    for value in values:
        name = _class_name(value)
        if len(name) > CLASS_NAME_LIMIT:
            name = name[:CLASS_NAME_LIMIT - 1] + "…"
        while name in names:  # two long values cut to the same text stay apart
            name += "′"
        names.append(name)
    return tuple(names)


def _names(columns, most: int = 8) -> str:
    columns = list(columns)
    listed = ", ".join(shown(c) for c in columns[:most])
    return listed + (f" and {len(columns) - most} more" if len(columns) > most else "")


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} kB"
