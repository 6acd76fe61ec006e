"""The procedural relation library: contexts and the geometric primitives that realise them."""
