"""Shared pytest set-up: the hypothesis profile (deadline off, modest example count), and a
start-up cache of the test run's own (`_cache`), not the user's.

`HYPOTHESIS_PROFILE=thorough pytest tests/test_properties.py` runs ten times more examples.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from hypothesis import settings

# No deadline: the first extract() call loads patterns and models, and the
# timing of one example says nothing about correctness.
settings.register_profile("default", deadline=None, max_examples=200, print_blob=True)
settings.register_profile("thorough", deadline=None, max_examples=2000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


_CACHE_ENV = "CDS_EXTRACT_CACHE"


def pytest_configure(config: pytest.Config) -> None:
    # Set before any pattern is compiled; subprocesses (CLI tests) inherit it.
    if _CACHE_ENV not in os.environ:
        folder = tempfile.mkdtemp(prefix="cds_extract_test_cache_")
        os.environ[_CACHE_ENV] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
