#!/usr/bin/env bash
# Makes the plan-format fixtures of Tests/PlanIngestTests/Fixtures/formats from one source,
# scripts/fixtures/qinghe-plan.fodt (a county plan with automatic numbering, a catalogue and an
# indicator table with group rows, page numbers in the footer), with LibreOffice:
#   qinghe-plan.txt    LibreOffice's "Text (encoded)" export, UTF-8: the plain text the others must match
#   qinghe-plan.docx   Word 2007 XML, numbering as Word's automatic numbering (numbering.xml)
#   qinghe-plan.doc    Word 97 (an OLE2 compound file, as .doc and .wps are)
#   qinghe-plan.pdf    the PDF LibreOffice prints (cells centred vertically, so wrapped cells
#                      spread over several lines of pdftotext's layout)
#   qinghe-plan.pdf-layout.txt   what `pdftotext -layout` prints for it (pdftotext from poppler-utils)
#   anju-district-13th.pdf-layout.txt   the same for the Anju seed plan set as a PDF from its text
#   qinghe-plan.html   the HTML export in a county site's saved page (GBK, navigation, scripts;
#                      scripts/fixtures/saved-page.py)
#   scanned.pdf        page 1 of the PDF as a 60 dpi picture alone in a document, printed to PDF
#                      by LibreOffice: a PDF without a text layer, as a scan is
# Needs soffice (libreoffice-writer-nogui), pdftoppm (poppler-utils) and python3. The output
# depends a little on the LibreOffice version (Debian 12: 7.4); the tests read what is committed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source="$root/scripts/fixtures/qinghe-plan.fodt"
out="$root/Tests/PlanIngestTests/Fixtures/formats"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

soffice_convert() {  # FILTER FILE [OPTIONS…]: converts into $work with a private profile, so a running LibreOffice is left alone
    soffice "-env:UserInstallation=file://$work/profile" --headless --norestore "${@:3}" \
        --convert-to "$1" --outdir "$work" "$2" >/dev/null 2>&1
}

cp "$source" "$work/qinghe-plan.fodt"
soffice_convert "txt:Text (encoded):UTF8" "$work/qinghe-plan.fodt"
soffice_convert "docx:MS Word 2007 XML" "$work/qinghe-plan.fodt"
soffice_convert "doc:MS Word 97" "$work/qinghe-plan.fodt"
soffice_convert "pdf:writer_pdf_Export" "$work/qinghe-plan.fodt"
soffice_convert "html:HTML (StarWriter)" "$work/qinghe-plan.fodt"
python3 "$root/scripts/fixtures/saved-page.py" "$work/qinghe-plan.html" "$out/qinghe-plan.html"
for extension in txt docx doc pdf; do cp "$work/qinghe-plan.$extension" "$out/"; done
# What the app hands the pure reader for the PDF: the library's tests read it without pdftotext.
pdftotext -layout -enc UTF-8 -eol unix "$out/qinghe-plan.pdf" "$out/qinghe-plan.pdf-layout.txt"

# A real plan as a PDF (the Anju seed, set by LibreOffice from its text): long paragraphs wrapped at
# the margin, which the layout reader must join again.
cp "$root/Sources/JunhengApp/Demo/Plans/anju-district-13th.txt" "$work/"
soffice_convert "pdf:writer_pdf_Export" "$work/anju-district-13th.txt" --infilter="Text (encoded):UTF8"
pdftotext -layout -enc UTF-8 -eol unix "$work/anju-district-13th.pdf" "$out/anju-district-13th.pdf-layout.txt"

# libreoffice-writer-nogui has no Draw to open a picture: the picture goes into a Writer document.
pdftoppm -r 60 -png -f 1 -l 1 "$work/qinghe-plan.pdf" "$work/scan"
python3 "$root/scripts/fixtures/picture-document.py" "$work"/scan*.png "$work/scanned.fodt"
soffice_convert "pdf:writer_pdf_Export" "$work/scanned.fodt"
cp "$work/scanned.pdf" "$out/"
ls -l "$out"
