"""Stage 1, registers: the documents and the programmes as the processed tables give them, and the programmes'
co-financing caps parsed once (the project table, the checks and the processed programmes table all use
:func:`programme_caps`).
"""

from __future__ import annotations

import pandas as pd

from analysis.core.precision import round_share


def sources_table(sources: pd.DataFrame, figs: pd.DataFrame) -> pd.DataFrame:
    """The documents with their provenance (address, access date, checksum of the stored text, licence) and how
    many figures each gave."""
    counts = figs["source_id"].value_counts()
    out = sources[["source_id", "publisher", "title", "kind", "url", "accessed", "published", "seed_file", "sha256",
                   "licence", "licence_note"]].copy()
    out["figures_count"] = out["source_id"].map(counts).fillna(0).astype("Int64")
    for c in ("url", "accessed", "published"):
        out[c] = out[c].replace("", pd.NA)
    return out.reset_index(drop=True)


def percent_text(s: pd.Series) -> pd.Series:
    """'85%' -> 0.85, '85,5%' -> 0.855; '' -> NA (a rule the programme does not have). The raw schema has checked
    the form (:data:`analysis.core.dictionary.PERCENT_PATTERN`)."""
    number = s.replace("", pd.NA).str.rstrip("%").str.replace(",", ".", regex=False)
    return round_share(number.astype("Float64") / 100)


def programme_caps(programmes: pd.DataFrame) -> pd.DataFrame:
    """The co-financing caps of each programme of the raw table as fractions (``max_eu_share``,
    ``max_cofinancing_share``), indexed by programme_id; NA where the programme has no such rule."""
    caps = pd.DataFrame({c: percent_text(programmes[c]) for c in ("max_eu_share", "max_cofinancing_share")})
    return caps.set_axis(pd.Index(programmes["programme_id"], name="programme_id"))


def programmes_table(programmes: pd.DataFrame) -> pd.DataFrame:
    out = programmes[["programme_id", "name_en", "name_pl", "period", "funder"]].copy()
    out["period"] = out["period"].replace("", pd.NA)
    caps = programme_caps(programmes)
    out["max_eu_share"] = caps["max_eu_share"].to_numpy()
    out["max_cofinancing_share"] = caps["max_cofinancing_share"].to_numpy()
    out["rule_source"] = programmes["rule_source"]
    out["eligible_until"] = pd.to_datetime(programmes["eligible_until"].replace("", pd.NA), format="%Y-%m-%d")
    out["eligible_until_source"] = programmes["eligible_until_source"].replace("", pd.NA)
    return out.reset_index(drop=True)


