"""The `cables` command line."""


def main(argv=None) -> int:
    print("cables: under construction")
    return 0
