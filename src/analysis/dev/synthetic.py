"""Synthetic raw data in the project's own raw format, for benchmarks and scale tests.

``generate(n_projects, seed, out_dir)`` writes a complete raw folder (the seven tables of ``data/raw/``) that
passes ``make data`` validation and every domain check: ``n_projects`` projects of welfare centres (``MOPS <town>``)
with about seven figures each (programme, start and end, value, EU co-financing, sometimes a full split with
a state subsidy, PFRON or ministry grant and the own contribution, participants, sometimes women and men, sometimes
employment), printed the way the documents print them (``'4 800 000,00 zł'``, ``'168.988,11 zł'``, ``'40.800 zł'``,
no-break spaces, ``'min. 60'``, ``'około 45'``, ``'5-10'``, ``'01.03.2020'``, ``'sierpniu 2018'``,
``'2016'``), each with a quote containing the value verbatim. ``programmes.csv`` and ``cpi_pl_annual.csv`` are
copied from ``data/raw/``; ``known_discrepancies.csv`` is written empty (its rows name real documents that a
synthetic folder does not hold).

Everything is drawn from one seeded :class:`numpy.random.Generator` and built column-wise (no Python loop per row),
and the CSV files are written column-wise with the quoting of pandas' ``to_csv`` (byte-identical to it), so a
million projects take well under a minute; the same seed gives byte-identical files.

Command line: ``python -m analysis.dev.synthetic N --seed S --out DIR``.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.dictionary import RAW
from analysis.paths import RAW_DIR

SOURCE_ID = "syn"
COPIED = ("programmes.csv", "cpi_pl_annual.csv")
NBSP = "\u00a0"

TOWNS = (
    "Knurów", "Gliwice", "Katowice", "Dąbrowa Górnicza", "Więcbork", "Bytom", "Zabrze", "Sosnowiec", "Chorzów",
    "Rybnik", "Tychy", "Mikołów", "Żory", "Jaworzno", "Mysłowice", "Piekary Śląskie", "Siemianowice Śląskie",
    "Ruda Śląska", "Świętochłowice", "Będzin", "Czeladź", "Tarnowskie Góry", "Racibórz", "Wodzisław Śląski",
    "Jastrzębie-Zdrój", "Cieszyn", "Bielsko-Biała", "Żywiec", "Częstochowa", "Myszków", "Zawiercie", "Lubliniec",
    "Pszczyna", "Bydgoszcz", "Toruń", "Grudziądz", "Inowrocław", "Nakło nad Notecią", "Sępólno Krajeńskie",
    "Tuchola", "Chojnice", "Kraków", "Łódź", "Poznań", "Lublin", "Rzeszów", "Kielce", "Opole", "Olsztyn",
    "Białystok",
)

# (Polish, English) pieces of titles
TITLE_HEADS = (
    ("Aktywni razem", "Active together"), ("Nowy start", "A new start"), ("Krok do przodu", "A step forward"),
    ("Szansa na zmianę", "A chance for change"), ("Razem możemy więcej", "Together we can do more"),
    ("Włącz się!", "Join in!"), ("Centrum Wsparcia Inicjatyw Społecznych", "Centre for Support of Social Initiatives"),
    ("Integra", "Integra"), ("Aktywna integracja", "Active integration"), ("Lepsze jutro", "A better tomorrow"),
    ("Czas na aktywność", "Time for activity"), ("Otwarte drzwi", "Open doors"),
    ("Kooperacje", "Cooperations"), ("Wspólna droga", "A common road"), ("Pomocna dłoń", "A helping hand"),
    ("Klub Integracji Społecznej", "Social Integration Club"),
)
TITLE_TAILS = (
    ("", ""), (" – aktywizacja społeczno-zawodowa", " – social and vocational activation"),
    (" – program aktywizacji zawodowej", " – vocational activation programme"),
    (" – wsparcie rodzin", " – support for families"),
    (" – usługi społeczne dla seniorów", " – social services for seniors"),
    (" – integracja osób z niepełnosprawnościami", " – inclusion of persons with disabilities"),
    (" – reintegracja zawodowa", " – vocational reintegration"),
    (" w lepszą przyszłość", " into a better future"),
    (" – model współpracy na rzecz wsparcia osób i rodzin", " – a cooperation model supporting persons and families"),
)

# programme names as the documents print them (aliases in programmes.csv), by period
ALIASES_2007 = ("Program Operacyjnego Kapitał Ludzki na lata 2007-2013", "PO KL")
ALIASES_2014 = (
    "Regionalnego Programu Operacyjnego Województwa Śląskiego na lata 2014 – 2020",
    "Regionalny Program Operacyjny Województwa Śląskiego na lata 2014-2020",
    "Programu Operacyjnego Wiedza Edukacja Rozwój 2014-2020",
    "Zintegrowane Inwestycje Terytorialne",
)
MONTHS_GEN = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
              "października", "listopada", "grudnia")
MONTHS_LOC = ("styczniu", "lutym", "marcu", "kwietniu", "maju", "czerwcu", "lipcu", "sierpniu", "wrześniu",
              "październiku", "listopadzie", "grudniu")

FIGURE_COLUMNS = RAW["figures.csv"].names
PROJECT_COLUMNS = RAW["projects.csv"].names


# --- vectorised string helpers --------------------------------------------------------------------------------
def _s(a) -> pd.Series:
    """Integers (or any array) as a string Series."""
    return pd.Series(np.asarray(a)).astype("str")


def _pick(words, idx: np.ndarray) -> pd.Series:
    """words[idx] as a string Series."""
    return pd.Series(np.asarray(words, dtype=object)[idx]).astype("str")


def _z(a, width: int) -> pd.Series:
    return _s(a).str.zfill(width)


def _where(cond: np.ndarray, a: pd.Series, b: pd.Series) -> pd.Series:
    return a.where(pd.Series(np.asarray(cond, dtype=bool)), b)


def _grouped(zl: np.ndarray, sep: pd.Series) -> pd.Series:
    """Whole złoty with a thousands separator per row: 4800000 -> '4 800 000' / '4.800.000'."""
    m, t, u = zl // 1_000_000, (zl // 1000) % 1000, zl % 1000
    three = _s(m) + sep + _z(t, 3) + sep + _z(u, 3)
    two = _s(t) + sep + _z(u, 3)
    return _where(m > 0, three, _where(t > 0, two, _s(u)))


def format_pln(grosze: np.ndarray, style: np.ndarray) -> pd.Series:
    """Polish amounts as printed. style 0: '4 800 000,00 zł'; 1: the same with no-break spaces;
    2: '168.988,11 zł'; 3: '40.800 zł' (whole złoty only; other amounts fall back to style 2)."""
    grosze = np.asarray(grosze, dtype=np.int64)
    style = np.where((style == 3) & (grosze % 100 != 0), 2, style)
    sep = _pick((" ", NBSP, ".", "."), style)
    decimals = _where(style == 3, pd.Series([""] * len(grosze), dtype="str"), "," + _z(grosze % 100, 2))
    return _grouped(grosze // 100, sep) + decimals + " zł"


def _date_text(y: np.ndarray, m: np.ndarray, d: np.ndarray, form: np.ndarray, month_names) -> pd.Series:
    """form 0: '01.03.2020'; 1: '<month> 2018'; 2: '2016'."""
    day = _z(d, 2) + "." + _z(m, 2) + "." + _s(y)
    month = _pick(month_names, m - 1) + " " + _s(y)
    return _where(form == 0, day, _where(form == 1, month, _s(y)))


# --- writing -----------------------------------------------------------------------------------------------------
_NEEDS_QUOTES = r'[,"\n\r]'


def _csv_field(s: pd.Series) -> pd.Series:
    """A text column as the csv module writes it with QUOTE_MINIMAL (pandas' ``to_csv`` default): in double quotes,
    with quotes doubled, where it holds a comma, a quote or a line break; as it is otherwise."""
    s = s.astype("str")
    quoted = '"' + s.str.replace('"', '""', regex=False) + '"'
    return s.where(~s.str.contains(_NEEDS_QUOTES, regex=True), quoted)


def _arrow_bytes(lines: pd.Series):
    """The concatenated bytes of a string Series without nulls (zero-copy views of its Arrow buffers)."""
    import pyarrow as pa

    arr = pa.array(lines.array)
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    for chunk in chunks:
        if len(chunk) == 0:
            continue
        _, offsets, data = chunk.buffers()
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        off = np.frombuffer(offsets, dtype=width)[chunk.offset: chunk.offset + len(chunk) + 1]
        yield memoryview(data)[int(off[0]): int(off[-1])]


def write_csv(df: pd.DataFrame, path: Path, chunk_rows: int = 250_000) -> None:
    """Write ``df`` (text columns, no missing values) byte-identically to
    ``df.to_csv(path, index=False, lineterminator="\n")``, column-wise and in chunks, about 20x faster."""
    header = ",".join(_csv_field(pd.Series(list(df.columns), dtype="str"))) + "\n"
    with open(path, "wb") as fh:
        fh.write(header.encode("utf-8"))
        for start in range(0, len(df), chunk_rows):
            part = df.iloc[start: start + chunk_rows]
            fields = [_csv_field(part[c]).reset_index(drop=True) for c in df.columns]
            line = fields[0]
            for f in fields[1:]:
                line = line + "," + f
            for buf in _arrow_bytes(line + "\n"):
                fh.write(buf)


# --- the generator ----------------------------------------------------------------------------------------------
def _figures(kind: str, p: np.ndarray, order: int, measure: str, unit: str, value: pd.Series,
             status, quote: pd.Series) -> pd.DataFrame:
    n = len(p)
    status = pd.Series(status).astype("str") if not isinstance(status, str) else pd.Series([status] * n,
                                                                                            dtype="str")
    return pd.DataFrame({"_p": p, "_k": np.full(n, order, dtype=np.int8), "measure": measure, "unit": unit,
                         "value_as_printed": value.to_numpy(), "status": status.to_numpy(),
                         "quote": quote.to_numpy()})


def build_tables(n_projects: int, seed: int) -> dict[str, pd.DataFrame]:
    """The three synthetic tables (sources, projects, figures) and not_figures as frames of text."""
    if n_projects < 1:
        raise ValueError("n_projects must be at least 1")
    rng = np.random.default_rng(seed)
    n = n_projects
    idx = np.arange(n)
    width = max(7, len(str(n)))
    pid = "syn-" + _z(idx + 1, width)

    # identity
    town = rng.integers(0, len(TOWNS), n)
    head = rng.integers(0, len(TITLE_HEADS), n)
    tail = rng.integers(0, len(TITLE_TAILS), n)
    edition = rng.integers(0, 4, n)  # 0: none, else ' – edycja k'
    ed = _where(edition > 0, " – edycja " + _s(edition), pd.Series([""] * n, dtype="str"))
    title = _pick([h[0] for h in TITLE_HEADS], head) + _pick([t[0] for t in TITLE_TAILS], tail) + ed
    ed_en = _where(edition > 0, " – edition " + _s(edition), pd.Series([""] * n, dtype="str"))
    title_en = _pick([h[1] for h in TITLE_HEADS], head) + _pick([t[1] for t in TITLE_TAILS], tail) + ed_en
    town_s = _pick(TOWNS, town)

    # period: start 2007–2020, end 1–4 years later, at most 2021 (so the end is always after the start)
    y_s = rng.integers(2007, 2021, n)
    y_e = np.minimum(y_s + rng.integers(1, 5, n), 2021)
    m_s, m_e = rng.integers(1, 13, n), rng.integers(1, 13, n)
    d_s, d_e = rng.integers(1, 29, n), rng.integers(1, 29, n)
    f_s, f_e = rng.choice(3, n, p=[0.5, 0.3, 0.2]), rng.choice(3, n, p=[0.5, 0.3, 0.2])
    completed = y_e <= 2020
    status = np.where(completed, "completed", "ongoing")

    projects = pd.DataFrame({
        "project_id": pid, "parent_id": "", "level": "project", "title": title, "title_en": title_en,
        "operator": "MOPS " + town_s, "municipality": town_s, "scope": "whole", "status": status,
        "status_note": "", "source_id": SOURCE_ID, "quote": "realizował projekt pt. „" + title + "”", "note": "",
        "voivodeship": "śląskie", "support_kind": "",
    })[PROJECT_COLUMNS]

    parts = []
    # programme (by period)
    old = y_s < 2014
    alias = _where(old, _pick(ALIASES_2007, rng.integers(0, len(ALIASES_2007), n)),
                   _pick(ALIASES_2014, rng.integers(0, len(ALIASES_2014), n)))
    parts.append(_figures("programme", idx, 0, "programme", "text", alias, "stated", "w ramach " + alias))
    # dates
    start = _date_text(y_s, m_s, d_s, f_s, MONTHS_LOC)
    q_start = _where(f_s == 0, "Projekt realizowany od " + start + " r.",
                     _where(f_s == 1, "Realizację projektu rozpoczęto w " + start + " r.",
                            "Projekt rozpoczął się w " + start + " roku"))
    parts.append(_figures("start", idx, 1, "start_date", "date", start, "achieved", q_start))
    end = _date_text(y_e, m_e, d_e, f_e, MONTHS_GEN)
    q_end = _where(f_e == 0, "Projekt trwał do " + end + " r.",
                   _where(f_e == 1, "Czas trwania: do " + end + " r.", "Zakończenie projektu w " + end + " roku"))
    parts.append(_figures("end", idx, 2, "end_date", "date", end, np.where(completed, "achieved", "planned"), q_end))

    # money: total log-uniform 40 000 – 6 000 000 zł; a third in whole złoty
    whole = rng.random(n) < 0.3
    total_zl_f = np.exp(rng.uniform(np.log(40_000), np.log(6_000_000), n))
    total = np.where(whole, np.round(total_zl_f).astype(np.int64) * 100, np.round(total_zl_f * 100).astype(np.int64))
    share = rng.uniform(0.5, 0.85, n)
    eu = np.floor(total * share).astype(np.int64)
    eu = np.where(whole, (eu // 100) * 100, eu)
    eu = np.minimum(eu, (total * 85) // 100)  # exact: 100 * eu <= 85 * total
    style_t = rng.choice(4, n, p=[0.35, 0.15, 0.25, 0.25])
    style_e = np.where(rng.random(n) < 0.8, style_t, rng.choice(4, n))
    t_txt, e_txt = format_pln(total, style_t), format_pln(eu, style_e)
    money_status = np.where(completed, "achieved", "stated")
    parts.append(_figures("total", idx, 3, "funding_total", "pln", t_txt, money_status,
                          "Wartość projektu: " + t_txt))
    has_eu = rng.random(n) < 0.85
    eu_txt = e_txt[has_eu].reset_index(drop=True)
    parts.append(_figures("eu", idx[has_eu], 4, "funding_eu", "pln", eu_txt, money_status[has_eu],
                          "Dofinansowanie projektu z UE: " + eu_txt))
    # a full split for some: EU + (state subsidy | PFRON | ministry grant) + own contribution = total, to the grosz
    split = idx[has_eu & (rng.random(n) < 0.25)]
    other_kind = rng.choice(3, len(split), p=[0.8, 0.1, 0.1])
    other = np.floor(total[split] * rng.uniform(0.05, 0.10, len(split))).astype(np.int64)
    other = np.where(whole[split], (other // 100) * 100, other)
    own = total[split] - eu[split] - other  # >= 5% of the total since EU <= 85% and other <= 10%
    style_o = rng.choice(4, len(split), p=[0.35, 0.15, 0.25, 0.25])
    o_txt, w_txt = format_pln(other, style_o), format_pln(own, style_o)
    o_measure = np.array(["funding_state_subsidy", "funding_pfron", "funding_ministry_grant"])[other_kind]
    o_words = _pick(("Dotacja celowa z budżetu państwa: ", "Dofinansowanie ze środków PFRON: ",
                     "Dotacja MPiPS: "), other_kind)
    for measure in ("funding_state_subsidy", "funding_pfron", "funding_ministry_grant"):
        sel = o_measure == measure
        v = o_txt[sel].reset_index(drop=True)
        parts.append(_figures(measure, split[sel], 5, measure, "pln", v, money_status[split][sel],
                              o_words[sel].reset_index(drop=True) + v))
    parts.append(_figures("own", split, 6, "funding_own", "pln", w_txt, money_status[split],
                          "Wkład własny: " + w_txt))

    # participants: exact (achieved), 'min. N' (planned), 'około N' (achieved), 'a-b' (planned)
    people = np.exp(rng.uniform(np.log(8), np.log(900), n)).astype(np.int64)
    qual = rng.choice(4, n, p=[0.55, 0.2, 0.15, 0.1])
    hi = people + rng.integers(1, 20, n)
    p_txt = _where(qual == 0, _s(people), _where(qual == 1, "min. " + _s(people),
                                                 _where(qual == 2, "około " + _s(people),
                                                        _s(people) + "-" + _s(hi))))
    p_status = np.where((qual == 1) | (qual == 3), "planned", "achieved")
    p_quote = _where(qual == 0, "W projekcie udział wzięło " + p_txt + " osób",
                     _where(qual == 1, "Wsparciem zostanie objętych " + p_txt + " osób",
                            _where(qual == 2, "W zajęciach uczestniczyło " + p_txt + " osób",
                                   "Do udziału w projekcie zostanie zaproszonych " + p_txt + " osób")))
    parts.append(_figures("participants", idx, 7, "participants_total", "persons", p_txt, p_status, p_quote))

    # women + men adding up to an exact total
    exact = qual == 0
    by_sex = exact & (rng.random(n) < 0.3)
    women = rng.binomial(people, 0.6)
    men = people - women
    sel = idx[by_sex]
    wm_quote = ("Łącznie w projekcie wzięło udział " + _s(people[sel]) + " osób (" + _s(women[sel]) + " kobiet, "
                + _s(men[sel]) + " mężczyzn)")
    parts.append(_figures("women", sel, 8, "participants_women", "persons", _s(women[sel]), "achieved", wm_quote))
    parts.append(_figures("men", sel, 9, "participants_men", "persons", _s(men[sel]), "achieved", wm_quote))

    # employed after the project, at most the participants
    emp_sel = idx[exact & (rng.random(n) < 0.3)]
    employed = np.floor(people[emp_sel] * rng.uniform(0, 0.6, len(emp_sel))).astype(np.int64)
    at_least = rng.random(len(emp_sel)) < 0.3
    e_val = _where(at_least, "co najmniej " + _s(employed), _s(employed))
    parts.append(_figures("employed", emp_sel, 10, "outcome_employed", "persons", e_val, "achieved",
                          e_val + " osób podjęło zatrudnienie"))

    figs = pd.concat(parts, ignore_index=True)
    order = np.lexsort((figs["_k"].to_numpy(), figs["_p"].to_numpy()))
    figs = figs.iloc[order].reset_index(drop=True)
    m = len(figs)
    fwidth = max(7, len(str(m)))
    figs["figure_id"] = SOURCE_ID + ":" + _z(np.arange(1, m + 1), fwidth)
    figs["source_id"] = SOURCE_ID
    figs["project_id"] = pid.to_numpy()[figs["_p"].to_numpy()]
    for c in ("item", "item_en", "period_as_printed", "note"):
        figs[c] = ""
    figs["transcription"] = "as_printed"
    figs = figs[FIGURE_COLUMNS]

    sources = pd.DataFrame([{
        "source_id": SOURCE_ID, "seed_file": f"synthetic_seed{seed}_n{n}.txt",
        # no text is stored for invented figures: the checksum is that of an empty text, and the documents' checks
        # (python -m analysis.clean.sources, make data's --sources) do not apply to a synthetic folder
        "sha256": hashlib.sha256(b"").hexdigest(), "accessed": "", "licence": "CC0-1.0",
        "licence_note": "Invented data, generated by this project's code; no rights are reserved.",
        "publisher": "analysis.dev.synthetic (generated, not a real document)",
        "title": f"Synthetic projects of welfare centres (seed {seed}, {n} projects)", "kind": "web page",
        "url": "", "language": "pl", "published": "", "urls_named": "",
        "transcribed": "Programme, dates, value and EU co-financing, participants, women and men, employment",
        "notes": "Generated for benchmarks and tests; every figure is invented.",
    }])[RAW["sources.csv"].names]
    not_figures = pd.DataFrame([{"source_id": SOURCE_ID, "quote": "tel. 32 000 00 00",
                                 "reason": "contact: phone number (synthetic)"}])[RAW["not_figures.csv"].names]
    # no rule quotes the synthetic document: the register of rules is empty (caps come from programmes.csv)
    rules = pd.DataFrame(columns=RAW["rules.csv"].names)
    return {"sources.csv": sources, "projects.csv": projects, "figures.csv": figs, "not_figures.csv": not_figures,
            "rules.csv": rules}


def generate(n_projects: int, seed: int, out_dir: Path) -> dict:
    """Write a complete synthetic raw folder to ``out_dir``; return counts, timings and the files written."""
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = build_tables(n_projects, seed)
    t_build = time.perf_counter() - t0
    files = []
    for name, df in tables.items():
        path = out_dir / name
        write_csv(df, path)
        files.append(path)
    for name in COPIED:
        shutil.copyfile(RAW_DIR / name, out_dir / name)
        files.append(out_dir / name)
    known = out_dir / "known_discrepancies.csv"  # the header only: the real rows name documents not here
    known.write_text((RAW_DIR / "known_discrepancies.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
                     encoding="utf-8")
    files.append(known)
    return {"n_projects": n_projects, "n_figures": len(tables["figures.csv"]), "seed": seed, "out_dir": out_dir,
            "files": files, "build_seconds": round(t_build, 3),
            "seconds": round(time.perf_counter() - t0, 3),
            "bytes": sum(f.stat().st_size for f in files)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.dev.synthetic", description=__doc__.splitlines()[0])
    ap.add_argument("n_projects", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    info = generate(args.n_projects, args.seed, args.out)
    print(f"{info['n_projects']} projects, {info['n_figures']} figures, {info['bytes'] / 1e6:.1f} MB in "
          f"{info['out_dir']} ({info['seconds']:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
