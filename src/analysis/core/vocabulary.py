"""Controlled vocabularies of the raw tables: measures, units, statuses, ways of transcription.

One place for each rule: the schemas, the cleaning code, the data dictionary and ``data/raw/README.md`` all read
these tables. A value outside them is an error, never a silent pass.
"""

from __future__ import annotations

from dataclasses import dataclass

# How a unit's figures are parsed.
UNIT_KIND: dict[str, str] = {
    "pln": "money",
    "persons": "number",
    "families": "number",
    "persons_or_families": "number",  # the documents' "os/rodzin": persons or families, not told apart
    "projects": "number",
    "rooms": "number",
    "places": "number",  # places in a service or facility ("15 nowych miejsc"): capacity, never participants
    "meetings": "number",
    "trips": "number",
    "groups": "number",
    "districts": "number",
    "programmes": "number",  # local activity programmes (PAL) and the like
    "counties": "number",
    "municipalities": "number",
    "village_councils": "number",  # sołectwa
    "voivodeships": "number",
    "thousand_persons": "number",  # "20 tys. mieszkańców"
    "hours": "number",
    "days": "number",
    "weeks": "number",
    "months": "number",
    "years": "number",
    "age_years": "number",
    "times_per_week": "number",
    "times_per_two_weeks": "number",
    "times_per_month": "number",
    "percent": "percent",
    "date": "date",
    "code": "code",
    "text": "text",
}

STATUSES = ("planned", "achieved", "stated")
"""planned: a target or intention (zostanie, planuje się, min.); achieved: reported as done; stated: neither
(a rule, a code, a contract value, context)."""

TRANSCRIPTIONS = (
    "as_printed",  # the value is a substring of the quote
    "counted_from_list",  # the document lists items (names, roles); the count is ours, the list is in the quote
    "read_from_scrambled_table",  # slide table whose cells the text extraction reordered; see the note
    "interpreted",  # the document implies the value; the note says how it was read
    "named_without_amount",  # the document names the item (a funding source, "plus otoczenie") without a figure
)

STATUS_MEANING = {
    "planned": "a target or intention: zostanie, planuje się, będzie, a 'min.' goal",
    "achieved": "reported as done: wzięło udział, zrealizowano, wyniosła",
    "stated": "neither: a rule, a code, a contract value, local context",
}
TRANSCRIPTION_MEANING = {
    "as_printed": "the value is copied from the quote character for character (make data checks it is in the quote)",
    "counted_from_list": "the document lists items (names, roles); the count is yours, the list is in the quote",
    "read_from_scrambled_table": "a table the text extraction reordered; the note says how it reads back",
    "interpreted": "the document implies the value without printing it; the note says how you read it",
    "named_without_amount": "a source of money or a reach named without a figure ('ze środków własnych gminy')",
}
LEVEL_MEANING = {
    "project": "one project",
    "phase": "a separately funded period of a project (parent_id: the project)",
    "portfolio": "a group of projects whose totals a document states (its members name it as parent_id)",
}

PROJECT_LEVELS = ("project", "phase", "portfolio")
"""project: one project; phase: a separately funded period of a project (its parent is the project);
portfolio: a group whose totals a document states (its members name it as parent)."""

PROJECT_STATUSES = ("planned", "ongoing", "completed")

SCOPES = ("whole", "operator_part", "unknown")
"""whole: figures cover the whole project; operator_part: only the named operator's part of a partnership."""

NO_LICENCE_STATED = "none-stated"
"""The ``licence`` of a document that states no terms of reuse (none of the five does)."""
LICENCE_PATTERN = rf"^({NO_LICENCE_STATED}|[A-Za-z0-9][A-Za-z0-9.+-]*)$"
"""A document's licence: :data:`NO_LICENCE_STATED`, or an SPDX identifier such as ``CC-BY-4.0``."""
NO_LICENCE_NOTE = ("No licence or terms of reuse are stated in the document. Its figures are used as facts and "
                   "its words as short quotations with their source (right of quotation, art. 29 of the Polish "
                   "Copyright Act); the stored text serves to check the quotes.")
"""The licence note ``sources add`` writes when it is given none (edit it where the document says more)."""

FUNDERS = ("eu", "national", "pfron", "private", "mixed", "unknown")

COMPARISON_GROUPS = ("eu_project", "pfron_event", "grant", "food_aid", "unknown")
"""Kinds of project compared with each other: EU-co-financed activation and social-service projects (months or
years of support), PFRON-co-financed events for disabled people (a trip, a picnic, a supper), small national or
private grants, and food aid. A cost per participant is compared only within one kind."""


@dataclass(frozen=True)
class Measure:
    table: str  # processed long table the figure goes to: funding, participants, outcomes, services, dates,
    #             programme, staff, context
    units: tuple[str, ...]  # allowed units
    description: str
    esf_indicator: str = ""  # ESF common result indicator the outcome matches (see shared reference)
    source_type: str = ""  # for funding: the kind of money


MEASURES: dict[str, Measure] = {
    # funding: money by source
    "funding_total": Measure("funding", ("pln",), "Total value or budget of the project (wartość projektu, budżet)",
                             source_type="total"),
    "funding_eu": Measure("funding", ("pln",), "EU co-financing (dofinansowanie ze środków UE / unijne)",
                          source_type="eu"),
    "funding_state_subsidy": Measure("funding", ("pln",), "Targeted state-budget subsidy (dotacja celowa)",
                                     source_type="state_subsidy"),
    "funding_own": Measure("funding", ("pln",), "Own contribution of the beneficiary (wkład własny, budżet własny)",
                           source_type="own"),
    "funding_ministry_grant": Measure("funding", ("pln",), "Grant of a ministry (dotacja MPiPS)",
                                      source_type="ministry_grant"),
    "funding_pfron": Measure("funding", ("pln",), "Co-financing from PFRON", source_type="pfron"),
    "funding_foundation_grant": Measure("funding", ("pln",), "Grant of a foundation", source_type="foundation_grant"),
    "funding_voivode_grant": Measure("funding", ("pln",), "Funds of the voivode (wojewoda)",
                                     source_type="voivode_grant"),
    "funding_external_total": Measure("funding", ("pln",), "All external co-financing together (dofinansowanie)",
                                      source_type="external_total"),
    "funding_food_aid_value": Measure("funding", ("pln",), "Value of food aid handed out (EU food programme)",
                                      source_type="eu_food_aid"),
    "grant_cap": Measure("context", ("pln",), "Largest grant a call allows (maksymalna kwota dotacji)"),
    "max_cofinancing_share": Measure("context", ("percent",), "Largest co-financing share a funder allows"),
    "min_own_share": Measure("context", ("percent",), "Smallest own-contribution share a funder requires"),
    # shares the document prints itself ("84,28%"); checked against the share its amounts give, where both exist
    "eu_share": Measure("context", ("percent",), "EU co-financing as a share of the total value, as printed "
                        "(wkład UE 84,28%)"),
    "external_share": Measure("context", ("percent",), "All external co-financing as a share of the total value, as "
                              "printed (poziom dofinansowania, dofinansowanie 85%)"),
    # participants
    "participants_total": Measure("participants", ("persons", "families", "persons_or_families"),
                                  "Participants (uczestnicy) or families supported"),
    "participants_women": Measure("participants", ("persons", "percent"),
                                  "Women among participants (a count, or a share of participants)"),
    "participants_men": Measure("participants", ("persons", "percent"),
                                "Men among participants (a count, or a share of participants)"),
    "participants_disabled": Measure("participants", ("persons", "percent"),
                                     "Participants with disabilities (a count, or a share of participants)"),
    "participants_revitalised_area_share": Measure("participants", ("percent",),
                                                   "Share of participants living in the revitalised area"),
    "participants_outside_revitalised_area_share": Measure(
        "participants", ("percent",), "Share of participants living outside the revitalised area"),
    "participants_surroundings": Measure("participants", ("persons",),
                                         "People around participants (otoczenie) reached"),
    "group_size": Measure("participants", ("persons",), "Persons in each group"),
    "recipients": Measure("participants", ("persons",), "People receiving aid (food aid)"),
    # outcomes
    "outcome_completed": Measure("outcomes", ("persons", "percent"), "Participants who completed the project"),
    "outcome_completed_goals": Measure("outcomes", ("persons", "percent"), "Participants who completed having "
                                       "reached the goals set for them (zakończyło udział … osiągając założone cele)"),
    "outcome_employed": Measure("outcomes", ("persons", "percent"), "Participants in employment after the project "
                                "(corresponds to ESF CR04; the timing is the document's)", esf_indicator="CR04"),
    "outcome_qualification": Measure("outcomes", ("persons", "percent"), "Participants who gained a qualification "
                                     "(corresponds to ESF CR03)", esf_indicator="CR03"),
    "outcome_job_search": Measure("outcomes", ("persons", "percent"), "Participants searching for work after the "
                                  "project (corresponds to ESF CR01)", esf_indicator="CR01"),
    "outcome_employment_efficiency": Measure("outcomes", ("percent",), "Employment efficiency as the document reports "
                                             "it (efektywność zatrudnieniowa: a share of those the criterion counts)"),
    "outcome_social_efficiency": Measure("outcomes", ("percent",), "Social efficiency as the document reports it "
                                         "(efektywność społeczna)"),
    "outcome_action_plan": Measure("outcomes", ("percent",), "Participants with an individual action plan"),
    "outcome_support_group": Measure("outcomes", ("percent",), "Participants supported in a self-help group"),
    "outcome_application_folder": Measure("outcomes", ("percent",),
                                          "Participants given a folder of job-application documents"),
    # services and activities
    "service_reach": Measure("services", ("persons", "families", "persons_or_families"),
                             "People or families a service reached"),
    "service_reach_surroundings": Measure("services", ("persons",),
                                          "People around participants (otoczenie) a service also reached"),
    "service_hours": Measure("services", ("hours",), "Hours of a service or class in the programme"),
    "service_frequency": Measure("services", ("times_per_week", "times_per_two_weeks", "times_per_month"),
                                 "How often a service or meeting takes place"),
    "service_session_hours": Measure("services", ("hours",), "Length of one meeting or consultation"),
    "service_count": Measure("services", ("meetings", "trips", "groups", "districts", "rooms", "programmes",
                                          "places"),
                             "Number of meetings, trips, groups, districts, rooms, programmes or places of an activity "
                             "(places: its capacity, not people)"),
    "cycle_length": Measure("services", ("weeks",), "Length of one support cycle"),
    # dates and periods
    "start_date": Measure("dates", ("date",), "Start of the project or phase"),
    "end_date": Measure("dates", ("date",), "End of the project or phase"),
    "period": Measure("dates", ("date",), "Period of the project or phase, both ends in one figure"),
    "opening_date": Measure("dates", ("date",), "Planned opening of a facility or service"),
    "document_date": Measure("dates", ("date",), "Date the document was published or states its figures at"),
    "finished_by_date": Measure("dates", ("date",), "Date of a document that describes the project as finished: "
                                "the project ended on or before it (bounds the end where no end date is printed)"),
    "event_date": Measure("dates", ("date",), "Date of an event (a call announced, a law passed, a target year)"),
    "history_years": Measure("context", ("years",), "How many years an activity has run"),
    "duration": Measure("dates", ("days", "weeks", "months", "years"), "Length of the project or phase as printed "
                        "(trwał prawie rok); the dates, where printed, are separate figures"),
    # programme
    "programme": Measure("programme", ("text",), "Programme or fund named by the document"),
    "priority_axis": Measure("programme", ("code",), "Priority axis (oś priorytetowa, priorytet)"),
    "measure_code": Measure("programme", ("code",), "Measure (działanie)"),
    "submeasure_code": Measure("programme", ("code",), "Sub-measure (poddziałanie)"),
    "partner": Measure("programme", ("text",), "Partner in the project"),
    "award": Measure("programme", ("text",), "Award or distinction the project received"),
    # staff
    "staff": Measure("staff", ("persons",), "Staff of the project by role"),
    # context
    "unemployment_rate": Measure("context", ("percent",), "Registered unemployment rate"),
    "unemployed_count": Measure("context", ("persons",), "Registered unemployed persons"),
    "social_assistance_share": Measure("context", ("percent",), "Share of a group using social assistance"),
    "target_age": Measure("context", ("age_years",), "Age of the target group"),
    "eligibility_threshold": Measure("context", ("percent", "months", "thousand_persons"),
                                     "Eligibility threshold (income criterion, months registered)"),
    "area_count": Measure("context", ("counties", "municipalities", "village_councils", "districts", "voivodeships"),
                          "Number of counties, municipalities or village councils an activity covers"),
    "call_projects": Measure("context", ("projects",), "Projects a call intended to select"),
    "projects_count": Measure("context", ("projects",), "Number of projects a document names"),
}

EXTERNAL_SOURCE_TYPES = ("eu", "state_subsidy", "ministry_grant", "voivode_grant", "foundation_grant", "pfron")
"""Money from outside the beneficiary: together the external co-financing of a project."""
FUNDING_SOURCE_TYPES = tuple(m.source_type for m in MEASURES.values() if m.source_type)
ESF_INDICATORS = {
    "CR01": "Inactive participants engaged in job searching upon leaving",
    "CR02": "Participants in education/training upon leaving",
    "CR03": "Participants gaining a qualification upon leaving",
    "CR04": "Participants in employment, including self-employment, upon leaving",
    "CR05": "Disadvantaged participants engaged in job searching, education/training, gaining a qualification, "
            "in employment, including self-employment, upon leaving",
}

TOTAL_VALUE_BASES = ("printed", "sum_of_parts")
"""How a project's total value is known: printed in a document, or bounded below by the sum of the parts the
documents print (a grant of 15 000 zł plus own money of no printed amount: at least 15 000 zł)."""

PRICE_YEAR_BASES = ("period_midpoint", "eligibility_window", "finished_by", "year_span")
"""How a project's price year is found: the mid-point of its printed period; (no end date printed) every
mid-point between its start and the last day its programme's expenditure is eligible (``eligibility_window``) or
the date of a document that describes it as finished, if earlier (``finished_by``): a range of years; or (a
period printed as years only, several of them: '2008 – 2013') any year of the span (``year_span``), since one
sum for several yearly editions was spent over all of them and its split by year is not printed."""

SUPPORT_KINDS = ("activation", "social_services", "model_building", "events", "grants", "food_aid", "mixed",
                 "unknown")
"""The kind of support a project gives (``support_kind``); costs are ranked only within a kind and a programme
period. activation: social and vocational activation of participants (active integration: RPO 2014–2020 measure
9.1, PO KL 7.1, a social integration club); social_services: community-based social services (measure 9.2);
model_building: organisational or model-building work for institutions (PO WER 2.5); events: one-off events
(a trip, a picnic, a supper); grants: small grant-funded projects of an organisation; food_aid: food handed out;
mixed: a portfolio of several kinds."""

SUPPORT_KIND_BY_CODE = (("9.1", "activation"), ("7.1", "activation"), ("9.2", "social_services"),
                        ("2.5", "model_building"))
"""The rule that gives an EU project's kind from its (sub-)measure code, first match of the code's start.
``support_kind`` written in projects.csv comes before it (where no code is printed, or a group's kind is wrong for
the project), with the reason in its note."""

SUPPORT_KIND_BY_GROUP = {"pfron_event": "events", "grant": "grants", "food_aid": "food_aid"}
"""The kind of a project outside the EU programmes, from its comparison group."""

RULE_TOPICS = {
    "social_efficiency_min": "percent",
    "employment_efficiency_min": "percent",
    "social_employment_efficiency_min": "percent",
    "employment_efficiency_counts": "text",
    "employment_efficiency_timing": "text",
    "efficiency_measured_in": "text",
    "efficiency_form": "text",
}
"""What a row of rules.csv states, and the unit of its value: a minimum efficiency (a share), who the employment
criterion counts, when it is measured, which projects are measured, the form of the criterion. The co-financing caps
(largest EU share, largest co-financing share) are the programmes' own rules, in programmes.csv; the rule checks
take both."""

CAP_TOPICS = ("max_eu_share", "max_cofinancing_share")
"""The co-financing caps of programmes.csv, checked as rules (``rule_id`` ``<programme_id>:<topic>``)."""

CHECKED_TOPICS = ("social_efficiency_min", "employment_efficiency_min", "social_employment_efficiency_min",
                  "efficiency_measured_in", *CAP_TOPICS)
"""The rules a project is checked against: the minimum efficiencies, the rule on which projects the efficiency
criteria measure (a project it binds must report its efficiency), and the caps; the other topics say how the
criteria count (who, when)."""

COMPLETION_MEASURES = ("outcome_completed", "outcome_completed_goals")
"""Who a share of completers is taken of, in order of preference: all who completed, else those who completed
having reached their goals (Katowice's 670: the document's words, not a count of all completers). The rule checks
and the reports' outcome rates both take it from here."""

VOIVODESHIPS = ("dolnośląskie", "kujawsko-pomorskie", "lubelskie", "lubuskie", "łódzkie", "małopolskie",
                "mazowieckie", "opolskie", "podkarpackie", "podlaskie", "pomorskie", "śląskie", "świętokrzyskie",
                "warmińsko-mazurskie", "wielkopolskie", "zachodniopomorskie")
"""Poland's sixteen voivodeships, as the region of a project (``voivodeship``) and of a regional rule."""

PROGRAMME_PERIODS = ("2007–2013", "2014–2020")
"""The ESF programming periods; costs are ranked within one."""

TARGET_GROUPS = ("general", "severe_disability")
"""Who a minimum efficiency is for: people at risk of poverty or social exclusion in general, or people with a
severe, intellectual or multiple disability (a lower employment minimum)."""

RULE_OUTCOMES = ("within", "outside", "cannot_be_judged", "other_scope", "not_applicable")
"""The result of checking a project against a rule: within it, outside it, cannot be judged (the documents do not
print what the rule needs), other scope (the rule's programme, region, measure or dates do not cover the project:
shown for comparison, never as binding), not applicable (the rule is about another kind of project)."""

RULE_REASONS = ("other_region", "other_period", "other_measure", "other_call", "other_dates", "programme_not_named",
                "denominator_unknown", "timing_unknown", "no_outcome_printed", "split_not_printed",
                "eu_may_include_state_budget", "not_activation")
"""Why a rule check came out as it did (codes; reports translate them)."""

NOT_COMPARABLE_REASONS = ("no_total_value", "counted_in_families", "no_participants", "no_dates", "no_start_date",
                          "no_end_date", "price_year_outside_cpi")
"""Why a project has no cost in real terms (codes of ``not_comparable_reason``; reports translate them)."""

QUALIFIERS = ("exact", "about", "at_least", "more_than", "at_most", "less_than", "range", "about_range")
"""Every qualifier a parsed figure can carry. ``range`` and ``about_range`` have a lower and an upper bound."""

# What each qualifier means, once: every stage asks these sets instead of listing qualifiers itself.
POINT_QUALIFIERS = frozenset({"exact", "about"})
"""One number stands for the figure (an ``about`` figure carries no bounds)."""
LOWER_BOUND_QUALIFIERS = frozenset({"at_least", "more_than"})
"""A lower end only: the figure is the number or more."""
UPPER_BOUND_QUALIFIERS = frozenset({"at_most", "less_than"})
"""An upper end only: the figure is the number or less."""
ONE_SIDED_QUALIFIERS = LOWER_BOUND_QUALIFIERS | UPPER_BOUND_QUALIFIERS
TWO_SIDED_QUALIFIERS = frozenset({"range", "about_range"})
"""Both ends and no single value."""
APPROXIMATE_QUALIFIERS = frozenset({"about", "about_range"})
"""Close to the numbers, either side: an approximate figure bounds nothing."""
STRICT_LOWER_QUALIFIERS = frozenset({"more_than"})
STRICT_UPPER_QUALIFIERS = frozenset({"less_than"})
BOUNDED_BELOW_QUALIFIERS = frozenset({"exact", "at_least", "more_than"})
"""A single printed figure that bounds the fact from below (its printed number is a lower bound of it)."""
WIDENED_QUALIFIERS = {"exact": "range", "about": "about_range"}
"""A point figure known only over several possible values (price years) becomes a range; bounds keep their side."""

STATUS_PREFERENCE = ("achieved", "stated", "planned")
"""When a fact is known in several statuses, the achieved figure describes it, then the stated, then the plan."""

BOOLEAN_WORDS = {"true": True, "yes": True, "on": True, "1": True, "false": False, "no": False, "off": False,
                 "0": False}
"""Words read as a boolean (processed tables write ``true``/``false``; parameters may say ``yes``/``no``)."""
