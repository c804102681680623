"""Indonesian personal names for duplicate detection. Pure functions, no Django.

The same person is written "Muhammad Ali", "Muh. Ali", "M. Ali, S.Pd." or "H. Moh Ali": the key
drops academic and religious titles, unifies the variants of Muhammad and ignores punctuation and
spacing, so that those compare equal or nearly so.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from difflib import SequenceMatcher

# Titles written before or after a name (academic, religious, nobility), compared without dots.
_GELAR = {
    "h",
    "hj",
    "haji",
    "hajjah",
    "drs",
    "dra",
    "dr",
    "ir",
    "prof",
    "ust",
    "ustadz",
    "ustad",
    "kh",
    "st",
    "sh",
    "se",
    "spd",
    "spdi",
    "sag",
    "sos",
    "ssos",
    "sip",
    "skm",
    "skep",
    "sked",
    "skom",
    "sst",
    "ssi",
    "sth",
    "sp",
    "spt",
    "shut",
    "ssit",
    "amd",
    "amk",
    "amkep",
    "amdkeb",
    "mpd",
    "msi",
    "mm",
    "mh",
    "mag",
    "mkes",
    "mt",
    "ma",
    "bsc",
    "ba",
    "drg",
    "apt",
    "ns",
    "bpk",
    "bapak",
    "ibu",
    "sdr",
    "sdri",
    "tn",
    "ny",
    "nn",
    "alm",
    "almh",
    "raden",
    "rd",
}
# Spellings of Muhammad (and its abbreviations) seen on ID cards.
_MUHAMMAD = {
    "m",
    "muh",
    "moh",
    "mhd",
    "mohd",
    "moch",
    "much",
    "muhd",
    "muhamad",
    "muhammad",
    "muhammat",
    "mohamad",
    "mohammad",
    "mochamad",
    "mochammad",
    "muchamad",
    "muchammad",
    "mohamed",
    "md",
}


def nama_kunci(nama: str) -> str:
    """The comparison key of a name: lower case, no titles, Muhammad unified, single spaces."""
    text = unicodedata.normalize("NFKD", nama or "").encode("ascii", "ignore").decode().lower()
    # Titles after a comma ("Ali, S.Pd.") are never part of the name.
    text = text.split(",")[0] if "," in text else text
    kept = []
    for token in text.split():
        # A title written with dots ("S.Pd.", "A.Md.Keb") is one word once its dots go;
        # any other dotted token ("M.Ali") is several words.
        if re.sub(r"[^a-z]", "", token) in _GELAR:
            continue
        for word in re.sub(r"[^a-z]", " ", token).split():
            if word not in _GELAR:
                kept.append("muhammad" if word in _MUHAMMAD else word)
    # "Siti Aminah" and "Sitiaminah": spacing is not a difference.
    return " ".join(kept)


def kemiripan(a: str, b: str) -> float:
    """Similarity of two name keys in [0, 1]: the better of the character ratio with and without
    spaces, so both typos and split or joined words are forgiven."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    spaced = SequenceMatcher(None, a, b).ratio()
    joined = SequenceMatcher(None, a.replace(" ", ""), b.replace(" ", "")).ratio()
    return max(spaced, joined)


class Pembanding:
    """`kemiripan(a, b)` for many pairs when only those reaching `ambang` matter (the import's
    duplicate search compares each new record with every stored one of its birth date). The
    same answer as `kemiripan`, cheaper: difflib's ratio 2·M/T never exceeds the bound from the
    letters two names share (M ≤ the common letters, with or without spaces; difflib's
    quick_ratio), so a pair whose bound — first from the lengths alone, then from the letter
    counts — is below `ambang` cannot reach it and difflib is not run for it. Build one per group
    of names compared: it remembers each name's letter counts.

    The letters two names share are counted with one AND of two integers and a bit count (the
    search makes millions of comparisons at 1M records): a name's letters are the bits
    (letter, k-th occurrence), `_LEBAR` bits a letter; a letter written more often than that adds
    its extra occurrences to `lebih`, and the shared count takes the smaller `lebih` on top, so it
    is never below the true count (and equal to it in any real name)."""

    _LEBAR = 16

    def __init__(self, ambang: float):
        self.ambang = ambang
        self.profil: dict[str, tuple[int, int, int, int]] = {}
        self.slot: dict[str, int] = {}

    def _profil(self, nama: str) -> tuple[int, int, int, int]:
        """(length, spaces, letter bits, occurrences beyond `_LEBAR` of a letter)."""
        found = self.profil.get(nama)
        if found is None:
            counts = Counter(nama)
            spaces = counts.pop(" ", 0)
            bits = lebih = 0
            for letter, count in counts.items():
                slot = self.slot.setdefault(letter, len(self.slot))
                bits |= ((1 << min(count, self._LEBAR)) - 1) << (slot * self._LEBAR)
                lebih += max(count - self._LEBAR, 0)
            found = self.profil[nama] = (len(nama), spaces, bits, lebih)
        return found

    def _calon(self, a: str, others: list[str]) -> Iterator[int]:
        """The indexes of `others` whose pair with `a` may reach `ambang` (a pair left out
        certainly cannot). One loop for the many names of a group: this is the search's inner
        loop."""
        ambang = self.ambang
        profil = self._profil
        la, sa, ba, xa = profil(a)
        ja = la - sa
        for index, b in enumerate(others):
            lb, sb, bb, xb = profil(b)
            jb = lb - sb
            if not ja or not jb:
                yield index
                continue
            # Written as difflib computes its ratio (2.0 * matches / length): a larger numerator
            # over the same length never rounds below the ratio, so a bound is never under it.
            if 2.0 * min(la, lb) / (la + lb) < ambang and 2.0 * min(ja, jb) / (ja + jb) < ambang:
                continue
            shared = (ba & bb).bit_count() + min(xa, xb)
            if (
                2.0 * (shared + min(sa, sb)) / (la + lb) >= ambang
                or 2.0 * shared / (ja + jb) >= ambang
            ):
                yield index

    def _mungkin(self, a: str, b: str) -> bool:
        """Whether the pair may reach `ambang` (False only when it certainly cannot)."""
        return any(True for _index in self._calon(a, [b]))

    def cocok(self, a: str, others: list[str]) -> list[tuple[int, float]]:
        """(index, `kemiripan(a, other)`) for each name of `others` whose similarity with `a`
        reaches `ambang`."""
        if not a:
            return []
        found = []
        for index in self._calon(a, others):
            if others[index] and (score := kemiripan(a, others[index])) >= self.ambang:
                found.append((index, score))
        return found

    def mirip(self, a: str, b: str) -> float | None:
        """`kemiripan(a, b)` when it reaches `ambang`, else None."""
        found = self.cocok(a, [b])
        return found[0][1] if found else None
