"""The pages' words: the catalogues are complete and in step with the code, the vocabularies
come from the server, and numbers follow Babel's rules for each language."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from izagis.criteria import CRITERION_NAMES
from izagis.needs import SiteNeeds
from izagis.vocab import LABELS, VOCABULARIES
from web.i18n import LANGUAGES, LOCALE_DIR, catalog, number_format, script_messages
from web.pages import build_map, page_config
from web.styles import FALLBACK, STYLES
from web.vocab import PAGE_LABELS, PAGE_ORDER, vocabularies

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "web" / "static" / "js"
Key = tuple[str | None, str]  # (msgctxt, msgid)
PLACEHOLDER = re.compile(r"\{\w+\}")


def _keys(messages: Iterable[object]) -> set[Key]:
    out: set[Key] = set()
    for m in messages:
        msgid = getattr(m, "id", None)
        if isinstance(msgid, str) and msgid:
            out.add((getattr(m, "context", None), msgid))
    return out


@cache
def extracted() -> frozenset[Key]:
    """What ``make messages`` would extract from the code now (babel.cfg, from the root)."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: set[Key] = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        ROOT,
        method_map,
        options_map,
        keywords=DEFAULT_KEYWORDS,
        directory_filter=lambda d: not Path(d).name.startswith((".", "_")),
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.add((context, msgid))
    return frozenset(found)


def test_extraction_finds_the_code_s_words() -> None:
    keys = extracted()
    assert ("zone_status", "Operating") in keys, "NC_ in izagis/vocab.py, with its context"
    assert ("criterion", "lease price") in keys, "NC_ in web/vocab.py"
    assert (None, "Plots") in keys, "_() in web/pages.py"
    assert (None, "Legend") in keys, "_() in the page script"
    assert len(keys) > 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_in_the_catalogue_and_translated(lang: str) -> None:
    cat = catalog(lang)
    missing = sorted(extracted() - _keys(cat), key=str)
    assert not missing, f"run `make messages` and translate: {missing}"
    fuzzy = sorted((m.context, m.id) for m in cat if m.id and m.fuzzy)
    assert not fuzzy, f"fuzzy (unchecked) translations in {lang}: {fuzzy}"
    if lang == "vi":
        untranslated = sorted((m.context, m.id) for m in cat if m.id and not m.string)
        assert not untranslated, f"no Vietnamese for {untranslated}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_has_no_stale_message(lang: str) -> None:
    stale = sorted(_keys(catalog(lang)) - extracted(), key=str)
    assert not stale, f"no longer in the code, run `make messages`: {stale}"


def test_template_is_in_step_with_the_code() -> None:
    with (LOCALE_DIR / "messages.pot").open("rb") as f:
        template: Catalog = read_po(f)
    assert _keys(template) == set(extracted()), "run `make messages`"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders(lang: str) -> None:
    for m in catalog(lang):
        if isinstance(m.id, str) and isinstance(m.string, str) and m.id and m.string:
            assert sorted(PLACEHOLDER.findall(m.string)) == sorted(PLACEHOLDER.findall(m.id)), (
                m.context,
                m.id,
                m.string,
            )


def test_every_vocabulary_value_has_a_label_in_both_languages() -> None:
    for name, enum in VOCABULARIES.items():
        assert set(LABELS.get(name, {})) == {m.value for m in enum}, name
    en, vi = vocabularies("en"), vocabularies("vi")
    assert set(en) == set(VOCABULARIES) | set(PAGE_LABELS)
    for name, entries in en.items():
        values = [e["value"] for e in entries]
        assert values == [e["value"] for e in vi[name]], name
        english = {e["value"]: e["label"] for e in entries}
        assert all(e["label"] and e["label"] != english[e["value"]] for e in vi[name]), name
    assert {"value": "free", "label": "Free"} in en["plot_status"]
    assert {"value": "free", "label": "Còn trống"} in vi["plot_status"]
    assert {"value": "operating", "label": "Đang hoạt động"} in vi["zone_status"]
    assert {"value": "heritage_buffer", "label": "Vùng đệm di sản"} in vi["constraint_kind"]


def test_page_vocabularies_cover_the_site_search() -> None:
    assert PAGE_ORDER["criterion"] == CRITERION_NAMES
    assert set(PAGE_LABELS["criterion"]) == set(CRITERION_NAMES)
    assert set(PAGE_LABELS["need"]) <= set(SiteNeeds.model_fields)


def test_styles_are_only_for_values_that_exist() -> None:
    for name, styles in STYLES.items():
        values = {m.value for m in VOCABULARIES[name]}
        assert set(styles) <= values, name
        assert name in FALLBACK
        for style in styles.values():
            assert style.get("legend_as", next(iter(values))) in values


# What the page shows from each vocabulary comes from its config; "need" is left out, since
# the search form must name the request's fields (area_ha, industry...) to send them.
SHOWN = ("zone_status", "plot_status", "infrastructure_kind", "constraint_kind")


def test_page_scripts_have_no_vocabulary_of_their_own() -> None:
    """The values of the vocabularies the page shows reach it in its config, never as
    literals of the script."""
    values = {m.value for name in SHOWN for m in VOCABULARIES[name]}
    values |= set(PAGE_LABELS["criterion"]) | set(PAGE_LABELS["place"])
    for script in SCRIPTS.glob("*.js"):
        literals = set(re.findall(r"""["']([a-z_]+)["']""", script.read_text(encoding="utf-8")))
        assert not literals & values, (script.name, sorted(literals & values))


@pytest.mark.parametrize(
    ("lang", "decimal", "group", "currency"),
    [("vi", ",", ".", "#,##0.00\xa0¤"), ("en", ".", ",", "¤#,##0.00")],
)
def test_number_rules_come_from_babel(lang: str, decimal: str, group: str, currency: str) -> None:
    rules = number_format(lang)
    assert (rules["decimal"], rules["group"], rules["currencyPattern"]) == (
        decimal,
        group,
        currency,
    )
    assert rules["currencies"]["USD"]["digits"] == 2
    assert len(rules["months"]) == 12 and rules["datePattern"]


def test_page_config_carries_words_vocabularies_and_base() -> None:
    vi = page_config("vi", "investor", "/izagis")
    assert vi["base"] == "/izagis"
    assert vi["messages"]["Legend"] == "Chú giải"
    assert vi["vocab"]["plot_status"][0] == {"value": "free", "label": "Còn trống"}
    assert script_messages("en") == {}, "English is the msgid itself"
    html = build_map("vi", "investor", "/izagis")
    assert '"Legend": "Chú giải"' in html
    assert "/izagis/api/v1/tiles/plots/{z}/{x}/{y}.pbf" in html
