"""The appointment services: state, audit, warnings, shortage, neighbour desa, PAW, officers."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog
from selenggara.pembentukan.domain.nik import JenisKelamin
from selenggara.pembentukan.domain.penetapan import AlasanPAW, CadanganHabis, KetuaNotCandidate
from selenggara.pembentukan.domain.syarat import Pendidikan
from selenggara.pembentukan.domain.tahapan import Tahapan, TahapanClosed
from selenggara.pembentukan.models import (
    SKKPPS,
    AnggotaKPPS,
    CadanganKPPS,
    KehadiranPelantikan,
    Pendaftar,
    Penggantian,
    PetugasKetertiban,
)
from selenggara.pembentukan.penetapan.selectors import pendaftar_calon_list
from selenggara.pembentukan.penetapan.services import (
    AnggotaTidakAktif,
    DataPetugas,
    KPPSBelumLengkap,
    KPPSSudahDitetapkan,
    Tambahan,
    jadwal_check,
    ketertiban_set,
    kpps_tetapkan,
    paw_execute,
    pelantikan_record,
    sk_kpps_set,
)
from selenggara.pembentukan.personal import nik_decrypt
from selenggara.pembentukan.tests.helpers import jadwal_open
from selenggara.pembentukan.tests.penetapan.builders import (
    bukti_pdf,
    calon_make,
    calon_many,
    nik_for,
)

pytestmark = pytest.mark.django_db


def _audit(action: str) -> AuditLog:
    return AuditLog.objects.get(action=action)


def _after(row: AuditLog) -> dict[str, Any]:
    assert isinstance(row.after, dict)
    return row.after


class TestKPPSTetapkan:
    def test_seven_members_one_ketua_and_ranked_reserves(self, pemilihan, desa_a, tps_a1, pps):
        calon = calon_many(pemilihan, desa_a, 10, tps=tps_a1)

        hasil = kpps_tetapkan(tps=tps_a1, actor=pps)

        anggota = list(AnggotaKPPS.objects.filter(tps=tps_a1).order_by("posisi"))
        assert [a.posisi for a in anggota] == [1, 2, 3, 4, 5, 6, 7]
        assert [a.peran for a in anggota] == ["ketua"] + ["anggota"] * 6
        assert [a.pendaftar_id for a in anggota] == [p.pk for p in calon[:7]]
        assert {a.status for a in anggota} == {"aktif"}
        cadangan = CadanganKPPS.objects.filter(tps=tps_a1).order_by("peringkat")
        assert [(c.pendaftar_id, c.peringkat) for c in cadangan] == [
            (calon[7].pk, 8),
            (calon[8].pk, 9),
            (calon[9].pk, 10),
        ]
        assert len(hasil.anggota_list) == 7
        assert hasil.kekurangan_lokal is None
        assert hasil.peringatan == ()

    def test_audit_names_masked_nik_only(self, pemilihan, desa_a, tps_a1, pps):
        calon = calon_many(pemilihan, desa_a, 7, tps=tps_a1)

        kpps_tetapkan(tps=tps_a1, actor=pps)

        row = _audit("kpps.tetapkan")
        assert row.wilayah_kode == "33.03.01.2001"
        assert row.actor_id == pps.pk
        text = json.dumps(row.after)
        assert calon[0].nik_masked in text
        assert nik_decrypt(calon[0].nik_encrypted) not in text

    def test_chosen_ketua_takes_seat_one(self, pemilihan, desa_a, tps_a1, pps):
        calon = calon_many(pemilihan, desa_a, 8, tps=tps_a1)

        kpps_tetapkan(tps=tps_a1, actor=pps, ketua=calon[4])

        ketua = AnggotaKPPS.objects.get(tps=tps_a1, peran="ketua")
        assert (ketua.pendaftar_id, ketua.posisi, ketua.peringkat) == (calon[4].pk, 1, 5)
        assert sorted(AnggotaKPPS.objects.filter(tps=tps_a1).values_list("posisi", flat=True)) == [
            1,
            2,
            3,
            4,
            5,
            6,
            7,
        ]

    def test_ketua_must_be_one_of_the_seven(self, pemilihan, desa_a, tps_a1, pps):
        calon = calon_many(pemilihan, desa_a, 9, tps=tps_a1)

        with pytest.raises(KetuaNotCandidate):
            kpps_tetapkan(tps=tps_a1, actor=pps, ketua=calon[8])

        assert not AnggotaKPPS.objects.exists()

    def test_warnings_for_few_women_and_age_do_not_block(self, pemilihan, desa_a, tps_a1, pps):
        calon_many(pemilihan, desa_a, 6, tps=tps_a1, perempuan_setiap=99)
        calon_make(pemilihan, desa_a, tps=tps_a1, lahir=date(1960, 1, 1), menit=99)

        hasil = kpps_tetapkan(tps=tps_a1, actor=pps)

        codes = [t.kode for t in hasil.peringatan]
        assert codes == ["keterwakilan_perempuan_kurang", "anggota_usia_lebih_55"]
        assert AnggotaKPPS.objects.filter(tps=tps_a1).count() == 7
        assert _after(_audit("kpps.tetapkan"))["peringatan"] == codes

    def test_shortage_names_its_cause_and_stores_nothing(self, pemilihan, desa_a, tps_a1, pps):
        calon_many(pemilihan, desa_a, 5, tps=tps_a1)
        for _ in range(3):
            calon_make(pemilihan, desa_a, tps=tps_a1, status=Pendaftar.Status.TIDAK_MEMENUHI_SYARAT)

        with pytest.raises(KPPSBelumLengkap) as exc:
            kpps_tetapkan(tps=tps_a1, actor=pps)

        assert "Hanya 5 dari 8 pendaftar memenuhi syarat" in exc.value.message
        assert not AnggotaKPPS.objects.exists()
        assert not AuditLog.objects.filter(action="kpps.tetapkan").exists()

    def test_no_applicant_at_all(self, pemilihan, tps_a1, pps):
        with pytest.raises(KPPSBelumLengkap, match="Tidak ada pendaftar"):
            kpps_tetapkan(tps=tps_a1, actor=pps)

    def test_neighbour_desa_fills_the_shortage_after_locals(
        self, pemilihan, desa_a, desa_b, tps_a1, pps
    ):
        lokal = calon_many(pemilihan, desa_a, 5, tps=tps_a1, pendidikan=Pendidikan.SMA)
        # Neighbours with a higher education would rank first; locals still come first.
        tetangga = calon_many(pemilihan, desa_b, 3, pendidikan=Pendidikan.S1)
        alasan = "Pendaftar TPS 001 kurang; warga Bokol berbatasan langsung."

        hasil = kpps_tetapkan(
            tps=tps_a1, actor=pps, tambahan=[Tambahan(pendaftar=p, alasan=alasan) for p in tetangga]
        )

        anggota = {a.pendaftar_id: a for a in hasil.anggota_list}
        assert all(anggota[p.pk].dari_desa_lain is False for p in lokal)
        assert anggota[lokal[0].pk].peran == "ketua"
        assert [anggota[p.pk].alasan_desa_lain for p in tetangga[:2]] == [alasan, alasan]
        assert [c.pendaftar_id for c in hasil.cadangan_list] == [tetangga[2].pk]
        assert hasil.kekurangan_lokal is not None
        assert alasan in _audit("kpps.tetapkan").reason

    def test_neighbour_without_reason_is_refused(self, pemilihan, desa_a, desa_b, tps_a1, pps):
        calon_many(pemilihan, desa_a, 6, tps=tps_a1)
        tetangga = calon_make(pemilihan, desa_b)

        with pytest.raises(InvalidInput) as exc:
            kpps_tetapkan(
                tps=tps_a1, actor=pps, tambahan=[Tambahan(pendaftar=tetangga, alasan=" ")]
            )

        assert "Alasan" in str(exc.value.errors[0])

    @pytest.mark.parametrize(
        "status", [Pendaftar.Status.TIDAK_MEMENUHI_SYARAT, Pendaftar.Status.TERDAFTAR]
    )
    def test_ineligible_neighbour_is_refused(self, wilayah_tree, pps, status):
        pemilihan, (desa_a, desa_b) = wilayah_tree.pemilihan, wilayah_tree.desa_list
        tps_a1 = wilayah_tree.tps_list[0]
        calon_many(pemilihan, desa_a, 6, tps=tps_a1)
        tetangga = calon_make(pemilihan, desa_b, status=status)

        with pytest.raises(InvalidInput) as exc:
            kpps_tetapkan(
                tps=tps_a1, actor=pps, tambahan=[Tambahan(pendaftar=tetangga, alasan="x")]
            )

        assert "Belum memenuhi syarat" in str(exc.value.errors[0])

    def test_pool_member_cannot_be_added_again(self, pemilihan, desa_a, tps_a1, pps):
        calon = calon_many(pemilihan, desa_a, 6, tps=tps_a1)

        with pytest.raises(InvalidInput, match="tidak dapat diambil") as exc:
            kpps_tetapkan(
                tps=tps_a1, actor=pps, tambahan=[Tambahan(pendaftar=calon[0], alasan="x")]
            )

        assert "Sudah calon TPS ini" in str(exc.value.errors[0])

    def test_applicant_placed_at_another_tps_cannot_be_added(self, wilayah_tree, pps, pps_bokol):
        pemilihan, (desa_a, desa_b) = wilayah_tree.pemilihan, wilayah_tree.desa_list
        tps_a1, tps_b1 = wilayah_tree.tps_list[0], wilayah_tree.tps_list[2]
        calon_b = calon_many(pemilihan, desa_b, 8, tps=tps_b1)
        kpps_tetapkan(tps=tps_b1, actor=pps_bokol)
        calon_many(pemilihan, desa_a, 6, tps=tps_a1)

        with pytest.raises(InvalidInput) as exc:
            kpps_tetapkan(
                tps=tps_a1, actor=pps, tambahan=[Tambahan(pendaftar=calon_b[7], alasan="x")]
            )

        assert "Sudah ditetapkan di TPS lain" in str(exc.value.errors[0])

    def test_second_appointment_goes_through_paw(self, pemilihan, desa_a, tps_a1, pps):
        calon_many(pemilihan, desa_a, 7, tps=tps_a1)
        kpps_tetapkan(tps=tps_a1, actor=pps)

        with pytest.raises(KPPSSudahDitetapkan):
            kpps_tetapkan(tps=tps_a1, actor=pps)

    def test_refused_outside_the_penetapan_window(self, pemilihan, desa_a, tps_a1, pps):
        jadwal_open(pemilihan, closed=frozenset({Tahapan.PENETAPAN}))
        calon_many(pemilihan, desa_a, 7, tps=tps_a1)

        with pytest.raises(TahapanClosed, match="Penetapan dijadwalkan"):
            kpps_tetapkan(tps=tps_a1, actor=pps)

    def test_allowed_inside_the_window(self, pemilihan, desa_a, tps_a1, pps):
        jadwal_open(pemilihan)
        calon_many(pemilihan, desa_a, 7, tps=tps_a1)

        kpps_tetapkan(tps=tps_a1, actor=pps)

        assert AnggotaKPPS.objects.count() == 7

    def test_pool_of_next_tps_excludes_members_and_reserves(
        self, pemilihan, desa_a, tps_a1, tps_a2, pps
    ):
        tanpa_pilihan = calon_many(pemilihan, desa_a, 9)
        pilih_a2 = calon_make(pemilihan, desa_a, tps=tps_a2)
        pilih_a1 = calon_make(pemilihan, desa_a, tps=tps_a1)

        kpps_tetapkan(tps=tps_a1, actor=pps)

        assert [p.pk for p in pendaftar_calon_list(tps=tps_a2)] == [pilih_a2.pk]
        assert pilih_a1.pk in CadanganKPPS.objects.values_list("pendaftar_id", flat=True)
        assert len(tanpa_pilihan) == 9


def _appointed(pemilihan, desa, tps, pps, jumlah=9):
    calon = calon_many(pemilihan, desa, jumlah, tps=tps)
    kpps_tetapkan(tps=tps, actor=pps)
    return calon


class TestPAW:
    def test_reserve_inherits_the_seat_and_role(self, pemilihan, desa_a, tps_a1, pps):
        calon = _appointed(pemilihan, desa_a, tps_a1, pps)
        ketua = AnggotaKPPS.objects.get(tps=tps_a1, posisi=1)

        paw = paw_execute(
            anggota=ketua,
            alasan=AlasanPAW.MENGUNDURKAN_DIRI,
            keterangan="Diterima bekerja di luar kota.",
            bukti=bukti_pdf(),
            tanggal=date(2024, 2, 1),
            actor=pps,
        )

        ketua.refresh_from_db()
        assert ketua.status == "diganti"
        assert ketua.berakhir_at is not None
        baru = paw.anggota_baru
        assert (baru.pendaftar_id, baru.posisi, baru.peran, baru.status) == (
            calon[7].pk,
            1,
            "ketua",
            "aktif",
        )
        assert CadanganKPPS.objects.get(pendaftar=calon[7]).dipakai_at is not None
        assert AnggotaKPPS.objects.filter(tps=tps_a1, status="aktif").count() == 7
        assert paw.bukti.name.endswith(".pdf")
        with paw.bukti.open("rb") as berkas:
            assert berkas.read().startswith(b"%PDF")
        row = _audit("kpps.paw")
        assert row.before == {"anggota": ketua.pk, "pendaftar": calon[0].pk}
        assert _after(row)["posisi"] == 1
        assert row.reason == "Diterima bekerja di luar kota."
        assert row.wilayah_kode == "33.03.01.2001"

    def test_next_reserve_then_exhausted(self, pemilihan, desa_a, tps_a1, pps):
        calon = _appointed(pemilihan, desa_a, tps_a1, pps, jumlah=8)
        pertama, kedua = AnggotaKPPS.objects.filter(tps=tps_a1).order_by("posisi")[2:4]
        args = {"keterangan": "Meninggal dunia.", "tanggal": date(2024, 2, 2), "actor": pps}

        paw = paw_execute(
            anggota=pertama, alasan=AlasanPAW.MENINGGAL_DUNIA, bukti=bukti_pdf(), **args
        )
        with pytest.raises(CadanganHabis):
            paw_execute(anggota=kedua, alasan=AlasanPAW.MENINGGAL_DUNIA, bukti=bukti_pdf(), **args)

        assert paw.anggota_baru.pendaftar_id == calon[7].pk
        assert Penggantian.objects.count() == 1

    def test_replaced_member_cannot_be_replaced_again(self, pemilihan, desa_a, tps_a1, pps):
        _appointed(pemilihan, desa_a, tps_a1, pps)
        anggota = AnggotaKPPS.objects.get(tps=tps_a1, posisi=2)
        args = {"keterangan": "x", "tanggal": date(2024, 2, 2), "actor": pps}
        paw_execute(anggota=anggota, alasan=AlasanPAW.DIBERHENTIKAN, bukti=bukti_pdf(), **args)

        with pytest.raises(AnggotaTidakAktif):
            paw_execute(anggota=anggota, alasan=AlasanPAW.DIBERHENTIKAN, bukti=bukti_pdf(), **args)

    @pytest.mark.parametrize(
        "case",
        [
            ("", bukti_pdf(), "keterangan"),
            ("x", SimpleUploadedFile("a.pdf", b"just text"), "bukti"),
            ("x", SimpleUploadedFile("a.pdf", b""), "bukti"),
        ],
        ids=["no-note", "not-a-pdf", "empty"],
    )
    def test_note_and_evidence_are_required(self, pemilihan, desa_a, tps_a1, pps, case):
        keterangan, bukti, field = case
        _appointed(pemilihan, desa_a, tps_a1, pps)
        anggota = AnggotaKPPS.objects.get(tps=tps_a1, posisi=2)

        with pytest.raises(InvalidInput) as exc:
            paw_execute(
                anggota=anggota,
                alasan=AlasanPAW.BERHALANGAN_TETAP,
                keterangan=keterangan,
                bukti=bukti,
                tanggal=date(2024, 2, 2),
                actor=pps,
            )

        assert exc.value.params["field"] == field
        assert not Penggantian.objects.exists()

    def test_refused_outside_the_term(self, pemilihan, desa_a, tps_a1, pps):
        _appointed(pemilihan, desa_a, tps_a1, pps)
        jadwal_open(
            pemilihan,
            closed=frozenset({Tahapan.PENETAPAN, Tahapan.PELANTIKAN, Tahapan.MASA_KERJA}),
        )
        anggota = AnggotaKPPS.objects.get(tps=tps_a1, posisi=2)

        with pytest.raises(TahapanClosed, match="Masa kerja"):
            paw_execute(
                anggota=anggota,
                alasan=AlasanPAW.BERHALANGAN_TETAP,
                keterangan="x",
                bukti=bukti_pdf(),
                tanggal=date(2024, 2, 2),
                actor=pps,
            )


class TestSKAndPelantikan:
    def test_sk_links_the_members_of_the_desa(self, pemilihan, desa_a, tps_a1, pps):
        _appointed(pemilihan, desa_a, tps_a1, pps)

        sk = sk_kpps_set(
            pemilihan=pemilihan,
            desa=desa_a,
            nomor=" 12/PP.05/2024 ",
            tanggal=date(2024, 1, 24),
            actor=pps,
        )
        sk_kpps_set(
            pemilihan=pemilihan,
            desa=desa_a,
            nomor="13/PP.05/2024",
            tanggal=date(2024, 1, 24),
            actor=pps,
        )

        assert SKKPPS.objects.get().nomor == "13/PP.05/2024"
        assert AnggotaKPPS.objects.filter(sk=sk).count() == 7
        first, second = AuditLog.objects.filter(action="kpps.sk_set").order_by("seq")
        assert _after(first)["anggota_ditautkan"] == 7
        assert second.before == {"nomor": "12/PP.05/2024", "tanggal": "2024-01-24"}

    def test_sk_needs_a_number(self, pemilihan, desa_a, pps):
        with pytest.raises(InvalidInput):
            sk_kpps_set(
                pemilihan=pemilihan, desa=desa_a, nomor=" ", tanggal=date(2024, 1, 24), actor=pps
            )

    def test_members_appointed_after_the_sk_are_linked(self, pemilihan, desa_a, tps_a1, pps):
        sk = sk_kpps_set(
            pemilihan=pemilihan, desa=desa_a, nomor="1/2024", tanggal=date(2024, 1, 24), actor=pps
        )
        _appointed(pemilihan, desa_a, tps_a1, pps)

        assert AnggotaKPPS.objects.filter(sk=sk).count() == 7

    def test_attendance_per_member(self, pemilihan, desa_a, tps_a1, pps):
        _appointed(pemilihan, desa_a, tps_a1, pps)
        anggota = list(AnggotaKPPS.objects.filter(tps=tps_a1).order_by("posisi"))
        waktu = datetime(2024, 1, 25, 9, 0, tzinfo=timezone.get_current_timezone())

        pelantikan = pelantikan_record(
            pemilihan=pemilihan,
            desa=desa_a,
            waktu=waktu,
            tempat="Balai Desa Kedungbenda",
            hadir_ids=[a.pk for a in anggota[:6]],
            actor=pps,
        )
        pelantikan_record(
            pemilihan=pemilihan,
            desa=desa_a,
            waktu=waktu,
            tempat="Balai Desa Kedungbenda",
            hadir_ids=[a.pk for a in anggota[:5]],
            actor=pps,
        )

        hadir = dict(KehadiranPelantikan.objects.values_list("anggota_id", "hadir"))
        assert sum(hadir.values()) == 5
        assert len(hadir) == 7
        assert pelantikan.waktu == waktu
        assert _after(_audit_last("kpps.pelantikan_record"))["tidak_hadir"] == [
            a.pk for a in anggota[5:]
        ]

    def test_attendance_of_unknown_member_is_refused(self, pemilihan, desa_a, pps):
        with pytest.raises(InvalidInput):
            pelantikan_record(
                pemilihan=pemilihan,
                desa=desa_a,
                waktu=timezone.now(),
                tempat="Balai",
                hadir_ids=[999_999],
                actor=pps,
            )

    def test_inauguration_outside_its_window_is_refused(self, pemilihan, desa_a, pps):
        jadwal_open(pemilihan, closed=frozenset({Tahapan.PELANTIKAN}))

        with pytest.raises(TahapanClosed):
            pelantikan_record(
                pemilihan=pemilihan,
                desa=desa_a,
                waktu=timezone.now(),
                tempat="Balai",
                hadir_ids=[],
                actor=pps,
            )


def _audit_last(action: str) -> AuditLog:
    row = AuditLog.objects.filter(action=action).order_by("-seq").first()
    assert row is not None
    return row


class TestKetertiban:
    def _data(self, *niks: str) -> list[DataPetugas]:
        return [
            DataPetugas(nama=f"Linmas {i}", nik=nik, jenis_kelamin=JenisKelamin.L, telepon="0812")
            for i, nik in enumerate(niks, start=1)
        ]

    def test_two_officers_with_protected_nik(self, tps_a1, pps):
        nik1, nik2 = nik_for(501), nik_for(502)

        created = ketertiban_set(tps=tps_a1, petugas=self._data(nik1, nik2), actor=pps)

        assert [p.nomor for p in created] == [1, 2]
        stored = PetugasKetertiban.objects.get(nomor=1)
        assert stored.nik_masked == f"{nik1[:4]}********{nik1[-4:]}"
        assert nik_decrypt(stored.nik_encrypted) == nik1
        assert nik1 not in stored.nik_encrypted
        row = _audit("ketertiban.set")
        assert nik1 not in json.dumps(row.after)
        assert row.wilayah_kode == "33.03.01.2001"

    def test_setting_again_replaces(self, tps_a1, pps):
        ketertiban_set(tps=tps_a1, petugas=self._data(nik_for(501), nik_for(502)), actor=pps)
        ketertiban_set(tps=tps_a1, petugas=self._data(nik_for(503), nik_for(504)), actor=pps)

        assert PetugasKetertiban.objects.filter(status="aktif").count() == 2
        assert PetugasKetertiban.objects.filter(status="diganti").count() == 2
        assert _audit_last("ketertiban.set").before is not None

    @pytest.mark.parametrize(
        ("niks", "message"),
        [
            ((nik_for(501),), "harus 2 orang"),
            ((nik_for(501), nik_for(501)), "NIK kedua petugas sama"),
            ((nik_for(501), "123"), "16"),
        ],
        ids=["one", "same-nik", "bad-nik"],
    )
    def test_invalid_officers_are_refused(self, tps_a1, pps, niks, message):
        with pytest.raises(InvalidInput) as exc:
            ketertiban_set(tps=tps_a1, petugas=self._data(*niks), actor=pps)

        text = exc.value.message + " ".join(str(e) for e in exc.value.errors)
        assert message in text
        assert not PetugasKetertiban.objects.exists()

    def test_officer_of_another_tps_is_refused(self, tps_a1, tps_a2, pps):
        ketertiban_set(tps=tps_a1, petugas=self._data(nik_for(501), nik_for(502)), actor=pps)

        with pytest.raises(InvalidInput) as exc:
            ketertiban_set(tps=tps_a2, petugas=self._data(nik_for(501), nik_for(503)), actor=pps)

        assert "TPS lain" in str(exc.value.errors[0])

    def test_missing_name_is_refused(self, tps_a1, pps):
        petugas = [
            DataPetugas(nama=" ", nik=nik_for(501), jenis_kelamin=JenisKelamin.P),
            DataPetugas(nama="B", nik=nik_for(502), jenis_kelamin=JenisKelamin.L),
        ]

        with pytest.raises(InvalidInput):
            ketertiban_set(tps=tps_a1, petugas=petugas, actor=pps)


class TestJadwalCheck:
    def test_no_schedule_means_no_check(self, pemilihan):
        jadwal_check(pemilihan=pemilihan, tahapan_list=(Tahapan.PENETAPAN,), on=date(1999, 1, 1))

    def test_any_open_stage_of_the_list_suffices(self, pemilihan):
        jadwal_open(pemilihan, closed=frozenset({Tahapan.PENETAPAN}))

        jadwal_check(
            pemilihan=pemilihan,
            tahapan_list=(Tahapan.PENETAPAN, Tahapan.MASA_KERJA),
            on=timezone.localdate(),
        )
