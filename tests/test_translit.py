"""Cyrillic → Latin transliteration: the Ukrainian national system, Russian, and media variants."""

from __future__ import annotations

import pytest

from knowledge.text.translit import has_cyrillic, latin_variants, russian_to_latin, ukrainian_to_latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Дмитро Кулеба", "Dmytro Kuleba"),
        ("Володимир Зеленський", "Volodymyr Zelenskyi"),
        ("Олексій Резніков", "Oleksii Reznikov"),
        ("Харків", "Kharkiv"),
        ("Щербухи", "Shcherbukhy"),
        ("Ґалаґан", "Galagan"),
        ("Україна", "Ukraina"),
        ("Гайсин", "Haisyn"),
    ],
)
def test_ukrainian_national_system_spells_names_as_in_passports(cyrillic: str, latin: str) -> None:
    assert ukrainian_to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Єнакієве", "Yenakiieve"),  # є: Ye at the start, ie inside
        ("Їжакевич", "Yizhakevych"),  # ї: Yi at the start
        ("Київ", "Kyiv"),  # ї: i inside
        ("Йосипівка", "Yosypivka"),  # й: Y at the start
        ("Стрий", "Stryi"),  # й: i inside
        ("Юрій", "Yurii"),
        ("Яготин", "Yahotyn"),
        ("Костянтин", "Kostiantyn"),  # я: ia inside
        ("Згорани", "Zghorany"),  # зг → zgh, not the digraph zh
        ("Розгон", "Rozghon"),
    ],
)
def test_ukrainian_letters_change_spelling_at_word_start(cyrillic: str, latin: str) -> None:
    assert ukrainian_to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Знам'янка", "Znamianka"), ("Кам’янець-Подільський", "Kamianets-Podilskyi"), ("Мар'їне", "Marine")],
)
def test_ukrainian_apostrophe_and_soft_sign_are_dropped(cyrillic: str, latin: str) -> None:
    assert ukrainian_to_latin(cyrillic) == latin


def test_word_start_rule_applies_after_punctuation_and_hyphens() -> None:
    assert ukrainian_to_latin("Нова-Ялта, «Юрій»") == "Nova-Yalta, «Yurii»"


def test_case_is_kept_including_all_caps_words() -> None:
    assert ukrainian_to_latin("ЖУК і Жук") == "ZHUK i Zhuk"
    assert ukrainian_to_latin("ЩОКА") == "SHCHOKA"


def test_non_cyrillic_text_passes_through_unchanged() -> None:
    text = "Kuleba met O'Brien (NATO) on 5 May — 'quote'"
    assert ukrainian_to_latin(text) == text
    assert russian_to_latin(text) == text


def test_mixed_script_text_transliterates_only_cyrillic() -> None:
    assert ukrainian_to_latin("Глава Ukroboronprom — Гусєв") == "Hlava Ukroboronprom — Husiev"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Дмитрий Медведев", "Dmitriy Medvedev"),
        ("Сергей Шойгу", "Sergey Shoygu"),
        ("Ельцин", "Yeltsin"),  # е at word start → ye
        ("Сергеев", "Sergeyev"),  # е after a vowel → ye
        ("Пётр", "Pyotr"),  # ё → yo
        ("Горбачёв", "Gorbachov"),  # ё after a hushing consonant → o
        ("Объединение", "Obyedineniye"),  # ъ dropped
        ("Крылья", "Krylya"),  # ы → y, ь dropped
        ("Эрмитаж", "Ermitazh"),  # э → e
        ("Хабаровск", "Khabarovsk"),
    ],
)
def test_russian_english_style_transliteration(cyrillic: str, latin: str) -> None:
    assert russian_to_latin(cyrillic) == latin


def test_russian_system_reads_ukrainian_letters_too() -> None:
    assert russian_to_latin("Зеленський") == "Zelenskiy"
    assert russian_to_latin("Київ") == "Kiyiv"


def test_latin_variants_cover_the_spellings_english_media_use() -> None:
    variants = latin_variants("Зеленський")
    assert {"zelenskyi", "zelenskyy", "zelensky", "zelenskiy"} <= variants


def test_latin_variants_include_both_systems_and_kh_h() -> None:
    variants = latin_variants("Георгій Тихий")
    assert "heorhii tykhyi" in variants  # Ukrainian national
    assert "georgiy tikhiy" in variants  # Russian
    assert "heorhiy tyhyy" in variants  # -iy / -yy endings, kh → h


def test_latin_variants_swap_ia_and_ya_inside_words() -> None:
    assert {"mariia", "mariya"} <= latin_variants("Марія")


def test_latin_variants_are_lowercase_and_bounded() -> None:
    variants = latin_variants("Володимир Олександрович Зеленський Юрійович Тихий Андрієнко")
    assert all(v == v.lower() for v in variants)
    assert len(variants) <= 256


def test_latin_variants_of_latin_text_is_just_its_lowercase() -> None:
    assert latin_variants("NATO") == {"nato"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Кулеба", True), ("Kuleba", False), ("Mixed Кулеба", True), ("", False), ("Łódź", False)],
)
def test_has_cyrillic(text: str, expected: bool) -> None:
    assert has_cyrillic(text) is expected
