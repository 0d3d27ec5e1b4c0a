"""Bytes to text for exports of unknown encoding (UTF-8, UTF-16 with or without BOM, Windows-1252)."""

from __future__ import annotations

import codecs

from core.issues import Issue
from core.model import ExtractionError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters: no text export looks like that."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) > 0.05


def utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 without a byte-order mark (as some Windows tools do): Latin text
    has a zero byte in every other place, the same side each time. None for anything else."""
    sample = data[:8192]
    if len(sample) < 4 or len(data) % 2:
        return None
    pairs = len(sample) // 2
    for encoding, zero_at in (("utf-16-le", 1), ("utf-16-be", 0)):
        zeros = sum(1 for k in range(pairs) if sample[2 * k + zero_at] == 0 and sample[2 * k + 1 - zero_at] != 0)
        if zeros >= 0.6 * pairs:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
            return text if controls <= 0.01 * max(len(text[:4096]), 1) else None
    return None


def decode(data: bytes) -> tuple[str, list[Issue]]:
    """Decode, preferring what the bytes declare; Windows-1252 is the Dutch fallback."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError as error:
                raise ExtractionError("undecodable", f"file starts with a {encoding} mark but does not decode: {error}")
    if data.startswith(b"%PDF"):
        raise ExtractionError("wrong-format", "file is a PDF, not text")
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        return utf16, [Issue("info", "encoding-utf16", "file is UTF-16 without a byte-order mark; read as such")]
    if looks_binary(data):
        raise ExtractionError("not-text", "file holds binary data, not text")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    issues = [Issue("info", "encoding-fallback", "file is not UTF-8; read as Windows-1252")]
    if "\ufffd" in text:
        issues.append(Issue("warning", "undecodable-bytes", "some bytes are not Windows-1252 either and were replaced"))
    return text, issues
