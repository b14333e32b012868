"""Ordering and scheduling of training tracks, on small cases worked out by hand."""

from __future__ import annotations

import pytest

from macros.curriculum import (
    CycleError,
    RepeatedModuleError,
    Session,
    UnknownModuleError,
    find_cycles,
    order_track,
    schedule,
    teaching_days,
)


def ids(placements) -> list[str]:
    return [placement.module_id for placement in placements]


def test_chain_pulls_in_prerequisites():
    # c needs b, b needs a; the track lists only c.
    placements = order_track(["c"], {"a": [], "b": ["a"], "c": ["b"]})
    assert ids(placements) == ["a", "b", "c"]
    assert [placement.listed for placement in placements] == [False, False, True]
    assert placements[0].needed_by == ("b",)
    assert placements[1].needed_by == ("c",)
    assert placements[2].needed_by == ()


def test_chain_listed_backwards():
    placements = order_track(["c", "b", "a"], {"a": [], "b": ["a"], "c": ["b"]})
    assert ids(placements) == ["a", "b", "c"]
    assert all(placement.listed for placement in placements)


def test_diamond_places_shared_prerequisite_once():
    # d needs b and c, and both need a.
    graph = {"a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"]}
    placements = order_track(["d"], graph)
    assert ids(placements) == ["a", "b", "c", "d"]
    assert placements[0].needed_by == ("b", "c")
    assert placements[3].listed


def test_diamond_keeps_valid_listed_order():
    graph = {"a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"]}
    assert ids(order_track(["a", "c", "b", "d"], graph)) == ["a", "c", "b", "d"]


def test_diamond_order_follows_prerequisite_list():
    # d lists c before b, so c comes first when both are pulled in.
    graph = {"a": [], "b": ["a"], "c": ["a"], "d": ["c", "b"]}
    assert ids(order_track(["d"], graph)) == ["a", "c", "b", "d"]


def test_prerequisite_from_outside_track():
    # The track lists x and d; d needs e, which the track does not list.
    graph = {"x": [], "e": [], "d": ["e"]}
    placements = order_track(["x", "d"], graph)
    assert ids(placements) == ["x", "e", "d"]
    assert [placement.listed for placement in placements] == [True, False, True]
    assert placements[1].needed_by == ("d",)


def test_order_is_stable_for_unrelated_modules():
    graph = {"p": [], "q": [], "r": []}
    assert ids(order_track(["r", "p", "q"], graph)) == ["r", "p", "q"]


def test_cycle_spelled_out():
    graph = {"a": ["b"], "b": ["c"], "c": ["a"]}
    with pytest.raises(CycleError) as caught:
        order_track(["a"], graph)
    assert caught.value.cycle == ["a", "b", "c", "a"]
    assert str(caught.value) == "prerequisites form a cycle: a -> b -> c -> a (each module needs the next one)"


def test_cycle_below_entry_point():
    # x is outside the loop; the message names only the modules in it.
    graph = {"x": ["a"], "a": ["b"], "b": ["a"]}
    with pytest.raises(CycleError) as caught:
        order_track(["x"], graph)
    assert caught.value.cycle == ["a", "b", "a"]


def test_self_reference_rejected():
    with pytest.raises(CycleError) as caught:
        order_track(["a"], {"a": ["a"]})
    assert str(caught.value) == "module 'a' lists itself as a prerequisite: a -> a"


def test_unknown_prerequisite_suggests_nearest():
    graph = {"accounts-kerberos": [], "data-handling": ["accounts-kerberoz"]}
    with pytest.raises(UnknownModuleError) as caught:
        order_track(["data-handling"], graph)
    assert str(caught.value) == (
        "'accounts-kerberoz' is not a known module id (a prerequisite of 'data-handling'); "
        "did you mean 'accounts-kerberos'?"
    )


def test_unknown_listed_module():
    with pytest.raises(UnknownModuleError) as caught:
        order_track(["held-job"], {"held-jobs": []})
    assert str(caught.value) == "'held-job' is not a known module id; did you mean 'held-jobs'?"


def test_unknown_module_without_near_id():
    with pytest.raises(UnknownModuleError) as caught:
        order_track(["zzz"], {"held-jobs": []})
    assert str(caught.value) == "'zzz' is not a known module id"


def test_repeated_listed_module():
    with pytest.raises(RepeatedModuleError) as caught:
        order_track(["a", "b", "a"], {"a": [], "b": []})
    assert str(caught.value) == "'a' is listed more than once in the track"


def test_find_cycles_reports_each_loop_once():
    graph = {"d": ["c"], "c": ["d"], "b": ["a"], "a": ["b"], "e": ["e"], "f": []}
    assert find_cycles(graph) == [["a", "b", "a"], ["c", "d", "c"], ["e", "e"]]


def test_find_cycles_ignores_unknown_ids():
    assert find_cycles({"a": ["missing"], "b": ["a"]}) == []


def test_schedule_fills_days_in_order():
    # 6 h days: 120 + 200 = 320 fits, 320 + 60 = 380 does not, so c starts day 2.
    sessions = schedule([("a", 120), ("b", 200), ("c", 60)], 6)
    assert sessions == [Session("a", 120, 1, 1), Session("b", 200, 1, 1), Session("c", 60, 2, 2)]


def test_schedule_exact_fit_stays_on_day():
    sessions = schedule([("a", 300), ("b", 60), ("c", 1)], 6)
    assert [(session.first_day, session.last_day) for session in sessions] == [(1, 1), (1, 1), (2, 2)]


def test_schedule_never_backfills_earlier_day():
    # c would fit in day 1's last hour, but modules keep their order.
    sessions = schedule([("a", 300), ("b", 120), ("c", 60)], 6)
    assert [session.first_day for session in sessions] == [1, 2, 2]


def test_module_longer_than_day_gets_own_days():
    # 420 min > 360: b starts a fresh day 2, needs ceil(420 / 360) = 2 days, so c starts day 4.
    sessions = schedule([("a", 60), ("b", 420), ("c", 30)], 6)
    assert sessions == [Session("a", 60, 1, 1), Session("b", 420, 2, 3), Session("c", 30, 4, 4)]


def test_long_module_first_starts_day_one():
    sessions = schedule([("a", 720), ("b", 10)], 6)
    # 720 min is exactly two 6 h days.
    assert sessions == [Session("a", 720, 1, 2), Session("b", 10, 3, 3)]


def test_long_module_after_zero_minute_module():
    # A day that already contains a module, even one of 0 minutes, is not the long module's own.
    sessions = schedule([("a", 0), ("b", 400)], 6)
    assert sessions[1] == Session("b", 400, 2, 3)


def test_schedule_with_fractional_hours():
    # 6.5 h is 390 min: 200 + 190 fits exactly.
    sessions = schedule([("a", 200), ("b", 190), ("c", 1)], 6.5)
    assert [session.first_day for session in sessions] == [1, 1, 2]


def test_schedule_of_nothing():
    assert schedule([], 6) == []


def test_teaching_days_group_sessions():
    sessions = schedule([("a", 60), ("b", 60), ("c", 420), ("d", 30)], 6)
    days = teaching_days(sessions)
    assert [(day.first_day, day.last_day) for day in days] == [(1, 1), (2, 3), (4, 4)]
    assert [day.minutes for day in days] == [120, 420, 30]
    assert [session.module_id for session in days[0].sessions] == ["a", "b"]
