"""Evaluation API (``warwatch eval``): a thin facade over :mod:`warwatch.evaluation`.

See :mod:`warwatch.evaluation` for the matching rule and the tune / held-out split rule.
"""

from warwatch.evaluation import *  # noqa: F401,F403
from warwatch.evaluation import __all__  # noqa: F401
