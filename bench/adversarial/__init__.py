"""The adversarial harness: hostile inputs against every way data enters and leaves paperkg.

Run ``python -m bench.adversarial --short`` (seconds, what CI runs through
``tests/test_adversarial.py``) or without ``--short`` for the long mode; see
:mod:`bench.adversarial.frame` for how areas plug in.
"""
