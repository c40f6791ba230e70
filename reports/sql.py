"""Dialect helpers so one SQLAlchemy Core query means the same on SQLite and PostgreSQL.

Timestamps are naive UTC text in SQLite and ``timestamptz`` in PostgreSQL. Durations are
exact on both: ``strftime('%s')`` whole seconds plus the stored microseconds on SQLite,
``EXTRACT(EPOCH ...)`` on PostgreSQL. Local hour and weekday buckets add a fixed offset to
whole epoch seconds and use integer division, so a call at exactly 22:00:00 lands in hour 22
on both; periods with a DST change are split by :func:`reports.period.offset_segments`.
p90 is ``percentile_cont(0.9)`` on PostgreSQL; SQLite has no ordered-set aggregates, so it
counts the rows and reads the two neighbouring values with ORDER BY ... LIMIT 2 OFFSET k,
interpolating exactly as percentile_cont does.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import BigInteger, Float, Integer, cast, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def num(value: Any) -> float | None:
    """A database number (Decimal on PostgreSQL) as float; NULL stays None."""
    if value is None:
        return None
    return float(value)


def _div(expr: Any, n: int) -> ColumnElement[int]:
    """Integer division as the database does it (both operands whole, both positive here);
    precedence 8 makes SQLAlchemy parenthesise a lower-precedence operand like ``a + b``."""
    return expr.op("/", precedence=8, return_type=Integer)(literal(n))  # type: ignore[no-any-return]


def _mod(expr: Any, n: int) -> ColumnElement[int]:
    return expr.op("%", precedence=8, return_type=Integer)(literal(n))  # type: ignore[no-any-return]


def _fraction(col: Any) -> ColumnElement[float]:
    """The ``.ffffff`` after 'YYYY-MM-DD HH:MM:SS' in SQLite's stored text (0 if absent)."""
    return cast(func.substr(col, 20), Float)


class Dialect:
    """Builds the few expressions that differ between SQLite and PostgreSQL."""

    def __init__(self, session: Session) -> None:
        self.pg = _is_pg(session)

    def seconds_between(self, start: Any, end: Any) -> ColumnElement[float]:
        """``end - start`` in seconds (NULL if either is NULL), exact to the microsecond.

        SQLite: whole seconds from ``strftime('%s')`` plus the stored ``.ffffff`` tails;
        ``julianday`` differences carry ~1e-4 s of float error, enough to flip a rounding
        tie (an hour total of x.x5) between SQLite and PostgreSQL.
        """
        if self.pg:
            return cast(func.extract("epoch", end) - func.extract("epoch", start), Float)
        whole = cast(self.epoch_seconds(end) - self.epoch_seconds(start), Float)
        return whole + (_fraction(end) - _fraction(start))

    def epoch_seconds(self, col: Any) -> ColumnElement[int]:
        """Whole seconds since 1970-01-01 UTC (floored).

        SQLite parses the text to whole milliseconds first, so ``strftime('%s')`` of
        '...:09.999837' reads 10 s; the fraction is cut off before parsing (it is added back
        exactly by :meth:`seconds_between`), or a duration gains a second and a call 0.4 ms
        before 22:00 lands in hour 22."""
        if self.pg:
            return cast(func.floor(func.extract("epoch", col)), BigInteger)
        return cast(func.strftime("%s", func.substr(col, 1, 19)), BigInteger)

    def local_hour(self, col: Any, offset: int) -> ColumnElement[int]:
        local = self.epoch_seconds(col) + literal(offset)
        return _mod(_div(local, 3600), 24)

    def local_weekday(self, col: Any, offset: int) -> ColumnElement[int]:
        """0 = Monday (1970-01-01 was a Thursday, weekday 3)."""
        local = self.epoch_seconds(col) + literal(offset)
        return _mod(_div(local, 86400) + literal(3), 7)

    def time_seconds(self, col: Any) -> ColumnElement[int]:
        """Seconds after midnight of a TIME column."""
        if self.pg:
            return cast(func.extract("epoch", col), Integer)
        return cast(func.strftime("%s", literal("1970-01-01 ").op("||")(col)), Integer)

    def p90(self, session: Session, expr: Any, *where: Any) -> float | None:
        """The 0.9 quantile (linear interpolation, like percentile_cont) of non-NULL ``expr``."""
        conds = [*where, expr.isnot(None)]
        if self.pg:
            stmt = select(func.percentile_cont(0.9).within_group(expr)).where(*conds)
            return num(session.execute(stmt).scalar())
        n = session.execute(select(func.count()).where(*conds)).scalar() or 0
        if n == 0:
            return None
        pos = 0.9 * (n - 1)
        lo = math.floor(pos)
        rows = (
            session.execute(
                select(expr.label("v")).where(*conds).order_by(expr).limit(2).offset(lo)
            )
            .scalars()
            .all()
        )
        first = float(rows[0])
        if len(rows) == 1 or pos == lo:
            return first
        return first + (float(rows[1]) - first) * (pos - lo)
