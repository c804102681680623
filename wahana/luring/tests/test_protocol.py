"""The sync protocol as a state machine against the real endpoint: a phone's outbox submits,
resends, loses answers (the server stored the item, the phone never heard), sends in any order,
reuses an id with other content, and edits a shared PPKS on a current or stale version. After
every step each id the server knows is stored exactly once; at the end the outbox drains and
nothing is lost."""

import uuid

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from wahana.conftest import DESA_A
from wahana.kegiatan.models import Kegiatan
from wahana.ppks.models import Ppks
from wahana.ppks.tests.factories import ppks_make
from wahana.wksbm.tests.factories import make_wksbm

from ..models import Kiriman, KonflikKiriman
from ..services import ppks_version
from .factories import item, kegiatan_data, ppks_data, send


def _record_count(payload) -> int:
    data = payload["data"]
    if payload["jenis"] == "ppks":
        return Ppks.objects.filter(nama=data["nama"]).count()
    return Kegiatan.objects.filter(judul=data["judul"]).count()


@pytest.mark.django_db
def test_sync_protocol(client, personas):
    client.force_login(personas.psm)
    wksbm = make_wksbm(user=personas.operator, kode_wilayah=DESA_A)

    class Protocol(RuleBasedStateMachine):
        items = Bundle("items")

        @initialize()
        def start(self):
            self.outbox = {}  # client id -> payload, until the server confirms
            self.sent = {}  # every id ever created -> payload (what the user saved)
            self.stored = {}  # ids the server has stored -> its answer
            self.shared = ppks_make(kode=DESA_A, nama=f"Bersama {uuid.uuid4().hex[:8]}")
            self.known_version = ppks_version(self.shared)

        def _deliver(self, payload, *, heard: bool):
            answer = send(client, payload)
            assert answer.status_code == 200, answer.content
            cid = payload["client_id"]
            if cid in self.stored:
                assert answer.json() == self.stored[cid]
            self.stored[cid] = answer.json()
            if heard:
                self.outbox.pop(cid, None)

        @rule(target=items, kind=st.sampled_from(["ppks", "kegiatan"]))
        def save(self, kind):
            data = ppks_data() if kind == "ppks" else kegiatan_data(wksbm)
            payload = item(kind, data)
            self.outbox[payload["client_id"]] = payload
            self.sent[payload["client_id"]] = payload
            return payload

        @rule(payload=items)
        def submit(self, payload):
            self._deliver(payload, heard=True)

        @rule(payload=items)
        def lost_response(self, payload):
            self._deliver(payload, heard=False)

        @rule(data=st.data())
        @precondition(lambda self: self.outbox)
        def reorder_flush(self, data):
            order = data.draw(st.permutations(sorted(self.outbox)))
            for cid in order:
                self._deliver(self.outbox[cid], heard=True)

        @rule(payload=items)
        def conflicting_resend(self, payload):
            cid = payload["client_id"]
            if cid not in self.stored:
                self._deliver(payload, heard=True)
            data = ppks_data() if payload["jenis"] == "ppks" else kegiatan_data(wksbm)
            changed = item(payload["jenis"], data, client_id=cid)
            before = KonflikKiriman.objects.filter(client_id=cid).count()
            answer = send(client, changed)
            assert answer.status_code == 409
            assert KonflikKiriman.objects.filter(client_id=cid).count() == before + 1
            assert _record_count(changed) == 0

        @rule(stale=st.booleans(), text=st.sampled_from(["Beras", "Obat", "Kursi roda"]))
        def edit_shared(self, stale, text):
            self.shared.refresh_from_db()
            current = ppks_version(self.shared)
            versi = "2000-01-01T00:00:00+00:00" if stale else current
            payload = item(
                "ppks_ubah", {"ppks_id": self.shared.pk, "versi": versi, "kebutuhan": text}
            )
            before = self.shared.kebutuhan
            answer = send(client, payload)
            assert answer.status_code == 200
            self.shared.refresh_from_db()
            if stale:
                assert answer.json()["status"] == "konflik"
                assert self.shared.kebutuhan == before
            else:
                assert answer.json()["status"] == "disimpan"
                assert self.shared.kebutuhan == text
            # A resent edit (lost answer) changes nothing more.
            assert send(client, payload).json() == answer.json()

        @invariant()
        def each_stored_id_once(self):
            for cid in self.stored:
                assert Kiriman.objects.filter(client_id=cid).count() == 1
                assert _record_count(self.sent[cid]) == 1

        def teardown(self):
            for payload in list(self.outbox.values()):
                self._deliver(payload, heard=True)
            assert not self.outbox
            for cid, payload in self.sent.items():
                assert Kiriman.objects.filter(client_id=cid).count() == 1
                assert _record_count(payload) == 1

    run_state_machine_as_test(
        Protocol,
        settings=settings(
            max_examples=15,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
