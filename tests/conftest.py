"""Shared fixtures: the shipped frameworks and a user per role.

Later modules extend `users` with their roles (provider member, outsider from another
organisation, assessor, director, insurer); every permission test runs over all of them.
"""

from pathlib import Path

import pytest
from django.conf import settings

FRAMEWORK_DATA = Path(settings.BASE_DIR) / "keurmerk" / "frameworks" / "data"
SEED_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def framework_text(year):
    return (FRAMEWORK_DATA / f"keurmerk-{year}.yaml").read_text(encoding="utf-8")


@pytest.fixture
def framework_2022(db):
    from keurmerk.frameworks.services import framework_import

    return framework_import(text=framework_text(2022))[0]


@pytest.fixture
def framework_2024(db):
    from keurmerk.frameworks.services import framework_import

    return framework_import(text=framework_text(2024))[0]


@pytest.fixture
def frameworks(framework_2022, framework_2024):
    return {2022: framework_2022, 2024: framework_2024}


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_user(
        username="beheer@kibg.test", email="beheer@kibg.test", password="pw-beheer-123",
        is_staff=True, is_superuser=True,
    )  # fmt: skip


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
