"""A project's profile, section by section (notebooks/project_profile.ipynb calls one function per cell).

Cost, EU share, reach and outcomes come first (the main points); the money, the people and the services follow;
identity, programme codes and the status with its document's date close the profile ("About the project").
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.core.vocabulary import STATUS_PREFERENCE
from analysis.report import evaluation, findings, sections, shared
from analysis.report import tables as rt
from analysis.report import text as rx
from analysis.report.labels import LABELS
from analysis.report.setup import Report


def resolve(R: Report, project_id: str) -> str:
    """The project to profile: ``project_id`` if it is a row of the processed projects table (empty: the first)."""
    known = list(R.data["projects"]["project_id"])
    if not project_id:
        return known[0]
    if project_id not in known:
        raise ValueError(f"unknown project_id {project_id!r}: it must be one of the project_id values of "
                         f"data/processed/projects.csv ({', '.join(known)})")
    return project_id


def _rows(R: Report, name: str, pid: str) -> pd.DataFrame:
    t = R.data[name]
    t = t[t["project_id"] == pid]
    if "is_primary" in t.columns:
        t = t[t["is_primary"].astype(bool)]
    if not R.show_planned and "status" in t.columns:
        t = t[t["status"] != "planned"]
    return t


def source_ids(R: Report, pid: str) -> list[str]:
    row = R.data["projects"].set_index("project_id").loc[pid]
    figs = R.data["figures"][R.data["figures"]["project_id"] == pid]
    return sorted(set(str(row["source_ids"]).split(" | ")) | set(figs["source_id"]))


def header(R: Report, pid: str) -> str:
    return sections.header(R, "title_profile", source_ids(R, pid), title=rx.md_escape(R.names[pid]))


def main_points(R: Report, pid: str) -> str:
    row = R.project(pid)
    voivodeship = row["voivodeship"] if isinstance(row["voivodeship"], str) else None
    return sections.main_points(R, findings.profile_main_points(R, pid), centre=str(row["operator"]),
                                voivodeship=voivodeship)


def funding(R: Report, pid: str) -> str:
    sections.heading(R, "sec_funding")
    fund = _rows(R, "funding", pid)
    if fund.empty:
        return sections.md(R.t("no_data"))
    # a partner's part or a stage's money (its item) says whose part it is: never read as the project's own
    items = _item_texts(R, fund)
    markup = sections.table(R, pd.DataFrame({
        "funding_source": [R.cap(x) + (f": {i}" if i else "") for x, i in zip(fund["source_type"], items,
                                                                              strict=True)],
        **_period_column(R, fund),
        "amount": R.figure_cells(fund, "amount", suffix="_pln", decimals=2),
        "status": [R.t(x) for x in fund["status"]],
    }), data=fund, stem=f"{pid}-funding")
    mix = rt.funding_mix(R.projects[R.projects["project_id"] == pid])
    if len(mix):
        sections.md(R.t("funding_mix_line", items=rx.join_list(
            [f"{R.t(s)} {R.share(x)}" for s, x in zip(mix["source"], mix["share"])], R.lang)))
    return markup


def participants(R: Report, pid: str) -> str:
    sections.heading(R, "sec_participants")
    parts = _rows(R, "participants", pid)
    if parts.empty:
        return sections.md(R.t("no_data"))
    parts = parts.assign(text=[_figure_text(R, r) for r in parts.itertuples()],
                         _period=_period_texts(R, parts), _item=_item_texts(R, parts))
    # a figure of a group or place within the project (its item) is a row of its own, never merged with the total
    wide = parts.pivot_table(index=["group", "_item", "_period"], columns="status", values="text", aggfunc="first",
                             sort=False)
    groups, items = wide.index.get_level_values("group"), wide.index.get_level_values("_item")
    out = pd.DataFrame({"group": [(R.cap(f"grp_{g}") if f"grp_{g}" in LABELS else g) + (f": {i}" if i else "")
                                  for g, i in zip(groups, items, strict=True)]})
    if _has_parts(parts):
        out["period"] = wide.index.get_level_values("_period")
    for s in STATUS_PREFERENCE:
        if s in wide.columns:
            out[R.t(f"{s}_col")] = wide[s].fillna("—").to_numpy()
    markup = sections.table(R, out, data=parts.drop(columns=["text", "_period", "_item"]),
                            stem=f"{pid}-participants")
    evaluation.people_lines(R, pid)
    return markup


def _item_texts(R: Report, t: pd.DataFrame) -> list[str]:
    """Each figure's item in the report's language (its English gloss in English), '' for the whole."""
    if "item" not in t.columns:
        return [""] * len(t)
    gloss = t["item_en"] if R.lang == "en" and "item_en" in t.columns else t["item"]
    return [str(g) if isinstance(g, str) and g else (str(i) if isinstance(i, str) else "")
            for g, i in zip(gloss, t["item"], strict=True)]


def _has_parts(t: pd.DataFrame) -> bool:
    """Whether some figures of the table are of a period within the project (a year, an edition)."""
    return "whole_project" in t.columns and not t["whole_project"].astype(bool).all()


def _period_texts(R: Report, t: pd.DataFrame) -> list[str]:
    """Each figure's period: 'whole project', or the year or edition as printed."""
    if "whole_project" not in t.columns:
        return [R.t("whole_project")] * len(t)
    return [R.t("whole_project") if bool(w) else str(p) for w, p in zip(t["whole_project"],
                                                                        t["period_as_printed"])]


def _period_column(R: Report, t: pd.DataFrame) -> dict[str, list[str]]:
    """A 'period' column for a table where some figures are a year's or an edition's, else nothing."""
    return {"period": _period_texts(R, t)} if _has_parts(t) else {}


def _figure_text(R: Report, r: Any) -> str:
    """A long table's figure as a cell: a count with its unit noun ('12 tygodni'), a share, money; 'named, no
    amount' for a figure printed without one."""
    if r.qualifier == "unquantified":
        return R.t("named_only")
    if r.unit == "percent":
        return R.bounded(r.value, r.value_lower, r.value_upper, r.qualifier, "share")
    if r.unit == "pln":
        return R.bounded(r.value, r.value_lower, r.value_upper, r.qualifier, "money")
    return R.quantity(r.value, r.value_lower, r.value_upper, r.qualifier, r.unit)


def outcomes(R: Report, pid: str) -> str:
    sections.heading(R, "sec_outcomes")
    me = R.projects[R.projects["project_id"] == pid]
    rates = rt.outcome_rates(me, _rows(R, "outcomes", pid))
    if rates.empty:
        return sections.md(R.t("no_data"))
    sections.table(R, pd.DataFrame(sections.outcome_rate_columns(R, rates)), data=shared.outcome_data(R, rates),
                   stem=f"{pid}-outcomes")
    if rates["esf_indicator"].notna().any():
        sections.md(R.t("outcome_note"))
    return "outcomes"


def services(R: Report, pid: str) -> str:
    sections.heading(R, "sec_services")
    svc = _rows(R, "services", pid)
    if svc.empty:
        return sections.md(R.t("no_data"))
    markup = sections.table(R, pd.DataFrame({
        "service": svc[R.t("column_service")].fillna("—"),
        "measure": [R.cap(f"svc_{m}") for m in svc["measure"]],
        "value": [_figure_text(R, r) for r in svc.itertuples()],
        "status": [R.t(x) for x in svc["status"]],
    }), data=svc, stem=f"{pid}-services-table")
    charted = svc[(svc["qualifier"] != "unquantified") & svc["measure"].isin(["service_reach", "service_hours"])]
    if len(charted) >= shared.MIN_SERVICE_ROWS:
        shared.service_chart(R, pid)
    return markup


def _context_value(R: Report, r: Any) -> str:
    if r.unit == "date":
        printed = R.data["figures"].set_index("figure_id").at[r.figure_id, "value_as_printed"]
        precision = R.data["figures"].set_index("figure_id").at[r.figure_id, "date_precision"]
        period = rx.period_text(pd.Series({"start_date": r.date_lower, "start_date_precision": precision,
                                           "end_date": r.date_upper, "end_date_precision": precision}))
        # "do 2013 roku" is the end of a span, not the year itself: 'until 2013'
        if not str(printed).lower().startswith("do "):
            return period
        return R.t("until_date", date=R.t("year_in_sentence", year=period) if precision == "year" else period)
    if r.unit in ("text", "code"):
        return "—" if not isinstance(r.text, str) else r.text
    if not isinstance(r.qualifier, str) or r.qualifier == "unquantified":
        return "—"
    if r.unit == "percent":
        return R.bounded(r.value, r.value_lower, r.value_upper, r.qualifier, "share", 1)
    return _figure_text(R, r)


def staff_and_context(R: Report, pid: str) -> None:
    ctx = _rows(R, "context", pid)
    # programme, codes and dates are in "About the project"; here only what describes the project's setting
    shown_elsewhere = ("programme", "priority_axis", "measure_code", "submeasure_code", "start_date", "end_date",
                       "period")
    ctx = ctx[~ctx["measure"].isin(shown_elsewhere)]
    staff, other = ctx[ctx["measure"] == "staff"], ctx[ctx["measure"] != "staff"]
    if len(staff):
        sections.heading(R, "sec_staff")
        sections.table(R, pd.DataFrame({"role": staff[R.t("column_item")].fillna("—"),
                                        "value": [_context_value(R, r) for r in staff.itertuples()],
                                        "status": [R.t(x) for x in staff["status"]]}),
                       data=staff, stem=f"{pid}-staff")
    if len(other):
        sections.heading(R, "sec_context")
        sections.table(R, pd.DataFrame({
            "measure": [R.cap(f"m_{m}") if f"m_{m}" in LABELS else R.cap(m) for m in other["measure"]],
            # an item that only repeats the measure ('wiek grupy docelowej') adds nothing
            "item": [i if isinstance(i, str) and i != LABELS.get(f"m_{m}", {}).get(R.lang) else "—"
                     for i, m in zip(other[R.t("column_item")], other["measure"], strict=True)],
            "value": [_context_value(R, r) for r in other.itertuples()],
            "status": [R.t(x) for x in other["status"]],
        }), data=other, stem=f"{pid}-context")


def unit_costs(R: Report, pid: str) -> str | None:
    """Unit costs of the project; the whole budget per outcome apart, labelled for what it is."""
    u = shared.units(R, R.projects[R.projects["project_id"] == pid])
    u = u[u["metric"] != "cost_per_participant"]  # in the main points
    if u.empty:
        return None
    unit, ratios = u[~u["metric"].isin(shared.BUDGET_RATIOS)], u[u["metric"].isin(shared.BUDGET_RATIOS)]
    if len(unit):
        sections.heading(R, "sec_unit_economics")
        sections.table(R, shared.unit_table(R, unit).drop(columns=["title"]), data=unit, stem=f"{pid}-unit-costs")
    if len(ratios):
        sections.heading(R, "sec_budget_ratios", level=3)
        sections.table(R, shared.unit_table(R, ratios).drop(columns=["title"]), data=ratios,
                       stem=f"{pid}-budget-per-outcome")
    return "unit costs"


def rules(R: Report, pid: str) -> str:
    """The project against every rule of its funder (:mod:`analysis.report.evaluation`)."""
    return evaluation.project_rules(R, pid)


def limits(R: Report, pid: str) -> str:
    """What the documents cannot tell about the project."""
    return evaluation.limits(R, pid)


def _field_table(R: Report, pairs: list[tuple[str, object]], data: pd.DataFrame, stem: str) -> str:
    def text(x: object) -> str:
        return "—" if x is None or (not isinstance(x, str) and pd.isna(x)) else str(x)

    return sections.table(R, pd.DataFrame({"field": [R.cap(k) for k, _ in pairs],
                                           "value": [text(v) for _, v in pairs]}), data=data, stem=stem)


def about(R: Report, pid: str) -> str:
    """Identity, programme and codes, period, status with the document's date, price year."""
    sections.heading(R, "sec_about")
    row = R.project(pid)
    progs = R.data["programmes"].set_index("programme_id")
    prog = row["programme"]
    period = progs.at[prog, "period"] if isinstance(prog, str) and prog in progs.index else None
    fields = [
        ("identity_title_pl", row["title"]),
        ("identity_title_en", row["title_en"]),
        ("operator", row["operator"]),
        ("municipality", row["municipality"]),
        ("scope", R.t(f"scope_{row['scope']}")),
        ("group_id", row[R.t("column_group_title")] if row["level"] == "phase" else None),
        ("programme", R.programme_name(prog) if isinstance(prog, str) else None),
        ("period", rx.period_text(row)),
        ("status", findings.status_text(row, R, markdown=False)),
        ("price_year", shared.price_year_text(R, row)),
        ("code_priority_axis", row["priority_axis"]),
        ("code_measure", row["measure_code"]),
        ("code_submeasure", row["submeasure_code"]),
        ("funder", R.t(f"funder_{row['funder']}") if isinstance(row["funder"], str) else None),
        ("programme_period", period if isinstance(period, str) else row["programme_period"]),
        ("support_kind", R.t(f"kind_{row['support_kind']}")),
        ("voivodeship", row["voivodeship"]),
    ]
    if row["level"] != "phase":  # only a phase belongs to a project: no "—" row for the others
        fields = [f for f in fields if f[0] != "group_id"]
    return _field_table(R, fields, data=shared.project_data(R, R.projects[R.projects["project_id"] == pid],
                                                            shared.ABOUT_COLUMNS),
                        stem=f"{pid}-about")  # every profile has this table


def caveats(R: Report, pid: str) -> str:
    return sections.caveats(R, R.projects[R.projects["project_id"] == pid])


def sources(R: Report, pid: str) -> str:
    figs = R.data["figures"][R.data["figures"]["project_id"] == pid]
    return sections.sources(R, source_ids(R, pid), figures=figs)


def appendix(R: Report, pid: str) -> str:
    return sections.appendix(R, R.projects[R.projects["project_id"] == pid])


__all__ = ["resolve", "header", "main_points", "funding", "participants", "outcomes", "services",
           "staff_and_context", "unit_costs", "rules", "limits", "about", "caveats", "sources", "appendix"]
