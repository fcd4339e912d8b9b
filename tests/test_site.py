"""kb.site: where the site's map sends each node, its index, and the folder errors.

(That every link of every page resolves is tests/test_show.py's.)
"""

from __future__ import annotations

import json
import re

import pytest

from kb.errors import KbError
from kb.lookup import find_authority, find_opinion
from kb.show import page_name
from kb.site import build_site


@pytest.fixture(scope="module")
def site(store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    return folder, build_site(store, folder)


def links_of(folder):
    page = (folder / "map.html").read_text(encoding="utf-8")
    return json.loads(re.search(r'<script id="kb-links" type="application/json">(.*?)</script>', page).group(1))


def test_a_cited_case_opens_the_page_of_the_opinion_citing_it_at_its_panel(store, site):
    folder, _ = site
    sharif = find_authority(store, "280 F.3d 786")["id"]
    flores = find_opinion(store, "flores-albarran-v-wong")
    assert links_of(folder)[f"authority:{sharif}"] == f"{page_name(flores['id'], flores['stem'])}#a:{sharif}"


def test_an_ingested_opinion_opens_its_own_page_even_when_it_is_cited(store, site):
    folder, _ = site
    flores = find_opinion(store, "flores-albarran-v-wong")
    links = links_of(folder)
    assert links[f"opinion:{flores['id']}"] == page_name(flores["id"], flores["stem"])
    # Flores Albarran is also the authority "157 F. Supp. 3d 779": the map draws one node for both.
    assert f"authority:{find_authority(store, '157 F. Supp. 3d 779')['id']}" not in links


def test_the_index_lists_every_opinion_searchable_by_its_citation(store, site):
    folder, result = site
    index = (folder / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-search="([^"]*)"><td><a href="([^"]+)">([^<]+)</a>', index)
    assert [name for _, _, name in rows] == [
        "Arango v. USA Immigration",
        "Balogun v. Sessions",
        "Flores Albarran v. Wong",
    ]
    flores = next(r for r in rows if r[2] == "Flores Albarran v. Wong")
    assert "157 f. supp. 3d 779" in flores[0] and "n.d. ill." in flores[0]
    assert result.pages == 3 and all((folder / href).is_file() for _, href, _ in rows)


def test_a_file_where_the_folder_should_be_is_refused(store, tmp_path):
    target = tmp_path / "site"
    target.write_text("not a folder")
    with pytest.raises(KbError, match=r"site: is a file; give a folder for the site$"):
        build_site(store, target)
