"""Where a Solr collection is and as whom to reach it: engine URLs, credentials, the error family.

No HTTP client here (index/solr/client.py speaks httpx; index/solr/realtime.py the standard
library's http.client for the citation path), so either door reads the same URL and the same
credentials and says the same errors::

    parse_engine_url("solr://127.0.0.1:8983,127.0.0.1:8984/solr/cables")
        -> (["http://127.0.0.1:8983/solr", "http://127.0.0.1:8984/solr"], "cables")
    load_credentials()      # Credentials("cables", ***) from $CABLES_SOLR_USER/_PASSWORD or the file; or None

Credentials: ``CABLES_SOLR_USER`` and ``CABLES_SOLR_PASSWORD``, or a file named by
``CABLES_SOLR_CREDENTIALS`` (default: ``solr-credentials`` in the user's config folder, when it
exists) holding ``user:password`` on one line, readable by its owner only.  Never from a URL or
the command line; never in a message, a log line or an exception.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from corpus.errors import CablesError

ENV_USER, ENV_PASSWORD, ENV_FILE = "CABLES_SOLR_USER", "CABLES_SOLR_PASSWORD", "CABLES_SOLR_CREDENTIALS"

class SolrError(CablesError):
    """A request Solr refused or could not answer; a one-line message without credentials."""


class SolrUnreachable(SolrError):
    """No node answered (down, refused, timed out)."""


class SolrAuthError(SolrError):
    """Solr refused the credentials (401) or the user's rights (403), or the credentials are unusable."""


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = field(repr=False)


def load_credentials(env: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials from the environment or the credentials file; None when there are none."""
    env = os.environ if env is None else env
    user, password = env.get(ENV_USER), env.get(ENV_PASSWORD)
    if user or password:
        if not (user and password):
            raise SolrAuthError(f"set both {ENV_USER} and {ENV_PASSWORD}, or neither")
        return Credentials(user, password)
    named = env.get(ENV_FILE)
    path = Path(named).expanduser() if named else credentials_file()
    if not named and not path.exists():
        return None
    return read_credentials_file(path)


def read_credentials_file(path: Path) -> Credentials:
    """``user:password`` from the first line of ``path``, which only its owner may read."""
    try:
        info = path.stat()
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SolrAuthError(f"cannot read the Solr credentials file {path}: {exc.strerror}") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SolrAuthError(
            f"the Solr credentials file {path} can be read by others (mode {stat.S_IMODE(info.st_mode):04o}): "
            f"run chmod 600 {path}"
        )
    if info.st_uid != os.getuid():
        raise SolrAuthError(f"the Solr credentials file {path} belongs to another user")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    user, sep, password = lines[0].partition(":") if lines else ("", "", "")
    if not (user and sep and password):
        raise SolrAuthError(f"the Solr credentials file {path} should hold one line user:password")
    return Credentials(user, password)


def parse_engine_url(url: str) -> tuple[list[str], str]:
    """``solr://HOST:PORT[,HOST:PORT…]/solr/COLLECTION`` as (node base URLs, collection).

    ``solrs://`` speaks https.  ``solr://127.0.0.1:8983,127.0.0.1:8984/solr/cables`` ->
    (["http://127.0.0.1:8983/solr", "http://127.0.0.1:8984/solr"], "cables").
    """
    parts = urlsplit(url)
    scheme = {"solr": "http", "solrs": "https"}.get(parts.scheme)
    if scheme is None:
        raise SolrError(f"not a Solr engine URL: {safe(url)} (expected solr://HOST:PORT/solr/COLLECTION)")
    if "@" in parts.netloc:
        raise SolrAuthError(f"credentials do not belong in a Solr URL: use {ENV_USER}/{ENV_PASSWORD} or {ENV_FILE}")
    context, _, collection = parts.path.strip("/").rpartition("/")
    hosts = [h for h in parts.netloc.split(",") if h]
    if not hosts or not context or not collection:
        raise SolrError(f"not a Solr engine URL: {safe(url)} (expected solr://HOST:PORT/solr/COLLECTION)")
    return [f"{scheme}://{host}/{context}" for host in hosts], collection


def credentials_file() -> Path:
    """The default credentials file: ``solr-credentials`` in the user's config folder."""
    import platformdirs  # only when no credentials are in the environment

    return platformdirs.user_config_path("cables") / "solr-credentials"


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SolrError(f"not a Solr node URL: {safe(url)} (expected http(s)://HOST:PORT/solr)")
    if parts.username or parts.password:
        raise SolrAuthError(f"credentials do not belong in a Solr URL: use {ENV_USER}/{ENV_PASSWORD} or {ENV_FILE}")
    return url.rstrip("/")


def safe(url: str) -> str:
    """A URL as it may be shown: any user:password@ part removed."""
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl() if "@" in parts.netloc else url
