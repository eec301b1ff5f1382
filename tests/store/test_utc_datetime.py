"""`UTCDateTime`: whatever goes in, aware `timezone.utc` comes out, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Column, Engine, Integer, MetaData, Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import StatementError

from trainer.store.engine import make_engine
from trainer.store.types import UTCDateTime

metadata = MetaData()
moments = Table(
    "moment",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime),
)


@pytest.fixture(scope="module")
def memory() -> Iterator[Engine]:
    engine = make_engine("sqlite://")
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def _round_trip(engine: Engine, value: datetime) -> datetime:
    with engine.begin() as connection:
        key = connection.execute(insert(moments).values(at=value)).inserted_primary_key[0]
        back = connection.execute(select(moments.c.at).where(moments.c.id == key)).scalar_one()
    assert isinstance(back, datetime)
    return back


@given(
    st.datetimes(
        min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.timezones()
    )
)
def test_round_trip_gives_the_same_instant_in_utc(memory: Engine, value: datetime) -> None:
    back = _round_trip(memory, value)
    assert back.tzinfo is timezone.utc  # noqa: UP017 (the object fsrs insists on)
    # (compared in UTC: PEP 495 makes a time in a DST fold unequal to any other zone's)
    assert back == value.astimezone(UTC)


def test_sqlite_stores_utc_wall_time_so_comparisons_follow_time(memory: Engine) -> None:
    tokyo = timezone(timedelta(hours=9))
    early = datetime(2026, 1, 1, 8, 0, tzinfo=tokyo)  # 23:00 UTC the day before
    late = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    with memory.begin() as connection:
        connection.execute(moments.delete())
        connection.execute(insert(moments), [{"at": early}, {"at": late}])
        first = connection.execute(select(moments.c.at).order_by(moments.c.at)).scalars().first()
        later = connection.execute(
            select(moments.c.at).where(moments.c.at > datetime(2025, 12, 31, 23, 10, tzinfo=UTC))
        ).scalars()
        assert first == early
        assert list(later) == [late]


def test_naive_datetimes_are_refused(memory: Engine) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        _round_trip(memory, datetime(2026, 1, 1, 12))


def test_postgresql_values_are_normalised_too() -> None:
    column = UTCDateTime()
    pg = postgresql.dialect()
    from_pg = datetime(2026, 1, 1, 12, tzinfo=ZoneInfo("Etc/UTC"))
    back = column.process_result_value(from_pg, pg)
    assert back is not None and back.tzinfo is timezone.utc and back == from_pg  # noqa: UP017
    bound = column.process_bind_param(datetime(2026, 1, 1, 21, tzinfo=ZoneInfo("Asia/Tokyo")), pg)
    assert bound == datetime(2026, 1, 1, 12, tzinfo=UTC) and bound.tzinfo is UTC
    naive_for_sqlite = column.process_bind_param(from_pg, sqlite.dialect())
    assert naive_for_sqlite == datetime(2026, 1, 1, 12)
