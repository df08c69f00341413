"""extract/: from a parsed article to ``Mention`` records (one per reported incident).

``Extractor`` (``extractor.py``) wires the trigger tagger, the modality classifier, the
attribution finder and the argument finder; the choice of a sentence's trigger
(``selection.py``), the building of its mention (``building.py``) and the joining of the
sentences of one incident (``linking.py``) are its collaborators. Rule data: the discourse
cues (``discourse.py``) and the weapons (``weapons.py``).
"""

from __future__ import annotations

from ..text import Paragraph, split_paragraphs
from .discourse import DISCOURSE, DISCOURSE_CUE_FILE, DISCOURSE_FILE, Discourse
from .extractor import Extractor
from .weapons import WEAPONS_FILE, load_weapons

__all__ = [
    "DISCOURSE",
    "DISCOURSE_CUE_FILE",
    "DISCOURSE_FILE",
    "WEAPONS_FILE",
    "Discourse",
    "Extractor",
    "Paragraph",
    "load_weapons",
    "split_paragraphs",
]
