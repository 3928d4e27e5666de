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
