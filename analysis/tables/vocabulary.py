"""Distinctive vocabulary: weighted log-odds ratios with an informative Dirichlet prior, on normalised
terms, within stories; and the two things that vocabulary must be kept apart from: house style and
topic choice.

Method: Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008), "Fightin' Words: Lexical Feature
Selection and Evaluation for Identifying the Content of Political Conflict", Political Analysis 16(4),
section 3.5, with the prior taken from the pooled counts of the whole corpus, as R's tidylo package
(Schnoebelen & Silge, ``bind_log_odds``) does.  For term w, group i (an outlet) and its comparison j
(the rest of the corpus, or one other outlet):

    omega_i = (y_iw + a_w) / (n_i + a_0 - y_iw - a_w)
    delta   = log omega_i - log omega_j
    sigma^2 = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z       = delta / sigma

where ``a_w`` is the pooled count of w (times ``prior_scale``) and ``a_0`` their sum.  ``|z| > 1.96``
is the conventional 5 % threshold (two-sided); with few articles, read it as a ranking, not a test.

**Within stories** (the default when the corpus has stories): an outlet that covers a story the others
skip uses that story's words more; that is topic choice, not framing. Each story both sides covered is a
stratum with its own prior (the story's pooled counts); the strata's log-odds are combined by
inverse-variance weighting, the stratified (Woolf) estimate of a common log odds ratio (Woolf, B. 1955,
"On estimating the relation between blood group and disease", Annals of Human Genetics 19: 251-253; the
fixed-effect combination of meta-analysis): delta = sum(delta_s / sigma_s^2) / sum(1 / sigma_s^2), z =
delta * sqrt(sum(1 / sigma_s^2)). A story only one side covered does not enter; :func:`topic_choice`
shows which stories each outlet covers more. Without stories the counts are pooled and the table's
``within_stories`` column is False: topic choice and framing are mixed.

**Normalised terms** (``normalise=True``, the default; :func:`terms`): dotted and undotted abbreviations
are one term (``U.S.`` = ``US``, kept in capitals); honorifics and titles before a name (``Mr.``,
``Sen.``, ``President Trump``), name suffixes, one-character tokens, function words (spaCy's English
stop list, and contractions made of them: ``didn't``), the neutral attribution verbs (``said``,
``says``, ``told``) and every outlet's own names (its name, the words of its name, its URL's domain
label, and a run of capitalised words starting with it: ``Fox News Channel``, ``New York Times`` for
``nyt``) are not terms; a possessive ``'s`` is dropped; a run of capitalised words is one term
(``Affordable Care Act``, ``Donald Trump``), found without a parse (its titles, initials and a
sentence-initial common word split off). :func:`house_style` counts what is left out."""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Iterator, NamedTuple
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import scipy.sparse as sp
from spacy.lang.en.stop_words import STOP_WORDS

from ..core.corpus import Corpus
from ..core.lexicons import house_style_words
from ..extract.quotemarks import quoted_spans
from ..store import table
from .quotes import quotes as quote_table
from .stories import stories as story_table

__all__ = ["distinctive_terms", "term_counts", "tokenize", "terms", "group_sizes", "house_style", "voice_segments",
           "house_style_summary", "topic_choice", "domain_label", "Z_THRESHOLD"]

Z_THRESHOLD = 1.96
# Dotted abbreviations ("U.S.", "U.N.") are one token; otherwise words with inner hyphens or apostrophes.
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:[-'’][^\W_]+)*")
# As _WORD, and "U.S" (last dot missing) is one token too.
_TOKEN = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_](?![\w.])|(?:[^\W\d_]\.){2,}|[^\W_]+(?:[-'’][^\W_]+)*")
_UPPER_ABBREVIATION = re.compile(r"[A-Z]{2,5}")
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|co\.uk|gov)(?:/\S*)?", re.IGNORECASE)
# Words that may join two capitalised words into one name ("Department of State").
_CONNECTORS = {"of", "for", "de", "del", "al", "bin", "van", "von"}
# A run of capitalised words longer than this is a title-case headline, not a name.
_MAX_NAME_WORDS = 5
# Gap between tokens that ends a sentence or a clause (a run of capitals does not cross it).
_BREAK = re.compile(r"[!?;:\"“”()\[\]–—,/]|\.")
# Host name labels that are not the outlet's ("www.", "edition.cnn.com").
_HOST_PREFIXES = {"www", "m", "amp", "mobile", "edition", "beta", "eu", "uk", "us", "www1", "www2"}


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens without punctuation; inner hyphens and apostrophes stay ("us-led", "syria's")."""
    return [m.group(0).lower().replace("’", "'") for m in _WORD.finditer(text)]


def voice_segments(corpus: Corpus, voice: str) -> Iterable[tuple[str, str, str]]:
    """(doc_id, outlet, text piece) for the requested voice: own, quoted or all."""
    if voice not in ("own", "quoted", "all"):
        raise ValueError(f"voice must be 'own', 'quoted' or 'all', not {voice!r}")
    if voice == "all":
        for row in corpus.articles.itertuples():
            yield row.doc_id, row.outlet, row.text
        return
    for row in corpus.articles.itertuples():
        spans = quoted_spans(row.text)
        if voice == "quoted":
            for q in spans:
                yield row.doc_id, row.outlet, row.text[q.start:q.end]
        else:
            pos = 0
            for q in spans:
                yield row.doc_id, row.outlet, row.text[pos:q.start]
                pos = q.end
            yield row.doc_id, row.outlet, row.text[pos:]


# --------------------------------------------------------------------------- outlet names

def domain_label(url: str) -> str:
    """The label a site is known by: ``https://www.nytimes.com/...`` -> ``nytimes``,
    ``news.bbc.co.uk`` -> ``bbc``; "" when the address has no host."""
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return ""
    parts = [p for p in host.lower().split(".") if p]
    while len(parts) > 2 and parts[0] in _HOST_PREFIXES:
        parts.pop(0)
    if len(parts) >= 3 and len(parts[-1]) == 2 and len(parts[-2]) <= 3:   # co.uk, com.au, ac.uk
        parts = parts[:-2]
    elif len(parts) >= 2:
        parts = parts[:-1]
    return parts[-1] if parts else ""


class _Names(NamedTuple):
    words: frozenset[str]                     # lower-case words no outlet's terms may be
    phrases: dict[tuple[str, ...], str]       # an outlet's name as words -> the outlet
    forms: dict[str, str]                     # a one-word form (concatenation, label, initials) -> outlet


def _outlet_names(articles: pd.DataFrame) -> _Names:
    words: set[str] = set()
    phrases: dict[tuple[str, ...], str] = {}
    forms: dict[str, str] = {}
    urls = articles["url"] if "url" in articles.columns else pd.Series([""] * len(articles))
    for outlet, group_urls in urls.fillna("").astype(str).groupby(articles["outlet"].astype(str)):
        if not outlet or outlet.lower() == "unknown":
            continue
        name = outlet.strip()
        labels = {domain_label(u) for u in group_urls if u}
        if "." in name and " " not in name:              # a name that is a host ("indiewire.com")
            labels.add(domain_label(name))
            name = domain_label(name)
        parts = re.findall(r"[^\W_]+", name.lower())
        while parts and parts[0] in STOP_WORDS:
            parts.pop(0)
        if parts:
            phrases[tuple(parts)] = outlet
            forms["".join(parts)] = outlet
            forms["".join(re.findall(r"[^\W_]+", name.lower()))] = outlet     # "thesun" (the-sun)
            if len(parts) >= 3:
                forms["".join(p[0] for p in parts)] = outlet
        for label in labels - {""}:
            forms[label] = outlet
        words |= {w for w in parts if len(w) > 1 and w not in STOP_WORDS} | {f for f in forms if len(f) > 1}
    return _Names(frozenset(words), phrases, forms)


def _name_match(words: list[str], names: _Names) -> str | None:
    """The outlet a run of capitalised words starts by naming, or None: its name word for word or
    by prefixes ("Washington Post" for ``wash-post``), its name, label or initials run together
    ("Huffington Post" for ``huffingtonpost.com``, "New York Times" for ``nyt``)."""
    low = [w.lower() for w in words]
    for k in range(len(low), 0, -1):
        head = low[:k]
        outlet = names.phrases.get(tuple(head)) or names.forms.get("".join(head))
        if outlet is None and k >= 3:
            outlet = names.forms.get("".join(w[0] for w in head))
        if outlet is not None:
            return outlet
        for phrase, owner in names.phrases.items():
            if len(phrase) == k > 1 and all(len(p) > 1 and w.startswith(p) for p, w in zip(phrase, head)):
                return owner
    return None


# --------------------------------------------------------------------------- normalised terms

class _Context(NamedTuple):
    names: _Names
    lower_words: frozenset[str]       # words the corpus writes in lower case somewhere
    unshouted: frozenset[str]         # words (lower-cased) the corpus writes other than in capitals


@table(persist=False)
def _context(corpus: Corpus) -> _Context:
    tokens = {re.sub(r"'s$", "", m.group(0).replace("’", "'")) or "'" for text in corpus.articles["text"]
              for m in _TOKEN.finditer(text)}
    return _Context(_outlet_names(corpus.articles), frozenset(t for t in tokens if t[0].islower()),
                    frozenset(t.lower() for t in tokens if not t.isupper()))


def _function_word(word: str) -> bool:
    """A stop word of spaCy's English list, or a contraction made of them ("didn't", "we're")."""
    if word in STOP_WORDS:
        return True
    if word.endswith("n't"):
        return word[:-3] in STOP_WORDS or word[:-3] in {"ca", "wo", "sha", "ai", "do", "did", "does"}
    base, _, rest = word.partition("'")
    return bool(rest) and base in STOP_WORDS and "'" + rest in STOP_WORDS | {"'re", "'ll", "'ve", "'d", "'m"}


def _is_cap(token: str) -> bool:
    return token[:1].isupper()


def _abbreviation(token: str, unshouted: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(term, style) of an abbreviation: ``U.S.`` -> (``US``, dotted), ``FBI`` -> (``FBI``, undotted); not
    a word of four or five letters the corpus also writes in lower or title case (``NATO`` = ``Nato``)."""
    if token.endswith("'s"):
        token = token[:-2]
    if "." in token:
        letters = token.replace(".", "")
        return (letters, "dotted") if letters.isupper() else (letters.lower(), "")
    if _UPPER_ABBREVIATION.fullmatch(token) and not (len(token) > 3 and token.lower() in unshouted):
        return token, "undotted"
    return None


class _Analysis(NamedTuple):
    terms: list[str | None]                 # one entry per term position; None: left out
    style: Counter                          # (measure, form) -> count, for house_style


def _analyse(text: str, outlet: str, ctx: _Context) -> _Analysis:
    """Normalised terms of one paragraph, in order, and the house-style tokens left out of them."""
    hs = house_style_words()
    names = ctx.names
    text = _URL.sub(lambda m: " " * len(m.group(0)), text)
    toks = [(m.group(0).replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    n = len(toks)
    out: list[str | None] = []
    style: Counter = Counter()
    alpha = [t for t, _, _ in toks if t[:1].isalpha()]
    shouting = len(alpha) >= 4 and sum(t.isupper() for t in alpha) > len(alpha) / 2
    headline = len(alpha) >= 4 and sum(_is_cap(t) for t in alpha) >= 0.75 * len(alpha)
    # three or more words in capitals in a row ("WHAT YOU NEED TO KNOW") are shouted words
    caps = [t.isupper() and t.isalpha() and (not k or not text[toks[k - 1][2]:s].strip())
            for k, (t, s, _) in enumerate(toks)]
    shouted = {j for k in range(n - 2) if caps[k] and caps[k + 1] and caps[k + 2] for j in range(k, k + 3)}

    def gap(i: int) -> str:
        return text[toks[i - 1][2]:toks[i][1]] if i else ""

    def joined(i: int, dotted_ok: bool) -> bool:
        """Token i follows token i-1 in the same clause (a dot allowed after a title or an initial)."""
        g = gap(i)
        return not _BREAK.search(g) or (dotted_ok and g.strip() == ".")

    def sentence_start(i: int) -> bool:
        return i == 0 or bool(re.search(r"[.!?:\"“”]", gap(i))) and not (
            len(toks[i - 1][0]) == 1 or toks[i - 1][0].lower() in hs.courtesy)

    def title_at(i: int) -> int:
        """Length of the title starting at token i (0: none): a courtesy title anywhere, any other
        title only before a capitalised word ("President Trump", not "the president said")."""
        if shouting or headline or (toks[i][0].isupper() and len(toks[i][0]) > 1):
            return 0
        for k in (4, 3, 2, 1):
            if i + k > n or any(not joined(j, True) for j in range(i + 1, i + k)):
                continue
            words = tuple(toks[j][0].lower().rstrip(".") for j in range(i, i + k))
            if words not in hs.titles:
                continue
            if k == 1 and words[0] in hs.courtesy:
                return 1
            nxt = i + k
            if nxt < n and _is_cap(toks[nxt][0]) and joined(nxt, True) and not _abbreviation(toks[nxt][0]) \
                    and toks[nxt][0].lower() not in hs.suffixes:
                return k
        return 0

    def word(i: int, surface: str) -> str | None:
        """A lower-case single word, or None when it is not a term."""
        w = surface.lower()
        if w.endswith("'s") and not _function_word(w):
            w = w[:-2]
        elif w.endswith("s'"):
            w = w[:-1]
        if len(w) <= 1 or _function_word(w) or w in hs.courtesy or w in hs.suffixes:
            return None
        if w in hs.attribution:
            style[("attribution", w)] += 1
            return None
        if w in names.words or w.replace("-", "") in names.forms:
            if _is_cap(surface) and (names.forms.get(w) == outlet or w in _own_words):
                style[("self_name", w)] += 1
            return None
        return w

    _own_words = {w for p, o in names.phrases.items() if o == outlet for w in p} | \
        {f for f, o in names.forms.items() if o == outlet}
    i = 0
    while i < n:
        surface = toks[i][0]
        k = title_at(i)
        if k:
            style[("title", " ".join(toks[j][0].lower() for j in range(i, i + k))
                   + ("." if text[toks[i + k - 1][2]:toks[i + k - 1][2] + 1] == "." else ""))] += 1
            out.extend([None] * k)
            i += k
            continue
        abbr = None if shouting or i in shouted else _abbreviation(surface, ctx.unshouted)
        if abbr is not None and abbr[1]:
            term, kind = abbr
            style[("abbreviation", kind)] += 1
            if term.lower() in names.words:
                if term.lower() in _own_words:
                    style[("self_name", term.lower())] += 1
                out.append(None)
            else:
                out.append(term)
            i += 1
            continue
        if abbr is not None:                           # "a.m.", "e.g.": house style, not a term
            out.append(None)
            i += 1
            continue
        if not _is_cap(surface) or shouting or headline or i in shouted or surface.isupper():
            out.append(word(i, surface))
            i += 1
            continue
        # a run of capitalised words, joined by spaces, an initial's dot, or a connector ("of")
        run = [i]
        j = i + 1
        while j < n:
            t = toks[j][0]
            if not joined(j, len(toks[j - 1][0]) == 1):
                break
            if _is_cap(t) and not (_abbreviation(t) or title_at(j)):
                run.append(j)
                j += 1
            elif t.lower() in _CONNECTORS and j + 1 < n and _is_cap(toks[j + 1][0]) and joined(j + 1, False) \
                    and not _abbreviation(toks[j + 1][0]):
                run.extend([j, j + 1])
                j += 2
            else:
                break
        i = j
        words = [toks[r][0] for r in run]
        slots: list[str | None] = [None] * len(run)
        lead = 0
        while lead < len(words) and (_function_word(words[lead].lower()) or words[lead].lower() in _CONNECTORS):
            lead += 1
        if lead < len(words) - 1 and sentence_start(run[lead]) and words[lead].lower() in ctx.lower_words:
            slots[lead] = word(run[lead], words[lead])       # "Yesterday Donald Trump": a common word first
            lead += 1
        keep = [p for p in range(lead, len(words))
                if len(words[p]) > 1 and words[p].lower().rstrip(".") not in hs.suffixes]
        while keep and words[keep[-1]].lower() in _CONNECTORS:
            keep.pop()
        name = [words[p] for p in keep]
        if name and (name[-1].endswith("'s") or name[-1].endswith("s'")):
            name[-1] = name[-1][:-2] if name[-1].endswith("'s") else name[-1][:-1]
        if not name:                                     # only function words, initials, suffixes
            pass
        elif len(name) > _MAX_NAME_WORDS:
            for p in keep:
                slots[p] = word(run[p], words[p])
        elif (owner := _name_match(name, names)) is not None:
            if owner == outlet:
                style[("self_name", " ".join(name).lower())] += 1
        elif len(name) == 1:
            slots[keep[0]] = word(run[keep[0]], name[0])
        elif not all(w.lower() in names.words or _function_word(w.lower()) for w in name):
            slots[keep[0]] = " ".join(name)
        out.extend(slots)
    return _Analysis(out, style)


def terms(text: str, *, outlet: str = "", corpus: Corpus | None = None) -> list[str]:
    """The normalised terms of ``text`` in order (see the module's docstring), with the outlet
    names of ``corpus`` (and the way it writes words) when given, else of ``text`` alone."""
    ctx = _context(corpus if corpus is not None else Corpus(None, pd.DataFrame({"doc_id": [""], "outlet": [""],
                                                                                "text": [text]})))
    return [t for para in text.split("\n") for t in _analyse(para, outlet, ctx).terms if t is not None]


# --------------------------------------------------------------------------- counts

def _windows(seq: list[str | None], n: int) -> Iterator[str]:
    """The n-grams of a term sequence that span no left-out token."""
    for k in range(len(seq) - n + 1):
        window = seq[k:k + n]
        if None not in window:
            yield " ".join(window)


@table(persist=False)
def _doc_terms(corpus: Corpus, *, ngram: int, voice: str, normalise: bool) -> dict[str, Counter]:
    """doc_id -> term counts; n-grams never span a quote boundary, a paragraph break or a left-out token."""
    ctx = _context(corpus) if normalise else None
    out: dict[str, Counter] = {d: Counter() for d in corpus.articles["doc_id"]}
    for doc_id, outlet, piece in voice_segments(corpus, voice):
        bucket = out[doc_id]
        for paragraph in piece.split("\n"):
            if normalise:
                bucket.update(_windows(_analyse(paragraph, str(outlet), ctx).terms, ngram))
            else:
                bucket.update(_windows(tokenize(paragraph), ngram))
    return out


@table
def term_counts(corpus: Corpus, *, by: str = "outlet", ngram: int = 1, voice: str = "own",
                normalise: bool = True) -> pd.DataFrame:
    """Term counts per group: ``group, term, n`` plus ``n_tokens`` (terms counted) and ``n_docs`` of the group.

    Terms are normalised (see the module's docstring) unless ``normalise=False``
    (lower-cased words of :func:`tokenize`).  N-grams never span a quote
    boundary, a paragraph break or a left-out token.
    """
    if by not in corpus.articles.columns:
        raise ValueError(f"cannot group by {by!r}: the article table has no such column")
    per_doc = _doc_terms(corpus, ngram=ngram, voice=voice, normalise=normalise)
    counts: dict[str, Counter] = {}
    for doc_id, group in zip(corpus.articles["doc_id"], corpus.articles[by].astype(str)):
        counts.setdefault(group, Counter()).update(per_doc[doc_id])
    docs = corpus.articles.groupby(corpus.articles[by].astype(str))["doc_id"].nunique()
    frame = pd.DataFrame([(g, t, n) for g, c in counts.items() for t, n in c.items()], columns=["group", "term", "n"])
    frame["n_tokens"] = frame["group"].map(frame.groupby("group")["n"].sum()).astype(int)
    frame["n_docs"] = frame["group"].map(docs).astype(int)
    return frame.sort_values(["group", "term"]).reset_index(drop=True)


# --------------------------------------------------------------------------- stories

_NO_STORY = {"", "nan", "none", "-1", "<na>"}


def _story_assignment(corpus: Corpus, stories: pd.DataFrame | None) -> pd.DataFrame:
    """``doc_id, story_id, story_label`` of the articles that have a story: from ``stories`` (a
    stories table) when given, else :func:`analysis.tables.stories.stories` (the manifest's story
    column, else clustered; it needs the articles' ``title`` and ``date``: a corpus built by hand
    without them has only its ``story_id`` or ``story`` column, or no stories).  An empty, NaN or
    ``-1`` story id (a clusterer's noise) is no story."""
    cols = ["doc_id", "story_id", "story_label"]
    if stories is None and {"title", "date"} <= set(corpus.articles.columns):
        stories = story_table(corpus)
    if stories is not None:
        if not {"doc_id", "story_id"} <= set(stories.columns):
            raise ValueError("a stories table needs the columns doc_id and story_id")
        frame = stories.copy()
    else:
        col = next((c for c in ("story_id", "story") if c in corpus.articles.columns), None)
        if col is None:
            return pd.DataFrame(columns=cols)
        frame = corpus.articles[["doc_id", col]].rename(columns={col: "story_id"})
    frame = frame[frame["story_id"].notna()].copy()
    frame["story_id"] = frame["story_id"].astype(str).str.strip()
    frame = frame[~frame["story_id"].str.lower().isin(_NO_STORY)]
    if "story_label" not in frame.columns:
        frame["story_label"] = frame["story_id"]
    frame["story_label"] = frame["story_label"].fillna(frame["story_id"]).astype(str)
    frame["doc_id"] = frame["doc_id"].astype(str)
    known = set(corpus.articles["doc_id"].astype(str))
    return frame[frame["doc_id"].isin(known)].drop_duplicates("doc_id")[cols].reset_index(drop=True)


# --------------------------------------------------------------------------- log-odds

def _log_odds(y_i: np.ndarray, y_j: np.ndarray, prior: np.ndarray, n_i: float, n_j: float
              ) -> tuple[np.ndarray, np.ndarray]:
    """delta and sigma^2 of Monroe et al. (2008), eq. 16 and 18, for every term."""
    a0 = prior.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        omega_i = (y_i + prior) / (n_i + a0 - y_i - prior)
        omega_j = (y_j + prior) / (n_j + a0 - y_j - prior)
        delta = np.log(omega_i) - np.log(omega_j)
        var = 1.0 / (y_i + prior) + 1.0 / (y_j + prior)
    return delta, var


_TERM_COLUMNS = ["outlet", "vs", "term", "n", "n_vs", "rate_per_1000", "log_odds", "z", "significant",
                 "n_tokens", "n_docs", "n_tokens_vs", "n_docs_vs", "within_stories", "n_stories"]


@table
def distinctive_terms(corpus: Corpus, *, by: str = "outlet", vs: str = "rest", ngram: int = 1,
                      min_count: int = 1, voice: str = "own", prior_scale: float = 1.0,
                      drop_stopwords: bool = False, normalise: bool = True, within_stories: bool = True,
                      stories: pd.DataFrame | None = None) -> pd.DataFrame:
    """Terms most distinctive of each group (outlet) against the rest, or against one other group.

    Args:
        by: article column to group by (``outlet`` by default).
        vs: ``"rest"`` (each group against all the others) or the name of one
            group (every other group against it, pairwise).
        ngram: 1 for terms, 2 or 3 for n-grams of terms.
        min_count: drop terms used fewer times than this in the group (1 keeps all).
        voice: ``own`` (outside quotation marks), ``quoted`` or ``all``.
        prior_scale: multiplies the pooled counts used as the Dirichlet prior.
        drop_stopwords: leave out function words and n-grams made only of them
            from the result (they still count in the totals); with
            ``normalise`` they are not terms at all.
        normalise: count normalised terms (the module's docstring: house
            style, own names and function words left out, abbreviations
            folded, multiword names one term); False counts every lower-cased
            word of :func:`tokenize`, as before.
        within_stories: where the corpus has stories, compare each group with
            its comparison story by story (the module's docstring); False
            pools every article.
        stories: a stories table (``doc_id, story_id`` and optionally
            ``story_label``); None: :func:`analysis.tables.stories.stories`
            (the manifest's story column, else stories found by clustering).

    Returns:
        One row per group and term: ``outlet`` (the group), ``vs``, ``term``,
        ``n`` (count in the group), ``n_vs`` (count in the comparison),
        ``rate_per_1000`` (per 1,000 terms in the group), ``log_odds``
        (delta), ``z`` (weighted log-odds), ``significant`` (``|z| >`` 1.96),
        ``n_tokens`` / ``n_docs`` (group size: terms counted, articles),
        ``n_tokens_vs`` / ``n_docs_vs`` (comparison size), ``within_stories``
        (True: compared story by story, and counts and sizes are over the
        stories both sides covered; False: pooled, so topic choice and framing
        are mixed), ``n_stories`` (stories compared; 0 when pooled).  A group
        that shares no story with its comparison is compared pooled (its
        rows' ``within_stories`` False).  Sorted by group, then ``z``
        descending, then term.
    """
    if ngram not in (1, 2, 3):
        raise ValueError("ngram must be 1, 2 or 3")
    if by not in corpus.articles.columns:
        raise ValueError(f"cannot group by {by!r}: the article table has no such column")
    arts = corpus.articles
    doc_ids = arts["doc_id"].astype(str).tolist()
    group_of = dict(zip(doc_ids, arts[by].astype(str)))
    groups = sorted(set(group_of.values()))
    if vs != "rest" and vs not in groups:
        raise ValueError(f"vs={vs!r} is neither 'rest' nor one of the groups: {groups}")
    assign = _story_assignment(corpus, stories) if within_stories else pd.DataFrame(columns=["doc_id", "story_id"])
    stratified = not assign.empty
    story_of = dict(zip(assign["doc_id"], assign["story_id"])) if stratified else dict.fromkeys(doc_ids, "")
    per_doc = _doc_terms(corpus, ngram=ngram, voice=voice, normalise=normalise)
    vocab = sorted({t for counts in per_doc.values() for t in counts})
    if not vocab:
        return pd.DataFrame(columns=_TERM_COLUMNS)
    index = {t: k for k, t in enumerate(vocab)}
    # (group, story) cells: their term counts, terms counted and articles
    cells = sorted({(group_of[d], story_of[d]) for d in doc_ids if d in story_of})
    cell_row = {c: r for r, c in enumerate(cells)}
    rows, cols, vals = [], [], []
    cell_docs = np.zeros(len(cells), dtype=int)
    for d, counts in per_doc.items():
        d = str(d)
        if d not in story_of:
            continue
        r = cell_row[(group_of[d], story_of[d])]
        cell_docs[r] += 1
        for t, v in counts.items():
            rows.append(r)
            cols.append(index[t])
            vals.append(v)
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(len(cells), len(vocab)), dtype=float)
    cell_tokens = np.asarray(matrix.sum(axis=1)).ravel()
    targets = [g for g in groups if g != vs]
    acc: dict[str, list] = {g: [] for g in targets}        # per group: (idx, 1/var, delta/var, y_i, y_j)
    size = {g: np.zeros(5) for g in targets}               # n_tokens, n_docs, n_tokens_vs, n_docs_vs, strata
    by_story: dict[str, list[tuple[str, int]]] = {}
    for (g, s), r in cell_row.items():
        by_story.setdefault(s, []).append((g, r))
    for s, members in sorted(by_story.items()):
        member_rows = [r for _, r in members]
        total = np.asarray(matrix[member_rows].sum(axis=0)).ravel()
        idx = np.flatnonzero(total)
        prior = total[idx] * prior_scale
        for g, r in members:
            if g == vs:
                continue
            comp = [rr for gg, rr in members if gg != g] if vs == "rest" else [rr for gg, rr in members if gg == vs]
            if not comp:
                continue
            y_i = matrix[r].toarray().ravel()[idx]
            y_j = np.asarray(matrix[comp].sum(axis=0)).ravel()[idx]
            n_i, n_j = cell_tokens[r], cell_tokens[comp].sum()
            delta, var = _log_odds(y_i, y_j, prior, n_i, n_j)
            ok = np.isfinite(delta) & np.isfinite(var) & (var > 0)
            acc[g].append((idx[ok], 1.0 / var[ok], delta[ok] / var[ok], y_i[ok], y_j[ok]))
            size[g] += (n_i, cell_docs[r], n_j, cell_docs[comp].sum(), 1)
    frames = []
    content = np.array([not all(_function_word(w.lower()) for w in t.split()) for t in vocab]) \
        if drop_stopwords else np.ones(len(vocab), dtype=bool)
    for g in targets:
        if not acc[g]:
            continue
        idx = np.concatenate([a[0] for a in acc[g]])
        weight, wdelta, y_i, y_j = (np.bincount(idx, weights=np.concatenate([a[k] for a in acc[g]]),
                                                minlength=len(vocab)) for k in (1, 2, 3, 4))
        n_tok, n_doc, n_tok_vs, n_doc_vs, n_strata = size[g]
        keep = (y_i >= max(min_count, 1)) & (weight > 0) & content
        delta = wdelta[keep] / weight[keep]
        z = wdelta[keep] / np.sqrt(weight[keep])
        frames.append(pd.DataFrame({
            "outlet": g, "vs": vs, "term": np.asarray(vocab, dtype=object)[keep], "n": y_i[keep].astype(int),
            "n_vs": y_j[keep].astype(int),
            "rate_per_1000": np.round(1000 * y_i[keep] / n_tok, 2) if n_tok else 0.0,
            "log_odds": np.round(delta, 3), "z": np.round(z, 3), "significant": np.abs(z) > Z_THRESHOLD,
            "n_tokens": int(n_tok), "n_docs": int(n_doc), "n_tokens_vs": int(n_tok_vs), "n_docs_vs": int(n_doc_vs),
            "within_stories": stratified, "n_stories": int(n_strata) if stratified else 0,
        }))
    alone = [g for g in targets if not acc[g]]
    if stratified and alone:                     # no story shared with the comparison: pooled
        pooled = distinctive_terms(corpus, by=by, vs=vs, ngram=ngram, min_count=min_count, voice=voice,
                                   prior_scale=prior_scale, drop_stopwords=drop_stopwords, normalise=normalise,
                                   within_stories=False)
        frames.append(pooled[pooled["outlet"].isin(alone)])
    if not frames:
        return pd.DataFrame(columns=_TERM_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["outlet", "z", "term"], ascending=[True, False, True], kind="stable")[_TERM_COLUMNS] \
        .reset_index(drop=True)


def group_sizes(terms: pd.DataFrame) -> pd.DataFrame:
    """The sizes behind a :func:`distinctive_terms` table, to show beside it.

    Columns: ``outlet, vs, n_tokens, n_docs, n_tokens_vs, n_docs_vs, n_terms,
    n_significant`` (terms over the ``|z| > 1.96`` threshold), ``within_stories``,
    ``n_stories``.
    """
    cols = ["outlet", "vs", "n_tokens", "n_docs", "n_tokens_vs", "n_docs_vs", "n_terms", "n_significant",
            "within_stories", "n_stories"]
    if terms.empty:
        return pd.DataFrame(columns=cols)
    terms = terms.assign(**{c: terms[c] if c in terms.columns else d
                            for c, d in (("within_stories", False), ("n_stories", 0))})
    out = terms.groupby(["outlet", "vs"]).agg(n_tokens=("n_tokens", "first"), n_docs=("n_docs", "first"),
                                              n_tokens_vs=("n_tokens_vs", "first"),
                                              n_docs_vs=("n_docs_vs", "first"), n_terms=("term", "size"),
                                              n_significant=("significant", "sum"),
                                              within_stories=("within_stories", "first"),
                                              n_stories=("n_stories", "first")).reset_index()
    return out.astype({"n_significant": int})[cols].sort_values(["outlet", "vs"]).reset_index(drop=True)


# --------------------------------------------------------------------------- topic choice

_TOPIC_COLUMNS = ["outlet", "story_id", "story_label", "n_docs", "n_docs_vs", "share", "share_vs", "log_odds",
                  "z", "significant", "covered"]


@table
def topic_choice(corpus: Corpus, *, by: str = "outlet", prior_scale: float = 1.0,
                 stories: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which stories each group (outlet) covers more than the rest: topic choice, kept apart from framing.

    The weighted log-odds of Monroe et al. (2008) (see the module's docstring)
    with articles as the counts and stories as the terms: a group's articles
    per story against the other groups', the prior the pooled articles per
    story.  Stories come from ``stories`` (a stories table: ``doc_id,
    story_id`` and optionally ``story_label``), else
    :func:`analysis.tables.stories.stories`; a corpus without stories gives an
    empty table (then :func:`distinctive_terms` is pooled, its
    ``within_stories`` False: topic choice and framing are mixed).

    Returns:
        One row per group and story of the corpus: ``outlet`` (the group),
        ``story_id``, ``story_label``, ``n_docs`` (the group's articles in the
        story), ``n_docs_vs`` (the other groups'), ``share`` / ``share_vs``
        (of the group's / the others' articles with a story), ``log_odds``,
        ``z``, ``significant`` (``|z| >`` 1.96), ``covered`` (``n_docs > 0``).
        Sorted by group, ``z`` descending, story.
    """
    assign = _story_assignment(corpus, stories)
    if assign.empty:
        return pd.DataFrame(columns=_TOPIC_COLUMNS)
    group_of = dict(zip(corpus.articles["doc_id"].astype(str), corpus.articles[by].astype(str)))
    assign["group"] = assign["doc_id"].map(group_of)
    counts = pd.crosstab(assign["story_id"], assign["group"])
    labels = assign.drop_duplicates("story_id").set_index("story_id")["story_label"]
    prior = counts.sum(axis=1).to_numpy(dtype=float) * prior_scale
    frames = []
    for g in counts.columns:
        y_i = counts[g].to_numpy(dtype=float)
        y_j = counts.drop(columns=g).sum(axis=1).to_numpy(dtype=float)
        n_i, n_j = y_i.sum(), y_j.sum()
        delta, var = _log_odds(y_i, y_j, prior, n_i, n_j)
        z = delta / np.sqrt(var)
        frames.append(pd.DataFrame({
            "outlet": g, "story_id": counts.index, "story_label": labels.reindex(counts.index).to_numpy(),
            "n_docs": y_i.astype(int), "n_docs_vs": y_j.astype(int),
            "share": np.round(y_i / n_i, 3) if n_i else 0.0, "share_vs": np.round(y_j / n_j, 3) if n_j else 0.0,
            "log_odds": np.round(delta, 3), "z": np.round(z, 3), "significant": np.abs(z) > Z_THRESHOLD,
            "covered": y_i > 0}))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["outlet", "z", "story_id"], ascending=[True, False, True], kind="stable")[_TOPIC_COLUMNS] \
        .reset_index(drop=True)


# --------------------------------------------------------------------------- house style

_STYLE_COLUMNS = ["outlet", "measure", "form", "n", "n_words", "per_1000_words", "share"]
# Rows every outlet gets, zero or not, so that a style's share can be read.
_ALWAYS = [("abbreviation", "dotted"), ("abbreviation", "undotted"), ("attribution", "said"),
           ("attribution", "says")]


@table(persist=False)
def _doc_style(corpus: Corpus) -> dict[str, tuple[Counter, int]]:
    """doc_id -> (house-style tokens of its own voice, words of its own voice)."""
    ctx = _context(corpus)
    out: dict[str, tuple[Counter, int]] = {}
    for doc_id, outlet, piece in voice_segments(corpus, "own"):
        style, words = out.get(doc_id, (Counter(), 0))
        for paragraph in piece.split("\n"):
            style.update(_analyse(paragraph, str(outlet), ctx).style)
            words += sum(1 for _ in _TOKEN.finditer(paragraph))
        out[doc_id] = (style, words)
    return out


@table
def house_style(corpus: Corpus, *, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """How each outlet writes, apart from what it says: the tokens :func:`distinctive_terms` folds or
    leaves out, counted in the outlet's own voice (outside quotation marks).

    Measures (``measure``, then ``form``):

    * ``title``: honorifics and titles before a name, as written, lower-cased
      (``mr.``, ``sen.``, ``senator``, ``president``); a courtesy title
      (``Mr.``, ``Sen.``) counts anywhere.
    * ``abbreviation``: ``dotted`` (``U.S.``, ``F.B.I.``) or ``undotted``
      (two to five capitals: ``US``, ``FBI``, ``NATO``); ``share`` is the style's
      share of the outlet's abbreviations.
    * ``self_name``: the outlet's own names written as names (capitalised or
      as an abbreviation: ``Fox News``, ``HuffPost``, ``Times``).
    * ``attribution``: the neutral attribution verbs in the outlet's own
      voice, by written form (``said`` / ``says`` / ``told`` / ``according``).
    * ``attribution_cue``: the quotes table's reporting-verb lemma (``cue``)
      of the outlet's cued quotes (``say``, ``tell``, ``claim`` ...); ``share``
      of its cued quotes.  From ``quotes`` when given (an empty frame leaves
      it out), else :func:`analysis.tables.quotes.quotes` (the shared parse).

    Returns:
        ``outlet, measure, form, n, n_words`` (own-voice words of the outlet),
        ``per_1000_words`` (``n`` per 1,000 of them), ``share`` (of the
        measure's count in the outlet).  Abbreviation styles and ``said`` /
        ``says`` are listed for every outlet, zero or not.  Sorted by outlet,
        measure, ``n`` descending, form.
    """
    per_doc = _doc_style(corpus)
    counts: dict[str, Counter] = {}
    words: Counter = Counter()
    for doc_id, outlet in zip(corpus.articles["doc_id"], corpus.articles["outlet"].astype(str)):
        style, n_words = per_doc.get(doc_id, (Counter(), 0))
        counts.setdefault(outlet, Counter()).update(style)
        words[outlet] += n_words
    q = quote_table(corpus) if quotes is None else quotes
    if not q.empty:
        cued = q[q["cue"].notna() & (q["cue"].astype(str) != "")]
        for (outlet, cue), n in cued.groupby([cued["outlet"].astype(str), cued["cue"].astype(str)]).size().items():
            counts.setdefault(outlet, Counter())[("attribution_cue", cue)] += int(n)
    rows = []
    for outlet, style in counts.items():
        for key in _ALWAYS:
            style.setdefault(key, 0)
        for (measure, form), n in style.items():
            rows.append((outlet, measure, form, n))
    frame = pd.DataFrame(rows, columns=["outlet", "measure", "form", "n"])
    if frame.empty:
        return pd.DataFrame(columns=_STYLE_COLUMNS)
    frame["n_words"] = frame["outlet"].map(words).fillna(0).astype(int)
    frame["per_1000_words"] = (1000 * frame["n"] / frame["n_words"].clip(lower=1)).round(2)
    total = frame.groupby(["outlet", "measure"])["n"].transform("sum")
    frame["share"] = np.where(total > 0, frame["n"] / total.clip(lower=1), 0.0).round(3)
    return frame.sort_values(["outlet", "measure", "n", "form"], ascending=[True, True, False, True],
                             kind="stable")[_STYLE_COLUMNS].reset_index(drop=True)


def house_style_summary(style: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet of a :func:`house_style` table, for the report's short section.

    Columns: ``outlet, n_words, titles_per_1000, top_titles`` (the three most
    used, with their shares), ``dotted_share`` (of abbreviations; NaN without
    any), ``self_names_per_1000, says_share`` (``says`` of ``said`` + ``says``;
    NaN without either), ``top_cues`` (the three most used reporting verbs of
    its quotes, with shares).
    """
    cols = ["outlet", "n_words", "titles_per_1000", "top_titles", "dotted_share", "self_names_per_1000",
            "says_share", "top_cues"]
    rows = []
    for outlet, part in style.groupby("outlet", sort=True):
        def top(measure: str) -> str:
            sub = part[(part["measure"] == measure) & (part["n"] > 0)].head(3)
            return ", ".join(f"{f} {s:.0%}" for f, s in zip(sub["form"], sub["share"]))

        def count(measure: str, form: str | None = None) -> int:
            sub = part[part["measure"] == measure]
            return int(sub[sub["form"] == form]["n"].sum() if form else sub["n"].sum())

        n_words = int(part["n_words"].iloc[0])
        per = (lambda n: round(1000 * n / max(n_words, 1), 2))
        abbr = count("abbreviation")
        said_says = count("attribution", "said") + count("attribution", "says")
        rows.append((outlet, n_words, per(count("title")), top("title"),
                     round(count("abbreviation", "dotted") / abbr, 3) if abbr else np.nan,
                     per(count("self_name")),
                     round(count("attribution", "says") / said_says, 3) if said_says else np.nan,
                     top("attribution_cue")))
    return pd.DataFrame(rows, columns=cols)
