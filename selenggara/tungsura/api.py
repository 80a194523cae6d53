"""The C.Hasil JSON API for mobile apps: the form's layout, submissions, confirmations, photos.

Thin like the views: every endpoint resolves the TPS through ``accounts.access`` first (unknown
or out of scope: 404; a read-only role writing: 403), and only then reads the body, so probing
reveals nothing and every answer is in the API's one error shape ``{"code", "detail",
"errors"}`` (config/api.py), in Indonesian. Bodies are validated here rather than by ninja for
that reason; ``kolom`` lists per-field problems of a refused sheet for the app to highlight.

A submission needs an ``Idempotency-Key`` header (a UUID the app makes once per sheet and
keeps across retries): a retry with the same key returns the stored version (200) instead of
writing a second copy, so a bad network or a killed server never duplicates a C.Hasil.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar, cast
from uuid import UUID

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext
from ninja import Router
from ninja.responses import Status
from pydantic import BaseModel, ValidationError

from selenggara.accounts.access import tps_check_writable, tps_get_for_actor_in
from selenggara.accounts.models import User
from selenggara.core.errors import InvalidInput, NotAccessible, RowError
from selenggara.pemilihan.models import TPS, Dapil, Kontestasi
from selenggara.tungsura import schemas
from selenggara.tungsura.domain.lembar import kunci_parse
from selenggara.tungsura.domain.pemeriksaan import HALAMAN_DIKETAHUI
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.messages import label, temuan_message
from selenggara.tungsura.models import CHasil, CHasilFoto, CHasilVersi, Sumber
from selenggara.tungsura.selectors import c_hasil_get, kontestasi_list_for_tps, versi_list
from selenggara.tungsura.services import c_hasil_foto_kirim, c_hasil_konfirmasi, c_hasil_submit
from selenggara.tungsura.unggahan import (
    BAGIAN_MAKS,
    HasilUnggahan,
    OffsetSalah,
    c_hasil_foto_unggahan_append,
    c_hasil_foto_unggahan_start,
    foto_unggahan_get,
)

router = Router(tags=["c-hasil"])

_TPS = "/pemilihan/{kode}/tps/{kode_tps}/c-hasil"
_JENIS = _TPS + "/{jenis}"
_READ_ERRORS = {401: schemas.GalatOut, 404: schemas.GalatOut}
_WRITE_ERRORS = {
    **_READ_ERRORS,
    400: schemas.GalatOut,
    403: schemas.GalatOut,
    409: schemas.GalatOut,
    413: schemas.GalatOut,
    422: schemas.GalatOut,
}
IDEMPOTENCY_HEADER = "Idempotency-Key"
_Body = TypeVar("_Body", bound=BaseModel)


def _actor(request: HttpRequest) -> User:
    # api_auth sets request.user to the account for both tokens and sessions.
    return cast("User", request.user)


def _tps_get(request: HttpRequest, kode: str, kode_tps: str) -> TPS:
    return tps_get_for_actor_in(actor=_actor(request), pemilihan_kode=kode, kode=kode_tps)


def _tps_writable(request: HttpRequest, kode: str, kode_tps: str) -> TPS:
    tps = _tps_get(request, kode, kode_tps)
    tps_check_writable(actor=_actor(request), tps=tps)
    return tps


def _c_hasil_get(tps: TPS, jenis: str) -> CHasil:
    c_hasil = c_hasil_get(tps=tps, jenis=jenis)
    if c_hasil is None:
        lembar_for_tps(tps=tps, jenis=jenis)  # an unknown contest says so
        raise NotAccessible(
            gettext("C.Hasil kontestasi ini belum dikirim untuk TPS ini."), jenis=jenis
        )
    return c_hasil


# --- Reading and refusing request bodies ----------------------------------------------------


def _refuse(message: str, field: str | None = None) -> InvalidInput:
    return InvalidInput(message, errors=[RowError(row=None, field=field, message=message)])


def _pydantic_message(kind: str) -> str:
    # The wording is looked up in Indonesian source strings so gettext can translate it.
    messages = {
        "missing": gettext("wajib diisi"),
        "extra_forbidden": gettext("kolom ini tidak dikenal"),
        "dict_type": gettext("harus berupa objek JSON {kunci: nilai}"),
        "model_type": gettext("harus berupa objek JSON {kunci: nilai}"),
        "model_attributes_type": gettext("harus berupa objek JSON {kunci: nilai}"),
        "list_type": gettext("harus berupa daftar JSON [...]"),
        "string_type": gettext("harus berupa teks"),
        "int_type": gettext("harus berupa bilangan bulat"),
        "too_long": gettext("terlalu panjang"),
        "string_too_long": gettext("terlalu panjang"),
        "too_short": gettext("tidak boleh kosong"),
        "greater_than_equal": gettext("terlalu kecil"),
        "less_than_equal": gettext("terlalu besar"),
    }
    return messages.get(kind, gettext("tidak sah"))


class _TooBig(InvalidInput):
    code = "payload_too_large"
    http_status = 413


def _json_body(request: HttpRequest, model: type[_Body]) -> _Body:
    """Parse the body as ``model`` or raise InvalidInput naming each problem in Indonesian."""
    try:
        raw = request.body
    except RequestDataTooBig as exc:
        raise _TooBig(gettext("Isi permintaan terlalu besar.")) from exc
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        # Not JSON, not UTF-8, a number of more than 4,300 digits, or absurdly deep nesting.
        raise _refuse(
            gettext("Isi permintaan bukan JSON yang sah (Content-Type: application/json).")
        ) from exc
    if not isinstance(data, dict):
        raise _refuse(gettext("Isi permintaan harus berupa objek JSON {...}."))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [
            RowError(
                row=None,
                field=".".join(str(part) for part in error["loc"])[:64] or None,
                message=_pydantic_message(error["type"]),
            )
            for error in exc.errors()[:50]
        ]
        raise InvalidInput(
            gettext("Isi permintaan tidak sesuai bentuknya; tidak ada yang disimpan."),
            errors=errors,
        ) from exc


def _idempotency_key(request: HttpRequest) -> UUID:
    value = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not value:
        raise _refuse(
            gettext(
                "Header Idempotency-Key wajib diisi: sebuah UUID yang dibuat aplikasi sekali per "
                "kiriman dan dipakai lagi saat mengulang kiriman yang sama."
            ),
            IDEMPOTENCY_HEADER,
        )
    try:
        if len(value) > 45:
            raise ValueError(value)
        return UUID(value)
    except ValueError as exc:
        raise _refuse(
            gettext("Header Idempotency-Key harus berupa UUID, misalnya %(contoh)s.")
            % {"contoh": "3f1c9a52-8d0e-4b7a-9c51-2e6f0a4d8b13"},
            IDEMPOTENCY_HEADER,
        ) from exc


def _invalid_response(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    """The API's error shape plus ``kolom``: the refused fields for the app to highlight."""
    body = {
        "code": exc.code,
        "detail": exc.message,
        "errors": [str(e) for e in exc.errors],
        "kolom": [{"kunci": e.field, "pesan": e.message} for e in exc.errors if e.field],
    }
    return JsonResponse(body, status=exc.http_status)


# --- Building answers -----------------------------------------------------------------------


def _dapil_out(dapil: Dapil) -> schemas.DapilOut:
    return schemas.DapilOut(kode=dapil.kode, nama=dapil.nama)


def _temuan_out(temuan: Sequence[Mapping[str, Any]]) -> list[schemas.TemuanOut]:
    return [
        schemas.TemuanOut(
            kode=str(t["kode"]),
            tingkat=str(t["tingkat"]),
            kunci=[str(k) for k in t["kunci"]],
            diharapkan=int(t["diharapkan"]),
            tertulis=int(t["tertulis"]),
            pesan=temuan_message(t),
        )
        for t in temuan
    ]


def _versi_out(versi: CHasilVersi, *, ulangan: bool = False) -> schemas.VersiKirimOut:
    return schemas.VersiKirimOut(
        versi=versi.nomor,
        status=versi.status,
        digest=versi.digest,
        ulangan=ulangan,
        sumber=versi.sumber,
        dibuat_pada=versi.dibuat_pada,
        temuan=_temuan_out(versi.temuan),
        konfirmasi=list(versi.konfirmasi),
        belum_dikonfirmasi=versi.kunci_belum_dikonfirmasi,
    )


def _bagian(kunci: str) -> str:
    if kunci_parse(kunci) is not None:
        return "IV"
    if kunci.startswith("surat_suara_"):
        return "II"
    if kunci.startswith("disabilitas_"):
        return "III"
    if kunci.startswith("suara_"):
        return "V"
    return "I"


# --- Endpoints ------------------------------------------------------------------------------


@router.get(_TPS, response={200: schemas.CHasilTPSOut, **_READ_ERRORS}, url_name="c_hasil_tps_list")
def c_hasil_tps_api(request: HttpRequest, kode: str, kode_tps: str) -> schemas.CHasilTPSOut:
    """The contests of a TPS in ballot order, each with its current version and what is open."""
    tps = _tps_get(request, kode, kode_tps)
    rows = []
    for baris in kontestasi_list_for_tps(tps=tps):
        versi = baris.versi
        tingkat = [str(t["tingkat"]) for t in versi.temuan] if versi else []
        rows.append(
            schemas.KontestasiCHasilOut(
                jenis=baris.jenis.value,
                nama=str(Kontestasi.Jenis(baris.jenis.value).label),
                dapil=_dapil_out(baris.dapil) if baris.dapil else None,
                status=versi.status if versi else "belum_dikirim",
                versi=versi.nomor if versi else None,
                digest=versi.digest if versi else None,
                jumlah_galat=tingkat.count("galat"),
                jumlah_peringatan=tingkat.count("peringatan"),
                belum_dikonfirmasi=versi.kunci_belum_dikonfirmasi if versi else [],
                halaman=schemas.HalamanOut(
                    jumlah=baris.halaman.jumlah,
                    kurang=list(baris.halaman.kurang),
                    tidak_konsisten=baris.halaman.tidak_konsisten,
                ),
            )
        )
    return schemas.CHasilTPSOut(pemilihan=kode, tps=tps.kode, kontestasi=rows)


@router.get(
    _JENIS + "/formulir",
    response={200: schemas.FormulirOut, **_READ_ERRORS},
    url_name="c_hasil_formulir",
)
def c_hasil_formulir_api(
    request: HttpRequest, kode: str, kode_tps: str, jenis: str
) -> schemas.FormulirOut:
    """The form of one contest at this TPS: every field in paper order with its printed label,
    the names on the ballot, and the registers the checks compare against."""
    tps = _tps_get(request, kode, kode_tps)
    lembar = lembar_for_tps(tps=tps, jenis=jenis)
    nama = lembar.nama_peserta
    kolom = []
    for kunci in lembar.susunan.kunci_semua():
        parsed = kunci_parse(kunci)
        kolom.append(
            schemas.KolomOut(
                kunci=kunci,
                label=label(kunci, nama),
                bagian=_bagian(kunci),
                partai=parsed.partai if parsed else None,
                calon=parsed.calon if parsed else None,
                jumlah_partai=parsed.jumlah if parsed else False,
                nama=nama.get(kunci),
            )
        )
    konteks = lembar.konteks
    return schemas.FormulirOut(
        pemilihan=kode,
        tps=tps.kode,
        jenis=lembar.kontestasi.jenis,
        nama=str(Kontestasi.Jenis(lembar.kontestasi.jenis).label),
        dapil=_dapil_out(lembar.dapil),
        berpartai=lembar.susunan.berpartai,
        halaman_diketahui=HALAMAN_DIKETAHUI.get(lembar.kontestasi.jenis),
        daftar=schemas.DaftarOut(
            dpt_l=konteks.dpt_l,
            dpt_p=konteks.dpt_p,
            dpt=konteks.dpt,
            cadangan=konteks.cadangan,
            alokasi_surat_suara=konteks.alokasi_surat_suara,
            batas_pemilih=konteks.batas_pemilih,
        ),
        kolom=kolom,
    )


def _body_doc(model: type[BaseModel], *, key: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": model.model_json_schema()}},
        }
    }
    if key:
        doc["parameters"] = [
            {
                "in": "header",
                "name": IDEMPOTENCY_HEADER,
                "required": True,
                "schema": {"type": "string", "format": "uuid"},
                "description": "Dibuat sekali per kiriman; ulangi dengan kunci yang sama.",
            }
        ]
    return doc


@router.post(
    _JENIS,
    response={200: schemas.VersiKirimOut, 201: schemas.VersiKirimOut, **_WRITE_ERRORS},
    url_name="c_hasil_kirim",
    openapi_extra=_body_doc(schemas.KirimIn, key=True),
)
def c_hasil_kirim_api(
    request: HttpRequest, kode: str, kode_tps: str, jenis: str
) -> Status[schemas.VersiKirimOut] | HttpResponse:
    """Submit what the paper C.Hasil says (201: a new version), stored as written and flagged.

    The same ``Idempotency-Key`` again returns the stored version (200), the same key with
    other numbers is refused (422), and a second, different sheet is a correction that needs
    ``alasan`` (409 without it). A correction whose ``versi_dasar`` is no longer the current
    version is refused (409 ``versi_bentrok``, naming the version that won). ``belum_dikonfirmasi`` lists the flagged fields still to be
    checked against the paper (POST .../konfirmasi).
    """
    tps = _tps_writable(request, kode, kode_tps)
    try:
        key = _idempotency_key(request)
        body = _json_body(request, schemas.KirimIn)
        result = c_hasil_submit(
            tps=tps,
            jenis=jenis,
            angka=body.angka,
            actor=_actor(request),
            sumber=Sumber.API,
            konfirmasi=body.konfirmasi,
            alasan=body.alasan,
            idempotency_key=key,
            versi_dasar=body.versi_dasar,
        )
    except InvalidInput as exc:
        return _invalid_response(request, exc)
    return Status(200 if result.ulangan else 201, _versi_out(result.versi, ulangan=result.ulangan))


@router.post(
    _JENIS + "/konfirmasi",
    response={200: schemas.VersiKirimOut, **_WRITE_ERRORS},
    url_name="c_hasil_konfirmasi",
    openapi_extra=_body_doc(schemas.KonfirmasiIn),
)
def c_hasil_konfirmasi_api(
    request: HttpRequest, kode: str, kode_tps: str, jenis: str
) -> schemas.VersiKirimOut | HttpResponse:
    """Confirm flagged fields of the current version as written on the paper."""
    tps = _tps_writable(request, kode, kode_tps)
    try:
        body = _json_body(request, schemas.KonfirmasiIn)
        c_hasil = _c_hasil_get(tps, jenis)
        versi = c_hasil.versi_set.filter(nomor=body.versi).first()
        if versi is None:
            raise NotAccessible(
                gettext("Versi %(nomor)s C.Hasil ini tidak ada.") % {"nomor": body.versi}
            )
        versi = c_hasil_konfirmasi(versi=versi, kunci=body.kunci, actor=_actor(request))
    except InvalidInput as exc:
        return _invalid_response(request, exc)
    return _versi_out(versi)


@router.get(
    _JENIS + "/versi",
    response={200: list[schemas.VersiRiwayatOut], **_READ_ERRORS},
    url_name="c_hasil_versi_list",
)
def c_hasil_versi_api(
    request: HttpRequest, kode: str, kode_tps: str, jenis: str
) -> list[schemas.VersiRiwayatOut]:
    """Every version of the C.Hasil, newest first: the submission and each correction."""
    tps = _tps_get(request, kode, kode_tps)
    c_hasil = c_hasil_get(tps=tps, jenis=jenis)
    if c_hasil is None:
        lembar_for_tps(tps=tps, jenis=jenis)  # an unknown contest is a 404; a known one: []
        return []
    return [
        schemas.VersiRiwayatOut(
            versi=v.nomor,
            dibuat_pada=v.dibuat_pada,
            dibuat_oleh=v.dibuat_oleh.username if v.dibuat_oleh else None,
            sumber=v.sumber,
            alasan=v.alasan,
            status=v.status,
            digest=v.digest,
            terkini=v.pk == c_hasil.versi_terkini_id,
        )
        for v in versi_list(c_hasil=c_hasil)
    ]


def _int_field(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "").strip()
    if not value.isdigit() or len(value) > 4:
        raise _refuse(gettext("%(kolom)s wajib berupa bilangan bulat positif.") % {"kolom": name})
    return int(value)


@router.post(
    _JENIS + "/foto",
    response={200: schemas.FotoOut, 201: schemas.FotoOut, **_WRITE_ERRORS},
    url_name="c_hasil_foto",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": schemas.foto_form_schema()}},
        }
    },
)
def c_hasil_foto_api(
    request: HttpRequest, kode: str, kode_tps: str, jenis: str
) -> Status[schemas.FotoOut] | HttpResponse:
    """Upload the photo of page ``halaman`` of ``dari`` (as printed on the paper): JPEG, PNG
    or WebP up to 10 MB, checked by its bytes. ``file`` is accepted for ``berkas``. The same
    bytes for the same page again return the stored photo (200, ``ulangan``): resend a whole
    photo after an interrupted upload, it is never stored twice; or send it in parts
    (.../unggahan) to resume where the connection dropped."""
    tps = _tps_writable(request, kode, kode_tps)
    try:
        try:
            files = request.FILES
        except (MultiPartParserError, RequestDataTooBig) as exc:
            raise _refuse(gettext("Unggahan multipart/form-data tidak sah.")) from exc
        berkas = files.get("berkas") or files.get("file")
        if berkas is None:
            raise _refuse(
                gettext("Lampirkan foto halaman sebagai berkas (multipart/form-data)."), "berkas"
            )
        hasil = c_hasil_foto_kirim(
            tps=tps,
            jenis=jenis,
            halaman=_int_field(request, "halaman"),
            dari=_int_field(request, "dari"),
            berkas=berkas,
            actor=_actor(request),
        )
    except InvalidInput as exc:
        return _invalid_response(request, exc)
    return Status(200 if hasil.ulangan else 201, _foto_out(hasil.foto, ulangan=hasil.ulangan))


def _foto_out(foto: CHasilFoto, *, ulangan: bool) -> schemas.FotoOut:
    return schemas.FotoOut(
        id=foto.pk,
        halaman=foto.halaman,
        dari=foto.dari,
        content_type=foto.content_type,
        ukuran=foto.ukuran,
        sha256=foto.sha256,
        diunggah_pada=foto.diunggah_pada,
        ulangan=ulangan,
    )


# --- Resumable photo uploads (tungsura.unggahan) ---------------------------------------------

OFFSET_HEADER = "Upload-Offset"


def _unggahan_out(hasil: HasilUnggahan) -> schemas.UnggahanOut:
    return schemas.UnggahanOut(
        id=str(hasil.unggahan.pk) if hasil.unggahan is not None else None,
        halaman=hasil.halaman,
        dari=hasil.dari,
        ukuran=hasil.ukuran,
        sha256=hasil.sha256,
        offset=hasil.offset,
        selesai=hasil.foto is not None,
        foto=_foto_out(hasil.foto, ulangan=hasil.ulangan) if hasil.foto is not None else None,
    )


@router.post(
    _JENIS + "/unggahan",
    response={200: schemas.UnggahanOut, 201: schemas.UnggahanOut, **_WRITE_ERRORS},
    url_name="c_hasil_foto_unggahan",
    openapi_extra=_body_doc(schemas.UnggahanIn),
)
def c_hasil_foto_unggahan_api(
    request: HttpRequest, kode: str, kode_tps: str, jenis: str
) -> Status[schemas.UnggahanOut] | HttpResponse:
    """Start (or find) the upload in parts of the photo of page ``halaman`` of ``dari``, of
    ``ukuran`` bytes with this ``sha256``. 201: a new upload at offset 0; 200: the same page
    and digest again, with the ``offset`` the server holds (send the next part from there),
    or ``selesai`` with the stored ``foto``. Then POST each part to .../unggahan/{id}."""
    tps = _tps_writable(request, kode, kode_tps)
    try:
        body = _json_body(request, schemas.UnggahanIn)
        hasil = c_hasil_foto_unggahan_start(
            tps=tps,
            jenis=jenis,
            halaman=body.halaman,
            dari=body.dari,
            ukuran=body.ukuran,
            sha256=body.sha256,
            actor=_actor(request),
        )
    except InvalidInput as exc:
        return _invalid_response(request, exc)
    return Status(201 if hasil.baru else 200, _unggahan_out(hasil))


def _offset(request: HttpRequest) -> int:
    value = request.headers.get(OFFSET_HEADER, "").strip()
    if not value.isdigit() or len(value) > 9:
        raise _refuse(
            gettext(
                "Header Upload-Offset wajib berupa bilangan bulat: bait pertama bagian ini "
                "dalam foto (0 untuk bagian pertama)."
            ),
            OFFSET_HEADER,
        )
    return int(value)


def _part(request: HttpRequest) -> bytes:
    try:
        data = request.body
    except RequestDataTooBig as exc:
        raise _TooBig(
            gettext("Bagian foto terlalu besar: paling besar 1 MB sekali kirim.")
        ) from exc
    if len(data) > BAGIAN_MAKS:
        raise _TooBig(gettext("Bagian foto terlalu besar: paling besar 1 MB sekali kirim."))
    return data


@router.post(
    _JENIS + "/unggahan/{unggahan_id}",
    response={
        200: schemas.UnggahanOut,
        201: schemas.UnggahanOut,
        **_WRITE_ERRORS,
        409: schemas.OffsetSalahOut,
    },
    url_name="c_hasil_foto_unggahan_bagian",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        },
        "parameters": [
            {
                "in": "header",
                "name": OFFSET_HEADER,
                "required": True,
                "schema": {"type": "integer", "minimum": 0},
                "description": "Bait pertama bagian ini dalam foto; harus sama dengan offset "
                "di server, selain itu 409 dengan offset server.",
            }
        ],
    },
)
def c_hasil_foto_unggahan_bagian_api(
    request: HttpRequest, kode: str, kode_tps: str, jenis: str, unggahan_id: str
) -> Status[schemas.UnggahanOut] | HttpResponse:
    """Send the bytes of one part (at most 1 MB) starting at ``Upload-Offset``. 200: the part
    is held (``offset`` is the next one); a part at another offset is a 409 naming the
    server's ``offset`` (resend from there). On the last byte the SHA-256 is checked: 201 with
    the stored ``foto`` (200 if these bytes were stored already), or 422 ``sha256_tidak_cocok``
    (nothing stored, the parts are discarded: send the photo again from 0)."""
    tps = _tps_writable(request, kode, kode_tps)
    unggahan = foto_unggahan_get(tps=tps, jenis=jenis, unggahan_id=unggahan_id)
    try:
        hasil = c_hasil_foto_unggahan_append(
            unggahan=unggahan,
            offset=_offset(request),
            data=_part(request),
            actor=_actor(request),
        )
    except OffsetSalah as exc:
        body = {"code": exc.code, "detail": exc.message, "errors": [], **exc.params}
        return JsonResponse(body, status=exc.http_status)
    except InvalidInput as exc:
        return _invalid_response(request, exc)
    created = hasil.foto is not None and not hasil.ulangan
    return Status(201 if created else 200, _unggahan_out(hasil))
