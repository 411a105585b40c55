"""The numbers of the agency's documents (số văn bản): one yearly sequence per agency and kind of
document ("15/QĐ-SKHCN"), taken in the transaction that issues the document, so a number is
never used twice and never skipped (Nghị định 30/2020/NĐ-CP: documents are numbered in one
sequence per year, from 01 on 1 January)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentSequence(models.Model):
    """The last number an agency gave a kind of document in a year."""

    class Kind(models.TextChoices):
        DECISION = "QĐ", _("Decision (Quyết định)")
        SUBMISSION = "TTr", _("Submission (Tờ trình)")

    agency = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="document_sequences",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind of document"), max_length=8, choices=Kind.choices)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document number sequence")
        verbose_name_plural = _("document number sequences")
        ordering = ["agency", "-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "kind"], name="document_sequence_once"
            ),
        ]

    def __str__(self):
        return f"{self.agency.code} {self.year} {self.kind}: {self.last_number}"

    def symbol(self, number: int) -> str:
        """Return the number and symbol of a document: "15/QĐ-SKHCN"."""
        return f"{number:02d}/{self.kind}-{self.agency.code}"
