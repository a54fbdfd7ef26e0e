"""The reference part of ``data/raw/README.md``, generated from the vocabularies so that it cannot drift.

Everything between the markers ``<!-- generated: vocabulary -->`` and ``<!-- end generated -->`` is rendered here
from :mod:`analysis.core.vocabulary` (measures, units, statuses, transcriptions) and :mod:`analysis.clean.parsing`
(qualifier words, number words, the forms each parser reads). Regenerate with ``python -m analysis.clean.guide``;
``--check`` exits 1 when the README is stale (a test runs the same check).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.clean import parsing
from analysis.core import vocabulary as v
from analysis.paths import RAW_DIR

README = RAW_DIR / "README.md"
BEGIN = "<!-- generated: vocabulary (python -m analysis.clean.guide); do not edit by hand -->"
END = "<!-- end generated -->"

QUALIFIER_MEANING = {
    "exact": "the number as printed (no word before it)",
    "about": "close to the number, either side: no bound is used",
    "at_least": "the number or more (a lower bound)",
    "more_than": "strictly more than the number",
    "at_most": "the number or less (an upper bound)",
    "less_than": "strictly less than the number (\"prawie\": almost, never reaching it)",
    "range": "from the first number to the second (5-10, od 5 do 10)",
    "about_range": "about a range (ok. 2018/2019)",
}


def _qualifier_words() -> dict[str, list[str]]:
    words: dict[str, list[str]] = {q: [] for q in v.QUALIFIERS}
    for word, q in parsing.QUALIFIER_WORDS.items():
        words.setdefault(q, []).append(word)
    return words


def render() -> str:
    """The generated section (without the markers)."""
    out = ["### Measures (`figures.csv` → `measure`)", "",
           "| measure | units it takes | goes to | meaning |", "|---|---|---|---|"]
    for name, m in v.MEASURES.items():
        esf = f" (ESF {m.esf_indicator})" if m.esf_indicator else ""
        out.append(f"| `{name}` | {', '.join(f'`{u}`' for u in m.units)} | {m.table} | {m.description}{esf} |")
    kinds = {"money": "money: '4 800 000,00 zł' (exact grosze)", "number": "a count or length",
             "percent": "a percentage: '84,28%'", "date": "a date, month, year or period", "code": "a programme code",
             "text": "a name, kept as printed"}
    out += ["", "### Units (`figures.csv` → `unit`)", "", "| unit | read as |", "|---|---|"]
    out += [f"| `{u}` | {kinds[k]} |" for u, k in v.UNIT_KIND.items()]
    words = _qualifier_words()
    out += ["", "### Qualifiers (parsed from the words printed before the figure; never typed in a column)", "",
            "| qualifier | printed as | meaning |", "|---|---|---|"]
    for q in v.QUALIFIERS:
        printed = ", ".join(f"`{w}`" for w in words.get(q, [])) or {"exact": "(no word)", "range": "`5-10`, "
                                                                   "`od 5 do 10`", "about_range": "`ok. 2018/2019`, "
                                                                   "`około 5-10`"}.get(q, "")
        out.append(f"| `{q}` | {printed} | {QUALIFIER_MEANING[q]} |")
    out += ["", "### Statuses, transcriptions, project levels", "",
            "| column | value | meaning |", "|---|---|---|"]
    out += [f"| `status` | `{s}` | {v.STATUS_MEANING[s]} |" for s in v.STATUSES]
    out += [f"| `transcription` | `{t}` | {v.TRANSCRIPTION_MEANING[t]} |" for t in v.TRANSCRIPTIONS]
    out += [f"| `level` (projects.csv) | `{lv}` | {v.LEVEL_MEANING[lv]} |" for lv in v.PROJECT_LEVELS]
    by_code: dict[str, list[str]] = {}
    for code, kind in v.SUPPORT_KIND_BY_CODE:
        by_code.setdefault(kind, []).append(code)
    by_group = {kind: group for group, kind in v.SUPPORT_KIND_BY_GROUP.items()}
    out += ["", "### Kinds of support (`projects.csv` → `support_kind`)", "",
            "`support_kind` written in projects.csv comes first; else the (sub-)measure code of an EU project "
            "gives it, else a non-EU project's group, else it is `unknown`. Write it where neither gives it, or "
            "where the group's kind is wrong for the project (a social integration club paid by a grant is "
            "activation), with the reason in `note`.", "", "| kind | given by |", "|---|---|"]
    out += [f"| `{k}` | " + (", ".join(f"code {c}…" for c in by_code.get(k, []))
                              or (f"group `{by_group[k]}`" if k in by_group else "projects.csv only")) + " |"
            for k in v.SUPPORT_KINDS]
    out += ["", "### Rule topics (`rules.csv` → `topic`)", "", "| topic | value |", "|---|---|"]
    out += [f"| `{t}` | {unit} |" for t, unit in v.RULE_TOPICS.items()]
    out += ["", "### Printed forms the parser reads", ""]
    for kind, expected in parsing._EXPECTED.items():
        out.append(f"- **{kind}**: {expected}.")
    out.append(f"- **date**: {parsing._DATE_EXPECTED}.")
    out.append("- **code**: a priority axis in Roman numerals or digits ('IX', 'Priorytet VII', 'Oś Priorytetowa 7', "
               "kept as 'VII'); a measure or sub-measure in digits or with the axis in Roman numerals ('9.2.1', "
               "'IX.2.1', normalised to '9.2.1'); an RPO's call-number form ('RPSW.09.00.00' the axis IX, "
               "'RPSW.09.01.00' the measure 9.1).")
    firsts = [forms.split()[0] for table in (parsing._UNITS, parsing._TENS, parsing._HUNDREDS)
              for forms in table.values()]
    out.append(f"- **number words**, in any grammatical case and any letter case (dwustu, Dwadzieścia): "
               f"{', '.join(firsts)}; scales: tysiąc, milion, miliard (also 'tys.', 'mln', 'mld' after digits: "
               f"'1,5 mln zł'); a unit noun alone means one: {', '.join(sorted(parsing._ONE_OF_UNIT))}.")
    return "\n".join(out) + "\n"


def updated(readme_text: str) -> str:
    """The README with its generated section replaced by the current rendering."""
    if BEGIN not in readme_text or END not in readme_text:
        raise ValueError(f"the README has no generated section: add the lines\n{BEGIN}\n{END}")
    head, rest = readme_text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{render()}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.clean.guide", description=__doc__.splitlines()[0])
    ap.add_argument("--readme", type=Path, default=README)
    ap.add_argument("--check", action="store_true", help="exit 1 if the README is stale, change nothing")
    args = ap.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    new = updated(text)
    if args.check:
        if new != text:
            print(f"{args.readme} is stale: run python -m analysis.clean.guide", file=sys.stderr)
            return 1
        return 0
    if new != text:
        args.readme.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
