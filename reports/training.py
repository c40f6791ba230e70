"""The monthly training report for a manager: per trainee nights, hours, last and best
scores, trend and readiness under the trainers' rule, then every night of the month.

Figures come from ``training_nights`` in the live database (console.training); readiness
counts every night up to the month's end, the rest only the month's nights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph, Spacer

from console.db.engine import Database
from console.timezone import CENTER_TZ
from console.training.history import Night, TraineeSummary, load_nights, summarize_trainees
from console.training.readiness import Readiness, ReadinessRule, assess_all, load_rule
from reports import fmt
from reports.data import Center, center_settings, check_schema
from reports.errors import ReportError
from reports.i18n import Text
from reports.layout import ReportRenderer, check_paper
from reports.period import Period, zone

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(month: str, tz: Any) -> Period:
    m = _MONTH.match(month.strip()) if isinstance(month, str) else None
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ReportError(f"month {month!r} is not a month like 2026-11")
    year, num = int(m.group(1)), int(m.group(2))
    first = date(year, num, 1)
    after = date(year + num // 12, num % 12 + 1, 1)

    def start(d: date) -> datetime:
        return datetime.combine(d, time(0, 0), tzinfo=tz).astimezone(UTC)

    return Period(start(first), start(after), tz, f"{year}-{num:02d}")


@dataclass(frozen=True, slots=True)
class TrainingData:
    center: Center
    period: Period
    generated_at: datetime
    rule: ReadinessRule
    trainees: list[TraineeSummary]
    readiness: dict[int, Readiness]
    nights: list[Night]


def collect_training(db: Database, period: Period) -> TrainingData:
    check_schema(db)
    with db.reading() as s:
        center = center_settings(s)
        rule = load_rule(s)
        month = load_nights(s, start=period.start, end=period.end)
        so_far = load_nights(s, end=period.end)
    return TrainingData(
        center,
        period,
        db.now(),
        rule,
        summarize_trainees(month),
        assess_all(rule, so_far),
        month,
    )


def _sla(rate: float | None) -> str:
    return fmt.pct(rate)


class TrainingRenderer(ReportRenderer):
    title_key = "training_title"

    def __init__(self, data: TrainingData, *, lang: str, paper: str) -> None:
        self.data = data
        super().__init__(
            text=Text(lang),
            paper=paper,
            center=data.center.name,
            subtitle=data.period.label,
            generated_at=data.generated_at,
            tz=data.period.tz,
        )

    def _story(self) -> list[Flowable]:
        t, d = self.t, self.data
        story: list[Flowable] = [
            Paragraph(escape(t("training_title")), self.styles["title"]),
            Paragraph(
                escape(f"{d.center.name} · {t('month')} {d.period.label} · {d.period.tz.key}"),
                self.styles["sub"],
            ),
            Paragraph(escape(self._rule()), self.styles["body"]),
            Spacer(1, 4),
        ]
        if not d.nights:
            return [*story, Paragraph(escape(t("tr_empty")), self.styles["big"])]
        return story + self._trainees() + self._nights()

    def _rule(self) -> str:
        r = self.data.rule
        scen = self.t("tr_rule_scenario", name=self.t.name(r.scenario)) if r.scenario else ""
        return self.t("tr_rule", nights=r.nights, pts=f"{r.sla_within_pts:g}", scenario=scen)

    def _trainees(self) -> list[Flowable]:
        t, w = self.t, self.width
        rows: list[list[Any]] = [
            [
                t("tr_trainee"),
                t("tr_nights"),
                t("tr_abandoned"),
                t("tr_hours"),
                t("tr_last"),
                t("tr_best"),
                t("tr_trend"),
                t("tr_ready"),
            ]
        ]
        for s in self.data.trainees:
            last = s.last
            ready = self.data.readiness.get(s.trainee_id)
            rows.append(
                [
                    fmt.clip(s.trainee, 24),
                    fmt.count(s.nights),
                    fmt.count(s.abandoned),
                    f"{s.hours:.1f}",
                    f"{_sla(last.sla)} ({_sla(last.engine_sla)})" if last else fmt.DASH,
                    _sla(s.best.sla) if s.best else fmt.DASH,
                    fmt.DASH if s.trend_pts is None else f"{s.trend_pts:+.1f} pts",
                    t("tr_yes") if ready and ready.ready else t("tr_no"),
                ]
            )
        widths = [w * 0.2, w * 0.08, w * 0.1, w * 0.08, w * 0.17, w * 0.1, w * 0.15, w * 0.08]
        return [
            Paragraph(escape(t("tr_trainees")), self.styles["h2"]),
            self.table(rows, widths, size=8),
            Spacer(1, 3),
            Paragraph(escape(t("tr_def")), self.styles["small"]),
        ]

    def _nights(self) -> list[Flowable]:
        t, w, tz = self.t, self.width, self.data.period.tz
        rows: list[list[Any]] = [
            [
                t("tr_when"),
                t("tr_trainee"),
                t("tr_trainer"),
                t("tr_scenario"),
                t("tr_speed"),
                t("tr_wall"),
                t("tr_engine"),
                t("tr_resp"),
                t("tr_sla"),
                t("tr_km"),
                t("tr_inject"),
            ]
        ]
        for n in reversed(self.data.nights):
            rows.append(self._night_row(n, tz))
        widths = [w * 0.09, w * 0.11, w * 0.08, w * 0.105, w * 0.04, w * 0.105]
        widths += [w * 0.08, w * 0.14, w * 0.095, w * 0.09, w * 0.065]
        return [
            Paragraph(escape(t("tr_night_list")), self.styles["h2"]),
            self.table(rows, widths, align_right_from=4, size=6.4),
        ]

    def _night_row(self, n: Night, tz: Any) -> list[Any]:
        wall = f"{n.wall_seconds / 60:.0f} / {n.sim_seconds / 60:.0f} min"
        head = [
            fmt.local(n.ended, tz, "%m-%d %H:%M"),
            fmt.clip(n.trainee, 16),
            fmt.clip(n.trainer or fmt.DASH, 14),
            self.t.name(n.scenario),
            f"×{n.speed:g}",
            wall,
            self.t.name(n.engine),  # whose shadow night the figures in brackets are
        ]
        if not n.scored:
            return [*head, self.t("tr_status_abandoned"), "", "", ""]

        def m(v: float | None) -> str:
            return fmt.DASH if v is None else f"{v:.1f}"

        return [
            *head,
            f"{m(n.mean_min)}/{m(n.p90_min)} ({m(n.engine_mean_min)}/{m(n.engine_p90_min)})",
            f"{_sla(n.sla)} ({_sla(n.engine_sla)})",
            f"{n.travel_km:.1f} ({m(n.engine_travel_km)})",
            str(len(n.injections)),
        ]


def build_training_pdf(
    db: Database, *, month: str, tz: str = CENTER_TZ, lang: str = "en", paper: str = "a4"
) -> bytes:
    """The month's training report as PDF bytes; bad input raises ReportError first."""
    text, period = Text(lang), parse_month(month, zone(tz))
    check_paper(paper)
    data = collect_training(db, period)
    return TrainingRenderer(data, lang=text.lang, paper=paper).render()
