"""Reading a file safely: size limit, binary and encoding checks, format detection."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from warwatch.errors import InputError

TEXT = "text"
HTML = "html"
JSONL = "jsonl"
FEED = "feed"

EXTENSIONS = {
    ".txt": TEXT,
    ".text": TEXT,
    ".md": TEXT,
    ".html": HTML,
    ".htm": HTML,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".xml": FEED,
    ".rss": FEED,
    ".atom": FEED,
}
SUPPORTED = ", ".join(EXTENSIONS) + " (other extensions are read as text when they hold text)"

# Formats people will try; refused by name instead of by a confusing decode error.
_UNSUPPORTED = {
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub", ".xls", ".xlsx", ".ppt", ".pptx",
    ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg",
    ".mp3", ".mp4", ".wav", ".avi", ".mov", ".exe", ".bin", ".so", ".pyc", ".sqlite", ".db",
}  # fmt: skip
_HINTS = {".json": " (for several reports use JSON Lines: one object per line, in a .jsonl file)"}
_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx/.epub)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"{\\rtf": "an RTF document",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"SQLite format 3": "an SQLite database",
}
_SNIFF_BYTES = 8192
_CHARSET = re.compile(
    rb"""<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']|<meta[^>]*\bcharset\s*=\s*["']?([\w.:-]+)""",
    re.IGNORECASE,
)
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL
)
_FEED_START = re.compile(
    r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?xml-stylesheet[^>]*\?>\s*)*<(?:rss|feed|rdf:RDF)[\s>]",
    re.IGNORECASE | re.DOTALL,
)


def read_file(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refused before reading when it is larger than ``max_bytes``."""
    origin = str(path)
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED or suffix in _HINTS:
        raise InputError(
            f"unsupported format {suffix}{_HINTS.get(suffix, '')}; supported: {SUPPORTED}",
            source=origin,
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; "
                "split it or raise max_bytes",
                source=origin,
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as error:
        raise InputError(f"cannot read file: {error.strerror or error}", source=origin) from None
    if len(data) > max_bytes:
        raise InputError(
            f"file is over the {max_bytes:,}-byte limit; split it or raise max_bytes", source=origin
        )
    if not data:
        raise InputError("empty file", source=origin)
    return data


def decode(data: bytes, origin: str) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or a declared charset.

    Anything else is refused with the offending byte: guessing a legacy code page would silently
    corrupt names and numbers.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                "not valid UTF-16 despite its byte-order mark; convert it to UTF-8", source=origin
            ) from None
    _check_binary(data, origin)
    encoding = declared_charset(data) or "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"declares unknown character encoding {encoding!r}; convert it to UTF-8", source=origin
        ) from None
    if codecs.lookup(encoding).name == "utf-8":
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        bad = data[error.start]
        name = "UTF-8" if encoding == "utf-8-sig" else encoding
        raise InputError(
            f"not valid {name} (byte 0x{bad:02X} at offset {error.start}); convert it to UTF-8, "
            "e.g. iconv -f WINDOWS-1252 -t UTF-8",
            source=origin,
        ) from None


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML or XML file declares in its first bytes, if any."""
    head = data[:2048]
    if not head.lstrip().startswith(b"<") and b"<meta" not in head.lower():
        return None
    match = _CHARSET.search(head)
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii").lower()


def _check_binary(data: bytes, origin: str) -> None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(
                f"this is {what}, an unsupported format; supported: {SUPPORTED}", source=origin
            )
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        raise InputError("binary file (contains NUL bytes), not a text report", source=origin)
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\v\b\x1b")
    if controls > len(sample) * 0.1:
        raise InputError("binary file (mostly control bytes), not a text report", source=origin)


def detect_format(path: Path, text: str) -> str:
    """The reader to use: the extension decides, but text that starts like HTML or a feed is one."""
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind in (JSONL, HTML, FEED):
        return kind
    head = text[:_SNIFF_BYTES].lstrip("\ufeff")
    if _FEED_START.match(head):
        return FEED
    if _HTML_START.match(head):
        return HTML
    return TEXT
