"""The signed, time-aware, source-attributed graph of who stands with whom.

Every function takes a ``Store`` first and the filters (``load.Filters``): a ``Filters``
object, or the keyword filters ``since``, ``until`` (ISO dates, inclusive prefixes),
``relation`` (one or a comma list), ``outlet``, ``source`` (the speaker; "none" = the
outlets' own voice) and ``rollup`` (False, True for the store's actor hierarchy, or a
mapping child name -> parent name); keywords override the object's fields.
"""

from rashomon.graph.blocs import balance, balance_from_stances, blocs, blocs_from_stances
from rashomon.graph.claims import actor_claims
from rashomon.graph.compare import compare
from rashomon.graph.contradictions import contradictions
from rashomon.graph.edges import edges, stances
from rashomon.graph.export import export_edges
from rashomon.graph.load import Filters
from rashomon.graph.names import resolve_actor, resolve_outlet
from rashomon.graph.neighbourhood import neighbourhood
from rashomon.graph.timeline import describe_timeline, timeline
from rashomon.graph.voices import pairs

__all__ = [
    "actor_claims", "balance", "balance_from_stances", "blocs", "blocs_from_stances", "compare", "contradictions", "describe_timeline", "edges",
    "export_edges", "Filters", "neighbourhood", "pairs", "resolve_actor", "resolve_outlet", "stances", "timeline",
]
