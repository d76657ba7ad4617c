from pathlib import Path

REGISTRY = Path(__file__).resolve().parents[2] / "registry"
