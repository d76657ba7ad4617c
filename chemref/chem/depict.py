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
