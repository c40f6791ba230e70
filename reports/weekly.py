"""The weekly cost and performance report: one renderer class, figures from :mod:`reports.data`.

``build_weekly_pdf`` is the API the console window and the CLI share; it returns bytes and
may run on a worker thread, reporting progress as (fraction 0..1, stage label).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from console.db.engine import Database
from console.timezone import CENTER_TZ
from reports import charts, fmt
from reports.data import Progress, WeeklyData, collect_weekly
from reports.i18n import Text
from reports.layout import ReportRenderer, check_paper
from reports.lists import Capped
from reports.period import parse_week, zone
from reports.pricing import PlanCost

COST_KINDS = ("travel", "labor", "parts", "platform_fee")


class WeeklyRenderer(ReportRenderer):
    title_key = "weekly_title"

    def __init__(self, data: WeeklyData, *, lang: str, paper: str) -> None:
        self.data = data
        self.tz = data.period.tz
        super().__init__(
            text=Text(lang),
            paper=paper,
            center=data.center.name,
            subtitle=data.period.label,
            generated_at=data.generated_at,
            tz=self.tz,
        )

    def money(self, cents: float | None) -> str:
        return fmt.money(cents, self.data.center.currency)

    def _story(self) -> list[Flowable]:
        t, d = self.t, self.data
        last_day = d.period.local_end - timedelta(days=1)
        span = t(
            "period",
            start=d.period.local_start.strftime("%Y-%m-%d"),
            end=last_day.strftime("%Y-%m-%d"),
            tz=self.tz.key,
        )
        story: list[Flowable] = [
            Paragraph(escape(t("weekly_title")), self.styles["title"]),
            Paragraph(
                escape(f"{d.center.name} · {t('week')} {d.period.label} · {span}"),
                self.styles["sub"],
            ),
        ]
        if d.kpis.calls == 0:
            story += [
                Paragraph(escape(t("no_calls")), self.styles["big"]),
                Paragraph(escape(t("no_calls_hint")), self.styles["small"]),
                Spacer(1, 6),
            ]
        story += self._summary()
        if d.kpis.calls:
            story += self._night_day() + self._costs()
        story += self._staffing()
        if d.kpis.calls:
            story += self._charts()
            story += self._technicians() + self._breaches() + self._ratings()
        return story

    def _h2(self, key: str) -> Paragraph:
        return Paragraph(escape(self.t(key)), self.styles["h2"])

    def _summary(self) -> list[Flowable]:
        k, p, t = self.data.kpis, self.data.prev_kpis, self.t
        rows: list[list[Any]] = [[t("summary"), t("this_week"), t("prev_week"), t("change")]]

        def add(key: str, now: Any, before: Any, show: Any, kind: str = "rel") -> None:
            rows.append(
                [t(key), show(now), show(before), fmt.change(now, before, kind=kind, new=t("new"))]
            )

        add("k_calls", k.calls, p.calls, fmt.count)
        add("k_completed", k.completed, p.completed, fmt.count)
        add("k_cancelled", k.cancelled, p.cancelled, fmt.count)
        add("k_failed", k.failed, p.failed, fmt.count)
        add("k_resp_mean", k.response_mean_s, p.response_mean_s, fmt.minutes, "abs_min")
        add("k_resp_p90", k.response_p90_s, p.response_p90_s, fmt.minutes, "abs_min")
        add("k_assign", k.assign_mean_s, p.assign_mean_s, fmt.minutes, "abs_min")
        add("k_auto", k.auto_assigned, p.auto_assigned, fmt.count)
        add("k_sla", k.sla_rate, p.sla_rate, fmt.pct, "pts")
        add("k_ftf", k.ftf_rate, p.ftf_rate, fmt.pct, "pts")
        add("k_rating", k.rating_mean, p.rating_mean, fmt.rating, "abs")
        add("k_revenue", k.revenue_cents, p.revenue_cents, self.money)
        add("k_cost", k.cost_cents, p.cost_cents, self.money)
        add("k_margin", k.margin_cents, p.margin_cents, self.money)
        w = self.width
        return [
            self.table(rows, [w * 0.4, w * 0.2, w * 0.2, w * 0.2], size=8.2),
            Spacer(1, 4),
            Paragraph(escape(f"{t('definitions')}: {t('def_text')}"), self.styles["small"]),
        ]

    def _night_day(self) -> list[Flowable]:
        t, b, total = self.t, self.data.breakdowns, self.data.kpis.calls
        night, day = b.part(True), b.part(False)
        rows: list[list[Any]] = [["", t("night"), t("day")]]
        rows.append([t("calls"), fmt.count(night.calls), fmt.count(day.calls)])
        rows.append([t("share"), fmt.pct(night.calls / total), fmt.pct(day.calls / total)])
        rows.append(
            [t("k_resp_mean"), fmt.minutes(night.response_mean_s), fmt.minutes(day.response_mean_s)]
        )
        rows.append([t("k_sla"), fmt.pct(night.sla_rate), fmt.pct(day.sla_rate)])
        rows.append(
            [t("k_revenue"), self.money(night.revenue_cents), self.money(day.revenue_cents)]
        )
        w = self.width
        return [
            KeepTogether(
                [self._h2("night_day"), self.table(rows, [w * 0.4, w * 0.3, w * 0.3], size=8.2)]
            )
        ]

    def _costs(self) -> list[Flowable]:
        t, d = self.t, self.data
        rows: list[list[Any]] = [[t("costs"), ""]]
        rows += [[t(f"cost_{kind}"), self.money(d.costs.get(kind, 0))] for kind in COST_KINDS]
        rows.append([t("total"), self.money(d.kpis.cost_cents)])
        w = self.width
        cost_table = self.table(rows, [w * 0.25, w * 0.15], size=8.2)
        cheapest = d.plans[0].cents
        plan_rows: list[list[Any]] = [[t("plan"), t("plan_cost"), t("vs_cheapest")]]
        plan_rows += [
            [
                self._plan_name(p),
                self.money(p.cents),
                "" if i == 0 else "+" + self.money(p.cents - cheapest),
            ]
            for i, p in enumerate(d.plans)
        ]
        plan_table = self.table(plan_rows, [w * 0.27, w * 0.14, w * 0.14], size=8.2)
        side = self.grid([cost_table, plan_table], [w * 0.42, w * 0.58])
        u = d.usage
        usage = t(
            "plan_usage",
            orders=fmt.count(u.orders),
            night=fmt.count(u.night_orders),
            revenue=self.money(u.revenue_cents),
            actual=self.money(d.costs.get("platform_fee", 0)),
        )
        best, nxt = d.plans[0], d.plans[1]
        verdict = t(
            "cheapest",
            name=self._plan_name(best),
            next=self._plan_name(nxt),
            diff=self.money(nxt.cents - best.cents),
        )
        return [
            KeepTogether(
                [
                    self._h2("plans"),
                    side,
                    Spacer(1, 3),
                    Paragraph(escape(verdict), self.styles["body"]),
                    Paragraph(escape(usage), self.styles["small"]),
                ]
            )
        ]

    def _staffing(self) -> list[Flowable]:
        st = self.data.staffing
        if st is None:
            return []
        t, w = self.t, self.width
        missing = t("missing")

        def money(cents: float | None) -> str:
            return missing if cents is None else self.money(cents)

        head: list[Flowable] = [CondPageBreak(160), self._h2("staffing")]
        if not st.roles:
            head.append(Paragraph(escape(t("s_none")), self.styles["body"]))
        else:
            rows: list[list[Any]] = [[t("s_role"), t("s_day_h"), t("s_night_h"), t("s_cost")]]
            rows += [
                [t.name(r.role), fmt.hours(r.day_s), fmt.hours(r.night_s), money(r.cost_cents)]
                for r in st.roles
            ]
            head.append(self.table(rows, [w * 0.4, w * 0.2, w * 0.2, w * 0.2], size=8.2))
        disp = next((r for r in st.roles if r.role == "dispatcher"), None)
        k = self.data.kpis
        base = k.cost_cents / k.completed if k.completed else None
        calls_h = st.calls_per_dispatcher_hour
        night_s, day_s = (disp.night_s, disp.day_s) if disp else (0.0, 0.0)
        figures: list[list[Any]] = [
            [t("s_disp_h"), f"{fmt.hours(night_s)} / {fmt.hours(day_s)}"],
            [t("s_desk_cost"), f"{money(st.night_cents)} / {money(st.day_cents)}"],
            [t("s_calls_per_h"), fmt.DASH if calls_h is None else f"{calls_h:.2f}"],
            [t("s_training"), f"{st.training_hours:.1f} h · {money(st.training_cents)}"],
            [t("s_per_job"), f"{self.money(base)} / {money(st.cost_per_job_cents)}"],
        ]
        body = [Spacer(1, 4), self.table(figures, [w * 0.6, w * 0.4], header=False, size=8.2)]
        if st.missing:
            what = ", ".join(t.name(m) for m in st.missing)
            body.append(Paragraph(escape(t("s_missing", what=what)), self.styles["body"]))
        note = (t("s_note_no_premium") if "night_premium" in st.missing  # never a silent 0 %
                else t("s_note", premium=self._premium()))
        body.append(Paragraph(escape(note), self.styles["small"]))
        return head + body + self._whole_plans()

    def _premium(self) -> str:
        return fmt.pct(self.data.staffing_premium)

    def _whole_plans(self) -> list[Flowable]:
        st, t, w = self.data.staffing, self.t, self.width
        if st is None or not st.plans:
            return []
        missing = t("missing")
        rows: list[list[Any]] = [[t("plan"), t("w_platform"), t("w_fixed"), t("w_whole")]]
        for p in st.plans:
            total = missing if p.total_cents is None else self.money(p.total_cents)
            name = self.t.name(p.key) if self.t.lang == "zh" else p.name
            rows.append([name, self.money(p.platform_cents), self.money(p.fixed_cents), total])
        out: list[Flowable] = [
            Paragraph(escape(t("w_title")), self.styles["big"]),
            self.table(rows, [w * 0.4, w * 0.2, w * 0.2, w * 0.2], size=8.2),
        ]
        best, nxt = st.plans[0], st.plans[1] if len(st.plans) > 1 else None
        if nxt is not None and best.total_cents is not None and nxt.total_cents is not None:
            verdict = t(
                "w_cheapest",
                name=self.t.name(best.key) if self.t.lang == "zh" else best.name,
                next=self.t.name(nxt.key) if self.t.lang == "zh" else nxt.name,
                diff=self.money(nxt.total_cents - best.total_cents),
            )
            out.append(Paragraph(escape(verdict), self.styles["body"]))
        return [KeepTogether(out)]

    def _plan_name(self, plan: PlanCost) -> str:
        """The plans file names plans in one language; Chinese reports use our own names."""
        return self.t.name(plan.key) if self.t.lang == "zh" else plan.name

    def _charts(self) -> list[Flowable]:
        t, b, f, w = self.t, self.data.breakdowns, self.font, self.width
        half = (w - 12) / 2
        hour = charts.hour_bars([x.calls for x in b.hours], w, 150, t("c_by_hour"), f)
        resp = [x.response_mean_s / 60 if x.response_mean_s is not None else None for x in b.hours]
        line = charts.hour_line(resp, w, 130, t("c_resp_hour"), f)
        week = charts.bars(t.weekdays(), b.weekdays, half, 140, t("c_by_weekday"), f)
        chan = charts.hbars(
            [t.name(c) for c, _ in b.channels],
            [n for _, n in b.channels],
            half,
            140,
            t("c_by_channel"),
            f,
        )
        cat = charts.hbars(
            [t.name(c) for c, _ in b.categories],
            [n for _, n in b.categories],
            w,
            16 * len(b.categories) + 40,
            t("c_by_category"),
            f,
        )
        pair = self.grid([week, chan], [half + 12, half])
        return [
            CondPageBreak(190),
            self._h2("charts"),
            hour,
            Spacer(1, 6),
            line,
            Spacer(1, 6),
            pair,
            Spacer(1, 6),
            cat,
        ]

    def _technicians(self) -> list[Flowable]:
        t = self.t
        rows: list[list[Any]] = [
            [
                t("t_no"),
                t("t_name"),
                t("t_jobs"),
                t("t_hours"),
                t("t_util"),
                t("t_km"),
                t("t_resp"),
                t("t_rating"),
                t("t_revenue"),
                t("t_cost"),
            ]
        ]
        for r in self.data.technicians:
            rows.append(
                [
                    str(r.id),
                    fmt.clip(r.name, 26),
                    fmt.count(r.jobs),
                    fmt.hours(r.on_site_s),
                    fmt.pct(r.utilization) + ("" if r.shift_recorded else "*"),
                    fmt.km(r.travel_km),
                    fmt.minutes(r.response_mean_s),
                    fmt.rating(r.rating_mean),
                    self.money(r.revenue_cents),
                    self.money(r.cost_cents),
                ]
            )
        w = self.width
        widths = [w * 0.06, w * 0.17] + [w * 0.08] * 3 + [w * 0.075] * 2 + [w * 0.06]
        widths += [w * 0.12, w * 0.11]
        return [
            CondPageBreak(120),
            self._h2("technicians"),
            Paragraph(escape(t("t_note")), self.styles["small"]),
            Spacer(1, 3),
            self.table(rows, widths, align_right_from=2),
        ]

    def _call_cells(self, row: Any) -> list[Any]:
        who = escape(row.customer) + "<br/>" + escape(row.address)
        return [
            f"#{row.id}",
            fmt.local(row.created_at, self.tz, "%m-%d %H:%M"),
            self.t.name(row.category),
            Paragraph(who, self.styles["cell"]),
            Paragraph(escape(row.technicians or "–"), self.styles["cell"]),
        ]

    def _more(self, capped: Capped) -> list[Flowable]:
        if capped.more <= 0:
            return []
        return [Paragraph(escape(self.t("more", k=fmt.count(capped.more))), self.styles["small"])]

    def _breaches(self) -> list[Flowable]:
        t, capped, w = self.t, self.data.breaches, self.width
        head = [self._h2("breaches")]
        if not capped.rows:
            return [*head, Paragraph(escape(t("none")), self.styles["body"])]
        rows: list[list[Any]] = [
            [
                t("col_call"),
                t("col_received"),
                t("col_category"),
                t("col_customer"),
                t("col_tech"),
                t("col_priority"),
                t("b_late"),
            ]
        ]
        rows += [
            [*self._call_cells(r), t.name(r.priority), fmt.minutes(r.late_s)] for r in capped.rows
        ]
        widths = [w * 0.08, w * 0.11, w * 0.13, w * 0.34, w * 0.16, w * 0.08, w * 0.1]
        return [*head, self.table(rows, widths, align_right_from=6), *self._more(capped)]

    def _ratings(self) -> list[Flowable]:
        t, capped, w = self.t, self.data.low_ratings, self.width
        head = [self._h2("low_ratings")]
        if not capped.rows:
            return [*head, Paragraph(escape(t("none")), self.styles["body"])]
        rows: list[list[Any]] = [
            [
                t("col_call"),
                t("col_received"),
                t("col_category"),
                t("col_customer"),
                t("col_tech"),
                t("col_rating"),
                t("col_feedback"),
            ]
        ]
        rows += [
            [
                *self._call_cells(r),
                str(r.rating),
                Paragraph(escape(r.feedback or "–"), self.styles["cell"]),
            ]
            for r in capped.rows
        ]
        widths = [w * 0.07, w * 0.1, w * 0.11, w * 0.26, w * 0.13, w * 0.06, w * 0.27]
        return [*head, self.table(rows, widths, align_right_from=99), *self._more(capped)]


def build_weekly_pdf(
    db: Database,
    *,
    week: str,
    tz: str = CENTER_TZ,
    lang: str = "en",
    paper: str = "a4",
    progress: Progress | None = None,
    plans_file: str | Path | None = None,
) -> bytes:
    """The weekly report as PDF bytes; bad input raises ReportError before any query."""
    text, period = Text(lang), parse_week(week, zone(tz))
    check_paper(paper)
    data = collect_weekly(db, period, plans_file=plans_file, progress=progress)
    if progress:
        progress(0.65, "layout")
    pdf = WeeklyRenderer(data, lang=text.lang, paper=paper).render()
    if progress:
        progress(1.0, "done")
    return pdf
