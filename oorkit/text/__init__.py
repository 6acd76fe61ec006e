"""Text encoders for the OOR condition (context text, base category, target category)."""

from oorkit.text.embedding_file import PrecomputedEncoder, read_embeddings, save_embeddings
from oorkit.text.encoders import (
    CachedEncoder,
    HashEncoder,
    TextEncoder,
    TransformerEncoder,
    load_text_encoder,
)

__all__ = [
    "CachedEncoder",
    "HashEncoder",
    "PrecomputedEncoder",
    "TextEncoder",
    "TransformerEncoder",
    "load_text_encoder",
    "read_embeddings",
    "save_embeddings",
]
