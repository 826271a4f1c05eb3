"""Reminders and check-ins in the store: kept with the state in one commit, found when due,
not for people who blocked the bot, and erased with the person."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.core.replies import Schedule, Unschedule
from bot.core.state import Frame, Plan, PlanKind, State
from bot.store.base import DuePlan, ReportStore
from tests.store.conftest import OpenStore

NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)
PLAN = Plan(1, PlanKind.APPOINTMENT, NOW + dt.timedelta(hours=1), day=dt.date(2026, 12, 9))
CHECKIN = Plan(2, PlanKind.CHECKIN, NOW + dt.timedelta(days=7), every=7, start=Frame("c", "d"))
STATE = State(lang="en", stack=(Frame("menu", "main"),), plans=(PLAN, CHECKIN), planned=2)


async def rows(store: ReportStore) -> list[tuple[object, ...]]:
    return await store.fetch("SELECT person, id, kind, paused FROM plans ORDER BY id")


async def test_plans_are_kept_with_the_state_and_found_when_due(open_store: OpenStore) -> None:
    store = await open_store()
    await store.save("tg:1", STATE, (Schedule(PLAN), Schedule(CHECKIN)), NOW)
    assert await rows(store) == [("tg:1", 1, "appointment", 0), ("tg:1", 2, "checkin", 0)]
    assert await store.due_plans(NOW, 10) == []
    assert await store.due_plans(NOW + dt.timedelta(hours=1), 10) == [DuePlan("tg:1", 1)]
    await store.close()
    reopened = await open_store()  # a restart: the schedule is the store's
    later = NOW + dt.timedelta(days=8)
    assert await reopened.due_plans(later, 10) == [DuePlan("tg:1", 1), DuePlan("tg:1", 2)]
    assert await reopened.due_plans(later, 1) == [DuePlan("tg:1", 1)]
    assert (await reopened.load("tg:1")) == STATE


async def test_paused_sent_and_cancelled_plans_are_not_due(store: ReportStore) -> None:
    await store.save("tg:1", STATE, (Schedule(PLAN), Schedule(CHECKIN)), NOW)
    paused = dataclasses.replace(CHECKIN, paused=True)
    await store.save("tg:1", STATE, (Unschedule(1), Schedule(paused)), NOW)
    assert await rows(store) == [("tg:1", 2, "checkin", 1)]
    assert await store.due_plans(NOW + dt.timedelta(days=30), 10) == []


async def test_a_person_who_blocked_the_bot_is_not_woken_until_they_return(
    store: ReportStore,
) -> None:
    await store.save("tg:1", STATE, (Schedule(PLAN),), NOW)
    await store.set_active("tg:1", False)
    later = NOW + dt.timedelta(hours=2)
    await store.save("tg:1", STATE, (), later, by_person=False)  # the clock, not the person
    assert await store.due_plans(later, 10) == []
    await store.save("tg:1", STATE, (), later)  # they wrote again
    assert await store.due_plans(later, 10) == [DuePlan("tg:1", 1)]


async def test_forgetting_a_person_leaves_no_plan(store: ReportStore) -> None:
    await store.save("tg:1", STATE, (Schedule(PLAN), Schedule(CHECKIN)), NOW)
    assert await store.forget("tg:1")
    assert await rows(store) == []
