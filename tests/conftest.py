"""Shared pytest set-up: the hypothesis profile only (deadline off, modest example count).

`HYPOTHESIS_PROFILE=thorough pytest tests/test_properties.py` runs ten times more examples.
"""

from __future__ import annotations

import os

from hypothesis import settings

# No deadline: the first extract() call loads patterns and models, and the
# timing of one example says nothing about correctness.
settings.register_profile("default", deadline=None, max_examples=200, print_blob=True)
settings.register_profile("thorough", deadline=None, max_examples=2000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
