"""docs/api.md documents every operation of the OpenAPI description, with curl for the insurer's
three questions; the README links it; the description has the bearer scheme."""

from pathlib import Path

from django.conf import settings


def test_the_documentation_covers_every_operation(client, db):
    description = client.get("/api/openapi.json").json()
    doc = (Path(settings.BASE_DIR) / "docs" / "api.md").read_text(encoding="utf-8")
    for path in description["paths"]:
        assert path.split("/api/v1", 1)[1].split("{")[0].rstrip("/") in doc, path
    for question in ("/holders?", "/holders/changes", "/mirror/2027"):
        assert f'"$API{question}' in doc and "curl" in doc, question
    assert {
        s["type"] + "/" + s.get("scheme", "") for s in description["components"]["securitySchemes"].values()
    } == {"http/bearer"}
    assert "(docs/api.md)" in (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/static/ninja/swagger-ui-bundle.js" in docs.text  # ours, no CDN
    assert "cdn." not in docs.text


def test_an_unknown_api_path_answers_in_the_api_shape(client, db):
    for url in ("/api/v1/onbekend", "/api/v3/register", "/api/v1/"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found", url
