"""Images attached to a draft, checked by their content (never their name or declared type):
Pillow must recognise one of the allowed formats, within a byte size and a pixel count, so a
decompression bomb is refused before it is decoded."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 10_000
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


@dataclass(frozen=True)
class CheckedImage:
    content_type: str
    extension: str
    width: int
    height: int
    size: int


def _read(upload: UploadedFile[bytes]) -> bytes:
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError({"media": _("The image is larger than 8 MB.")})
    data: bytes = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError({"media": _("The image is larger than 8 MB.")})
    return data


def image_check(upload: UploadedFile[bytes]) -> CheckedImage:
    """What the upload really is, or a ValidationError naming the `media` field."""
    data = _read(upload)
    not_an_image = ValidationError({"media": _("The file is not a JPEG, PNG, GIF or WebP image.")})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind, (width, height) = image.format or "", image.size
                if kind not in FORMATS:
                    raise not_an_image
                if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                    raise ValidationError({"media": _("The image has too many pixels.")})
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError({"media": _("The image has too many pixels.")}) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_an_image from error
    upload.seek(0)
    return CheckedImage(FORMATS[kind], EXTENSIONS[kind], width, height, len(data))
