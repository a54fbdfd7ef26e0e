"""Translations of the words reports print: qualifiers, statuses, funding sources, column headings, sentences.

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


# Outcome headings use the measure codes of analysis.core.vocabulary: "completed" alone is a project status.
HEADING_LABELS: dict[str, tuple[str, str]] = {
    "project": ("project", "projekt"),
    "programme": ("programme", "program"),
    "period": ("period", "okres"),
    "whole_project": ("whole project", "cały projekt"),
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

# Words and sentences of the report notebooks (analysis.report.data and notebooks/*.ipynb). Sentences take their
# figures as already formatted text ({value}, {cost}, ...): numbers are never typed here.
REPORT_LABELS: dict[str, tuple[str, str]] = {
    # titles and sections
    "title_overview": ("Social-inclusion projects of welfare centres: overview",
                       "Projekty integracji społecznej ośrodków pomocy społecznej: przegląd"),
    "title_comparisons": ("Social-inclusion projects of welfare centres: comparisons",
                          "Projekty integracji społecznej ośrodków pomocy społecznej: porównania"),
    "title_profile": ("Project profile: {title}", "Profil projektu: {title}"),
    "sec_key_figures": ("Key figures of every project", "Kluczowe dane każdego projektu"),
    "sec_ranking": ("Ranking by real cost per participant", "Ranking według realnego kosztu na uczestnika"),
    "sec_not_comparable": ("Projects that cannot be compared", "Projekty, których nie można porównać"),
    "sec_caveats": ("Caveats", "Zastrzeżenia"),
    "sec_sources": ("Sources", "Źródła"),
    "sec_costs": ("Cost per participant and per participant-month", "Koszt na uczestnika i na uczestnika-miesiąc"),
    "sec_funding_programme": ("Funding mix by programme and period", "Struktura finansowania według programu i okresu"),
    "sec_outcomes": ("Outcomes", "Rezultaty"),
    "sec_reach": ("Reach", "Zasięg"),
    "centre_and_kind": ("centre; kind of project", "ośrodek; rodzaj projektu"),
    "sec_by_place": ("Kinds of project by voivodeship", "Rodzaje projektów według województw"),
    "peer_group_col": ("kind of project and period", "rodzaj projektu i okres"),
    "projects_col": ("projects", "projekty"),
    "centres_col": ("centres", "ośrodki"),
    "known_costs_col": ("with a known cost", "ze znanym kosztem"),
    "cost_range_real": ("cost per participant in {year} prices, range", "koszt na uczestnika w cenach {year} r., "
                        "zakres"),
    "median_col": ("median", "mediana"),
    "all_voivodeships": ("all voivodeships", "wszystkie województwa"),
    "period_not_known": ("period not known", "okres nieznany"),
    "by_place_note": ("A known cost is a result: a cost per participant of a project's achieved figures, exact or "
                      "a range (where no end date is printed, the prices of the years it may have run). Where some "
                      "are ranges, the median is a range too: between the median of the lower ends and that of the "
                      "upper ends. Targets and one-sided bounds ('at least') count as projects, never as costs. "
                      "A centre is its name as the documents print it.",
                      "Znany koszt to wynik: koszt na uczestnika z osiągniętych wartości projektu, dokładny lub "
                      "przedział (gdy nie podano daty zakończenia – w cenach lat, w których projekt mógł trwać). "
                      "Gdy część kosztów to przedziały, mediana też jest przedziałem: między medianą dolnych a "
                      "medianą górnych końców. Wartości docelowe i ograniczenia jednostronne („co najmniej”) liczą "
                      "się jako projekty, nigdy jako koszty. Ośrodek to jego nazwa w brzmieniu dokumentów."),
    "sec_unit_economics": ("Unit economics", "Koszty jednostkowe"),
    "sec_method": ("Method", "Metoda"),
    "sec_funding": ("Funding", "Finansowanie"),
    "sec_participants": ("Participants", "Uczestnicy"),
    "sec_services": ("Services and activities", "Usługi i działania"),
    "sec_staff": ("Staff", "Kadra"),
    "sec_context": ("Context figures", "Dane o kontekście"),
    "no_data": ("The documents give no figures for this section.", "Dokumenty nie podają danych do tej części."),
    # parameters line
    "params_line": ("Prices of {year}; planned figures {planned}. Figures from {n} documents.",
                    "Ceny z {year} r.; wartości planowane {planned}. Dane z {n} dokumentów."),
    "planned_shown": ("shown beside achieved ones", "pokazane obok osiągniętych"),
    "planned_hidden": ("hidden", "ukryte"),
    # column headings
    "title": ("title", "tytuł"),
    "operator": ("operator", "realizator"),
    "municipality": ("municipality", "gmina"),
    "scope": ("scope", "zakres"),
    "level": ("level", "poziom"),
    "group_id": ("project the phase belongs to", "projekt, do którego należy etap"),
    "portfolio": ("portfolio", "portfel"),
    "cost_per_participant_nominal": ("cost per participant (current prices)", "koszt na uczestnika (ceny bieżące)"),
    "cost_per_participant_month": ("cost per participant-month", "koszt na uczestnika-miesiąc"),
    "cost_per_participant_month_real": ("cost per participant-month (real, {year} prices)",
                                        "koszt na uczestnika-miesiąc (realnie, ceny z {year} r.)"),
    "duration_months": ("duration (months)", "czas trwania (miesiące)"),
    "price_year": ("price year", "rok cen"),
    "rank": ("rank (1 = lowest)", "miejsce (1 = najniższy)"),
    "possible_ranks": ("possible ranks", "możliwe miejsca"),
    "note": ("note", "uwaga"),
    "reason": ("why not", "dlaczego nie"),
    "publisher": ("publisher", "wydawca"),
    "document": ("document", "dokument"),
    "kind": ("kind", "rodzaj"),
    "published": ("published", "opublikowano"),
    "figures_count": ("figures", "liczba danych"),
    "funding_source": ("source of money", "źródło środków"),
    "amount": ("amount", "kwota"),
    "share_of_total": ("share of the total", "udział w całości"),
    "indicator": ("indicator", "wskaźnik"),
    "count": ("count", "liczba"),
    "rate_participants": ("share of participants", "odsetek uczestników"),
    "rate_completers": ("share of completers", "odsetek kończących"),
    "metric": ("measure", "miara"),
    "nominal": ("current prices", "ceny bieżące"),
    "real": ("real, {year} prices", "realnie, ceny z {year} r."),
    "programme_maximum": ("programme maximum", "maksimum programu"),
    "basis": ("how computed", "sposób obliczenia"),
    "service": ("service or activity", "usługa lub działanie"),
    "reach": ("reach", "zasięg"),
    "unit": ("unit", "jednostka"),
    "value": ("value", "wartość"),
    "value_as_printed": ("value as printed", "wartość jak w dokumencie"),
    "quote": ("verbatim quote", "cytat"),
    "measure": ("what it measures", "co mierzy"),
    "item": ("about", "dotyczy"),
    "figure_id": ("figure id", "identyfikator danej"),
    "group": ("group", "grupa"),
    "role": ("role", "funkcja"),
    "field": ("field", "pole"),
    "start": ("start", "początek"),
    "end": ("end", "koniec"),
    "code_priority_axis": ("priority axis", "oś priorytetowa"),
    "code_measure": ("measure", "działanie"),
    "code_submeasure": ("sub-measure", "poddziałanie"),
    "hours": ("hours", "godziny"),
    "yes": ("yes", "tak"),
    "no": ("no", "nie"),
    "has_total_value": ("total value", "wartość"),
    "has_dates": ("start and end", "początek i koniec"),
    "has_participants": ("participants", "uczestnicy"),
    "has_outcomes": ("outcomes", "rezultaty"),
    "has_eu_share": ("EU share", "udział UE"),
    "has_real_cost": ("real cost per participant", "realny koszt na uczestnika"),
    "scope_whole": ("whole project", "cały projekt"),
    "scope_operator_part": ("operator's part of a partnership", "część realizatora w partnerstwie"),
    "scope_unknown": ("unknown", "nieznany"),
    "planned_col": ("planned", "planowane"),
    "achieved_col": ("achieved", "osiągnięte"),
    "stated_col": ("stated", "podane"),
    # funding parts
    "national_grant": ("national grant", "dotacja krajowa"),
    "unspecified": ("source not stated", "źródło niepodane"),
    # unit-economics metrics and bases
    "metric_cost_per_participant": ("cost per participant", "koszt na uczestnika"),
    "metric_cost_per_participant_month": ("cost per participant-month", "koszt na uczestnika-miesiąc"),
    "metric_cost_per_programme_hour": ("cost per hour of programme", "koszt na godzinę programu"),
    "metric_grant_per_programme_hour": ("grant per hour of programme (total value not printed)",
                                        "dotacja na godzinę programu (wartości projektu nie podano)"),
    "metric_eu_share": ("EU share of the total", "udział UE w wartości"),
    "metric_external_share": ("external co-financing rate", "poziom dofinansowania zewnętrznego"),
    "metric_own_contribution_per_participant": ("own contribution per participant",
                                                "wkład własny na uczestnika"),
    "basis_total_per_participant": ("total value / participants", "wartość / uczestnicy"),
    "basis_total_per_participant_month": ("total value / participants / months", "wartość / uczestnicy / miesiące"),
    "basis_total_per_hour": ("total value / programme hours", "wartość / godziny programu"),
    "basis_grant_per_hour": ("grant / programme hours", "dotacja / godziny programu"),
    "basis_total_per_employed": ("total value / persons employed", "wartość / osoby zatrudnione"),
    "basis_total_per_qualification": ("total value / persons with a qualification",
                                      "wartość / osoby z kwalifikacjami"),
    "basis_own_per_participant": ("own contribution / participants", "wkład własny / uczestnicy"),
    "basis_eu_share": ("EU co-financing / total value", "dofinansowanie UE / wartość"),
    "basis_external_share": ("external co-financing / total value", "dofinansowanie zewnętrzne / wartość"),
    # outcome indicators without their own heading
    "outcome_action_plan": ("with an individual action plan", "z indywidualnym planem działania"),
    "outcome_support_group": ("in a support group", "w grupie wsparcia"),
    "outcome_application_folder": ("with an application folder", "z teczką aplikacyjną"),
    # ranking groups and reasons
    "group_ranked": ("ranked", "w rankingu"),
    "group_bounded": ("bound only: not ranked", "tylko granica: poza rankingiem"),
    "group_not_comparable": ("not comparable", "nieporównywalny"),
    "note_about": ("approximate (participants about)", "przybliżony (uczestnicy około)"),
    "note_bound": ("a bound, not a figure: could rank {best}–{worst}",
                   "znana jest tylko granica kosztu: możliwe miejsca w rankingu od {best} do {worst}"),
    "reason_no_total_value": ("no total value in the documents", "dokumenty nie podają wartości projektu"),
    "reason_no_end_date": ("no end date in the documents", "dokumenty nie podają daty zakończenia"),
    "reason_no_start_date": ("no start date in the documents", "dokumenty nie podają daty rozpoczęcia"),
    "reason_no_participants": ("no participants figure in the documents",
                               "dokumenty nie podają liczby uczestników"),
    "reason_counted_in_families": ("the documents count families, not persons",
                                   "dokumenty liczą rodziny, a nie osoby"),
    "reason_no_real": ("no real figure", "brak wartości realnej"),
    "reason_planned_hidden": ("planned figures are hidden in this report",
                              "wartości planowane są w tym raporcie ukryte"),
    # caveats
    "caveat_planned_many": ("{what} are targets, not results; this applies to: {titles}.",
                            "{what} to cele (wartości planowane), a nie wyniki; dotyczy: {titles}."),
    "caveat_bound": ("{title}: participants are given only as {figure}.",
                     "{title}: liczba uczestników podana tylko jako {figure}."),
    "caveat_bound_cost": ("{title}: participants are given only as {figure}, so the cost per participant is a "
                          "bound or an approximation ({cost}), not an exact figure.",
                          "{title}: liczba uczestników podana tylko jako {figure}, więc koszt na uczestnika jest "
                          "granicą lub przybliżeniem ({cost}), a nie dokładną wartością."),
    "caveat_bound_employed": ("{title}: persons employed are given as {figure}; rates and costs per person "
                              "employed are bounds.",
                              "{title}: liczba osób zatrudnionych podana jako {figure}; wskaźniki procentowe i koszty "
                              "na osobę zatrudnioną są więc granicami."),
    "caveat_operator_part": ("{title}: the figures cover only the part of {operator} in a partnership, not the "
                             "whole project.",
                             "{title}: dane obejmują tylko część {operator} w partnerstwie, nie cały projekt."),
    # findings (figures come in formatted)
    "group_eu_project": ("EU-co-financed projects", "projekty współfinansowane z UE"),
    "group_pfron_event": ("PFRON-co-financed events", "wydarzenia współfinansowane z PFRON"),
    "group_grant": ("national and private grants", "dotacje krajowe i prywatne"),
    "group_food_aid": ("food aid", "pomoc żywnościowa"),
    "group_unknown": ("programme not known", "program nieznany"),
    "comparison_group": ("kind of project", "rodzaj projektu"),
    "rows_limited_table": ("{shown} of {total} rows shown: the first and the last. Every row is in "
                           "data/processed/.",
                           "Pokazano {shown} z {total} wierszy: pierwsze i ostatnie. Wszystkie są w "
                           "data/processed/."),
    "more_items": ("… and {n} more.", "… oraz {n} innych pozycji (wszystkie w danych do pobrania)."),
    "chart_cost_finding_groups": ("Real cost per participant by kind of project ({year} prices): {ranges}",
                                  "Realny koszt na uczestnika według rodzaju projektu (ceny z {year} r.): {ranges}"),
    "projects_with_total": ("projects with a total value", "projekty z podaną wartością"),
    "sec_funding_without_total": ("Money named by projects without a total value",
                                  "Środki wymienione przez projekty bez podanej wartości"),
    "named_only": ("named, no amount", "wymienione bez kwoty"),
    "kind_web page": ("web page", "strona internetowa"),
    "kind_slide deck": ("slide deck", "prezentacja"),
    "identity_title_pl": ("title (Polish, as printed)", "tytuł (jak w dokumencie)"),
    "identity_title_en": ("title (English)", "tytuł (po angielsku)"),
    "programme_name": ("programme name", "nazwa programu"),
    "funder": ("kind of money", "rodzaj środków"),
    "funder_eu": ("EU", "UE"),
    "funder_national": ("national", "krajowe"),
    "funder_pfron": ("PFRON", "PFRON"),
    "funder_private": ("private", "prywatne"),
    "funder_mixed": ("mixed", "mieszane"),
    "funder_unknown": ("unknown", "nieznane"),
    "status_note": ("status in the document's words", "status słowami dokumentu"),
    "transcription": ("how transcribed", "sposób przepisania"),
    "tr_as_printed": ("as printed", "jak w dokumencie"),
    "tr_counted_from_list": ("counted from a list", "policzone z wykazu"),
    "tr_read_from_scrambled_table": ("read from a scrambled table", "odczytane z przestawionej tabeli"),
    "tr_interpreted": ("interpreted", "zinterpretowane"),
    "tr_named_without_amount": ("named without an amount", "wymienione bez kwoty"),
    "funding_mix_line": ("Shares of the total value: {items}.", "Udziały w wartości projektu: {items}."),
    "grp_total": ("participants", "uczestnicy"),
    "grp_women": ("women", "kobiety"),
    "grp_men": ("men", "mężczyźni"),
    "grp_disabled": ("people with disabilities", "osoby z niepełnosprawnościami"),
    "grp_revitalised_area_share": ("living in the revitalised area", "mieszkający na obszarze rewitalizowanym"),
    "grp_outside_revitalised_area_share": ("living outside the revitalised area",
                                           "mieszkający poza obszarem rewitalizowanym"),
    "grp_group_size": ("persons per group", "osób w grupie"),
    "grp_recipients": ("aid recipients", "odbiorcy pomocy"),
    "svc_service_reach": ("reach", "zasięg"),
    "svc_service_reach_surroundings": ("reach among people around participants", "zasięg w otoczeniu uczestników"),
    "svc_service_count": ("number", "liczba"),
    "svc_service_frequency": ("frequency", "częstotliwość"),
    "svc_service_session_hours": ("hours per session", "godziny na spotkanie"),
    "svc_cycle_length": ("length of a cycle", "długość cyklu"),
    "svc_service_hours": ("hours in the programme", "godziny w programie"),
    "unit_pln": ('PLN', 'zł'),
    "unit_persons": ('persons', 'osoby'),
    "unit_families": ('families', 'rodziny'),
    "unit_persons_or_families": ('persons or families', 'osoby lub rodziny'),
    "unit_projects": ('projects', 'projekty'),
    "unit_rooms": ('rooms', 'pomieszczenia'),
    "unit_places": ('places', 'miejsca'),
    "unit_meetings": ('meetings', 'spotkania'),
    "unit_trips": ('trips', 'wycieczki'),
    "unit_groups": ('groups', 'grupy'),
    "unit_districts": ('districts', 'dzielnice'),
    "unit_programmes": ('programmes', 'programy'),
    "unit_counties": ('counties', 'powiaty'),
    "unit_municipalities": ('municipalities', 'gminy'),
    "unit_village_councils": ('village councils', 'sołectwa'),
    "unit_voivodeships": ('voivodeships', 'województwa'),
    "unit_thousand_persons": ('thousand persons', 'tys. osób'),
    "unit_hours": ('hours', 'godziny'),
    "unit_weeks": ('weeks', 'tygodnie'),
    "unit_months": ('months', 'miesiące'),
    "unit_years": ('years', 'lata'),
    "unit_age_years": ('years of age', 'lat (wiek)'),
    "unit_times_per_week": ('times a week', 'razy w tygodniu'),
    "unit_times_per_two_weeks": ('times in two weeks', 'razy na dwa tygodnie'),
    "unit_times_per_month": ('times a month', 'razy w miesiącu'),
    "unit_percent": ('percent', 'procent'),
    "unit_date": ('date', 'data'),
    "unit_code": ('code', 'kod'),
    "unit_text": ('text', 'tekst'),
    "m_funding_total": ('total value', 'wartość projektu'),
    "m_funding_eu": ('EU co-financing', 'dofinansowanie UE'),
    "m_funding_state_subsidy": ('state-budget subsidy', 'dotacja celowa z budżetu państwa'),
    "m_funding_own": ('own contribution', 'wkład własny'),
    "m_funding_ministry_grant": ('ministry grant', 'dotacja ministerstwa'),
    "m_funding_pfron": ('PFRON co-financing', 'dofinansowanie PFRON'),
    "m_funding_foundation_grant": ('foundation grant', 'grant fundacji'),
    "m_funding_voivode_grant": ("voivode's funds", 'środki wojewody'),
    "m_funding_external_total": ('external co-financing, total', 'dofinansowanie zewnętrzne ogółem'),
    "m_funding_food_aid_value": ('value of food aid', 'wartość pomocy żywnościowej'),
    "m_grant_cap": ('largest grant of the call', 'maksymalna kwota dotacji'),
    "m_max_cofinancing_share": ('largest co-financing share', 'maksymalny udział dofinansowania'),
    "m_min_own_share": ('smallest own-contribution share', 'minimalny udział wkładu własnego'),
    "m_participants_total": ('participants', 'uczestnicy'),
    "m_participants_women": ('women among participants', 'kobiety wśród uczestników'),
    "m_participants_men": ('men among participants', 'mężczyźni wśród uczestników'),
    "m_participants_disabled": ('participants with disabilities', 'uczestnicy z niepełnosprawnościami'),
    "m_participants_revitalised_area_share": ('share living in the revitalised area',
                                              'odsetek z obszaru rewitalizowanego'),
    "m_participants_outside_revitalised_area_share": ('share living outside the revitalised area',
                                                      'odsetek spoza obszaru rewitalizowanego'),
    "m_participants_surroundings": ('people around participants', 'otoczenie uczestników'),
    "m_group_size": ('persons per group', 'osób w grupie'),
    "m_recipients": ('aid recipients', 'odbiorcy pomocy'),
    "m_service_reach": ('reach of a service', 'zasięg usługi'),
    "m_service_reach_surroundings": ('reach among people around participants', 'zasięg w otoczeniu'),
    "m_service_hours": ('hours of a service', 'godziny usługi'),
    "m_service_frequency": ('frequency of a service', 'częstotliwość usługi'),
    "m_service_session_hours": ('hours per session', 'godziny na spotkanie'),
    "m_service_count": ('number of meetings, trips or rooms', 'liczba spotkań, wycieczek lub pomieszczeń'),
    "m_cycle_length": ('length of a support cycle', 'długość cyklu wsparcia'),
    "m_start_date": ('start', 'początek'),
    "m_end_date": ('end', 'koniec'),
    "m_period": ('period', 'okres'),
    "m_opening_date": ('planned opening', 'planowane otwarcie'),
    "m_document_date": ('date of the document', 'data dokumentu'),
    "m_event_date": ('date of an event', 'data wydarzenia'),
    "m_history_years": ('years of activity', 'lata działalności'),
    "m_programme": ('programme', 'program'),
    "m_priority_axis": ('priority axis', 'oś priorytetowa'),
    "m_measure_code": ('measure', 'działanie'),
    "m_submeasure_code": ('sub-measure', 'poddziałanie'),
    "m_partner": ('partner', 'partner'),
    "m_award": ('award', 'nagroda'),
    "m_staff": ('staff', 'kadra'),
    "m_unemployment_rate": ('unemployment rate', 'stopa bezrobocia'),
    "m_unemployed_count": ('registered unemployed', 'zarejestrowani bezrobotni'),
    "m_social_assistance_share": ('share using social assistance', 'odsetek korzystających z pomocy społecznej'),
    "m_target_age": ('age of the target group', 'wiek grupy docelowej'),
    "m_eligibility_threshold": ('eligibility threshold', 'próg kwalifikowalności'),
    "m_area_count": ('areas covered', 'objęte obszary'),
    "m_call_projects": ('projects the call selects', 'projekty do wyboru w konkursie'),
    "m_projects_count": ('number of projects', 'liczba projektów'),
    "no_caveats": ("No caveats for this selection.", "Brak zastrzeżeń dla tego wyboru."),
}

# The redesigned reports (issue 11): main points first, codes translated, plain words. Sentences take their figures
# as formatted text, counted nouns included (formatting.count_text: CLDR plural rules via Babel).
TEXT_LABELS: dict[str, tuple[str, str]] = {
    "sec_main_points": ("Main points", "Najważniejsze"),
    "sec_cost_real": ("Cost per participant in today's prices, by kind of project",
                      "Koszt na uczestnika w dzisiejszych cenach według rodzaju projektu"),
    "sec_funding_mix": ("Who paid", "Kto finansował"),
    "technical_summary": ("Technical appendix: identifiers, every figure as printed, coverage",
                          "Aneks techniczny: identyfikatory, wszystkie dane jak w dokumentach, kompletność"),
    "sec_about": ("About the project", "O projekcie"),
    "params_line2": ("Prices of {year}. Planned figures {planned}. Sources: {documents}.",
                     "Ceny z {year} r. Wartości planowane {planned}. Źródła: {documents}."),
    # main points of the overview
    "mp_scope": ("The documents describe {projects}; {with_total} of them print a total value.",
                 "Dokumenty opisują {projects}; wartość podaje {with_total} z nich."),
    "mp_largest": ("The largest project, {title}, had {participants} and a budget of {total}.",
                   "Największy projekt, {title}: {participants}, budżet {total}."),
    "mp_employed": ("In {title}, {count} of {participants} participants found work ({rate}).",
                    "W projekcie {title} pracę podjęło {count} z {participants} uczestników ({rate})."),
    "mp_cost_range": ("In today's prices ({year}), a participant of an EU project cost from {low} to {high}.",
                      "W dzisiejszych cenach ({year} r.) uczestnik projektu unijnego kosztował od {low} do {high}."),
    "mp_cost_range_kind": ("In today's prices ({year}), a participant of {group} cost from {low} to {high}.",
                           "W dzisiejszych cenach ({year} r.) uczestnik – {group} – kosztował od {low} do {high}."),
    "mp_ranged": ("{title} cost {cost} per participant: its end date is not printed, so its prices are those of "
                  "a year between {first} and {last}.",
                  "Koszt projektu {title} na uczestnika: {cost}; dokumenty nie podają daty zakończenia, więc kwoty "
                  "mogą być wyrażone w cenach dowolnego roku z lat {first}–{last}."),
    "mp_eu_max": ("EU projects with a known split of the budget: {n_eu}; in {at_max} of them EU money paid {max}, "
                  "the most their programme allows.",
                  "Projekty unijne ze znanym podziałem budżetu: {n_eu}; w {at_max} z nich środki UE pokryły {max}, "
                  "najwięcej, ile pozwala program."),
    "mp_planned_only": ("{n} state only targets for participants or money: they are shown as plans, never ranked.",
                        "Tylko cele (liczbę uczestników lub kwoty planowane) podaje {n}: pokazujemy je jako plany, "
                        "bez miejsca w rankingu."),
    # main points of a profile
    "mp_p_cost": ("Cost per participant: {nominal} at the prices of the time, {real} in today's prices ({year}).",
                  "Koszt na uczestnika: {nominal} w cenach z okresu realizacji, {real} w dzisiejszych cenach "
                  "({year} r.)."),
    "mp_p_cost_nominal": ("Cost per participant: {nominal} at the prices of the time.",
                          "Koszt na uczestnika: {nominal} w cenach z okresu realizacji."),
    "mp_p_peers": ("Of the {n} projects of its kind and period with a known real cost per participant (each {group}, "
                   "this one included), it is {rank} cheapest; their costs range from {low} to {high} ({year} prices).",
                   "Spośród {n} projektów tego rodzaju i okresu o znanym realnym koszcie na uczestnika (wliczając ten; "
                   "porównanie jak w {group}) zajmuje {rank} miejsce od najtańszego; ich koszty wynoszą od {low} do "
                   "{high} (ceny z {year} r.)."),
    "rank_one": ("the {rank}", "{rank}"),
    "rank_range": ("anywhere from the {best} to the {worst} (its cost is a range)",
                   "od {best} do {worst} (jego koszt jest przedziałem)"),
    "mp_p_cost_none": ("No cost per participant: {reason}.", "Brak kosztu na uczestnika: {reason}."),
    "mp_p_cost_family": (" (cost per family: {cost} at the prices of the time)",
                         " (koszt na rodzinę: {cost} w cenach z okresu realizacji)"),
    "mp_p_total": ("Budget: {total}{planned}.", "Budżet: {total}{planned}."),
    "mp_p_eu": ("EU share: {share} of the budget (the programme allows at most {max}).",
                "Udział UE: {share} budżetu (program dopuszcza najwyżej {max})."),
    "mp_p_eu_plain": ("EU share: {share} of the budget.", "Udział UE: {share} budżetu."),
    "mp_p_no_eu": ("No EU money is named in the documents.", "Dokumenty nie wymieniają środków UE."),
    "mp_p_eu_unknown": ("The EU share is not known: the budget is not printed.",
                        "Udział UE nie jest znany: dokumenty nie podają budżetu."),
    "mp_p_eu_amount_no_total": ("EU co-financing: {amount}; the budget is not printed, so its share is not known.",
                                "Dofinansowanie UE: {amount}; dokumenty nie podają budżetu, więc udział UE nie "
                                "jest znany."),
    "mp_p_eu_amount_share_bound": ("EU co-financing: {amount} of a budget of {total}: an EU share of {share}.",
                                   "Dofinansowanie UE: {amount} przy budżecie {total}: udział UE {share}."),
    "mp_p_eu_amount_no_share": ("EU co-financing: {amount} of a budget of {total}; bounds on both sides of the "
                                "ratio give no EU share.",
                                "Dofinansowanie UE: {amount} przy budżecie {total}; z dwóch takich przybliżeń nie "
                                "da się wyliczyć udziału UE."),
    "mp_p_eu_not_split": ("The documents do not say how much of the budget is EU money.",
                          "Dokumenty nie podają, ile z budżetu to środki UE."),
    "mp_p_reach": ("Participants: {participants}{planned}.", "Uczestnicy: {participants}{planned}."),
    "mp_p_reach_recipients": ("Reach: {recipients} (the documents count recipients of aid, not participants).",
                              "Zasięg: {recipients} (dokumenty liczą odbiorców pomocy, nie uczestników)."),
    "reach_recipients_suffix": (" (aid recipients)", " (odbiorcy pomocy)"),
    "mp_p_reach_none": ("The documents give no number of participants.",
                        "Dokumenty nie podają liczby uczestników."),
    "mp_p_status": ("Status: {status}.", "Status: {status}."),
    "planned_suffix": (" (planned)", " (plan)"),
    # statuses with their date
    "status_according": ("{status} according to {document} ({date})", "{status} według dokumentu {document} ({date})"),
    "based_on_targets": (" — from targets, not results", " — z wartości planowanych, a nie wyników"),
    "range_reason": (" — a range: no end date is printed, so the prices are of a year between {first} and {last}",
                     " — przedział, bo dokumenty nie podają daty zakończenia: kwoty mogą być wyrażone w cenach "
                     "dowolnego roku z lat {first}–{last}"),
    "m_duration": ("duration as printed", "czas trwania (jak w dokumencie)"),
    "m_eu_share": ("EU share as printed", "udział UE (jak w dokumencie)"),
    "m_external_share": ("co-financing rate as printed", "poziom dofinansowania (jak w dokumencie)"),
    "unit_days": ("days", "dni"),
    "undated": ("undated", "bez daty"),
    "published_on": ("published {date}", "opublikowano {date}"),
    "accessed_on": ("read {date}", "odczytano {date}"),
    # outcomes in plain words
    "outcome_note": ("“Found work” corresponds to the ESF common result indicator CR04, “gained a "
                     "qualification” to CR03, “searching for work” to CR01; the documents name no indicator and "
                     "do not say when the outcomes were counted (CR04 counts within four weeks of leaving).",
                     "„Podjęli pracę” odpowiada wspólnemu wskaźnikowi rezultatu EFS CR04, „uzyskali "
                     "kwalifikacje” – CR03, „poszukują pracy” – CR01; dokumenty nie podają ani wskaźnika, ani "
                     "terminu pomiaru (CR04 liczy się do czterech tygodni po zakończeniu udziału)."),
    # whole-budget ratios: labelled for what they are
    "metric_budget_per_employed": ("budget per person who found work — all costs of the project, not a cost of "
                                   "finding work",
                                   "budżet na osobę, która podjęła pracę — wszystkie koszty projektu, a nie koszt "
                                   "zatrudnienia"),
    "metric_budget_per_qualification": ("budget per person who gained a qualification — all costs of the project, "
                                        "not a cost of the qualification",
                                        "budżet na osobę, która uzyskała kwalifikacje — wszystkie koszty projektu, "
                                        "a nie koszt kwalifikacji"),
    "sec_budget_ratios": ("Budget per outcome (not unit costs)", "Budżet na rezultat (to nie koszty jednostkowe)"),
    # reasons (codes of processed/projects.csv not_comparable_reason)
    "reason_no_dates": ("no dates in the documents", "dokumenty nie podają dat"),
    "reason_price_year_outside_cpi": ("its price year is outside the price index table",
                                      "rok cen wykracza poza tabelę wskaźnika cen"),
    "reason_planned": ("the figures are targets, not results", "dane to cele, a nie wyniki"),
    # price years
    "price_year_range": ("{first}–{last} (no end date printed; the programme's money could be spent until {until})",
                         "{first}–{last} (brak daty zakończenia; środki programu można było wydawać do {until})"),
    "caveat_interpreted2": ("{title}: one figure is our reading of the document, not printed as such: "
                            "“{value}”, from {words}.",
                            "{title}: jedna wartość to nasza interpretacja dokumentu, a nie zapis wprost: "
                            "„{value}”, na podstawie słów {words}."),
    "caveat2_read_from_scrambled_table": ("Read from a slide table whose cells the text extraction reordered: "
                                          "{figures}, each checked against the printed totals.",
                                          "Z tabeli na slajdzie, której komórki ekstrakcja tekstu przestawiła, "
                                          "odczytano: {figures}; każdą sprawdzono z podanymi sumami."),
    "caveat2_counted_from_list": ("Counted by us from lists the documents print: {figures}.",
                                  "Policzone przez nas z wykazów w dokumentach: {figures}."),
    "caveat2_named_without_amount": ("Named without an amount or a number (a source of money or a reach): "
                                     "{figures}.",
                                     "Wymienione bez kwoty lub liczby: {figures}."),
    "appendix_intro": ("For analysts: {n} as printed in the documents, each with its id in data/raw/figures.csv "
                       "and the verbatim quote.",
                       "Dla analityków: {n} w brzmieniu dokumentów, każda z identyfikatorem z data/raw/figures.csv "
                       "i dosłownym cytatem."),
    "chart_programme_finding2": ("Who paid, by programme ({n}); for {n_unknown} of them the documents give no "
                                 "split of the budget",
                                 "Kto finansował, według programu ({n}); dla {n_unknown} z nich dokumenty nie "
                                 "podają podziału budżetu"),
    "chart_services_finding2": ("{title}: {n}; the widest reach is {top_reach} ({top})",
                                "{title}: {n}; największy zasięg to {top_reach} ({top})"),
    "chart_hours_finding2": ("{title}: {hours} of programme in {n} activities",
                             "{title}: program obejmuje {hours} w {n} działaniach"),
    "method_note2": ("Real figures are in {year} prices. A project's amounts are taken to be in the prices of the "
                     "year of the mid-point of its period and are deflated with Poland's annual consumer price "
                     "index (GUS, previous year = 100, {first}–{last}; {source}). Where no end date is printed, the "
                     "end lies between the start and the last day the programme's money could be spent "
                     "({windows}), so the price year and "
                     "the real cost are ranges ({n_ranged}). Without a start date there is no price year "
                     "({n_no_dates}). A cost is the total value divided by the participants; a bound in either is "
                     "a bound in the cost. Where a total is not printed but its parts are, the total is at least "
                     "their sum. A date printed as a year only gives no duration, so no cost per month.",
                     "Wartości realne podano w cenach z {year} r. Kwoty projektu traktujemy jako wyrażone w cenach "
                     "roku środka okresu realizacji i przeliczamy rocznym wskaźnikiem cen towarów i usług "
                     "konsumpcyjnych (GUS, rok poprzedni = 100, {first}–{last}; {source}). Gdy dokumenty nie podają "
                     "daty zakończenia, koniec leży między początkiem a ostatnim dniem, w którym można było wydawać "
                     "środki programu ({windows}), więc rok cen i koszt realny są przedziałami (dotyczy: "
                     "{n_ranged}). Bez daty "
                     "początku nie ma roku cen (dotyczy: {n_no_dates}). Koszt to wartość projektu podzielona przez "
                     "liczbę uczestników; granica w którejkolwiek z nich jest granicą kosztu. Gdy nie podano "
                     "wartości projektu, a podano jej części, wartość wynosi co najmniej ich sumę. Data podana "
                     "tylko jako rok nie daje czasu trwania, więc nie ma kosztu na miesiąc."),
    "programme_period": ("programming period", "okres programowania"),
    "no_eu_named": ("no EU money named", "brak środków UE w dokumentach"),
    "rank_planned": ("a target, not ranked", "cel, poza rankingiem"),
    "download_csv": ("Download this table (CSV)", "Pobierz tabelę (CSV)"),
    "chart_source": ("Source: {documents}, transcribed figures; prices of {year}.",
                     "Źródło: {documents}, dane przepisane z dokumentów; ceny z {year} r."),
    "chart_source_nominal": ("Source: {documents}, transcribed figures.",
                             "Źródło: {documents}, dane przepisane z dokumentów."),
    "alt_cost": ("Bar chart of cost per participant by kind of project. {message}",
                 "Wykres słupkowy kosztu na uczestnika według rodzaju projektu. {message}"),
    "alt_outcomes": ("Chart of outcome rates. {message}",
                     "Wykres udziału uczestników, którzy osiągnęli dany rezultat. {message}"),
    "alt_reach": ("Chart of participants per project. {message}", "Wykres liczby uczestników projektów. {message}"),
    "alt_funding": ("Stacked bars of the funding split. {message}",
                    "Słupki skumulowane struktury finansowania. {message}"),
    "alt_services": ("Chart of services. {message}", "Wykres usług. {message}"),
    "chart_reach_title": ("{total} reached in projects with results; {planned} state only targets",
                          "Objęci wsparciem w projektach z wynikami: {total}; tylko cele podaje {planned}"),
    "chart_outcome_title": ("Share of participants with each outcome", "Odsetek uczestników z danym rezultatem"),
    "chart_funding_title": ("Share of the budget by source of money", "Udział w budżecie według źródła środków"),
    "kind_of_project": ("kind of project", "rodzaj projektu"),
    "per_participant": ("per participant", "na uczestnika"),
}

# Counted nouns: CLDR plural categories (Babel) -> word. English: one / other; Polish: one / few / many / other
# (other: fractions). ``acc`` holds Polish accusative forms where they differ ("objął 1 osobę").
NOUNS: dict[str, dict[str, dict[str, str]]] = {
    "project": {"en": {"one": "project", "other": "projects"},
                "pl": {"one": "projekt", "few": "projekty", "many": "projektów", "other": "projektu"}},
    "document": {"en": {"one": "document", "other": "documents"},
                 "pl": {"one": "dokument", "few": "dokumenty", "many": "dokumentów", "other": "dokumentu"}},
    "person": {"en": {"one": "person", "other": "people"},
               "pl": {"one": "osoba", "few": "osoby", "many": "osób", "other": "osoby"}},
    "participant": {"en": {"one": "participant", "other": "participants"},
                    "pl": {"one": "uczestnik", "few": "uczestników", "many": "uczestników", "other": "uczestnika"}},
    "figure": {"en": {"one": "figure", "other": "figures"},
               "pl": {"one": "wartość", "few": "wartości", "many": "wartości", "other": "wartości"}},
    "operator": {"en": {"one": "operator", "other": "operators"},
                 "pl": {"one": "realizator", "few": "realizatorów", "many": "realizatorów", "other": "realizatora"}},
    "municipality": {"en": {"one": "municipality", "other": "municipalities"},
                     "pl": {"one": "gmina", "few": "gminy", "many": "gmin", "other": "gminy"}},
    "programme": {"en": {"one": "programme", "other": "programmes"},
                  "pl": {"one": "program", "few": "programy", "many": "programów", "other": "programu"}},
    "hour": {"en": {"one": "hour", "other": "hours"},
             "pl": {"one": "godzina", "few": "godziny", "many": "godzin", "other": "godziny"}},
    "service": {"en": {"one": "service", "other": "services"},
                "pl": {"one": "usługa", "few": "usługi", "many": "usług", "other": "usługi"}},
    "month": {"en": {"one": "month", "other": "months"},
              "pl": {"one": "miesiąc", "few": "miesiące", "many": "miesięcy", "other": "miesiąca"}},
    "row": {"en": {"one": "row", "other": "rows"},
            "pl": {"one": "wiersz", "few": "wiersze", "many": "wierszy", "other": "wiersza"}},
    "family": {"en": {"one": "family", "other": "families"},
               "pl": {"one": "rodzina", "few": "rodziny", "many": "rodzin", "other": "rodziny"}},
}

# Every choice that depends on the language, as data: which column of a table holds the names in the language,
# how a title is quoted, how lists are joined, where the currency goes, which CLDR locale formats numbers, and the
# names of the files a report offers for download. Code never compares a language code itself.
LANGUAGE_LABELS: dict[str, tuple[str, str]] = {
    "babel_locale": ("en_GB", "pl_PL"),
    "column_title": ("title_en", "title"),  # projects: the title in the language (Polish as printed)
    "column_programme_name": ("name_en", "name_pl"),  # programmes
    "column_group_title": ("group_title_en", "group_title"),  # projects: the project a phase belongs to
    "column_service": ("service_en", "service"),  # services: English reports show the gloss
    "column_item": ("item_en", "item"),  # context and figures
    "quoted": ("“{text}”", "„{text}”"),
    "and": ("and", "i"),
    "money_amount": ("PLN\u00a0{amount}", "{amount}\u00a0zł"),  # the unit before (en) or after (pl) the number
    "csv_overview_key_figures": ("overview-key-figures.csv", "przeglad-kluczowe-dane.csv"),
    "csv_comparisons_costs": ("comparisons-costs.csv", "porownania-koszty.csv"),
    "csv_profile_funding": ("{project_id}-funding.csv", "{project_id}-finansowanie.csv"),
    "csv_profile_about": ("{project_id}-about.csv", "{project_id}-o-projekcie.csv"),
    "data_filename": ("{stem}.csv", "{stem}-pl.csv"),
    "csv_separator": (",", ";"),  # Polish spreadsheets separate fields with ';' (their decimal mark is ',')
    "csv_decimal": (".", ","),
    "year_in_sentence": ("{year}", "{year} r."),
}

# Reports a manager can forward (issue 18): the three questions in every report's main points, one status
# vocabulary, the data behind every table and chart.
FORWARD_LABELS: dict[str, tuple[str, str]] = {
    "download_data": ("Download the data (CSV)", "Pobierz dane (CSV)"),
    "until_date": ("until {date}", "do {date}"),
    "outcome_panel_results": ("results reported", "osiągnięte wyniki"),
    "outcome_panel_targets": ("targets (plans, not results)", "wartości docelowe (plany, a nie wyniki)"),
    "chart_reach_title2": ("{total} reached in projects with results; {targets}",
                           "Objęci wsparciem w projektach z wynikami: {total}; {targets}"),
    "chart_funding_finding": ("Who paid, in the {n} projects with a printed part of the budget ({n_split} with the "
                              "whole split); in {at_max} the EU paid the programme's maximum, {max}",
                              "Kto finansował — projekty z podaną częścią budżetu: {n} (z pełnym podziałem: "
                              "{n_split}); w {at_max} UE pokryła najwyższy udział dopuszczony przez program ({max})"),
    "funding_programme_over": ("Summed over the projects whose whole split of the budget is printed (and whose "
                               "budget is not a plan): {projects}. The programmes' other projects are not pooled in.",
                               "Sumy obejmują tylko projekty, dla których dokumenty podają pełny podział budżetu "
                               "(i budżet nie jest planem): {projects}. Pozostałe projekty programu nie są "
                               "doliczane."),
    "projects_with_split": ("projects with the split printed (of those with a budget)",
                            "projekty z podanym podziałem (spośród projektów z budżetem)"),
    "n_of_m": ("{n} of {m}", "{n} z {m}"),
    "chart_programme_finding3": ("Who paid, by programme ({n}), over {projects} whose whole split is printed",
                                 "Kto finansował, według programu ({n}); tylko projekty z pełnym podziałem budżetu: "
                                 "{projects}"),
    "status_end_passed_no_results": ("planned to end in {end}; the documents report no results",
                                     "planowany termin zakończenia: {end}; dokumenty nie podają wyników"),
    "status_end_passed_some_results": ("planned to end in {end}; the documents report only some results",
                                       "planowany termin zakończenia: {end}; dokumenty podają tylko część wyników"),
    "mp_cost_range_n": ("In today's prices ({year}), a participant of {group} cost from {low} to {high}, median "
                        "{median} ({n} with a known cost).",
                        "W dzisiejszych cenach ({year} r.) udział jednej osoby w {group} kosztował od {low} do "
                        "{high}, mediana {median} (projekty ze znanym kosztem: {n})."),
    "group_eu_project_of": ("an EU-co-financed project", "projekcie współfinansowanym z UE"),
    "group_pfron_event_of": ("a PFRON-co-financed event", "wydarzeniu współfinansowanym z PFRON"),
    "group_grant_of": ("a project of a national or private grant", "projekcie z dotacji krajowej lub prywatnej"),
    "group_food_aid_of": ("food aid", "pomocy żywnościowej"),
    "group_unknown_of": ("a project of an unknown programme", "projekcie z nieznanego programu"),
    "mp_cost_one": ("{title} cost {cost} per participant in today's prices ({year}); no other project of its kind "
                    "has a known cost.",
                    "Udział jednej osoby w projekcie {title} kosztował {cost} w dzisiejszych cenach ({year} r.); "
                    "koszt żadnego innego projektu tego rodzaju nie jest znany."),
    "mp_cost_none_known": ("The documents do not allow a cost per participant of any of these projects.",
                           "Dokumenty nie pozwalają obliczyć kosztu na uczestnika żadnego z tych projektów."),
    "mp_eu_money": ("EU money: {amount}, {share} of the budgets of the {n} EU-co-financed projects whose EU part "
                    "is printed (of {n_eu}).",
                    "Środki UE: {amount}, czyli {share} budżetów tych projektów współfinansowanych z UE, które "
                    "podają wkład UE ({n} z {n_eu_count})."),
    "mp_eu_at_cap": ("; in {at_max} of them the EU paid the programme's maximum, {max}.",
                     "; w {at_max} z nich UE pokryła maksimum programu ({max})."),
    "mp_eu_none_split": ("How much of it was EU money is not known: none of the {n} EU-co-financed has its EU part "
                         "printed.",
                         "Nie wiadomo, ile z tego to środki UE: dokumenty nie podają wkładu UE w żadnym projekcie "
                         "współfinansowanym z UE (takich projektów: {n_count})."),
    "mp_eu_no_eu_projects": ("None of these projects is co-financed by the EU.",
                             "Żaden z tych projektów nie jest współfinansowany z UE."),
    "mp_results_count": ("The documents report results for {results} of the {n}; {targets} give only a target "
                         "number of participants.",
                         "Dokumenty podają wyniki {results} z {n_count} projektów; tylko docelową liczbę "
                         "uczestników podają dla {targets_count}."),
    "n_reach_targets_only": ("{n} give only a target number of participants",
                             "tylko docelową liczbę uczestników podają dokumenty {n_count} projektów"),
    "mp_largest_by_participants": ("By number of participants, the largest project is {title}: {participants}, "
                                   "with a budget of {total}.",
                                   "Najwięcej uczestników miał projekt {title}: {participants}, przy budżecie "
                                   "{total}."),
    "mp_p_eu_money": ("EU money: {amount}, {share} of the budget.", "Środki UE: {amount}, czyli {share} budżetu."),
    "mp_p_eu_max": ("; the programme allows at most {max}.", "; program dopuszcza najwyżej {max}."),
    "mp_p_food_aid": ("Value of the food handed out: {value} (EU food aid for the most deprived, not a project "
                      "budget).",
                      "Wartość wydanej żywności: {value} (unijna pomoc żywnościowa dla najuboższych, a nie budżet "
                      "projektu)."),
    "mp_p_outcomes_targets_only": ("Outcomes: the documents give targets only, no results.",
                                   "Rezultaty: dokumenty podają tylko wartości docelowe, bez wyników."),
    "mp_p_outcomes_none": ("Outcomes: the documents report none.", "Rezultaty: dokumenty ich nie podają."),
}

# The checks of checks.csv (clean/checks.py names them in English) as a reader of the appendix reads them, and
# their results: a failed check is described in words, in the report's language, never as a raw name.
CHECK_LABELS: dict[str, tuple[str, str]] = {
    "funding parts add up to the total": ("the parts of the funding add up to the total",
                                          "części finansowania sumują się do wartości projektu"),
    "funding parts do not exceed the total": ("the parts of the funding do not exceed the total",
                                              "części finansowania nie przekraczają wartości projektu"),
    "portfolio total equals the sum of its projects": ("a portfolio's total equals the sum of its projects",
                                                       "suma dla grupy projektów równa się sumie kwot projektów"),
    "EU share within the programme's maximum": ("the EU share is within the programme's maximum",
                                                "udział UE nie przekracza maksimum programu"),
    "external co-financing within the programme's maximum": (
        "the external co-financing is within the programme's maximum",
        "dofinansowanie zewnętrzne nie przekracza maksimum programu"),
    "women and men add up to the participants": ("women and men add up to the participants",
                                                 "kobiety i mężczyźni sumują się do liczby uczestników"),
    "subgroup does not exceed the participants": ("a subgroup is not larger than the participants",
                                                  "podgrupa nie jest liczniejsza niż uczestnicy"),
    "outcome does not exceed those who completed": ("an outcome is not larger than those who completed",
                                                    "rezultat nie przekracza liczby osób, które ukończyły udział"),
    "area shares add up to 100%": ("the shares of the areas add up to 100%", "udziały obszarów sumują się do 100%"),
    "end date not before start date": ("the end date is not before the start date",
                                       "data zakończenia nie jest wcześniejsza niż data rozpoczęcia"),
    "phases of a project do not overlap": ("the phases of a project do not overlap",
                                           "etapy projektu nie nakładają się"),
    "a fact stated twice agrees with itself": ("a fact stated twice is stated the same way",
                                               "fakt podany dwukrotnie jest podany tak samo"),
    "a bound is never used as exact": ("a bound is never used as an exact figure",
                                       "granica nigdy nie jest traktowana jak dokładna wartość"),
    "programme codes agree (axis, measure, sub-measure)": (
        "the programme codes agree (axis, measure, sub-measure)",
        "kody programu są zgodne (oś, działanie, poddziałanie)"),
    "number of projects matches the projects listed": ("the number of projects matches the projects listed",
                                                       "liczba projektów zgadza się z wymienionymi projektami"),
    "a printed share agrees with the amounts": ("a printed share agrees with the amounts",
                                                "podany udział zgadza się z kwotami"),
    "a printed duration agrees with the dates": ("a printed duration agrees with the dates",
                                                 "podany czas trwania zgadza się z datami"),
    "known discrepancy still recorded": ("a recorded discrepancy that no longer occurs",
                                         "zapisana rozbieżność, która już nie występuje"),
}
CHECK_RESULT_LABELS: dict[str, tuple[str, str]] = {
    "check_pass": ("holds", "spełniony"),
    "check_fail": ("does not hold", "niespełniony"),
    "check_not_verifiable": ("cannot be verified: the documents do not give enough",
                             "nie da się sprawdzić: dokumenty nie podają dość danych"),
    "column_check": ("check", "sprawdzenie"),
    "column_subject": ("what is checked", "czego dotyczy"),
    "column_result": ("result", "wynik"),
    "column_detail": ("detail (as computed)", "szczegóły (w brzmieniu obliczenia, po angielsku)"),
}

# The glossary page (report/glossary.py): a term and what it counts, in each language, in this order.
GLOSSARY_TERMS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "cost_per_participant": (
        ("Cost per participant", "Koszt na uczestnika"),
        ("The project's total value divided by its number of participants. Where either is a bound ('at least "
         "60 participants'), so is the cost ('at most 13,005.49 zł'); it is never computed per recipient of aid.",
         "Wartość projektu podzielona przez liczbę uczestników. Gdy któraś z tych liczb jest granicą („co "
         "najmniej 60 uczestników”), granicą jest też koszt („co najwyżej 13 005,49 zł”); nie liczy się go na "
         "odbiorcę pomocy.")),
    "real_prices": (
        ("Today's prices (constant prices)", "Dzisiejsze ceny (ceny stałe)"),
        ("An amount converted with the consumer price index (GUS) from the prices of the project's last year to "
         "those of the base year, so that projects of different years can be compared. Where the end year is not "
         "printed, every year the project could have ended in is tried and the result is a range.",
         "Kwota przeliczona wskaźnikiem cen towarów i usług konsumpcyjnych (GUS) z cen ostatniego roku projektu "
         "na ceny roku bazowego, aby porównywać projekty z różnych lat. Gdy rok zakończenia nie jest podany, "
         "sprawdzany jest każdy możliwy rok i wynikiem jest przedział.")),
    "total_value": (
        ("Total value (budget)", "Wartość projektu (budżet)"),
        ("All the money of a project as its document prints it (wartość projektu): EU money, state-budget "
         "subsidy and own contribution together.",
         "Wszystkie środki projektu w brzmieniu dokumentu: środki UE, dotacja celowa z budżetu państwa i wkład "
         "własny łącznie.")),
    "eu_share": (
        ("EU share", "Udział UE"),
        ("EU money as a share of the total value, where both are printed; a programme sets its maximum (85% in "
         "most regional programmes 2014–2020).",
         "Środki UE jako część wartości projektu, gdy dokumenty podają obie kwoty; program określa najwyższy "
         "dopuszczalny udział (w większości programów regionalnych 2014–2020: 85%).")),
    "state_subsidy": (
        ("State-budget subsidy (dotacja celowa)", "Dotacja celowa"),
        ("Money of the national budget that completes the EU co-financing.",
         "Środki budżetu państwa uzupełniające współfinansowanie z UE.")),
    "own_contribution": (
        ("Own contribution (wkład własny)", "Wkład własny"),
        ("The part the beneficiary (the centre or its municipality) pays itself, in money or in kind.",
         "Część, którą beneficjent (ośrodek lub gmina) pokrywa sam, w pieniądzu lub w naturze.")),
    "participants": (
        ("Participants", "Uczestnicy"),
        ("People (or families) who took part in a project, as the document counts them; people around them "
         "(otoczenie) and recipients of aid are counted apart.",
         "Osoby (lub rodziny) biorące udział w projekcie, tak jak liczy je dokument; otoczenie uczestników i "
         "odbiorców pomocy liczy się osobno.")),
    "recipients": (
        ("Aid recipients", "Odbiorcy pomocy"),
        ("People who received aid (e.g. EU food aid) without being participants of a programme: a project's reach, "
         "never the denominator of a cost per participant.",
         "Osoby, które otrzymały pomoc (np. unijną pomoc żywnościową), nie będąc uczestnikami programu: zasięg "
         "projektu, nigdy mianownik kosztu na uczestnika.")),
    "outcome_rate": (
        ("Outcome and its denominator", "Rezultat i jego mianownik"),
        ("A count of people with a result (found work, gained a qualification) and the group it is a share of — "
         "all participants, or those who completed — always named beside the percentage.",
         "Liczba osób z danym rezultatem (podjęcie pracy, uzyskanie kwalifikacji) i grupa, której jest częścią — "
         "wszyscy uczestnicy albo ci, którzy ukończyli udział — zawsze podana obok odsetka.")),
    "qualifiers": (
        ("Qualifiers: at least, at most, about, more than", "Określenia: co najmniej, co najwyżej, około, ponad"),
        ("Kept as the document prints them ('min. 60', 'prawie 2 mln zł') and carried into every ratio: a bound is "
         "shown as a bound (≥, ≤), an approximate figure with ≈.",
         "Zachowane tak, jak podaje je dokument („min. 60”, „prawie 2 mln zł”), i przenoszone do każdego "
         "wskaźnika: granica pozostaje granicą (≥, ≤), wartość przybliżona ma znak ≈.")),
    "planned_achieved": (
        ("Planned, achieved, stated", "Planowany, osiągnięty, podany"),
        ("A target is planned; a result is achieved; a figure the document gives without saying which is stated. "
         "A plan never reads as a result.",
         "Wartość docelowa jest planowana; wynik jest osiągnięty; liczba, o której dokument nie mówi, czym "
         "jest, jest podana. Plan nigdy nie jest przedstawiany jako wynik.")),
    "status_end_passed": (
        ("Planned end passed", "Minął planowany termin zakończenia"),
        ("A project the documents describe only as planned or ongoing whose planned end date is before the date of "
         "the data: what happened is not known from them.",
         "Projekt opisany w dokumentach tylko jako planowany lub realizowany, którego planowany termin "
         "zakończenia już minął: dokumenty nie mówią, co się stało.")),
    "centres": (
        ("MOPS, MGOPS, GOPS, MOPR, OPS, PCPR", "MOPS, MGOPS, GOPS, MOPR, OPS, PCPR"),
        ("Social welfare centres of a town (MOPS, MOPR), a town-and-country or rural municipality (MGOPS, GOPS, "
         "OPS) and county family support centres (PCPR).",
         "Ośrodki pomocy społecznej miast (MOPS, MOPR), gmin miejsko-wiejskich i wiejskich (MGOPS, GOPS, OPS) "
         "oraz powiatowe centra pomocy rodzinie (PCPR).")),
    "programmes": (
        ("PO KL, RPO, PO WER, PFRON, PEAD", "PO KL, RPO, PO WER, PFRON, PEAD"),
        ("Human Capital OP 2007–2013; regional operational programmes 2014–2020; Knowledge Education Development "
         "OP 2014–2020; State Fund for Rehabilitation of Disabled Persons; EU food aid for the most deprived.",
         "Program Operacyjny Kapitał Ludzki 2007–2013; regionalne programy operacyjne 2014–2020; Program "
         "Operacyjny Wiedza Edukacja Rozwój 2014–2020; Państwowy Fundusz Rehabilitacji Osób "
         "Niepełnosprawnych; unijny program pomocy żywnościowej dla najuboższych.")),
    "data_version": (
        ("Data version", "Wersja danych"),
        ("A fingerprint of every transcribed figure and quote (data/raw): two reports with the same version were "
         "made from the same data.",
         "Skrót wszystkich przepisanych liczb i cytatów (data/raw): dwa raporty o tej samej wersji powstały z "
         "tych samych danych.")),
}
GLOSSARY = tuple(GLOSSARY_TERMS)
GLOSSARY_LABELS: dict[str, tuple[str, str]] = {
    "title_glossary": ("Glossary", "Słowniczek"),
    "glossary_intro": ("The terms the reports use, and what each figure counts.",
                       "Pojęcia używane w raportach i to, co liczy każda liczba."),
    **{f"{k}_term": term for k, (term, _) in GLOSSARY_TERMS.items()},
    **{f"{k}_def": definition for k, (_, definition) in GLOSSARY_TERMS.items()},
}


def _forms(en_one: str, en_other: str, pl_one: str, pl_few: str, pl_many: str, pl_other: str) -> dict:
    return {"en": {"one": en_one, "other": en_other},
            "pl": {"one": pl_one, "few": pl_few, "many": pl_many, "other": pl_other}}


# The unit of a count, as the noun after the number (CLDR plural forms): '1 osoba', '2 osoby', '5 osób', '22 osoby',
# '1,5 godziny'. A table cell holds the count with its noun; a unit that is no noun (money, percent, dates, codes)
# has none here.
UNIT_NOUNS: dict[str, dict[str, dict[str, str]]] = {
    "unit_persons": _forms("person", "persons", "osoba", "osoby", "osób", "osoby"),
    "unit_recipients": _forms("aid recipient", "aid recipients", "odbiorca pomocy", "odbiorcy pomocy",
                              "odbiorców pomocy", "odbiorcy pomocy"),
    "unit_families": _forms("family", "families", "rodzina", "rodziny", "rodzin", "rodziny"),
    "unit_persons_or_families": _forms("person or family", "persons or families", "osoba lub rodzina",
                                       "osoby lub rodziny", "osób lub rodzin", "osoby lub rodziny"),
    "unit_projects": _forms("project", "projects", "projekt", "projekty", "projektów", "projektu"),
    "unit_rooms": _forms("room", "rooms", "pomieszczenie", "pomieszczenia", "pomieszczeń", "pomieszczenia"),
    "unit_places": _forms("place", "places", "miejsce", "miejsca", "miejsc", "miejsca"),
    "unit_meetings": _forms("meeting", "meetings", "spotkanie", "spotkania", "spotkań", "spotkania"),
    "unit_trips": _forms("trip", "trips", "wycieczka", "wycieczki", "wycieczek", "wycieczki"),
    "unit_groups": _forms("group", "groups", "grupa", "grupy", "grup", "grupy"),
    "unit_programmes": _forms("programme", "programmes", "program", "programy", "programów", "programu"),
    "unit_districts": _forms("district", "districts", "dzielnica", "dzielnice", "dzielnic", "dzielnicy"),
    "unit_counties": _forms("county", "counties", "powiat", "powiaty", "powiatów", "powiatu"),
    "unit_municipalities": _forms("municipality", "municipalities", "gmina", "gminy", "gmin", "gminy"),
    "unit_village_councils": _forms("village council", "village councils", "sołectwo", "sołectwa", "sołectw",
                                    "sołectwa"),
    "unit_voivodeships": _forms("voivodeship", "voivodeships", "województwo", "województwa", "województw",
                                "województwa"),
    "unit_thousand_persons": _forms("thousand persons", "thousand persons", "tys. osób", "tys. osób", "tys. osób",
                                    "tys. osób"),
    "unit_hours": _forms("hour", "hours", "godzina", "godziny", "godzin", "godziny"),
    "unit_days": _forms("day", "days", "dzień", "dni", "dni", "dnia"),
    "unit_weeks": _forms("week", "weeks", "tydzień", "tygodnie", "tygodni", "tygodnia"),
    "unit_months": _forms("month", "months", "miesiąc", "miesiące", "miesięcy", "miesiąca"),
    "unit_years": _forms("year", "years", "rok", "lata", "lat", "roku"),
    "unit_age_years": _forms("year of age", "years of age", "rok życia", "lata", "lat", "roku"),
    "unit_times_per_week": _forms("time a week", "times a week", "raz w tygodniu", "razy w tygodniu",
                                  "razy w tygodniu", "razy w tygodniu"),
    "unit_times_per_two_weeks": _forms("time in two weeks", "times in two weeks", "raz na dwa tygodnie",
                                       "razy na dwa tygodnie", "razy na dwa tygodnie", "razy na dwa tygodnie"),
    "unit_times_per_month": _forms("time a month", "times a month", "raz w miesiącu", "razy w miesiącu",
                                   "razy w miesiącu", "razy w miesiącu"),
}
NOUNS.update(UNIT_NOUNS)

# The evaluator's words: kinds of support, rules, their outcomes and reasons, named denominators, and what the
# documents cannot tell (analysis.report.evaluation).
EVALUATOR_LABELS: dict[str, tuple[str, str]] = {
    "outcome_completed_goals": ("completed having reached their goals", "ukończyli, osiągając założone cele"),
    "m_finished_by_date": ("described as finished by", "opisany jako zakończony do"),
    "outcome_employment_efficiency": ("employment efficiency (as reported)", "efektywność zatrudnieniowa (podana)"),
    "outcome_social_efficiency": ("social efficiency (as reported)", "efektywność społeczna (podana)"),
    "kind_activation": ("activation (active integration)", "aktywizacja (aktywna integracja)"),
    "kind_social_services": ("social services", "usługi społeczne"),
    "kind_model_building": ("organisational or model-building work", "prace organizacyjne lub modelowe"),
    "kind_events": ("one-off events", "wydarzenia jednorazowe"),
    "kind_grants": ("small grant projects", "małe projekty z dotacji"),
    "kind_food_aid": ("food aid", "pomoc żywnościowa"),
    "kind_mixed": ("several kinds", "kilka rodzajów"),
    "kind_unknown": ("not known", "nieokreślony"),
    "kind_activation_adj": ("activation", "aktywizacyjnym"),
    "kind_social_services_adj": ("social-services", "usług społecznych"),
    "kind_model_building_adj": ("model-building", "organizacyjnym lub modelowym"),
    "kind_events_adj": ("one-off event", "jednorazowym"),
    "kind_grants_adj": ("grant", "grantowym"),
    "kind_food_aid_adj": ("food-aid", "pomocy żywnościowej"),
    "kind_mixed_adj": ("mixed", "mieszanym"),
    "kind_unknown_adj": ("unclassified", "nieokreślonego rodzaju"),
    "peer_eu_of": ("an EU-co-financed {kind} project of {period}", "projekcie {kind} współfinansowanym z UE "
                   "(okres {period})"),
    "unknown_period": ("an unknown period", "nieznany"),
    "support_kind": ("kind of support", "rodzaj wsparcia"),
    "voivodeship": ("voivodeship", "województwo"),
    "topic_social_efficiency_min": ("social efficiency, minimum", "efektywność społeczna, minimum"),
    "topic_employment_efficiency_min": ("employment efficiency, minimum", "efektywność zatrudnieniowa, minimum"),
    "topic_social_employment_efficiency_min": ("social and employment efficiency together, minimum",
                                               "efektywność społeczno-zatrudnieniowa łącznie, minimum"),
    "topic_employment_efficiency_counts": ("employment efficiency: who is counted",
                                           "efektywność zatrudnieniowa: kogo się liczy"),
    "topic_employment_efficiency_timing": ("employment efficiency: when it is measured",
                                           "efektywność zatrudnieniowa: kiedy się mierzy"),
    "topic_efficiency_measured_in": ("efficiency criteria: which projects are measured",
                                     "kryteria efektywności: które projekty się mierzy"),
    "topic_efficiency_form": ("efficiency criteria: their form", "kryteria efektywności: ich forma"),
    "topic_max_eu_share": ("EU share, maximum", "udział UE, maksimum"),
    "topic_max_cofinancing_share": ("co-financing share, maximum", "udział dofinansowania, maksimum"),
    "target_general": ("people at risk of poverty or social exclusion", "osoby zagrożone ubóstwem lub "
                       "wykluczeniem społecznym"),
    "target_severe_disability": ("people with a severe, intellectual or multiple disability",
                                 "osoby ze znacznym stopniem niepełnosprawności, intelektualną lub sprzężoną"),
    "rule_outcome_within": ("within the rule", "zgodnie z zasadą"),
    "rule_outcome_outside": ("outside the rule", "poza zasadą"),
    "rule_outcome_cannot_be_judged": ("cannot be judged", "nie da się ocenić"),
    "rule_outcome_other_scope": ("another scope: for comparison only", "inny zakres: tylko do porównania"),
    "rule_outcome_not_applicable": ("does not apply", "nie dotyczy"),
    "reason_other_region": ("another region's rule", "zasada innego województwa"),
    "reason_other_period": ("another programming period", "inny okres programowania"),
    "reason_other_measure": ("another measure", "inne działanie"),
    "reason_other_call": ("set for one call", "ustalona dla jednego konkursu"),
    "reason_other_dates": ("dated after the project's start", "obowiązuje od daty po rozpoczęciu projektu"),
    "reason_programme_not_named": ("the project's programme is not named", "program projektu nie jest podany"),
    "reason_denominator_unknown": ("the documents do not say how many were unemployed or inactive at entry",
                                   "dokumenty nie podają, ile osób było bezrobotnych lub biernych zawodowo "
                                   "na starcie"),
    "reason_timing_unknown": ("nor when employment was measured", "ani kiedy mierzono zatrudnienie"),
    "reason_separator": (", ", ", "),
    "reason_no_outcome_printed": ("the documents print no such outcome", "dokumenty nie podają takiego rezultatu"),
    "reason_split_not_printed": ("the split of the money is not printed", "podział środków nie jest podany"),
    "reason_eu_may_include_state_budget": ("the EU money as printed may include the state budget: an upper bound "
                                           "of the EU share",
                                           "środki UE w tej kwocie mogą obejmować budżet państwa: udział UE "
                                           "najwyżej tyle"),
    "reason_not_activation": ("the criteria measure active-integration projects only",
                              "kryteria mierzy się tylko w projektach aktywnej integracji"),
    "den_participants_total": ("participants", "uczestników"),
    "den_outcome_completed": ("who completed", "kończących udział"),
    "den_outcome_completed_goals": ("who completed having reached their goals", "kończących z osiągnięciem celów"),
    "den_criterion": ("counted by the criterion", "liczonych przez kryterium"),
    "den_funding_total": ("total value", "wartość projektu"),
    "num_outcome_employed": ("found work", "podjęli pracę"),
    "num_outcome_employment_efficiency": ("the employment efficiency reported", "podana efektywność zatrudnieniowa"),
    "num_outcome_social_efficiency": ("the social efficiency reported", "podana efektywność społeczna"),
    "num_funding_eu": ("EU money", "środki UE"),
    "num_funding_external": ("co-financing", "dofinansowanie"),
    "rate_of_n": ("{rate} of {n} {den}", "{rate} z {n} {den}"),
    "sec_rules": ("Rules and efficiency", "Zasady i efektywność"),
    "sec_limits": ("What the documents cannot tell", "Czego dokumenty nie mówią"),
    "sec_rules_table": ("Reference rules", "Zasady odniesienia"),
    "sec_rule_checks": ("Projects against the rules", "Projekty wobec zasad"),
    "column_rule": ("rule", "zasada"),
    "column_rule_value": ("minimum or maximum", "minimum lub maksimum"),
    "column_project_value": ("the project (as the documents permit)", "projekt (na ile pozwalają dokumenty)"),
    "column_outcome": ("result", "wynik"),
    "column_scope": ("scope", "zakres"),
    "column_value_as_printed": ("as printed", "w brzmieniu"),
    "rules_intro": ("Each rule is shown with its scope; only a rule whose programme, region, measure and dates "
                    "cover the project binds it. A rule of another scope is shown for comparison, never as "
                    "binding.",
                    "Każda zasada ma swój zakres; wiąże projekt tylko ta, której program, województwo, działanie i "
                    "daty go obejmują. Zasada o innym zakresie jest pokazana do porównania, nigdy jako wiążąca."),
    "rules_none": ("No rule of the table concerns this project's funder.",
                   "Żadna zasada tabeli nie dotyczy źródła finansowania tego projektu."),
    "rules_not_applicable": ("The efficiency criteria do not apply to it: they measure projects of active "
                             "integration only (investment priority 9i), and its support is {kind}.",
                             "Kryteria efektywności go nie dotyczą: mierzy się je tylko w projektach aktywnej "
                             "integracji (priorytet inwestycyjny 9i), a jego wsparcie to: {kind}."),
    "all_regions": ("every region", "wszystkie województwa"),
    "scope_call": ("call {call}", "konkurs {call}"),
    "scope_from": ("from {date}", "od {date}"),
    "programme_cap": ("its programme's cap", "limit programu"),
    "limit_no_comparison": ("There is no comparison group: what would have happened without the project is not "
                            "known, so no net effect can be computed.",
                            "Brak grupy porównawczej: nie wiadomo, co stałoby się bez projektu, więc nie da się "
                            "policzyć efektu netto."),
    "limit_employment": ("“Found work” corresponds to the ESF common result indicator CR04 (counted within four "
                         "weeks of leaving); the employment criterion counts up to three months after. The "
                         "documents say neither when employment was measured nor how many participants were "
                         "unemployed or inactive at entry.",
                         "„Podjęli pracę” odpowiada wspólnemu wskaźnikowi rezultatu EFS CR04 (liczonemu do "
                         "czterech tygodni po zakończeniu udziału); kryterium efektywności zatrudnieniowej liczy "
                         "do trzech miesięcy. Dokumenty nie podają ani terminu pomiaru, ani liczby osób "
                         "bezrobotnych lub biernych zawodowo na starcie."),
    "limit_completed_goals": ("The {n} are those who completed having reached their goals, as the document calls "
                              "them; how many completed in all is not printed.",
                              "{n} to osoby, które ukończyły udział, osiągając założone cele (słowa dokumentu); "
                              "ilu uczestników ukończyło udział w ogóle, nie podano."),
    "limit_overlap": ("The services' reach adds up to {reach} against {n} participants: people used several "
                      "services, so a reach is not a count of different persons.",
                      "Zasięg usług sumuje się do {reach} przy {n} uczestnikach: te same osoby korzystały z kilku "
                      "usług, więc zasięg nie jest liczbą różnych osób."),
    "limit_series": ("One sum for {years} years of editions: {n} may count participations (a person once per "
                     "edition), not persons, and the split by year is not printed; a cost per participant per "
                     "year is {per_year}.",
                     "Jedna kwota na {years} lat edycji: {n} może liczyć udziały (osobę raz na edycję), a nie "
                     "osoby, a podziału na lata nie podano; koszt na uczestnika na rok to {per_year}."),
    "limit_operator_part": ("The figures are one partner's part of a partnership: the whole project's money and "
                            "reach are not printed.",
                            "Dane dotyczą części jednego partnera w projekcie partnerskim: środków i zasięgu "
                            "całego projektu nie podano."),
    "limit_eu_state": ("The document does not separate EU and state-budget money: the “EU co-financing as "
                       "printed” may include the state budget's part, so it is not checked against the EU-only "
                       "cap as if it were EU money alone.",
                       "Dokument nie oddziela środków UE od budżetu państwa: „dofinansowanie UE w brzmieniu "
                       "dokumentu” może obejmować część z budżetu państwa, więc nie jest sprawdzane wobec limitu "
                       "samych środków UE tak, jakby nim było."),
    "limit_finished_by": ("No end date is printed; a page dated {date} ({publisher}) describes the project as "
                          "finished, which bounds its end and its price years.",
                          "Data zakończenia nie jest podana; strona z {date} r. ({publisher}) opisuje projekt jako "
                          "zakończony, co ogranicza datę końca i lata cen."),
    "limit_targets_only": ("Only targets are printed: whether they were reached is not known.",
                           "Podano tylko cele: czy je osiągnięto, nie wiadomo."),
    "attainment_line": ("{what}: {achieved} achieved against {planned} planned ({share} of the target).",
                        "{what}: osiągnięto {achieved} wobec planowanych {planned} ({share} celu)."),
    "shares_line": ("Among the {n} participants: {items}.", "Wśród {n} uczestników: {items}."),
    "share_women": ("women {share}", "kobiety {share}"),
    "share_disabled": ("people with disabilities {share}", "osoby z niepełnosprawnościami {share}"),
    "mp_employed_completers": ("; of the {base} {den}, {rate}", "; spośród {base} {den}: {rate}"),
    "mp_eu_as_printed_n": ("; {n} of them may count state-budget money as EU money: at most this.",
                           "; w {n} z nich kwota UE może obejmować budżet państwa: najwyżej tyle."),
    "mp_p_eu_as_printed": ("EU co-financing as printed (may include the state budget): {amount}, {share} of the "
                           "budget.",
                           "Dofinansowanie UE w brzmieniu dokumentu (może obejmować budżet państwa): {amount}, "
                           "czyli {share} budżetu."),
}

_SECTIONS = (QUALIFIER_LABELS, STATUS_LABELS, SOURCE_TYPE_LABELS, HEADING_LABELS,
             REPORT_LABELS, TEXT_LABELS, LANGUAGE_LABELS, FORWARD_LABELS, GLOSSARY_LABELS, EVALUATOR_LABELS,
             {f"check:{k}": v for k, v in CHECK_LABELS.items()}, CHECK_RESULT_LABELS)


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
    if key not in LABELS:
        raise KeyError(f"no label for {key!r}; add it to analysis.report.labels "
                       f"(known keys: {', '.join(sorted(LABELS))})")
    try:
        template = LABELS[key][lang]
    except KeyError:
        check_lang(lang)  # names the languages reports are written in
        raise
    try:
        return template.format(**fields)
    except KeyError as missing:  # a placeholder left unfilled would print '{year}' in a report
        raise KeyError(f"label {key!r} needs the field {missing.args[0]!r}, e.g. label({key!r}, {lang!r}, "
                       f"{missing.args[0]}=...)") from None


def quoted(text: object, lang: str) -> str:
    """``text`` in the quotation marks of ``lang``: “…” (en), „…” (pl).

    >>> quoted("Włącz się!", "pl")
    '„Włącz się!”'
    """
    return label("quoted", lang, text=text)


__all__ = ["GLOSSARY", "LANGS", "LABELS", "NOUNS", "UNIT_NOUNS", "label", "check_lang", "quoted"]
