"""`oor assets list|show`: browse the category catalogue and its template meshes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from oorkit.errors import OORKitError

app = typer.Typer(help="Browse the category catalogue and template meshes.", no_args_is_help=True)

AssetDirs = Annotated[
    list[Path] | None,
    typer.Option("--assets", help="User asset directory with a manifest.yaml (repeatable)."),
]


@app.command("list")
def list_categories(
    group: Annotated[str | None, typer.Option(help="Only this group (kitchen, office, ...).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    assets: AssetDirs = None,
) -> None:
    """List categories with their size priors (metres) and available templates."""
    from oorkit.assets import category_templates, load_catalogue

    catalogue = load_catalogue(assets or [])
    rows = [c for c in catalogue.categories.values() if group is None or c.group == group]
    if group is not None and not rows:
        groups = sorted({c.group for c in catalogue.categories.values()})
        raise OORKitError(f"unknown group {group!r}; groups are {', '.join(groups)}")
    records: list[dict[str, Any]] = [
        {
            "category": c.name,
            "group": c.group,
            "size_m": list(c.size),
            "synonyms": list(c.synonyms),
            "templates": [t.id for t in category_templates(c.name, catalogue)],
        }
        for c in rows
    ]
    if as_json:
        typer.echo(json.dumps(records, indent=1))
        return
    typer.echo(f"{'category':<16} {'group':<12} {'size x·y·z (m)':<20} templates")
    for r in records:
        size = "×".join(f"{v:.3g}" for v in r["size_m"])
        typer.echo(f"{r['category']:<16} {r['group']:<12} {size:<20} {', '.join(r['templates'])}")
    typer.echo(f"{len(records)} categories")


@app.command("show")
def show(
    category: Annotated[str, typer.Argument(help="Category name or synonym, e.g. 'teapot'.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="PNG to write.")] = Path("asset.png"),
    template: Annotated[
        str | None, typer.Option(help="Template id (default: the category's default).")
    ] = None,
    views: Annotated[int, typer.Option(min=1, max=36, help="Number of views on a circle.")] = 6,
    resolution: Annotated[int, typer.Option(min=32, max=2048, help="Pixels per view side.")] = 384,
    assets: AssetDirs = None,
) -> None:
    """Render a category's template at its real-world size prior from several views."""
    import numpy as np

    from oorkit.assets import (
        category_templates,
        get_category,
        get_template,
        load_catalogue,
        load_template_mesh,
    )
    from oorkit.assets.canonical import scale_normalize
    from oorkit.render import image_grid, render_views, save_png

    catalogue = load_catalogue(assets or [])
    cat = get_category(category, catalogue)
    chosen = get_template(template, catalogue) if template else category_templates(cat.name, catalogue)[0]
    if chosen.category != cat.name:
        raise OORKitError(f"template {chosen.id!r} belongs to {chosen.category!r}, not {cat.name!r}")
    canonical = load_template_mesh(chosen, catalogue)
    transform = np.diag([*cat.size, 1.0])
    result = render_views(
        [scale_normalize(canonical)], transform[None], n_views=views, resolution=(resolution, resolution)
    )
    path = save_png(image_grid(result.rgb, ncols=min(views, 6)), out)
    typer.echo(f"{cat.name} ({chosen.id}, licence: {chosen.licence})")
    typer.echo(f"canonical bbox {np.round(canonical.extents, 4).tolist()}, size prior {list(cat.size)} m")
    typer.echo(f"wrote {path}")
