"""Print the HTML form of every corpus page to PDF, the two ways budget PDFs are made.

* `pdf-chromium` — headless Chromium prints the page with a platform's print stylesheet: tables
  ruled cell by cell, header cells shaded, as budget portals print them (`corpus/pdf-chromium/`);
* `pdf-writer`   — LibreOffice Writer converts the HTML (`--infilter="HTML (StarWriter)"`):
  tables without ruling lines, as a word processor exports them (`corpus/pdf-writer/`).

Both renderers are Debian's (`chromium`, `libreoffice-writer-nogui`); the PDFs are committed
so that `make accuracy` and the tests need neither.

usage: python scripts/print_corpus.py [pdf-chromium|pdf-writer …]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

PRINT_STYLE = """<style>
@page { size: A4 %s; margin: 18mm 15mm; }
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10pt; }
nav, .breadcrumbs, .skip, footer { display: none; }
table { border-collapse: collapse; margin: 6pt 0 10pt; }
th, td { border: 0.75pt solid #808080; padding: 2pt 3pt; vertical-align: top; font-size: 8pt; }
th, thead td { background: #dde6f0; }
caption { text-align: left; font-weight: bold; padding-bottom: 3pt; }
</style>"""

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


def _widest_table(html: str) -> int:
    """The most cells in one row of any table on the page, spans counted."""
    from lxml import html as lxml_html

    widest = 0
    for row in lxml_html.fromstring(html).iter("tr"):
        widest = max(widest, sum(int(c.get("colspan", "1") or 1) for c in row if c.tag in ("td", "th")))
    return widest


def print_chromium(source: Path, target: Path, work: Path) -> None:
    styled = work / source.name
    html = source.read_text(encoding="utf-8")
    # Wide tables are printed on a landscape page, as publishers print them, so no column is cut off.
    style = PRINT_STYLE % ("landscape" if _widest_table(html) > 9 else "portrait")
    styled.write_text(html.replace("</head>", style + "\n</head>", 1), encoding="utf-8")
    subprocess.run(
        ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={work / 'profile'}", f"--print-to-pdf={target}", styled.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )


def print_writer(sources: list[Path], folder: Path, work: Path) -> None:
    # Tables as wide as the page: Writer then wraps the cells rather than cutting off columns.
    copies = []
    for source in sources:
        copy = work / source.name
        html = source.read_text(encoding="utf-8").replace('<table class="table">', '<table class="table" width="100%">')
        if _widest_table(html) > 9:
            html = html.replace("</head>", "<style>td, th { font-size: 7pt }</style>\n</head>", 1)
        copy.write_text(html, encoding="utf-8")
        copies.append(copy)
    sources = copies
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(work / 'lo').as_uri()}",
            "--headless",
            '--infilter=HTML (StarWriter)',
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=1800,
    )


def main(forms: list[str]) -> None:
    sources = sorted((CORPUS / "html").glob("*.html"))
    for form in forms:
        folder = CORPUS / form
        folder.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            if form == "pdf-chromium":
                for source in sources:
                    print_chromium(source, folder / f"{source.stem}.pdf", work)
            elif form == "pdf-writer":
                if not shutil.which("soffice"):
                    sys.exit("pdf-writer needs LibreOffice: apt-get install libreoffice-writer-nogui")
                print_writer(sources, folder, work)
            else:
                sys.exit(f"unknown form {form!r}")
        print(f"{form}: {len(list(folder.glob('*.pdf')))} PDFs in {folder}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["pdf-chromium", "pdf-writer"])
