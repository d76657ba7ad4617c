"""Structure identity, salt-aware matching and screening (RDKit and the ChEMBL structure pipeline).

Everything here imports RDKit; name and identifier look-ups elsewhere in chemref never do.
"""
