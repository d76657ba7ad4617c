"""2D structure depictions as SVG, drawn by RDKit from the recorded SMILES."""

from __future__ import annotations

import re

from chemref.registry.models import Chemical

WIDTH = 360
HEIGHT = 260
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*\?>\s*")


def structure_svg(chemical: Chemical) -> str:
    """An SVG drawing of the parent compound; coordinates are computed, so the output is deterministic."""
    from chemref.chem import toolkit as rd
    from chemref.chem.toolkit import Chem

    if chemical.identifiers.smiles is None:
        return no_structure_svg(chemical)
    mol = Chem.MolFromSmiles(chemical.identifiers.smiles)
    if mol is None:
        raise ValueError(f"{chemical.id}: the recorded SMILES cannot be read")
    rd.rdDepictor.SetPreferCoordGen(True)
    rd.rdDepictor.Compute2DCoords(mol)
    drawer = rd.rdMolDraw2D.MolDraw2DSVG(WIDTH, HEIGHT)
    options = drawer.drawOptions()
    options.clearBackground = False
    options.padding = 0.08
    rd.rdMolDraw2D.PrepareAndDrawMolecule(drawer, mol)
    drawer.FinishDrawing()
    svg = str(drawer.GetDrawingText())
    return '<?xml version="1.0" encoding="utf-8"?>\n' + _XML_DECLARATION.sub("", svg)


def no_structure_svg(chemical: Chemical) -> str:
    """A plain panel for a substance with no single structure, saying why, so every chemical has a picture."""
    from html import escape

    why = escape(chemical.identifiers.no_structure or "no single structure")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f'<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle" font-family="sans-serif" font-size="14">'
        f"No single structure: {why}</text></svg>\n"
    )
