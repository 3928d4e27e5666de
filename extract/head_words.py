"""Word lists a mention or an entity name is judged by, without spaCy: the mention checks
(:mod:`extract.components.mention_quality`) and the builder's name fit
(:mod:`kg.build.entity_quality`) share them."""

#: heads that say "a thing of some kind": a phrase needs a specific modifier to name one
GENERIC_THING_HEADS = frozenset(
    "model approach framework module solution tool toolkit library package software method methodology "
    "technique strategy scheme procedure pipeline study phenomenon paradigm variant family baseline "
    "algorithm architecture platform component design formulation implementation dataset benchmark".split()
)
#: heads that are what a thing produces or achieves, not the thing ("SSIM gains", "GAN outputs")
RESULT_HEADS = frozenset(
    "gain output result improvement performance value prediction behavior behaviour "
    "success failure advantage drop boost outcome estimate response".split()
)
#: modifiers of a head that never make it specific, and only link a name to what follows ("X-based")
EMPTY_MODIFIERS = frozenset("based driven oriented aware like style type kind level wise".split())
#: heads of things that are no method whatever names them: signals and imaging, devices and hardware,
#: diseases and living matter, technologies and sciences, services, challenges and threats ("EEG recordings",
#: "edge devices", "breast cancer", "information technology", "Denial-of-Service", "DSTC8 challenge"). A
#: closed class of English nouns, not a list of bad names ("ECoG data": data); a Method so headed (in any of its forms, also the
#: long form of its acronym) is hidden however many papers use it
OBJECT_HEADS = frozenset(
    "data signal potential recording scan image imaging video waveform device hardware processor chip sensor accelerator "
    "supercomputer server smartphone phone camera robot vehicle drone antenna circuit disease disorder cancer "
    "tumor tumour syndrome infection lesion patient gene protein molecule tissue organ technology science "
    "service challenge threat environment".split()
)
#: endings of a word that names an imaging or recording modality ("tomography", "electrocorticography",
#: "microscopy", "spectroscopy")
MODALITY_ENDINGS = ("graphy", "scopy")
#: heads of a measure: a Method so headed (or an acronym of one) is what a method is scored by
#: ("signal-to-noise ratio (SNR)", "fairness index", "peak sidelobe rate")
MEASURE_HEADS = frozenset("ratio index coefficient rate score metric measure".split())
