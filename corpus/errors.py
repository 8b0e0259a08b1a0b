"""One error family for every layer: a message for a person, and the exit status of `cables`.

    try:
        Library.open(path).search('"security dialogue')
    except CablesError as error:       # IndexNotFound, IndexLocked, QueryError, MissingDependency …
        print(f"cables: {error}")      # cables: unbalanced quote in '"security dialogue': close …
        sys.exit(error.exit_status)    # 2: a usage error

It lives in corpus/, the lowest layer, so that index/ and search/ errors derive from it
and the command line maps the whole family in one place.  The exit statuses are those of
the README: 0 ok, 1 an error, 2 a usage error, 3 some files rejected, 130 interrupted.
"""

from __future__ import annotations

from typing import Any

EXIT_OK = 0
EXIT_ERROR = 1  # no index, index busy, nothing found, a library missing
EXIT_USAGE = 2  # a bad option or a malformed query
EXIT_REJECTED = 3  # ingest finished, but some files were rejected
EXIT_INTERRUPTED = 130  # Ctrl-C (the shell's 128 + SIGINT); what was committed before stays


class CablesError(Exception):
    """An error said in words (``str(error)``), with the exit status the CLI ends with."""

    exit_status: int = EXIT_ERROR

    def __init__(self, message: str, exit_status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_status is not None:
            self.exit_status = exit_status

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take other constructor arguments (a path, a package name): rebuild from the
        # state, so an error raised in a parser process arrives whole in the main process.
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[CablesError], args: tuple[Any, ...], state: dict[str, Any]) -> CablesError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


# The import name of a library -> what `pip install` calls it, where the two differ.
_DISTRIBUTIONS = {"bs4": "beautifulsoup4", "whoosh": "whoosh-reloaded", "yaml": "pyyaml"}


class MissingDependency(CablesError):
    """A library cablesearch needs is not installed: said once, with its name, not once per file."""

    def __init__(self, module: str) -> None:
        top = (module or "?").split(".")[0]
        package = _DISTRIBUTIONS.get(top, top)
        super().__init__(
            f"the Python package {package!r} is not installed (module {top!r}): "
            f"reinstall cablesearch or run `pip install {package}`"
        )
        self.module = top
