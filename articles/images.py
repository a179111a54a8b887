"""Lead images in responsive sizes: Pillow renditions beside the upload, for srcset and social cards."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

from articles.models import Article

log = logging.getLogger(__name__)

# Widths a phone, a tablet, a laptop and a high-density screen ask for; never wider than the upload.
WIDTHS = (480, 800, 1200, 1600)
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".png"}


@dataclass(frozen=True)
class ImageSize:
    url: str
    width: int
    height: int


def _rendition_name(original: str, width: int, extension: str) -> str:
    path = PurePosixPath(original)
    return str(PurePosixPath("renditions") / path.parent / f"{path.stem}-{width}w{extension}")


def lead_image_sizes(article: Article) -> list[ImageSize]:
    """The lead image's renditions, narrowest first, made on first request; [] when it is missing or unreadable."""
    if not article.lead_image:
        return []
    try:
        with article.lead_image.open("rb") as handle:
            image = Image.open(handle)
            image.load()
    except (OSError, UnidentifiedImageError, ValueError):
        log.warning("lead image of %s cannot be read: %s", article.slug, article.lead_image.name)
        return []
    kind = image.format or "JPEG"
    image = ImageOps.exif_transpose(image)
    extension = FORMATS.get(kind, ".jpg")
    widths = [w for w in WIDTHS if w < image.width] + [min(image.width, WIDTHS[-1])]
    sizes = []
    for width in dict.fromkeys(widths):
        height = round(image.height * width / image.width)
        name = _rendition_name(article.lead_image.name, width, extension)
        if not default_storage.exists(name):
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            if extension == ".jpg":
                resized.convert("RGB").save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
            else:
                resized.save(buffer, kind if kind != "GIF" else "PNG", optimize=True)
            name = default_storage.save(name, ContentFile(buffer.getvalue()))
        sizes.append(ImageSize(url=default_storage.url(name), width=width, height=height))
    return sizes
