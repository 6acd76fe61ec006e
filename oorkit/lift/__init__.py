"""Lifting pipeline: 3D OOR samples from (generated or rendered) images of object pairs (paper Sec. 3.2)."""
