"""The key table as a downloadable CSV: the data survives the round trip, formulas do not run."""

from __future__ import annotations

import base64
import csv
import io

import pandas as pd
import pytest

from analysis.core.csvsafe import neutralise_cell
from analysis.report.download import csv_download, csv_text

# Payloads from the OWASP CSV-injection page: each would run in a spreadsheet if written as it is.
PAYLOADS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1", "\r=1+1"]


def _rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def _decoded(link) -> str:
    prefix = "data:text/csv;charset=utf-8;base64,"
    assert link.data_uri.startswith(prefix)
    return base64.b64decode(link.data_uri[len(prefix):]).decode("utf-8")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_cell_that_starts_a_formula_is_prefixed_with_a_quote(payload):
    assert neutralise_cell(payload) == "'" + payload


@pytest.mark.parametrize("text", ["Włącz się!", "4 800 000,00 zł", "co najmniej 60", "a=b", "", "'quoted"])
def test_ordinary_text_is_unchanged(text):
    assert neutralise_cell(text) == text


def test_csv_neutralises_text_cells_and_headers_but_keeps_numbers():
    df = pd.DataFrame({
        "project": ["Włącz się!", *PAYLOADS],
        "value_pln": [4_800_000.0, -1.5, None, 2.0, 3.0, 4.0, 5.0],  # a negative amount is a number, not a formula
        "=cmd": ["x"] * 7,
    })
    rows = _rows(csv_text(df))
    assert rows[0] == ["project", "value_pln", "'=cmd"]
    assert [r[0] for r in rows[1:]] == ["Włącz się!", *("'" + p for p in PAYLOADS)]
    assert [r[1] for r in rows[1:3]] == ["4800000.0", "-1.5"]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row[::2])


def test_nullable_string_columns_are_neutralised_too():
    df = pd.DataFrame({"name": pd.array(["=1+1", None], dtype="string")})
    assert [r for r in _rows(csv_text(df))][1:] == [["'=1+1"], [""]]


def test_download_link_holds_the_whole_table_and_is_escaped():
    df = pd.DataFrame({"title": ['<b>"Kooperacje 3D"</b>', "Włącz się!"], "participants": [60, 839]})
    link = csv_download(df, "overview-key-table.csv", "Download the data (CSV) <all columns>")
    assert pd.read_csv(io.StringIO(_decoded(link).lstrip("\ufeff"))).equals(df)
    markup = link._repr_html_()
    assert 'download="overview-key-table.csv"' in markup
    assert "Download the data (CSV) &lt;all columns&gt;</a>" in markup
    assert "<b>" not in markup  # the data is base64 inside the link, never markup
    assert str(link) == link.html == link._repr_markdown_()


@pytest.mark.parametrize("name", ["../etc/passwd.csv", "data.xlsx", "", "a b.csv", '".csv', "-x.csv"])
def test_bad_filenames_are_refused(name):
    with pytest.raises(ValueError, match="filename"):
        csv_download(pd.DataFrame({"a": [1]}), name, "Download")


def test_an_empty_label_is_refused():
    with pytest.raises(ValueError, match="label"):
        csv_download(pd.DataFrame({"a": [1]}), "a.csv", " ")


def test_technical_appendix_is_collapsed_and_escapes_text():
    from IPython.display import HTML

    from analysis.report.appendix import technical_appendix

    shown = technical_appendix("Figure ids <technical>", "wiecbork-kis-prezentacja:053 <b>", HTML("<table></table>"))
    markup = shown._repr_html_()
    assert markup.startswith('<details class="report-appendix">') and " open" not in markup.split(">", 1)[0]
    assert "<summary>Figure ids &lt;technical&gt;</summary>" in markup
    assert "<p>wiecbork-kis-prezentacja:053 &lt;b&gt;</p>" in markup and "<table></table>" in markup
    with pytest.raises(ValueError, match="summary"):
        technical_appendix("", "x")
    with pytest.raises(TypeError, match="expected text"):
        technical_appendix("ids", 53)
