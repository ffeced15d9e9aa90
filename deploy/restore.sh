#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh: deploy/restore.sh BACKUP_FOLDER
# Stop the web server, the worker and tick first. Replaces the database (PostgreSQL: pg_restore
# --clean in one transaction; SQLite: the file) and the data directory (all but static/, which
# stays as collectstatic made it), then runs migrate (for a backup of an older release).
set -euo pipefail
cd "$(dirname "$0")/.."
backup="${1:?usage: deploy/restore.sh BACKUP_FOLDER}"
PYTHON="${PYTHON:-.venv/bin/python}"
DATA_DIR="${KEURMERK_DATA_DIR:-var}"
[ -f "$backup/data.tar.gz" ] || { echo "FAIL: $backup/data.tar.gz is missing" >&2; exit 1; }

if [ -n "${DATABASE_URL:-}" ]; then
  [ -f "$backup/database.dump" ] || { echo "FAIL: $backup/database.dump is missing" >&2; exit 1; }
  pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" "$backup/database.dump"
else
  [ -f "$backup/database.sqlite3" ] || { echo "FAIL: $backup/database.sqlite3 is missing" >&2; exit 1; }
  db="${SQLITE_PATH:-$DATA_DIR/keurmerk.sqlite3}"
  rm -f "$db-wal" "$db-shm"
  cp "$backup/database.sqlite3" "$db.restoring" && mv "$db.restoring" "$db"
fi

mkdir -p "$DATA_DIR"
find "$DATA_DIR" -mindepth 1 -maxdepth 1 ! -name static ! -name 'keurmerk.sqlite3*' -exec rm -rf {} +
tar -C "$DATA_DIR" -xzf "$backup/data.tar.gz"
"$PYTHON" manage.py migrate --noinput
echo "restored from $backup"
