"""Text encoders for the OOR condition (context text, base category, target category)."""

from oorkit.text.encoders import (
    CachedEncoder,
    HashEncoder,
    TextEncoder,
    TransformerEncoder,
    load_text_encoder,
)

__all__ = ["CachedEncoder", "HashEncoder", "TextEncoder", "TransformerEncoder", "load_text_encoder"]
