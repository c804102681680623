"""Protection of NIK and No KK at rest (UU PDP 27/2022).

- The values are encrypted with AES-256-GCM. The key lives outside the database: the environment
  variable WAHANA_DATA_KEY (setting `WAHANA_DATA_KEY`), or in development a key file generated
  under DATA_DIR/kunci/ with 0600 permissions. A database dump alone reveals nothing.
- Exact lookup and uniqueness go through a keyed blind index (HMAC-SHA256 with a key derived
  separately from the same secret). A plain or salted hash would not do: once region and birth
  date are known only 10,000 serials remain, so anyone with the table could try them all.
- Keys have versions. The secret is a comma-separated list `version:base64key` (a bare base64 key
  is version 1); the highest version encrypts, every listed version decrypts. Ciphertexts carry
  their version (`v2:...`), so `wahana ppks rotate-key` can re-encrypt the rows still on an older
  one and recompute the blind index with the new key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_FILE_NAME = "data.key"


@dataclass(frozen=True)
class Kunci:
    """One version of the data secret and the two keys derived from it."""

    versi: int
    enkripsi: bytes
    indeks: bytes


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret)


def parse_keyring(text: str) -> dict[int, Kunci]:
    """`2:base64,1:base64` -> {version: Kunci}. Raises ImproperlyConfigured on a bad secret."""
    ring: dict[int, Kunci] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        version_text, _sep, encoded = part.rpartition(":")
        try:
            version = int(version_text) if version_text else 1
            secret = base64.b64decode(encoded, validate=True)
        except ValueError as error:
            raise ImproperlyConfigured("WAHANA_DATA_KEY tidak dapat dibaca.") from error
        if len(secret) < 32:
            raise ImproperlyConfigured("WAHANA_DATA_KEY minimal 32 bita (base64).")
        ring[version] = Kunci(
            versi=version,
            enkripsi=_derive(secret, b"wahana ppks enkripsi"),
            indeks=_derive(secret, b"wahana ppks indeks buta"),
        )
    if not ring:
        raise ImproperlyConfigured("WAHANA_DATA_KEY kosong.")
    return ring


def new_secret() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def key_file_path() -> Path:
    return Path(settings.DATA_DIR) / "kunci" / KEY_FILE_NAME


@lru_cache(maxsize=4)
def _read_or_create_key_file(data_dir: str) -> str:
    # Read once per process: encryption runs for every row of an import.
    path = Path(data_dir) / "kunci" / KEY_FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # O_EXCL: two processes starting at once cannot both write a different key.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(f"1:{new_secret()}\n")
    return path.read_text().strip()


def _secret_text() -> str:
    configured = getattr(settings, "WAHANA_DATA_KEY", "")
    if configured:
        return configured
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured(
            "WAHANA_DATA_KEY wajib diisi pada produksi (kunci enkripsi NIK, di luar basis data)."
        )
    return _read_or_create_key_file(str(settings.DATA_DIR))


@lru_cache(maxsize=4)
def _keyring_for(text: str) -> dict[int, Kunci]:
    return parse_keyring(text)


def keyring() -> dict[int, Kunci]:
    return _keyring_for(_secret_text())


def current_key() -> Kunci:
    ring = keyring()
    return ring[max(ring)]


class Sandi:
    """Encryption and blind index with one key version, the cipher and the keyed hash prepared
    once: building them (AES key schedule, HMAC pads) costs more than sealing one NIK, and an
    import seals and indexes two values a row. `encrypt`/`blind_index` use the current key's;
    an import takes `Sandi.current()` once and uses it for every row."""

    def __init__(self, key: Kunci):
        self.key = key
        self.prefix = f"v{key.versi}:"
        self.cipher = AESGCM(key.enkripsi)
        self.hmac = hmac.new(key.indeks, digestmod=hashlib.sha256)

    @staticmethod
    def current() -> Sandi:
        return _sandi(current_key())

    def encrypt(self, plain: str, *, purpose: str) -> str:
        if not plain:
            return ""
        nonce = secrets.token_bytes(12)
        sealed = self.cipher.encrypt(nonce, plain.encode(), _aad(purpose))
        return self.prefix + base64.b64encode(nonce + sealed).decode()

    def blind_index(self, plain: str, *, purpose: str) -> str | None:
        """The keyed index of a value (None for an empty value, so blanks never collide)."""
        if not plain:
            return None
        digest = self.hmac.copy()
        digest.update(f"{purpose}:{plain}".encode())
        return digest.hexdigest()


@lru_cache(maxsize=8)
def _sandi(key: Kunci) -> Sandi:
    return Sandi(key)


def _aad(purpose: str) -> bytes:
    # Bound to the field: a NIK ciphertext cannot be pasted into the No KK column and read there.
    return f"wahana:{purpose}".encode()


def encrypt(plain: str, *, purpose: str) -> str:
    if not plain:
        return ""
    return Sandi.current().encrypt(plain, purpose=purpose)


def version_of(token: str) -> int | None:
    if not token:
        return None
    return int(token.split(":", 1)[0][1:])


def decrypt(token: str, *, purpose: str) -> str:
    if not token:
        return ""
    head, _sep, body = token.partition(":")
    key = keyring().get(int(head[1:]))
    if key is None:
        raise ImproperlyConfigured(f"Kunci versi {head[1:]} tidak ada di WAHANA_DATA_KEY.")
    raw = base64.b64decode(body)
    return _sandi(key).cipher.decrypt(raw[:12], raw[12:], _aad(purpose)).decode()


def blind_index(plain: str, *, purpose: str, key: Kunci | None = None) -> str | None:
    """The keyed index of a value (None for an empty value, so blanks never collide)."""
    return _sandi(key or current_key()).blind_index(plain, purpose=purpose)
