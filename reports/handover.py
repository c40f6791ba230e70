"""The one-page shift handover: the overnight window's numbers, its incidents, what is open.

The story is wrapped in a shrink-to-fit frame, so it stays on one page whatever the night
held (lists are capped with "and K more" before that).
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Spacer

from console.db.engine import Database
from console.timezone import CENTER_TZ
from reports import fmt
from reports.data import Center, Progress, center_settings, check_schema
from reports.i18n import Text
from reports.layout import ReportRenderer, check_paper
from reports.overnight import Overnight, overnight
from reports.period import Period, parse_date, zone
from reports.period import overnight as overnight_window


class HandoverRenderer(ReportRenderer):
    title_key = "handover_title"

    def __init__(
        self,
        data: Overnight,
        *,
        center: Center,
        period: Period,
        now: datetime,
        lang: str,
        paper: str,
    ) -> None:
        self.data, self.period, self.now, self.tz = data, period, now, period.tz
        self.currency = center.currency
        super().__init__(
            text=Text(lang),
            paper=paper,
            center=center.name,
            subtitle=period.label,
            generated_at=now,
            tz=period.tz,
        )

    def _story(self) -> list[Flowable]:
        t, p = self.t, self.period
        window = t(
            "h_window",
            start=fmt.local(p.start, self.tz),
            end=fmt.local(p.end, self.tz),
            tz=self.tz.key,
        )
        content: list[Flowable] = [
            Paragraph(escape(f"{t('handover_title')} · {p.label}"), self.styles["title"]),
            Paragraph(escape(f"{self.center} · {window}"), self.styles["sub"]),
            *self._counts(),
            *self._incidents(),
            *self._open(),
        ]
        page_h = self.pagesize[1] - 2 * self.margin - 3 * 72 / 25.4 - 6
        return [KeepInFrame(self.width, page_h, content, mode="shrink")]

    def _counts(self) -> list[Flowable]:
        t, d = self.t, self.data
        keys = ("h_received", "h_completed", "h_cancelled", "h_failed", "h_breaches", "h_open_now")
        values = (d.received, d.completed, d.cancelled, d.failed, d.missed, d.open_total)
        rows = [[t(k) for k in keys], [fmt.count(v) for v in values]]
        w = self.width
        return [
            Paragraph(escape(t("h_counts")), self.styles["h2"]),
            self.table(rows, [w / 6] * 6, align_right_from=0, size=9),
        ]

    def _cell(self, *lines: str) -> Paragraph:
        return Paragraph("<br/>".join(escape(x) for x in lines if x), self.styles["cell"])

    def _incidents(self) -> list[Flowable]:
        t, d, w = self.t, self.data, self.width
        out: list[Flowable] = [Paragraph(escape(t("h_incidents")), self.styles["h2"])]
        if not d.incidents:
            return [*out, Paragraph(escape(t("h_none_incidents")), self.styles["body"])]
        rows: list[list[Any]] = [
            [
                t("col_time"),
                t("col_what"),
                t("col_call"),
                t("col_customer"),
                t("col_tech"),
                t("col_reason"),
            ]
        ]
        for i in d.incidents:
            detail = t.name(i.detail) if i.kind == "breach" else i.detail
            rows.append(
                [
                    fmt.local(i.at, self.tz, "%m-%d %H:%M"),
                    t(f"ev_{i.kind}"),
                    f"#{i.call_id} {t.name(i.category)}",
                    self._cell(i.customer, i.address),
                    self._cell(i.technicians or "–"),
                    self._cell(detail),
                ]
            )
        widths = [w * 0.11, w * 0.1, w * 0.15, w * 0.32, w * 0.13, w * 0.19]
        out.append(self.table(rows, widths, align_right_from=99))
        if d.incidents_more > 0:
            out.append(
                Paragraph(escape(t("more", k=fmt.count(d.incidents_more))), self.styles["small"])
            )
        return out

    def _open(self) -> list[Flowable]:
        t, d, w = self.t, self.data, self.width
        out: list[Flowable] = [
            Paragraph(escape(t("h_open", at=fmt.local(self.now, self.tz))), self.styles["h2"])
        ]
        if not d.open_calls:
            return [*out, Paragraph(escape(t("h_none_open")), self.styles["body"])]
        rows: list[list[Any]] = [
            [
                t("col_call"),
                t("col_received"),
                t("col_age"),
                t("col_status"),
                t("col_priority"),
                t("col_customer"),
                t("col_tech"),
            ]
        ]
        for c in d.open_calls:
            rows.append(
                [
                    f"#{c.call_id} {t.name(c.category)}",
                    fmt.local(c.created_at, self.tz, "%m-%d %H:%M"),
                    fmt.age((self.now - c.created_at).total_seconds()),
                    t.name(c.status),
                    t.name(c.priority),
                    self._cell(c.customer, c.address),
                    self._cell(c.technicians or t("unassigned")),
                ]
            )
        widths = [w * 0.17, w * 0.11, w * 0.11, w * 0.1, w * 0.08, w * 0.29, w * 0.14]
        out.append(self.table(rows, widths, align_right_from=99))
        if d.open_more > 0:
            out.append(Paragraph(escape(t("more", k=fmt.count(d.open_more))), self.styles["small"]))
        return [Spacer(1, 2), *out]


def build_handover_pdf(
    db: Database,
    *,
    date: str | Date,
    tz: str = CENTER_TZ,
    lang: str = "en",
    paper: str = "a4",
    progress: Progress | None = None,
    now: datetime | None = None,
) -> bytes:
    """The handover for the night ending on ``date`` (18:00 the day before to 08:00)."""
    text, tzinfo = Text(lang), zone(tz)
    period = overnight_window(parse_date(date), tzinfo)
    check_paper(paper)
    check_schema(db)
    if progress:
        progress(0.05, "queries")
    with db.reading() as session:
        center = center_settings(session)
        data = overnight(session, period)
    if progress:
        progress(0.6, "layout")
    pdf = HandoverRenderer(
        data, center=center, period=period, now=now or db.now(), lang=text.lang, paper=paper
    ).render()
    if progress:
        progress(1.0, "done")
    return pdf
