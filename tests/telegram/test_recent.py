"""A bounded set of recent ids keeps the newest and forgets the oldest."""

from bot.telegram.recent import RecentIds


def test_the_oldest_ids_are_forgotten_first() -> None:
    recent = RecentIds(3)
    for item in (1, 2, 3):
        recent.add(item)
    recent.add(1)  # seen again: now the newest
    recent.add(4)
    assert 2 not in recent
    assert all(item in recent for item in (1, 3, 4))


def test_a_discarded_id_is_no_longer_held() -> None:
    recent = RecentIds(3)
    recent.add(7)
    recent.discard(7)
    recent.discard(8)  # never held: nothing happens
    assert 7 not in recent
