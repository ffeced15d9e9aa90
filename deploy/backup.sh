#!/usr/bin/env bash
# Back up the database and the data directory into a new folder under BACKUP_DIR (default
# ./backups): database.dump (PostgreSQL, pg_dump custom format) or database.sqlite3 (SQLite,
# online backup: safe while the site runs), and data.tar.gz (uploads, mirror data, private files;
# not static/, which collectstatic rebuilds). Prints the folder. Restore with deploy/restore.sh.
# Reads the same environment as the site: DATABASE_URL, KEURMERK_DATA_DIR, SQLITE_PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
DATA_DIR="${KEURMERK_DATA_DIR:-var}"
BACKUP_DIR="${BACKUP_DIR:-backups}"
target="$BACKUP_DIR/keurmerk-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$target"

if [ -n "${DATABASE_URL:-}" ]; then
  pg_dump --format=custom --no-owner --file="$target/database.dump" "$DATABASE_URL"
else
  "$PYTHON" - "${SQLITE_PATH:-$DATA_DIR/keurmerk.sqlite3}" "$target/database.sqlite3" <<'PY'
import sqlite3, sys
source, copy = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with copy:
    source.backup(copy)
copy.close()
source.close()
PY
fi
tar -C "$DATA_DIR" --exclude=./static --exclude='./keurmerk.sqlite3*' -czf "$target/data.tar.gz" .
echo "$target"
