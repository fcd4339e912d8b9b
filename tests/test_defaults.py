"""kb.analysis.defaults: what an opinion's bare provisions refer to, read from real opinions."""

from __future__ import annotations

import pytest

from kb.analysis.clean import clean_text
from kb.analysis.defaults import opinion_context
from kb.analysis.extract import extract_citations
from kb.load import load_document

from .conftest import CORPUS, ROOT


def context_of(path):
    doc = load_document(path)
    clean = clean_text(doc.text)
    return opinion_context(extract_citations(clean), clean.text, doc.meta)


def test_a_california_opinion_says_which_code_its_bare_sections_are():
    # "All further statutory references are to the Welfare and Institutions Code"
    path = CORPUS / "cl2-1037401-in-re-robert-m.txt"
    if not path.exists():
        pytest.skip("the shared corpus is not here")
    context = context_of(path)
    assert (context.state, context.federal, context.code) == ("ca", False, "Cal. Welf. & Inst. Code")


def test_a_tax_appeal_means_the_internal_revenue_code():
    path = CORPUS / "cl1-195219-niazmand-v-commissioner.txt"
    if not path.exists():
        pytest.skip("the shared corpus is not here")
    context = context_of(path)
    assert (context.state, context.federal, context.code) == (None, True, "26 U.S.C.")


def test_a_federal_district_court_implies_no_code():
    context = context_of(ROOT / "data" / "opinions" / "flores-albarran-v-wong.txt")
    assert (context.state, context.federal, context.code, context.rules) == (None, True, None, None)
