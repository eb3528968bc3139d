"""Writes to stored frameworks; kept out of views and commands."""

from django.db import transaction

from assessor import frameworks
from assessor.models import Framework


class FrameworkConflict(Exception):
    """A stored version that assessments use would change."""


def framework_store(*, parsed: frameworks.Framework, builtin: bool) -> tuple[Framework, str]:
    """Store one framework version. Returns it and "created", "updated" or "unchanged".

    A version no assessment uses yet may still be corrected in place; once
    used, its document is frozen and a changed bank must be a new version.
    """
    with transaction.atomic():
        stored = (
            Framework.objects.select_for_update()
            .filter(key=parsed.key, version=parsed.version)
            .first()
        )
        if stored is None:
            stored = Framework.objects.create(
                key=parsed.key,
                version=parsed.version,
                title=parsed.title,
                document=parsed.document,
                sha256=parsed.sha256,
                builtin=builtin,
            )
            return stored, "created"
        if stored.sha256 == parsed.sha256:
            return stored, "unchanged"
        if stored.is_used():
            raise FrameworkConflict(
                f"{parsed.key} v{parsed.version} is already used by assessments and its content "
                f"differs from the stored one (sha256 {stored.sha256[:12]}… vs "
                f"{parsed.sha256[:12]}…). Give the changed bank a new version number."
            )
        stored.title = parsed.title
        stored.document = parsed.document
        stored.sha256 = parsed.sha256
        stored.builtin = builtin
        stored.save(update_fields=["title", "document", "sha256", "builtin"])
        return stored, "updated"
