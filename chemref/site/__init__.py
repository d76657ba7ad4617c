"""The documentation site: pages, charts, feeds and downloads generated from the registry.

Each module has one job; ``build`` ties them together and runs MkDocs. Nothing here is imported
by the other commands, so MkDocs and RDKit load only when the site is built.
"""
