"""Dependency patterns over a spaCy parse: trigger words and their actor arguments.

For every lexicon trigger in a sentence we collect the actors in its subject and object
roles, then pair them. Roles come from general syntax, not from example sentences:

- verbs: nsubj / agent ("by X") = subject; dobj, dative, nsubjpass, the trigger's
  prepositions ("fight against X") = object; a missing subject is inherited through
  xcomp/conj/pcomp (control), relative clauses and participles ("Hamas, backed by Iran")
- event nouns: possessor, compound or adjective = subject ("Iran's support", "US
  sanctions", "the Russian invasion"), the noun's prepositions = object ("for X", "on X",
  "of X"); a subject missing on the noun comes from the light verb that governs it
  ("provide support to X", "claim responsibility for the attack on X")
- entity nouns (ally, proxy, member, leader, title words): the noun names one argument
  (apposition, copula, compound head) and its modifiers name the other
- "between X and Y", "X and Y are allies": pairs among coordinated actors
- coordination on any side gives one claim per pair; "Russian troops" stands for Russia
  (carrier nouns), "Russian ships" for no actor; "X (including Y)" adds Y; a list the
  parser took for an apposition ("Italy, the Vatican, Germany") is a list
- a gerund under a noun takes the noun's owner, else its verb's subject ("calls for a
  strategy of confronting X"); "X was able to V" passes X on; "it was X that V-ed" gives X
- misparses repaired: a second object after a comma is an apposition ("to Syria and Egypt,
  Israel's rivals"); "X's V-ing" with the possessive hung elsewhere

Modules: ``view.py`` (the sentence view and argument finding), ``verbs.py``, ``nouns.py``,
``entities.py``, ``adjectives.py`` (one per construction family). The constructions about
measures and relation nouns, and the loop that runs them all, are in ``rules.py``.
"""
