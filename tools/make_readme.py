"""Write README.md from nbs/index.ipynb (markdown cells as they are, code cells fenced).

nbdev 2's own `nbdev_readme` renders through Quarto, which this project does not install; the
index notebook holds no outputs, so its cells are the README."""
import json
from pathlib import Path

root = Path(__file__).resolve().parents[1]
nb = json.loads((root/'nbs'/'index.ipynb').read_text())
parts = []
for c in nb['cells']:
    src = ''.join(c['source']).strip()
    if not src or src.startswith('#| hide'): continue
    parts.append(src if c['cell_type'] == 'markdown' else f'```python\n{src}\n```')
(root/'README.md').write_text('\n\n'.join(parts) + '\n')
