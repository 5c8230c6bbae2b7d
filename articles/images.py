"""Responsive hero image renditions, made once when an article's image changes."""

import hashlib
import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

RENDITION_WIDTHS = (480, 800, 1200)
FORMATS = {
    "webp": {"format": "WEBP", "quality": 72, "method": 6},
    "jpeg": {"format": "JPEG", "quality": 78, "optimize": True, "progressive": True},
}
# How wide the hero is drawn: the full phone width, or the article column on wider screens.
HERO_SIZES = "(min-width: 50rem) 46rem, 100vw"
CARD_SIZES = "(min-width: 50rem) 22rem, 100vw"


def build_renditions(image_field):
    """Write WebP and JPEG copies at a few widths; return what templates need to list them."""
    image_field.open("rb")
    try:
        source_bytes = image_field.read()
    finally:
        image_field.close()
    digest = hashlib.sha256(source_bytes).hexdigest()[:12]
    with Image.open(io.BytesIO(source_bytes)) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    stem = PurePosixPath(image_field.name).stem
    renditions = {"source": image_field.name, "width": image.width, "height": image.height}
    widths = [w for w in RENDITION_WIDTHS if w < image.width] + [min(image.width, RENDITION_WIDTHS[-1])]
    for fmt, options in FORMATS.items():
        entries = []
        for width in sorted(set(widths)):
            height = round(image.height * width / image.width)
            # Named by the source's content hash: an existing file is already the right picture.
            name = f"articles/renditions/{stem}-{digest}-{width}.{fmt}"
            if not default_storage.exists(name):
                buffer = io.BytesIO()
                image.resize((width, height), Image.LANCZOS).save(buffer, **options)
                name = default_storage.save(name, ContentFile(buffer.getvalue()))
            entries.append([name, width, height])
        renditions[fmt] = entries
    return renditions
