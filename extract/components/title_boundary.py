"""Start a new sentence after the title: the text is "title\\n\\nabstract"."""

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("title_end"):
    Doc.set_extension("title_end", default=0)  # token index where the abstract starts


@Language.component("paperkg_title_boundary")
def title_boundary(doc: Doc) -> Doc:
    """Mark the first token after the first blank line as a sentence start."""
    for i, tok in enumerate(doc[:-1]):
        if tok.is_space and "\n\n" in tok.text:
            doc[i + 1].is_sent_start = True
            doc._.title_end = i + 1
            break
    return doc
