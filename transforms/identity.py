"""Who published a raw file, for which year, and what it is.

The landing zone is `raw/<municipality>/<budget_year>/<file>`. What the path says wins; where it
is silent the content decides (see `extractors.hints`), then the file name. Every choice other
than the path, and every disagreement, becomes an issue.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from core.issues import Issue
from core.model import Document, Section
from core.vocabulary import document_type_of

_YEAR = re.compile(r"^(?:19|20)\d{2}$")
# Budgets are planned a few years ahead at most: a folder `2099` is no budget year.
_LAST_YEAR = datetime.date.today().year + 10
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def slugify(text: str) -> str:
    """`Cliëntervaring met …` -> `clientervaring-met-…`: lower case ASCII words joined by dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def municipality_from_slug(slug: str) -> str:
    """`den-haag` -> `Den Haag`, `s-hertogenbosch` -> `'s-Hertogenbosch`."""
    if slug.startswith("s-"):
        return "'s-" + slug[2:].capitalize()
    small = {"aan", "den", "de", "op", "en", "in", "a/d"}
    words = slug.replace("_", "-").split("-")
    return " ".join(w if (i and w in small) else w.capitalize() for i, w in enumerate(words))


@dataclass(frozen=True)
class PathInfo:
    """What the landing-zone path says."""

    relative_path: str
    municipality_slug: str | None
    budget_year: int | None
    file_year: int | None  # a year in the file name, the weakest hint
    document_type: str | None = None  # `jaarverslag-2019.pdf`, `…/begroting/…`

    @classmethod
    def parse(cls, relative_path: str) -> "PathInfo":
        parts = PurePosixPath(relative_path).parts
        folders, name = parts[:-1], parts[-1] if parts else ""
        municipality = None
        year = None
        for folder in folders:
            if _YEAR.match(folder) and int(folder) <= _LAST_YEAR:
                year = int(folder)
            elif municipality is None:
                municipality = slugify(folder) or None
        name_year = _YEAR_IN_NAME.search(name)
        document_type = document_type_of(" ".join(parts[1:]))
        return cls(relative_path, municipality, year, int(name_year.group(1)) if name_year else None, document_type)


@dataclass
class DocumentMeta:
    """The identity every row of a document carries."""

    document_id: str
    source_path: str
    bytes: int
    format: str
    municipality: str | None
    budget_year: int | None
    document_type: str | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def publication_id(self) -> str:
        """The publication this file is one format of: the same municipality, budget year and
        document type, and the same file name without its extension (`…/sociaal-domein.html`
        and `…/sociaal-domein.txt`)."""
        stem = PurePosixPath(self.source_path).stem.lower()
        key = f"{self.municipality}|{self.budget_year}|{self.document_type}|{stem}"
        return sha256_bytes(key.encode("utf-8"))


def resolve(path: PathInfo, document: Document | None, *, document_id: str, size: int, format: str) -> DocumentMeta:
    """Decide municipality, budget year and document type; record guesses and conflicts."""
    issues: list[Issue] = []
    hint_municipality = document.municipality_hint if document else None
    hint_year = document.budget_year_hint if document else None
    hint_type = document.document_type_hint if document else None

    municipality = None
    if path.municipality_slug:
        municipality = municipality_from_slug(path.municipality_slug)
        if hint_municipality and slugify(hint_municipality) == path.municipality_slug:
            municipality = hint_municipality  # the content spells it properly
        elif hint_municipality:
            issues.append(
                Issue("warning", "municipality-conflict",
                      f"path says {municipality!r}, content says {hint_municipality!r}; using the path")
            )
    elif hint_municipality:
        municipality = hint_municipality
        issues.append(Issue("info", "municipality-from-content", f"path names no municipality; content says {hint_municipality!r}"))
    else:
        issues.append(Issue("error", "municipality-unknown", "neither the path nor the content names the municipality"))

    budget_year = path.budget_year
    if budget_year is not None:
        if hint_year and hint_year != budget_year:
            issues.append(
                Issue("warning", "budget-year-conflict", f"path says {budget_year}, content says {hint_year}; using the path")
            )
    elif hint_year:
        budget_year = hint_year
        issues.append(Issue("info", "budget-year-from-content", f"path names no year; content says {hint_year}"))
    elif path.file_year:
        budget_year = path.file_year
        issues.append(Issue("info", "budget-year-from-file-name", f"budget year {budget_year} taken from the file name"))
    elif document is not None:
        issues.append(Issue("error", "budget-year-unknown", "neither the path nor the content gives the budget year"))

    document_type = path.document_type or hint_type
    if path.document_type and hint_type and path.document_type != hint_type:
        issues.append(Issue("info", "document-type-from-path", f"path says {path.document_type}, content says {hint_type}; using the path"))
    if document is not None and document_type is None and budget_year is not None and (header := _reports_on(document, budget_year)):
        # A budget cannot print realised figures of its own year or later; a report does.
        document_type = "jaarrekening"
        issues.append(Issue("info", "document-type-from-tables", f"a table reports {header!r}; read as a jaarrekening"))
    if document is not None and document_type is None:
        document_type = "begroting"
        issues.append(Issue("info", "document-type-assumed", "document does not say what it is; assumed a begroting"))

    return DocumentMeta(document_id, path.relative_path, size, format, municipality, budget_year, document_type, issues)


_REALISED = re.compile(r"(?i)\b(rekening|jaarrekening|realisatie|gerealiseerd|werkelijk)\b")


def _reports_on(document: Document, budget_year: int) -> str | None:
    """A table header naming realised figures of the budget year or later (`rekening 2017` in a
    document of 2017), if the document has one."""
    for _, grid in document.tables():
        matrix = grid.matrix()
        bands = [list(band.labels) for band in grid.bands]
        for row in [*bands, *matrix[: max(1, grid.header_rows or 1)]]:
            for text in row:
                years = [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", text)]
                if _REALISED.search(text) and years and max(years) >= budget_year and not re.search(r"(?i)verwacht|prognose|raming", text):
                    return text
    return None


def row_context(meta: DocumentMeta, document: Document, section: Section | None) -> dict:
    """The columns every fact and text row carries: document, municipality, year, section."""
    return {
        "document_id": meta.document_id,
        "budget_year": meta.budget_year,
        "municipality": meta.municipality,
        "programme": (section.programme if section else None) or document.programme,
        "section_number": section.number if section else None,
        "section": section.title if section else None,
    }
