"""Tools that are not the product: run from the repository root, never installed.

``python -m tools.evaluate PAGES.tar.xz [--bare]``: the cable parser's accuracy against the
metadata of WikiLeaks cable pages.
"""
