"""Apache Solr as a second search engine: the project's config set and an HTTP client.

- ``configset/``: the collection's schema (managed-schema.xml, the fields of index/schema.py with
  the same analysis) and solrconfig.xml.
- :mod:`index.solr.client`: :class:`~index.solr.client.SolrClient`, which uploads the config set,
  creates collections and adds, deletes, gets and searches documents over Solr's HTTP APIs.
- :mod:`index.solr.documents`: a record as a Solr document (the same field values as on Whoosh).
"""
