"""English is the second language: every message in the English catalogue has a translation."""

from pathlib import Path

import polib
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "keurmerk" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_english_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))
    open_entries = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert open_entries == []
    assert len(catalogue.translated_entries()) > 1000
