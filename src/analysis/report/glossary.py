"""The glossary page: the terms every report uses, each with what it counts, in the report's language.

The terms are those of the data dictionary (``docs/data_dictionary.md``) a reader meets in a report: qualifiers,
statuses, the money and its sources, the people counted, prices and the kinds of centre and programme. The page
reads no data (``reads_data: false`` in notebooks/reports.yml): a data change does not rebuild it.
"""

from __future__ import annotations

import html

from analysis.report.labels import GLOSSARY, LABELS, check_lang, label


def entries(lang: str) -> list[tuple[str, str, str]]:
    """(anchor, term, definition) in ``lang``, in the glossary's order.

    >>> entries("pl")[0][:2]
    ('cost_per_participant', 'Koszt na uczestnika')
    """
    check_lang(lang)
    return [(key, LABELS[f"{key}_term"][lang], LABELS[f"{key}_def"][lang]) for key in GLOSSARY]


def page_markdown(lang: str) -> str:
    """The page's title and introduction."""
    return f"# {label('title_glossary', lang)}\n\n{label('glossary_intro', lang)}"


def terms_html(lang: str) -> str:
    """The glossary as a definition list, escaped; each term's anchor is its key (glossary.html#eu_share)."""
    e = html.escape
    rows = "\n".join(f'<dt id="{e(key)}">{e(term)}</dt><dd>{e(definition)}</dd>'
                     for key, term, definition in entries(lang))
    return f'<dl class="report-glossary">\n{rows}\n</dl>'


def show(lang: str) -> None:
    """Display the page (title, introduction, terms) in a notebook."""
    from IPython.display import HTML, Markdown, display

    display(Markdown(page_markdown(lang)))
    display(HTML(terms_html(lang)))
