"""The paper's own contribution in a field of studies (issue 17, point 4): a paper that studies what
exists (a gene, a therapy, a molecule) proposes nothing by its title or by a short form in passing; a
paper that makes something new still proposes it. Every title and abstract here is invented (invented
names), one rule and its counter-case each."""

from __future__ import annotations

from extract.components.roles import _said_of_the_field
from queries.schema import METHOD


def proposed(extractor, title: str, abstract: str) -> dict[str, str]:
    """key -> label of what the paper proposes."""
    return {m.key: m.label for m in extractor.extract(title, abstract).mentions if m.role == "proposes"}


# --- a title prefix followed by a subtitle of study -----------------------------------------------


def test_a_prefix_whose_subtitle_says_it_is_studied_is_no_contribution(extractor):
    found = proposed(
        extractor,
        "Otter ZRB7: Variant Detection, Association Analysis and Expression in Kelp Forests",
        "The ZRB7 gene of sea otters varies between colonies. We sequenced ZRB7 in 120 otters and "
        "tested the association of two variants with body weight.",
    )
    assert not any("zrb7" in k for k in found), found


def test_a_prefix_whose_subtitle_says_what_it_is_stays_the_contribution(extractor):
    found = proposed(
        extractor,
        "KelpScan7: A Software Pipeline for Otter Genome Assembly",
        "Otter genomes are hard to assemble. KelpScan7 assembles them in hours on a laptop.",
    )
    assert found.get("kelpscan7") == METHOD, found


def test_a_prefix_of_words_joined_by_a_preposition_is_a_topic(extractor):
    found = proposed(
        extractor,
        "Reef Bleaching After ZX-31 Storms: A Practical Plan for Divers",
        "Coral reefs bleach after ZX-31 storms. We give divers a plan to record the damage.",
    )
    assert not any("bleaching" in k for k in found), found


# --- a title that states a finding about its subject ------------------------------------------------


def test_a_title_subject_the_abstract_treats_as_known_is_no_contribution(extractor):
    found = proposed(
        extractor,
        "Tidal Shading Improves Survival of Young Kelp",
        "Tidal shading is a common practice on kelp farms. In 40 farms, young kelp survived longer "
        "under tidal shading than in full light.",
    )
    assert not any("shading" in k for k in found), found


def test_a_title_subject_the_abstract_proposes_is_the_contribution(extractor):
    found = proposed(
        extractor,
        "Tidal Shading Improves Survival of Young Kelp",
        "Young kelp dies in full light. We propose Tidal Shading, a cover that follows the tide. "
        "Tidal Shading doubles survival in 40 farms.",
    )
    assert "tidal shading" in found, found


def test_a_title_analysis_that_reveals_a_finding_is_no_contribution(extractor):
    found = proposed(
        extractor,
        "Integrated Otterome Analysis Reveals Drivers of Fur Loss",
        "Fur loss in otters is poorly understood. We present an integrated otterome analysis of 60 "
        "animals and find three drivers.",
    )
    assert not any("analysis" in k for k in found), found


# --- short forms in passing --------------------------------------------------------------------------


def test_a_passive_proposal_of_the_field_is_not_the_papers(extractor):
    found = proposed(
        extractor,
        "Effects of cold water on otter sleep",
        "Tidal brine pulsing (TBPx) is currently proposed as a remedy for otter insomnia. We measured "
        "sleep in 30 otters before and after cold baths.",
    )
    assert "tidal brine pulsing" not in found and "tbpx" not in found, found


def test_a_passive_proposal_in_this_paper_stays_the_papers(extractor):
    found = proposed(
        extractor,
        "Otter sleep under cold water",
        "In this paper, a novel sleep tracker named OtterNap is proposed. OtterNap records sleep in the wild.",
    )
    assert "otternap" in found, found


def test_said_of_the_field_reads_the_verb_of_a_passive(extractor):
    doc = extractor.nlp("Several kelp markers have been proposed for otter diets.")
    verb = next(t for t in doc if t.lemma_ == "propose")
    assert _said_of_the_field(verb)
    doc = extractor.nlp("Here, a kelp marker has been proposed for otter diets.")
    verb = next(t for t in doc if t.lemma_ == "propose")
    assert not _said_of_the_field(verb)


def test_an_acronym_inside_a_word_is_no_play_on_letters(extractor):
    found = proposed(
        extractor,
        "Otter fur colour and diet",
        "The kelpoRNAs (kRNAs) of otters are small molecules. We measured them in 20 animals.",
    )
    assert "krnas" not in found and "kelpornas" not in found and "kelporna" not in found, found


def test_capitals_against_the_words_are_still_a_coined_name(extractor):
    found = proposed(
        extractor,
        "Otter fur colour and diet",
        "We measure fur colour with Otter-INvariant fuR Scoring (OINRS) on 20 animals.",
    )
    assert any("oinrs" in k or "scoring" in k for k in found), found


def test_a_capitalised_novel_is_part_of_an_existing_name(extractor):
    found = proposed(
        extractor,
        "Memory in otters",
        "Using a Novel Burrow Choice test (NBCT), we measured the memory of 12 otters.",
    )
    assert "nbct" not in found and "novel burrow choice test" not in found, found


def test_a_lowercase_novel_before_a_short_form_stays_a_contribution(extractor):
    found = proposed(
        extractor,
        "Memory in otters",
        "We design a novel burrow choice test (BCX7) and measure the memory of 12 otters with it.",
    )
    assert found, found


def test_a_change_put_into_a_strain_is_no_contribution(extractor):
    found = proposed(
        extractor,
        "A safer otter vaccine strain",
        "To stop the strain reverting, we changed its coat gene by introducing a Gly-to-Trp mutation into the otter virus.",
    )
    assert not any("mutation" in k or "gly" in k for k in found), found


def test_a_named_thing_introduced_stays_a_contribution(extractor):
    found = proposed(
        extractor,
        "A safer otter vaccine strain",
        "We introduce OtterVax9, a vaccine strain that cannot revert to virulence.",
    )
    assert "ottervax9" in found, found


def test_a_title_claim_over_authors_who_only_measure_is_no_contribution(extractor):
    found = proposed(
        extractor,
        "Kelp Shading Improves Otter Survival",
        "Kelp shading is common on otter farms. We measured survival in 40 farms and compared shaded "
        "pens with open ones. We found that survival was higher under kelp shading.",
    )
    assert not any("shading" in k for k in found), found


def test_a_title_claim_over_authors_who_make_something_is_the_contribution(extractor):
    found = proposed(
        extractor,
        "Kelp Shading Improves Otter Survival",
        "Otter pups die in open pens. We fold kelp over each pen so that it follows the tide, and "
        "survival doubles in 40 farms.",
    )
    assert "kelp shading" in found, found


def test_a_hypothesis_put_forward_is_not_the_making_of_something(extractor):
    found = proposed(
        extractor,
        "Kelp Shading Improves Otter Survival",
        "Kelp shading is common on otter farms. Our team puts forward the hypothesis that shade cools "
        "the pens. Survival was higher under kelp shading in 40 farms.",
    )
    assert not any("shading" in k for k in found), found


def test_a_name_given_to_this_system_is_the_contribution(extractor):
    found = proposed(
        extractor,
        "A paper strip for otter virus tests",
        "Otter viruses are hard to test in the field. This assembled system, termed Kelp Strip Otter "
        "Assay (KSOA), was validated on 50 swabs.",
    )
    assert any("ksoa" in k or "kelp strip otter assay" in k for k in found), found


def test_a_name_given_to_something_else_is_not(extractor):
    found = proposed(
        extractor,
        "A paper strip for otter virus tests",
        "Otter viruses are hard to test in the field. A disease termed Kelp Fever (KF) affects otters; "
        "swabs from 50 otters were tested.",
    )
    assert "kf" not in found and "kelp fever" not in found, found


def test_a_bracketed_name_under_a_verb_inside_the_proposal_is_not_proposed(extractor):
    found = proposed(
        extractor,
        "Bayesian scores for otter tests",
        "We develop a Bayesian model which constructs the kelp-risk (KR) measures of otter tests.",
    )
    assert "kr" not in found and "kelp risk" not in found, found


def test_a_bracketed_name_of_what_the_authors_develop_is_proposed(extractor):
    found = proposed(
        extractor,
        "Bayesian scores for otter tests",
        "We develop a Bayesian scoring model for otter tests (OTSX) with flat priors.",
    )
    assert "otsx" in found or any("scoring model" in k for k in found), found
