"""Which storage holds uploads, chosen by the environment (there is no S3 server here:
these tests check the choice, in a fresh process, and nothing beyond it)."""

import json

from cophub.ops.tests.ops_helpers import python

SHOW = (
    "import json, django; django.setup()\n"
    "from django.core.files.storage import storages\n"
    "d = storages['default']\n"
    "print(json.dumps({'class': type(d).__module__ + '.' + type(d).__name__,\n"
    "  'bucket': getattr(d, 'bucket_name', None), 'endpoint': getattr(d, 'endpoint_url', None),\n"
    "  'key': getattr(d, 'access_key', None), 'secret': getattr(d, 'secret_key', None),\n"
    "  'signed': getattr(d, 'querystring_auth', None),\n"
    "  'overwrite': getattr(d, 'file_overwrite', None), 'location': str(getattr(d, 'location', ''))}))\n"
)


def test_filesystem_under_media_root_by_default(tmp_path):
    shown = json.loads(python(SHOW, env={"COPHUB_VAR_DIR": str(tmp_path)}).stdout)
    assert shown["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert shown["location"] == str(tmp_path / "media")


def test_s3_with_secrets_from_files(tmp_path):
    (tmp_path / "key").write_text("AKIAEXAMPLEKEY\n")
    (tmp_path / "secret").write_text("s3cr3t-from-a-file\n")
    env = {
        "STORAGE_BACKEND": "s3",
        "S3_BUCKET": "cophub-uploads",
        "S3_ENDPOINT_URL": "https://s3.example.go.th",
        "S3_ACCESS_KEY_ID_FILE": str(tmp_path / "key"),
        "S3_SECRET_ACCESS_KEY_FILE": str(tmp_path / "secret"),
    }
    shown = json.loads(python(SHOW, env=env).stdout)
    assert shown["class"] == "storages.backends.s3.S3Storage"
    assert shown["bucket"] == "cophub-uploads"
    assert shown["endpoint"] == "https://s3.example.go.th"
    assert shown["key"] == "AKIAEXAMPLEKEY" and shown["secret"] == "s3cr3t-from-a-file"
    assert shown["signed"] is True and shown["overwrite"] is False


def test_s3_keys_from_the_environment():
    env = {
        "STORAGE_BACKEND": "s3",
        "S3_BUCKET": "b",
        "S3_ACCESS_KEY_ID": "id-from-env",
        "S3_SECRET_ACCESS_KEY": "secret-from-env",
    }
    shown = json.loads(python(SHOW, env=env).stdout)
    assert shown["class"] == "storages.backends.s3.S3Storage"
    assert (shown["key"], shown["secret"]) == ("id-from-env", "secret-from-env")


def test_s3_without_a_bucket_refuses_to_start():
    done = python("import cophub.settings", env={"STORAGE_BACKEND": "s3"}, check=False)
    assert done.returncode != 0
    assert "STORAGE_BACKEND=s3 needs S3_BUCKET" in done.stderr


def test_unknown_storage_backend_refuses_to_start():
    done = python("import cophub.settings", env={"STORAGE_BACKEND": "ftp"}, check=False)
    assert done.returncode != 0
    assert "STORAGE_BACKEND must be 'filesystem' or 's3'" in done.stderr
