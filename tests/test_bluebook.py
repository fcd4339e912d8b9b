"""kb.bluebook: citations of the bundled store's authorities as the Bluebook writes them."""

from __future__ import annotations

import pytest

from kb.bluebook import (
    authority_citation,
    bluebook_date,
    markdown_citation,
    opinion_citation,
    order_citations,
    pin_groups,
    pin_list,
    pin_text,
)
from kb.query import list_opinions, table_of_authorities


@pytest.fixture(scope="module")
def flores(store):
    return {a["key"]: a for a in table_of_authorities(store, "flores-albarran-v-wong")["authorities"]}


def test_a_supreme_court_case_has_its_parallels_in_rule_10_3_1_order_and_no_court(flores):
    iqbal = flores["556 U.S. 662"]
    # Whatever order the store holds them in, U.S. comes first, then S. Ct., then L. Ed.
    text = authority_citation("case", "129 S. Ct. 1937", iqbal["name"], iqbal["citations"][::-1], "U.S.", 2009)
    assert text == "Ashcroft v. Iqbal, 556 U.S. 662, 129 S. Ct. 1937, 173 L. Ed. 2d 868 (2009)"
    assert iqbal["citation"] == text


def test_pins_in_two_reporters_are_labelled_by_reporter(flores):
    iqbal = flores["556 U.S. 662"]
    groups = [(p["citation"], p["pins"]) for p in iqbal["pins"]]
    assert pin_text(groups) == "556 U.S. at 678; 129 S. Ct. at 1949, 1949–50"
    assert pin_list(groups) == iqbal["pin_cites"] == ["556 U.S. at 678", "129 S. Ct. at 1949", "129 S. Ct. at 1949–50"]


def test_a_pin_before_the_first_page_is_dropped_and_ranges_take_an_en_dash():
    groups = pin_groups([("280 F.3d", "787-88"), (None, "78"), (None, "787-88")], ["280 F.3d 786"])
    assert groups == [("280 F.3d 786", ["787–88"])]


def test_a_statute_is_cited_by_its_key_and_a_pin_repeating_it_is_dropped(flores):
    statute = flores["8 U.S.C. § 1252(g)"]
    assert authority_citation("statute", statute["key"], None, statute["citations"], None, None) == "8 U.S.C. § 1252(g)"
    assert pin_groups([(None, "§ 1252(g)")], [], kind="statute", key="8 U.S.C. § 1252(g)") == []


def test_an_unreported_opinion_is_cited_by_docket_and_exact_date_rule_10_8_1(store):
    rows = {o["stem"]: o for o in list_opinions(store)}
    arango, flores = rows["arango-v-usa-immigration"], rows["flores-albarran-v-wong"]
    cite = opinion_citation(arango["case_name"], arango["citations"], arango["court"], arango["date"], arango["docket"])
    assert cite == "Arango v. USA Immigration, No. 3:08CV1004 (MRK) (D. Conn. Oct. 17, 2008)"
    cite = opinion_citation(flores["case_name"], flores["citations"], flores["court"], flores["date"], flores["docket"])
    assert cite == "Flores Albarran v. Wong, 157 F. Supp. 3d 779 (N.D. Ill. 2016)"


@pytest.mark.parametrize(
    ("printed", "bluebook"),
    [("September 4, 2018", "Sept. 4, 2018"), ("Jun. 24, 1987", "June 24, 1987"), ("April 22,  1994", "Apr. 22, 1994")],
)
def test_months_are_abbreviated_as_table_t12_does(printed, bluebook):
    assert bluebook_date(printed) == bluebook


def test_electronic_database_citations_go_after_reporters():
    assert order_citations("2003 WL 1860517", ["2003 WL 1860517", "278 F.3d 718"]) == [
        "278 F.3d 718",
        "2003 WL 1860517",
    ]


def test_markdown_italicises_only_the_case_name_and_escapes_the_rest(flores):
    bonilla = next(a for a in flores.values() if (a["name"] or "").startswith("Bonilla"))
    md = markdown_citation(bonilla["citation"], bonilla["name"], "case")
    assert md == "*Bonilla v. U.S. Dep't Homeland Sec., Dist. Dir*, 2003 WL 1860517 (N.D. Ill. 2003)"
    hostile = markdown_citation("<b>X</b> v. *Y*, 1 F.3d 1", "<b>X</b> v. *Y*", "case")
    assert hostile == "*&lt;b&gt;X&lt;/b&gt; v. \\*Y\\**, 1 F.3d 1"
