"""`selenggara user create|assign|token|tokens|revoke`: accounts from the console, audited.

    selenggara user create siti --nama "Siti Aminah" [--password ...]   (else generated, printed)
    selenggara user assign siti --peran pps --wilayah 33.03.01.2001
    selenggara user assign andi --peran kpps_ketua --tps 3303012001001 --pemilihan pemilu-2024
    selenggara user token siti --nama "skrip rekap" [--berlaku-hari 30]
    selenggara user tokens siti                  (her tokens, last use, expiry, status)
    selenggara user revoke siti sgr_AbCd          (by the prefix shown in the list)

The console bypasses the rule that a KPU-level account's token needs a two-factor session
(whoever runs it already controls the server) and says so when it does.

The actor is "sistem" unless ``--actor USERNAME`` names an account, whose scope then limits
what it may assign.
"""

from __future__ import annotations

import secrets
from argparse import ArgumentParser
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.models import ApiToken, User
from selenggara.accounts.selectors import api_token_list, user_requires_two_factor
from selenggara.accounts.services import (
    api_token_create,
    api_token_revoke,
    penugasan_assign,
    user_create,
)
from selenggara.core.errors import DomainError, InvalidInput
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeTPS


def _user_get(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Pengguna {username} tidak ada.")
    return user


def _domain_error(exc: DomainError) -> CommandError:
    lines = [exc.message]
    if isinstance(exc, InvalidInput):
        lines += [f"  - {e}" for e in exc.errors if str(e) != exc.message]
    return CommandError("\n".join(lines))


class Command(BaseCommand):
    help = "Kelola akun: buat pengguna, beri peran, buat token API."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Buat akun baru.")
        create.add_argument("username")
        create.add_argument("--nama", required=True, help="Nama lengkap.")
        create.add_argument(
            "--password", default=None, help="Kata sandi; tanpa ini dibuatkan dan dicetak sekali."
        )
        create.add_argument("--email", default="")
        create.add_argument("--telepon", default="")

        assign = sub.add_parser("assign", help="Beri peran pada wilayah atau TPS.")
        assign.add_argument("username")
        assign.add_argument("--peran", required=True, choices=[p.value for p in Peran])
        place = assign.add_mutually_exclusive_group()
        place.add_argument("--wilayah", default="", help="Kode wilayah, mis. 33.03.01.2001.")
        place.add_argument("--tps", default=None, help="Kode TPS 13 angka, mis. 3303012001001.")
        assign.add_argument(
            "--pemilihan", default=None, help="Kode pemilihan TPS (wajib jika ada lebih dari satu)."
        )

        token = sub.add_parser("token", help="Buat token API (dicetak sekali).")
        token.add_argument("username")
        token.add_argument("--nama", required=True, help="Untuk apa token ini.")
        token.add_argument(
            "--berlaku-hari", type=int, default=None, help="Masa berlaku (bawaan 90 hari)."
        )
        tokens = sub.add_parser("tokens", help="Daftar token API seorang pengguna.")
        tokens.add_argument("username")
        revoke = sub.add_parser("revoke", help="Cabut token API seorang pengguna.")
        revoke.add_argument("username")
        revoke.add_argument("prefix", help="Awalan token seperti tampil di daftar (sgr_...).")

        for p in (create, assign, token, revoke):
            p.add_argument("--actor", default=None, help="Nama pengguna pelaku (bawaan: sistem).")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = _user_get(options["actor"]) if options.get("actor") else None
        handler = {
            "create": self._create,
            "assign": self._assign,
            "token": self._token,
            "tokens": self._tokens,
            "revoke": self._revoke,
        }
        try:
            handler[options["action"]](actor, options)
        except DomainError as exc:
            raise _domain_error(exc) from exc

    def _create(self, actor: User | None, options: dict[str, Any]) -> None:
        password = options["password"] or secrets.token_urlsafe(12)
        user = user_create(
            username=options["username"],
            nama=options["nama"],
            password=password,
            email=options["email"],
            telepon=options["telepon"],
            actor=actor,
        )
        self.stdout.write(self.style.SUCCESS(f"Akun {user.username} ({user.nama}) dibuat."))
        if not options["password"]:
            self.stdout.write(f"Kata sandi (catat sekarang, tidak ditampilkan lagi): {password}")

    def _assign(self, actor: User | None, options: dict[str, Any]) -> None:
        user = _user_get(options["username"])
        tps = _tps_get(options["tps"], options["pemilihan"]) if options["tps"] else None
        penugasan = penugasan_assign(
            user=user, peran=options["peran"], wilayah_kode=options["wilayah"], tps=tps, actor=actor
        )
        self.stdout.write(self.style.SUCCESS(f"{user.username}: {penugasan} ditambahkan."))

    def _token(self, actor: User | None, options: dict[str, Any]) -> None:
        user = _user_get(options["username"])
        token, plaintext = api_token_create(
            user=user, nama=options["nama"], actor=actor, berlaku_hari=options["berlaku_hari"]
        )
        self.stdout.write(self.style.SUCCESS(f"Token {token.nama} untuk {user.username} dibuat."))
        if actor is None and user_requires_two_factor(user=user):
            self.stdout.write(
                "Catatan: konsol melewati aturan verifikasi dua langkah untuk token peran "
                "tingkat KPU; simpan token ini seketat kata sandi dan kode TOTP."
            )
        self.stdout.write(f"Berlaku sampai: {token.expires_at:%Y-%m-%d %H:%M %Z}")
        self.stdout.write(f"Token (catat sekarang, tidak ditampilkan lagi): {plaintext}")

    def _tokens(self, _actor: User | None, options: dict[str, Any]) -> None:
        user = _user_get(options["username"])
        token_list = list(api_token_list(user=user))
        if not token_list:
            self.stdout.write(f"{user.username} belum punya token API.")
        for token in token_list:
            self.stdout.write(
                f"{token.prefix:<9} {token.nama:<30} dibuat {_when(token.created_at)}  "
                f"terakhir dipakai {_when(token.last_used_at)}  "
                f"berlaku sampai {_when(token.expires_at)}  {_status(token)}"
            )

    def _revoke(self, actor: User | None, options: dict[str, Any]) -> None:
        user = _user_get(options["username"])
        matches = [t for t in api_token_list(user=user) if t.prefix == options["prefix"]]
        if len(matches) != 1:
            raise CommandError(
                f"Token berawalan {options['prefix']} milik {user.username} "
                + ("tidak ada." if not matches else "lebih dari satu; cabut lewat halaman web.")
            )
        token = api_token_revoke(token=matches[0], actor=actor)
        self.stdout.write(self.style.SUCCESS(f"Token {token.nama} ({token.prefix}…) dicabut."))


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


def _status(token: ApiToken) -> str:
    if token.revoked_at is not None:
        return "dicabut"
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return "kedaluwarsa"
    return "aktif"


def _pemilihan_get(kode: str | None) -> Pemilihan:
    if kode:
        pemilihan = Pemilihan.objects.filter(kode=kode).first()
        if pemilihan is None:
            raise CommandError(f"Pemilihan {kode} tidak ada.")
        return pemilihan
    pemilihan_list = list(Pemilihan.objects.all()[:2])
    if len(pemilihan_list) != 1:
        raise CommandError("Sebutkan --pemilihan: TPS milik satu pemilihan.")
    return pemilihan_list[0]


def _tps_get(kode: str, pemilihan_kode: str | None) -> TPS:
    pemilihan = _pemilihan_get(pemilihan_kode)
    try:
        parsed = KodeTPS.parse(kode)
    except InvalidKodeWilayah as exc:
        raise CommandError(exc.message) from exc
    tps = TPS.objects.filter(pemilihan=pemilihan, kode=parsed.value).first()
    if tps is None:
        raise CommandError(f"TPS {parsed.value} tidak ada dalam pemilihan {pemilihan.kode}.")
    return tps
