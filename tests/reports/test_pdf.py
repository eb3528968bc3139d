"""The document: content, metadata, fonts, PDF/A, and the URL fetcher that keeps
WeasyPrint off the server's disk and off the network."""

import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from weasyprint import HTML

from assessor import services as assessor_services
from assessor.models import Answer
from reports import pdf, services
from reports.models import Report
from reports.pdf import StaticFilesOnly, URLRefused
from tests.reports.conftest import NOTE, pdfinfo, pdftotext


@pytest.fixture
def web_server():
    """A local HTTP server that records every request it gets."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { background: red }")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks the fetcher for (the fetcher still decides)."""
    urls: list[str] = []
    fetch = StaticFilesOnly.fetch

    def recording(self, url, headers=None):
        urls.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(StaticFilesOnly, "fetch", recording)
    return urls


def test_the_fetcher_serves_our_static_files():
    response = StaticFilesOnly().fetch("static:css/report.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/style.css",
        "data:text/css,body{}",
        "ftp://example.org/x",
        "static:../manage.py",
        "static:css/../../assessor/settings.py",
        "static:/etc/passwd",
        "static:css/missing.css",
        "/static/css/report.css",
        "css/report.css",
    ],
)
def test_the_fetcher_refuses_everything_else(url):
    with pytest.raises(URLRefused):
        StaticFilesOnly().fetch(url)


def test_weasyprint_reads_no_file_and_reaches_no_server(tmp_path, web_server, fetched):
    base, hits = web_server
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7731")
    html = f"""<html><head>
      <link rel="stylesheet" href="{base}/evil.css">
      <link rel="stylesheet" href="file:///etc/passwd">
      <style>
        @import url("{base}/import.css");
        @font-face {{ font-family: X; src: url("{base}/font.woff"); }}
        body {{ background: url("{base}/bg.png"); }}
      </style></head><body>
      <p>Visible text</p>
      <img src="file://{secret}"><img src="{base}/pixel.png"><img src="relative.png">
      <object data="file://{secret}"></object><embed src="{base}/embed.svg">
      <iframe src="file:///etc/passwd"></iframe>
    </body></html>"""

    document = pdf.html_to_pdf(html)

    assert document.startswith(b"%PDF")
    assert hits == []
    assert any(url.startswith("file://") for url in fetched)  # asked, and refused
    out = tmp_path / "out.pdf"
    out.write_bytes(document)
    text = pdftotext(out)
    assert "Visible text" in text
    assert "TOP-SECRET" not in text and "root:" not in text


def test_notes_are_escaped_and_fetch_nothing(assessment, personas, tmp_path, web_server, fetched):
    base, hits = web_server
    hostile = (
        f'<img src="file:///etc/passwd"> <link rel="stylesheet" href="{base}/x.css"> '
        f"{base}/leak.png"
    )
    Answer.objects.filter(assessment=assessment, note=NOTE).update(note=hostile)

    report = services.report_request(assessment=assessment, user=personas.alice)
    html = pdf.render_html(report.snapshot)
    document = pdf.render_pdf(report.snapshot)

    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    # Our static files, and the brand's colours served from memory.
    assert sorted(set(fetched)) == [
        "brand:style.css",
        "static:css/report.css",
        "static:img/mark.svg",
    ]
    assert hits == []
    out = tmp_path / "report.pdf"
    out.write_bytes(document)
    text = " ".join(pdftotext(out).split())
    assert '<img src="file:///etc/passwd">' in text  # shown as text, not loaded
    assert f"{base}/leak.png" in text
    assert "root:x:0:0" not in text


def test_the_document_has_every_section_metadata_and_embedded_fonts(assessment, personas, tmp_path):
    report = services.report_request(assessment=assessment, user=personas.alice)
    out = tmp_path / "report.pdf"
    out.write_bytes(pdf.render_pdf(report.snapshot))

    text = " ".join(pdftotext(out).split())
    snapshot = report.snapshot
    assert "Acme Payments" in text
    assert "Platform readiness 2026" in text
    assert "Alice Owner" in text  # the facilitator on the cover
    assert snapshot["advice"]["path"]["title"] in text
    for heading in (
        "Executive summary",
        "Where you stand: DevOps and MLOps",
        "Gap analysis",
        "Phased roadmap",
        "Answers by practice area",
        "Appendix: methodology",
    ):
        assert heading in text
    for dimension in snapshot["dimensions"]:
        assert dimension["title"] in text
    assert " ".join(NOTE.split()) in text
    first = snapshot["dimensions"][0]["questions"][0]
    assert " ".join(first["level_text"].split())[:60] in text
    assert "Page 3 of" in text  # the running footer

    info = pdfinfo(out)
    assert int(info["Pages"]) >= 15
    assert info["Title"].startswith("DevOps & MLOps readiness report: Acme Payments")
    assert info["Author"] == "Alice Owner"
    assert "Recommended path" in info["Subject"]
    assert "MLOps" in info["Keywords"] and "Acme Payments" in info["Keywords"]
    assert info["Page size"].endswith("(A4)")
    fonts = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all("DejaVu" in line for line in fonts)
    assert all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts)  # embedded subsets


def test_every_section_is_a_bookmark(assessment, personas):
    report = services.report_request(assessment=assessment, user=personas.alice)
    html = pdf.render_html(report.snapshot)

    tree = HTML(string=html, url_fetcher=StaticFilesOnly()).render().make_bookmark_tree()

    # (label, target, children, state) per bookmark
    advice = report.snapshot["advice"]
    profile = ["Delivery performance profile"] if advice["dora"] else []
    references = ["Reference levels"] if advice["reference_levels"] else []
    assert [label for label, *_ in tree] == [
        "Executive summary",
        "Where you stand: DevOps and MLOps",
        "Gap analysis",
        *profile,
        *references,
        "Phased roadmap",
        "Answers by practice area",
        "Appendix: methodology",
    ]
    assert references  # the built-in bank has the dimensions the references read
    answers = tree[3 + len(profile) + len(references) + 1][2]
    assert [label for label, *_ in answers] == [d["title"] for d in report.snapshot["dimensions"]]


def test_the_pdfa_variant_declares_pdfa_3b(assessment, personas, tmp_path):
    report = services.report_request(
        assessment=assessment, user=personas.alice, variant=Report.Variant.PDFA
    )
    document = pdf.render_pdf(report.snapshot, pdfa=report.is_pdfa)
    out = tmp_path / "report.pdf"
    out.write_bytes(document)

    xmp = subprocess.run(
        ["pdfinfo", "-meta", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert pdfinfo(out)["Metadata Stream"] == "yes"
    # Its identifier and dates come from the content and the snapshot, not the clock.
    assert pdf.render_pdf(report.snapshot, pdfa=True) == document


def test_an_unanswered_devops_only_assessment_renders(framework, personas, tmp_path):
    assessment = assessor_services.assessment_start(
        organization=personas.org_b,
        framework=framework,
        title="Early look",
        scope="devops",
        targets={},
        user=personas.charlie,
    )
    report = services.report_request(assessment=assessment, user=personas.charlie)
    out = tmp_path / "report.pdf"
    out.write_bytes(pdf.render_pdf(report.snapshot))

    text = " ".join(pdftotext(out).split())
    assert "Bolt Robotics" in text and "Early look" in text
    assert "Not answered" in text
    assert [area["key"] for area in report.snapshot["areas"]] == ["devops"]
    devops = framework.parsed.dimensions_in("devops")
    assert [d["area"] for d in report.snapshot["dimensions"]] == ["devops"] * len(devops)
