"""Share the hand-built mini manifest of ``tests/check/check_mini.py``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "check"))
