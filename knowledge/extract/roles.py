"""Role phrases around a person's name: "Foreign Minister X", "the head of Y, X", "X, who is ...".

Pure string rules over one sentence. A role is only taken when it holds a role noun (minister,
head, chief, spokesperson, ...): a capitalised phrase before a name is otherwise just a place or
an organisation ("In Kyiv, X said").
"""

from __future__ import annotations

import re

ROLE_HEADS = frozenset(
    """minister president secretary secretary-general general chancellor director ceo cfo coo cto chief
    head commander commander-in-chief spokesperson spokesman spokeswoman ambassador governor mayor
    senator premier chairman chairwoman chair chairperson leader adviser advisor envoy deputy speaker
    king queen prince princess pope lieutenant colonel captain sergeant admiral marshal founder co-founder
    executive manager analyst professor researcher editor correspondent lawmaker mp prosecutor
    prosecutor-general judge attorney lawyer economist coach commissioner president-elect counselor
    counsellor diplomat official rapporteur administrator inspector ombudsman ombudsperson
    representative chief-of-staff owner investor scientist journalist vice-president vice-chairman
    superintendent attaché attache delegate negotiator strategist officer general-director director-general
    forward striker midfielder defender goalkeeper winger player actor actress singer writer author artist
    chef doctor surgeon nurse teacher pilot soldier activist businessman businesswoman entrepreneur
    billionaire banker architect designer principal assistant aide""".split()
)
MAX_DESCRIPTION_WORDS = 8
RELATIVE_CLAUSE_RE = re.compile(
    r"\s+(?:who|which|that|whose|said|says|told|added|noted|stressed|wrote|announced|explained)\b")
TITLE_ORG_WORDS = frozenset("ministry department office committee council agency commission bureau "
                            "science technology education culture sport sports youth labour labor social "
                            "agriculture transport infrastructure environment".split())
CONNECTORS = frozenset(["of", "for", "the", "and", "on", "at", "to", "de", "in"])
LOWERCASE_ROLE_WORDS = ROLE_HEADS | frozenset(
    """deputy acting former first assistant senior junior staff foreign defense defence affairs state
    national interior finance economy economic trade industry strategic industries security intelligence
    operations investments investment armed forces general executive board press communications military
    political policy public health justice energy digital transformation presidential prime vice concern
    company enterprise corporation holding group agency ministry department bank fund office council service
    team club
    """.split()
)
QUOTE_CHARS = "“”\"«»„‘’'"
MAX_ROLE_TOKENS = 10
MAX_APPOSITION_CHARS = 110
APPOSITION_RE = re.compile(
    r"^\s*,\s*(?:who\s+(?:is|was|has\s+been|had\s+been|serves\s+as|served\s+as|became)\s+)?"
    rf"(?P<role>(?:[^,;.()\n]|\n(?!\n)){{3,{MAX_APPOSITION_CHARS}}}?)\s*(?=,|;|\.(?:\s|$)|\)|$)"
)
WHO_HEADS_RE = re.compile(r"^\s*,\s*who\s+(?:heads|led|leads|chairs|runs)\s+(?P<org>[^,;.()\n]{2,80}?)\s*(?=,|;|\.|$)")
DETERMINERS = ("the ", "a ", "an ")
POSSESSIVE_RE = re.compile(r"^[\w.\-]+[’']s$")


def _bare(token: str) -> str:
    return token.strip(QUOTE_CHARS + ",;:()").casefold()


def _is_capitalised(token: str) -> bool:
    stripped = token.strip(QUOTE_CHARS + "()")
    return bool(stripped) and stripped[0].isupper()


def has_role_head(phrase: str) -> bool:
    words = [_bare(w) for w in phrase.split()]
    return any(w in ROLE_HEADS or w.rstrip("s") in ROLE_HEADS for w in words)


def _continues_title(token: str) -> bool:
    """Whether a word before "and" can belong to a title ("Trade and Industry"), not to a name."""
    bare = _bare(token)
    return bare in LOWERCASE_ROLE_WORDS or bare in ROLE_HEADS or bare in TITLE_ORG_WORDS


def _tidy(role: str) -> str:
    role = RELATIVE_CLAUSE_RE.split(role, maxsplit=1)[0]
    role = role.strip(" ,;:")
    lowered = role.casefold()
    for det in DETERMINERS:
        if lowered.startswith(det):
            role = role[len(det):]
            lowered = role.casefold()
    words = role.split()
    while words and _bare(words[-1]) in CONNECTORS:
        words.pop()
    return " ".join(words)


def role_before(prefix: str) -> str | None:
    """The role phrase that ends right before a name, e.g. "... Foreign Minister " or "the head of Y, "."""
    text = prefix.rstrip()
    if text.split() and _bare(text.split()[-1]) in CONNECTORS:
        return None  # "Minister of <X>": X is part of the title, not a name after it
    comma = text.endswith(",")
    if comma:
        text = text[:-1].rstrip()
    tokens = text.split()
    taken: list[str] = []
    after_determiner = False
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        bare = _bare(token)
        if taken and token.endswith((",", ";", ":", "(", ")")):
            break
        if not bare or len(taken) >= MAX_ROLE_TOKENS:
            break
        if bare == "and" and index > 0 and not _continues_title(tokens[index - 1]):
            break  # "President X and Turkish President Y": "X" ends another person's title
        if bare in ("the", "a", "an"):
            if bare == "the" and index > 0 and _bare(tokens[index - 1]) in ("of", "to", "for", "in", "at", "on"):
                taken.append(token)  # "Head of the Ministry of Defense", "Ambassador to the Philippines"
                continue
            after_determiner = True
            break
        if POSSESSIVE_RE.match(token.strip(QUOTE_CHARS)):
            # "Zelenskyy's chief of staff": the owner stays part of the role and ends it.
            taken.append(token)
            break
        if _is_capitalised(token) or bare in CONNECTORS or bare in LOWERCASE_ROLE_WORDS or bare.endswith("."):
            if not _is_capitalised(token) and bare not in CONNECTORS and bare not in LOWERCASE_ROLE_WORDS:
                break
            taken.append(token)
            continue
        break
    taken.reverse()
    while taken and _bare(taken[0]) in CONNECTORS:
        taken.pop(0)
    if not taken:
        return None
    role = _tidy(" ".join(taken))
    if not role or not has_role_head(role):
        return None
    # Lower-case role words need the comma of an apposition or a capitalised head to count as a title.
    if _bare(taken[-1]).endswith("s") and _bare(taken[-1])[:-1] in ROLE_HEADS:
        # "Prime Ministers A and B": each holds the title in the singular.
        taken[-1] = taken[-1][:-1]
        role = _tidy(" ".join(taken))
    head_last = _bare(taken[-1]) in ROLE_HEADS  # "Barcelona coach Hansi Flick", "Polish forward X"
    if not comma and not after_determiner and not head_last and not any(
            _is_capitalised(t) and _bare(t) in ROLE_HEADS for t in taken):
        return None
    return role


def role_after(suffix: str) -> str | None:
    """The apposition right after a name: ", head of Y," or ", who is NATO's assistant secretary general"."""
    heads = WHO_HEADS_RE.match(suffix)
    if heads:
        return f"head of {heads.group('org').strip()}"
    match = APPOSITION_RE.match(suffix)
    if not match:
        return None
    role = _tidy(match.group("role"))
    words = role.split()
    if not words or len(words) > 14:
        return None
    first = _bare(words[0])
    if not (_is_capitalised(words[0]) or first in LOWERCASE_ROLE_WORDS or POSSESSIVE_RE.match(words[0])):
        return None
    if not any(_bare(w) in ROLE_HEADS for w in words[:6]) and not _described(match.group("role"), words):
        return None
    return role


def _described(raw: str, words: list[str]) -> bool:
    """ "X, a former Army Ranger, said": an indefinite description is what the person is, title or not."""
    return raw.lstrip().casefold().startswith(("a ", "an ")) and len(words) <= MAX_DESCRIPTION_WORDS
