"""The tables layer: a :class:`~analysis.core.corpus.Corpus` in, a tidy DataFrame out.

* :mod:`.actors` -- who appears: mentions, coverage, naming, co-occurrence, discovered actors;
* :mod:`.quotes` -- who speaks: quotes, share of voice, reporting verbs, shared statements, top speakers;
* :mod:`.framing` -- hedges, loaded terms, scare quotes, rates, evidence lines;
* :mod:`.sources` -- who is cited: credits, datelines, media, speakers; wire copy;
* :mod:`.vocabulary` -- distinctive terms (weighted log-odds, Monroe et al. 2008);
* :mod:`.reuse` -- copied passages and statements quoted alike;
* :mod:`.overview` -- what was loaded and what was dropped.

Every public table wears :func:`analysis.store.table` where it is defined, so
any caller gets the cached table; per-article rows come from
:func:`analysis.store.article_rows` (the store, or the shared parse).  The
table functions themselves are exported by :mod:`analysis` (``analysis.quotes(corpus)``).
Imports only the layers before it.
"""
