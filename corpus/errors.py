"""The project's one error family: every error a user may see is a :class:`CablesError`.

A CablesError carries a one-line message meant for the user (no traceback, no secrets) and the
exit status the ``cables`` command ends with (1 by default)::

    raise CablesError("Solr at http://127.0.0.1:8983/solr is unreachable (connection refused)")

Layers below the UI raise subclasses (index/solr/client.py: SolrError); tui/ prints the message
and exits with the status.
"""

from __future__ import annotations


class CablesError(Exception):
    """An error with a one-line message for the user and the exit status the command ends with."""

    def __init__(self, message: str, exit_status: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_status = exit_status
