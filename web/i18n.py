"""The pages' words, numbers and dates in Vietnamese and English.

Words live in gettext catalogues, ``web/locale/<lang>/LC_MESSAGES/messages.po`` (msgid = the
English text), extracted from the Python code, the vocabularies of ``izagis.vocab`` and the
page script by ``make messages`` (``babel.cfg`` says where and how). The .po files are read at
run time and compiled in memory, so no binary .mo file is kept. Numbers, money and dates follow
Babel's (CLDR) rules for each language; the page script gets the same rules in its config.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any, Final

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_currency_precision
from babel.support import Translations

LANGUAGES: Final = ("vi", "en")
DEFAULT_LANGUAGE: Final = "vi"
# Each language by its own name, for the language switch: never translated.
ENDONYMS: Final = {"vi": "Tiếng Việt", "en": "English"}
LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"
DOMAIN: Final = "messages"
CURRENCIES: Final = ("USD", "VND")


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalog(lang: str) -> Catalog:
    """The language's catalogue as a translator left it."""
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


@cache
def translations(lang: str) -> Translations:
    """The catalogue compiled in memory (fuzzy and empty entries fall back to the English)."""
    if lang not in LANGUAGES:
        raise LookupError(f"no catalogue for {lang!r}; one of {', '.join(LANGUAGES)}")
    buffer = BytesIO()
    write_mo(buffer, catalog(lang))
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def script_messages(lang: str) -> dict[str, str]:
    """msgid -> translation of every context-free message whose translation differs from
    its English: what the page script's ``_()`` looks up (the English is its fallback)."""
    tr = translations(lang)
    out: dict[str, str] = {}
    for message in catalog(lang):
        if not message.id or message.context or not isinstance(message.id, str):
            continue
        text = tr.gettext(message.id)
        if text != message.id:
            out[message.id] = text
    return out


def _pattern(pattern: Any) -> str:
    text: str = pattern.pattern
    return text


@cache
def number_format(lang: str) -> dict[str, Any]:
    """Babel's number, money and date rules of ``lang``, for the page script."""
    locale = Locale.parse(lang)
    symbols = locale.number_symbols["latn"]
    return {
        "locale": str(locale),
        "decimal": symbols["decimal"],
        "group": symbols["group"],
        "minus": symbols["minusSign"],
        "percentSign": symbols["percentSign"],
        "decimalPattern": _pattern(locale.decimal_formats[None]),
        "percentPattern": _pattern(locale.percent_formats[None]),
        "currencyPattern": _pattern(locale.currency_formats["standard"]),
        "currencies": {
            code: {
                "symbol": locale.currency_symbols.get(code, code),
                "digits": int(get_currency_precision(code)),
            }
            for code in CURRENCIES
        },
        "datePattern": _pattern(locale.date_formats["long"]),
        "months": [locale.months["format"]["wide"][m] for m in range(1, 13)],
        "monthsShort": [locale.months["format"]["abbreviated"][m] for m in range(1, 13)],
    }
