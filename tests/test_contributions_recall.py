"""The paper's own contribution, the names a paper gives in passing (issue 17, point 4): a short name in
brackets after "a novel ...", a name after "namely", a name given with "termed" after "a novel ...", a
capitalised name before the noun that says what it is, the members of "a family of X models", and a
coordination the paper gives one short name. Every title and abstract is invented for its rule."""

from __future__ import annotations

from queries.schema import METHOD


def proposed(extractor, title: str, abstract: str) -> dict[str, str]:
    """key -> label of what the paper proposes."""
    return {m.key: m.label for m in extractor.extract(title, abstract).mentions if m.role == "proposes"}


def proposed_texts(extractor, title: str, abstract: str) -> set[str]:
    return {m.text for m in extractor.extract(title, abstract).mentions if m.role == "proposes"}


def test_a_short_name_given_in_passing_to_a_novel_thing_is_proposed(extractor):
    title = "Faster Planning over Tidal Graphs"
    abstract = (
        "Planning over tidal graphs is slow because states multiply. To prune them, we rely on a novel "
        "tide-aware lattice planner (TALP) that merges equivalent states. TALP halves the search time on "
        "three harbour maps."
    )
    texts = proposed_texts(extractor, title, abstract)
    assert "TALP" in texts or "tide-aware lattice planner" in texts, texts


def test_a_short_name_of_an_existing_thing_brought_in_is_not_proposed(extractor):
    title = "Decay Rates of Reef Emitters"
    abstract = (
        "We derive a corrected decay law for a quantum two-level emitter (TLE) placed near a reef surface, "
        "and we fit a multivariate kelp density (MKD) to the measured spectra. The corrected law matches "
        "the measurements."
    )
    texts = proposed_texts(extractor, title, abstract)
    assert not texts & {"TLE", "MKD", "quantum two-level emitter", "multivariate kelp density"}, texts


def test_a_name_after_namely_in_a_proposal_sentence_is_proposed(extractor):
    title = "Staged Denoising of Sonar Images"
    abstract = (
        "Sonar images carry heavy speckle. To remove it, we build a staged denoising pipeline that treats "
        "each frequency band in turn, namely `KELPDN'. Experiments on two harbour surveys show that it "
        "removes most of the speckle."
    )
    assert any("kelpdn" in key for key in proposed(extractor, title, abstract)), proposed(extractor, title, abstract)


def test_names_listed_after_namely_are_not_proposed(extractor):
    title = "Question Answering over Reef Logs"
    abstract = (
        "We propose a retrieval step for reef logs and evaluate it on two corpora, namely ReefQA and "
        "KelpQA. The step improves exact match on both."
    )
    found = proposed(extractor, title, abstract)
    assert "reefqa" not in found and "kelpqa" not in found, found


def test_a_name_termed_after_a_novel_thing_without_we_is_proposed(extractor):
    title = "Gaussian Shortcuts in Score Models"
    abstract = (
        "Score models spend most of their steps on coarse structure that a Gaussian approximation already "
        "captures. This observation forms the basis of a novel hybrid sampling method, termed tidal "
        "hopping, which skips the early steps of existing samplers. Tidal hopping halves the number of "
        "steps."
    )
    assert "tidal hopping" in proposed(extractor, title, abstract), proposed(extractor, title, abstract)


def test_a_capitalised_name_before_its_type_noun_is_the_name_not_the_description(extractor):
    title = "Grouping Reef Survey Reports"
    abstract = (
        "Reef survey reports often describe the same event. We release a corpus of 2,000 report pairs and "
        "further propose a novel unsupervised Coral Frame Swap model for the grouping task, which comes "
        "within two points of the best supervised model."
    )
    found = proposed(extractor, title, abstract)
    assert found.get("coral frame swap") == METHOD, found
    assert "unsupervised coral frame swap model" not in found, found


def test_the_members_of_a_family_the_paper_presents_are_proposed(extractor):
    title = "Diverse Descriptors for Small Networks"
    abstract = (
        "Small networks learn few distinct descriptors. To show why diversity matters, we present a "
        "family of GillNet models whose last layers widen the descriptor pool. GillNet models improve "
        "accuracy at the same cost."
    )
    assert "gillnet" in proposed(extractor, title, abstract) or "gillnet model" in proposed(
        extractor, title, abstract
    ), proposed(extractor, title, abstract)


def test_a_coordination_the_paper_gives_one_short_name_is_one_proposed_name(extractor):
    title = "Spiking Controllers for Reef Robots"
    abstract = (
        "Spiking networks are efficient but hard to train for control. We propose a Shoal-coding and "
        "Drift-neurons improved Spiking Reef Network (SDSRN) for compact state representation. SDSRN "
        "controls four reef robots better than dense networks."
    )
    texts = proposed_texts(extractor, title, abstract)
    assert "SDSRN" in texts or any(t.startswith("Shoal-coding and Drift-neurons") for t in texts), texts
