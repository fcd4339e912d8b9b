"""The analysis stage: from an opinion's text to its references and propositions.

This package is the one place that uses eyecite. Its stages run in order::

    clean.py         normalise the text, keeping a map back to original offsets
    extract.py       find the citations (eyecite, plus what eyecite misses)
      secondary.py   ... of secondary and other authorities: restatements, codes, reports, short forms
      works.py       ... of works cited by author and title: treatises, dictionaries, books
    surroundings.py  read around each citation: names, pins, courts, parentheticals, signals
    resolve.py       short forms, Id., supra, bare sections, parallel cites, canonical keys
    propositions.py  the sentence and parenthetical each reference is cited for

Its face is :func:`analyze_document` (and :func:`analyze_text` for a bare
string). The stages load eyecite and reporters-db, about a third of a second,
so they are imported when there is an opinion to analyse, not before.
"""

from __future__ import annotations

from kb.models import Document, Extraction, OpinionMeta

#: The tokenizers ``analyze_document`` accepts by name.
TOKENIZERS = ("default", "hyperscan")


def analyze_document(doc: Document, *, tokenizer: str | object = "default") -> Extraction:
    """Extract, resolve and attach propositions for one loaded opinion.

    Args:
        doc: the opinion as loaded.
        tokenizer: ``"default"`` (kb's windowed Aho-Corasick tokenizer),
            ``"hyperscan"`` (eyecite's, with the ``kb[hyperscan]`` extra) or an
            eyecite tokenizer object.

    Returns:
        The opinion's references, nested relations, propositions and own citations.
    """
    from kb.analysis.clean import clean_text
    from kb.analysis.extract import canonical_citation, drop_before, extract_citations
    from kb.analysis.eyecite_hooks import get_tokenizer
    from kb.analysis.propositions import attach_propositions
    from kb.analysis.resolve import resolve_references
    from kb.analysis.treatment import classify_treatments

    clean = clean_text(doc.text)
    cites = extract_citations(clean, tokenizer=get_tokenizer(tokenizer) if isinstance(tokenizer, str) else tokenizer)
    if doc.meta.body_start:
        # The header, caption, counsel and syllabus are not the opinion's text.
        cites = drop_before(cites, lambda c: clean.to_original(c.core_start) < doc.meta.body_start)
    resolved = resolve_references(cites, clean, doc.meta)
    refs, propositions = attach_propositions(resolved.references, cites, clean)
    refs = classify_treatments(refs, cites, clean, doc.meta)
    own = tuple(dict.fromkeys(canonical_citation(c) or c for c in doc.meta.citations))
    return Extraction(refs, resolved.nested, resolved.record_cites, propositions, own, resolved.history)


def analyze_text(text: str, *, tokenizer: str | object = "default") -> Extraction:
    """:func:`analyze_document` for a bare string with no metadata: handy in tests and notebooks.

    Example:
        >>> [r.key for r in analyze_text("See Sharif v. Ashcroft, 280 F.3d 786 (7th Cir. 2002).").references]
        ['280 F.3d 786']
    """
    doc = Document(path="<text>", stem="text", text=text, sha256="", meta=OpinionMeta(case_name="text"))
    return analyze_document(doc, tokenizer=tokenizer)
