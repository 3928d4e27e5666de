"""Count the label pairs each relation type joins in SciERC train: the typed-end prior of claims.

    python -m extract.training.claim_types                 # ../shared SciERC train → a Python table on stdout
    python -m extract.training.claim_types --gold other.jsonl

Each gold relation of the training documents whose two arguments are typed mentions
(``Generic`` ones dropped, SciERC types mapped as :data:`extract.gold.GOLD_TYPE_MAP` says)
counts once for ``(type, head label, tail label)``; a symmetric type (COMPARED_WITH,
CONJUNCTION) counts its two labels in sorted order. The printed table is
:data:`kg.build.claim_priors.SCIERC_TRAIN_PAIRS` (paste it there when SciERC changes);
the builder reads it to tell a typical claim ("Method USED_FOR Task", 23% of USED_FOR) from
an atypical one ("Task USED_FOR Method", 0.9%). The data is read at run time; only counts
go into the code.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from extract.gold import GoldDoc, read_gold
from extract.labels import SYMMETRIC_RELATIONS

REPO = Path(__file__).resolve().parents[2]


def type_pair_counts(docs: list[GoldDoc]) -> Counter[tuple[str, str, str]]:
    """``(type, head label, tail label)`` → gold relations of that kind in ``docs``."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for doc in docs:
        label_of = {(s, e): label for _, typed in doc.sentences for s, e, label in typed}
        for s1, e1, s2, e2, rtype in doc.relations:
            head, tail = label_of.get((s1, e1)), label_of.get((s2, e2))
            if head is None or tail is None:
                continue
            if rtype in SYMMETRIC_RELATIONS:
                head, tail = sorted((head, tail))
            counts[(rtype, head, tail)] += 1
    return counts


def render(counts: Counter[tuple[str, str, str]]) -> str:
    """The table as Python source: ``{type: {(head, tail): count}}``, sorted."""
    by_type: dict[str, dict[tuple[str, str], int]] = {}
    for (rtype, head, tail), n in sorted(counts.items()):
        by_type.setdefault(rtype, {})[(head, tail)] = n
    lines = ["SCIERC_TRAIN_PAIRS: dict[str, dict[tuple[str, str], int]] = {"]
    for rtype, pairs in by_type.items():
        lines.append(f'    "{rtype}": {{')
        lines.extend(f'        ("{h}", "{t}"): {n},' for (h, t), n in pairs.items())
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--gold", default=str(REPO.parent / "shared" / "eval" / "scierc" / "train.jsonl"), help="SciERC train"
    )
    args = parser.parse_args(argv)
    print(render(type_pair_counts(read_gold(args.gold).docs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
