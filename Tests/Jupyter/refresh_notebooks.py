"""Re-executes the example notebooks in place with the Hemi kernel (`make notebooks`), after a
change that alters their outputs (the data, the rendering). The Jupyter tests then compare
fresh runs with what is saved here."""

import glob
import os
import sys

import nbformat
from nbclient import NotebookClient

for path in sorted(glob.glob(os.path.join(sys.argv[1] if len(sys.argv) > 1 else "examples/notebooks", "*.ipynb"))):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="hemi", record_timing=False).execute()
    nbformat.write(nb, path)
    print("executed", path)
