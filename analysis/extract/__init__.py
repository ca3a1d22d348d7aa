"""The extract layer: a parsed spaCy ``Doc`` in, named tuples out; no corpus, no cache.

Modelled on textacy's ``extract`` package: one module per concept, small
functions over a ``Doc`` with keyword-only options, each citing its method.

* :mod:`.quotemarks` -- quotation marks paired in the text (:func:`~.quotemarks.quoted_spans`);
* :mod:`.mentions` -- actor mentions: dictionary, model entities, acronyms, nominals;
* :mod:`.quotes` -- quotes, speakers and cues (a package, split by concern),
  with the scare-quote test in :mod:`.quotes.scare`;
* :mod:`.statements` -- statement keys for matching one statement across outlets;
* :mod:`.framing` -- framing-lexicon matches;
* :mod:`.rows` -- everything the tables need from one article, as the rows the
  extraction store keeps.

Imports only :mod:`analysis.core` and :mod:`analysis.nlp`.
"""
