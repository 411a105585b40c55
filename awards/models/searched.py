"""A title kept folded beside itself, searched by its words (organizations.lookups.Words)."""

from django.db import models

from organizations.vietnamese import fold


class TitleSearched(models.Model):
    """A model whose `title` is kept folded in `search_title` (a field the model declares, at
        its own length), written by every save, so that the database searches it by its words
    (register `organizations.lookups.Words` on that field)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_title = fold(self.title)
        if kwargs.get("update_fields") is not None and "title" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_title"}
        super().save(*args, **kwargs)
