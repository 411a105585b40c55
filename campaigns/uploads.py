"""Check uploaded evidence and documents by their content, not just their name."""

import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

# What each accepted kind of file starts with; office files are zip packages of a known shape.
_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
_OFFICE = {"docx": "word/", "xlsx": "xl/"}
ACCEPTED = ["pdf", "docx", "xlsx", "png", "jpg", "jpeg"]


def random_upload_name(prefix: str, filename: str) -> str:
    """Return a non-guessable storage name for an upload, keeping only its extension."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{prefix}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension[:8]}"


def _is_office_package(upload, folder: str) -> bool:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)


def validate_upload(upload, *, max_bytes=None):
    """Refuse a file that is too large or whose content is not the PDF, office file or image
    its name says it is."""
    max_bytes = max_bytes or settings.EVIDENCE_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes),
            }
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ACCEPTED:
        raise ValidationError(
            _("“%(name)s” is not an accepted file type. Accepted: %(types)s.")
            % {"name": upload.name, "types": ", ".join(ext.upper() for ext in ACCEPTED)}
        )
    if extension in _OFFICE:
        genuine = _is_office_package(upload, _OFFICE[extension])
    else:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        genuine = head.startswith(_SIGNATURES[extension])
    if not genuine:
        raise ValidationError(
            _("“%(name)s” does not contain what its name says (%(type)s); it was refused.")
            % {"name": upload.name, "type": extension.upper()}
        )
    return upload
