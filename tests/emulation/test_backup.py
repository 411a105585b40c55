"""`manage.py backup` and `manage.py restore`: the demo goes out and comes back row for row and
file for file; restore refuses what it must, and a refused or failed restore leaves the database
and MEDIA_ROOT as they were.

The round trip is a transactional test: restore commits, and needs an empty database, which
`flush` gives. Flush empties every table, then sends post_migrate: Django puts back the content
types and permissions, tests/conftest.py the role groups, the catalogue, the rule sets and the
public holidays. That is a freshly migrated database but for the history of what was put back,
which the test deletes. The other tests
restore a small archive inside the test's own transaction: the test database, freshly migrated,
counts as empty.
"""

import hashlib
import io
import json
import shutil
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import transaction

from awards.models import Award, Rule, RuleSet
from emulation import backup
from organizations import roles
from organizations.models import Person, Unit
from tests.emulation.conftest import FAST_HASHERS
from tests.factories import PersonFactory, UnitFactory, UserFactory
from tests.uploads import PDF_BYTES


def run_backup(*args) -> str:
    out = StringIO()
    call_command("backup", *args, stdout=out)
    return out.getvalue()


def run_restore(archive) -> str:
    out = StringIO()
    call_command("restore", str(archive), stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list]:
    """Return every row of every table (link tables included), sessions aside.

    Content types and permissions are compared by natural key, and so is every reference to
    them: restore merges them into the target's, which numbers them its own way.
    """
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model is Session or not model._meta.managed:  # django-rq's dashboard has no table
            continue
        names = []
        for field in model._meta.concrete_fields:
            if field.primary_key and (model in backup.MERGED_MODELS or model._meta.auto_created):
                continue
            if field.related_model is ContentType:
                names += [f"{field.name}__app_label", f"{field.name}__model"]
            elif field.related_model is Permission:
                names += [
                    f"{field.name}__{name}"
                    for name in ("codename", "content_type__app_label", "content_type__model")
                ]
            else:
                names.append(field.attname)
        rows[model._meta.label_lower] = sorted(model._base_manager.values_list(*names), key=repr)
    return rows


def files_under(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def upload(root: Path, relative: str, data: bytes = PDF_BYTES) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.mark.django_db(transaction=True)
def test_the_demo_comes_back_row_for_row_and_file_for_file(settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = media_root = tmp_path / "media"
    call_command("load_demo", stdout=StringIO())
    upload(media_root, "campaigns/2020/Kế hoạch thi đua.pdf")  # beside the demo's signed reports
    rows, files = snapshot(), files_under(media_root)
    assert len(files) > 1 and rows["auth.user"] and rows["organizations.historicalperson"]
    archive = tmp_path / "backup.tar.gz"

    out = run_backup(str(archive))

    total = sum(len(rows[model._meta.label_lower]) for model in backup.dumped_models())
    assert f"Backup written to {archive}: {total} rows" in out
    assert f"{len(files)} media files" in out
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds password hashes
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["migrations"] == backup.migration_state()
    assert manifest["rows"]["organizations.person"] == len(rows["organizations.person"])
    assert "sessions.session" not in manifest["rows"]
    listed = {entry["path"]: entry["sha256"] for entry in manifest["media"]}
    assert listed == {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}

    call_command("flush", interactive=False)
    shutil.rmtree(media_root)
    # tests/conftest.py puts the rule sets back through the models, which record their history;
    # the migrations do not.
    RuleSet.history.all().delete()
    Rule.history.all().delete()
    Award.history.all().delete()
    # What the migrations wrote is back (see the docstring), and nothing else.
    assert Group.objects.exists() and Award.objects.exists() and ContentType.objects.exists()
    assert backup.data_in_the_way() == {}

    out = run_restore(archive)

    assert f"{total} rows" in out and f"{len(files)} media files" in out
    assert snapshot() == rows
    assert files_under(media_root) == files
    # New rows take ids after the restored ones (PostgreSQL's sequences were reset by flush).
    unit, user = UnitFactory(), UserFactory()
    assert unit.pk > max(Unit.objects.exclude(pk=unit.pk).values_list("pk", flat=True))
    assert user.pk > max(User.objects.exclude(pk=user.pk).values_list("pk", flat=True))
    history = Unit.history.model.objects.exclude(id=unit.pk).values_list("history_id", flat=True)
    assert unit.history.get().history_id > max(history)


# A small archive, restored inside the test's transaction ---------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def archive(db, media_root, tmp_path):
    """An archive of one agency, its officer and two uploads, made in a transaction rolled back
    afterwards: the database and MEDIA_ROOT are empty again."""
    path = tmp_path / "backup.tar.gz"
    with transaction.atomic():
        user = UserFactory(username="alice", roles=[roles.OFFICER, roles.STAFF])
        PersonFactory(code="ALICE", unit=UnitFactory(code="SKHCN"), user=user)
        upload(media_root, "nominations/2020/to-trinh.pdf")
        upload(media_root, "campaigns/Kế hoạch.pdf", b"ke hoach")
        run_backup(str(path))
        transaction.set_rollback(True)
    shutil.rmtree(media_root)
    return path


def rewrite(archive: Path, change) -> None:
    """Rewrite the archive after `change(members, manifest)` edits its members (name -> bytes)."""
    with tarfile.open(archive) as tar:
        members = {member.name: tar.extractfile(member).read() for member in tar}
    manifest = json.loads(members.pop("manifest.json"))
    change(members, manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def checksum(data: bytes) -> dict:
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def test_it_restores_into_a_freshly_migrated_database(archive, media_root):
    assert backup.data_in_the_way() == {}, "a data migration fills a model: see REFERENCE_MODELS"

    out = run_restore(archive)

    assert "2 media files" in out
    alice = Person.objects.get(code="ALICE")
    assert alice.unit.code == "SKHCN"
    assert set(alice.user.groups.values_list("name", flat=True)) == {roles.OFFICER, roles.STAFF}
    assert files_under(media_root) == {
        "campaigns/Kế hoạch.pdf": b"ke hoach",
        "nominations/2020/to-trinh.pdf": PDF_BYTES,
    }


def refused(archive, match):
    """Assert that restoring the archive fails with `match`, changing nothing."""
    rows, files = snapshot(), files_under(Path(settings.MEDIA_ROOT))
    with pytest.raises(CommandError, match=match):
        run_restore(archive)
    assert snapshot() == rows
    assert files_under(Path(settings.MEDIA_ROOT)) == files


def test_it_refuses_a_database_that_holds_data(archive):
    UserFactory(username="zoe")
    refused(archive, r"already holds data \(auth.user: 1\).*run `manage.py migrate`")


@pytest.mark.parametrize("member", ["database.jsonl", "media/nominations/2020/to-trinh.pdf"])
def test_it_refuses_a_damaged_archive(archive, member):
    def damage(members, manifest):
        members[member] = members[member].replace(b"a", b"b", 1)

    rewrite(archive, damage)
    refused(archive, f"{member} does not match its checksum")


@pytest.mark.parametrize("path", ["../outside.pdf", "nominations/../../outside.pdf", "/tmp/x.pdf"])
def test_it_refuses_a_file_that_would_land_outside_media_root(archive, media_root, path):
    def smuggle(members, manifest):
        members["media/" + path] = PDF_BYTES
        manifest["media"].append({"path": path, **checksum(PDF_BYTES)})

    rewrite(archive, smuggle)
    refused(archive, "would land outside MEDIA_ROOT")
    assert not (media_root.parent / "outside.pdf").exists()
    assert not Path("/tmp/x.pdf").exists()


def test_it_refuses_an_archive_of_other_migrations(archive):
    def older(members, manifest):
        manifest["migrations"]["awards"] = "0001_initial"

    rewrite(archive, older)
    current = backup.migration_state()["awards"]
    refused(
        archive, rf"another schema version \(awards: archive 0001_initial, database {current}\)"
    )


def test_it_never_overwrites_a_file(archive, media_root):
    upload(media_root, "nominations/2020/to-trinh.pdf", b"mine")
    refused(archive, "to-trinh.pdf already exists")
    assert (media_root / "nominations/2020/to-trinh.pdf").read_bytes() == b"mine"


def test_a_restore_failing_halfway_leaves_nothing(archive, media_root):
    def break_a_row(members, manifest):
        lines = members["database.jsonl"].decode().splitlines()
        for number, line in enumerate(lines):
            row = json.loads(line)
            if row["model"] == "organizations.person":
                row["fields"]["unit"] = 999_999  # no such unit
                lines[number] = json.dumps(row)
        members["database.jsonl"] = "\n".join(lines).encode()
        manifest["database"].update(checksum(members["database.jsonl"]))

    rewrite(archive, break_a_row)
    # The files go in first, then the rows; the broken row undoes both.
    refused(archive, "The restore failed and was undone")
    assert not media_root.exists()


def test_backup_writes_a_timestamped_archive_here_and_never_overwrites(
    db, media_root, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    run_backup()
    (written,) = tmp_path.glob("emulation-backup-*.tar.gz")
    with pytest.raises(CommandError, match="already exists"):
        run_backup(str(written))
    with pytest.raises(CommandError, match="outside MEDIA_ROOT"):
        run_backup(str(media_root / "backup.tar.gz"))
    assert [path.name for path in tmp_path.iterdir()] == [written.name]
