"""The mirror report in a real browser: a member uploads a file, reads the summary, opens the
report; every page passes axe."""

import pytest
from playwright.sync_api import expect

from tests.mirror.conftest import TRAJECTORY_HEADER, csv_bytes, run_worker, trajectory

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def mirror_dir(settings, tmp_path):
    settings.MIRROR_DATA_DIR = tmp_path / "mirror"
    return settings.MIRROR_DATA_DIR


def test_member_uploads_sees_summary_and_opens_report(
    transactional_db, live_server, users, org_a, framework_2024, mirror_dir, page, tmp_path
):
    rows = [trajectory(f"t{i}", f"c{i}", "2024-01-15", "15-05-2024", 400 + i, 2, "kort") for i in range(12)]
    path = tmp_path / "trajecten.csv"
    path.write_bytes(csv_bytes(TRAJECTORY_HEADER + ["regio"], [r + ["Utrecht"] for r in rows], sep=";"))

    page.goto(f"{live_server.url}/spiegel/")
    sign_in(page, users["member"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Spiegelrapportage · Praktijk Amstel")
    assert_accessible(page)

    page.get_by_label("Behandeltrajecten").check()
    page.get_by_label("Bestand").set_input_files(str(path))
    page.get_by_role("button", name="Aanleveren").click()

    expect(page.get_by_role("status")).to_contain_text("Deze pagina ververst zichzelf")
    assert_accessible(page)
    run_worker()  # the background worker reads the file; the page refreshes itself
    expect(page.get_by_role("heading", level=1)).to_have_text("Samenvatting aanlevering")
    expect(page.get_by_role("main")).to_contain_text("12 rijen gelezen")
    expect(page.get_by_role("main")).to_contain_text("regio")
    assert_accessible(page)

    page.get_by_role("link", name="Spiegelrapportage 2024").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spiegelrapportage 2024 · Praktijk Amstel")
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Directe tijd, gemiddeld", exact=True)
    )
    expect(section.get_by_role("img")).to_be_visible()
    expect(section.get_by_role("table")).to_contain_text("405,5 min")
    expect(section.get_by_role("table")).to_contain_text("540 min")
    assert_accessible(page)


def test_refused_file_shows_the_problems(
    transactional_db, live_server, users, org_a, mirror_dir, page, tmp_path
):
    path = tmp_path / "fout.csv"
    path.write_bytes(csv_bytes(TRAJECTORY_HEADER, [trajectory("t1", "111222333", "2024-01-15", "")]))
    page.goto(f"{live_server.url}/spiegel/{org_a.pk}/aanleveren/")
    sign_in(page, users["member"])
    page.get_by_label("Bestand").set_input_files(str(path))
    page.get_by_role("button", name="Aanleveren").click()
    expect(page.get_by_role("status")).to_contain_text("Deze pagina ververst zichzelf")
    run_worker()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Het bestand is geweigerd")
    expect(alert).to_contain_text("rij 2, kolom client_id: dit is een geldig BSN")
    assert_accessible(page)
