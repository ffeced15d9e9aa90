"""Test settings: the project's settings with a fast password hasher and in-memory e-mail."""

import os

# A fixed audit key, so that the suite writes no key file; the real one comes from the environment.
os.environ.setdefault("KEURMERK_AUDIT_KEY", "test-audit-key-not-secret-0123456789abcdef")

from keurmerk.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
