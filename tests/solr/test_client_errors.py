"""What a user sees when Solr is out of reach or the credentials are wrong (no cluster needed)."""

from __future__ import annotations

import socket

import pytest

from corpus.errors import CablesError
from index.solr.client import (
    Credentials,
    SolrAuthError,
    SolrClient,
    SolrUnreachable,
    load_credentials,
    parse_engine_url,
    read_credentials_file,
)

SECRET = "s3cret-Hunter2-never-shown"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again on leaving: nothing listens there


def test_a_solr_that_is_down_gives_one_line_naming_the_url_and_exit_status_1():
    url = f"http://127.0.0.1:{_closed_port()}/solr"
    with SolrClient(url, credentials=Credentials("cables", SECRET)) as client:
        with pytest.raises(SolrUnreachable) as caught:
            client.select("cables", "body:dialogue")
    message = str(caught.value)
    assert message == f"Solr is unreachable at {url} (connection refused)"
    assert isinstance(caught.value, CablesError) and caught.value.exit_status == 1
    assert SECRET not in message and "cables:" not in message


def test_with_two_nodes_down_the_message_names_both():
    urls = [f"http://127.0.0.1:{_closed_port()}/solr" for _ in range(2)]
    with SolrClient(urls, credentials=None) as client:
        with pytest.raises(SolrUnreachable) as caught:
            client.get("cables", ["09LIMA1661"])
    assert "\n" not in str(caught.value)
    assert all(url in str(caught.value) for url in urls)


def test_a_credentials_file_others_can_read_is_refused_and_the_password_not_shown(tmp_path):
    path = tmp_path / "solr-credentials"
    path.write_text(f"cables:{SECRET}\n")
    path.chmod(0o644)
    with pytest.raises(SolrAuthError) as caught:
        read_credentials_file(path)
    assert str(caught.value) == (
        f"the Solr credentials file {path} can be read by others (mode 0644): run chmod 600 {path}"
    )
    path.chmod(0o600)
    assert read_credentials_file(path) == Credentials("cables", SECRET)


def test_credentials_come_from_the_environment_or_the_file_it_names(tmp_path):
    assert load_credentials({"CABLES_SOLR_USER": "reader", "CABLES_SOLR_PASSWORD": SECRET}) == Credentials(
        "reader", SECRET
    )
    path = tmp_path / "creds"
    path.write_text(f"# Solr\ncables:{SECRET}\n")
    path.chmod(0o600)
    assert load_credentials({"CABLES_SOLR_CREDENTIALS": str(path)}) == Credentials("cables", SECRET)
    with pytest.raises(SolrAuthError, match="set both CABLES_SOLR_USER and CABLES_SOLR_PASSWORD"):
        load_credentials({"CABLES_SOLR_USER": "reader"})


def test_a_password_is_never_in_a_repr_or_taken_from_a_url():
    assert SECRET not in repr(Credentials("cables", SECRET))
    with pytest.raises(SolrAuthError) as caught:
        SolrClient(f"http://cables:{SECRET}@127.0.0.1:8983/solr", credentials=None)
    assert SECRET not in str(caught.value)
    with pytest.raises(SolrAuthError) as caught:
        parse_engine_url(f"solr://cables:{SECRET}@127.0.0.1:8983/solr/cables")
    assert SECRET not in str(caught.value)


def test_an_engine_url_names_the_nodes_and_the_collection():
    assert parse_engine_url("solr://127.0.0.1:8983,127.0.0.1:8984/solr/cables") == (
        ["http://127.0.0.1:8983/solr", "http://127.0.0.1:8984/solr"],
        "cables",
    )
    assert parse_engine_url("solrs://search.example.org/solr/cables") == (["https://search.example.org/solr"], "cables")
    with pytest.raises(CablesError, match="expected solr://HOST:PORT/solr/COLLECTION"):
        parse_engine_url("http://127.0.0.1:8983/solr")
