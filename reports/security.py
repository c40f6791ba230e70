"""The monthly security audit report (定期安全审计报告): one renderer class over
:mod:`reports.security_data`, in English or Chinese, with the embedded report font.

``build_security_pdf`` is what the CLI (``report security``) and the console (through the
hub's ``security_report`` request, ``security_pdf``) share; it returns bytes.
"""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph, Spacer

from console.db.engine import Database
from console.errors import InvalidInput
from reports import fmt
from reports.data import center_time_zone
from reports.errors import ReportError
from reports.i18n import Text
from reports.layout import ReportRenderer
from reports.security_data import (
    CERT_WARN_DAYS,
    Row,
    SecurityData,
    cert_days_left,
    collect_security,
)
from reports.security_text import SecurityText

#: Sections of audit rows, in the order printed: (data key, heading key).
SECTIONS = (
    ("lockouts", "s_lockouts"),
    ("accounts", "s_accounts"),
    ("revocations", "s_revocations"),
    ("overrides", "s_overrides"),
    ("exports", "s_exports"),
    ("denied", "s_denied"),
    ("retention", "s_retention"),
    ("policy", "s_policy"),
)


def _detail(row: Row) -> str:
    """The row's before/after in short ``key=value`` form."""
    parts: list[str] = []
    if row.before:
        parts.append(" ".join(f"{k}={_v(v)}" for k, v in row.before.items()) + " →")
    if row.after:
        parts.append(" ".join(f"{k}={_v(v)}" for k, v in row.after.items()))
    return " ".join(parts)


def _v(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class SecurityRenderer(ReportRenderer):
    title_key = "security_title"

    def __init__(self, data: SecurityData, *, lang: str, paper: str = "a4") -> None:
        self.data = data
        super().__init__(
            text=SecurityText(lang),
            paper=paper,
            center=data.center,
            subtitle=data.period.label,
            generated_at=data.generated_at,
            tz=data.period.tz,
        )

    def _h2(self, key: str, n: int | None = None) -> Paragraph:
        label = self.t(key) + (f" ({n})" if n is not None else "")
        return Paragraph(escape(label), self.styles["h2"])

    def _cell(self, text: str) -> Paragraph:
        return Paragraph(escape(fmt.clip(text, 400)), self.styles["cell"])

    def _story(self) -> list[Flowable]:
        t, d = self.t, self.data
        story: list[Flowable] = [
            Paragraph(escape(t("security_title")), self.styles["title"]),
            Paragraph(
                escape(f"{d.center} · {t('month')} {d.period.label} · {d.period.tz.key}"),
                self.styles["sub"],
            ),
        ]
        story += self._summary() + self._people() + self._hours() + self._hubs()
        for key, heading in SECTIONS:
            story += self._section(key, heading)
        story += self._keys()
        return story

    def _summary(self) -> list[Flowable]:
        t, d = self.t, self.data
        rows: list[list[Any]] = [[t("summary"), t("count")]]
        rows.append([t("n_sign_ins"), fmt.count(sum(p.sign_ins for p in d.people))])
        rows.append([t("n_failures"), fmt.count(sum(p.failures for p in d.people))])
        for key, heading in SECTIONS:
            rows.append([t(heading), fmt.count(d.count(key))])
        rows.append([t("s_hubs"), fmt.count(d.count("hubs"))])
        w = self.width
        return [self.table(rows, [w * 0.7, w * 0.3], size=8.2), Spacer(1, 4)]

    def _people(self) -> list[Flowable]:
        t, d = self.t, self.data
        out: list[Flowable] = [self._h2("s_people", len(d.people))]
        if not d.people:
            return [*out, Paragraph(escape(t("none")), self.styles["small"])]
        rows: list[list[Any]] = [[t("col_person"), t("col_sign_ins"), t("col_failures")]]
        rows += [[self._cell(p.person), fmt.count(p.sign_ins), fmt.count(p.failures)]
                 for p in d.people]
        w = self.width
        return [*out, self.table(rows, [w * 0.6, w * 0.2, w * 0.2])]

    def _hours(self) -> list[Flowable]:
        t, d = self.t, self.data
        head: list[Any] = [t("col_hour")] + [f"{h:02d}" for h in range(24)]
        ok: list[Any] = [t("col_sign_ins")] + [str(a) for a, _b in d.hours]
        bad: list[Any] = [t("col_failures")] + [str(b) for _a, b in d.hours]
        w = self.width
        return [self._h2("s_hours"), self.table([head, ok, bad], [w * 0.16] + [w * 0.035] * 24,
                                                size=6.2)]

    def _hubs(self) -> list[Flowable]:
        t, d = self.t, self.data
        rows_in = d.sections.get("hubs", [])
        out: list[Flowable] = [self._h2("s_hubs", len(rows_in))]
        if not rows_in:
            return [*out, Paragraph(escape(t("none")), self.styles["small"])]
        rows: list[list[Any]] = [[t("col_time"), t("col_hub"), t("col_tls"), t("col_cert")]]
        for r in rows_in:
            a = r.after or {}
            tls = t("tls_on") if a.get("tls") else (t("tls_insecure") if a.get("insecure")
                                                    else t("tls_off"))
            left = cert_days_left(r, d.generated_at)
            cert = "–" if left is None else t("cert_left", date=str(a["cert_not_after"])[:10],
                                              days=left)
            if left is not None and left <= CERT_WARN_DAYS:
                cert += " " + t("cert_warn")
            rows.append([fmt.local(r.at, d.period.tz), self._cell(f"{a.get('hub_id', '')} "
                                                                  f"{a.get('bind', '')}"),
                         tls, self._cell(cert)])
        w = self.width
        return [*out, self.table(rows, [w * 0.2, w * 0.3, w * 0.15, w * 0.35],
                                 align_right_from=9)]

    def _section(self, key: str, heading: str) -> list[Flowable]:
        t, d = self.t, self.data
        rows_in = d.sections.get(key, [])
        out: list[Flowable] = [self._h2(heading, len(rows_in))]
        if not rows_in:
            return [*out, Paragraph(escape(t("none")), self.styles["small"])]
        rows: list[list[Any]] = [[t("col_time"), t("col_actor"), t("col_action"),
                                  t("col_detail")]]
        for r in rows_in:
            subject = f"#{r.entity_id} " if r.entity_id is not None else ""
            detail = _detail(r) + (f" — {t('reason')}: {r.reason}" if r.reason else "")
            rows.append([fmt.local(r.at, d.period.tz), self._cell(r.actor),
                         self._cell(f"{r.action} {subject}"), self._cell(detail)])
        w = self.width
        return [*out, self.table(rows, [w * 0.16, w * 0.2, w * 0.18, w * 0.46],
                                 align_right_from=9)]

    def _keys(self) -> list[Flowable]:
        t, d = self.t, self.data
        out: list[Flowable] = [self._h2("s_keys", len(d.keys))]
        if d.keys:
            rows: list[list[Any]] = [[t("col_name"), t("col_scopes"), t("col_created"),
                                      t("col_revoked")]]
            tz = d.period.tz
            rows += [[self._cell(k.name), self._cell(k.scopes), fmt.local(k.created_at, tz),
                      fmt.local(k.revoked_at, tz) if k.revoked_at else "–"] for k in d.keys]
            w = self.width
            out.append(self.table(rows, [w * 0.3, w * 0.3, w * 0.2, w * 0.2], align_right_from=9))
        else:
            out.append(Paragraph(escape(t("none")), self.styles["small"]))
        out.append(self._h2("s_hooks", len(d.hooks)))
        if d.hooks:
            rows = [[t("col_url"), t("col_events"), t("col_active"), t("col_failures_h")]]
            rows += [[self._cell(h.url), self._cell(h.events),
                      t("yes") if h.active else t("no"), fmt.count(h.failures)] for h in d.hooks]
            w = self.width
            out.append(self.table(rows, [w * 0.45, w * 0.3, w * 0.1, w * 0.15], align_right_from=3))
        else:
            out.append(Paragraph(escape(t("none")), self.styles["small"]))
        return out


def build_security_pdf(db: Database, *, month: str, tz: str, lang: str = "en",
                       paper: str = "a4") -> bytes:
    Text(lang)  # a clear error for an unknown language before any query
    return SecurityRenderer(collect_security(db, month=month, tz=tz), lang=lang,
                            paper=paper).render()


def security_pdf(db: Database, *, month: str, lang: str = "en", tz: str | None = None) -> bytes:
    """For the hub (console.hub.report_builder): a bad month answers ``invalid``."""
    try:
        return build_security_pdf(db, month=month, tz=tz or center_time_zone(db), lang=lang)
    except ReportError as exc:
        raise InvalidInput(str(exc)) from None
