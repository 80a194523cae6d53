"""The English catalogue is complete and its committed .mo matches the .po."""

import gettext
import re
from pathlib import Path

from django.conf import settings

LC_MESSAGES = Path(settings.BASE_DIR) / "selenggara" / "locale" / "en" / "LC_MESSAGES"
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(lines: str) -> str:
    joined = "".join(re.findall(r'"(.*)"', lines))
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), joined)


def _po_entries() -> dict[tuple[str | None, str], str]:
    """Return (msgctxt or None, msgid) -> msgstr (first form of a plural) of every live entry
    but the header."""
    text = (LC_MESSAGES / "django.po").read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        msgctxt = re.search(r'^msgctxt ((?:".*"\n)+)', block + "\n", re.MULTILINE)
        msgid = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.MULTILINE)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block + "\n", re.MULTILINE)
        if msgid and msgstr and _unquote(msgid.group(1)):
            context = _unquote(msgctxt.group(1)) if msgctxt else None
            entries[(context, _unquote(msgid.group(1)))] = _unquote(msgstr.group(1))
    return entries


def test_every_message_has_an_english_translation():
    untranslated = [msgid for msgid, msgstr in _po_entries().items() if not msgstr]

    assert untranslated == [], "run makemessages -l en, translate, then compilemessages"


def test_compiled_catalogue_matches_the_po():
    with (LC_MESSAGES / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)

    def compiled(context: str | None, msgid: str) -> tuple[str, ...]:
        if context is not None:
            return (catalog.pgettext(context, msgid),)
        return (catalog.gettext(msgid), catalog.ngettext(msgid, msgid, 1))

    stale = [
        (context, msgid)
        for (context, msgid), msgstr in _po_entries().items()
        if msgstr not in compiled(context, msgid)
    ]

    assert stale == [], "the committed django.mo is out of date: run compilemessages"
