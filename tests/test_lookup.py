"""kb.lookup: finding an opinion or an authority in the bundled store from what a user types."""

from __future__ import annotations

import pytest

from kb.errors import AmbiguousError, NotFoundError
from kb.lookup import authority_id_text, find_authority, find_node, find_opinion, lookup_terms, opinion_id_text


@pytest.mark.parametrize(
    "typed", ["flores-albarran-v-wong", "Flores Albarran v. Wong", "flores albarran vs wong", "157 F. Supp. 3d 779"]
)
def test_an_opinion_is_found_by_stem_name_or_own_citation(store, typed):
    assert find_opinion(store, typed)["stem"] == "flores-albarran-v-wong"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("280 F.3d 786", "280 F.3d 786"),
        ("280 F. 3d 786", "280 F.3d 786"),  # spacing
        ("Sharif v. Ashcroft", "280 F.3d 786"),  # name
        ("Sharif", "280 F.3d 786"),  # one party
        ("129 S.Ct. 1937", "556 U.S. 662"),  # a parallel citation, unspaced
        ("Iqbal", "556 U.S. 662"),
        ("8 USCA 1252(g)", "8 U.S.C. § 1252(g)"),  # the annotated code's name
    ],
)
def test_an_authority_is_found_by_any_citation_name_or_party(store, typed, key):
    assert find_authority(store, typed)["key"] == key


def test_ids_are_printed_and_read_back(store):
    sharif = find_authority(store, "280 F.3d 786")
    assert find_authority(store, authority_id_text(sharif["id"]))["key"] == "280 F.3d 786"
    flores = find_opinion(store, "flores-albarran-v-wong")
    assert find_opinion(store, opinion_id_text(flores["id"]))["stem"] == "flores-albarran-v-wong"
    assert find_node(store, "flores-albarran-v-wong") == ("opinion", flores["id"])
    assert find_node(store, "280 F.3d 786") == ("authority", sharif["id"])


def test_a_party_many_cases_share_lists_them_with_ids(store):
    with pytest.raises(AmbiguousError) as e:
        find_authority(store, "Holder")
    message = str(e.value)
    assert message.startswith("'Holder' matches ") and message.endswith("; give an id or a citation")
    assert "Kucana v. Holder, 558 U.S. 233" in message and "Lemos v. Holder, 636 F.3d 365 (7th Cir. 2011)" in message


def test_nothing_found_says_what_to_give(store):
    with pytest.raises(NotFoundError, match=r"^no authority matches 'zzzz'; try a citation such as '280 F.3d 786'"):
        find_authority(store, "zzzz")
    with pytest.raises(NotFoundError, match=r"^'§§' has no letters or digits to look up; give an id, file stem"):
        find_authority(store, "§§")
    with pytest.raises(NotFoundError) as e:
        find_opinion(store, "nothing here")
    assert "Balogun v. Sessions (balogun-v-sessions)" in str(e.value)
    assert str(e.value).endswith("(kb opinions lists them all)")


def test_lookup_terms_fold_the_code_name_and_case_name_forms():
    assert lookup_terms("8 USCA 1252(g)")[-1] == lookup_terms("8 U.S.C. § 1252(g)")[0]
    assert lookup_terms("Sharif vs Ashcroft")[-1] == lookup_terms("Sharif v. Ashcroft")[-1]
