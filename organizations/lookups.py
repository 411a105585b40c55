"""The name search's lookup: `search_name__wordstart="van an"`.

A name matches when the text begins one of its words: "nguyen van" and "van an" find Nguyễn
Văn An, "an" finds An and Anh (not Lan). The folded name's words are one space apart
(organizations.vietnamese.fold), so the text begins a word when it begins the name or follows a
space.

On PostgreSQL each condition reads an ordered index of the name from one of its words (the
first five words and the last, migration 0013: every word of a name of up to six words), so a
search reads the names that match and no others, however many people the province holds. A
trigram index could only answer from the lists of people whose names hold each three letters,
which for "nguyen" and "van" are a third of the province each (docs/performance.md, "Name
search by the start of a word"). Elsewhere (SQLite, for `make run`) two `LIKE` conditions.
"""

import re

from django.db.models import Lookup

# How many words each of the name's indexes skips: the name itself, from its 2nd to its 5th
# word. Written exactly as in the indexes (migration 0013), so that PostgreSQL matches them.
SKIPPED_WORDS = (1, 2, 3, 4)
# A name of fewer words has none (NULL), so each index holds the names long enough for it.
FROM_WORD = "substring(%s, '^(?:\\S+ ){%d}(.*)$')"
# The name's last word, when it has several.
LAST_WORD = "substring(%s, ' (\\S+)$')"
# A word of a folded name, as PostgreSQL's "simple" text search splits it (no operator of its
# query language ever reaches it: `&`, `|`, `!`, `:`, quotes are not words).
WORD = re.compile(r"[0-9a-z]+")


class WordStart(Lookup):
    """Registered on `Person.search_name` only (organizations.models)."""

    lookup_name = "wordstart"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        text = connection.ops.prep_for_like_query(str(self.rhs))
        conditions = [f"{lhs} LIKE %s ESCAPE '\\'", f"{lhs} LIKE %s ESCAPE '\\'"]
        return "(" + " OR ".join(conditions) + ")", [
            *lhs_params,
            f"{text}%",
            *lhs_params,
            f"% {text}%",
        ]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        text = connection.ops.prep_for_like_query(str(self.rhs))
        columns = [lhs, *(FROM_WORD % (lhs, n) for n in SKIPPED_WORDS), LAST_WORD % lhs]
        # PostgreSQL's LIKE escapes with a backslash; a pattern of constant start reads an
        # index built with the pattern operator class.
        sql = " OR ".join(f"{column} LIKE %s" for column in columns)
        return f"({sql})", [param for _ in columns for param in (*lhs_params, f"{text}%")]


class Words(Lookup):
    """`search_name__words="khoa hoc"`: the folded name holds these words in this order, the last
    one begun ("khoa h" finds "Phòng Quản lý khoa học"). Registered on `Unit.search_name`.

    On PostgreSQL a phrase query (`khoa <-> h:*`) of the name's words, which one index answers
    (organizations' migration 0016): the units that hold the words are read, and no others. The
    trigram index it replaces read the lists of units holding each three letters of the text,
    and names of units share most of them ("phong", "so", "cong doan"): 3 ms a search at 12,000
    units whatever was typed (docs/performance.md, the tenth round). Elsewhere (SQLite, for
    `make run`) the text begins the name or one of its words, as `wordstart`.
    """

    lookup_name = "words"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        return WordStart(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        words = WORD.findall(str(self.rhs))
        if not words:
            return "FALSE", []
        phrase = " <-> ".join([*words[:-1], f"{words[-1]}:*"])
        # Written as the index is (migration 0016), so that PostgreSQL matches it.
        return (
            f"to_tsvector('simple'::regconfig, ({lhs})::text) @@ "
            "to_tsquery('simple'::regconfig, %s)",
            [*lhs_params, phrase],
        )
