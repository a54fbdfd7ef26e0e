"""Translations of the words reports print: qualifiers, statuses, funding sources, programmes, column headings.

One flat table keyed by the codes the processed tables hold (``at_least``, ``eu``, ``PO_WER_2014_2020``), so a
column of codes is translated with ``series.map(lambda k: label(k, lang))``. Keys are unique across sections; the
check at import time keeps it so. An unknown key or language raises :class:`KeyError`: a report never shows a
code or an English word in place of a missing Polish one.

Polish status words are masculine adjectives so that they agree both with *projekt* and with *wskaźnik*.
"""

from __future__ import annotations

LANGS = ("en", "pl")

QUALIFIER_LABELS: dict[str, tuple[str, str]] = {
    "exact": ("exact", "dokładnie"),
    "about": ("about", "około"),
    "at_least": ("at least", "co najmniej"),
    "more_than": ("more than", "ponad"),
    "at_most": ("at most", "co najwyżej"),
    "less_than": ("less than", "mniej niż"),
    "range": ("range", "przedział"),
    "about_range": ("about (range)", "około (przedział)"),
    "bound": ("bound (at least / at most)", "granica (co najmniej / co najwyżej)"),  # chart legends
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    # project statuses
    "planned": ("planned", "planowany"),
    "ongoing": ("ongoing", "w trakcie realizacji"),
    "completed": ("completed", "zakończony"),
    # figure statuses (``planned`` is shared with projects)
    "achieved": ("achieved", "osiągnięty"),
    "stated": ("stated", "podany"),
}

SOURCE_TYPE_LABELS: dict[str, tuple[str, str]] = {
    "total": ("total", "ogółem"),
    "eu": ("EU", "UE"),
    "state_subsidy": ("state-budget subsidy", "dotacja celowa z budżetu państwa"),
    "own": ("own contribution", "wkład własny"),
    "ministry_grant": ("ministry grant", "dotacja ministerstwa"),
    "pfron": ("PFRON", "PFRON"),
    "foundation_grant": ("foundation grant", "grant fundacji"),
    "voivode_grant": ("voivode's grant", "dotacja wojewody"),
    "external_total": ("external funding, total", "środki zewnętrzne ogółem"),
    "eu_food_aid": ("EU food aid", "unijna pomoc żywnościowa"),
}

PROGRAMME_LABELS: dict[str, tuple[str, str]] = {
    "RPO_WSL_2014_2020": ("RPO WSL 2014–2020", "RPO WSL 2014–2020"),
    "PO_WER_2014_2020": ("PO WER 2014–2020", "PO WER 2014–2020"),
    "PO_KL_2007_2013": ("PO KL 2007–2013", "PO KL 2007–2013"),
    "ESF_UNNAMED": ("ESF (programme not named)", "EFS (program nie podany)"),
    "PFRON": ("PFRON", "PFRON"),
    "MPIPS": ("MPiPS grant", "dotacja MPiPS"),
    "VOIVODE": ("voivode's funds", "środki wojewody"),
    "FOUNDATION": ("foundation grant", "grant fundacji"),
    "PEAD": ("PEAD (EU food aid)", "PEAD (unijna pomoc żywnościowa)"),
}

# Outcome headings use the measure codes of analysis.vocabulary: "completed" alone is a project status.
HEADING_LABELS: dict[str, tuple[str, str]] = {
    "project": ("project", "projekt"),
    "programme": ("programme", "program"),
    "period": ("period", "okres"),
    "total_value": ("total value", "wartość projektu"),
    "eu_cofinancing": ("EU co-financing", "dofinansowanie UE"),
    "eu_share": ("EU share", "udział UE"),
    "participants": ("participants", "uczestnicy"),
    "cost_per_participant": ("cost per participant", "koszt na uczestnika"),
    "cost_per_participant_real": ("cost per participant (real, {year} prices)",
                                  "koszt na uczestnika (realnie, ceny z {year} r.)"),
    "women_share": ("women share", "udział kobiet"),
    "people_with_disabilities": ("people with disabilities", "osoby z niepełnosprawnościami"),
    "outcome_completed": ("completed", "ukończyli udział"),
    "outcome_employed": ("employed", "podjęli pracę"),
    "outcome_qualification": ("gained qualification", "uzyskali kwalifikacje"),
    "outcome_job_search": ("searching for work", "poszukują pracy"),
    "status": ("status", "status"),
    "source": ("source", "źródło"),
    "qualifier": ("qualifier", "kwalifikator"),
}

_SECTIONS = (QUALIFIER_LABELS, STATUS_LABELS, SOURCE_TYPE_LABELS, PROGRAMME_LABELS, HEADING_LABELS)


def _merge(sections: tuple[dict[str, tuple[str, str]], ...]) -> dict[str, dict[str, str]]:
    """One table key -> {lang: text}; a key in two sections would make one of them unreachable, so it fails."""
    merged: dict[str, dict[str, str]] = {}
    for section in sections:
        clash = merged.keys() & section.keys()
        if clash:
            raise ValueError(f"label keys defined twice: {sorted(clash)}")
        merged |= {key: dict(zip(LANGS, texts, strict=True)) for key, texts in section.items()}
    return merged


LABELS: dict[str, dict[str, str]] = _merge(_SECTIONS)


def check_lang(lang: str) -> str:
    """Return ``lang`` if reports are written in it; raise KeyError otherwise."""
    if lang not in LANGS:
        raise KeyError(f"unknown language {lang!r}; reports are written in {', '.join(LANGS)}")
    return lang


def label(key: str, lang: str, **fields: object) -> str:
    """The text for ``key`` in ``lang``; ``fields`` fill placeholders such as ``{year}``.

    >>> label("at_least", "pl")
    'co najmniej'
    >>> label("cost_per_participant_real", "en", year=2024)
    'cost per participant (real, 2024 prices)'
    """
    check_lang(lang)
    if key not in LABELS:
        raise KeyError(f"no label for {key!r}; add it to analysis.labels (known keys: {', '.join(sorted(LABELS))})")
    template = LABELS[key][lang]
    try:
        return template.format(**fields)
    except KeyError as missing:  # a placeholder left unfilled would print '{year}' in a report
        raise KeyError(f"label {key!r} needs the field {missing.args[0]!r}, e.g. label({key!r}, {lang!r}, "
                       f"{missing.args[0]}=...)") from None


__all__ = ["LANGS", "LABELS", "label", "check_lang"]
