"""Indonesian personal names for duplicate detection. Pure functions, no Django.

The same person is written "Muhammad Ali", "Muh. Ali", "M. Ali, S.Pd." or "H. Moh Ali": the key
drops academic and religious titles, unifies the variants of Muhammad and ignores punctuation and
spacing, so that those compare equal or nearly so.
"""

import re
import unicodedata
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
