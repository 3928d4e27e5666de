"""What a name's sentences call it: type votes from the words around each mention.

The span model types a name from one sentence; a corpus sees the name in many. Each direct
mention of a name votes for the type its sentence gives it, from the noun the name stands
beside or in apposition to, and from what the sentence does with it:

* the head after the name, or after a list it ends ("the LVIS dataset", "CIFAR-10, SVHN and
  CelebA datasets", "XNOR-Net model achieves"), or of an apposition ("CN-CELEB: a challenging
  speaker recognition dataset", "HIVE-COTE, an ensemble that", "X -- the first public corpus",
  "presents X as a new corpus", "X is a model");
* the noun a list hangs from ("trackers such as DaSiamRPN and DiMP", "datasets (e.g., X, Y)"),
  or that names it ("a new algorithm called PBoost", "the dataset X");
* evaluation on it ("experiments on X, Y and Z", "trained on X", "results across X"): a Dataset;
* comparison ("compared to X", "than X", "outperforms X"), being proposed ("X and Y have been
  proposed") and a method's verbs after it ("X outperforms", "X achieves", "X learns"): a Method;
* a competition's noun ("challenge", "competition", "track", "shared task") beside a numbered name, or ending
  its own words before the number ("the SeaQA-3 challenge", "KelpFact-Track 2"): a benchmark, a Dataset;
* "in terms of X": a Metric; "the task of X", "we address X", "methods for X": a Task;
* a head that names an object (``extract.head_words.OBJECT_HEADS``: "XQ-7 signals", "the ZR2 devices"),
  when no cue above applies: a Concept (the builder hides a Method its sentences call an object).

A mention gives at most one vote (the first cue above that applies). The builder
(:mod:`kg.build.builder`) sums the votes of all the mentions of a name across the corpus: a name the
span model filed as a Dataset that its sentences call a model becomes a Method (and the other way
round), and a name its sentences call a metric is hidden rather than shown as a Dataset or Method.

>>> votes("We evaluate on MNIST, SVHN and CelebA datasets.", "SVHN")
'Dataset'
>>> votes("Our method fools trackers such as DaSiamRPN, UpdateNet, and DiMP.", "DiMP")
'Method'
>>> votes("CN-CELEB: a challenging Chinese speaker recognition dataset", "CN-CELEB")
'Dataset'
>>> votes("It surpasses DCCRN in terms of PESQ and NoiseMOS.", "NoiseMOS")
'Metric'
>>> votes("GDPNet outperforms strong baselines.", "GDPNet")
'Method'
>>> votes("Tasks such as question answering, NER and POS tagging.", "NER")
'Task'
>>> votes("It is more stable as compared to TideSep and Conv-TideSep.", "TideSep")
'Method'
>>> votes("We reformat two VQA datasets, COCO-QA and DAQUAR, into one format.", "DAQUAR")
'Dataset'
>>> votes("On DialogRE and TACRED, we show that GDPNet works.", "TACRED")
'Dataset'
>>> votes("We use BERT to encode sentences.", "BERT") is None
True
>>> votes("We record XQ-7 signals from the scalp.", "XQ-7"), votes("We train on XQ-7 images.", "XQ-7")
('Concept', 'Dataset')
>>> votes("QuillGen: Seismic Waveform Synthesis with GANs", "QuillGen") is None
True
>>> votes("In both node tagging tasks, ReefNet achieves the best scores.", "ReefNet")
'Method'
>>> votes("Results on the benchmark datasets: REEF14, BSD9, KELP2003", "KELP2003")
'Dataset'
>>> votes("Using ReefMel features increased F1 score by 5%.", "ReefMel") is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.head_words import OBJECT_HEADS
from extract.lexicon import default_lexicon
from extract.normalise import canonical_key, singular
from extract.vocab import default_vocabulary
from kg.build.curation import is_model_family
from queries.schema import CONCEPT, DATASET, METHOD, METRIC, TASK

#: nouns that make what stands beside them data
_DATASET_NOUNS = frozenset(
    {
        "dataset",
        "corpus",
        "corpora",
        "benchmark",
        "database",
        "treebank",
        "collection",
        "registry",
        "biobank",
        "databank",
    }
)
#: nouns that make what stands beside them a method or a system (beyond ``method_heads.txt``)
_METHOD_NOUNS = frozenset(
    {
        "tracker",
        "baseline",
        "variant",
        "agent",
        "toolkit",
        "toolbox",
        "library",
        "package",
        "software",
        "net",
        "solution",
        "technique",
        "system",
    }
)
#: ``method_heads.txt`` words that name parts or quantities rather than a method ("the X loss", "X embedding")
_NOT_METHOD_NOUNS = frozenset({"function", "loss", "kernel", "layer", "embedding", "grammar", "regularization"})
#: nouns that make what stands beside them a measure
_METRIC_NOUNS = frozenset({"metric", "measure", "score"})
#: nouns that make what stands beside them a task ("tasks such as question answering, NER")
_TASK_NOUNS = frozenset({"task", "subtask", "problem"})
#: nouns of a competition or its parts ("the DSTC8 challenge", "ReefQA-2 track", "the WMT 2019 shared task"): what
#: a numbered name so called is a benchmark, data one evaluates on (a Dataset); without a number a name before
#: them is left to the other cues (:data:`EVENT`)
_EVENT_NOUNS = frozenset({"challenge", "competition", "track", "subtrack", "leaderboard"})
#: the class :func:`_class_of` gives an event noun; :func:`votes` makes it a Dataset for a numbered name
EVENT = "Event"
#: a version or number after a name: "2.0", "v2", "III", "4", "2019"
_VERSION_WORD = re.compile(r"v?\d{1,4}(?:\.\d{1,2})*|II|III|IV|VI|VII|VIII|IX|XI|XII")
#: verbs after a name that only a method does
_METHOD_VERBS = frozenset(
    "outperforms outperformed outperform achieves achieved learns predicts generates surpasses beats "
    "improves leverages employs exploits fails succeeds converges".split()
)
#: verbs of change after a noun phrase ("using X features increased F1 score": the head is "features")
_CHANGE_VERBS = frozenset(
    "increased increases decreased decreases improved reduced reduces raised raises lowered lowers boosted boosts "
    "yielded yields showed shows gave gives brought brings led leads".split()
)
#: words that end the noun phrase after a name (its head is the last word before them)
_STOPS = (
    frozenset(
        "of for with on in to from by at via as that which who whose where when while than and or but is are was "
        "were be been has have had can could may might will would should does do did using based into over under "
        "between across among within against through per after before without toward towards than such both each all "
        "its their our this these those the a an it we".split()
    )
    | _METHOD_VERBS
    | _CHANGE_VERBS
)
#: words that introduce a list of examples after the noun they hang from
_EXAMPLE_OPENERS = re.compile(r"(?:such\s+as|including|like|e\.g\.,?|namely|i\.e\.,?|--|—|:)\s*$", re.IGNORECASE)
#: a semicolon written for a colon before a list ("three KBQA datasets; QALD-7, QALD-9, and LC-QuAD 1.0"): an
#: opener only for an item of a list, a name alone after it begins a clause
_LIST_SEMICOLON = re.compile(r";\s*$")
#: words before what a paper solves: "the task of X", "we address X" (a Task)
_TASK_OF = re.compile(
    r"\b(?:(?:task|problem)s?\s+of|address(?:es|ed|ing)?|tackl(?:e|es|ed|ing)|"
    r"predict(?:s|ed|ing)?|forecast(?:s|ed|ing)?|diagnos(?:e|es|ed|ing)|(?:prediction|diagnosis|onset)\s+of|"
    r"(?:solutions?|approach(?:es)?|methods?|models?|algorithms?|techniques?|frameworks?)\s+(?:for|to))"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: words that name what follows them ("a new algorithm called X")
_NAMING = re.compile(r"(?:called|named|dubbed|termed|coined|denoted(?:\s+as)?|,\s*namely)\s*$", re.IGNORECASE)
#: a list before the name: "A, B, and " or "A and " (items of one to three words, no function word)
_ITEM_WORD = (
    r"(?<![^\s(])(?!(?:of|in|on|to|for|the|a|an|with|by|from|as|at|than|and|or|such|including|like)\b)[^\s,;()]+"
)
_LIST_BEFORE = re.compile(rf"(?:{_ITEM_WORD}(?:\s+{_ITEM_WORD}){{0,2}}\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+))+$")
#: a list after the name: ", B and C" (items written as names)
_LIST_AFTER = re.compile(r"^(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)[^\s,;()]*[A-Z0-9][^\s,;()]*)+")
#: an apposition opener after the name: ", a", ": an", " -- the", " (a"
_APPOSITION = re.compile(r"^\s*(?:,|:|--|—|–|\(|as|is)\s*(?:a|an|the)\s+", re.IGNORECASE)
#: evaluation or training before "on"/"across" ("experiments on", "state-of-the-art results on", "trained on")
_EVALUATION = re.compile(
    r"\b(?:evaluat\w*|experiment\w*|result\w*|test\w*|train\w*|fine-?tun\w*|pre-?train\w*|benchmark\w*|"
    r"validat\w*|state-of-the-art|sota|accurac\w*|performance|scores?|demonstrat\w*)\b[^.;:]{0,60}"
    r"\b(?:on|across)\s+(?:the\s+|both\s+|several\s+|three\s+|two\s+|four\s+|four\s+)?$",
    re.IGNORECASE,
)
#: words before a name it is compared with ("compared to X", "than X", "outperforms X")
_COMPARED = re.compile(
    r"\b(?:compared\s+(?:to|with)|than|versus|vs\.?|outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|beat(?:s|ing)?)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: verbs whose object, before "on X", is what is evaluated or trained (a method): "we compare ReefDet and KelpNet
#: on the OceanScenes benchmark", "we evaluate ReefDet on", "we fine-tune KelpBERT on"
_SUBJECT_VERBS = re.compile(
    r"\b(?:compar\w*|evaluat\w*|test(?:s|ed|ing)?|benchmark(?:s|ed|ing)?|train(?:s|ed|ing)?|"
    r"fine-?tun\w*|pre-?train\w*|re-?train\w*|apply|applies|applied|applying|run(?:s|ning)?|ran|deploy\w*)"
    r"\s+(?:the\s+|our\s+|a\s+|an\s+|both\s+)?$",
    re.IGNORECASE,
)
#: names of a list up to "on" after the name: ", KelpNet and Faster R-CNN on" (names only: a capital or a digit)
_NAMES_THEN_ON = re.compile(
    r"^(?>(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and\s+|or\s+)?)(?=[^\s,;()]*[A-Z0-9])[^\s,;()]++){0,8}\s+on\s"
)
#: a name (or the list it ends) said to be proposed ("TideSep and Conv-TideSep have been proposed")
_PROPOSED = re.compile(
    r"^(?:\s*(?:,|and|or)\s*[^\s,;()]+)*\s+(?:has|have|was|were)\s+(?:been\s+)?(?:recently\s+)?proposed\b"
)
#: a title's colon or dash after the name, with or without an article ("SpAtten: Efficient Sparse Attention Architecture")
_TITLE_COLON = re.compile(r"^\s*(?::|--|—)\s*(?:(?:a|an|the)\s+)?", re.IGNORECASE)
_ON = re.compile(r"\b(?:on|across)\s+(?:\w+\s+)?$", re.IGNORECASE)
_OPEN_PAREN = re.compile(r"\s*\(\s*$")
_PARENTHESIS = re.compile(r"^\s*\([^()]*\)")
#: words before a source a study searches or retrieves from ("searched in Embase", "a search of Scopus", "retrieved
#: from PubMed", "searched PubMed, Embase and"): data, a Dataset (not "search over", "retrieved using", "Architecture
#: Search (DARTS)", the noun in "beam search and kelp learning")
_SOURCE = re.compile(
    r"\b(?:search(?:ed|ing)(?:\s+(?:in|of|through|within))?|searche?s?\s+(?:in|of|through|within)|"
    r"retrieved\s+from|downloaded\s+from)"
    r"\s+(?:the\s+)?(?:(?:electronic|online|bibliographic)\s+)?(?:databases?\s*[:,]?\s*)?$"
)  # case-sensitive: "Architecture Search (DARTS)" is a name's word
_IN_TERMS_OF = re.compile(r"\bin\s+terms\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+-]*")


@lru_cache(maxsize=1)
def _noun_class() -> dict[str, str]:
    lex = default_lexicon()
    out = dict.fromkeys(OBJECT_HEADS, CONCEPT)  # "ECoG signals", "the XQ-7 devices": an object, no method
    out.update(dict.fromkeys((lex.method_heads | _METHOD_NOUNS) - _NOT_METHOD_NOUNS, METHOD))
    out.update(dict.fromkeys(lex.dataset_heads | _DATASET_NOUNS, DATASET))
    out.update(dict.fromkeys(_METRIC_NOUNS, METRIC))
    out.update(dict.fromkeys(_TASK_NOUNS, TASK))
    out.update(dict.fromkeys(_EVENT_NOUNS, EVENT))
    return out


@lru_cache(maxsize=8192)
def _class_of(word: str) -> str | None:
    w = word.lower().strip("-")
    found = _noun_class().get(w) or _noun_class().get(singular(w))
    if found is None and (
        w in default_vocabulary().model_families or singular(w) in default_vocabulary().model_families
    ):
        return METHOD  # "existing GNNs (e.g. GCN, JKNet)", "CNNs such as"
    return found


def _family_listed(*parts: str) -> bool:
    """Whether an item of the list ``parts`` hold (the items before a name and after it) is a model family of the
    shipped gazetteer ("YOLOv4", "ResNet-50", "BERT"), whatever else the list holds."""
    for part in parts:
        for item in re.split(r",|\band\b|\bor\b", part[-80:]):
            words = item.strip(" ()").split()
            for i in range(max(0, len(words) - 3), len(words)):  # its last words: "Faster R-CNN", "fools YOLOv4"
                name = " ".join(words[i:])
                if any(c.isupper() or c.isdigit() for c in words[i]) and is_model_family(canonical_key(name)):
                    return True
    return False


def _head_after(text: str, limit: int = 6) -> str | None:
    """The class of the last head noun of the phrase that starts ``text``, up to a stop word."""
    found = last = None
    previous = ""
    for i, m in enumerate(_WORD.finditer(text)):
        if i >= limit or m.group().lower() in _STOPS:
            break
        if text[: m.start()].strip(" -").count(",") or any(c in text[: m.start()] for c in ".;:()"):
            break
        last = EVENT if previous == "shared" and _class_of(m.group()) == TASK else _class_of(m.group())
        found = last or found
        previous = m.group().lower()
    # an object only as the head itself ("XQ-7 signals", not "Seismic Waveform Synthesis")
    return None if found == CONCEPT and last != CONCEPT else found


def _noun_before(text: str) -> str | None:
    """The class of the word ``text`` ends with."""
    words = _WORD.findall(text[-40:])
    return _class_of(words[-1]) if words else None


def _before_list(left: str) -> list[str]:
    """``left``, and when it ends a list ("datasets, COCO-QA and ", "such as A, B, and "), ``left`` cut before
    each item of the list, from the last: items are names (a capital or a digit) or at most two words in
    lower case, between commas, "and" and "or"."""
    out = [left]
    tokens = list(re.finditer(r"[^\s,]+|,", left))
    if not tokens or tokens[-1].group() not in (",", "and", "or"):
        return out
    cut, lower = len(tokens), 0
    while cut > 0:
        t = tokens[cut - 1].group()
        if t in (",", "and", "or"):
            cut -= 1
        elif any(c.isupper() or c.isdigit() for c in t) or (lower < 2 and t.isalpha() and t.lower() not in _STOPS):
            lower += not any(c.isupper() or c.isdigit() for c in t)
            cut -= 1
            if t.startswith("("):  # "datasets (MIT-67, Scene15 and"
                out.append(left[: tokens[cut].start()] + " (")
                break
        else:
            break
        prev = tokens[cut - 1].group() if cut else ""
        if prev.lower() in _STOPS or not any(
            c.isupper() or c.isdigit() for c in prev
        ):  # only a word or a comma can be a cue
            out.append(left[: tokens[cut].start()])
    return out


def _left_cue(before: str, listed: bool = True) -> str | None:
    """The type the words before a name (or before the list it ends) give it; ``listed``: whether the name is an
    item of a list ("two VQA datasets, COCO-QA and DAQUAR"): a noun and a comma before a name alone end a clause
    ("In node classification tasks, LATTE achieves"), they do not name it."""
    before = _OPEN_PAREN.sub(" ", before)  # "datasets (e.g., X"
    if not before.strip():
        return None
    if not listed and before.rstrip().endswith(","):
        before_noun = False
    else:
        before_noun = True
    for opener in (_EXAMPLE_OPENERS, _NAMING, *((_LIST_SEMICOLON,) if listed else ())):
        tail = before[-24:]
        m = opener.search(tail)
        if m:
            noun = _noun_before(before[: len(before) - len(tail) + m.start()].rstrip(" ,("))
            if noun is not None:
                return noun
    last = _WORD.findall(before[-30:])[-1:]
    if before_noun and last and before.rstrip(" ,").endswith(last[0]) and _class_of(last[0]) is not None:
        return _class_of(last[0])  # "the dataset MNIST", "the model BERT", "two datasets, COCO-QA and DAQUAR"
    if _IN_TERMS_OF.search(before[-24:]):
        return METRIC
    if _TASK_OF.search(before[-30:]):
        return TASK  # "the task of ReefSeg-style segmentation", "we address X"
    if _SOURCE.search(before[-50:]):
        return DATASET  # "searched in Embase, Scopus and", "retrieved from PubMed"
    if _ON.search(before[-24:]) and (_EVALUATION.search(before) or before.strip().lower() in ("on", "across")):
        return DATASET
    if _COMPARED.search(before[-24:]):
        return METHOD  # "compared to TideSep", "outperforms X"
    return None


def own_head(text: str) -> str | None:
    """The type a name's own last word gives it, when that word is a dataset or metric noun
    ("CAPSLPDB sleep database", "WIDER FACE Dataset"): for a mention whose text is the whole name.

    >>> own_head("CAPSLPDB sleep database"), own_head("CAPSLPDB"), own_head("segmentation benchmark")
    ('Dataset', None, None)
    """
    words = _WORD.findall(text)
    if len(words) < 2 or not any(c.isupper() or c.isdigit() for c in words[0]):
        return None  # "segmentation benchmark" is no name: the vote and curation judge it
    found = _class_of(words[-1])
    return found if found in (DATASET, METRIC) else None


def numbered(text: str) -> bool:
    """A name with a number in it or a version after it ("DSTC8", "HateSpeech 3", "ReefQA v2"; not "ReefNet").

    >>> numbered("DSTC8"), numbered("HateSpeech 3"), numbered("ReefNet")
    (True, True, False)
    """
    return any(c.isdigit() for c in text) or bool(_VERSION_WORD.fullmatch(text.split()[-1] if text.split() else ""))


def votes(sentence: str, text: str) -> str | None:
    """The type the sentence gives the name ``text`` (its first occurrence), or ``None``. A numbered name
    (:func:`numbered`) that a competition's noun names ("the ReefQA-2 challenge", "KelpFact-Track 2", "the
    2019 shared task"), in its own words or its sentence's, is a benchmark: a Dataset."""
    return _votes(sentence, text)


def _event(cue: str | None, text: str, unnumbered: str | None = CONCEPT) -> str | None:
    """An event noun's cue for the name ``text``: data for a numbered name, else ``unnumbered`` (a head after
    the name: an object, no method, "the ReefQA competition"; a noun before it says nothing, "our entry in
    the competition, named ReefTagger")."""
    if cue != EVENT:
        return cue
    return DATASET if numbered(text) else unnumbered


def _votes(sentence: str, text: str) -> str | None:
    i = sentence.find(text)
    if i < 0:
        return None
    if i > 0 and (sentence[i - 1].isalnum() or sentence[i - 1] in "-_"):
        return None  # a piece of a longer word
    end = i + len(text)
    if end < len(sentence) and (sentence[end].isalnum() or sentence[end] in "-_"):
        return None
    left, right = sentence[max(0, i - 120) : i], sentence[end : end + 120]  # the clause around it is enough
    words = _WORD.findall(text)
    if (
        len(words) > 1
        and _class_of(words[-1]) in (DATASET, METRIC)
        and all(w[0].isupper() or w[0].isdigit() for w in words[:-1])
    ):
        return _class_of(words[-1])  # "WIDER FACE Dataset": the name says it
    named = [w for w in text.split() if not _VERSION_WORD.fullmatch(w)]
    last = re.split(r"[-‐‑]", named[-1])[-1] if named else ""
    if (
        len(named) < len(text.split())
        and last
        and all(w[:1].isupper() or w[:1].isdigit() for w in named)  # not "BRUMS at ReefEval Task 12", a team's entry
        and (_class_of(last) in (EVENT, TASK) or singular(last.lower()) == "subtask")
    ):
        return DATASET  # "KelpFact-Track 2", "ReefEval Task 4": a numbered part of a competition
    # after the name: its own head ("X dataset"), past a list ("X, Y and Z datasets")
    listed = _LIST_AFTER.match(right)
    after = right[listed.end() :] if listed else right
    after = _PARENTHESIS.sub("", after)  # "Long Name (LN) dataset"
    bracketed = listed is None and after[:1] == ")" and left.rstrip().endswith("(")
    if bracketed:
        after = after[1:]  # "Long Name (LN) registry": the short form in its parentheses takes the head after them
    head = _event(_head_after(after), text) if after[:1] in (" ", "-") else None
    if bracketed and head == TASK:  # a task head after them is what the named thing is for: "K-GP regression problem"
        head = None
    if head is not None and head != CONCEPT:
        return head
    thing = head  # "XQ-7 signals": an object, when no other cue below types the name
    # before the name: the noun a list hangs from, or that names it, or what is done on it
    # a name in a list: one goes on after it, or "and"/"or" stands before it ("A, B and C")
    before_comma = _WORD.findall(left.rstrip(" ,")[-30:])[-1:]
    in_list = (
        listed is not None
        or bool(re.search(r"\b(?:and|or)\s*$", left))
        or any(c.isupper() or c.isdigit() for c in "".join(before_comma))  # "SET14, BSD300, ICDAR2003"
    )
    befores = _before_list(left)
    if _NAMES_THEN_ON.match(right[:200]) and any(_SUBJECT_VERBS.search(b[-40:]) for b in befores):
        return METHOD  # "we compare ReefDet, KelpNet and Faster R-CNN on X": what is compared, not the data
    if (listed is not None or len(befores) > 1) and _family_listed(
        left[len(befores[-1]) :], right[: listed.end() if listed else 0]
    ):
        return METHOD  # "results on YOLOv4 and KelpRCNN": a list with a known model family is a list of models
    for i, before in enumerate(befores):
        if i > 0 and not in_list and left.rstrip().endswith(","):
            break  # "In node tagging tasks, ReefNet achieves": a clause before a name alone, no list
        cue = _event(_left_cue(before, listed=in_list or i > 0), text, None)
        if cue is not None and cue != CONCEPT:
            return cue
        thing = thing or cue
    appos = _APPOSITION.match(right) or _TITLE_COLON.match(
        right
    )  # "X, a model that", "X: a speaker recognition dataset"
    if appos:
        head = _event(_head_after(right[appos.end() :]), text)
        if head is not None and head != CONCEPT:
            return head
        thing = thing or head
    if _PROPOSED.match(right):
        return METHOD  # "TideSep and Conv-TideSep have been proposed"
    verb = _WORD.match(right.lstrip())
    if verb and right[:1] == " " and verb.group().lower() in _METHOD_VERBS:
        return METHOD
    return thing


#: what a phrase is used as in a sentence (:func:`use_of`): what is solved, or what is used to solve it
PROBLEM, MEANS = "problem", "means"
#: words before a phrase that use it as a means: "we apply X", "using X", "via X", "X-based", "by X"
_MEANS_BEFORE = re.compile(
    r"\b(?:using|uses?|used|employ(?:s|ed|ing)?|via|through|by(?:\s+means\s+of)?|with|based\s+on|"
    r"leverag(?:e|es|ed|ing)|adopt(?:s|ed|ing)?|apply(?:ing)?|applies|combin(?:e|es|ed|ing))"
    r"\s+(?:(?:the|a|an|our|their|its|standard|simple|existing)\s+)?$",
    re.IGNORECASE,
)
#: words after a phrase that use it as a means: "X is applied", "X reduces", "X-based" (not "X techniques": a
#: technique for X, which names X a problem as often)
_MEANS_AFTER = re.compile(
    r"^(?:-based\b|\s+(?:is|are|was|were|can\s+be|has\s+been|have\s+been)\s+(?:\w+\s+)?"
    r"(?:used|applied|employed|adopted|utili[sz]ed)\b|\s+(?:reduces|reduced|improves|improved|removes|"
    r"lowers|speeds|compresses|helps|yields|enables)\b)",
    re.IGNORECASE,
)
#: words before a phrase that name it as what is solved: "the task of X", "address X", "methods for X",
#: "applied to X", "applications such as X"
_PROBLEM_BEFORE = re.compile(
    r"\b(?:(?:task|problem|challenge)s?\s+(?:of|in|for)|address(?:es|ed|ing)?|tackl(?:e|es|ed|ing)|"
    r"solv(?:e|es|ed|ing)|for|(?:approach(?:es)?|applied)\s+to|applications?\s+(?:in|to|of|such\s+as|including|like)|"
    r"(?:area|field|context)\s+of|(?:advances?|progress|research|work|studies)\s+(?:in|on))"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: words after a phrase that name it as what is solved: "X task", "X is a challenging problem", "X benchmark"
_PROBLEM_AFTER = re.compile(
    r"^(?:\s+(?:tasks?|problems?|benchmarks?|challenges?|subtasks?)\b|"
    r"\s+(?:is|are|remains?)\s+(?:a|an|the)\s+(?:\w+\s+){0,3}?(?:tasks?|problems?|challenges?)\b)",
    re.IGNORECASE,
)


def use_of(sentence: str, text: str) -> str | None:
    """Whether the sentence names the phrase ``text`` as what is solved (:data:`PROBLEM`: "the task of X",
    "we address X", "methods for X", "X is a challenging problem") or uses it as a means (:data:`MEANS`: "we
    apply X", "using X", "X reduces", "X-based"), or neither (``None``). A problem's cue wins
    over a means' in one sentence ("using X for Y" names Y a problem, X a means).

    >>> use_of("We apply kelp pruning to shrink the model.", "kelp pruning")
    'means'
    >>> use_of("We address kelp pruning with a new loss.", "kelp pruning")
    'problem'
    >>> use_of("Kelp pruning is used to shrink models.", "Kelp pruning") , use_of("A survey of kelp pruning.", "kelp pruning")
    ('means', None)
    """
    i = sentence.find(text)
    if i < 0:
        return None
    left, right = sentence[max(0, i - 60) : i], sentence[i + len(text) : i + len(text) + 60]
    if _PROBLEM_BEFORE.search(left) or _PROBLEM_AFTER.match(right):
        return PROBLEM
    if _MEANS_BEFORE.search(left) or _MEANS_AFTER.match(right):
        return MEANS
    return None
