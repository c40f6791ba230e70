"""The weekly report PDF over the HTTP API: the reports package's builder, found by name by
the API (which never imports reports) and run in the report process, answers a finance key
with the same PDF the CLI writes."""

from __future__ import annotations

import io

from pypdf import PdfReader

from console.api.context import load_report_builder
from console.db.engine import Database
from tests.helpers.api_support import auth, key, running_api


def test_weekly_pdf_for_a_finance_key(shared_db: Database) -> None:
    finance, reader = key(shared_db, "finance-pdf", "finance"), key(shared_db, "crm-pdf", "read")
    with running_api(shared_db, report=load_report_builder()) as api:
        r = api.client.get("/v1/reports/weekly", params={"week": "2026-W47", "lang": "en"},
                           headers=auth(finance))
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/pdf"
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
        assert "2026" in text and len(text) > 200
        zh = api.client.get("/v1/reports/weekly", params={"week": "2026-W47", "lang": "zh"},
                            headers=auth(finance))
        assert zh.status_code == 200 and zh.content.startswith(b"%PDF")
        assert api.client.get("/v1/reports/weekly", params={"week": "2026-W47"},
                              headers=auth(reader)).status_code == 403
        bad = api.client.get("/v1/reports/weekly", params={"week": "2026-W99"},
                             headers=auth(finance))
        assert bad.status_code == 422 and bad.json()["field"] == "week"
