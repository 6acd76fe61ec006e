"""Text encoders for the OOR condition (context text, base category, target category), and the objects a
context text names (`find_pair`; nouns the catalogue lacks resolve by embedding, `UnknownNounNote`)."""

from oorkit.text.categories import PairMatch, find_pair
from oorkit.text.embedding_file import PrecomputedEncoder, read_embeddings, save_embeddings
from oorkit.text.encoders import (
    CachedEncoder,
    HashEncoder,
    TextEncoder,
    TransformerEncoder,
    load_text_encoder,
)
from oorkit.text.nouns import NOUN_THRESHOLD, UnknownNounNote, noun_phrases, resolve_noun

__all__ = [
    "NOUN_THRESHOLD",
    "CachedEncoder",
    "HashEncoder",
    "PairMatch",
    "PrecomputedEncoder",
    "TextEncoder",
    "TransformerEncoder",
    "UnknownNounNote",
    "find_pair",
    "load_text_encoder",
    "noun_phrases",
    "read_embeddings",
    "resolve_noun",
    "save_embeddings",
]
