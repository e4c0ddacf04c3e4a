from pcmt.core.text import fold, fold_words, normalize_name, sort_key


def test_fold_strips_tones_and_letter_marks_and_d_stroke():
    assert fold("  Nguyễn  Văn HÙNG ") == "nguyen van hung"
    assert fold("Đỗ Bá Đức") == "do ba duc"
    assert fold("Hưng") == fold("Hùng") == "hung"


def test_fold_words_drops_punctuation():
    assert fold_words("Nguyễn-Văn  (Tý)") == ["nguyen", "van", "ty"]


def test_normalize_name_capitalises_each_word_and_squeezes_spaces():
    assert normalize_name("  nguyễn   VĂN hùng ") == "Nguyễn Văn Hùng"


def test_sort_key_orders_by_given_name_in_vietnamese_alphabet():
    names = [
        "Nguyễn Văn Hưng",
        "Đỗ Bá Đức",
        "Nguyễn Văn Hùng",
        "Phạm Văn Dũng",
        "Lê Văn Ánh",
        "Nguyễn Ân",
        "Trần Thị An",
    ]
    assert sorted(names, key=sort_key) == [
        "Trần Thị An",
        "Lê Văn Ánh",
        "Nguyễn Ân",
        "Phạm Văn Dũng",
        "Đỗ Bá Đức",
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hưng",
    ]


def test_sort_key_uses_the_whole_name_when_given_names_are_equal():
    assert sorted(["Trần Văn An", "Lê Văn An"], key=sort_key) == ["Lê Văn An", "Trần Văn An"]


def test_sort_key_is_digits_only_so_any_collation_agrees():
    assert sort_key("Nguyễn Văn Hùng").isdigit()
