"""The paper's own contribution, the names a paper gives in passing (issue 17, point 4): a short name in
brackets after "a novel ...", a name after "namely", a name given with "termed" after "a novel ...", a
capitalised name before the noun that says what it is, the members of "a family of X models", and a
coordination the paper gives one short name. Every title and abstract is invented for its rule."""

from __future__ import annotations

from extract.components import contribution_model
from queries.schema import DATASET, METHOD


def proposed(extractor, title: str, abstract: str) -> dict[str, str]:
    """key -> label of what the paper proposes."""
    return {m.key: m.label for m in extractor.extract(title, abstract).mentions if m.role == "proposes"}


def proposed_texts(extractor, title: str, abstract: str) -> set[str]:
    return {m.text for m in extractor.extract(title, abstract).mentions if m.role == "proposes"}


def rules_proposed(extractor, monkeypatch, title: str, abstract: str) -> dict[str, str]:
    """What the rules alone propose (the candidates the learned decision scores), key -> label."""
    monkeypatch.setattr(contribution_model, "ENABLED", False)
    return proposed(extractor, title, abstract)


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
    title = "Swell Periods Near Kelp Beds"
    abstract = (
        "We model swell periods near kelp beds with a damped tidal oscillator (DTO), "
        "and we fit a multivariate kelp density (MKD) to the buoy logs. A stiffer spring matches "
        "the buoy logs better."
    )
    texts = proposed_texts(extractor, title, abstract)
    assert not texts & {"DTO", "MKD", "damped tidal oscillator", "multivariate kelp density"}, texts


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


def test_a_hyphenated_long_form_named_with_its_short_form_gives_the_short_name(extractor):
    from extract.components.roles import _listed_name

    doc = extractor.nlp("We use a novel mixing network named tide-adaptive QMixer (TA-QMixer) to assign credit.")
    start = next(t.i for t in doc if t.text == "named") + 1
    short = _listed_name(doc, start, spelt=True)  # "tide-adaptive" is one token: a word, not a stop
    assert short is not None and short.text == "TA-QMixer", short


def test_a_name_that_begins_a_variant_the_paper_also_names_stays_a_candidate(extractor, monkeypatch):
    title = "Wider Descriptors for Small Networks"
    abstract = (
        "Small networks learn few distinct descriptors. We present a family of GillNet models whose last "
        "layers widen the descriptor pool. Our GillNet-S beats larger networks at the same cost."
    )
    found = rules_proposed(extractor, monkeypatch, title, abstract)
    assert "gillnet" in found and "gillnet s" in found, found  # a variant's name is no long form of GillNet


def test_a_new_name_a_sentence_describes_as_made_of_parts_is_proposed(extractor):
    title = "A Shared Benchmark for Reef Monitoring"
    abstract = (
        "Reef monitoring lacks shared data. ReefBench consists of 12 tasks over 40 sites, with annotated "
        "images for each task. Baselines reach 40% accuracy."
    )
    assert proposed(extractor, title, abstract).get("reefbench") == "Dataset", proposed(extractor, title, abstract)


def test_a_name_spoken_of_before_its_description_is_not_proposed_for_it(extractor):
    title = "Error Analysis on Reef Data"
    abstract = (
        "We study errors of detectors trained on KelpSet, a public survey collection. KelpSet contains "
        "4,000 images from six sites. Most errors come from turbid water."
    )
    assert "kelpset" not in proposed(extractor, title, abstract), proposed(extractor, title, abstract)


def test_a_short_name_spelt_by_odd_capitals_of_its_long_form_is_proposed(extractor):
    title = "Removing Order Bias in Reef Log Readers"
    abstract = (
        "Readers of reef logs prefer entries shown first. Attention between entries is made bidirectional, "
        "therefore enabling Order-FRee rEading (OFRE) at the entry level. Accuracy rises on three logs."
    )
    texts = proposed_texts(extractor, title, abstract)
    assert "OFRE" in texts or "Order-FRee rEading" in texts, texts


def test_a_latex_tie_before_a_short_form_does_not_hide_the_definition(extractor):
    record = extractor.extract("Tides", "We train a small tide prompt network~(TPNet) on buoy data.")
    assert record.abbreviations.get("tpnet") == "tide prompt network", record.abbreviations


def test_a_short_name_given_to_what_we_collect_or_train_is_proposed(extractor):
    title = "Counting Reef Fish from Drifting Cameras"
    abstract = (
        "Counting reef fish from drifting cameras is hard because the view never rests. We design a "
        "tide-aware capture pipeline and collect a large-scale drifting reef dataset~(DRD) that holds "
        "40k annotated frames. With DRD we trained a small kelp counting network (KCNet) that counts "
        "fish frame by frame. KCNet halves the counting error on three harbour surveys."
    )
    found = proposed(extractor, title, abstract)  # an entity is keyed by the long form its short name stands for
    assert found.get("kelp counting network") == METHOD, found
    assert found.get("drifting reef dataset") == DATASET, found


def test_a_short_name_of_what_we_only_use_or_fit_is_not_proposed(extractor, monkeypatch):
    title = "Counting Reef Fish from Drifting Cameras"
    abstract = (
        "Counting reef fish from drifting cameras is hard. We fit a mixed kelp density (MKD) to the "
        "frames and use a harbour counting network (HCN) to count the fish. The counts match the divers' "
        "counts on three harbour surveys."
    )
    texts = set(rules_proposed(extractor, monkeypatch, title, abstract))
    assert not any(k.startswith(("mkd", "hcn", "mixed kelp", "harbour counting")) for k in texts), texts


def test_a_name_after_our_novel_is_proposed(extractor, monkeypatch):
    title = "Quiet Echoes Count: Sonar Classifiers Trained with Balanced Weights"
    abstract = (
        "Tiny sonar classifiers overfit to loud echoes. To stop this, our novel Echo Balance Loss weights "
        "every quiet echo three times higher than a loud one. Across three harbour surveys the classifiers "
        "then miss fewer wrecks."
    )
    assert "echo balance loss" in rules_proposed(extractor, monkeypatch, title, abstract)
