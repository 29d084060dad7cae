"""The outlet registry (`sources/outlets.toml`): one outlet whatever name or domain refers to it."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_REGISTRY = Path(__file__).resolve().parent.parent / "sources" / "outlets.toml"


@dataclass(frozen=True)
class Outlet:
    key: str
    name: str
    names: tuple[str, ...]
    domains: tuple[str, ...]
    lang: str | None
    country: str | None


@dataclass(frozen=True)
class OutletRegistry:
    outlets: tuple[Outlet, ...]

    def by_name(self, name: str) -> Outlet | None:
        wanted = _fold(name)
        for outlet in self.outlets:
            if any(_fold(variant) == wanted for variant in outlet.names) or _fold(outlet.name) == wanted:
                return outlet
        return None

    def by_url(self, url: str) -> Outlet | None:
        """The outlet whose domain (or domain/path prefix) the URL belongs to; longest match wins."""
        parts = urlsplit(url if "//" in url else f"//{url}")
        host = (parts.hostname or "").removeprefix("www.")
        location = f"{host}{parts.path}".rstrip("/")
        best: tuple[int, Outlet] | None = None
        for outlet in self.outlets:
            for domain in outlet.domains:
                if location == domain or location.startswith(domain + "/") or host.endswith("." + domain):
                    if best is None or len(domain) > best[0]:
                        best = (len(domain), outlet)
        return best[1] if best else None

    def lookup(self, name_or_url: str) -> Outlet | None:
        return self.by_name(name_or_url) or (self.by_url(name_or_url) if "." in name_or_url else None)

    def mentions(self, text: str) -> list[tuple[int, int, Outlet]]:
        """Every (start, end, outlet) where a name variant occurs in text as whole words, longest first."""
        found: list[tuple[int, int, Outlet]] = []
        for pattern, outlet in _mention_patterns(self):
            found.extend((m.start(), m.end(), outlet) for m in pattern.finditer(text))
        found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
        kept: list[tuple[int, int, Outlet]] = []
        for start, end, outlet in found:
            if not kept or start >= kept[-1][1]:
                kept.append((start, end, outlet))
        return kept


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


@cache
def _mention_patterns(registry: OutletRegistry) -> tuple[tuple[re.Pattern[str], Outlet], ...]:
    patterns = []
    for outlet in registry.outlets:
        variants = sorted({outlet.name, *outlet.names}, key=len, reverse=True)
        # Short all-caps variants (RT, AP, KP) are matched case-sensitively to avoid ordinary words.
        for variant in variants:
            flags = 0 if len(variant) <= 3 else re.IGNORECASE
            patterns.append((re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)", flags), outlet))
    return tuple(patterns)


@cache
def load_registry(path: Path = DEFAULT_REGISTRY) -> OutletRegistry:
    with open(path, "rb") as handle:
        table = tomllib.load(handle)
    outlets = tuple(
        Outlet(
            key=key,
            name=entry["name"],
            names=tuple(entry.get("names", ())),
            domains=tuple(entry.get("domains", ())),
            lang=entry.get("lang"),
            country=entry.get("country"),
        )
        for key, entry in table.items()
    )
    return OutletRegistry(outlets)
