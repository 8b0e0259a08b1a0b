"""Solr re-ranks by "all the words in one paragraph" as Whoosh does (index/solr/ranking.py).

09LIMA1661 (../shared/seeds/002_…): ¶11 reads "Please find below Embassy Lima's responses to
questions posed in reftel."; ¶12 asks "Does the United States currently have an established
security dialogue with your country?".  "security dialogue" stands in one paragraph; "reftel"
and "dialogue" stand in two, a dozen words apart, which a window of words took for one.
"""

from __future__ import annotations

import uuid

import pytest

from corpus.reader import read_path
from index import query_tree as qt
from index.fields import analyse
from index.ingest import bundled_samples
from index.solr.documents import solr_document
from index.solr.engine import SolrEngine, configset_without_paragraphs, init_collection
from index.solr.ranking import PARAGRAPH_FIELD, PARAGRAPH_SLOP, WINDOW

pytestmark = pytest.mark.xdist_group("solr")


def _terms(words: str) -> str:
    return " ".join(analyse("body", words))


def _in_09LIMA1661(solr, collection: str, query: str) -> bool:
    return solr.select(collection, f"+id:09LIMA1661 +{query}").ids == ["09LIMA1661"]


def test_the_solr_document_of_09LIMA1661_holds_para_11_as_a_paragraph_of_its_own():
    (record, sha256), = [(r, res.sha256) for p in bundled_samples() for res in read_path(p) for r in res.records
                         if r.id == "09LIMA1661"]  # fmt: skip
    para_11 = "Please find below Embassy Lima's responses to questions posed in reftel."
    paragraphs = solr_document(record, sha256)[PARAGRAPH_FIELD]
    assert " ".join(analyse("body", para_11)) in paragraphs
    assert " ".join(paragraphs).split() == solr_document(record, sha256)["body"].split()


def test_security_and_dialogue_stand_in_one_paragraph_of_09LIMA1661_in_either_order(solr, seeded):
    assert _in_09LIMA1661(solr, seeded, f'{PARAGRAPH_FIELD}:"{_terms("security dialogue")}"~{PARAGRAPH_SLOP}')
    assert _in_09LIMA1661(solr, seeded, f'{PARAGRAPH_FIELD}:"{_terms("dialogue security")}"~{PARAGRAPH_SLOP}')


def test_reftel_in_para_11_and_dialogue_in_para_12_are_not_one_paragraph(solr, seeded):
    assert not _in_09LIMA1661(solr, seeded, f'{PARAGRAPH_FIELD}:"{_terms("reftel dialogue")}"~{PARAGRAPH_SLOP}')
    # what the window of words said (and still says on a collection without the field)
    assert _in_09LIMA1661(solr, seeded, f'body:"{_terms("reftel dialogue")}"~{WINDOW}')


@pytest.fixture
def old_collection(solr, tmp_path):
    """A collection made from the config set as it was before body_paragraphs existed."""
    name = f"old_{uuid.uuid4().hex[:8]}"
    solr.upload_configset(name, configset_without_paragraphs(tmp_path))
    solr.create_collection(name, name)
    yield name
    solr.delete_collection(name)


def test_a_collection_made_before_the_paragraph_field_still_takes_cables_and_ranks_them(solr, old_collection):
    engine = SolrEngine(solr, old_collection, old_collection)
    writer = engine.open_writer()
    for path in bundled_samples():
        for result in read_path(path):
            for record in result.records:
                writer.add(record, result.sha256)
    writer.commit()
    query = qt.And((qt.Term("body", "secur"), qt.Term("body", "dialogu")))
    page = engine.search(query, {}, sort="relevance", start=0, size=10, scored=True, words=["security", "dialogue"])
    assert "09LIMA1661" in [row.id for row in page.rows]
    assert engine.paragraphs is False  # ranked by the window of words instead, and said so


def test_solr_init_on_such_a_collection_keeps_it_whole_rather_than_half_ranked(
    solr, solr_cluster, old_collection, monkeypatch
):
    monkeypatch.setenv("CABLES_SOLR_CREDENTIALS", solr_cluster.credentials_file)
    hosts = ",".join(u.split("//")[1].split("/")[0] for u in solr_cluster.urls)
    said = init_collection(f"solr://{hosts}/solr/{old_collection}")
    assert "ranks by the words' distance" in said
    assert PARAGRAPH_FIELD not in solr.field_names(old_collection)
    assert "kind" in solr.field_names(old_collection)  # the schema it has, read again
