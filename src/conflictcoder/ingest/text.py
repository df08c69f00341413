"""Plain-text reader: one ``.txt`` file is one article.

The title is the first line when it reads as a headline (short, no final period); a
standalone dateline among the first lines ("17 December, 2019", "December 17, 2019",
"2019-12-17") is the publication date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..config import Settings
from ..errors import InputError
from ..model import Article
from ..registry import readers
from ._common import build_article, decode_text, reads_whole_file


@readers.register("conflictcoder.text.v1", aliases=("txt", ".txt"))
@reads_whole_file
def read_text(
    path: Path, data: bytes, published: date | None, settings: Settings
) -> Iterator[Article | InputError]:
    """Read one plain-text (UTF-8) file as one article.

    path (str | Path): the file. Its stem is the article id.
    published (date | None): the date when the text has no dateline. Defaults to None.
    settings (Settings | None): limits (max_document_chars, min_latin_ratio). Defaults to
        the packaged settings.
    RETURNS (Iterator[Article | InputError]): the article, or one error naming the file.

    Example:
        >>> _ = (tmp / "report.txt").write_text("Jets strike Ariha\\n\\n"
        ...                                     "Jets struck Ariha in Idlib on Monday.\\n")
        >>> next(read_text(tmp / "report.txt")).title
        'Jets strike Ariha'
    """
    text = decode_text(path, data)
    if isinstance(text, InputError):
        yield text
        return
    yield build_article(
        path,
        text,
        settings=settings,
        doc_id=path.stem,
        origin=str(path),
        default_published=published,
        title_from_first_line=True,
    )
