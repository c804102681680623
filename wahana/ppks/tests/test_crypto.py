import os
import stat

import pytest
from cryptography.exceptions import InvalidTag
from django.core.exceptions import ImproperlyConfigured

from .. import crypto


def test_round_trip_and_field_binding(settings):
    settings.WAHANA_DATA_KEY = crypto.new_secret()
    token = crypto.encrypt("6210024508800001", purpose="nik")
    assert token.startswith("v1:") and "6210024508800001" not in token
    assert crypto.decrypt(token, purpose="nik") == "6210024508800001"
    # Same value, different ciphertext (random nonce); a NIK cannot be read as a No KK.
    assert crypto.encrypt("6210024508800001", purpose="nik") != token
    with pytest.raises(InvalidTag):
        crypto.decrypt(token, purpose="no_kk")


def test_blind_index_is_keyed(settings):
    settings.WAHANA_DATA_KEY = crypto.new_secret()
    first = crypto.blind_index("6210024508800001", purpose="nik")
    assert first == crypto.blind_index("6210024508800001", purpose="nik")
    assert crypto.blind_index("", purpose="nik") is None
    settings.WAHANA_DATA_KEY = crypto.new_secret()
    # Without the key nobody can recompute the index from a guessed NIK.
    assert crypto.blind_index("6210024508800001", purpose="nik") != first


def test_development_key_file_is_private(settings, tmp_path):
    settings.WAHANA_DATA_KEY = ""
    settings.DATA_DIR = tmp_path
    token = crypto.encrypt("6210024508800001", purpose="nik")
    path = tmp_path / "kunci" / "data.key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert crypto.decrypt(token, purpose="nik") == "6210024508800001"


def test_production_requires_the_key(settings):
    settings.WAHANA_DATA_KEY = ""
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("6210024508800001", purpose="nik")


def test_bad_key_refused():
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_keyring("1:c2hvcnQ=")
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_keyring("")


def test_prepared_key_gives_the_same_index_and_readable_ciphertexts(settings):
    """`Sandi` (cipher and keyed hash prepared once per import) is the same keyed index as the
    HMAC written out, and its ciphertexts read back with `decrypt`."""
    import hashlib
    import hmac

    settings.WAHANA_DATA_KEY = crypto.new_secret()
    sandi = crypto.Sandi.current()
    expected = hmac.new(
        crypto.current_key().indeks, b"nik:6210024508800001", hashlib.sha256
    ).hexdigest()
    # Twice: the prepared hash is copied, never fed, so one value cannot leak into the next.
    assert sandi.blind_index("6210024508800001", purpose="nik") == expected
    assert sandi.blind_index("6210024508800001", purpose="nik") == expected
    assert crypto.blind_index("6210024508800001", purpose="nik") == expected
    token = sandi.encrypt("6210020101090001", purpose="no_kk")
    assert crypto.decrypt(token, purpose="no_kk") == "6210020101090001"
    settings.WAHANA_DATA_KEY = f"1:{settings.WAHANA_DATA_KEY},2:{crypto.new_secret()}"
    # A new key version gives a new prepared key; the old one still reads.
    assert crypto.Sandi.current().prefix == "v2:"
    assert crypto.decrypt(token, purpose="no_kk") == "6210020101090001"
