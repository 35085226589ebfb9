"""What a command does to its own process (cli/_process.py): pyarrow's first conversions import
no pandas, and pandas is still there when asked for by name. Run in new interpreters."""

from __future__ import annotations

import json
import subprocess
import sys

from machine import scaled

PROBE = r"""
import json, sys
import numpy as np
import pyarrow as pa
from trucewatch.cli._process import freeze_at_exit, skip_pandas_probe

skip_pandas_probe()
freeze_at_exit()
array = pa.array(np.arange(3))
values = array.to_numpy().tolist() + np.asarray(pa.chunked_array([array])).tolist()
before = "pandas" in sys.modules
frame = pa.table({"a": array}).to_pandas()
print(json.dumps({"values": values, "before": before, "frame": frame["a"].tolist()}))
"""


def test_arrow_conversions_after_the_skipped_probe_import_no_pandas_and_to_pandas_works():
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        timeout=scaled(120),
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"values": [0, 1, 2, 0, 1, 2], "before": False, "frame": [0, 1, 2]}
