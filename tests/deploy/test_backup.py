"""deploy/backup.sh and deploy/restore.sh as docs/deploy.md runs them: what was backed up comes back,
what was changed afterwards is gone (on SQLite, and on PostgreSQL when the suite runs there)."""

import json
import subprocess

from tests.deploy.production import BASE_DIR, fresh_database, manage, production_env

WRITE = """
from keurmerk.notifications.services import notify
from tests.conftest import make_user
make_user("lid@amstel.test", "provider")
notify(email="lid@amstel.test", subject="Voor de back-up", body="Tekst")
"""
CHANGE = """
from keurmerk.accounts.models import User
from keurmerk.notifications.services import notify
User.objects.filter(email="lid@amstel.test").delete()
notify(email="ander@example.nl", subject="Na de back-up", body="Tekst")
"""
READ = """
import json
from keurmerk.accounts.models import User
from keurmerk.notifications.models import Notification
print(json.dumps({
    "users": list(User.objects.values_list("email", flat=True)),
    "subjects": list(Notification.objects.order_by("subject").values_list("subject", flat=True)),
}))
"""


def _read(env):
    return json.loads(manage(env, "shell", "-c", READ).stdout.strip().splitlines()[-1])


def _script(env, name, *args):
    result = subprocess.run(  # noqa: S603 - our own scripts
        [str(BASE_DIR / "deploy" / name), *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_backup_then_restore_brings_database_and_files_back(tmp_path):
    data_dir = tmp_path / "data"
    with fresh_database(tmp_path) as database_url:
        env = production_env(data_dir, database_url, BACKUP_DIR=str(tmp_path / "backups"))
        manage(env, "migrate", "--noinput")
        manage(env, "shell", "-c", WRITE)
        attachment = data_dir / "private" / "bijlage.pdf"
        attachment.parent.mkdir(parents=True)
        attachment.write_bytes(b"%PDF-1.7 inhoud")
        before = _read(env)
        assert before == {"users": ["lid@amstel.test"], "subjects": ["Voor de back-up"]}

        backup = _script(env, "backup.sh")
        manage(env, "shell", "-c", CHANGE)
        attachment.unlink()
        (data_dir / "private" / "later.pdf").write_bytes(b"%PDF later")
        assert _read(env) == {"users": [], "subjects": ["Na de back-up", "Voor de back-up"]}

        assert _script(env, "restore.sh", backup) == f"restored from {backup}"
        assert _read(env) == before
        assert attachment.read_bytes() == b"%PDF-1.7 inhoud"
        assert not (data_dir / "private" / "later.pdf").exists()
