"""Paper back into the app: read a scanner's PDF or image, find each page's form code, split it into forms.

A scanner's PDF may hold a night's worth of forms. Each page is rasterised (pypdfium2) and its QR code read
(zxing-cpp); pages are grouped by the record ID their code names, in the order they were scanned. A page with
no readable code is kept aside, with a thumbnail, for the manager to match by hand; a blank page (the back of
a sheet scanned two-sided) is left out. Nothing here touches the disk except reading the scanned file: each
form's pages become one PDF in memory, which the workspace keeps encrypted with its SHA-256.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image, ImageSequence, UnidentifiedImageError

from desktop.domain.conversation import Conversation
from desktop.domain.errors import Cancelled, EadrError
from desktop.domain.form_codes import CodeKind, FormCode, read_code
from desktop.domain.paper import PaperCopy
from desktop.domain.staff import Staff

if TYPE_CHECKING:
    from desktop.store.workspace import Workspace

MAX_SCAN_BYTES = 200 * 1024 * 1024   # a 200-page colour scan at 300 dpi is well under this
MAX_PAGES = 500
MAX_PIXELS = 120_000_000            # one page: A3 at 1200 dpi is 270 MP; a scanner's 600 dpi A4 is 35 MP
READ_DPI = 200                      # enough for a 0.8 mm module; a second try at 300 dpi reads smaller codes
THUMBNAIL_WIDTH = 420              # the top of the page, where a form names the person, readable at a glance
THUMBNAIL_PART = 0.4
SUFFIXES = {".pdf": "PDF", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF"}
FILE_FILTER = "Scanned forms (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)"


class ScanError(EadrError):
    """A scanned file that cannot be read; nothing was changed."""


@dataclass
class ScannedPage:
    source: Path
    number: int                 # 1-based, within its file
    code: FormCode | None
    blank: bool
    thumbnail: bytes            # PNG: the top of the page (the form's heading), THUMBNAIL_WIDTH wide
    problem: str = ""           # why no code was read, in words, when there is none
    file_sha256: str = ""       # of the whole scanned file: the same page scanned once is kept once
    _pdf_page: bytes = field(default=b"", repr=False)   # this page alone, as a one-page PDF

    @property
    def label(self) -> str:
        return f"{self.source.name}, page {self.number}"


@dataclass
class ScannedForm:
    """One form's pages, in scanned order."""

    record_id: str
    pages: list[ScannedPage]

    @property
    def source_text(self) -> str:
        by_file: dict[str, list[int]] = {}
        for page in self.pages:
            by_file.setdefault(page.source.name, []).append(page.number)
        return "; ".join(f"{name} page{'s' if len(n) > 1 else ''} {page_ranges(n)}" for name, n in by_file.items())


@dataclass
class ScanSplit:
    forms: list[ScannedForm]
    unmatched: list[ScannedPage]      # no readable code: to match by hand
    slips: list[ScannedPage]          # a 360 invitation or a slip to give one's view later: not a record
    blank: list[ScannedPage]

    @property
    def page_count(self) -> int:
        return sum(len(f.pages) for f in self.forms) + len(self.unmatched) + len(self.slips) + len(self.blank)


def page_ranges(numbers: Sequence[int]) -> str:
    """[1, 2, 3, 5] → '1–3, 5'."""
    out: list[str] = []
    start = prev = None
    for n in list(numbers) + [None]:
        if start is not None and (n is None or n != prev + 1):
            out.append(f"{start}–{prev}" if prev != start else str(start))
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ", ".join(out)


def decode(image: Image.Image) -> list[FormCode]:
    """The form codes on one page image (zxing-cpp: any rotation, some blur), distinct, in reading order."""
    found: list[FormCode] = []
    for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        code = read_code(result.text)
        if code is not None and code not in found:
            found.append(code)
    return found


def is_blank(image: Image.Image) -> bool:
    """Nothing on the page but paper: under 0.2% of a small greyscale copy is dark."""
    small = image.convert("L").resize((200, 280))
    dark = sum(small.histogram()[:128])
    return dark < 0.002 * small.width * small.height


def _thumbnail(image: Image.Image) -> bytes:
    """The top part of the page, where a form names the person, scaled to THUMBNAIL_WIDTH."""
    copy = image.convert("L")
    copy = copy.crop((0, 0, copy.width, int(copy.height * THUMBNAIL_PART)))
    copy = copy.resize((THUMBNAIL_WIDTH, max(1, round(copy.height * THUMBNAIL_WIDTH / copy.width))),
                       Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, "PNG")
    return out.getvalue()


def _read_page(source: Path, number: int, image: Image.Image, pdf_page: bytes,
               render_again: Callable[[int], Image.Image] | None) -> ScannedPage:
    grey = image.convert("L")
    codes = decode(grey)
    if not codes and render_again is not None:
        codes = decode(render_again(300))
    if not codes and max(grey.size) > 3000:   # a very high-resolution scan: a smaller copy reads better
        half = grey.resize((grey.width // 2, grey.height // 2), Image.Resampling.LANCZOS)
        codes = decode(half)
    blank = not codes and is_blank(grey)
    problem = ""
    if len({c.value for c in codes}) > 1:
        problem, codes = "two different form codes on one page", []
    elif not codes and not blank:
        problem = "no readable form code"
    return ScannedPage(source, number, codes[0] if codes else None, blank, _thumbnail(grey), problem,
                       _pdf_page=pdf_page)


def _check_file(path: Path) -> bytes:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ScanError(f"{path.name} is not a scanned form EADR Station can read.", where=str(path),
                        hint="Scan to PDF, PNG, JPEG or TIFF and open that file.")
    try:
        size = path.stat().st_size
        if size > MAX_SCAN_BYTES:
            raise ScanError(f"{path.name} is {size / 1024 / 1024:.0f} MB; a scan can be up to "
                            f"{MAX_SCAN_BYTES // 1024 // 1024} MB.", where=str(path),
                            hint="Scan fewer forms at a time, or at 150–300 dpi in greyscale.")
        data = path.read_bytes()
    except OSError as exc:
        raise ScanError(f"{path.name} could not be read ({exc.strerror or exc}).", where=str(path),
                        hint="Check the file is still there and you may open it.") from exc
    if not data:
        raise ScanError(f"{path.name} is empty.", where=str(path), hint="Scan the forms again.")
    return data


def _pdf_pages(path: Path, data: bytes, progress: Callable[[], bool]) -> list[ScannedPage]:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ScanError(f"{path.name} is not a readable PDF: it may be cut short or damaged.",
                        where=str(path), hint="Scan the forms again, or save the scan again from the scanner.") \
            from exc
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise ScanError(f"{path.name} has {count} pages; up to {MAX_PAGES} can be read at once.",
                            where=str(path), hint="Split the scan into smaller files.")
        pages: list[ScannedPage] = []
        for index in range(count):
            if not progress():
                raise Cancelled()
            page = document[index]
            width, height = page.get_size()
            if width * height * (READ_DPI / 72) ** 2 > MAX_PIXELS:
                raise ScanError(f"{path.name}: page {index + 1} is too large to read as a form "
                                f"({width / 72 * 25.4:.0f} × {height / 72 * 25.4:.0f} mm).", where=str(path),
                                hint="Scan the forms at A4.")

            def render(dpi: int, page=page) -> Image.Image:
                return page.render(scale=dpi / 72, grayscale=True).to_pil()

            try:
                image = render(READ_DPI)
            except pdfium.PdfiumError as exc:
                raise ScanError(f"{path.name}: page {index + 1} could not be drawn ({exc}).", where=str(path),
                                hint="Scan the forms again.") from exc
            one = pdfium.PdfDocument.new()
            one.import_pages(document, [index])
            out = io.BytesIO()
            one.save(out)
            one.close()
            pages.append(_read_page(path, index + 1, image, out.getvalue(), render))
        return pages
    finally:
        document.close()


def _image_pages(path: Path, data: bytes, progress: Callable[[], bool]) -> list[ScannedPage]:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            frames = getattr(opened, "n_frames", 1)
            if frames > MAX_PAGES:
                raise ScanError(f"{path.name} has {frames} pages; up to {MAX_PAGES} can be read at once.",
                                where=str(path), hint="Split the scan into smaller files.")
            pages: list[ScannedPage] = []
            for number, frame in enumerate(ImageSequence.Iterator(opened), 1):
                if not progress():
                    raise Cancelled()
                if frame.width * frame.height > MAX_PIXELS:
                    raise ScanError(f"{path.name}: page {number} is {frame.width} × {frame.height} pixels, too "
                                    "large to read as a form.", where=str(path),
                                    hint="Scan the forms at 150–300 dpi.")
                frame.load()
                image = frame.convert("RGB") if frame.mode not in ("1", "L", "RGB") else frame.copy()
                dpi = float(image.info.get("dpi", (0, 0))[0] or 0) or image.width / 8.27   # else: A4 wide
                out = io.BytesIO()
                image.save(out, "PDF", resolution=dpi)
                pages.append(_read_page(path, number, image, out.getvalue(), None))
            return pages
    except Image.DecompressionBombError as exc:
        raise ScanError(f"{path.name} is a picture too large to read as a form.", where=str(path),
                        hint="Scan the forms at 150–300 dpi.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, ScanError):
            raise
        raise ScanError(f"{path.name} is not a readable image: it may be cut short or damaged.",
                        where=str(path), hint="Scan the forms again, or save them as PDF.") from exc


def _count(path: Path, data: bytes) -> int:
    """How many pages, for progress (a file that cannot be opened is reported when it is read)."""
    try:
        if data.startswith(b"%PDF") or path.suffix.lower() == ".pdf":
            document = pdfium.PdfDocument(data)
            try:
                return len(document)
            finally:
                document.close()
        with Image.open(io.BytesIO(data)) as opened:
            return getattr(opened, "n_frames", 1)
    except Exception:
        return 1


def read_scans(paths: Iterable[Path], progress: Callable[[int, int], bool] | None = None) -> list[ScannedPage]:
    """Every page of every file, read; the first bad file raises ScanError naming it (nothing is kept)."""
    files = [(Path(p), _check_file(Path(p))) for p in paths]
    total = sum(_count(path, data) for path, data in files)
    done = 0

    def step() -> bool:
        nonlocal done
        done += 1
        return progress(done - 1, total) if progress else True

    pages: list[ScannedPage] = []
    for path, data in files:
        try:
            found = _pdf_pages(path, data, step) if data.startswith(b"%PDF") or path.suffix.lower() == ".pdf" \
                else _image_pages(path, data, step)
        except (ScanError, Cancelled):
            raise
        except (pdfium.PdfiumError, OSError, ValueError, RuntimeError, MemoryError) as exc:   # a file's own fault
            raise ScanError(f"{path.name} could not be read as scanned forms ({type(exc).__name__}).",
                            where=str(path), hint="Scan the forms again, or save the scan again as PDF.") from exc
        digest = hashlib.sha256(data).hexdigest()
        for page in found:
            page.file_sha256 = digest
        pages += found
    return pages


def split(pages: Sequence[ScannedPage]) -> ScanSplit:
    """Group pages by the record their code names, keeping scanned order; the rest set aside by kind."""
    forms: dict[str, ScannedForm] = {}
    result = ScanSplit([], [], [], [])
    for page in pages:
        if page.code is None:
            (result.blank if page.blank else result.unmatched).append(page)
        elif page.code.kind is not CodeKind.RECORD:
            result.slips.append(page)
        else:
            form = forms.get(page.code.value)
            if form is None:
                form = forms[page.code.value] = ScannedForm(page.code.value, [])
                result.forms.append(form)
            form.pages.append(page)
    return result


@dataclass(frozen=True)
class FormCopy:
    """One form's pages as one PDF: what the workspace keeps as the signed paper copy."""

    file_name: str
    pdf: bytes
    pages: int
    sha256: str
    fingerprint: str   # which pages of which scanned files: the same pages opened twice are kept once


def fingerprint(pages: Sequence[ScannedPage]) -> str:
    return hashlib.sha256("\n".join(f"{p.file_sha256}:{p.number}" for p in pages).encode()).hexdigest()


def form_copy(pages: Sequence[ScannedPage], name: str) -> FormCopy:
    """The pages, in order, joined into one PDF (the scanner's own pages, not redrawn)."""
    joined = pdfium.PdfDocument.new()
    try:
        for page in pages:
            one = pdfium.PdfDocument(page._pdf_page)
            joined.import_pages(one)
            one.close()
        out = io.BytesIO()
        joined.save(out)
    finally:
        joined.close()
    data = out.getvalue()
    return FormCopy(name, data, len(pages), hashlib.sha256(data).hexdigest(), fingerprint(pages))


def render_pages(pdf: bytes, dpi: int = 110) -> list[Image.Image]:
    """A kept copy's pages as pictures, to show beside the fields."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].render(scale=dpi / 72).to_pil() for i in range(len(document))]
    finally:
        document.close()


@dataclass
class FoundForm:
    """A scanned form whose code names a record in this workspace."""

    form: ScannedForm
    conversation: Conversation
    staff: Staff


def match(ws: Workspace, pages: Sequence[ScannedPage]) -> tuple[list[FoundForm], ScanSplit]:
    """Split the pages and find each form's record here; a code naming a record this workspace does not hold
    (printed at another station, or a form whose record was discarded) sends its pages to be matched by hand."""
    parts = split(pages)
    found: list[FoundForm] = []
    conversations, people = ws.conversations(), ws.staff()
    for form in parts.forms:
        conversation = conversations.get(form.record_id)
        person = people.get(conversation.staff_id) if conversation is not None else None
        if conversation is None or person is None:
            for page in form.pages:
                page.problem = f"its code names record {form.record_id[:8]}…, which is not in this workspace"
            parts.unmatched.extend(form.pages)
            continue
        found.append(FoundForm(form, conversation, person))
    order = {id(page): n for n, page in enumerate(pages)}
    parts.unmatched.sort(key=lambda page: order.get(id(page), 0))   # in scanned order, however they came here
    return found, parts


def keep(ws: Workspace, conversation_id: str, pages: Sequence[ScannedPage],
         matched_by_hand: bool = False) -> PaperCopy:
    """Keep these pages with the record, as one PDF, encrypted in the workspace with its SHA-256."""
    files = list(dict.fromkeys(p.source.name for p in pages))
    copy = form_copy(pages, ", ".join(files))
    where = (f"page{'s' if len(pages) > 1 else ''} {page_ranges([p.number for p in pages])}" if len(files) == 1
             else ScannedForm(conversation_id, list(pages)).source_text)
    return ws.paper().keep(conversation_id, copy.file_name, copy.pdf, copy.pages, where, matched_by_hand,
                           copy.fingerprint)
