"""Fuzzing a client in any language: draw worlds, run the client's command, shrink a failure.

:mod:`.runner` drives Hypothesis (``fuzz_client``, ``replay``); :mod:`.session` talks to a
server about one world; :mod:`.commands` is the CLI. Importing this package loads neither
Hypothesis nor the runner.
"""
