"""The ``mythcheck`` command line: a thin argparse layer over importable functions."""
