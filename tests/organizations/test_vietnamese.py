from organizations.vietnamese import fold, given_name, name_sort_key


def test_fold_removes_diacritics_and_d_bar():
    assert fold("  Đặng   Thị Ngọc Ánh ") == "dang thi ngoc anh"
    assert fold("ĐỖ VĂN ĐỨC") == "do van duc"


def test_given_name_is_the_last_word():
    assert given_name("Nguyễn Văn An") == "An"
    assert given_name("") == ""


def test_names_sort_by_given_name_then_family_name():
    names = ["Trần Văn Bình", "Nguyễn Văn An", "Lê Thị An", "Phạm Anh"]
    assert sorted(names, key=name_sort_key) == [
        "Lê Thị An",
        "Nguyễn Văn An",
        "Phạm Anh",
        "Trần Văn Bình",
    ]


def test_letters_follow_the_vietnamese_alphabet():
    # a < ă < â, d < đ, o < ô < ơ, u < ư
    names = ["X Ân", "X Ăn", "X An", "X Đan", "X Dan", "X Ơn", "X Ôn", "X On", "X Ưng", "X Ung"]
    assert sorted(names, key=name_sort_key) == [
        "X An", "X Ăn", "X Ân", "X Dan", "X Đan", "X On", "X Ôn", "X Ơn", "X Ung", "X Ưng",
    ]  # fmt: skip


def test_tones_break_ties_in_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    names = ["X Mạ", "X Má", "X Mã", "X Mả", "X Mà", "X Ma"]
    assert sorted(names, key=name_sort_key) == ["X Ma", "X Mà", "X Mả", "X Mã", "X Má", "X Mạ"]


def test_letters_outweigh_tones():
    assert sorted(["X Ánh", "X Anh", "X Ạn"], key=name_sort_key) == ["X Ạn", "X Anh", "X Ánh"]


def test_key_uses_only_lowercase_ascii_letters():
    key = name_sort_key("Nguyễn Thị Thu Hường")
    assert key and set(key) <= set("abcdefghijklmnopqrstuvwxyz")
