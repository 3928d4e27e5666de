"""Run read-only Cypher on a NetworkX graph: grand-cypher matches, the bridge does the rest.

Pipeline for one query:

1. :mod:`queries.cypher_parse` parses the query (parameters bound as values,
   write clauses and unsupported constructs rejected with a clear message);
2. **pre-filter**: candidate nodes per pattern variable from labels, property
   maps and single-variable WHERE conditions, narrowed along the pattern's
   relationships (arc consistency), give a small *view* graph carrying the
   ``__labels__`` sets grand-cypher matches on. The stored graph is never
   modified: the view is a new graph holding only labels and edge references;
3. **grand-cypher** matches the pattern alone (labels, types, directions,
   variable-length hops) on the view; undirected relationships run as both
   directed variants, since grand-cypher reads ``--`` as "both ways". A
   pattern of a single node or a single relationship needs no subgraph
   search: its matches are read straight off the candidates and their edges;
4. :mod:`queries.cypher_eval` applies WHERE, WITH and RETURN (aggregates,
   DISTINCT, ORDER BY, SKIP, LIMIT) with Neo4j semantics.
"""

from __future__ import annotations

import itertools
from functools import cached_property
from typing import Any

import networkx as nx

from queries.cypher_eval import Node, Rel, evaluate, free_vars, has_aggregate, output, project
from queries.cypher_parse import Pattern, Query, RelPat, parse
from queries.errors import CypherError, UnsupportedCypher

MAX_UNDIRECTED = 4  # undirected relationships per query (2**n grand-cypher runs)
_REF = "__ref__"


def _conjuncts(expr: tuple | None) -> list[tuple]:
    if expr is None:
        return []
    if expr[0] == "and":
        return _conjuncts(expr[1]) + _conjuncts(expr[2])
    return [expr]


class CypherEngine:
    """Cypher over one (unchanging) graph; indexes are built once and reused."""

    def __init__(self, graph: nx.MultiDiGraph, fast_paths: bool = True):
        self.graph = graph
        #: match single-node / single-relationship patterns directly (see _match_one_hop)
        self.fast_paths = fast_paths
        #: statistics of the last run, for benchmarks: view size and match count
        self.last: dict[str, Any] = {}

    @cached_property
    def _by_label(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for n, d in self.graph.nodes(data=True):
            out.setdefault(d.get("label"), []).append(n)
        return out

    @cached_property
    def _by_label_key(self) -> dict[tuple[str, Any], str]:
        return {(d.get("label"), d.get("key")): n for n, d in self.graph.nodes(data=True)}

    # -- public ----------------------------------------------------------------
    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows of ``query`` as dicts keyed by RETURN column names (JSON-able copies)."""
        q = parse(query, params or {})
        self._check_variables(q)
        rows = self._match(q)
        columns = list(q.variables)
        for stage in q.stages:
            rows = project(rows, stage, columns)
            columns = [it.name for it in stage.items] if stage.items is not None else columns
        return [{k: output(v) for k, v in r.items()} for r in rows]

    # -- checks ----------------------------------------------------------------
    def _check_variables(self, q: Query) -> None:
        node_vars = {n.var for p in q.patterns for n in p.nodes}
        rel_vars = {r.var for p in q.patterns for r in p.rels}
        clash = node_vars & rel_vars
        if clash:
            raise CypherError(f"variable `{sorted(clash)[0]}` is used both as a node and as a relationship")
        reused = [r.var for p in q.patterns for r in p.rels if not r.anon]
        if len(reused) != len(set(reused)):
            raise UnsupportedCypher("a relationship variable used twice in MATCH is not supported on the embedded store")
        known = set(q.variables)
        if q.where is not None:
            if has_aggregate(q.where):
                raise CypherError("aggregate functions are not allowed in WHERE")
            self._known(free_vars(q.where), known, "WHERE")
        for stage in q.stages:
            exprs = [it.expr for it in stage.items] if stage.items is not None else []
            for e in exprs:
                self._known(free_vars(e), known, stage.kind)
            if stage.items is not None:
                names = {it.name for it in stage.items}
                for e, _ in stage.order:
                    self._known(free_vars(e), known | names, "ORDER BY")
                known = names if stage.kind == "WITH" else known
            if stage.where is not None:
                self._known(free_vars(stage.where), known, "WHERE")

    @staticmethod
    def _known(used: set[str], known: set[str], where: str) -> None:
        missing = sorted(used - known)
        if missing:
            raise CypherError(f"variable `{missing[0]}` in {where} is not defined")

    # -- matching --------------------------------------------------------------
    def _match(self, q: Query) -> list[dict]:
        G = self.graph
        rels = [r for p in q.patterns for r in p.rels]
        ends = {r.var: (p.nodes[i].var, p.nodes[i + 1].var) for p in q.patterns for i, r in enumerate(p.rels)}
        cand = self._candidates(q)
        self.last = {"view_nodes": 0, "view_edges": 0, "matches": 0, "runs": 0}
        if any(c is not None and not c for c in cand.values()):
            return []
        var_length = any(r.var_length for r in rels)
        if not var_length:
            self._narrow(cand, rels, ends)
            if any(c is not None and not c for c in cand.values()):
                return []
        undirected = [r for r in rels if r.direction == "both"]
        if len(undirected) > MAX_UNDIRECTED:
            raise UnsupportedCypher(f"more than {MAX_UNDIRECTED} undirected relationships in one query are not supported "
                                    "on the embedded store; give directions")
        if self.fast_paths and len(q.patterns) == 1 and len(rels) <= 1 and not var_length:
            envs = self._match_one_hop(q.patterns[0], cand)
        else:
            tags = {var: f"__v{i}" for i, var in enumerate(sorted(cand)) if cand[var] is not None}
            view = self._view(cand, rels, ends, var_length, tags)
            self.last.update(view_nodes=view.number_of_nodes(), view_edges=view.number_of_edges())
            envs = []
            for dirs in itertools.product(("out", "in"), repeat=len(undirected)):
                chosen = dict(zip((r.var for r in undirected), dirs))
                envs.extend(self._run_grandcypher(view, q, chosen, tags))
        self.last["matches"] = len(envs)
        conds = q.where
        if conds is None:
            return envs
        return [env for env in envs if evaluate(conds, env) is True]

    def _match_one_hop(self, p: Pattern, cand: dict) -> list[dict]:
        """A single node or single relationship pattern, matched straight from the candidates.

        Its matches are just the candidate nodes, or the stored edges of the
        right type between candidates, so no subgraph search is needed; the
        rows are the ones grand-cypher would give (distinct variables bind
        distinct nodes), in a deterministic order.
        """
        G = self.graph
        self.last["fast_path"] = True
        if not p.rels:
            var = p.nodes[0].var
            nodes = sorted(cand[var]) if cand[var] is not None else list(G.nodes)
            return [{var: Node(n, G.nodes[n])} for n in nodes]
        r = p.rels[0]
        a, b = p.nodes[0].var, p.nodes[1].var
        types = frozenset(r.types)
        envs = []
        for d in (("out", "in") if r.direction == "both" else (r.direction,)):
            src, dst = (a, b) if d == "out" else (b, a)
            targets = cand[dst]
            for u in (sorted(cand[src]) if cand[src] is not None else G.nodes):
                for v, keys in G.succ[u].items():
                    if (targets is not None and v not in targets) or (u == v) != (a == b):
                        continue
                    for k in keys:
                        if types and k not in types:
                            continue
                        env = {src: Node(u, G.nodes[u]), dst: Node(v, G.nodes[v])}
                        if not r.anon:
                            env[r.var] = Rel(G.edges[u, v, k])
                        envs.append(env)
        return envs

    def _candidates(self, q: Query) -> dict[str, set[str] | None]:
        """Per node variable: the node ids its labels and single-variable conditions allow (None: any node)."""
        G = self.graph
        labels: dict[str, set[str] | None] = {}
        for p in q.patterns:
            for n in p.nodes:
                if n.labels:
                    mine = set(n.labels)
                    labels[n.var] = mine if labels.get(n.var) is None else labels[n.var] & mine
                else:
                    labels.setdefault(n.var, None)
        cand: dict[str, set[str] | None] = {}
        for var, labs in labels.items():
            cand[var] = None if labs is None else {nid for lab in sorted(labs) for nid in self._by_label.get(lab, [])}
        for conj in _conjuncts(q.where):
            used = free_vars(conj)
            if len(used) != 1 or has_aggregate(conj):
                continue
            (var,) = used
            if var not in cand:
                continue  # a relationship variable
            keyed = self._key_lookup(conj, var, labels[var])
            if keyed is not None:
                cand[var] = keyed if cand[var] is None else cand[var] & keyed
                continue
            pool = cand[var] if cand[var] is not None else G.nodes
            try:
                cand[var] = {n for n in pool if evaluate(conj, {var: Node(n, G.nodes[n])}) is True}
            except CypherError:
                continue  # let the per-row evaluation report it, if a row reaches it
        return cand

    def _key_lookup(self, conj: tuple, var: str, labels: set[str] | None) -> set[str] | None:
        """``v.key = literal`` on labelled ``v``: the matching node ids straight from the index."""
        if labels is None or conj[0] != "bin" or conj[1] != "=":
            return None
        a, b = conj[2], conj[3]
        if b[0] == "prop":
            a, b = b, a
        if a != ("prop", ("var", var), "key") or b[0] != "lit":
            return None
        try:
            hit = [self._by_label_key.get((lab, b[1])) for lab in labels]
        except TypeError:  # an unhashable literal (a list or map) never equals a key
            return set()
        return {h for h in hit if h is not None}

    def _adjs(self, direction: str) -> list:
        G = self.graph
        return [G.succ] if direction == "out" else [G.pred] if direction == "in" else [G.succ, G.pred]

    def _reach(self, nodes, types: frozenset, direction: str) -> set[str]:
        """Nodes one ``direction`` edge of ``types`` (any type when empty) away from ``nodes``."""
        out: set[str] = set()
        for adj in self._adjs(direction):
            for n in nodes:
                for m, keys in adj[n].items():
                    if not types or not types.isdisjoint(keys):
                        out.add(m)
        return out

    def _linked(self, nodes, others: set[str], types: frozenset, direction: str) -> set[str]:
        """The members of ``nodes`` with a ``direction`` edge of ``types`` to a member of ``others``."""
        out: set[str] = set()
        adjs = self._adjs(direction)
        for n in nodes:
            if any(m in others and (not types or not types.isdisjoint(keys)) for adj in adjs for m, keys in adj[n].items()):
                out.add(n)
        return out

    def _narrow(self, cand: dict, rels: list[RelPat], ends: dict) -> None:
        """Arc consistency: drop candidates with no neighbour among the candidates across each relationship.

        Each step walks the adjacency of the smaller side: it expands from the
        candidates of one end, or checks the other end's own edges back.
        """
        flip = {"out": "in", "in": "out", "both": "both"}
        dirty = {v for v, c in cand.items() if c is not None}
        rounds = 0
        while dirty and rounds < 6:
            rounds += 1
            changed = set()
            for r in rels:
                u, v = ends[r.var]
                types = frozenset(r.types)
                for a, b, d in ((u, v, r.direction), (v, u, flip[r.direction])):
                    if a not in dirty or cand[a] is None:
                        continue
                    if cand[b] is None:
                        new = self._reach(cand[a], types, d)
                    elif len(cand[b]) <= len(cand[a]):
                        new = self._linked(cand[b], cand[a], types, flip[d])
                    else:
                        new = cand[b] & self._reach(cand[a], types, d)
                    if new != cand[b]:
                        cand[b] = new
                        changed.add(b)
            dirty = changed

    def _view(self, cand: dict, rels: list[RelPat], ends: dict, var_length: bool, tags: dict[str, str]) -> nx.DiGraph:
        """The graph grand-cypher sees: candidate nodes and the edges the pattern can use.

        Each node carries its label plus one tag label per pattern variable it is a
        candidate for, so grand-cypher binds a variable only to its own candidates.
        A DiGraph when no two kept edges join the same pair (much cheaper to build),
        else a MultiDiGraph.
        """
        G = self.graph
        if var_length or any(c is None for c in cand.values()):
            keep = None
        else:
            keep = set().union(*cand.values()) if cand else set()
        nodes = G.nodes if keep is None else sorted(keep)  # sorted: the same match order in every process
        labels = {n: {G.nodes[n].get("label")} for n in nodes}
        for var, tag in tags.items():
            for n in cand[var]:
                labels[n].add(tag)
        all_types = set()
        for r in rels:
            if not r.types:
                all_types = None
                break
            all_types.update(r.types)
        edges: dict[tuple, None] = {}
        if var_length or keep is None:
            for u, v, k in G.edges(keys=True):
                if (all_types is None or k in all_types) and u in labels and v in labels:
                    edges[u, v, k] = None
        else:
            for r in rels:
                a, b = ends[r.var]
                pairs = [(a, b)] if r.direction == "out" else [(b, a)] if r.direction == "in" else [(a, b), (b, a)]
                for src, dst in pairs:
                    targets = cand[dst]
                    for u in cand[src]:
                        for v, keys in G.succ[u].items():
                            if v in targets:
                                for k in keys:
                                    if not r.types or k in r.types:
                                        edges[u, v, k] = None
        ordered = list(edges) if keep is None else sorted(edges)
        parallel = len({(u, v) for u, v, _ in ordered}) < len(ordered)
        H = nx.MultiDiGraph() if parallel else nx.DiGraph()
        H.add_nodes_from((n, {"__labels__": labels[n]}) for n in nodes)
        if parallel:
            H.add_edges_from((u, v, k, {"__labels__": {k}, _REF: (u, v, k)}) for u, v, k in ordered)
        else:
            H.add_edges_from((u, v, {"__labels__": {k}, _REF: (u, v, k)}) for u, v, k in ordered)
        return H

    def _run_grandcypher(self, view: nx.DiGraph, q: Query, directions: dict[str, str], tags: dict[str, str]) -> list[dict]:
        """Match the patterns on ``view`` with grand-cypher; one env (variable → Node/Rel) per match."""
        from grandcypher import GrandCypher, _is_edge_attr_match, _is_node_attr_match

        names: dict[str, str] = {}

        def gc_name(var: str, prefix: str) -> str:
            return names.setdefault(var, f"{prefix}{len(names)}")

        clauses = []
        for p in q.patterns:
            clauses.append("MATCH " + self._pattern_text(p, directions, gc_name, tags))
        node_vars = [n.var for p in q.patterns for n in p.nodes]
        wanted_nodes = [v for v in dict.fromkeys(node_vars) if v in q.variables] or node_vars[:1]
        wanted_rels = [r for p in q.patterns for r in p.rels if not r.anon]
        returns = [f"ID({names[v]})" for v in wanted_nodes] + [names[r.var] for r in wanted_rels]
        text = " ".join(clauses) + " RETURN " + ", ".join(returns)
        self.last["runs"] += 1
        try:
            result = GrandCypher(view).run(text)
        except Exception as exc:  # grand-cypher failing on text we generated: report, never a trace
            raise CypherError(f"grand-cypher could not run the pattern ({type(exc).__name__}: {exc})") from exc
        finally:
            _is_node_attr_match.cache_clear()
            _is_edge_attr_match.cache_clear()
        cols = {str(k): v for k, v in result.items()}
        n_rows = len(next(iter(cols.values()))) if cols else 0
        G = self.graph
        envs = []
        for i in range(n_rows):
            env: dict[str, Any] = {}
            for v in wanted_nodes:
                nid = cols[f"ID({names[v]})"][i]
                env[v] = Node(nid, G.nodes[nid])
            for r in wanted_rels:
                env[r.var] = self._rel_value(cols[names[r.var]][i], r)
            envs.append(env)
        return envs

    def _rel_value(self, value, r: RelPat):
        G = self.graph
        if isinstance(value, dict):
            value = [value]
        rels = [Rel(G.edges[d[_REF]]) for d in (value or []) if isinstance(d, dict) and _REF in d]
        if r.var_length:
            return rels
        if len(rels) != 1:
            raise CypherError(f"grand-cypher returned {len(rels)} relationships for `{r.var}`")
        return rels[0]

    @staticmethod
    def _pattern_text(p: Pattern, directions: dict[str, str], gc_name, tags: dict[str, str]) -> str:
        def node(n) -> str:
            if n.var in tags:
                labels = ":" + tags[n.var]  # the candidates already satisfy the labels
            else:
                labels = ":" + "|".join(n.labels) if n.labels else ""
            return f"({gc_name(n.var, 'v')}{labels})"

        parts = [node(p.nodes[0])]
        for r, n in zip(p.rels, p.nodes[1:]):
            inner = gc_name(r.var, "e") if not r.anon else ""
            if r.types:
                inner += ":" + "|".join(r.types)
            if r.var_length:
                inner += f"*{r.min_hops}..{r.max_hops}"
            d = directions.get(r.var, r.direction)
            body = f"-[{inner}]-"
            parts.append(body + ">" if d == "out" else "<" + body)
            parts.append(node(n))
        return "".join(parts)


def run_cypher(graph: nx.MultiDiGraph, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run one read-only query on ``graph`` (see :class:`CypherEngine`)."""
    return CypherEngine(graph).run(query, params)
