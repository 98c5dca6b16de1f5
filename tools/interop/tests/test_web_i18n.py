"""The web client's two catalogues (web/app/i18n/en.js and fr.js): the same keys, the same
{placeholders} in each string, no empty string, and every literal key the client's modules
pass to t("...") present in English. Dynamic keys (t(`admin.tab.${name}`)) must have at least
one key with their prefix."""

from __future__ import annotations

import re

import web_pages
from web_pages import catalogue

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    en, fr = catalogue("en"), catalogue("fr")
    assert len(en) > 50, f"en.js: only {len(en)} strings parsed"
    missing_fr = sorted(set(en) - set(fr))
    missing_en = sorted(set(fr) - set(en))
    assert not missing_fr and not missing_en, f"only in en.js: {missing_fr[:20]}; only in fr.js: {missing_en[:20]}"
    wrong = [key for key in en if set(PLACEHOLDER.findall(en[key])) != set(PLACEHOLDER.findall(fr[key]))]
    assert not wrong, f"placeholders differ between en.js and fr.js for {wrong[:20]}"
    empty = [key for key in en if not en[key].strip() or not fr[key].strip()]
    assert not empty, f"empty strings: {empty[:20]}"


def test_every_key_the_client_uses_exists() -> None:
    en = catalogue("en")
    sources = {path: path.read_text() for path in web_pages.WEB_APP.rglob("*.js") if path.parent.name != "i18n"}
    missing, prefixes = [], []
    for path, text in sources.items():
        for key in re.findall(r'\bt\(\s*"([^"]+)"', text):
            if key not in en:
                missing.append(f"{path.relative_to(web_pages.WEB_APP)}: {key}")
        for prefix in re.findall(r"\bt\(\s*`([\w.]*)\$\{", text):
            if not any(key.startswith(prefix) for key in en):
                prefixes.append(f"{path.relative_to(web_pages.WEB_APP)}: {prefix}*")
    assert not missing, f"keys used but not in en.js: {missing[:30]}"
    assert not prefixes, f"dynamic keys with no string: {prefixes[:30]}"
