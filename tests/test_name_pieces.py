"""No mention is a piece of a longer name written in the same sentence (issue 17).

Every name below is invented. Each rule has three checks: the whole name is kept, the piece is no
mention (so no node), and a name used as a modifier ("KelpNet-based") still gives its name.
"""

from __future__ import annotations

import pytest

from extract.components.name_runs import joined_names, name_piece, name_rest, with_version
from kg.build.builder import build_graph
from kg.core.papers import Paper


def _keys(extractor, abstract: str, title: str = "") -> set[str]:
    rec = extractor.extract(title, abstract, "p")
    return {m.key for m in rec.mentions}


def test_a_version_after_a_name_belongs_to_it(extractor):
    keys = _keys(extractor, "We train Marlin v2 and compare it with WavKelp 2.0 on the TidePool corpus.")
    assert "marlin v2" in keys and "wavkelp 2.0" in keys
    assert "marlin" not in keys and "wavkelp" not in keys


def test_a_bare_number_that_counts_the_noun_after_it_is_no_version(extractor):
    keys = _keys(extractor, "We run KelpNet 3 times on the TidePool corpus.")
    assert "kelpnet" in keys
    assert not any(k.startswith("kelpnet3") or k.startswith("kelpnet 3") for k in keys)


def test_a_numbered_campaign_is_kept_whole(extractor):
    keys = _keys(extractor, "We describe our entry to ReefEval 2: multilingual coral labelling in shallow water.")
    assert "reefeval2" in keys and "reefeval" not in keys


def test_capitalised_words_before_a_name_are_not_stripped_as_modifiers(extractor):
    keys = _keys(extractor, "Finally, a Naive Kelpian classifier and a Fully Connected Reefnet are trained on it.")
    assert "naive kelpian classifier" in keys and "fully connected reefnet" in keys
    assert "kelpian classifier" not in keys and "connected reefnet" not in keys


def test_lower_case_modifiers_are_still_stripped(extractor):
    keys = _keys(extractor, "Finally, a naive kelp classifier is trained on the TidePool corpus.")
    assert "kelp classifier" in keys and "naive kelp classifier" not in keys


def test_a_name_cut_before_its_last_capitalised_word_runs_on(extractor):
    doc = extractor.nlp("We present our work in the Coral Reef Mapping Challenges 8 (CRMC8) this year.")
    cut = doc[6:9]
    assert cut.text == "Coral Reef Mapping"
    assert name_rest(cut, 8).text == "Coral Reef Mapping Challenges"
    assert with_version(name_rest(cut, 8)).text == "Coral Reef Mapping Challenges 8"
    assert name_rest(doc[3:4], 8).text == "work"  # a lower-case word runs on to nothing


def test_a_numbered_track_is_no_bare_track(extractor):
    keys = _keys(extractor, "We describe our entry to Track 4 of the Coral Reef Mapping Challenges 8 (CRMC8).")
    assert "coral reef mapping challenges8" in keys
    assert "track" not in keys


def test_a_name_token_before_more_capitalised_words_is_no_name_of_its_own(extractor):
    doc = extractor.nlp("We propose a new framework, REefy Algorithmic Recourse (RAR), while ReefNet uses BERT.")
    by_text = {t.text: t for t in doc}
    assert name_piece(by_text["REefy"])
    assert not name_piece(by_text["ReefNet"]) and not name_piece(by_text["BERT"])
    keys = _keys(extractor, "We propose a new framework, REefy Algorithmic Recourse (RAR), for robust reef tracking.")
    assert "reefy algorithmic recourse" in keys and "reefy" not in keys


def test_a_name_inside_a_longer_name_gives_no_mention(extractor):
    keys = _keys(extractor, "We introduce the EXtended Reef Tracker (EXRT) for coral monitoring.")
    assert "extended reef tracker" in keys and "extended" not in keys
    keys = _keys(extractor, "Our index is built from the K&R 500 index of listed reefs.")
    assert "k&r" not in keys


def test_a_name_used_as_a_modifier_still_gives_its_name(extractor):
    keys = _keys(extractor, "We train a KelpNet-based detector and compare ReefFormer variants on the TidePool corpus.")
    assert "kelpnet" in keys and "reefformer" in keys


def test_a_name_joined_by_to_or_of_is_one_name(extractor):
    keys = _keys(extractor, "We propose Document to Sequence Kelp, a model that maps documents to tags.")
    assert "document to sequence kelp" in keys
    assert "sequence kelp" not in keys and "document" not in keys and "sequence" not in keys


def test_two_names_compared_are_not_joined(extractor):
    keys = _keys(extractor, "We compare KelpNet to ReefNet on two coral tasks.")
    assert "kelpnet" in keys and "reefnet" in keys
    assert not any("kelpnet to" in k for k in keys)


def test_a_range_from_one_name_to_another_is_two_names(extractor):
    keys = _keys(extractor, "Our study covers methods from Kelp Filter to Reef Forests on coral tasks.")
    assert not any("kelp filter to" in k for k in keys)


def test_a_number_glued_to_letters_is_stripped_whole(extractor):
    keys = _keys(extractor, "Finally, the model is trained on 35K human generated instructions for 6G expectations.")
    assert keys.isdisjoint({"k human generated instruction", "g expectation"})


def test_pieces_of_web_addresses_are_no_names(extractor):
    keys = _keys(
        extractor, r"Code is at \url{https://github.com/kelpy/Reef_Growing_NMT} and https://youtu.be/xKelpQ9 now."
    )
    assert not any("reef growing" in k or "kelpy" in k or "xkelpq9" in k for k in keys)


def test_a_sentence_in_capitals_gives_no_names(extractor):
    rec = extractor.extract("", "KelpNet maps coral reefs. ABSTRACT SHORTENED DUE TO REEF LIMIT", "p")
    assert "kelpnet" in {m.key for m in rec.mentions}
    assert not any(m.key in ("reef limit", "abstract shortened due", "abstract") for m in rec.mentions)


@pytest.mark.parametrize(
    "abstract, whole, piece",
    [
        (
            "We propose Document to Sequence Kelp for tagging coral reports.",
            "document to sequence kelp",
            "sequence kelp",
        ),
        ("We train Marlin v2 for tagging coral reports.", "marlin v2", "marlin"),
    ],
)
def test_the_graph_holds_the_whole_name_and_no_node_for_the_piece(extractor, abstract, whole, piece):
    rec = extractor.extract("Coral tagging", abstract, "p1")
    G = build_graph([Paper(id="p1", title="Coral tagging", abstract=abstract)], {"p1": rec})
    keys = {d.get("key") or n.split(":", 1)[1] for n, d in G.nodes(data=True) if d.get("label") != "Paper"}
    assert whole in keys
    assert piece not in keys


def test_a_name_cut_after_its_first_capitalised_word_runs_back(extractor):
    doc = extractor.nlp("We present a new encoder, KELB (Aligned Kelp Bidirectional EncodeR), for reefs.")
    by_text = {t.text: t.i for t in doc}
    cut = doc[by_text["Kelp"] : by_text["EncodeR"] + 1]
    assert name_rest(cut, 8, left=True).text == "Aligned Kelp Bidirectional EncodeR"
    assert name_rest(cut, 8).text == "Kelp Bidirectional EncodeR"


def test_a_long_form_before_its_short_form_does_not_run_back_over_a_modifier(extractor):
    rec = extractor.extract("", "We train a Gaussian Kelp Autoencoder (KA) on coral images.", "p")
    assert rec.abbreviations.get("ka") == "kelp autoencoder"


def test_names_joined_by_a_double_hyphen_are_one_name(extractor):
    keys = _keys(extractor, "We propose RNN semantic kelp autoencoder (RNN--SKAE), and RNN--SKAE beats two baselines.")
    assert "rnn semantic kelp autoencoder" in keys
    assert "skae" not in keys
    keys = _keys(extractor, "We evaluate the models on reefs---KelpSet and CoralSet---in two seasons.")
    assert "kelpset" in keys  # a dash between words still parts them


def test_a_name_that_ends_a_sentence_the_parser_did_not_end_stays_a_name(extractor):
    doc = extractor.nlp("We train on diverse datasets including KelpSet, CORA, and REEF20K. Our approach is fast.")
    stop = next(t for t in doc if t.text.startswith("REEF20K"))
    assert stop.text == "REEF20K." and not stop.nbor().is_sent_start  # the full stop stayed on the name
    assert not name_piece(stop)
    keys = _keys(extractor, "We train on diverse datasets including KelpSet, CORA, and REEF20K. Our approach is fast.")
    assert "reef20k" in keys


def test_a_capitalised_modifier_before_a_lower_case_name_stays_apart(extractor):
    keys = _keys(extractor, "Our tagger gains accuracy on three of four Danish text-to-KELP tasks.")
    assert not any(k.startswith("danish text to kelp") for k in keys)


def test_a_name_for_a_task_is_not_joined_to_the_task(extractor):
    keys = _keys(extractor, "We train a KelpNet for Coral Reef Tumor Segmentation on the TidePool corpus.")
    assert not any(k.startswith("kelpnet for") for k in keys)


def test_a_hyphenated_capitalised_word_starts_a_joined_name(extractor):
    doc = extractor.nlp("We score summaries with Kelp-Oriented Understudy of Reef Evaluation on two corpora.")
    names = [n.text for n in joined_names(doc, 8)]
    assert names == ["Kelp-Oriented Understudy of Reef Evaluation"]
