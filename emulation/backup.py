"""Write the database and the uploaded files into one archive, and bring them back.

The archive is a .tar.gz holding, in this order:
- `database.jsonl`: every row of every model, one JSON object a line (Django's serialization);
- `media/<path>`: each file under MEDIA_ROOT;
- `manifest.json`: format version, Django version, the latest applied migration of each app, when
  it was made, the rows of each model, and the size and SHA-256 of the dump and of each file.

Rows keep their primary keys, so ids stored outside foreign keys (event targets, links in
notifications) still point at the right row. Content types and permissions are the exception: a
freshly migrated database has its own and numbers them its own way, so they travel by natural key
(`("awards", "nomination")`) and restore merges them into the target's. Sessions stay out: after
a restore everyone signs in again. The audit trail (django-simple-history's historical tables,
the admin log, django-axes' logs) is kept like any other table.

Restore refuses unless the target holds no data (a freshly migrated database: `REFERENCE_MODELS`
are what its data migrations wrote, and the archive's rows replace them), its migrations match
the archive's, every checksum matches and no file would land outside MEDIA_ROOT or on an existing
file. It then writes the files and loads the rows in one transaction; on any failure the
transaction is rolled back and the files written are removed.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import Prefetch
from django.utils import timezone

FORMAT = 1
DATABASE = "database.jsonl"
MANIFEST = "manifest.json"
MEDIA = "media/"

# Travel by natural key and are merged into the target's rows (see the module's docstring).
MERGED_MODELS = (ContentType, Permission)
# Left out of the archive, and emptied on restore: a session is a sign-in, not a record.
LEFT_OUT_MODELS = (Session,)
# What the data migrations write: a freshly migrated database holds these rows and still counts
# as empty; the archive's rows replace them. A data migration filling another model adds it here
# (tests/emulation/test_backup.py checks the list against the test database).
REFERENCE_MODELS = {
    "auth.group",  # organizations 0002: the role groups
    "awards.award",  # awards 0002: the catalogue
    "awards.ruleset",  # awards 0003 and later: the rule sets and their rules
    "awards.rule",
    "awards.publicholiday",  # awards 0015
}
CHUNK_SIZE = 2000
COPY_BUFFER = 1024 * 1024


# Said after a backup or a restore where uploads live in a bucket rather than under MEDIA_ROOT.
OBJECT_STORAGE_NOTICE = (
    "Uploads are kept in object storage (PORTAL_STORAGE=s3), not under MEDIA_ROOT: backup and "
    "restore carry the database only. Keep the bucket's files with its own versioning or "
    "replication (docs/deployment.md, Topology)."
)


def files_outside_media_root() -> bool:
    """Say whether uploads are stored elsewhere than MEDIA_ROOT (an S3 bucket)."""
    return not isinstance(storages["default"], FileSystemStorage)


class BackupError(Exception):
    """Raised when an archive cannot be written or restored; says why and what to do."""


@dataclass(frozen=True)
class Summary:
    """What a backup wrote or a restore brought back."""

    archive: Path
    rows: int
    models: int
    files: int
    media_bytes: int
    archive_bytes: int


def backup_create(*, path: str | Path | None = None) -> Summary:
    """Write the database and MEDIA_ROOT into a new archive at `path`; return what it holds.

    The archive is written under a temporary name beside `path` and renamed once complete, so
    a failed backup leaves no half archive. It holds password hashes: only its owner reads it.
    """
    archive = Path(path) if path else Path.cwd() / default_archive_name()
    media_root = Path(settings.MEDIA_ROOT)
    if archive.exists():
        raise BackupError(f"{archive} already exists; a backup never overwrites a file.")
    if archive.resolve().is_relative_to(media_root.resolve()):
        raise BackupError(f"Write the archive outside MEDIA_ROOT ({media_root}).")
    if not archive.parent.is_dir():
        raise BackupError(f"{archive.parent} is not a directory.")
    partial = archive.with_name(f".{archive.name}.partial")
    created = False
    with tempfile.TemporaryDirectory(prefix="backup-") as workdir:
        dump = Path(workdir) / DATABASE
        try:
            rows, migrations = _dump_database(dump)
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            created = True
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
            ):
                database = _add_file(tar, DATABASE, dump)
                media = [
                    _add_file(tar, MEDIA + relative, file)
                    for relative, file in _media_files(media_root)
                ]
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(timespec="seconds"),
                    "django": django.get_version(),
                    "database": {"vendor": connections[DEFAULT_DB_ALIAS].vendor, **database},
                    "migrations": migrations,
                    "rows": rows,
                    "media": media,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                _add_bytes(tar, MANIFEST, data)
            if archive.exists():
                raise BackupError(f"{archive} appeared while the backup ran; it is left alone.")
            partial.replace(archive)
        except (OSError, DatabaseError) as exc:
            raise BackupError(f"The backup failed and no archive was written: {exc}") from exc
        finally:
            if created:  # not another backup's, of the same name at the same second
                partial.unlink(missing_ok=True)
    return Summary(
        archive=archive,
        rows=sum(rows.values()),
        models=sum(1 for count in rows.values() if count),
        files=len(media),
        media_bytes=sum(entry["size"] for entry in media),
        archive_bytes=archive.stat().st_size,
    )


def backup_restore(*, path: str | Path) -> Summary:
    """Bring an archive's rows and files back into an empty database and MEDIA_ROOT.

    Everything is checked before anything is written; then the files and the rows go in
    together: on any failure nothing is left of either.
    """
    archive = Path(path)
    media_root = Path(settings.MEDIA_ROOT)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such archive.")
    with tempfile.TemporaryDirectory(prefix="restore-") as workdir:
        dump = Path(workdir) / DATABASE
        manifest = _read_archive(archive, dump)
        _check_migrations(manifest["migrations"])
        _check_empty()
        targets = _media_targets(manifest["media"], media_root)
        written: list[Path] = []
        try:
            with transaction.atomic():
                _write_media(archive, targets, written)
                rows = _load_database(dump)
                if rows != {label: count for label, count in manifest["rows"].items() if count}:
                    # The checksum held, so the dump is as it was written: a bug, not damage.
                    raise BackupError("The rows loaded differ from the manifest's counts.")
        except BaseException as exc:
            _remove(written)
            if isinstance(exc, Exception) and not isinstance(exc, BackupError):
                raise BackupError(
                    f"The restore failed and was undone, nothing of it is left: {exc}"
                ) from exc
            raise
        finally:
            ContentType.objects.clear_cache()
    return Summary(
        archive=archive,
        rows=sum(rows.values()),
        models=len(rows),
        files=len(targets),
        media_bytes=sum(entry["size"] for entry in manifest["media"]),
        archive_bytes=archive.stat().st_size,
    )


def default_archive_name() -> str:
    """Return a name for tonight's archive, e.g. `emulation-backup-20260131-021500.tar.gz`."""
    return f"emulation-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"


def human_size(size: int) -> str:
    """Return a byte count for people: `812 bytes`, `4.2 MB`."""
    if size < 1024:
        return f"{size} bytes"
    for unit in ("KB", "MB"):
        size /= 1024
        if size < 1024:
            return f"{size:.1f} {unit}"
    return f"{size / 1024:.1f} GB"


def data_in_the_way() -> dict[str, int]:
    """Return the rows of each model that make the database not empty, for the refusal.

    A freshly migrated database holds content types, permissions and `REFERENCE_MODELS`;
    sessions do not count either (restore empties them).
    """
    found = {}
    for model in dumped_models():
        label = model._meta.label_lower
        if model in MERGED_MODELS or label in REFERENCE_MODELS:
            continue
        if model._base_manager.exists():
            found[label] = model._base_manager.count()
    return found


def dumped_models() -> list:
    """Return the models a backup holds, content types and permissions first."""
    others = [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model not in MERGED_MODELS
        and model not in LEFT_OUT_MODELS
    ]
    return [*MERGED_MODELS, *others]


def migration_state() -> dict[str, str]:
    """Return the latest applied migration of each app, e.g. {"awards": "0019_reward_rules"}."""
    loader = MigrationLoader(connections[DEFAULT_DB_ALIAS], ignore_no_migrations=True)
    depth = {}
    for node in loader.applied_migrations:
        if node in loader.graph.nodes:  # applied once, since deleted or squashed
            depth[node] = len(loader.graph.forwards_plan(node))
    latest = {}
    for app, name in sorted(depth, key=depth.get):
        latest[app] = name
    return dict(sorted(latest.items()))


# Backup ---------------------------------------------------------------------------------------


class _Encoder(DjangoJSONEncoder):
    """Write times to the microsecond; Django's encoder stops at the millisecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """Write references to content types and permissions by natural key, all others by pk.

    The natural keys come from a map read once, rather than a query per row.
    """

    def __init__(self, natural_keys):
        super().__init__()
        self.natural_keys = natural_keys
        self.rows = 0

    def handle_fk_field(self, obj, field):
        keys = self.natural_keys.get(field.related_model)
        if keys is None:
            return super().handle_fk_field(obj, field)
        value = getattr(obj, field.attname)
        self._current[field.name] = keys.get(value, value)

    def handle_m2m_field(self, obj, field):
        keys = self.natural_keys.get(field.related_model)
        if keys is None or not field.remote_field.through._meta.auto_created:
            return super().handle_m2m_field(obj, field)
        related = obj._prefetched_objects_cache[field.name]
        self._current[field.name] = [keys[row.pk] for row in related]

    def end_object(self, obj):
        super().end_object(obj)
        self.rows += 1


def _dump_database(dump: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Write every row to `dump` from one snapshot; return the rows per model and migrations."""
    connection = connections[DEFAULT_DB_ALIAS]
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # One snapshot for every table: rows written meanwhile are all in or all out.
            # (SQLite's read transaction already holds one, keeping writers out until it ends.)
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        migrations = migration_state()
        natural_keys = {
            ContentType: {row.pk: row.natural_key() for row in ContentType.objects.all()},
            Permission: {
                row.pk: row.natural_key()
                for row in Permission.objects.select_related("content_type")
            },
        }
        rows = {}
        with open(dump, "w", encoding="utf-8") as stream:
            for model in dumped_models():
                serializer = _Serializer(natural_keys)
                serializer.serialize(
                    _rows_of(model),
                    stream=stream,
                    use_natural_primary_keys=model in MERGED_MODELS,
                    cls=_Encoder,
                )
                rows[model._meta.label_lower] = serializer.rows
    return rows, migrations


def _rows_of(model):
    """Return every row of `model` in pk order, in chunks, with the pks of its many-to-many."""
    many_to_many = [
        Prefetch(field.name, queryset=field.related_model._base_manager.only("pk"))
        for field in model._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    queryset = model._base_manager.order_by("pk").prefetch_related(*many_to_many)
    return queryset.iterator(chunk_size=CHUNK_SIZE)


def _media_files(root: Path):
    """Yield (relative POSIX path, path) of each file under `root`, in a stable order."""
    if not root.is_dir():
        return
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            file = Path(directory) / name
            if file.is_file():  # not a socket, nor a link to nowhere
                yield file.relative_to(root).as_posix(), file


class _HashingReader:
    """Read a file through, counting and hashing what was read."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def hexdigest(self) -> str:
        return self.sha256.hexdigest()


def _add_file(tar: tarfile.TarFile, name: str, file: Path) -> dict:
    """Add a file to the archive, reading it once; return its path, size and SHA-256."""
    with open(file, "rb") as raw:
        status = os.fstat(raw.fileno())
        info = tarfile.TarInfo(name)
        info.size = status.st_size
        info.mtime = int(status.st_mtime)
        info.mode = 0o640
        reader = _HashingReader(raw)
        tar.addfile(info, reader)
    return {"path": name.removeprefix(MEDIA), "size": reader.size, "sha256": reader.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o640
    tar.addfile(info, io.BytesIO(data))


# Restore --------------------------------------------------------------------------------------


def _open(archive: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(archive, mode="r:gz")
    except (OSError, EOFError, zlib.error, tarfile.TarError) as exc:
        raise BackupError(f"{archive} is not a backup archive ({exc}).") from exc


def _read_archive(archive: Path, dump: Path) -> dict:
    """Check the archive against its manifest and copy its database dump to `dump`.

    Every member is read once: the names must be ours, the files regular, and each size and
    SHA-256 must match the manifest's. Return the manifest.
    """
    found = {}
    manifest = None
    try:
        with _open(archive) as tar:
            for member in tar:
                name = member.name
                if name in found or (name == MANIFEST and manifest is not None):
                    raise BackupError(f"The archive holds {name} twice.")
                if not member.isfile():
                    raise BackupError(f"The archive's {name} is not a regular file.")
                if name not in (DATABASE, MANIFEST):
                    _media_relative(name)  # raises for a foreign or escaping name
                source = tar.extractfile(member)
                if name == MANIFEST:
                    manifest = _parse_manifest(source.read())
                    continue
                reader = _HashingReader(source)
                if name == DATABASE:
                    with open(dump, "wb") as target:
                        shutil.copyfileobj(reader, target, COPY_BUFFER)
                else:
                    while reader.read(COPY_BUFFER):
                        pass
                found[name] = {"size": reader.size, "sha256": reader.hexdigest()}
    except (OSError, EOFError, zlib.error, tarfile.TarError) as exc:
        raise BackupError(f"{archive} cannot be read to its end ({exc}).") from exc
    if manifest is None:
        raise BackupError(f"{archive} has no {MANIFEST}: it is not a backup of this portal.")
    expected = {DATABASE: _checksum(manifest["database"])}
    for entry in manifest["media"]:
        _media_relative(MEDIA + entry["path"])
        expected[MEDIA + entry["path"]] = _checksum(entry)
    for name in sorted(expected.keys() | found.keys()):
        if name not in found:
            raise BackupError(f"The archive lacks {name}, which its manifest lists.")
        if name not in expected:
            raise BackupError(f"The archive holds {name}, which its manifest does not list.")
        if found[name] != expected[name]:
            raise BackupError(
                f"The archive's {name} does not match its checksum: the archive is damaged or "
                "was altered. Restore from another copy."
            )
    return manifest


def _parse_manifest(data: bytes) -> dict:
    """Return the manifest once its shape is checked, so that nothing later trips on it."""
    try:
        manifest = json.loads(data)
        if manifest.get("format") != FORMAT:
            raise BackupError(
                f"The archive is in format {manifest.get('format')!r}; this version of the "
                f"portal reads format {FORMAT}."
            )
        files = [manifest["database"], *manifest["media"]]
        valid = (
            all(isinstance(entry["size"], int) for entry in files)
            and all(isinstance(entry["sha256"], str) for entry in files)
            and all(isinstance(entry["path"], str) for entry in manifest["media"])
            and all(isinstance(name, str) for name in manifest["migrations"].values())
            and all(isinstance(count, int) for count in manifest["rows"].values())
        )
        if not valid:
            raise ValueError("a field has the wrong type")
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise BackupError(f"The archive's {MANIFEST} cannot be read ({exc!r}).") from exc
    paths = [entry["path"] for entry in manifest["media"]]
    if len(set(paths)) != len(paths):
        raise BackupError(f"The archive's {MANIFEST} lists a file twice.")
    return manifest


def _checksum(entry: dict) -> dict:
    return {"size": entry["size"], "sha256": entry["sha256"]}


def _media_relative(name: str) -> PurePosixPath:
    """Return a media member's path below MEDIA_ROOT; refuse one that could land elsewhere."""
    relative = name.removeprefix(MEDIA) if name.startswith(MEDIA) else None
    if relative is None:
        raise BackupError(f"The archive holds {name!r}, which is not part of a backup.")
    path = PurePosixPath(relative)
    if (
        not relative
        or path.is_absolute()
        or ".." in path.parts
        or str(path) != relative  # "a//b", "./a": not as a backup writes them
        or "\\" in relative
        or "\0" in relative
    ):
        raise BackupError(f"The archive's file {name!r} would land outside MEDIA_ROOT.")
    return path


def _check_migrations(archived: dict[str, str]) -> None:
    current = migration_state()
    if archived == current:
        return
    differences = [
        f"{app}: archive {archived.get(app, 'none')}, database {current.get(app, 'none')}"
        for app in sorted(archived.keys() | current.keys())
        if archived.get(app) != current.get(app)
    ]
    raise BackupError(
        "The archive comes from another schema version (" + "; ".join(differences) + "). "
        "Restore with the portal's version that made it, into a database migrated to the same "
        "migrations."
    )


def _check_empty() -> None:
    found = data_in_the_way()
    if found:
        rows = ", ".join(f"{label}: {count}" for label, count in list(found.items())[:5])
        if len(found) > 5:
            rows += f" and {len(found) - 5} more tables"
        raise BackupError(
            f"The database already holds data ({rows}); restore only fills an empty database. "
            "Create a new database, run `manage.py migrate` on it, and restore into that."
        )


def _media_targets(entries: list[dict], media_root: Path) -> dict[str, tuple[Path, dict]]:
    """Return where each member goes; refuse a path that escapes MEDIA_ROOT or an existing file."""
    root = media_root.resolve()
    targets = {}
    for entry in entries:
        target = media_root.joinpath(*_media_relative(MEDIA + entry["path"]).parts)
        # A link inside MEDIA_ROOT could still lead out of it.
        if not target.resolve().is_relative_to(root):
            raise BackupError(
                f"The archive's file {entry['path']!r} would land outside MEDIA_ROOT."
            )
        if target.exists() or target.is_symlink():
            raise BackupError(
                f"{target} already exists; restore never overwrites a file. Restore into an "
                "empty MEDIA_ROOT."
            )
        targets[MEDIA + entry["path"]] = (target, entry)
    return targets


def _write_media(archive: Path, targets: dict[str, tuple[Path, dict]], written: list) -> None:
    """Write the archive's files to their targets, appending each file and directory made."""
    with _open(archive) as tar:
        for member in tar:
            if member.name not in targets:
                continue
            target, entry = targets[member.name]
            _make_directories(target.parent, written)
            reader = _HashingReader(tar.extractfile(member))
            with open(target, "xb") as stream:  # "x": never over a file that appeared since
                written.append(target)
                shutil.copyfileobj(reader, stream, COPY_BUFFER)
            if _checksum(entry) != {"size": reader.size, "sha256": reader.hexdigest()}:
                raise BackupError(f"The archive's {member.name} changed while it was restored.")


def _make_directories(directory: Path, written: list) -> None:
    missing = []
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for path in reversed(missing):
        path.mkdir()
        written.append(path)


def _remove(written: list[Path]) -> None:
    """Remove the files and directories a failed restore made, deepest first."""
    for path in reversed(written):
        if path.is_dir():
            path.rmdir()
        else:
            path.unlink(missing_ok=True)


def _load_database(dump: Path) -> dict[str, int]:
    """Replace the tables' rows with the dump's; return the rows loaded per model.

    Runs inside the caller's transaction. Foreign keys are checked once at the end, so rows may
    come in any order.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    _empty_tables(connection)
    ContentType.objects.clear_cache()
    rows = Counter()
    with open(dump, encoding="utf-8") as stream:
        for row in serializers.deserialize("jsonl", stream, using=connection.alias):
            model = type(row.object)
            # Merged rows are updated or added by natural key; every other table is empty.
            row.save(using=connection.alias, force_insert=model not in MERGED_MODELS)
            rows[model._meta.label_lower] += 1
    connection.check_constraints()
    # New rows must get ids after the restored ones (PostgreSQL's sequences do not follow
    # inserted ids; SQLite's AUTOINCREMENT does, and this returns nothing there).
    statements = connection.ops.sequence_reset_sql(no_style(), _with_link_tables(dumped_models()))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return dict(rows)


def _with_link_tables(models: list) -> list:
    """Return the models and the link tables of their many-to-many fields."""
    links = [
        field.remote_field.through
        for model in models
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    return [*models, *links]


def _empty_tables(connection) -> None:
    """Empty every table the dump fills (the reference rows) and the sessions."""
    models = [model for model in [*dumped_models(), *LEFT_OUT_MODELS] if model not in MERGED_MODELS]
    tables = sorted({model._meta.db_table for model in _with_link_tables(models)})
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False)
    connection.ops.execute_sql_flush(statements)
