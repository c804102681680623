"""Name keys and similarity: the import's bounded comparison finds exactly the pairs that
`kemiripan` finds."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from ..nama import Pembanding, kemiripan, nama_kunci
from ..selectors import AMBANG_NAMA

LETTERS = "aaeeiioouuyjkmnrstdlbhg "
WORD = st.text(alphabet=LETTERS.strip(), min_size=1, max_size=9)
NAME = st.lists(WORD, min_size=1, max_size=4).map(" ".join)


def variant(name: str, rng: random.Random) -> str:
    """A name as it is written again elsewhere: a typo, a letter dropped or doubled, two words
    joined or one split, first letters swapped (Djoko/Joko, Yohana/Johana)."""
    letters = list(name)
    for _ in range(rng.randint(0, 3)):
        where = rng.randrange(len(letters))
        change = rng.choice(("typo", "drop", "double", "space"))
        if change == "typo":
            letters[where] = rng.choice(LETTERS.strip())
        elif change == "drop" and len(letters) > 1:
            del letters[where]
        elif change == "double":
            letters.insert(where, letters[where])
        elif change == "space":
            if letters[where] == " ":
                del letters[where]
            else:
                letters.insert(where, " ")
    return " ".join("".join(letters).split()) or name


def same_pairs(a: str, b: str) -> None:
    expected = kemiripan(a, b)
    found = Pembanding(AMBANG_NAMA).mirip(a, b)
    assert found == (expected if expected >= AMBANG_NAMA else None), (a, b, expected)


@settings(max_examples=400, derandomize=True)
@given(NAME, NAME, st.integers(0, 2**32))
def test_bounded_comparison_finds_the_same_pairs(a, b, seed):
    rng = random.Random(seed)
    same_pairs(a, b)
    same_pairs(a, variant(a, rng))
    same_pairs(variant(b, rng), b)


@settings(max_examples=100, derandomize=True)
@given(st.lists(NAME, min_size=1, max_size=12), st.integers(0, 2**32))
def test_a_group_compared_at_once_finds_the_same_pairs(names, seed):
    """`cocok` (one name against a group, the import's inner loop) finds exactly the names of
    the group that kemiripan puts at or above the threshold, with kemiripan's score."""
    rng = random.Random(seed)
    group = names + [variant(name, rng) for name in names]
    pembanding = Pembanding(AMBANG_NAMA)
    for a in group:
        expected = [(i, kemiripan(a, b)) for i, b in enumerate(group)]
        assert pembanding.cocok(a, group) == [(i, k) for i, k in expected if k >= AMBANG_NAMA]


def test_letters_written_more_often_than_their_bits_still_bound_the_ratio():
    """A letter past its 16 bits counts through `lebih`: the bound stays above difflib's ratio."""
    for a, b in [("a" * 20, "a" * 19 + "b"), ("a" * 40, "a" * 36), ("ab" * 18, "ba" * 18)]:
        same_pairs(a, b)
        same_pairs(b, a)
        assert Pembanding(AMBANG_NAMA).mirip(a, b) is not None


def test_bounded_comparison_on_names_people_write():
    pairs = [
        ("Yohana Lambung", "Johana Lambung"),
        ("Djoko Susilo", "Joko Susilo"),
        ("Siti Aminah", "Sitiaminah"),
        ("Hj. Siti Aminah, S.Pd.", "Siti Aminah"),
        ("M. Ali", "Muhammad Ali"),
        ("Agustinus Nyahu", "Agustinus Nyahu Pahu"),
        ("Maria Riwut", "Mario Riwut"),
        ("Ahmad Tuah", "Tingang Usup"),
    ]
    for a, b in pairs:
        same_pairs(nama_kunci(a), nama_kunci(b))
        same_pairs(nama_kunci(b), nama_kunci(a))


def test_bound_rules_most_unrelated_pairs_out_and_keeps_the_close_ones():
    """Not vacuous: the bound really skips difflib for most pairs of unrelated names (what makes
    the import's search cheap), and every close pair still reaches difflib."""
    rng = random.Random(7)
    words = ["agustinus", "yohana", "markus", "siti", "lambung", "nyahu", "riwut", "tuah"]
    names = [" ".join(rng.sample(words, 2)) for _ in range(200)]
    pembanding = Pembanding(AMBANG_NAMA)
    skipped = sum(not pembanding._mungkin(a, b) for a in names[:50] for b in names[50:])
    assert skipped > 0.5 * 50 * 150
    close = [(a, v) for a in names if kemiripan(a, v := variant(a, rng)) >= AMBANG_NAMA]
    assert len(close) > 50
    assert all(pembanding._mungkin(a, v) for a, v in close)
