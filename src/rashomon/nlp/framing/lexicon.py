"""Word classes for framing evidence: general English, written for Rashomon (not derived from
any evaluation data). Lemmas, lower case."""

from __future__ import annotations

# physical harm or coercion: the doer is cast as aggressor, the one it is done to as victim
VIOLENCE = frozenset("""attack invade bomb shell strike kill murder destroy occupy seize annex
massacre slaughter terrorize terrorise torture deport abduct kidnap starve shoot raid storm
ambush assassinate poison rape loot burn execute behead wound injure maim hit assault
besiege blockade oppress repress persecute crush harass enslave exterminate annihilate
devastate ravage plunder intimidate threaten target imprison jail detain abuse
brutalise brutalize capture firebomb nuke strangle""".split())
# punishment: its object is a victim only when the punisher is cast as a villain
PUNISH = frozenset("arrest detain jail imprison prosecute sentence punish ban censor silence expel".split())
# harm nouns: "invasion of X" casts X as the victim, "X's invasion" X as the aggressor
HARM_NOUNS = frozenset("""attack invasion aggression bombing shelling strike strikes killing
murder assassination kidnapping abduction deportation genocide massacre slaughter
persecution repression oppression occupation annexation destruction siege blockade
torture atrocity atrocities assault onslaught raid airstrike airstrikes bombardment
extermination cleansing crime crimes abuse brutality violence terror hostility
threat threats harm damage""".split())
# prepositions that link a harm noun to its patient ("aggression against X")
PATIENT_PREPS = frozenset({"against", "on", "upon", "at", "towards", "toward", "to"})
# event nouns of transitive verbs, where "of X" names the patient ("the invasion of X")
OF_PATIENT = frozenset("""invasion bombing shelling killing murder assassination kidnapping
abduction deportation genocide massacre slaughter persecution repression oppression occupation
annexation destruction siege blockade torture bombardment extermination cleansing""".split())
# helping: the doer is cast as a helper, the one helped as a sympathetic side
HELP = frozenset("""help support defend protect aid save rescue liberate assist shield guard
shelter feed heal rebuild evacuate donate equip arm supply""".split())
HELP_NOUNS = frozenset("""aid help support assistance backing solidarity protection
donation donations relief funding weapon weapons arms ammunition""".split())
# giving verbs count as help when what is given is aid ("send weapons to X")
GIVE = frozenset("send provide give deliver offer pledge grant ship transfer".split())
PEACE = frozenset("mediate negotiate broker reconcile de-escalate".split())
PEACE_NOUNS = frozenset("peace ceasefire truce talks negotiations dialogue diplomacy".split())
# suffering: the subject is cast as a victim
SUFFER = frozenset("suffer die flee mourn endure perish starve".split())
# verbs whose subject meets what its object names ("face threats", "go through attacks")
UNDERGO = frozenset("face endure undergo experience withstand".split())
DECEIVE = frozenset("lie deceive mislead fabricate falsify distort manipulate".split())
# predicative and attributive words that cast an entity directly
NEGATIVE_WORDS = frozenset("""brutal aggressive corrupt criminal murderous genocidal
barbaric barbarian ruthless evil tyrannical authoritarian dictatorial fascist nazi neo-nazi
terrorist hostile belligerent rogue treacherous dishonest deceitful lying incompetent inept
reckless bloodthirsty imperialist warmonger warmongering aggressor dictator tyrant
murderer killer butcher thug liar puppet traitor invader occupier regime
villain culprit perpetrator extremist militant propagandist""".split())
# the fine role a calling word implies
FINE_OF_WORD = {
    **dict.fromkeys("dictator tyrant tyrannical authoritarian dictatorial".split(), "Tyrant"),
    **dict.fromkeys("terrorist extremist militant".split(), "Terrorist"),
    **dict.fromkeys("liar lying dishonest deceitful propagandist".split(), "Deceiver"),
    **dict.fromkeys("corrupt".split(), "Corrupt"),
    **dict.fromkeys("incompetent inept".split(), "Incompetent"),
    **dict.fromkeys("traitor treacherous".split(), "Traitor"),
    **dict.fromkeys("warmonger warmongering aggressor belligerent".split(), "Instigator"),
    **dict.fromkeys("heroic brave courageous valiant fearless hero heroes defender defenders".split(),
                    "Guardian"),
    **dict.fromkeys("honest principled wise noble generous compassionate respected selfless".split(),
                    "Virtuous"),
    **dict.fromkeys("peaceful peace-loving peacemaker".split(), "Peacemaker"),
}
# nouns that blame their possessor: "X's lies"
BLAME_NOUNS = frozenset("""lie lies propaganda disinformation misinformation deception
crime crimes failure failures corruption scheme plot conspiracy lawlessness blunder hypocrisy
war""".split())
# manner adverbs that judge the doer
GOOD_MANNER = frozenset("bravely courageously heroically valiantly selflessly generously".split())
BAD_MANNER = frozenset("""brutally ruthlessly savagely viciously cynically illegally
barbarically mercilessly recklessly deliberately indiscriminately""".split())
# verbs that treat their object unfairly: the object is cast as a scapegoat
SMEAR = frozenset("smear demonize demonise vilify slander discredit scapegoat defame".split())
ACCUSE = frozenset("blame accuse point charge implicate".split())
# words that present an accusation as baseless
DENIAL = ("no evidence", "without evidence", "without any evidence", "without a shred", "baseless",
          "unfounded", "groundless", "falsely", "false accusation", "false allegation",
          "unproven", "no proof", "without proof", "fabricated")
# speech verbs: their subject usually tells the article's own story
SPEAK = frozenset("""say tell warn condemn denounce criticise criticize call urge demand insist
stress note explain argue state reject slam add""".split())
POSITIVE_WORDS = frozenset("""heroic brave courageous valiant honest principled wise noble
generous peaceful peace-loving compassionate respected fearless selfless hero heroes
defender defenders champion peacemaker saviour savior liberator""".split())
PITY_WORDS = frozenset("""innocent helpless defenceless defenseless vulnerable wounded injured
dead killed poor starving homeless displaced besieged oppressed persecuted victim victims
hostage hostages refugee refugees casualty casualties suffering""".split())
# nouns naming people who are usually on the receiving end
INNOCENT_NOUNS = ("civilian", "child", "children", "kid", "people", "resident", "refugee",
                  "families", "family", "women", "patient", "villager", "worker", "farmer",
                  "student", "citizen", "population", "victim", "hostage", "prisoner",
                  "pensioner", "elderly", "baby", "babies", "migrant", "taxpayer", "household",
                  "consumer", "animal", "wildlife")
SUBJ_DEPS = frozenset({"nsubj", "csubj"})
OBJ_DEPS = frozenset({"dobj", "obj", "nsubjpass", "dative", "iobj"})
