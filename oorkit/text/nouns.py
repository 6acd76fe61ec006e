"""The objects a context text names: noun phrases in object slots, and nouns the catalogue lacks.

`noun_phrases` is a light, dependency-free chunker: a noun phrase starts after a determiner ("a", "the",
"two", a possessive such as "chef's") or where a bare noun stands, and ends at a preposition, a verb,
a conjunction or punctuation; its last word is its head ("the kitchen counter" → counter). Catalogue
names and synonyms are matched first (`find_mentions`, longest first), so "cutting board" stays one name.
A phrase's *slot* says how surely it is an object:

* strong: after a determiner, at the start of a sentence, or bare after a preposition ("next to cutting
  boards"), and the noun after "of" when the head before it is a measure or a place ("a pair of
  scissors", "in front of a monitor");
* weak: a bare noun after a verb or after "with"/"of" (the poured substance in "pouring milk into a glass",
  the content in "a glass of water"); these are used only when the strong slots name fewer than two.

A noun that is not a category goes to `resolve_noun`: the nearest category by cosine similarity of text
embeddings (each category's name and synonyms, embedded once per catalogue and encoder, kept in memory
and cached on disk under `cache_dir()`) when it reaches `NOUN_THRESHOLD`, otherwise an error naming the
nearest categories. The threshold was measured on everyday nouns with the default MiniLM (docs/text.md).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from oorkit.assets.catalogue import Catalogue, builtin_catalogue
from oorkit.assets.mentions import find_mentions
from oorkit.errors import OORKitError
from oorkit.files import cache_dir
from oorkit.text.encoders import CachedEncoder, TextEncoder, load_text_encoder

# Cosine similarity (all-MiniLM-L6-v2, unit vectors) a noun needs to stand for its nearest category.
NOUN_THRESHOLD = 0.75

EncoderSource = TextEncoder | Callable[[], TextEncoder]
"""A text encoder, or a function returning one (called only when an unknown noun needs it)."""


class UnknownNounNote(UserWarning):
    """Warned when a noun that is not a category stands for its nearest category."""


# --- word classes ---------------------------------------------------------------------------------


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SINGULAR_DETS = {"a", "an", "one", "another", "each", "every", "this", "that"}
_DETERMINERS = _SINGULAR_DETS | _set(
    "the some these those my your his her its our their any no both all several many few "
    "two three four five six seven eight nine ten twelve"
)
_PREPOSITIONS = _set(
    "on onto in into inside under underneath beneath below above over next to beside besides by near "
    "nearby behind against at from with without of through across along around between among atop upon "
    "off out up down toward towards within alongside for via after before beyond past like than as "
    "about opposite amid throughout beneath among close"
)
_CONJUNCTIONS = _set(
    "and or but while whilst then so which who whom whose where when because if nor yet plus"
)
_PRONOUNS = _set(
    "it itself they them themselves he him himself she herself we us i me you something someone somebody "
    "anything anyone everything everyone nothing ones others there here what"
)
_AUXILIARIES = _set(
    "is are was were be been being am has have had having do does did done can could will would shall "
    "should may might must not get gets got getting"
)
# People and hands act on objects but are not objects of the catalogue.
_AGENTS = _set(
    "person people man men woman women chef cook child children kid kids boy girl baby user hand hands "
    "finger fingers someone somebody waiter bartender worker"
)
# Places, and parts of places or objects: never objects themselves ("on top of", "the lid of a pot").
_PLACES = _set(
    "top bottom side sides left right front back middle center centre edge edges corner corners end ends "
    "surface rear underside inside outside interior rim part half area spot place position way direction "
    "distance angle room kitchen bathroom bedroom office garage garden yard home house floor ground wall "
    "walls ceiling window air night day morning evening time row shell lid spout handle cap neck leg legs "
    "arm arms armrest backrest seat tip base mouth opening path view reach shade sight vicinity"
)
# Substances are contents ("pouring tea", "a glass of water"), never objects of the catalogue.
_SUBSTANCES = _set(
    "tea coffee espresso cocoa water juice lemonade smoothie milkshake wine beer whiskey liquor liquid "
    "fluid soup broth stew sauce gravy oil vinegar honey syrup sugar salt flour rice pasta dough batter "
    "cream butter jam ketchup mustard mayonnaise ice steam smoke sand soil dirt dust mud paint ink glue "
    "lotion yogurt porridge oatmeal seasoning spice spices herbs icing frosting filling topping stuffing "
    "dressing food"
)
# Measure words: "a pair of scissors" names scissors.
_MEASURES = _set(
    "pair couple set stack pile heap bunch group handful slice slices piece pieces chunk wedge bit lot lots "
    "plenty number collection assortment variety kind type sort array series cluster bundle batch dozen "
    "scoop sprinkle dash"
)
_ADJECTIVES = _set(
    "red blue green yellow white black brown gray grey pink purple beige golden silver dark light bright "
    "small large big tiny little huge giant mini tall short long wide narrow thin thick deep shallow full "
    "empty half open closed old new clean dirty hot cold warm cool fresh ripe raw wooden metal metallic "
    "plastic ceramic porcelain steel stainless iron cast glossy shiny matte round square rectangular flat "
    "heavy soft hard sharp blunt broken favorite favourite nice pretty beautiful modern vintage antique "
    "wet dry upright sideways leftover extra spare same whole single other tidy messy neat simple fancy "
    "electric tilted upturned overturned inverted"
)
_ADVERBS = _set(
    "very too also already now just still almost nearly directly right slightly gently slowly carefully "
    "neatly partly partially halfway together away back upside securely firmly loosely tightly "
    "precisely perfectly horizontally vertically diagonally even only always often"
)
# Verbs by their base form; those that are also common nouns ("a cake stand") count as verbs only after
# a plural noun ("cups stand on a shelf") or when inflected after a singular one ("a lamp stands").
_NOUN_VERBS = _set(
    "stand rest set hold cover support mount drop stack pile roll press tap slide lift balance face point "
    "hit spread heat wash dip peel charge plug cut lean place drink cook fit"
)
_VERBS = _NOUN_VERBS | _set(
    "pour fill sit lie lay put place push pull tuck insert chop slice dice stir strike contain store "
    "attach fold prop float spill serve touch tilt tip knock fit go perch position arrange keep leave "
    "show display cook fry boil bake grill toast rinse clean dry wipe open close pierce stab spear scoop "
    "sprinkle drizzle soak mix brew steep drink eat use raise lower move reach squeeze grate hide peek "
    "stick lock park plant hang carry wrap fix screw tighten loosen shake flip turn rotate spin dangle "
    "rise sink smash crack break squash lean look sip cut melt glow shine cast hover dangle poke sweep "
    "mop scrub slot clip pin tape glue prepare chill warm cool hug lie rest nestle settle sip"
)
_IRREGULAR_VERBS = _set(
    "sat stood lay laid lain lying hung held put cut kept stuck spilt spilled fell fallen thrown threw "
    "hidden shown sunk sank spun struck driven went goes gone broke broken shook shaken ate eaten drank "
    "drunk seen saw left dug hit split set tied slid slung flung swung strung wound bound bent leant knelt "
    "lit shut caught brought bought made sent spread dealt hid bit stuck"
)
# Words with a verb-like ending that are nouns.
_ING_NOUNS = _set(
    "ceiling building ring string king wing painting drawing clothing pudding railing bedding dumpling "
    "earring sling swing spring thing something nothing anything everything stocking awning siding"
)
_ED_NOUNS = _set("bed shed sled seed reed weed steed speed breed flatbed seabed daybed hotbed red bread")
_LY_NOUNS = _set("family butterfly assembly supply lily jelly belly trolley dolly holly")
_S_NOUNS = _set(
    "scissors tongs pliers glasses pants jeans trousers shorts headphones earphones binoculars chopsticks "
    "lens news series species chess dress mattress canvas gas bus cactus octopus hummus couscous "
    "asparagus citrus hibiscus atlas iris tennis"
)
_WORD = re.compile(r"[a-z0-9]+(?:['’]s\b|(?<=s)['’](?![a-z]))?")
_BREAK = re.compile(r"[,.;:!?()\[\]\"“”]")


@dataclass(frozen=True)
class NounPhrase:
    """A noun phrase of a text: its head noun's category (None when unknown) and its object slot."""

    text: str  # as written, without its determiner ("kitchen counter")
    noun: str  # the words that name the object, lower case: no adjective or category modifier
    start: int  # where the phrase begins, its determiner included
    end: int
    strong: bool  # in an object slot (after a determiner, at a sentence start, after a preposition)
    category: str | None  # the category its head names, or None for a noun the catalogue lacks
    modifiers: tuple[str, ...] = ()  # categories named by modifiers ("milk" in "milk jug")


@dataclass
class _Token:
    word: str  # lower case, possessive stripped
    start: int
    end: int
    category: str | None = None
    possessive: bool = False
    broken: bool = False  # punctuation before it


def _tokens(text: str, catalogue: Catalogue) -> list[_Token]:
    lower = text.lower()
    mentions = {m.start: m for m in find_mentions(text, catalogue)}
    tokens: list[_Token] = []
    last = 0
    matches = list(_WORD.finditer(lower))
    i = 0
    while i < len(matches):
        match = matches[i]
        raw = match.group(0)
        possessive = raw.endswith(("'s", "’s", "'", "’"))
        word = re.sub(r"['’]s?$", "", raw)
        broken = bool(_BREAK.search(lower[last : match.start()]))
        mention = mentions.get(match.start())
        if mention is not None and not (possessive and match.end() >= mention.end):
            # One token for the whole name ("cutting board"), unless it is only a possessor ("chef's").
            while i + 1 < len(matches) and matches[i + 1].start() < mention.end:
                i += 1
            end = max(matches[i].end(), mention.end)
            name = lower[match.start() : end]
            tokens.append(_Token(name, match.start(), end, mention.category, broken=broken))
        else:
            tokens.append(_Token(word, match.start(), match.end(), None, possessive, broken))
        last = tokens[-1].end
        i += 1
    return tokens


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and word not in _S_NOUNS


def _verb_form(word: str) -> str | None:
    """'base' / 's' / 'ed' / 'ing' when `word` is a form of a listed verb, else None."""
    if word in _IRREGULAR_VERBS:
        return "ed"
    if word in _VERBS:
        return "base"
    for suffix, kind in (("ing", "ing"), ("ed", "ed"), ("es", "s"), ("s", "s"), ("d", "ed")):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)]
            candidates = {stem, stem + "e"}
            if len(stem) > 2 and stem[-1] == stem[-2]:
                candidates.add(stem[:-1])  # cutting, dropped
            if stem.endswith("i"):
                candidates.add(stem[:-1] + "y")  # carries, tried
            if candidates & _VERBS:
                return kind
    return None


def _participle(word: str) -> bool:
    """An unlisted word with a verb-like ending ("drizzling", "wedged", "gently")."""
    if word in _ING_NOUNS or word in _ED_NOUNS or word in _LY_NOUNS or word.endswith("bed"):
        return False
    return (
        (word.endswith("ing") and len(word) > 5)
        or (word.endswith("ed") and len(word) > 4)
        or (word.endswith("ly") and len(word) > 5)
    )


def _nounish(token: _Token) -> bool:
    w = token.word
    if token.category is not None:
        return True
    closed = _DETERMINERS | _PREPOSITIONS | _CONJUNCTIONS | _PRONOUNS | _AUXILIARIES | _ADVERBS
    return w not in closed and _verb_form(w) is None and not _participle(w)


class _Reader:
    """Reads a text's tokens left to right into noun phrases (see `noun_phrases`)."""

    def __init__(self, text: str):
        self.text = text
        self.phrases: list[NounPhrase] = []
        self.words: list[_Token] = []  # the phrase being read
        self.opened: str | None = None  # its slot, once a determiner or its first word opened it
        self.start = 0
        self.singular = False  # it began with "a", "an", "one", ...
        self.slot = "initial"  # a bare phrase starting next: initial | det | prep | to | of | with | verb
        self.last_head: str | None = None  # the unknown head word of the phrase read last

    def close(self, slot: str | None = None) -> None:
        """End the phrase being read; `slot` is where the next one stands."""
        if self.words:
            phrase = _phrase(self.text, self.words, self.start, self.opened or self.slot)
            if phrase is not None:
                self.phrases.append(phrase)
            head = self.words[-1]
            self.last_head = head.word if head.category is None else None
        self.words, self.opened, self.singular = [], None, False
        if slot is not None:
            self.slot = slot

    def add(self, token: _Token) -> None:
        """Add a word to the phrase being read."""
        if self.opened is None:
            self.opened, self.start = self.slot, token.start
        self.words.append(token)

    def has_noun(self) -> bool:
        """Whether the phrase holds a word other than adjectives."""
        return any(t.category is not None or t.word not in _ADJECTIVES for t in self.words)

    def read(self, token: _Token, following: _Token | None) -> None:
        """Read one token."""
        w = token.word
        if token.broken:
            self.close("initial")
        if token.category is not None:
            self.add(token)
        elif token.possessive and w not in _PRONOUNS:
            # "a chef's knife": the possessor is not the object; what follows is.
            kind = self.opened or self.slot
            self.close()
            self.opened, self.start = ("of" if kind == "of" else "det"), token.start
        elif w in _DETERMINERS or w.isdigit():
            if self.opened is not None and not self.has_noun():
                return  # "all the", "the two"
            self.close()
            self.opened, self.start = ("of" if self.slot == "of" else "det"), token.start
            self.singular = w in _SINGULAR_DETS
        elif w in _PREPOSITIONS:
            self.close()
            if w == "of":
                # "a pair of scissors", "in front of a monitor": the object follows "of";
                # "a glass of water": the water is the glass's content.
                self.slot = "prep" if self.last_head in _MEASURES | _PLACES else "of"
            else:
                self.slot = {"with": "with", "to": "to"}.get(w, "prep")
        elif w in _CONJUNCTIONS:
            before = self.opened
            self.close((before or self.slot) if w in ("and", "or", "plus") else "initial")
        elif w in _PRONOUNS or w in _AUXILIARIES or w in _ADVERBS:
            self.close("verb")
        elif w in _ADJECTIVES and _verb_form(w) is None and self.has_noun():
            self.close("verb")  # "a bucket full of flowers": after its noun, an adjective ends the phrase
            self.last_head = w
        elif self.ends_phrase(token, following):
            self.close("verb")
        else:
            self.add(token)

    def ends_phrase(self, token: _Token, following: _Token | None) -> bool:
        """Whether a content word is a verb or a place after the noun, which ends the phrase."""
        w, has_noun = token.word, self.has_noun()
        form = _verb_form(w)
        if w in _ADJECTIVES and form is None:
            return False
        if w in _PLACES and has_noun:
            return True  # "the table top", "a cup left on the table"
        if form in ("ing", "ed") or (form is None and _participle(w)):
            # Before its noun it is a modifier ("a frying pan", "a folded towel"); after one, a verb.
            before_noun = not has_noun and following is not None and _nounish(following)
            return not (before_noun and (self.opened is not None or self.slot != "initial"))
        if form == "base":
            # "a cake stand", "a place mat" are nouns; "cups stand on a shelf", "put a cup" are verbs.
            if has_noun:
                return w not in _NOUN_VERBS or _plural(self.words[-1].word)
            return self.opened is None and self.slot in ("initial", "verb", "to")  # "... to face a sofa"
        if form == "s":
            return has_noun  # "a knife cuts into a tomato"
        # "a cat sleeps on a sofa": an unlisted verb after a singular noun
        return form is None and has_noun and self.singular and _plural(w)


def noun_phrases(text: str, catalogue: Catalogue | None = None) -> list[NounPhrase]:
    """The noun phrases of `text` that may name objects, in order, each with its head's category."""
    tokens = _tokens(text, catalogue or builtin_catalogue())
    reader = _Reader(text)
    for i, token in enumerate(tokens):
        reader.read(token, tokens[i + 1] if i + 1 < len(tokens) else None)
    reader.close()
    return reader.phrases


def _phrase(text: str, words: list[_Token], start: int, slot: str) -> NounPhrase | None:
    head = words[-1]
    if head.category is None and (
        head.word in _ADJECTIVES
        or head.word in _PLACES
        or head.word in _MEASURES
        or head.word in _AGENTS
        or head.word in _SUBSTANCES
        or head.word in _PRONOUNS
        or head.word.isdigit()
    ):
        return None
    modifiers = [t.category for t in words[:-1] if t.category is not None and t.category != head.category]
    plain = [t.word for t in words if t.category is None and t.word not in _ADJECTIVES]
    category, noun = head.category, head.word
    if category is None:
        noun = " ".join(plain) or head.word
    elif any(_gerund(t) for t in words[:-1]):
        # "a cutting board", "a watering can", "an ironing board" are not boards or cans: unless the
        # whole name is a category, the whole phrase is the unknown noun.
        category, noun = None, " ".join(t.word for t in words if t.word not in _ADJECTIVES)
    return NounPhrase(
        text=text[words[0].start : head.end],
        noun=noun,
        start=min(start, words[0].start),
        end=head.end,
        strong=slot in ("initial", "det", "prep", "to"),
        category=category,
        modifiers=tuple(dict.fromkeys(modifiers)),
    )


def _gerund(token: _Token) -> bool:
    return token.category is None and token.word.endswith("ing") and token.word not in _ING_NOUNS


# --- the nearest category ------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    """A noun the catalogue lacks and the category that stands for it."""

    noun: str
    category: str
    similarity: float

    @property
    def note(self) -> str:
        """One line for the user: which category stands for which noun."""
        return f"{self.noun!r} is not a category; using {self.category!r} (similarity {self.similarity:.2f})"


class CategoryIndex:
    """Unit embeddings of every category's name and synonyms, for one catalogue and one encoder."""

    def __init__(self, catalogue: Catalogue, encoder: TextEncoder):
        pairs = [
            (category.name, text)
            for category in catalogue.categories.values()
            for text in dict.fromkeys([category.name.replace("_", " "), *category.synonyms])
        ]
        self.owners = [name for name, _ in pairs]
        self.encoder = encoder
        self.vectors = _unit(_encode_cached(encoder, [text for _, text in pairs]))

    def nearest(self, noun: str, k: int = 3, exclude: Collection[str] = ()) -> list[tuple[str, float]]:
        """The k categories nearest to `noun` (each by its nearest name or synonym), most similar first."""
        if not self.owners:
            return []
        similarity = (self.vectors @ _unit(self.encoder.encode([noun]))[0]).tolist()
        best: dict[str, float] = {}
        for owner, value in zip(self.owners, similarity, strict=True):
            if owner not in exclude and value > best.get(owner, -2.0):
                best[owner] = value
        return sorted(best.items(), key=lambda item: -item[1])[:k]


def _unit(vectors: torch.Tensor) -> torch.Tensor:
    return torch.nn.functional.normalize(vectors.float(), dim=-1)


def _encode_cached(encoder: TextEncoder, texts: list[str]) -> torch.Tensor:
    """Embeddings of the catalogue's names, read from the user cache when a real model made them before."""
    if encoder.spec.partition(":")[0] not in ("minilm", "t5"):
        return encoder.encode(texts)  # test encoders: fast, and nothing of theirs belongs on disk
    key = hashlib.sha256("\n".join([encoder.spec, str(encoder.dim), *texts]).encode()).hexdigest()[:32]
    path = cache_dir() / "category_embeddings" / f"{key}.safetensors"
    try:
        vectors = load_file(str(path))["vectors"]
        if tuple(vectors.shape) == (len(texts), encoder.dim):
            return vectors
    except (OSError, SafetensorError, KeyError, ValueError):
        pass
    vectors = encoder.encode(texts)
    try:  # a cache only: a read-only home must not stop a run
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        save_file({"vectors": vectors.float().contiguous()}, str(tmp))
        tmp.replace(path)
    except OSError:
        pass
    return vectors


_INDEXES: list[tuple[Catalogue, TextEncoder, CategoryIndex]] = []


def category_index(catalogue: Catalogue, encoder: TextEncoder) -> CategoryIndex:
    """The (in-memory cached) embeddings of a catalogue's names for an encoder."""
    for known_catalogue, known_encoder, index in _INDEXES:
        if known_catalogue is catalogue and known_encoder is encoder:
            return index
    index = CategoryIndex(catalogue, encoder)
    _INDEXES.append((catalogue, encoder, index))
    del _INDEXES[:-8]  # a few catalogues at most: tests build their own
    return index


@functools.cache
def default_noun_encoder() -> TextEncoder:
    """The default MiniLM text encoder, loaded once per process (memoised per text)."""
    return CachedEncoder(load_text_encoder("minilm"))


def _encoder(source: EncoderSource | None) -> TextEncoder:
    if source is None:
        return default_noun_encoder()
    if callable(source):
        return source()
    return source


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def resolve_noun(
    noun: str,
    catalogue: Catalogue | None = None,
    encoder: EncoderSource | None = None,
    threshold: float = NOUN_THRESHOLD,
    exclude: Collection[str] = (),
    text: str | None = None,
) -> Resolution:
    """The category nearest to a noun the catalogue lacks; an error naming the nearest when none is close."""
    catalogue = catalogue or builtin_catalogue()
    nearest = category_index(catalogue, _encoder(encoder)).nearest(noun, 3, exclude)
    if nearest and nearest[0][1] >= threshold:
        return Resolution(noun, nearest[0][0], nearest[0][1])
    where = f" in {_quote(text)}" if text else ""
    listed = ", ".join(name for name, _ in nearest) or "none"
    raise OORKitError(f"unknown object {noun!r}{where}; nearest categories: {listed}")
