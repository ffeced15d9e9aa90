"""Fuzzing the forms as a browser finds them: a page is fetched as a user, every POST form on it is
read (action, fields, choices), and Hypothesis fills the fields with hostile values (control
characters, Unicode digits, line breaks, very long text, wrong types, odd files). Every answer must
be below 500, and a refused POST (an error status, or the form shown again with an error) must
leave every table's row count as it was."""

from html.parser import HTMLParser
from urllib.parse import urljoin

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

OUR_APPS = {
    "accounts",
    "organisations",
    "cycles",
    "notifications",
    "selfevaluations",
    "assessments",
    "complaints",
    "consultations",
    "mirror",
    "frameworks",
}
FUZZ_SETTINGS = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "١٠٠٠٠٠٠١",
            "12345678\n",
            "Naam\r\nBcc: x@y.z",
            "0" * 5000,
            "-1",
            "99999999999999999999",
            "1e308",
            "NaN",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "2026-02-30",
            "31-12-9999",
            "%00",
            "a/b",
            "\u2028",
            "\ufeff",
            "😀" * 50,
        ]
    ),
)
hostile_bytes = st.one_of(
    st.binary(max_size=300),
    st.sampled_from(
        [
            b"",
            b"\x00" * 64,
            b"PK\x03\x04" + b"\x00" * 40,
            b"%PDF-1.4\n%%EOF",
            b"\x89PNG\r\n\x1a\n",
            b"naam;bsn\nA;111222333\n",
            b"a,b\n" + b"1,2\n" * 50,
            "\ufeffx;y\n\x00;1\n".encode(),
        ]
    ),
)


class _Forms(HTMLParser):
    """The POST forms of a page: [{action, fields: {name: (type, [choices], default)}}]."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.current = {"action": a.get("action") or "", "fields": {}}
            self.forms.append(self.current)
        elif self.current is None or not a.get("name"):
            return
        elif tag == "input":
            kind, fields = a.get("type", "text"), self.current["fields"]
            _type, choices, default = fields.get(a["name"], (kind, [], a.get("value", "")))
            if kind in ("radio", "checkbox"):
                choices = [*choices, a.get("value", "on")]
            fields[a["name"]] = (kind, choices, default)
        elif tag in ("textarea", "select"):
            self.current["fields"][a["name"]] = (tag, [], "")
            self.select = a["name"] if tag == "select" else None
        elif tag == "option" and self.select:
            self.current["fields"][self.select][1].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        if tag == "select":
            self.select = None


def post_forms(client, url):
    """(absolute action, fields) of every POST form on the page `url`."""
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    parser = _Forms()
    parser.feed(response.content.decode())
    forms = [(urljoin(url, form["action"] or url), form["fields"]) for form in parser.forms]
    return [(action, fields) for action, fields in forms if action != "/taal/setlang/"]  # on every page


def field_values(kind, choices, default):
    """A strategy for one field: mostly hostile, sometimes a value the page offered."""
    if kind == "file":
        names = st.sampled_from(
            ["bestand.csv", "bestand.xlsx", "a.pdf", "x.png", "../../x.csv", "naam\x00.csv"]
        )
        return st.builds(lambda name, data: SimpleUploadedFile(name, data), names, hostile_bytes)
    offered = [c for c in choices if c is not None] or ([default] if default else [])
    if kind == "hidden" and default:
        return st.one_of(st.just(default), hostile_text)
    if offered:
        return st.one_of(st.sampled_from(offered), hostile_text)
    return hostile_text


def payloads(fields):
    """A strategy for a whole POST: every field filled or left out."""
    skip = {"csrfmiddlewaretoken"}
    parts = {
        name: st.one_of(st.none(), field_values(*spec)) for name, spec in fields.items() if name not in skip
    }
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and not model._meta.proxy
    }


def refused(response):
    text = response.content.decode(errors="replace") if response.status_code == 200 else ""
    # Our pages mark errors with error-message / role="alert"; the admin and allauth's forms
    # with Django's errornote / errorlist.
    markers = ("error-message", 'role="alert"', 'class="errornote"', 'class="errorlist')
    return response.status_code >= 400 or any(marker in text for marker in markers)


def check_post(client, action, data):
    """POST `data`; no 5xx, and a refusal leaves every count as it was."""
    for value in data.values():
        if hasattr(value, "seek"):
            value.seek(0)
    before = row_counts()
    response = client.post(action, data)
    assert response.status_code < 500, f"{action} {data!r}: {response.status_code}"
    if refused(response):
        assert row_counts() == before, f"{action} {data!r}: half-saved on a refusal"
    return response


def fuzz_page(client, url):
    """Fuzz every POST form on the page `url` as `client` (FUZZ_SETTINGS examples): no 5xx, and a
    refusal saves nothing."""
    from hypothesis import given

    forms = post_forms(client, url)
    assert forms, f"no POST form on {url}"

    @FUZZ_SETTINGS
    @given(st.data())
    def run(data):
        action, fields = data.draw(st.sampled_from(forms))
        check_post(client, action, data.draw(payloads(fields)))

    run()
