from __future__ import annotations

import pytest

from bot.engine.normalize import name_orders, normalize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Asō Haruto", "Asou Haruto"),
        ("Asō", "Asoh"),
        ("Asō", "Aso"),
        ("ASŌ HARUTO", "aso haruto"),
        ("Kitō Aya", "Kito Aya"),
        ("Yūji", "Yuuji"),
        ("アソウ", "あそう"),
        ("ｱｿｳ", "アソウ"),
        ("Aya's mother!", "aya s mother"),
        ("Konayuki (Piano Version)", "konayuki piano version"),
        ("第８話", "第8話"),
        ("  spaced\tout  ", "spaced out"),
    ],
)
def test_same_after_normalising(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


def test_japanese_voicing_marks_survive() -> None:
    # Stripping accents must not strip dakuten: が is not か.
    assert normalize("が") != normalize("か")
    assert normalize("ガ") == normalize("が")


def test_name_orders() -> None:
    assert name_orders("ikeuchi aya") == ("ikeuchi aya", "aya ikeuchi")
    assert name_orders("mari") == ("mari",)


def test_huge_input_is_bounded() -> None:
    assert len(normalize("a" * 100_000)) <= 500
