"""A printed form as an office scanner returns it after a photocopier: 150 dpi, blurred, speckled, askew."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter

SCAN_DPI = 150


def photocopy(image: Image.Image, seed: int = 0, blur: float = 1.5, angle: float = 3.0) -> Image.Image:
    """Gaussian blur (σ in pixels), grey noise, and a slight rotation, as a copy fed in askew comes back."""
    random.seed(seed)
    grey = image.convert("L").filter(ImageFilter.GaussianBlur(blur))
    noise = Image.effect_noise(grey.size, 48)
    grey = Image.blend(grey, noise, 0.12)
    return grey.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=235)


def scanned_pages(pdf: bytes | Path, dpi: int = SCAN_DPI, first: int | None = None,
                  **distortion) -> list[Image.Image]:
    """Every page (or the `first` few) of a printed PDF, rasterised at `dpi` and photocopied."""
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    document = pdfium.PdfDocument(data)
    try:
        return [photocopy(document[i].render(scale=dpi / 72).to_pil(), seed=i, **distortion)
                for i in range(min(len(document), first or len(document)))]
    finally:
        document.close()


def scan_to_pdf(images: list[Image.Image], path: Path, dpi: int = SCAN_DPI) -> Path:
    """Pages as a scanner's PDF (each page one image), as a multifunction printer saves them."""
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    path.write_bytes(out.getvalue())
    return path
