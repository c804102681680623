"""Indonesian personal names for duplicate detection. Pure functions, no Django.

The same person is written "Muhammad Ali", "Muh. Ali", "M. Ali, S.Pd." or "H. Moh Ali": the key
drops academic and religious titles, unifies the variants of Muhammad and ignores punctuation and
spacing, so that those compare equal or nearly so.
"""

import re
import unicodedata
from collections import Counter
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
    counts — is below `ambang` cannot reach it and difflib is not run for it. Build one per batch:
    it remembers each name's letter counts."""

    def __init__(self, ambang: float):
        self.ambang = ambang
        self.profil: dict[str, tuple[int, int, Counter]] = {}

    def _profil(self, nama: str) -> tuple[int, int, Counter]:
        found = self.profil.get(nama)
        if found is None:
            counts = Counter(nama)
            found = self.profil[nama] = (len(nama), counts.pop(" ", 0), counts)
        return found

    def _mungkin(self, a: str, b: str) -> bool:
        """Whether the pair may reach `ambang` (False only when it certainly cannot)."""
        la, sa, ca = self._profil(a)
        lb, sb, cb = self._profil(b)
        ja, jb = la - sa, lb - sb
        if not ja or not jb:
            return True
        ambang = self.ambang
        # Written as difflib computes its ratio (2.0 * matches / length): a larger numerator over
        # the same length never rounds below the ratio, so a bound is never under it.
        if 2.0 * min(la, lb) / (la + lb) < ambang and 2.0 * min(ja, jb) / (ja + jb) < ambang:
            return False
        if len(ca) > len(cb):
            ca, cb = cb, ca
        shared = sum(min(count, cb[letter]) for letter, count in ca.items())
        spaced = 2.0 * (shared + min(sa, sb)) / (la + lb)
        return spaced >= ambang or 2.0 * shared / (ja + jb) >= ambang

    def mirip(self, a: str, b: str) -> float | None:
        """`kemiripan(a, b)` when it reaches `ambang`, else None."""
        if not a or not b or not self._mungkin(a, b):
            return None
        score = kemiripan(a, b)
        return score if score >= self.ambang else None
