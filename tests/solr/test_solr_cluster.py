"""The five seed documents on a real SolrCloud: 2 shards x 2 replicas, authentication on.

Expectations are read off the seed documents (corpus/samples, ../shared/seeds/README.md), not
off what Solr answers.
"""

from __future__ import annotations

import logging
import re

import pytest

from corpus.reader import read_path
from index.fields import analyse
from index.ingest import bundled_samples
from index.solr.client import Credentials, SolrAuthError, SolrClient, SolrError
from index.store import load_record

pytestmark = pytest.mark.xdist_group("solr")


def _ids_of_samples_saying(pattern: str) -> set[str]:
    """The ids of the seed documents whose text matches ``pattern`` (case-insensitive)."""
    ids = set()
    for path in bundled_samples():
        if re.search(pattern, path.read_text(encoding="utf-8"), re.IGNORECASE):
            ids |= {r.id for result in read_path(path) for r in result.records}
    return ids


def test_the_collection_has_two_shards_of_two_replicas_on_two_nodes(solr, seeded):
    stats = solr.stats(seeded)
    assert (stats.docs, stats.shards, stats.replicas, len(stats.live_nodes)) == (5, 2, 4, 2)
    assert stats.size_bytes > 0


def test_cable_09LIMA1661_comes_back_by_id_with_its_stored_record(solr, seeded):
    docs = solr.get(seeded, ["09LIMA1661", "09LIMA9999"])
    assert list(docs) == ["09LIMA1661"]
    cable = load_record(docs["09LIMA1661"]["record"])
    assert cable.subject == "PERU: INFORMATION ON SECURITY DIALOGUE"
    assert cable.classification.level == "CONFIDENTIAL"
    assert [ref for r in cable.references for ref in r.ids] == ["09STATE112900"]
    assert docs["09LIMA1661"]["date"] == "2009-11-20T16:58:00Z"


def test_real_time_get_sees_a_document_before_the_commit_that_shows_it_to_searches(solr, seeded):
    doc = dict(solr.get(seeded, ["07LIMA2313"])["07LIMA2313"], id="07LIMA9999")
    doc.pop("_version_", None)
    try:
        solr.add(seeded, [doc])
        assert list(solr.get(seeded, ["07LIMA9999"])) == ["07LIMA9999"]
        assert solr.select(seeded, "id:07LIMA9999").total == 0
        solr.commit(seeded)
        assert solr.select(seeded, "id:07LIMA9999").total == 1
    finally:
        solr.delete(seeded, ["07LIMA9999"])
        solr.commit(seeded)
    assert solr.get(seeded, ["07LIMA9999"]) == {} and solr.select(seeded).total == 5


def test_talk_finds_07LIMA2313_which_only_says_talks(solr, seeded):
    # "DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS": Solr holds the English stems of title and body
    assert solr.select(seeded, "title:talk").ids == ["07LIMA2313"]
    assert set(solr.select(seeded, "body:talk").ids) == _ids_of_samples_saying(r"\btalk") == {"07LIMA2313"}


def test_dialogues_finds_every_seed_that_says_dialogue(solr, seeded):
    # Only 09LIMA1661 writes "dialogues"; three OAS documents write "dialogue" alone.
    expected = _ids_of_samples_saying(r"\bdialogue")
    assert len(expected) == 4 and "07LIMA2313" not in expected
    (stem,) = analyse("body", "dialogues")
    assert set(solr.select(seeded, f"body:{stem}", rows=10).ids) == expected


def test_tag_facet_counts_the_two_lima_cables(solr, seeded):
    # 09LIMA1661: TAGS PREL PGOV MARR PE MOPS; 07LIMA2313: TAGS PGOV PINR PHUM VE PE
    result = solr.select(seeded, filters=["kind:cable"], rows=0,
                         facets={"tag": {"type": "terms", "field": "tag", "limit": 20}})  # fmt: skip
    assert dict(result.buckets("tag")) == {"PE": 2, "PGOV": 2, "PREL": 1, "MARR": 1, "MOPS": 1, "PINR": 1,
                                           "PHUM": 1, "VE": 1}  # fmt: skip
    assert result.total == 2


def test_filters_narrow_without_changing_the_query(solr, seeded):
    # Both cables are CONFIDENTIAL; only 07LIMA2313 is tagged VE (Venezuela).
    assert set(solr.select(seeded, filters=["classification:CONFIDENTIAL"]).ids) == {"09LIMA1661", "07LIMA2313"}
    assert solr.select(seeded, "body:peru", filters=["kind:cable", "tag:VE"]).ids == ["07LIMA2313"]


def test_document_frequencies_for_spelling_come_from_every_shard(solr, seeded):
    frequencies = solr.terms(seeded, ["body", "title"], ["dialogu", "talk", "zzyzx"])
    assert frequencies["body"] == {"dialogu": 4, "talk": 1}
    assert frequencies["title"] == {"dialogu": 1, "talk": 1}


def test_solr_keeps_the_terms_of_the_project_analysis_chain_as_they_are(solr, seeded):
    # Solr receives the terms index.fields.analyse makes ("u.s", "secur", "dialogu") and must not
    # change one: no lower-casing, no length limit, no stemming of a stem a second time.
    for path in bundled_samples():
        text = path.read_text(encoding="utf-8")
        for field in ("title", "body", "body_es"):
            terms = analyse(field, text)
            assert solr.analyse(seeded, field, " ".join(terms)) == terms, (path.name, field)


def test_a_wrong_password_is_refused_and_never_shown(solr_cluster, seeded, caplog):
    wrong = "wrong-Password-1234567"
    caplog.set_level(logging.DEBUG)
    with SolrClient(solr_cluster.urls, credentials=Credentials("cables", wrong)) as client:
        with pytest.raises(SolrAuthError) as caught:
            client.select(seeded, "body:dialogue")
    assert str(caught.value).startswith(f"Solr at {solr_cluster.urls[0]} refused the credentials (HTTP 401)")
    with SolrClient(solr_cluster.urls, credentials=None) as client:
        with pytest.raises(SolrAuthError, match="requires credentials"):
            client.get(seeded, ["09LIMA1661"])
    assert wrong not in str(caught.value) and wrong not in caplog.text


def test_the_real_password_never_appears_in_errors_or_logs(solr, solr_cluster, seeded, caplog):
    password = open(solr_cluster.credentials_file).read().strip().partition(":")[2]
    caplog.set_level(logging.DEBUG)
    solr.select(seeded, "body:dialogue", facets={"year": {"type": "terms", "field": "year"}})
    with pytest.raises(SolrError) as caught:
        solr.select(seeded, "body:(unbalanced")
    assert "HTTP 400" in str(caught.value) and "\n" not in str(caught.value)
    assert password not in str(caught.value) and password not in caplog.text
    assert password not in repr(solr)
