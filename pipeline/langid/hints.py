"""Context hints (outlet, URL, declared language, neighbouring text) turned into language priors.

A hint is a likelihood ratio in favour of one language: the detector multiplies that language's
probability by the ratio and renormalises, so strong textual evidence can still win over a hint.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from pipeline.quotes.outlets import load_registry

# Odds multipliers; 20 means "a hinted language is 20 times likelier than without the hint".
OUTLET_RATIO = 20.0
URL_OUTLET_RATIO = 20.0
COUNTRY_DOMAIN_RATIO = 8.0
DECLARED_RATIO = 20.0
CONTEXT_RATIO = 6.0  # scaled by the context's own detection confidence
DOCUMENT_RATIO = 20.0  # the language detected for the whole document, scaled by that detection's confidence

COUNTRY_DOMAINS = {
    "ru": "ru",
    "su": "ru",
    "рф": "ru",
    "ua": "uk",
    "укр": "uk",
    "by": "be",
    "бел": "be",
    "bg": "bg",
    "бг": "bg",
    "mk": "mk",
    "мкд": "mk",
    "rs": "sr",
    "срб": "sr",
    "uk": "en",
    "us": "en",
    "au": "en",
    "nz": "en",
    "ie": "en",
    "de": "de",
    "at": "de",
    "fr": "fr",
    "it": "it",
    "es": "es",
    "pl": "pl",
    "cz": "cs",
    "sk": "sk",
    "hr": "hr",
    "si": "sl",
    "ro": "ro",
    "hu": "hu",
    "gr": "el",
    "tr": "tr",
    "lt": "lt",
    "lv": "lv",
    "ee": "et",
    "fi": "fi",
    "se": "sv",
    "no": "nb",
    "dk": "da",
    "nl": "nl",
    "pt": "pt",
    "jp": "ja",
    "cn": "zh",
    "kr": "ko",
    "il": "he",
    "ir": "fa",
}


@dataclass(frozen=True)
class Hints:
    outlet: str | None = None
    url: str | None = None
    lang: str | None = None  # declared by the source (html lang, metadata)
    context: str | None = None  # neighbouring text (the paragraph around a quote)
    document: tuple[str, float] | None = None  # the document's detected language and its confidence


@dataclass(frozen=True)
class Prior:
    lang: str
    ratio: float
    evidence: str
    # False for what the document's own text says (its language, the neighbouring text): that only
    # reweighs the languages this text allows, so an English article does not make a Cyrillic quote English.
    revives: bool = True


def language_code(tag: str) -> str | None:
    """'ru-RU', 'RU', 'ru_RU' -> 'ru'; None for something that is not a language tag."""
    code = tag.strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() and len(code) in (2, 3) else None


def priors(hints: Hints) -> list[Prior]:
    """The priors the outlet, URL, declared and detected document language give (context is handled
    by the detector, which detects it first)."""
    found = []
    registry = load_registry()
    if hints.outlet:
        outlet = registry.lookup(hints.outlet)
        if outlet and outlet.lang:
            found.append(Prior(outlet.lang, OUTLET_RATIO, f"hint:outlet {outlet.name}={outlet.lang}"))
    if hints.url:
        found.extend(_url_priors(hints.url))
    if hints.lang and (code := language_code(hints.lang)):
        found.append(Prior(code, DECLARED_RATIO, f"hint:declared={code}"))
    if hints.document:
        lang, confidence = hints.document
        found.append(Prior(lang, 1 + (DOCUMENT_RATIO - 1) * confidence, f"hint:document={lang}", revives=False))
    return found


def _url_priors(url: str) -> list[Prior]:
    outlet = load_registry().by_url(url)
    if outlet and outlet.lang:
        return [Prior(outlet.lang, URL_OUTLET_RATIO, f"hint:url outlet {outlet.name}={outlet.lang}")]
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    suffix = host.rsplit(".", 1)[-1].lower()
    if suffix.startswith("xn--"):
        suffix = suffix.encode("ascii").decode("idna")
    lang = COUNTRY_DOMAINS.get(suffix)
    return [Prior(lang, COUNTRY_DOMAIN_RATIO, f"hint:url .{suffix}={lang}")] if lang else []
