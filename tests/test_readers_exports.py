"""The exports reviewers have: one fixture per format in the real export's shape
(written for paperkg), read into Papers with titles, abstracts, years and identifiers."""

import shutil
from pathlib import Path

import pytest

from kg.readers import Format, Problem, detect_format, read_sources

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def papers(name):
    rep = read_sources([EXPORTS / name])
    return rep, {p.title: p for p in rep.papers}


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("library.bib", Format("bibtex")),
        ("library.ris", Format("ris")),
        ("zotero_csl.json", Format("json")),
        ("zotero.csv", Format("table", ",")),
        ("scopus.csv", Format("table", ",")),
        ("openalex_page.json", Format("json")),
        ("openalex_snapshot.jsonl", Format("jsonl")),
        ("s2_search.json", Format("json")),
        ("arxiv_feed.xml", Format("arxiv_atom")),
        ("arxiv_snapshot.jsonl", Format("jsonl")),
        ("pubmed_efetch.xml", Format("pubmed_xml")),
        ("wos_savedrecs.txt", Format("wos")),
        ("wos_tab.txt", Format("table", "\t")),
    ],
)
def test_each_export_is_detected_from_its_content(name, fmt, tmp_path):
    assert detect_format(EXPORTS / name) == fmt
    disguised = tmp_path / "export.dat"  # no helpful extension: content decides
    shutil.copy(EXPORTS / name, disguised)
    expected = fmt if fmt.name not in ("jsonl",) or name != "arxiv_snapshot.jsonl" else fmt
    assert detect_format(disguised) == expected


# (file, title, abstract start, year, doi, arxiv id, pmid, source ids)
EXPECTED = [
    (
        "library.bib",
        "Über Sparse Kites: Braces, BERT and Accents",
        "We fly sparse kites over BERT features",
        2021,
        "10.5555/kites.2021.7",
        None,
        None,
        ["library.bib#Mueller2021"],
    ),
    (
        "library.bib",
        "Lantern Probes for Small Transformers",
        "Lantern probes light up",
        2022,
        None,
        "2203.01234",
        None,
        ["library.bib#lovelace2022lantern"],
    ),
    (
        "library.bib",
        "Compilers That Read Abstracts",
        "A compiler reads abstracts",
        2019,
        None,
        "1905.00042",
        None,
        ["library.bib#hopper2019"],
    ),
    (
        "library.ris",
        "Gradient Lanterns for Sparse Probing",
        "We light up hidden units with gradient lanterns and read which",
        2021,
        "10.5555/lanterns.2021.3",
        None,
        None,
        [],
    ),
    (
        "library.ris",
        "Tidal Attention for Weather Models",
        "Tidal attention lets",
        2020,
        None,
        None,
        None,
        ["library.ris#tidal-7"],
    ),
    (
        "zotero_csl.json",
        "Marmalade Invariance in Augmented Views",
        "Invariance is spread thinly",
        2022,
        "10.5555/marmalade.2022.1",
        None,
        None,
        ["zotero_csl.json#http://zotero.org/users/1234567/items/ABCD2345"],
    ),
    (
        "zotero_csl.json",
        "Quiet Tokens: Pruning Without Regret",
        "We prune tokens",
        2023,
        None,
        "2309.04567",
        None,
        ["zotero_csl.json#http://zotero.org/users/1234567/items/EFGH6789"],
    ),
    (
        "zotero.csv",
        "Sparse Kites: Flying Features in Small Models",
        "Sparse kites are features that drift upward through layers.\nWe track",
        2021,
        "10.5555/sparsekites.2021.2",
        "2102.00007",
        None,
        ["zotero.csv#QX7PZ2AB"],
    ),
    ("zotero.csv", "Label Noise Gardens", "We grow gardens", 2020, None, None, "32000042", ["zotero.csv#RT5UV6CD"]),
    (
        "scopus.csv",
        "Orbit Diffusion for Satellite Imagery",
        "Orbit diffusion denoises satellite images",
        2023,
        "10.5555/orbit.2023.5",
        None,
        "36000001",
        ["scopus:2-s2.0-85100000001"],
    ),
    (
        "openalex_page.json",
        "Lighthouse Sampling for Latent Diffusion Models",
        "Lighthouse sampling guides a latent diffusion model toward the shore with a few steps.",
        2022,
        "10.5555/lighthouse.2022.8",
        "2208.05555",
        "35000003",
        ["openalex:W4300000001"],
    ),
    (
        "openalex_snapshot.jsonl",
        "Harbour Nets for Ship Detection",
        "Harbour nets detect ships in crowded ports.",
        2023,
        "10.5555/harbour.2023.1",
        None,
        None,
        ["openalex:W4300000003"],
    ),
    (
        "openalex_snapshot.jsonl",
        "Buoy Tracking with Sparse Kites",
        "We track buoys with sparse kites.",
        2023,
        None,
        None,
        None,
        ["openalex:W4300000004"],
    ),
    (
        "s2_search.json",
        "Compass Attention Points Transformers North",
        "Compass attention adds",
        2021,
        "10.5555/compass.2021.6",
        "2104.01010",
        None,
        ["s2:0f1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d4"],
    ),
    (
        "s2_search.json",
        "Sextant Probing of Vision Transformers",
        "A sextant probe",
        2021,
        None,
        None,
        "34000004",
        ["s2:aa00000000000000000000000000000000000001"],
    ),
    (
        "arxiv_feed.xml",
        "Windsock Regularisation: Reading the Direction of Gradient Flow",
        "A windsock regulariser aligns gradient flow with the prevailing direction of the loss landscape.",
        2024,
        "10.5555/windsock.2024.2",
        "2401.05678",
        None,
        [],
    ),
    ("arxiv_feed.xml", "Weathervane Tokens", "Weathervane tokens turn", 2024, None, "2402.00999", None, []),
    (
        "arxiv_snapshot.jsonl",
        "Analytical Engines for Abstract Graphs",
        "An analytical engine turns abstracts",
        2021,
        None,
        "2105.04321",
        None,
        [],
    ),
    (
        "arxiv_snapshot.jsonl",
        "Bra-ket Notation for Knowledge Graphs",
        "We write every edge",
        1999,
        "10.5555/braket.1999.1",
        "hep-th/9901001",
        None,
        [],
    ),
    (
        "pubmed_efetch.xml",
        "Sparse kites segment lesions in noisy retinal scans: a multicentre study.",
        "BACKGROUND: Retinal scans carry label noise near lesion borders.\nMETHODS: We trained",
        2023,
        "10.5555/retina.2023.14",
        None,
        "37000005",
        [],
    ),
    (
        "pubmed_efetch.xml",
        "Plain abstracts need no labels.",
        "An unstructured abstract is one paragraph",
        2022,
        None,
        None,
        "36000006",
        [],
    ),
    (
        "wos_savedrecs.txt",
        "Noisy Channels for Label Noise: A Communication View of Crowdsourced Annotation",
        "Crowd workers pass labels through a noisy channel. We estimate the channel capacity",
        2019,
        "10.5555/channels.2019.4",
        None,
        "31000002",
        ["wos:000480000000002"],
    ),
    (
        "wos_savedrecs.txt",
        "Error-Correcting Codes Meet Contrastive Learning",
        "Contrastive views are codewords",
        2020,
        None,
        None,
        None,
        ["wos:000490000000003"],
    ),
    (
        "wos_tab.txt",
        "Difference Engines as Graph Builders",
        "A difference engine builds",
        2018,
        "10.5555/engines.2018.9",
        None,
        "29000001",
        ["wos:000400000000001"],
    ),
]


@pytest.mark.parametrize(
    "name, title, abstract, year, doi, arxiv_id, pmid, source_ids",
    EXPECTED,
    ids=[f"{e[0]}:{e[1][:20]}" for e in EXPECTED],
)
def test_each_export_reads_titles_abstracts_years_and_identifiers(
    name, title, abstract, year, doi, arxiv_id, pmid, source_ids
):
    _, by_title = papers(name)
    p = by_title[title]
    assert p.abstract.startswith(abstract)
    assert (p.year, p.doi, p.arxiv_id, p.pmid, p.source_ids) == (year, doi, arxiv_id, pmid, source_ids)
    assert p.id == (
        "doi:" + doi if doi else "arxiv:" + arxiv_id if arxiv_id else "pmid:" + pmid if pmid else source_ids[0]
    )


def test_bibtex_latex_braces_macros_and_a_broken_entry():
    rep, by_title = papers("library.bib")
    kites = by_title["Über Sparse Kites: Braces, BERT and Accents"]
    assert kites.authors == ["Müller, Jörg", "García, María", "The Kite Consortium"]
    assert kites.venue == "Journal of Kite Studies"  # an @String macro
    assert "naïve & simple probe" in kites.abstract and kites.keywords == ["sparse probing", "kites"]
    assert by_title["Compilers That Read Abstracts"].url == "https://example.org/compilers"
    assert rep.skipped == {"malformed BibTeX entry": 1}
    (problem,) = rep.problems
    assert problem.source == f"{EXPORTS / 'library.bib'}:29" and "record skipped" in problem.message


def test_ris_with_bom_and_crlf_keeps_every_field_and_reports_a_cut_entry():
    assert (EXPORTS / "library.ris").read_bytes().startswith(b"\xef\xbb\xbfTY  - JOUR\r\n")
    rep, by_title = papers("library.ris")
    lanterns = by_title["Gradient Lanterns for Sparse Probing"]
    assert (
        lanterns.abstract
        == "We light up hidden units with gradient lanterns and read which features a small model keeps."
    )
    assert (lanterns.date, lanterns.authors, lanterns.venue) == (
        "2021-06-17",
        ["Lovelace, Ada", "Turing, Alan"],
        "Journal of Kite Studies",
    )
    assert (lanterns.keywords, lanterns.url) == (["sparse probing", "interpretability"], "https://example.org/lanterns")
    assert by_title["Tidal Attention for Weather Models"].authors == ["Hopper, Grace"]  # A1, N2, Y1 spellings
    assert rep.problems == [
        Problem(
            f"{EXPORTS / 'library.ris'}:24",
            "malformed RIS entry (file ends before the entry's ER line); record skipped",
        )
    ]


def test_zotero_csv_real_header():
    rep, by_title = papers("zotero.csv")
    kites = by_title["Sparse Kites: Flying Features in Small Models"]
    assert (kites.date, kites.authors, kites.venue) == (
        "2021-02-14",
        ["Lovelace, Ada", "Turing, Alan"],
        "Journal of Kite Studies",
    )
    assert kites.keywords == ["sparse probing", "kites", "interpretability"]  # manual and automatic tags
    assert by_title["Label Noise Gardens"].authors == ["Hopper, Grace"]
    assert rep.problems == [Problem(f"{EXPORTS / 'zotero.csv'}:5", "empty abstract; record skipped")]


def test_scopus_csv_drops_copyright_and_placeholder_abstracts():
    rep, by_title = papers("scopus.csv")
    orbit = by_title["Orbit Diffusion for Satellite Imagery"]
    assert orbit.abstract.endswith("trained on synthetic clouds.")  # "© 2023 Elsevier B.V." removed
    assert (orbit.authors, orbit.venue) == (["Turing A.", "Lovelace A."], "Remote Sensing of Kites")
    assert orbit.keywords == ["diffusion", "remote sensing", "Satellites", "Clouds"]
    assert rep.skipped == {"empty abstract": 1}  # "[No abstract available]"


def test_openalex_abstract_is_rebuilt_in_word_order_and_a_missing_one_skipped():
    rep, by_title = papers("openalex_page.json")
    work = by_title["Lighthouse Sampling for Latent Diffusion Models"]
    assert work.abstract == "Lighthouse sampling guides a latent diffusion model toward the shore with a few steps."
    assert (work.date, work.authors, work.venue) == (
        "2022-08-19",
        ["Grace Hopper", "Alan Turing"],
        "Journal of Coastal Generative Models",
    )
    assert work.keywords == ["Latent Diffusion"]
    assert rep.problems == [Problem(f"{EXPORTS / 'openalex_page.json'}:record 2", "empty abstract; record skipped")]


def test_semantic_scholar_reads_publication_date_and_venue():
    _, by_title = papers("s2_search.json")
    compass = by_title["Compass Attention Points Transformers North"]
    assert (compass.date, compass.venue, compass.authors) == (
        "2021-04-05",
        "Conference on Navigation Learning",
        ["Donald Knuth"],
    )


def test_arxiv_atom_and_snapshot_fields():
    _, feed = papers("arxiv_feed.xml")
    windsock = feed["Windsock Regularisation: Reading the Direction of Gradient Flow"]
    assert (windsock.date, windsock.authors, windsock.keywords) == (
        "2024-01-11",
        ["Ada Lovelace", "Alan Turing"],
        ["cs.LG", "stat.ML"],
    )
    assert (windsock.venue, windsock.url) == ("Journal of Kite Studies 9 (2024)", "http://arxiv.org/abs/2401.05678v2")
    _, snap = papers("arxiv_snapshot.jsonl")
    engines = snap["Analytical Engines for Abstract Graphs"]
    assert (engines.date, engines.authors) == ("2021-05-10", ["Ada Lovelace", "Charles Babbage", "Luigi F. Menabrea"])
    assert engines.abstract.endswith("on punched cards.")


def test_pubmed_structured_abstract_keeps_its_labels():
    _, by_title = papers("pubmed_efetch.xml")
    scans = by_title["Sparse kites segment lesions in noisy retinal scans: a multicentre study."]
    assert scans.abstract.split("\n") == [
        "BACKGROUND: Retinal scans carry label noise near lesion borders.",
        "METHODS: We trained a sparse-kite segmentation network on 1,200 scans from three centres.",
        "RESULTS: Dice rose from 0.71 to 0.78 (p < 0.01).",
        "CONCLUSIONS: Sparse kites tolerate noisy masks.",
    ]
    assert scans.authors == ["Nightingale, Florence", "Fleming, Alexander", "Kite Imaging Study Group"]
    assert (scans.date, scans.venue, scans.keywords) == (
        "2023-03-15",
        "Journal of clinical kite imaging",
        ["label noise", "segmentation", "Retina"],
    )
    assert by_title["Plain abstracts need no labels."].year == 2022  # from <MedlineDate>2022 Nov-Dec</MedlineDate>


def test_wos_plain_text_and_tab_delimited():
    _, plain = papers("wos_savedrecs.txt")
    channels = plain["Noisy Channels for Label Noise: A Communication View of Crowdsourced Annotation"]
    assert channels.authors == ["Shannon, Claude", "Weaver, Warren"]
    assert channels.keywords == ["label noise", "crowdsourcing", "channel capacity", "ANNOTATION"]
    assert channels.source.endswith("wos_savedrecs.txt:3")
    _, tab = papers("wos_tab.txt")
    engines = tab["Difference Engines as Graph Builders"]
    assert (engines.authors, engines.venue) == (
        ["Babbage, Charles", "Lovelace, Ada"],
        "JOURNAL OF MECHANICAL COMPUTING",
    )


def test_all_exports_together_read_without_problems_beyond_the_planted_ones():
    rep = read_sources([EXPORTS])
    assert rep.files == 16
    assert rep.skipped == {
        "malformed BibTeX entry": 1,
        "malformed RIS entry": 1,
        "empty abstract": 4,
    }  # the planted ones
    assert len(rep.papers) == len({p.id for p in rep.papers})


def test_the_same_paper_as_bibtex_ris_and_openalex_is_one_paper_with_every_identifier():
    rep = read_sources(sorted((EXPORTS / "same_paper").iterdir()))
    assert (rep.entries, len(rep.papers)) == (3, 1)
    assert rep.merged == {"same title": 1, "same DOI": 1}  # BibTeX (arXiv id) + RIS (DOI) by title, OpenAlex by DOI
    (paper,) = rep.papers
    assert (paper.doi, paper.arxiv_id, paper.pmid) == ("10.5555/beacon.2022.4", "2203.04444", "35000009")
    assert paper.source_ids == ["lantern.bib#lovelace2022beacon", "openalex:W4300000009"]
    assert paper.id == "doi:10.5555/beacon.2022.4"
    assert paper.abstract.startswith(
        "Beacon probes light up sparse features of small transformers, one layer"
    )  # the fuller one
    assert (paper.date, paper.venue) == ("2022-03-09", "Journal of Kite Studies")


def test_the_same_paper_builds_one_paper_node_with_every_identifier(tmp_path, reuse_extractor):
    from kg.build.pipeline import build
    from kg.store import EmbeddedStore
    from queries.schema import PAPER

    store = EmbeddedStore(tmp_path / "store")
    report = build(sorted((EXPORTS / "same_paper").iterdir()), store)
    assert report.read.merged == {"same title": 1, "same DOI": 1} and report.papers == 1
    (node,) = [d for _, d in store.read_graph().nodes(data=True) if d["label"] == PAPER]
    assert (node["id"], node["doi"], node["arxiv_id"], node["pmid"]) == (
        "doi:10.5555/beacon.2022.4",
        "10.5555/beacon.2022.4",
        "2203.04444",
        "35000009",
    )
    assert node["source_ids"] == ["lantern.bib#lovelace2022beacon", "openalex:W4300000009"]
