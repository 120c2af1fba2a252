"""Bounded memos: the least recently used go first, by count or by size."""

from __future__ import annotations

from generator.memo import Memo


def test_memo_drops_the_least_recently_used_past_its_limit() -> None:
    memo: Memo[str, int] = Memo(2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # now "b" is the least recently used
    memo.put("c", 3)
    assert (memo.get("a"), memo.get("b"), memo.get("c"), len(memo)) == (1, None, 3, 2)


def test_memo_limited_by_size_keeps_what_fits_and_nothing_too_large() -> None:
    memo: Memo[bytes, int] = Memo(10, size=lambda key, value: len(key))
    memo.put(b"12345", 1)
    memo.put(b"123456", 2)  # 11 bytes: the older goes
    assert (memo.get(b"12345"), memo.get(b"123456")) == (None, 2)
    memo.put(b"x" * 11, 3)  # larger than the limit: kept by nobody
    assert len(memo) == 0
    memo.put(b"abc", 4)
    memo.put(b"abc", 5)  # put again: counted once
    memo.put(b"1234567", 6)
    assert (memo.get(b"abc"), memo.get(b"1234567")) == (5, 6)
    memo.clear()
    assert len(memo) == 0 and memo.get(b"abc") is None
